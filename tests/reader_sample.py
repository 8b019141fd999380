"""A hand-built report for the serve/reader tests: every kind of finding, with nesting and
overlaps, over a short article written for these tests (no corpus text)."""

from __future__ import annotations

from newsift.schema import (
    AccusedParty,
    Actor,
    Article,
    Attribution,
    Claim,
    Evidence,
    FactcheckMatch,
    FactcheckRecord,
    Headline,
    Outlet,
    Rating,
    RemovedText,
    Report,
    Sourcing,
    SpeakerShare,
    SummaryLine,
    Technique,
    make_span,
)

TEXT = (
    "Ministry says rebels used banned weapons\n\n"
    "Riverton – The Defense Ministry said on Monday that rebels had used banned weapons near the city. "
    "“We have photos that prove it,” spokesman Ali Hamid told reporters.\n\n"
    "Hamid said the ministry claimed that the rebels “are lying to the whole world.”\n\n"
    "The opposition denied the accusation, saying the photos were fabricated. "
    "Such shameful lies will never succeed."
)


def span(sub: str, nth: int = 0):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return make_span(TEXT, start, start + len(sub))


def sample_report() -> Report:
    article = Article(
        id="sample",
        title="Ministry says rebels used banned weapons",
        title_span=span("Ministry says rebels used banned weapons"),
        text=TEXT,
        outlet="example-agency.test",
        removed=[RemovedText(span_text="Read also: Minister meets envoy", reason="page residue: related-article teaser")],
        warnings=["W103: 1 trailing page-residue block(s) moved to article.removed"],
    )
    actors = [
        Actor(id="A1", name="Defense Ministry", kind="org", aliases=["the ministry"]),
        Actor(id="A2", name="Ali Hamid", kind="person", aliases=["Hamid"]),
        Actor(id="A3", name="the opposition", kind="group"),
    ]
    atts = [
        Attribution(id="T1", kind="indirect", cue=span("said", 0), source=span("The Defense Ministry"), speaker="A1",
                    speaker_name="Defense Ministry", content=[span("rebels had used banned weapons near the city")],
                    verb_class="neutral", explanation="rule: ccomp of reporting verb", confidence=0.9),
        Attribution(id="T2", kind="direct", cue=span("told"), source=span("spokesman Ali Hamid"), speaker="A2",
                    speaker_name="Ali Hamid", content=[span("We have photos that prove it,")], verb_class="neutral",
                    explanation="rule: quote + nearest speech verb"),
        Attribution(id="T3", kind="indirect", cue=span("said", 1), source=span("Hamid", 1), speaker="A2",
                    speaker_name="Ali Hamid", content=[span("the ministry claimed that the rebels “are lying to the whole world.”")],
                    verb_class="neutral", explanation="rule: ccomp of reporting verb"),
        Attribution(id="T4", kind="mixed", cue=span("claimed"), source=span("the ministry", 0), speaker="A1",
                    speaker_name="Defense Ministry", content=[span("the rebels “are lying to the whole world.”")],
                    parent="T3", verb_class="distancing", explanation="rule: nested ccomp"),
        Attribution(id="T5", kind="indirect", cue=span("saying"), source=span("The opposition"), speaker="A3",
                    speaker_name="the opposition", content=[span("the photos were fabricated")], verb_class="neutral",
                    explanation="rule: participial reporting verb"),
    ]
    claims = [
        Claim(id="C1", span=span("rebels had used banned weapons near the city"), checkworthiness=0.91, type="accusation",
              asserted_by="T1", evidence=["V1"], explanation="model: check-worthiness"),
        Claim(id="C2", span=span("Such shameful lies will never succeed."), checkworthiness=0.22, type="opinion",
              asserted_by="outlet", explanation="model: check-worthiness"),
    ]
    evidence = [Evidence(id="V1", span=span("photos that prove it"), kind="photo", status="asserted-only", offered_by="T2",
                         claims=["C1"], explanation="rule: evidence noun, not shown")]
    techniques = [
        Technique(span=span("shameful lies"), label="Loaded_Language", confidence=0.81, explanation="model: span classifier"),
        Technique(span=span("lying to the whole world"), label="Exaggeration,Minimisation", confidence=0.55,
                  explanation="model: span classifier"),
    ]
    sourcing = Sourcing(
        speakers=[
            SpeakerShare(actor="A1", name="Defense Ministry", share_of_text=0.21, attributions=2, attribution_ids=["T1", "T4"]),
            SpeakerShare(actor="A2", name="Ali Hamid", share_of_text=0.27, attributions=2, attribution_ids=["T2", "T3"]),
            SpeakerShare(actor="A3", name="the opposition", share_of_text=0.07, attributions=1, attribution_ids=["T5"]),
        ],
        independent_sources=1,
        accused_parties_heard=[AccusedParty(actor="A4", name="rebels", heard=False, accused_in=["C1"])],
        outlet_voice_share=0.31,
        explanation="shares of characters",
    )
    outlet = Outlet(
        name="Example Agency", domain="example-agency.test", kind="state agency", country="Nowhere",
        ratings=[
            Rating(source="Lin et al. 2023 (PNAS Nexus)", value=0.31, scale="0–1, 1 = most reliable"),
            Rating(source="Wikipedia perennial sources", value=None, scale="consensus status"),
        ],
        identified_by="metadata",
    )
    matches = [FactcheckMatch(
        claim="C1", claim_span=claims[0].span,
        record=FactcheckRecord(id="R1", title="Rebels used banned weapons near Riverton", verdict="disinformation",
                               publisher="EUvsDisinfo", url="https://example.invalid/case/1", date="2017-11-20"),
        score=0.83, method="bm25+embedding", timing="prior")]
    return Report(
        article=article, actors=actors, attributions=atts, claims=claims, evidence=evidence, techniques=techniques,
        sourcing=sourcing, headline=Headline(span=article.title_span, asserts="rebels used banned weapons",
                                             attributed_to="A1", body_support="attributed"),
        outlet=outlet, factcheck_matches=matches,
        summary=[SummaryLine(text="Two speakers carry most of the article; the accused rebels are not heard.", findings=["T1"])],
        newsift_version="test",
    )
