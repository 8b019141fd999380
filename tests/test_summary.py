"""The plain-language summary: a few sentences from the findings, each pointing to what it rests on."""

from __future__ import annotations

import pytest

from fixture_gold import balanced_article, gold_findings
from newsift.analyzers.claims import build_claims
from newsift.analyzers.evidence import build_evidence
from newsift.analyzers.headline import build_headline
from newsift.analyzers.sourcing import build_sourcing
from newsift.analyzers.summary import build_summary
from newsift.schema import Outlet


@pytest.fixture(scope="module")
def gold_summary():
    parsed, f = gold_findings()
    return build_summary(parsed, f), f


def line_with(lines, *words):
    hits = [ln for ln in lines if all(w.lower() in ln.text.lower() for w in words)]
    assert hits, f"no summary sentence has {words}: {[ln.text for ln in lines]}"
    return hits[0]


def test_three_to_six_sentences(gold_summary):
    lines, _ = gold_summary
    assert 3 <= len(lines) <= 6
    assert all(ln.text.endswith(".") and ln.findings for ln in lines)


def test_says_nearly_all_content_comes_from_one_party(gold_summary):
    lines, _ = gold_summary
    ln = line_with(lines, "nearly all", "one party", "Russian Defense Ministry")
    assert "sourcing" in ln.findings and "a2" in ln.findings


def test_says_the_accused_party_is_not_heard(gold_summary):
    lines, f = gold_summary
    ln = line_with(lines, "accused", "not heard")
    accusations = {c.id for c in f["claims"] if c.type == "accusation"}
    assert accusations & set(ln.findings) and "a8" in ln.findings


def test_says_the_photos_are_not_shown(gold_summary):
    lines, f = gold_summary
    ln = line_with(lines, "photos", "not shown")
    photo = next(e for e in f["evidence"] if e.kind == "photo")
    assert photo.id in ln.findings


def test_says_no_independent_source(gold_summary):
    lines, _ = gold_summary
    assert line_with(lines, "no independent source").findings == ["sourcing"]


def test_every_pointer_names_a_real_finding(gold_summary):
    lines, f = gold_summary
    ids = {"sourcing", "headline", "outlet"} | {a.id for a in f["attributions"]}
    ids |= {c.id for c in f["claims"]} | {e.id for e in f["evidence"]}
    assert all(fid in ids for ln in lines for fid in ln.findings)


def test_balanced_article_summary_reports_what_is_there():
    parsed, atts = balanced_article()
    claims = build_claims(parsed, atts)
    evidence, claims = build_evidence(parsed, atts, claims)
    f = {"attributions": atts, "claims": claims, "evidence": evidence,
         "sourcing": build_sourcing(parsed, atts, claims), "headline": build_headline(parsed, atts, claims)}
    lines = build_summary(parsed, f)
    line_with(lines, "the army", "heard in its own words")
    line_with(lines, "1 independent source", "UN monitors")
    line_with(lines, "headline states as fact", "only as someone's claim")


def test_outlet_is_mentioned_when_that_analyzer_ran(gold_summary):
    parsed, f = gold_findings()
    lines = build_summary(parsed, {**f, "outlet": Outlet(name="Syrian Arab News Agency", kind="state news agency")})
    assert 3 <= len(lines) <= 6
    assert line_with(lines, "published by the Syrian Arab News Agency", "state news agency").findings == ["outlet"]


def test_e2e_fixture_summary(fixture_report):
    lines = fixture_report.summary
    assert 3 <= len(lines) <= 6
    line_with(lines, "nearly all", "one party", "Defense Ministry")
    line_with(lines, "accused", "not heard")
    line_with(lines, "photos", "not shown")
    line_with(lines, "no independent source")


def test_e2e_findings_reach_text_html_and_json_output(fixture_report):
    import json

    from newsift.render.html import to_html
    from newsift.render.text import to_text
    from newsift.schema import json_schema

    text = to_text(fixture_report, color=False, width=400)
    for needle in ("Summary", "no independent source", "NOT heard in its own words", "only inside statements of",
                   "Headline", "body carries it as: attributed", "Claims (check-worthiness)", "accuses",
                   "Evidence offered", "photo, described", "asserted-only"):
        assert needle in text, needle
    data = json.loads(fixture_report.model_dump_json())
    assert data["claims"][0]["targets"] and data["sourcing"]["accused_parties_heard"][0]["relayed_in"]
    assert "body_claims" in data["headline"] and data["summary"][0]["findings"]
    html = to_html(fixture_report)
    assert "relayed_by" in html and "body_claims" in html  # the report JSON the page renders
    defs = json_schema()["$defs"]
    assert {"targets", "speaker"} <= set(defs["Claim"]["properties"])
    assert {"relayed_by", "independent", "top_level"} <= set(defs["SpeakerShare"]["properties"])
    assert {"relayed_in", "own_words", "accused_by"} <= set(defs["AccusedParty"]["properties"])
