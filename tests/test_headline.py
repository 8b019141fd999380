"""Headline: what it asserts, whether it names its source, and how the body carries it."""

from __future__ import annotations

from fixture_gold import att, balanced_article, gold_findings, parsed_text
from newsift.analyzers.claims import build_claims
from newsift.analyzers.headline import build_headline, stems


def test_fixture_headline_is_attributed_and_the_body_carries_it_only_as_a_claim():
    _, f = gold_findings()
    h = f["headline"]
    assert h.span.text == "Russian Defense Ministry: US-led coalition directly supports Daesh in Syria"
    assert h.asserts == "US-led coalition directly supports Daesh in Syria"
    assert h.attributed_to == "russian-defense-ministry"
    assert h.body_support == "attributed"
    carried = [c for c in f["claims"] if c.id in h.body_claims]
    assert carried and all(c.asserted_by != "outlet" and c.speaker == "russian-defense-ministry" for c in carried)
    assert carried[0].span.text.startswith("the liberation of al-Boukamal city has revealed evidence of direct support")


def test_title_shape_names_the_source_without_a_headline_attribution():
    parsed, atts = gold_findings()[0], [a for a in gold_findings()[1]["attributions"] if a.kind != "headline"]
    h = build_headline(parsed, atts, build_claims(parsed, atts))
    assert h.attributed_to == "russian-defense-ministry" and h.body_support == "attributed"


def test_unattributed_headline_over_an_attributed_body():
    parsed, atts = balanced_article()
    h = build_headline(parsed, atts, build_claims(parsed, atts))
    assert h.attributed_to is None
    assert h.body_support == "attributed" and "not attributed" in h.explanation


def test_body_states_the_headline_as_fact():
    parsed = parsed_text("Floods kill 40 in northern province\n\nFloods killed at least 40 people in the northern province on Monday.")
    h = build_headline(parsed, [], build_claims(parsed, []))
    assert h.body_support == "fact"


def test_body_does_not_carry_the_headline():
    text = "Minister to resign over scandal\n\nThe city council approved a new budget for parks, the mayor said."
    parsed = parsed_text(text)
    a = att(parsed.article.text, "a1", "said", "The city council approved a new budget for parks", "mayor", source="the mayor")
    h = build_headline(parsed, [a], build_claims(parsed, [a]))
    assert h.body_support == "absent" and h.body_claims == []


def test_stems_meet_across_inflections():
    assert stems("supports directly") == stems("support direct")
    assert stems("Floods kill") == stems("floods killed")


def test_e2e_fixture_headline(fixture_report):
    h = fixture_report.headline
    assert h is not None and h.attributed_to is not None
    assert h.body_support == "attributed"
