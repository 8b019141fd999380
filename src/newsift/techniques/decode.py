"""From per-token probabilities to character spans, and from span tokens to label scores.

Shared by training (to pick thresholds on the validation split) and run time, so what is
measured is what ships. Only numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsift.techniques.encoding import Window


@dataclass
class RawSpan:
    start: int
    end: int
    window: int
    mask: np.ndarray  # tokens of the window inside the span
    prob: float  # mean SI probability of its words
    peak_tokens: list[int]  # window token indices with the highest probabilities


def words_of(w: Window) -> list[list[int]]:
    """Group a window's tokens into words: a token glued to the previous one (no space) joins it."""
    words: list[list[int]] = []
    for i in range(1, len(w.ids) - 1):
        if words and w.starts[i] == w.ends[words[-1][-1]]:
            words[-1].append(i)
        else:
            words.append([i])
    return words


def word_probs(w: Window, probs: np.ndarray) -> tuple[list[list[int]], np.ndarray]:
    words = words_of(w)
    return words, np.asarray([float(probs[t].mean()) for t in words])


def decode_window(
    w: Window, probs: np.ndarray, hi: float, lo: float, widx: int = 0,
    cached: tuple[list[list[int]], np.ndarray] | None = None,
) -> list[RawSpan]:
    """Hysteresis decoding: a span starts at words with p >= ``hi`` and grows over words with p >= ``lo``.

    A low ``lo`` is the recall bias: the SI measure rewards covering gold characters, and
    propaganda spans are usually longer than their most loaded word.
    """
    words, wp = cached if cached is not None else word_probs(w, probs)
    if not words or wp.max() < hi:
        return []
    inside = wp >= lo
    out: list[RawSpan] = []
    i = 0
    n = len(words)
    while i < n:
        if not inside[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and inside[j + 1]:
            j += 1
        if wp[i : j + 1].max() >= hi:
            toks = [t for k in range(i, j + 1) for t in words[k]]
            mask = np.zeros(len(w.ids), dtype=bool)
            mask[toks] = True
            peak = sorted(toks, key=lambda t: -probs[t])[:3]
            out.append(
                RawSpan(int(w.starts[toks[0]]), int(w.ends[toks[-1]]), widx, mask, float(wp[i : j + 1].mean()), peak)
            )
        i = j + 1
    return out


def pool_span(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean and max of the span's token vectors (the span classifier's input)."""
    h = hidden[mask]
    return np.concatenate([h.mean(axis=0), h.max(axis=0)])


def softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def gelu(x: np.ndarray) -> np.ndarray:
    from math import sqrt

    try:
        from scipy.special import erf  # type: ignore[import-not-found]
    except Exception:  # pragma: no cover - numpy fallback
        erf = np.vectorize(__import__("math").erf)
    return 0.5 * x * (1.0 + erf(x / sqrt(2.0)))


class SpanHead:
    """The span classifier (two dense layers) evaluated in numpy from saved weights."""

    def __init__(self, w1: np.ndarray, b1: np.ndarray, w2: np.ndarray, b2: np.ndarray):
        self.w1, self.b1, self.w2, self.b2 = w1, b1, w2, b2

    def __call__(self, x: np.ndarray) -> np.ndarray:
        h = gelu(x @ self.w1.T + self.b1)
        return softmax(h @ self.w2.T + self.b2)
