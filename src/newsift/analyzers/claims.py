"""Claims: what the article asserts, who asserts it, how hedged, how check-worthy.

Each claim unit (see :mod:`newsift.claims.units`) gets

* ``asserted_by``: the attribution whose content it is, or ``"outlet"`` for the outlet's
  own words;
* ``type`` by rules, first match wins: *accusation* (a wrongdoing word whose doer is a
  named party: "the coalition's aviation tried to … shield militants"), *quantity* (a
  number that is not a date), *causal* ("because", "led to"), *prediction* ("will", "is
  expected to"), *opinion* (evaluative or modal wording), *event* (a finite verb in the
  past or present), else *other*;
* ``hedges``: distancing adverbs and modals ("reportedly", "allegedly", "may"), a
  distancing cue ("claimed"), evidence reported by its owner ("photos they said showed"),
  and scare quotes (a short single-quoted phrase inside the content);
* ``checkworthiness``: the probability from the linear ClaimBuster model
  (:mod:`newsift.claims.checkworthiness`), with the n-grams that raised it as reasons.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newsift.analyzers.registry import analyzer
from newsift.claims import units as U
from newsift.claims.checkworthiness import load_model
from newsift.nlp import ParsedArticle
from newsift.schema import Attribution, Claim, Hedge, Target, make_span

HEDGE_WORDS = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|supposedly|apparently|ostensibly|seemingly|presumably|"
    r"possibly|probably|perhaps|likely|unconfirmed|unverified|"
    r"(?:is|are|was|were) (?:said|believed|thought|understood|reported|alleged|claimed|rumou?red) to|"
    r"it is (?:claimed|alleged|said|believed)|may|might|could)\b",
    re.I,
)
EVIDENCE_NOUN = re.compile(r"\b(?:photos?|photographs?|images?|pictures?|videos?|footage|documents?|recordings?)\s*$", re.I)
SCARE_QUOTES = re.compile(r"[‘'](?P<q>[^‘’'\n]{2,60}?)[’']")
NUMBER = re.compile(r"\b\d[\d,.]*\b(?!\s*(?:am|pm|a\.m\.|p\.m\.))|\b(?:hundreds?|thousands?|millions?|billions?|dozens?|percent)\b", re.I)
DATEY = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2}\b", re.I,
)
CAUSAL = re.compile(r"\b(?:because|due to|as a result|caused|causes|causing|led to|leads to|resulted in|results in|thanks to|owing to|blamed .* for|responsible for)\b", re.I)
PREDICTION = re.compile(r"\b(?:will|shall|is expected to|are expected to|is set to|are set to|is likely to|are likely to|is going to|are going to|forecasts?|predicts?)\b", re.I)
OPINION = re.compile(
    r"\b(?:should|must|ought to|i think|i believe|we believe|i feel|in my (?:view|opinion)|"
    r"great|terrible|disgraceful|shameful|outrageous|ridiculous|wonderful|awful|best|worst|unacceptable|"
    r"deplorable|heroic|brave|cowardly|disgusting|absurd|irresponsible|appalling)\b", re.I,
)


def claim_type(text: str, has_target: bool, finite_past_or_present: bool) -> tuple[str, str]:
    """(type, rule that fired), in the precedence order of the module docstring."""
    if has_target:
        return "accusation", "a wrongdoing word with a named doer"
    nums = [m for m in NUMBER.finditer(text) if not any(d.start() <= m.start() < d.end() for d in DATEY.finditer(text))]
    if nums:
        return "quantity", f"a number ({nums[0].group(0)!r})"
    if m := CAUSAL.search(text):
        return "causal", f"causal wording ({m.group(0)!r})"
    if m := PREDICTION.search(text):
        return "prediction", f"future wording ({m.group(0)!r})"
    if m := OPINION.search(text):
        return "opinion", f"evaluative or modal wording ({m.group(0)!r})"
    if finite_past_or_present:
        return "event", "a finite verb reporting what happened or is the case"
    return "other", "no rule fired"


def find_hedges(text: str, unit: U.Unit, att: Attribution | None) -> list[Hedge]:
    hedges: list[Hedge] = []
    for m in HEDGE_WORDS.finditer(text, unit.start, unit.end):
        hedges.append(Hedge(span=make_span(text, m.start(), m.end()), kind=m.group(0).lower()))
    for m in SCARE_QUOTES.finditer(text, unit.start, min(len(text), unit.end + 2)):
        ascii_ok = text[m.start()] != "'" or m.start() == 0 or not text[m.start() - 1].isalnum()
        if 1 <= len(m.group("q").split()) <= 6 and ascii_ok:
            hedges.append(Hedge(span=make_span(text, m.start(), m.end()), kind="scare quotes"))
    if att is not None:
        if att.verb_class == "distancing":
            hedges.append(Hedge(span=att.cue, kind=f"distancing verb ({att.cue.text})"))
        frame_start = min([att.cue.start] + ([att.source.start] if att.source else []))
        before = text[max(0, frame_start - 40):frame_start]
        if att.cue.end <= unit.start and (m := EVIDENCE_NOUN.search(before)):
            start = frame_start - len(before) + m.start()
            hedges.append(Hedge(span=make_span(text, start, att.cue.end), kind="reported evidence"))
    return hedges


def _speaker(att: Attribution | None, actors_by_id: Mapping[str, str]) -> tuple[str | None, str | None]:
    if att is None:
        return None, None
    name = att.speaker_name or (actors_by_id.get(att.speaker) if att.speaker else None) or (att.source.text if att.source else None)
    return att.speaker, name


def build_claims(parsed: ParsedArticle, attributions: list[Attribution]) -> list[Claim]:
    """The claims of ``parsed``, given its attributions (pure: used by tests with gold attributions)."""
    art = parsed.article
    text = art.text
    doc = parsed.doc
    skip = []
    if art.dateline and art.dateline.span:
        skip.append((art.dateline.span.start, art.dateline.span.end))
    units = U.extract_units(text, doc, attributions, skip)
    if not units:
        return []
    model = load_model()
    scores = model.scores([text[u.start:u.end] for u in units])
    names = U.actor_names(parsed.actors)
    offsets = U.finite_offsets(doc)
    claims: list[Claim] = []
    for i, (u, score) in enumerate(zip(units, scores, strict=True), start=1):
        att = u.attribution
        speaker, speaker_name = _speaker(att, names)
        targets: list[Target] = []
        for ft in U.find_targets(text, doc, u.start, u.end):
            actor = U.match_actor(parsed.actors, ft.start, ft.end, ft.name)
            if actor is not None and actor.id == speaker:
                continue
            aid = actor.id if actor else "party:" + ft.name.lower()
            if aid in {t.actor for t in targets}:
                continue
            targets.append(Target(actor=aid, name=actor.name if actor else ft.name, span=make_span(text, ft.start, ft.end)))
        finite = U.has_finite(offsets, u.start, u.end) if doc is not None else True
        ctype, rule = claim_type(text[u.start:u.end], bool(targets), finite)
        reasons = [f"model {score:.2f}" + (
            " (raised by " + ", ".join(f"'{g}'" for g, _ in model.top_ngrams(text[u.start:u.end])) + ")"
            if score >= 0.5 else "")]
        if targets:
            reasons.append("accuses " + ", ".join(t.name for t in targets))
        if ctype == "quantity":
            reasons.append(rule)
        hedges = find_hedges(text, u, att)
        who = "the outlet (its own words)" if att is None else f"{speaker_name or 'an unresolved speaker'} via [{att.id}] {att.kind} '{att.cue.text}'"
        claims.append(Claim(
            id=f"c{i}",
            span=make_span(text, u.start, u.end),
            checkworthiness=round(float(score), 4),
            type=ctype,  # type: ignore[arg-type]
            asserted_by=u.asserted_by,
            speaker=speaker,
            speaker_name=speaker_name,
            hedges=hedges,
            targets=targets,
            reasons=reasons,
            explanation=f"asserted by {who}; type {ctype}: {rule}" + (f"; {'; '.join(u.notes)}" if u.notes else ""),
        ))
    return claims


@analyzer("claims", requires=("attributions",), produces=("claims",))
def claims(parsed: ParsedArticle, findings: Mapping[str, Any]) -> dict[str, Any]:
    """Claim units with who asserts them, type, hedges and check-worthiness."""
    return {"claims": build_claims(parsed, list(findings.get("attributions") or []))}
