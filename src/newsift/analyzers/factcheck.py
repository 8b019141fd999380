"""Fact-check matching: each check-worthy claim against the local fact-check store.

Units: the claims of the ``claims`` analyzer when it ran (the sentence holding each claim
with checkworthiness >= 0.5, since claim fragments are too short to match a fact-check
title on their own), else every sentence of at least six words. Each unit is matched by
:func:`newsift.factcheck.match.match_units` (BM25 + MiniLM hybrid, context views fused,
date-aware). The store is built by ``newsift factcheck build-default``; when it is
missing the report carries warning W105 and no matches, and the analysis goes on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsift.analyzers.registry import analyzer
from newsift.errors import NewsiftError, W
from newsift.nlp import ParsedArticle
from newsift.schema import FactcheckMatch, FactcheckRecord, make_span

MIN_CHECKWORTHINESS = 0.5
MIN_WORDS = 6
MAX_UNITS = 16  # the most check-worthy sentences of an article; encoding them is most of this analyzer's cost
TOP_K = 3


def _sentences(parsed: ParsedArticle) -> list[tuple[int, int]]:
    text = parsed.text
    if parsed.doc is not None:
        spans = [(s.start_char, s.end_char) for s in parsed.doc.sents]
    else:  # no parse (e.g. non-English): paragraphs split on sentence punctuation
        import re

        spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n.!?]+[.!?]*", text)]
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _units(parsed: ParsedArticle, findings: Mapping[str, Any]):
    from newsift.factcheck.match import Unit

    text = parsed.text
    sents = _sentences(parsed)
    claims = findings.get("claims") or []
    chosen: dict[int, list[str]] = {}
    worth: dict[int, float] = {}
    if claims:
        for c in claims:
            if c.checkworthiness < MIN_CHECKWORTHINESS:
                continue
            for i, (s, e) in enumerate(sents):
                if s < c.span.end and c.span.start < e:
                    chosen.setdefault(i, []).append(c.id)
                    worth[i] = max(worth.get(i, 0.0), c.checkworthiness)
                    break
        if len(chosen) > MAX_UNITS:  # keep the most check-worthy, then read them in text order
            keep = set(sorted(chosen, key=lambda i: (-worth[i], i))[:MAX_UNITS])
            chosen = {i: ids for i, ids in chosen.items() if i in keep}
    else:
        for i, (s, e) in enumerate(sents):
            if len(text[s:e].split()) >= MIN_WORDS:
                chosen[i] = [f"s{i}"]
    units = []
    for i in sorted(chosen)[:MAX_UNITS]:
        s, e = sents[i]
        prev = text[sents[i - 1][0] : sents[i - 1][1]] if i > 0 else None
        nxt = text[sents[i + 1][0] : sents[i + 1][1]] if i + 1 < len(sents) else None
        units.append((Unit(id=",".join(chosen[i]), text=text[s:e], prev=prev, next=nxt, start=s, end=e), chosen[i]))
    return units


def _explain(m, claim_ids: list[str], published: str | None) -> str:
    from newsift.factcheck import EUVSDISINFO_DISCLAIMER
    from newsift.factcheck.match import CLOSE_COSINE

    r = m.hit.record
    strength = "Close match" if m.best_cosine >= CLOSE_COSINE else "Possible match"
    parts = [
        f"{strength}: matched {'claim ' + claim_ids[0] if not claim_ids[0].startswith('s') else 'sentence'} "
        f"to the {r.publisher} record \"{r.title}\" (cosine {m.best_cosine:.2f}, best view: {m.best_view}; "
        f"ranks per view: {', '.join(f'{v} #{k}' for v, k in m.views.items())})."
    ]
    if m.timing == "prior":
        parts.append(f"The record is dated {r.date}, {-m.days_apart} days before the article ({published}): a prior debunk.")
    elif m.timing == "later" and m.days_apart == 0:
        parts.append(f"The record is dated {r.date}, the same day as the article: a later debunk (possibly of this very message).")
    elif m.timing == "later":
        parts.append(f"The record is dated {r.date}, {m.days_apart} days after the article ({published}): a later debunk.")
    else:
        parts.append(f"Record date {r.date or 'unknown'}; article date {published or 'unknown'}: timing unknown.")
    if "EUvsDisinfo" in r.publisher:
        parts.append("EUvsDisinfo dates a case by the disinforming message, not by the debunk.")
        parts.append(EUVSDISINFO_DISCLAIMER)
    parts.append("A match means the claims are similar in wording or meaning, not that this article is the one debunked.")
    return " ".join(parts)


@analyzer("factcheck", uses=("claims",), produces=("factcheck_matches",))
def factcheck(parsed: ParsedArticle, findings: Mapping[str, Any]) -> dict[str, Any]:
    """Match check-worthy claims (or sentences) against the local fact-check store."""
    from newsift.factcheck import default_store_path
    from newsift.factcheck.match import match_units, method_text
    from newsift.factcheck.retrieval import load_index

    path = default_store_path()
    try:
        index = load_index(path)
    except NewsiftError as err:
        warning = W.OPTIONAL_MISSING.format(what="fact-check store", detail=f"{path}: run `newsift factcheck build-default`; {err.code}")
        if warning not in parsed.article.warnings:
            parsed.article.warnings.append(warning)
        return {"factcheck_matches": []}
    units = _units(parsed, findings)
    if not units:
        return {"factcheck_matches": []}
    published = parsed.article.published
    results = match_units(index, [u for u, _ in units], published=published, k=TOP_K)
    out: list[FactcheckMatch] = []
    for (unit, claim_ids), matches in zip(units, results, strict=True):
        for m in matches:
            r = m.hit.record
            out.append(
                FactcheckMatch(
                    claim=claim_ids[0],
                    claim_span=make_span(parsed.text, unit.start, unit.end),
                    record=FactcheckRecord(id=r.id, title=r.title, verdict=r.verdict, publisher=r.publisher,
                                           url=r.url, date=r.date),
                    score=round(float(m.hit.score), 4),
                    method=method_text(m),
                    timing=m.timing,
                    explanation=_explain(m, claim_ids, published),
                )
            )
    return {"factcheck_matches": out}
