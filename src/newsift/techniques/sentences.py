"""Sentence spans for the technique model when no spaCy parse is at hand (or it stops early)."""

from __future__ import annotations

import re

_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` sentence spans: lines, then ``. ! ?`` followed by a capital."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        ls, le = pos, pos + len(line)
        pos = le + 1
        if not line.strip():
            continue
        s = ls
        for m in _BOUNDARY.finditer(text, ls, le):
            if text[s : m.start()].strip():
                out.append((s, m.start()))
            s = m.end()
        if text[s:le].strip():
            out.append((s, le))
    return out


def sentences_from_doc(doc, text: str) -> list[tuple[int, int]]:
    """spaCy sentences, cut at line breaks too; text the parse did not reach is split by rule."""
    out: list[tuple[int, int]] = []
    last = 0
    if doc is not None:
        for sent in doc.sents:
            out.extend(split_sentences(text, sent.start_char, sent.end_char))
            last = max(last, sent.end_char)
    if last < len(text):
        out.extend(split_sentences(text, last, len(text)))
    return out
