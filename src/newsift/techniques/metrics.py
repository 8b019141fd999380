"""The official SemEval-2020 Task 11 measures, re-implemented from their definitions.

* **SI** (span identification): gold spans that overlap are merged (so are predicted
  ones: the official scorer's ``-m``). Precision sums, over every (prediction, gold) pair
  in an article, ``|overlap| / |prediction|`` and divides by the number of predictions;
  recall sums ``|overlap| / |gold|`` and divides by the number of gold spans (all
  articles of the gold set, also those without predictions). F1 = 1 when both sets are empty.
* **TC** (technique classification): one label per given gold span (a span that carries
  two gold labels appears twice). Predictions on identical spans are aligned to maximise
  agreement, then micro P = R = F1 = share of matching labels.
* **Span+label** (the FLC scorer of NLP4IF-2019): SI's partial-overlap measure where a
  pair counts only when the labels agree; overlapping spans of one label are merged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass
class PRF:
    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "n_pred": self.n_pred, "n_gold": self.n_gold}


def merge_overlapping(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans that share at least one character (touching spans stay apart, as officially)."""
    out: list[list[int]] = []
    for s, e in sorted((s, e) for s, e in spans if e > s):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _prf(p_num: float, p_den: int, r_num: float, r_den: int) -> PRF:
    p = p_num / p_den if p_den else 0.0
    r = r_num / r_den if r_den else 0.0
    f1 = 1.0 if (p_den == 0 and r_den == 0) else (2 * p * r / (p + r) if p > 0 and r > 0 else 0.0)
    return PRF(p, r, f1, p_den, r_den)


def _overlap_sums(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> tuple[float, float]:
    p_num = r_num = 0.0
    for ps, pe in pred:
        for gs, ge in gold:
            inter = min(pe, ge) - max(ps, gs)
            if inter > 0:
                p_num += inter / (pe - ps)
                r_num += inter / (ge - gs)
    return p_num, r_num


def si_score(pred: Mapping[str, Iterable[tuple[int, int]]], gold: Mapping[str, Iterable[tuple[int, int]]]) -> PRF:
    """Official SI precision/recall/F1 over articles (``{article_id: [(start, end), ...]}``)."""
    gold_m = {a: merge_overlapping(v) for a, v in gold.items()}
    pred_m = {a: merge_overlapping(v) for a, v in pred.items()}
    p_num = r_num = 0.0
    for aid, spans in pred_m.items():
        a, b = _overlap_sums(spans, gold_m.get(aid, []))
        p_num += a
        r_num += b
    return _prf(p_num, sum(map(len, pred_m.values())), r_num, sum(map(len, gold_m.values())))


def span_label_score(
    pred: Mapping[str, Iterable[tuple[str, int, int]]], gold: Mapping[str, Iterable[tuple[str, int, int]]]
) -> PRF:
    """Span+label F1 (official FLC scorer): partial overlap credited only when labels agree."""

    def by_label(rows: Iterable[tuple[str, int, int]]) -> dict[str, list[tuple[int, int]]]:
        groups: dict[str, list[tuple[int, int]]] = {}
        for lab, s, e in rows:
            groups.setdefault(lab, []).append((s, e))
        return {lab: merge_overlapping(v) for lab, v in groups.items()}

    gold_g = {a: by_label(v) for a, v in gold.items()}
    pred_g = {a: by_label(v) for a, v in pred.items()}
    p_num = r_num = 0.0
    for aid, groups in pred_g.items():
        for lab, spans in groups.items():
            a, b = _overlap_sums(spans, gold_g.get(aid, {}).get(lab, []))
            p_num += a
            r_num += b
    n_pred = sum(len(v) for g in pred_g.values() for v in g.values())
    n_gold = sum(len(v) for g in gold_g.values() for v in g.values())
    return _prf(p_num, n_pred, r_num, n_gold)


def tc_score(
    pred: Mapping[str, Iterable[tuple[str, int, int]]], gold: Mapping[str, Iterable[tuple[str, int, int]]]
) -> PRF:
    """Official TC micro-F1: predictions must cover exactly the gold spans (with multiplicity)."""
    matched = total = n_pred = 0
    for aid in set(gold) | set(pred):
        g: dict[tuple[int, int], Counter[str]] = {}
        p: dict[tuple[int, int], Counter[str]] = {}
        for lab, s, e in gold.get(aid, []):
            g.setdefault((s, e), Counter())[lab] += 1
        for lab, s, e in pred.get(aid, []):
            p.setdefault((s, e), Counter())[lab] += 1
        if {k: sum(v.values()) for k, v in g.items()} != {k: sum(v.values()) for k, v in p.items()}:
            raise ValueError(f"article {aid}: predicted spans differ from the gold spans (TC needs the gold spans)")
        for key, labs in g.items():
            matched += sum((labs & p[key]).values())
            total += sum(labs.values())
        n_pred += sum(sum(v.values()) for v in p.values())
    acc = matched / total if total else 1.0
    return PRF(acc, acc, acc, n_pred, total)
