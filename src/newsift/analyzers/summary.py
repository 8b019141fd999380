"""The plain-language summary: three to six sentences a reader takes in within ten seconds.

Templates over findings, no language model: each sentence is filled from one finding
(sourcing, accused parties, evidence, independent sources, headline, outlet when that
analyzer ran) and lists the ids it rests on (attribution ``a…``, claim ``c…``, evidence
``e…``, or ``sourcing``/``headline``/``outlet``), so a reader can check every word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newsift.analyzers.registry import analyzer
from newsift.nlp import ParsedArticle
from newsift.schema import Actor, Evidence, Headline, Outlet, Sourcing, SummaryLine

#: Words that make a name a description needing "the" ("Russian Defense Ministry", "US side").
ROLE_WORDS = frozenset(
    ["ministry", "ministries", "army", "forces", "force", "command", "coalition", "side", "government", "office", "department", "agency", "council", "committee", "commission", "police", "military", "representatives", "officials", "spokesman", "embassy", "monitors", "court", "parliament", "senate"]
)
MEDIA_WORD = {"photo": "photos", "video": "video footage", "document": "documents", "data": "data", "witness": "witnesses", "physical": "objects"}


def _the(name: str, actors: Mapping[str, Actor], actor_id: str | None = None) -> str:
    """'Russian Defense Ministry' → 'the Russian Defense Ministry'; people keep their bare name."""
    actor = actors.get(actor_id or "")
    if actor is not None and actor.kind == "person":
        return name
    if name.lower().startswith(("the ", "a ", "an ")):
        return "the " + name.split(" ", 1)[1]
    words = name.split()
    role = any(w.lower() in ROLE_WORDS or w.islower() for w in words)
    return f"the {name}" if role else name


def _n(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit - 1] + '…'}”"


def voice_line(src: Sourcing, actors: Mapping[str, Actor], n_atts: int) -> SummaryLine | None:
    if src.speakers:
        top = src.speakers[0]
        name = _the(top.name, actors, top.actor)
        inside = [s for s in src.speakers[1:] if top.actor in s.relayed_by and not s.top_level]
        tail = f"; the other voices ({_join([_the(s.name, actors, s.actor) for s in inside])}) speak only inside its statements" if inside else ""
        ids = list(top.attribution_ids) + [i for s in inside for i in s.attribution_ids]
        if top.share_of_text >= 0.75:
            return SummaryLine(text=f"Nearly all of the content ({top.share_of_text:.0%} of the text) comes from one party, {name}{tail}.", findings=["sourcing", *ids])
        if top.share_of_text >= 0.5:
            return SummaryLine(text=f"Most of the content ({top.share_of_text:.0%} of the text) comes from one party, {name}{tail}.", findings=["sourcing", *ids])
        if src.outlet_voice_share < 0.5:
            return SummaryLine(text=f"The article quotes {len(src.speakers)} speakers; the largest voice is {name} with {top.share_of_text:.0%} of the text.", findings=["sourcing", *top.attribution_ids])
    if src.outlet_voice_share >= 0.5 or not src.speakers:
        return SummaryLine(text=f"Most of the text ({src.outlet_voice_share:.0%}) is in the outlet's own voice, attributed to no one.", findings=["sourcing"])
    return None


def accused_lines(src: Sourcing, actors: Mapping[str, Actor], names: Mapping[str, str]) -> list[SummaryLine]:
    lines = []
    for p in sorted(src.accused_parties_heard, key=lambda p: -len(p.accused_in))[:2]:
        who = _the(p.name, actors, p.actor)
        accusers = _join([_the(names.get(b, b), actors, b) if b != "outlet" else "the outlet" for b in p.accused_by])
        n = len(p.accused_in)
        ids = [*p.accused_in, *p.own_words, *p.relayed_in]
        if p.heard:
            text = f"The accused party, {who}, is heard in its own words."
        elif p.relayed_in:
            text = (f"The accused party, {who}, is not heard in its own words: {_n(n, 'claim')} {'accuses' if n == 1 else 'accuse'} it, and it speaks only "
                    f"as characterized by its accuser, {accusers}.")
        else:
            text = f"The accused party, {who}, is not heard: {_n(n, 'claim')} by {accusers} {'accuses' if n == 1 else 'accuse'} it and it is never quoted."
        lines.append(SummaryLine(text=text[0].upper() + text[1:], findings=["sourcing", *ids]))
    return lines


def evidence_line(items: list[Evidence]) -> SummaryLine | None:
    concrete = [e for e in items if e.kind not in {"statement", "other"}]
    hidden = [e for e in concrete if e.status in {"described", "asserted-only"}]
    asserted = [e for e in items if e.kind == "other" and e.status == "asserted-only"]
    parts: list[str] = []
    ids: list[str] = []
    if hidden:
        kinds = []
        for e in hidden:
            w = MEDIA_WORD.get(e.kind, e.kind)
            if w not in kinds:
                kinds.append(w)
        how = ", only described" if all(e.status == "described" for e in hidden) else (
            ", only mentioned" if all(e.status == "asserted-only" for e in hidden) else "")
        parts.append(f"The {_join(kinds)} cited as evidence {'is' if kinds == ['data'] else 'are'} not shown or linked{how}")
        ids += [e.id for e in hidden]
    if asserted:
        quotes = _join([_quote(re.sub(r"^(?:has|have|had)\s+", "", e.span.text)) for e in asserted[:3]])
        parts.append(("and the rest of the evidence" if parts else "The evidence it cites") + f" is only asserted to exist ({quotes})")
        ids += [e.id for e in asserted]
    if parts:
        return SummaryLine(text=", ".join(parts) + ".", findings=ids)
    shown = [e for e in concrete if e.status in {"shown", "linked"}]
    if shown:
        return SummaryLine(text="The evidence it cites is shown or linked in the article.", findings=[e.id for e in shown])
    return None


def independence_line(src: Sourcing) -> SummaryLine:
    indep = [s for s in src.speakers if s.independent]
    if not indep:
        return SummaryLine(text="The text names no independent source.", findings=["sourcing"])
    names = _join([s.name for s in indep[:4]])
    return SummaryLine(text=f"It names {_n(len(indep), 'independent source')}: {names}.", findings=["sourcing", *[i for s in indep for i in s.attribution_ids]])


def headline_line(h: Headline, actors: Mapping[str, Actor], names: Mapping[str, str]) -> SummaryLine | None:
    if h.span is None or h.body_support == "unknown":
        return None
    who = _the(names.get(h.attributed_to or "", (h.attributed_to or "").removeprefix("party:")), actors, h.attributed_to)
    ids = ["headline", *h.body_claims]
    if h.attributed_to and h.body_support == "attributed":
        return SummaryLine(
            text=f"The headline attributes its claim to {who}, and the body too reports it only as that claim, never as established fact.",
            findings=ids,
        )
    if not h.attributed_to and h.body_support == "attributed":
        return SummaryLine(text="The headline states as fact what the body reports only as someone's claim.", findings=ids)
    if h.body_support == "fact":
        return SummaryLine(text="The body states the headline's assertion as fact, in the outlet's own voice.", findings=ids)
    if h.body_support == "absent":
        return SummaryLine(text="Nothing in the body carries the headline's assertion.", findings=ids)
    return None


def outlet_line(outlet: Outlet | None) -> SummaryLine | None:
    if outlet is None or not (outlet.name or outlet.domain) or not outlet.kind:
        return None
    name = _the(outlet.name, {}) if outlet.name else outlet.domain
    return SummaryLine(text=f"It was published by {name}, a {outlet.kind}.", findings=["outlet"])


def build_summary(parsed: ParsedArticle, findings: Mapping[str, Any]) -> list[SummaryLine]:
    """Three to six sentences from the findings (pure over the findings mapping)."""
    actors = {a.id: a for a in parsed.actors}
    src: Sourcing | None = findings.get("sourcing")
    names = {a.id: a.name for a in parsed.actors}
    if src is not None:
        names.update({s.actor: s.name for s in src.speakers})
    lines: list[SummaryLine | None] = []
    if src is not None:
        lines.append(voice_line(src, actors, len(findings.get("attributions") or [])))
        lines.extend(accused_lines(src, actors, names))
    lines.append(evidence_line(list(findings.get("evidence") or [])))
    if src is not None:
        lines.append(independence_line(src))
    if findings.get("headline") is not None:
        lines.append(headline_line(findings["headline"], actors, names))
    lines.append(outlet_line(findings.get("outlet")))
    out = [ln for ln in lines if ln is not None]
    if len(out) < 3:
        claims = findings.get("claims") or []
        if claims:
            worthy = [c for c in claims if c.checkworthiness >= 0.5]
            out.append(SummaryLine(text=f"It makes {_n(len(claims), 'claim')}, {len(worthy)} of them worth checking.", findings=[c.id for c in worthy]))
    return out[:6]


@analyzer(
    "summary",
    requires=("attributions", "claims", "evidence", "sourcing", "headline"),
    uses=("outlet", "factcheck_matches"),
    produces=("summary",),
)
def summary(parsed: ParsedArticle, findings: Mapping[str, Any]) -> dict[str, Any]:
    """Three to six plain sentences built from the findings, each pointing to what it rests on."""
    return {"summary": build_summary(parsed, findings)}
