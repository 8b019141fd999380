"""Outlet: who published the article, what kind of outlet it is, and how two rating sets rate it.

Signals, strongest first (the first that resolves wins; ``identified_by`` says which):

1. ``url``: the article's URL domain (subdomains fall back: english.alaraby.co.uk);
2. ``metadata``: the outlet name or domain given with the input (``--outlet``, JSON);
3. ``dateline``: the agency of the dateline found by ingest ("Moscow, SANA –");
4. ``text``: an agency credit in the first 400 characters ("Aleppo SANA-…", "(Reuters) -",
   "(AFP) –"). An outlet merely *mentioned* in the body ("RT reported") is not taken as
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
    return None, domain, ("url" if domain else None), (f"URL domain {domain}." if domain else "")


@analyzer("outlet", produces=("outlet",), needs_parse=False, english_only=False)
def outlet(parsed: ParsedArticle, findings: Mapping[str, Any]) -> dict[str, Any]:
    """Identify the outlet (URL, metadata, dateline, agency credit) and attach kind, ownership and ratings."""
    from newsift.outlets import to_schema

    entry, domain, how, evidence = identify(parsed.article)
    return {"outlet": to_schema(entry, domain=domain, identified_by=how, evidence=evidence)}
