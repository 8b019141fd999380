"""The attribution metric, reimplemented from ``../shared/eval/attribution_score.py``.

Same matching and the same figures, so ``newsift eval attribution`` needs no file outside
the package (``tests/test_eval_attribution.py`` checks that both give identical numbers):

* a prediction matches a gold attribution when their contents (each the union of its
  spans) overlap by at least half of the gold content; pairs are one-to-one, chosen by a
  maximum matching that prefers higher content Jaccard and a matching cue (2 exact,
  1 overlapping);
* content P/R/F1 over matched pairs; among matched pairs ``speaker_acc`` (normalised
  speaker strings equal: case, whitespace, a leading "the "), ``speaker_acc_alias`` (or
  the prediction is one of the gold speaker's aliases), ``cue_acc`` and ``source_acc``
  (exact offsets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any


def intervals(spans: Any) -> list[tuple[int, int]]:
    """Union of ``[start, end)`` spans as sorted disjoint intervals."""
    iv = []
    for s in spans or []:
        try:
            a, b = int(s["start"]), int(s["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if b > a:
            iv.append((a, b))
    iv.sort()
    out: list[tuple[int, int]] = []
    for a, b in iv:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def length(iv: list[tuple[int, int]]) -> int:
    return sum(b - a for a, b in iv)


def overlap(x: list[tuple[int, int]], y: list[tuple[int, int]]) -> int:
    i = j = tot = 0
    while i < len(x) and j < len(y):
        a = max(x[i][0], y[j][0])
        b = min(x[i][1], y[j][1])
        if b > a:
            tot += b - a
        if x[i][1] < y[j][1]:
            i += 1
        else:
            j += 1
    return tot


def span_key(s: Any) -> tuple[int, int] | None:
    if not s:
        return None
    try:
        return (int(s["start"]), int(s["end"]))
    except (KeyError, TypeError, ValueError):
        return None


def norm_speaker(s: Any) -> str:
    if s is None:
        return ""
    s = re.sub(r"\s+", " ", str(s)).strip().lower()
    if s.startswith("the "):
        s = s[4:]
    return s


def hungarian_max(w: list[list[float]]) -> list[int]:
    """Maximum-weight assignment for a rectangular matrix ``w[n][m]`` (n <= m)."""
    n, m = len(w), len(w[0]) if w else 0
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = -w[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    assign = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            assign[p[j] - 1] = j - 1
    return assign


def match(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs, as the shared scorer makes them."""
    if not gold or not pred:
        return []
    g_iv = [intervals(a.get("content")) for a in gold]
    p_iv = [intervals(a.get("content")) for a in pred]
    base = 3 * min(len(gold), len(pred)) + 10
    w = [[0.0] * len(pred) for _ in gold]
    for gi, g in enumerate(gold):
        glen = length(g_iv[gi])
        if glen == 0:
            continue
        gc = span_key(g.get("cue"))
        for pi, p in enumerate(pred):
            ov = overlap(g_iv[gi], p_iv[pi])
            if ov > 0 and ov * 2 >= glen:
                jac = ov / (glen + length(p_iv[pi]) - ov)
                pc = span_key(p.get("cue"))
                bonus = 0.0
                if gc and pc:
                    if gc == pc:
                        bonus = 2.0
                    elif pc[0] < gc[1] and gc[0] < pc[1]:
                        bonus = 1.0
                w[gi][pi] = base + jac + bonus
    if len(gold) <= len(pred):
        assign = hungarian_max(w)
        return [(gi, pi) for gi, pi in enumerate(assign) if pi >= 0 and w[gi][pi] > 0]
    wt = [list(col) for col in zip(*w, strict=True)]
    assign = hungarian_max(wt)
    return [(gi, pi) for pi, gi in enumerate(assign) if gi >= 0 and w[gi][pi] > 0]


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    tp: int = 0
    spk: int = 0
    spk_alias: int = 0
    cue: int = 0
    src: int = 0

    def add(self, o: Counts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(o, f.name))

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def acc(self, k: str) -> float:
        return getattr(self, k) / self.tp if self.tp else 0.0

    def as_dict(self) -> dict[str, Any]:
        p, r, f = self.prf()
        return {"gold": self.gold, "pred": self.pred, "match": self.tp, "precision": round(p, 4),
                "recall": round(r, 4), "f1": round(f, 4), "speaker_acc": round(self.acc("spk"), 4),
                "speaker_acc_alias": round(self.acc("spk_alias"), 4), "cue_acc": round(self.acc("cue"), 4),
                "source_acc": round(self.acc("src"), 4)}


def score_doc(gdoc: dict, pdoc: dict | None) -> tuple[Counts, list[tuple[int, int]]]:
    """Counts for one document, and the matched (gold, pred) index pairs."""
    gold = gdoc.get("attributions", [])
    pred = (pdoc or {}).get("attributions", []) or []
    aliases: dict[str, set[str]] = {}
    for canon, al in (gdoc.get("speaker_aliases") or {}).items():
        aliases[norm_speaker(canon)] = {norm_speaker(canon)} | {norm_speaker(a) for a in al}
    c = Counts(gold=len(gold), pred=len(pred))
    pairs = match(gold, pred)
    c.tp = len(pairs)
    for gi, pi in pairs:
        g, p = gold[gi], pred[pi]
        gs, ps = norm_speaker(g.get("speaker")), norm_speaker(p.get("speaker"))
        if gs == ps:
            c.spk += 1
            c.spk_alias += 1
        elif ps and ps in aliases.get(gs, ()):
            c.spk_alias += 1
        if span_key(g.get("cue")) is not None and span_key(g.get("cue")) == span_key(p.get("cue")):
            c.cue += 1
        if span_key(g.get("source")) == span_key(p.get("source")):
            c.src += 1
    return c, pairs


def fmt(name: str, c: Counts) -> str:
    """One line in the shared scorer's layout."""
    p, r, f = c.prf()
    return (f"{name:<22} gold={c.gold:>4} pred={c.pred:>4} match={c.tp:>4}  "
            f"P={p:.3f} R={r:.3f} F1={f:.3f}  speaker_acc={c.acc('spk'):.3f} "
            f"speaker_acc_alias={c.acc('spk_alias'):.3f} cue_acc={c.acc('cue'):.3f} "
            f"source_acc={c.acc('src'):.3f}")
