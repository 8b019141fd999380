"""Sourcing balance: whose voice fills the article, who is accused, who is missing."""

from __future__ import annotations

import pytest

from fixture_gold import balanced_article, gold_findings
from newsift.analyzers.claims import build_claims
from newsift.analyzers.sourcing import build_sourcing, party_key


@pytest.fixture(scope="module")
def src():
    _, f = gold_findings()
    return f["sourcing"]


def test_one_party_fills_the_fixture(src):
    top = src.speakers[0]
    assert top.name == "Russian Defense Ministry"
    assert top.share_of_text > 0.8
    assert top.attributions == 11 and top.top_level == 11
    assert src.outlet_voice_share < 0.1


def test_other_voices_speak_only_inside_the_ministry_statement(src):
    others = {s.name: s for s in src.speakers[1:]}
    assert set(others) == {"Russian forces command", "US side", "Russian military representatives"}
    for s in others.values():
        assert s.top_level == 0 and s.relayed_by == ["russian-defense-ministry"] and not s.independent


def test_accused_party_is_characterized_by_its_accuser_not_heard(src):
    assert len(src.accused_parties_heard) == 1
    us = src.accused_parties_heard[0]
    assert us.actor == "us-side" and us.heard is False
    assert us.accused_by == ["russian-defense-ministry"]
    assert us.own_words == [] and us.relayed_in == ["a8"]
    assert len(us.accused_in) >= 6
    assert "characterized by its accuser" in us.explanation
    assert "top-level attribution" in us.explanation  # the rule is stated


def test_no_independent_source_in_the_fixture(src):
    assert src.independent_sources == 0


def test_outlet_voice_is_the_unattributed_text(src):
    texts = [s.text for s in src.outlet_voice]
    assert "On Tuesday morning, the Russian Defense Ministry released photos" in texts
    assert "that" not in texts


def test_balanced_article_hears_the_accused_and_an_independent_source():
    parsed, atts = balanced_article()
    s = build_sourcing(parsed, atts, build_claims(parsed, atts))
    army = next(p for p in s.accused_parties_heard if p.actor == "army")
    assert army.heard and army.own_words == ["a2"]
    assert s.independent_sources == 1
    assert [x.name for x in s.speakers if x.independent] == ["UN monitors"]


def test_party_keys_fold_country_names():
    assert party_key("United States") == party_key("US side") == party_key("US-led coalition") == {"us"}
    assert party_key("Russian forces command") == party_key("Russian Defense Ministry") == {"russia"}
    assert party_key("Amnesty Watch") == {"amnesty", "watch"}


def test_e2e_fixture_sourcing(fixture_report):
    src = fixture_report.sourcing
    assert src is not None
    top = src.speakers[0]
    assert "Defense Ministry" in top.name and top.share_of_text > 0.75
    assert src.independent_sources == 0
    assert src.accused_parties_heard and not any(p.heard for p in src.accused_parties_heard)
    assert any(party_key(p.name) & {"us"} for p in src.accused_parties_heard)
