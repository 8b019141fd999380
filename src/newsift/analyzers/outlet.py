"""Outlet: who published the article, what kind of outlet it is, and how two rating sets rate it.

Signals, strongest first (the first that resolves wins; ``identified_by`` says which):

1. ``url``: the article's URL domain (subdomains fall back: english.alaraby.co.uk);
2. ``metadata``: the outlet name or domain given with the input (``--outlet``, JSON);
3. ``dateline``: the agency of the dateline found by ingest ("Moscow, SANA –");
4. ``text``: an agency credit in the first 400 characters ("Aleppo SANA-…", "(Reuters) -",
   "(AFP) –"), else a credit line in the last 300 ("Source: SANA", "© Reuters 2017",
   Reuters' "(Reporting by …; Editing by …)"). An outlet merely *mentioned* in the body ("RT reported") is not taken as
   the publisher: articles quote other outlets all the time.

The outlet's kind, ownership and ratings come from the shipped table
(:mod:`newsift.outlets`); every rating source is listed, with ``value=None`` and "Not
rated" when the outlet is absent from it. Needs no parse; works for any language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from newsift.analyzers.registry import analyzer
from newsift.nlp import ParsedArticle

HEAD_CHARS = 400
TAIL_CHARS = 300
# "Source: SANA", "© Reuters 2017", "Copyright AFP" in the last lines
_TAIL_SOURCE = re.compile(r"(?:^|\n|\s)(?:Source|Courtesy of|Copyright|©)\s*:?\s*(?:\d{4}\s+)?([A-Z][\w&'.\- ]{1,40}?)\s*(?:\d{4})?\s*$", re.M)
_REUTERS_CREDITS = re.compile(r"\(?Reporting by [^;)\n]{2,120};\s*(?:[Ww]riting by [^;)\n]{2,80};\s*)?[Ee]diting by [^)\n]{2,80}\)?")


@lru_cache(maxsize=1)
def _credit_re() -> re.Pattern[str] | None:
    """Agency credits: '(ALIAS)' or 'ALIAS' followed by a dash, for unambiguous aliases of agencies/broadcasters."""
    from newsift.outlets import norm_name, table

    t = table()
    aliases = set()
    for o in t.outlets.values():
        if o["medium"] not in {"news agency", "broadcaster"}:
            continue
        for a in [*o["aliases"], o["name"]]:
            if len(a) >= 2 and norm_name(a) in t.by_name:
                aliases.add(a)
    if not aliases:
        return None
    alt = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?:\((?P<p>{alt})\)\s*[-–—:]?|(?<![\w-])(?P<d>{alt})\s*[-–—]\s*)")


def identify(article) -> tuple[dict | None, str | None, str | None, str]:
    """(table entry or None, domain, identified_by, evidence sentence)."""
    from newsift.outlets import by_domain, domain_of, lookup

    domain = domain_of(article.url) if article.url else None
    if domain:
        entry = by_domain(domain)
        if entry:
            return entry, domain, "url", f"Identified from the URL domain {domain}."
    if article.outlet:
        entry = lookup(article.outlet)
        if entry:
            return entry, domain, "metadata", f"Identified from the outlet given with the input ({article.outlet!r})."
    if article.dateline and article.dateline.agency:
        entry = lookup(article.dateline.agency)
        if entry:
            return entry, domain, "dateline", f"Identified from the dateline agency {article.dateline.agency!r}."
    rx = _credit_re()
    if rx is not None:
        m = rx.search(article.text[:HEAD_CHARS])
        if m:
            alias = m.group("p") or m.group("d")
            entry = lookup(alias)
            if entry:
                return entry, domain, "text", (f"Identified from the agency credit {m.group(0).strip()!r} at the start of the text "
                                                  "(the copy is this agency's; a site republishing it is not told apart).")
    tail = article.text[-TAIL_CHARS:]
    # credit lines at the end, or moved out of the text by ingest as copyright residue
    for where, chunk in [("at the end of the text", tail)] + [
        ("removed by ingest as page residue", r.span_text) for r in article.removed
    ]:
        m = _TAIL_SOURCE.search(chunk)
        if m:
            entry = lookup(m.group(1).strip().rstrip("."))
            if entry:
                return entry, domain, "text", f"Identified from the credit line {m.group(0).strip()!r} {where}."
    if _REUTERS_CREDITS.search(tail):
        entry = lookup("Reuters")
        if entry:
            return entry, domain, "text", ("Identified from Reuters' closing credit line ('Reporting by …; Editing by …'); "
                                           "other sites republishing Reuters copy keep it.")
    return None, domain, ("url" if domain else None), (f"URL domain {domain}." if domain else "")


@analyzer("outlet", produces=("outlet",), needs_parse=False, english_only=False)
def outlet(parsed: ParsedArticle, findings: Mapping[str, Any]) -> dict[str, Any]:
    """Identify the outlet (URL, metadata, dateline, agency credit) and attach kind, ownership and ratings."""
    from newsift.outlets import to_schema

    entry, domain, how, evidence = identify(parsed.article)
    return {"outlet": to_schema(entry, domain=domain, identified_by=how, evidence=evidence)}
