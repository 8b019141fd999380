"""Plain-text structure: title line, dateline, and trailing page residue.

Offsets matter more than tidiness here: every finding points into ``Article.text``, and
gold annotations point into the text as given. So the cleaned text is always a *prefix*
of the input (with ``\\r\\n`` normalised): the title and dateline stay in place and are
only located, and page residue is cut from the end and kept in ``Article.removed``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsift.schema import Dateline, RemovedText, Span, make_span

# "Moscow, SANA –", "WASHINGTON (Reuters) -", "Cairo, SANA-", "LONDON —", "Damascus, (SANA) -"
_DATELINE = re.compile(
    r"""^(?P<place>[A-Z][A-Za-z.'\- ]{1,40}?)
        (?:(?:\s*,\s*\(?|\s+\()(?P<agency>[A-Z][A-Za-z&.\- ]{1,25}?)\)?)?   # ", SANA" or " (Reuters)"
        \s*(?:[–—]|-{1,2})\s*(?=[A-Z“"'‘])""",
    re.VERBOSE,
)
_AGENCY_ONLY = re.compile(r"^\(?(?P<agency>[A-Z]{2,10})\)?\s*(?:[–—]|-{1,2})\s+")

# Paragraphs that start page residue: everything from such a line to the end is residue.
_RESIDUE_HEAD = re.compile(
    r"""^\s*(check\s+also|related(\s+(articles?|posts?|news|stories))?|read\s+(more|also)|see\s+also|
        you\s+may\s+also\s+like|more\s+from|recommended(\s+for\s+you)?|most\s+(read|popular)|
        share\s+(this|on)|follow\s+us|tags?\s*:|filed\s+under|advertisement|subscribe|
        sign\s+up|leave\s+a\s+(comment|reply)|comments?\s*\(?\d*\)?|print\s+this|
        also\s+read|trending(\s+now)?|latest\s+news|previous\s+(article|post)|next\s+(article|post))
        \s*[:\-–—]?\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Single residue lines (share widgets, tag lists, copyright lines) at the very end.
_RESIDUE_LINE = re.compile(
    r"""^\s*((share|tweet|email|print|whatsapp|facebook|twitter|telegram|linkedin|pinterest|reddit)
        (\s*[|/,•·]\s*|\s+)?)+\s*$|^\s*(tags?|keywords|topics)\s*:.*$|^\s*(©|copyright\b).*$""",
    re.IGNORECASE | re.VERBOSE,
)
# A stray word after the last sentence of a paragraph ("… the Ministry added. Said").
_STRAY_TAIL = re.compile(r"""(?<=[.!?”"’'])(?P<tail>[ \t]+[A-Z][a-z]{1,12})[ \t]*$""")


@dataclass
class Structure:
    text: str
    title: str | None = None
    title_span: Span | None = None
    dateline: Dateline | None = None
    removed: list[RemovedText] = field(default_factory=list)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def strip_residue(text: str) -> tuple[str, list[RemovedText]]:
    """Cut trailing page residue; return the kept prefix and what was removed, with reasons."""
    removed: list[RemovedText] = []
    paras = [m for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text)]
    cut = len(text)
    # 1. a residue heading and everything after it (teasers, related links)
    for i, m in enumerate(paras):
        if i == 0:
            continue
        if _RESIDUE_HEAD.match(m.group(0)) and len(paras) - i <= 6:
            tail = text[m.start():].strip()
            removed.append(RemovedText(span_text=tail, reason=f"page residue: '{m.group(0).strip()}' block and the teasers after it"))
            cut = m.start()
            break
    # 2. trailing share/tag/copyright lines
    kept = text[:cut].rstrip()
    while True:
        last_nl = kept.rfind("\n")
        last = kept[last_nl + 1:]
        if last_nl > 0 and _RESIDUE_LINE.match(last):
            removed.insert(0, RemovedText(span_text=last.strip(), reason="page residue: share/tag/copyright line"))
            kept = kept[:last_nl].rstrip()
            continue
        break
    # 3. a stray word glued after the final sentence
    m = _STRAY_TAIL.search(kept)
    if m:
        removed.insert(0, RemovedText(span_text=m.group("tail").strip(), reason="page residue: stray word after the last sentence"))
        kept = kept[: m.start("tail")]
    return kept.rstrip(), removed


def find_title(text: str) -> Span | None:
    """The first line is a title when a blank line follows it and it reads like a headline."""
    m = re.match(r"\s*([^\n]{3,250})\n[ \t]*\n", text)
    if not m:
        return None
    line = m.group(1).strip()
    if line.endswith((".", "?", "!")) and len(line.split()) > 25:
        return None
    if len(line.split()) > 30:
        return None
    return make_span(text, m.start(1), m.start(1) + len(m.group(1).rstrip()))


def find_dateline(text: str, body_start: int) -> Dateline | None:
    """A dateline at the start of the first body paragraph, e.g. "Moscow, SANA –"."""
    seg = text[body_start:body_start + 120]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.lstrip()
    m = _DATELINE.match(seg) or _AGENCY_ONLY.match(seg)
    if not m:
        return None
    gd = m.groupdict()
    place = (gd.get("place") or "").strip(" ,") or None
    agency = (gd.get("agency") or "").strip(" ,") or None
    if place and len(place.split()) > 5:
        return None
    if place and agency is None and not (place.isupper() or re.match(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?$", place)):
        return None
    start = body_start + lead
    end = start + len(m.group(0).rstrip())
    return Dateline(place=place, agency=agency, span=make_span(text, start, end))


def structure(text: str, *, given_title: str | None = None) -> Structure:
    """Locate title and dateline, and strip trailing residue, keeping offsets stable."""
    text = normalise_newlines(text)
    # leading whitespace is dropped so offset 0 is the first character a reader sees
    text = text.lstrip()
    kept, removed = strip_residue(text)
    title_span = find_title(kept)
    title = title_span.text if title_span else given_title
    body_start = 0
    if title_span:
        nl = kept.find("\n", title_span.end)
        body_start = nl + 1 if nl >= 0 else title_span.end
        while body_start < len(kept) and kept[body_start] in "\n \t":
            body_start += 1
    dateline = find_dateline(kept, body_start)
    return Structure(text=kept, title=title, title_span=title_span, dateline=dateline, removed=removed)
