"""Quotation spans, found on the characters (not the tokens) so odd inputs cannot break them.

Handles straight and curly double quotes and guillemets; multi-paragraph quotes (the
opening mark repeats at the start of each paragraph, the closing mark comes only at the
end); unbalanced marks (a quote left open is closed at the end of its paragraph instead of
swallowing the article); and single quotes (‘…’, '…') as inner quotes or scare quotes,
told apart from apostrophes ("coalition’s", "aircraft’ mission") by what surrounds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_D = {"“", "„", "«", "‟"}
CLOSE_D = {"”", "»"}
STRAIGHT_D = '"'
OPEN_S = {"‘", "‹"}
CLOSE_S = {"’", "›"}
_BEFORE_OPEN = set(" \t\n([{—–-:;/") | {""}


@dataclass
class Quote:
    """A quotation: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    double: bool = True
    balanced: bool = True
    paragraphs: int = 1

    def words(self, text: str) -> int:
        return len(re.findall(r"\w+", text[self.inner_start:self.inner_end]))


def content_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    """Trim whitespace, quote marks and trailing commas from a content span."""
    while s < e and (text[s].isspace() or text[s] in OPEN_D | CLOSE_D | {STRAIGHT_D, ",", ";", ":"}):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in OPEN_D | CLOSE_D | {STRAIGHT_D, ",", ";", ":", "—", "–"}):
        e -= 1
    return s, e


def _closes_in_next_paragraph(text: str, j: int) -> bool:
    """Whether the first quote mark of the paragraph starting at ``j`` is a closing one."""
    end = text.find("\n", j)
    end = len(text) if end < 0 else end
    for k in range(j, end):
        ch = text[k]
        if ch in OPEN_D:
            return False
        if ch in CLOSE_D:
            return True
        if ch == STRAIGHT_D:
            return k > j and not text[k - 1].isspace()
    return False


def find_quotes(text: str) -> list[Quote]:
    """Top-level double quotes, in text order (see the module docstring)."""
    quotes: list[Quote] = []
    n = len(text)
    open_pos: int | None = None
    paragraphs = 1
    i = 0
    while i < n:
        ch = text[i]
        if ch == "\n":
            if open_pos is not None:
                # next paragraph's first visible character
                j = i
                while j < n and text[j].isspace():
                    j += 1
                if j < n and (text[j] in OPEN_D or text[j] == STRAIGHT_D):
                    # multi-paragraph quote: the opening mark repeats; keep the quote open
                    paragraphs += 1
                    i = j + 1
                    continue
                if _closes_in_next_paragraph(text, j):
                    # the closing mark comes in the next paragraph, which does not reopen
                    paragraphs += 1
                    i = j
                    continue
                # unbalanced: close at the end of this paragraph
                end = i
                while end > open_pos and text[end - 1].isspace():
                    end -= 1
                s, e = open_pos + 1, end
                if e > s:
                    quotes.append(Quote(open_pos, end, s, e, True, False, paragraphs))
                open_pos = None
                paragraphs = 1
            i += 1
            continue
        if ch in OPEN_D:
            if open_pos is None:
                open_pos = i
            i += 1
            continue
        if ch in CLOSE_D:
            if open_pos is not None:
                quotes.append(Quote(open_pos, i + 1, open_pos + 1, i, True, True, paragraphs))
                open_pos = None
                paragraphs = 1
            i += 1
            continue
        if ch == STRAIGHT_D:
            prev = text[i - 1] if i > 0 else ""
            if open_pos is None:
                if prev in _BEFORE_OPEN or prev.isspace():
                    open_pos = i
            else:
                quotes.append(Quote(open_pos, i + 1, open_pos + 1, i, True, True, paragraphs))
                open_pos = None
                paragraphs = 1
            i += 1
            continue
        i += 1
    if open_pos is not None:
        end = n
        while end > open_pos and text[end - 1].isspace():
            end -= 1
        if end > open_pos + 1:
            quotes.append(Quote(open_pos, end, open_pos + 1, end, True, False, paragraphs))
    return quotes


_SINGLE = re.compile(r"(?:(?<=^)|(?<=[\s(\[\"“—–-]))([‘'])(?=\w)(.+?)(?<=[\w.,!?])([’'])(?!\w)", re.MULTILINE)


def find_single_quotes(text: str) -> list[Quote]:
    """Single-quoted phrases (‘international coalition’), apostrophes excluded."""
    out = []
    for m in _SINGLE.finditer(text):
        if "\n" in m.group(2):
            continue
        out.append(Quote(m.start(), m.end(), m.start(2), m.end(2), double=False))
    return out
