"""Headline check: what the headline asserts, whether it names its source, and how the body carries it.

* **asserts**: the content of the headline's attribution ("Ministry: X" → X), else the
  whole title.
* **attributed_to**: the speaker of that attribution; without one, a title shaped
  "Source: claim" or "claim, Source says" still names its source.
* **body_support**: the body claims that carry the headline's assertion are those sharing
  at least 60% of its content words (compared on their first five letters, so "supports"
  meets "support" and "directly" meets "direct"). If any of them is in the outlet's own
  voice the body states it as **fact**; if all are someone's statements it is only
  **attributed**; if none, **absent**.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newsift.analyzers.registry import analyzer
from newsift.claims.units import match_actor
from newsift.nlp import ParsedArticle
from newsift.schema import Attribution, Claim, Headline, make_span

STOP = frozenset(
    ["a", "an", "the", "of", "in", "on", "at", "to", "for", "by", "with", "from", "and", "or", "but", "as", "is", "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these", "those", "their", "there", "than", "then", "into", "over", "after", "before", "about", "says", "say", "said", "claims", "claim", "new"]
)
MATCH = 0.6  # share of the headline's content words a body claim must carry
SOURCE_FIRST = re.compile(r"^(?P<src>[A-Z][^:]{2,60}?):\s+(?P<claim>\S.*)$")
SOURCE_LAST = re.compile(r"^(?P<claim>.+?)[,:–—-]\s+(?P<src>[A-Z][\w .'-]{2,60}?)\s+(?:says|said|claims|warns|reports)\.?$")


def stems(text: str) -> set[str]:
    """Content words without -ing/-ed/-s/-ly, cut to five letters (a crude stemmer: no lemmatizer runs)."""
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP and len(w) > 1]
    return {(re.sub(r"(?:ing|ed|es|s|ly)$", "", w) if len(w) > 4 else w)[:5] for w in words}


def build_headline(parsed: ParsedArticle, attributions: list[Attribution], claims: list[Claim]) -> Headline:
    """The headline finding (pure; see the module docstring)."""
    art = parsed.article
    text = art.text
    span = art.title_span
    if span is None and art.title and (pos := text.find(art.title.strip(), 0, 400)) >= 0:
        span = make_span(text, pos, pos + len(art.title.strip()))  # a title run into the first sentence
    if span is None:
        return Headline(span=None, body_support="unknown", explanation="no headline in the input")
    head_att = next(
        (a for a in attributions if a.kind == "headline" or (span.start <= a.cue.start < span.end and not a.parent)), None
    )
    attributed_to: str | None = None
    who = None
    if head_att is not None:
        asserts = " … ".join(c.text for c in head_att.content if c.start < span.end) or span.text
        attributed_to = head_att.speaker or (f"party:{head_att.speaker_name}" if head_att.speaker_name else None)
        who = head_att.speaker_name or (head_att.source.text if head_att.source else None)
        how = f"attributed to {who} by the headline's own wording ({head_att.kind} attribution {head_att.id}, cue '{head_att.cue.text}')"
    elif (m := SOURCE_FIRST.match(span.text)) or (m := SOURCE_LAST.match(span.text)):
        asserts = m.group("claim").strip()
        s = span.start + m.start("src")
        actor = match_actor(parsed.actors, s, s + len(m.group("src")), m.group("src"))
        attributed_to = actor.id if actor else f"party:{m.group('src').strip()}"
        who = actor.name if actor else m.group("src").strip()
        how = f"attributed to {who} by the title's shape ('Source: claim' or 'claim, Source says')"
    else:
        asserts = span.text
        how = "not attributed: the headline states it in the outlet's own voice"
    want = stems(asserts)
    scored: list[tuple[float, Claim]] = []
    for c in claims:
        if c.span.start < span.end or not want:
            continue
        score = len(want & stems(c.span.text)) / len(want)
        if score >= MATCH:
            scored.append((score, c))
    scored.sort(key=lambda sc: (-sc[0], sc[1].span.start))
    matches = [c for _, c in scored]
    if not matches:
        support, body = "absent", "no body claim carries 60% of its content words"
    elif any(c.asserted_by == "outlet" for c in matches):
        c = next(c for c in matches if c.asserted_by == "outlet")
        support, body = "fact", f"the body states it in the outlet's own voice ({c.id})"
    else:
        speakers = sorted({c.speaker_name or c.asserted_by for c in matches})
        support = "attributed"
        body = f"the body carries it only as {', '.join(speakers)}'s claim ({', '.join(c.id for c in matches)}), never as fact"
    return Headline(
        span=span, asserts=asserts, attributed_to=attributed_to, body_support=support,  # type: ignore[arg-type]
        body_claims=[c.id for c in matches],
        explanation=f"{how}; {body}.",
    )


@analyzer("headline", requires=("attributions", "claims"), produces=("headline",))
def headline(parsed: ParsedArticle, findings: Mapping[str, Any]) -> dict[str, Any]:
    """What the headline asserts, whether it is attributed, and whether the body carries it as fact or as a claim."""
    return {"headline": build_headline(parsed, list(findings.get("attributions") or []), list(findings.get("claims") or []))}
