"""Turning text into model windows, and spans into features, the same way at training and run time.

The text is tokenized once with the MiniLM WordPiece tokenizer (padding and truncation
off: its bundled config pads to 128, which would change every result). Tokens are then
grouped by sentence and whole sentences are packed greedily into windows of at most
``max_tokens`` (a sentence longer than that is cut into pieces), so the model sees a few
sentences of context and every character offset maps back into the original text.

Only numpy and ``tokenizers`` are imported: this module also runs on the training machine.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CLS_ID = 101
SEP_ID = 102
PAD_ID = 0


def load_tokenizer(path: Path):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.no_truncation()
    return tok


@dataclass
class Window:
    """One model input: token ids with [CLS]/[SEP] and each token's character offsets."""

    ids: np.ndarray  # (T,) int64, including CLS and SEP
    starts: np.ndarray  # (T,) char start of each token (-1 for CLS/SEP)
    ends: np.ndarray  # (T,) char end (-1 for CLS/SEP)

    @property
    def char_start(self) -> int:
        return int(self.starts[1]) if len(self.starts) > 2 else 0

    @property
    def char_end(self) -> int:
        return int(self.ends[-2]) if len(self.ends) > 2 else 0


def make_windows(tokenizer, text: str, sentences: list[tuple[int, int]], max_tokens: int = 128) -> list[Window]:
    """Pack the tokens of ``text`` into windows of whole sentences (see module docstring)."""
    enc = tokenizer.encode(text, add_special_tokens=False)
    ids = np.asarray(enc.ids, dtype=np.int64)
    offs = np.asarray(enc.offsets, dtype=np.int64).reshape(-1, 2)
    if len(ids) == 0:
        return []
    budget = max_tokens - 2
    # sentence index of each token (tokens outside any sentence join the previous one)
    sent_starts = np.asarray([s for s, _ in sentences] or [0], dtype=np.int64)
    tok_sent = np.searchsorted(sent_starts, offs[:, 0], side="right") - 1
    tok_sent = np.maximum(tok_sent, 0)
    # token ranges per sentence
    bounds = np.flatnonzero(np.diff(tok_sent)) + 1
    groups = np.split(np.arange(len(ids)), bounds)
    pieces: list[np.ndarray] = []
    for g in groups:
        for k in range(0, len(g), budget):
            pieces.append(g[k : k + budget])
    windows: list[Window] = []
    cur: list[np.ndarray] = []
    n = 0
    for piece in pieces:
        if cur and n + len(piece) > budget:
            windows.append(_window(ids, offs, np.concatenate(cur)))
            cur, n = [], 0
        cur.append(piece)
        n += len(piece)
    if cur:
        windows.append(_window(ids, offs, np.concatenate(cur)))
    return windows


def _window(ids: np.ndarray, offs: np.ndarray, idx: np.ndarray) -> Window:
    w_ids = np.concatenate([[CLS_ID], ids[idx], [SEP_ID]]).astype(np.int64)
    starts = np.concatenate([[-1], offs[idx, 0], [-1]]).astype(np.int64)
    ends = np.concatenate([[-1], offs[idx, 1], [-1]]).astype(np.int64)
    return Window(w_ids, starts, ends)


def batch(windows: list[Window]) -> tuple[np.ndarray, np.ndarray]:
    """Right-padded ``input_ids`` and ``attention_mask`` for a list of windows."""
    t = max(len(w.ids) for w in windows)
    ids = np.full((len(windows), t), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(windows), t), dtype=np.int64)
    for i, w in enumerate(windows):
        ids[i, : len(w.ids)] = w.ids
        mask[i, : len(w.ids)] = 1
    return ids, mask


def token_mask_for_span(w: Window, start: int, end: int) -> np.ndarray:
    """Boolean mask of the window's tokens that overlap ``[start, end)``."""
    return (w.starts < end) & (w.ends > start) & (w.starts >= 0)


def best_window(windows: list[Window], start: int, end: int) -> tuple[int, np.ndarray]:
    """The window holding most of the span's tokens, and the mask of those tokens."""
    best, best_mask, best_n = -1, None, 0
    for i, w in enumerate(windows):
        if w.char_end <= start or w.char_start >= end:
            continue
        m = token_mask_for_span(w, start, end)
        if m.sum() > best_n:
            best, best_mask, best_n = i, m, int(m.sum())
    return best, best_mask  # type: ignore[return-value]


_WORD = re.compile(r"\w+", re.UNICODE)
N_SPAN_FEATURES = 6


def span_features(text: str, start: int, end: int, n_tokens: int, lower_text: str | None = None) -> np.ndarray:
    """Hand features for the span classifier: length, repetition within the article, punctuation.

    Repetition (10% of the labels) is about the rest of the article, which the window
    does not show; counting repeats of the span and of its word pairs tells the model.
    """
    low = lower_text if lower_text is not None else text.lower()
    frag = low[start:end].strip()
    reps = max(low.count(frag) - 1, 0) if len(frag) >= 3 else 0
    words = _WORD.findall(frag)
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(words)]
    outside = low[:start] + " \n " + low[end:]
    pair_rep = sum(1 for p in pairs if p in outside) / len(pairs) if pairs else 0.0
    word_rep = sum(1 for w in words if len(w) > 3 and w in outside) / max(len(words), 1)
    return np.asarray(
        [
            np.log1p(n_tokens) / 3.0,
            np.log1p(reps),
            pair_rep,
            word_rep,
            float("?" in text[start:end]),
            float("!" in text[start:end]),
        ],
        dtype=np.float32,
    )
