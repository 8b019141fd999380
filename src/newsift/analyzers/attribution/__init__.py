"""Attribution ("who says what"): cue, source, resolved speaker and content for every report.

Pipeline, all rule-based on the tagger + parser output (no NER, no lemmatizer):

1. :mod:`.quotes` finds quotation spans on the characters (curly/straight, multi-paragraph,
   unbalanced).
2. :mod:`.rules` finds cues: reporting/cognition/perception verbs with a subject and a
   clausal content (``dep-*`` rules), "according to X", quotes linked to the cue next to
   them, follow-on quotes, headline colons, image credits. A short quote with no cue is a
   scare quote or a title and yields nothing.
3. Contents that touch a quotation are widened to the whole quotation (a quote that starts
   "The Ministry noted that “…" and runs over two sentences is one content).
4. Nesting: an attribution whose cue lies inside another's content gets that one as parent
   ("the statement read [the US side … claiming [that …]]").
5. :mod:`.speakers` resolves each source to a canonical actor (pronouns, metonyms,
   definite descriptions).

Kinds: ``direct`` (content is a quotation), ``mixed`` (an indirect content holding a
quoted fragment), ``indirect``, ``according_to`` ("according to X", "the statement read"),
``headline``, ``other`` (image credits). Every attribution's ``explanation`` names the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsift.analyzers.attribution.quotes import content_bounds, find_quotes, find_single_quotes
from newsift.analyzers.attribution.rules import (
    Cand,
    Ctx,
    credit_cands,
    dependency_cands,
    follow_on_cands,
    headline_cand,
    quote_cands,
)
from newsift.analyzers.attribution.speakers import FIRST_PERSON, Resolver
from newsift.analyzers.registry import analyzer
from newsift.nlp.actors import actor_index
from newsift.schema import Article, Attribution, make_span

__all__ = ["extract_attributions"]

_CONFIDENCE = {
    "quote-after": 0.9, "quote-before": 0.85, "according-to": 0.9, "dep-ccomp": 0.8, "dep-inverted": 0.8,
    "dep-xcomp": 0.6, "dep-relcl": 0.7, "dep-participle": 0.7, "quote-follow-on": 0.6, "headline": 0.7,
    "credit": 0.8, "quote-signed": 0.8, "dep-as": 0.8, "dep-adjective": 0.6, "dep-parenthetical": 0.7,
}


@analyzer("attribution", produces=("attributions",))
def attribution(parsed: Any, findings: Mapping[str, Any]) -> dict[str, Any]:
    """Who says what: quotes, indirect speech, 'according to', with resolved speakers."""
    return {"attributions": extract_attributions(parsed.doc, parsed.article)}


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def extract_attributions(doc: Any, article: Article | None = None) -> list[Attribution]:
    """All attributions of a parsed document (offsets into ``doc.text``)."""
    index = actor_index(doc, article)
    ctx = Ctx(doc)
    text = ctx.text
    if article is not None and article.dateline is not None and article.dateline.span is not None:
        ctx.dateline_end = article.dateline.span.end
    quotes = find_quotes(text)
    singles = find_single_quotes(text)

    cands: list[Cand] = []
    by_cue: dict[int, Cand] = {}
    for c in dependency_cands(ctx):
        if c.cue_tok in by_cue:
            continue
        by_cue[c.cue_tok] = c  # type: ignore[index]
        cands.append(c)

    # widen contents that touch a quotation to the whole quotation; those quotes are used
    used: set[int] = set()
    for c in cands:
        for qi, q in enumerate(quotes):
            if q.start <= c.cue[0] < q.end:
                continue  # a cue inside the quote: nested, the quote belongs to someone else
            s, e = c.content[0]
            if _overlap((s, e), (q.inner_start, q.inner_end)) > 0:
                qs, qe = content_bounds(text, q.inner_start, q.inner_end)
                c.content[0] = (min(s, qs), max(e, qe))
                c.quotes.append(q)
                used.add(qi)

    cands += quote_cands(ctx, quotes, used, by_cue)
    cands += follow_on_cands(ctx, quotes, used, cands)
    title = (article.title_span.start, article.title_span.end) if article is not None and article.title_span else None
    head = headline_cand(ctx, title)
    if head is not None and not any(_overlap(head.content[0], c.content[0]) for c in cands):
        cands.append(head)
    cands += credit_cands(ctx)

    cands.sort(key=lambda c: (c.start, c.cue[0]))
    _set_kinds(cands, quotes, singles, text)
    parents = _nesting(cands)

    # resolve speakers: outer attributions first (text order), then the nested ones
    resolver = Resolver(doc, index, [(q.start, q.end) for q in quotes], ctx.sent_starts)
    depth = {id(c): _depth(c, parents) for c in cands}
    speakers: dict[int, tuple[Any, str]] = {}

    def first_person(c: Cand) -> bool:
        return c.source_tok is not None and doc[c.source_tok].lower_ in FIRST_PERSON

    for c in sorted(cands, key=lambda c: (first_person(c), depth[id(c)], c.cue[0])):
        p = parents.get(id(c))
        enclosing_actor = speakers.get(id(p), (None, ""))[0] if p is not None else None
        if p is None:
            # first person inside a quote with no nested cue of its own: the quote's speaker
            enclosing_actor = None
        actor, note = resolver.resolve(c, p, enclosing_actor)
        if p is not None and actor is not None and c.source_tok is not None:
            affiliated = resolver.affiliate(actor, speakers.get(id(p), (None, ""))[0], doc[c.source_tok])
            if affiliated is not None:
                actor, note = affiliated, note + "; affiliation from the enclosing speaker"
        speakers[id(c)] = (actor, note)
        resolver.remember(c, actor, top_level=depth[id(c)] == 0 and not first_person(c))

    out: list[Attribution] = []
    ids = {id(c): f"a{i + 1}" for i, c in enumerate(cands)}
    for c in cands:
        actor, note = speakers[id(c)]
        p = parents.get(id(c))
        src = c.source
        expl = f"{c.rule}: cue '{text[c.cue[0]:c.cue[1]]}' ({c.verb_class})"
        if src:
            expl += f", source '{text[src[0]:src[1]]}'"
        expl += f"; speaker: {note}"
        if actor is not None:
            expl += f" → {actor.name}"
        out.append(Attribution(
            id=ids[id(c)],
            kind=c.kind,  # type: ignore[arg-type]
            cue=make_span(text, *c.cue),
            source=make_span(text, *src) if src else None,
            speaker=actor.id if actor is not None else None,
            speaker_name=actor.name if actor is not None else None,
            content=[make_span(text, s, e) for s, e in _merge_spans(c.content)],
            parent=ids[id(p)] if p is not None else None,
            verb_class=c.verb_class,  # type: ignore[arg-type]
            explanation=expl,
            confidence=_CONFIDENCE.get(c.rule, 0.5),
        ))
    return out


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _set_kinds(cands: list[Cand], quotes: list, singles: list, text: str) -> None:
    for c in cands:
        if c.kind in {"according_to", "headline", "other"}:
            continue
        if c.lemma == "read":
            c.kind = "according_to"
            continue
        # quotations that enclose the cue belong to an outer speaker: ignore them here
        qs = [(q.inner_start, q.inner_end) for q in quotes if not (q.start <= c.cue[0] < q.end)]
        total = sum(e - s for s, e in c.content)
        inq = sum(_overlap(span, q) for span in c.content for q in qs)
        if total and inq >= 0.9 * total:
            c.kind = "direct"
            continue
        inner = [(q.inner_start, q.inner_end) for q in singles if not (q.start <= c.cue[0] < q.end)] + qs
        if any(_overlap(span, q) > 0 for span in c.content for q in inner):
            c.kind = "mixed"
        elif c.rule != "quote-follow-on":
            c.kind = "indirect"


def _nesting(cands: list[Cand]) -> dict[int, Cand]:
    """Parent of each candidate: the smallest other content that holds its cue."""
    parents: dict[int, Cand] = {}
    for b in cands:
        if b.rule in {"quote-follow-on", "headline", "credit"}:
            continue
        best: Cand | None = None
        best_len = 0
        for a in cands:
            if a is b or a.rule == "credit":
                continue
            if _inside(b.cue[0], a.content):
                ln = sum(e - s for s, e in a.content)
                # b's content must not contain a's cue (no cycles)
                if _inside(a.cue[0], b.content):
                    continue
                if best is None or ln < best_len:
                    best, best_len = a, ln
        if best is not None:
            parents[id(b)] = best
    return parents


def _depth(c: Cand, parents: dict[int, Cand]) -> int:
    d = 0
    while id(c) in parents and d < 10:
        c = parents[id(c)]
        d += 1
    return d


