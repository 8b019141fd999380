"""Model-agnostic prediction: given per-window token logits and hidden states, find and label spans.

Both the torch model (while training, to pick thresholds on the validation split) and the
shipped ONNX model (at run time) feed this module, so validation figures describe exactly
the decoding that ships.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from newsift.techniques.decode import RawSpan, SpanHead, decode_window, pool_span, sigmoid, word_probs
from newsift.techniques.encoding import Window, best_window, span_features
from newsift.techniques.labels import LABELS
from newsift.techniques.metrics import si_score


@dataclass
class Decoding:
    """Decoding settings chosen on the validation split (stored in the model's config)."""

    hi: float = 0.5
    lo: float = 0.35
    merge_gap: int = 0  # join spans of one window closer than this many characters (not across lines)
    second_label_ratio: float = 0.6  # also emit the runner-up label when p2 >= ratio * p1
    second_label_min: float = 0.3


@dataclass
class ArticleOutputs:
    """What the encoder(s) produced for one article's windows.

    ``token_logits`` and ``hidden`` hold one list per ensemble member (usually one); SI
    probabilities are averaged over members, label distributions too (each member pools
    its own hidden states through its own span head).
    """

    text: str
    windows: list[Window]
    token_logits: list[list[np.ndarray]]  # [member][window] (T, 15)
    hidden: list[list[np.ndarray]]  # [member][window] (T, 384)
    lower: str = field(init=False)

    def __post_init__(self) -> None:
        self.lower = self.text.lower()
        self._words: dict[int, tuple[list[list[int]], np.ndarray]] = {}

    def si_probs(self, i: int) -> np.ndarray:
        return np.mean([sigmoid(m[i][:, 0]) for m in self.token_logits], axis=0)

    def words(self, i: int) -> tuple[list[list[int]], np.ndarray]:
        if i not in self._words:
            self._words[i] = word_probs(self.windows[i], self.si_probs(i))
        return self._words[i]


@dataclass
class FoundSpan:
    start: int
    end: int
    span_prob: float
    label_probs: np.ndarray
    peak_tokens: list[str]


_EDGE_LEFT = " \n\t\"“”‘’'(«"
_EDGE_RIGHT = " \n\t\"“”‘’'.,;:)»"


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop quote marks and trailing punctuation at the edges: annotators rarely include them."""
    s0, e0 = s, e
    while s < e and text[s] in _EDGE_LEFT:
        s += 1
    while e > s and text[e - 1] in _EDGE_RIGHT:
        e -= 1
    return (s, e) if e > s else (s0, e0)


def _split_paragraphs(out: ArticleOutputs, rs: RawSpan) -> list[RawSpan]:
    """A span never runs over a blank line (title into body, one paragraph into the next)."""
    cut = out.text.find("\n\n", rs.start, rs.end)
    if cut < 0:
        return [rs]
    w = out.windows[rs.window]
    probs = out.si_probs(rs.window)
    parts: list[RawSpan] = []
    for lo_c, hi_c in ((rs.start, cut), (cut, rs.end)):
        m = rs.mask & (w.starts >= lo_c) & (w.ends <= hi_c)
        if not m.any():
            continue
        toks = np.flatnonzero(m)
        parts.append(RawSpan(int(w.starts[toks[0]]), int(w.ends[toks[-1]]), rs.window, m, float(probs[m].mean()),
                             [t for t in rs.peak_tokens if m[t]] or [int(toks[np.argmax(probs[toks])])]))
    return [q for p in parts for q in _split_paragraphs(out, p)] if len(parts) > 1 else parts or [rs]


def find_spans(out: ArticleOutputs, hi: float, lo: float, merge_gap: int = 0) -> list[RawSpan]:
    spans: list[RawSpan] = []
    for i, w in enumerate(out.windows):
        found = [p for rs in decode_window(w, out.si_probs(i), hi, lo, i, out.words(i)) for p in _split_paragraphs(out, rs)]
        merged: list[RawSpan] = []
        for rs in found:
            prev = merged[-1] if merged else None
            if prev is not None and rs.start - prev.end <= merge_gap and "\n" not in out.text[prev.end : rs.start]:
                n1, n2 = int(prev.mask.sum()), int(rs.mask.sum())
                prev.prob = (prev.prob * n1 + rs.prob * n2) / (n1 + n2)
                prev.mask = prev.mask | rs.mask
                prev.end = rs.end
                prev.peak_tokens = sorted(prev.peak_tokens + rs.peak_tokens, key=lambda t: -out.si_probs(i)[t])[:3]
            else:
                merged.append(rs)
        for rs in merged:
            rs.start, rs.end = _trim(out.text, rs.start, rs.end)
        spans.extend(merged)
    return spans


def classify_mask(out: ArticleOutputs, heads: list[SpanHead], widx: int, mask: np.ndarray, start: int, end: int) -> np.ndarray:
    feats = span_features(out.text, start, end, int(mask.sum()), out.lower)
    probs = []
    for hidden, head in zip(out.hidden, heads, strict=True):
        x = np.concatenate([pool_span(hidden[widx], mask), feats])[None, :]
        probs.append(head(x.astype(np.float32))[0])
    return np.mean(probs, axis=0)


def detect(out: ArticleOutputs, heads: list[SpanHead], dec: Decoding) -> list[FoundSpan]:
    """Spans with their label distributions (not yet thresholded into labels)."""
    found: list[FoundSpan] = []
    for rs in find_spans(out, dec.hi, dec.lo, dec.merge_gap):
        probs = classify_mask(out, heads, rs.window, rs.mask, rs.start, rs.end)
        w = out.windows[rs.window]
        word_of = {t: ws for ws in out.words(rs.window)[0] for t in ws}
        peaks: list[str] = []
        for t in rs.peak_tokens:
            ws = word_of.get(t, [t])
            word = out.text[int(w.starts[ws[0]]) : int(w.ends[ws[-1]])]
            if word not in peaks:
                peaks.append(word)
        found.append(FoundSpan(rs.start, rs.end, rs.prob, probs, peaks))
    return found


def labels_for(probs: np.ndarray, dec: Decoding) -> list[tuple[str, float]]:
    order = np.argsort(-probs)
    out = [(LABELS[int(order[0])], float(probs[order[0]]))]
    p2 = float(probs[order[1]])
    if p2 >= dec.second_label_min and p2 >= dec.second_label_ratio * float(probs[order[0]]):
        out.append((LABELS[int(order[1])], p2))
    return out


def classify_gold(out: ArticleOutputs, heads: list[SpanHead], spans: list[tuple[int, int]]) -> list[np.ndarray]:
    """Label distributions for given spans (TC): each span is read in the window holding most of it."""
    res: list[np.ndarray] = []
    for s, e in spans:
        widx, mask = best_window(out.windows, s, e)
        if widx < 0:
            res.append(np.full(len(LABELS), 1.0 / len(LABELS), dtype=np.float32))
            continue
        res.append(classify_mask(out, heads, widx, mask, s, e))
    return res


def tc_predictions(out: ArticleOutputs, heads: list[SpanHead], gold_spans: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """One label per gold row; a span listed k times gets its k most likely labels."""
    counts = Counter(gold_spans)
    uniq = list(counts)
    probs = classify_gold(out, heads, uniq)
    rows: list[tuple[str, int, int]] = []
    for (s, e), p in zip(uniq, probs, strict=True):
        for k in np.argsort(-p)[: counts[(s, e)]]:
            rows.append((LABELS[int(k)], s, e))
    return rows


def tune_si(outs: dict[str, ArticleOutputs], gold_si: dict[str, list[tuple[int, int]]],
            gaps: tuple[int, ...] = (0,)) -> tuple[Decoding, float, list]:
    """Grid-search the hysteresis thresholds for SI F1 on the validation articles."""
    best = (Decoding(), -1.0)
    grid = []
    for hi in (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
        for lo_ratio in (0.35, 0.5, 0.65, 0.8, 1.0):
            for gap in gaps:
                lo = round(hi * lo_ratio, 3)
                pred = {aid: [(s.start, s.end) for s in find_spans(o, hi, lo, gap)] for aid, o in outs.items()}
                f1 = si_score(pred, gold_si).f1
                grid.append((hi, lo, gap, f1))
                if f1 > best[1]:
                    best = (Decoding(hi=hi, lo=lo, merge_gap=gap), f1)
    return best[0], best[1], grid
