"""Character-interval arithmetic shared by analyzers and renderers.

Spans are ``[start, end)`` offsets. Kept in one place so "how much of the text does X
cover" is computed the same way in the sourcing analyzer, the renderers and the corpus
profiles.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsift.schema import Span, make_span

Interval = tuple[int, int]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, non-overlapping union of intervals (touching ones are joined)."""
    out: list[Interval] = []
    for a, b in sorted(i for i in intervals if i[1] > i[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def subtract(whole: Interval, holes: Iterable[Interval]) -> list[Interval]:
    """Parts of ``whole`` not covered by ``holes``."""
    out: list[Interval] = []
    pos, end = whole
    for a, b in merge(holes):
        if b <= pos or a >= end:
            continue
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < end:
        out.append((pos, end))
    return out


def uncovered_text_spans(text: str, covered: Iterable[Interval], *, skip: Iterable[Interval] = (), min_chars: int = 3) -> list[Span]:
    """Spans of ``text`` outside ``covered`` and ``skip``, trimmed of whitespace and
    punctuation-only leftovers, split at paragraph breaks."""
    holes = list(covered) + list(skip)
    spans: list[Span] = []
    for a, b in subtract((0, len(text)), holes):
        for part_start, part_end in _split_paragraphs(text, a, b):
            s, e = part_start, part_end
            while s < e and not text[s].isalnum():
                s += 1
            while e > s and not (text[e - 1].isalnum() or text[e - 1] in ".!?)"):
                e -= 1
            if e - s >= min_chars and any(ch.isalpha() for ch in text[s:e]):
                spans.append(make_span(text, s, e))
    return spans


def _split_paragraphs(text: str, a: int, b: int) -> list[Interval]:
    parts: list[Interval] = []
    pos = a
    while True:
        nl = text.find("\n", pos, b)
        if nl < 0:
            parts.append((pos, b))
            return parts
        parts.append((pos, nl))
        pos = nl + 1
