"""Evidence: what the text offers in support of its claims, and whether a reader can see it."""

from __future__ import annotations

import pytest

from fixture_gold import att, balanced_article, gold_findings, parsed_text
from newsift.analyzers.claims import build_claims
from newsift.analyzers.evidence import build_evidence


@pytest.fixture(scope="module")
def gold():
    _, f = gold_findings()
    return f


def item(evidence, text):
    hits = [e for e in evidence if text in e.span.text]
    assert len(hits) == 1, f"expected one evidence item with {text!r}, got {[e.span.text for e in evidence]}"
    return hits[0]


def claim_text(claims, cid):
    return next(c.span.text for c in claims if c.id == cid)


def test_fixture_photos_are_described_not_shown(gold):
    photos = item(gold["evidence"], "photos")
    assert photos.kind == "photo"
    assert photos.status == "described"  # who released them, when, what they are said to show; no image, no link
    assert photos.offered_by == "a3"
    assert [claim_text(gold["claims"], c) for c in photos.claims] == ["showed the Daesh convoys leaving the Syrian city of al-Boukamal"]
    assert "only its owner's word" in photos.explanation


def test_fixture_unspecified_evidence_is_asserted_only(gold):
    for words, attribution in (("has revealed evidence", "a2"), ("revealed facts", "a4"), ("There is indisputable evidence", "a14")):
        e = item(gold["evidence"], words)
        assert (e.kind, e.status, e.offered_by) == ("other", "asserted-only", attribution)
        assert len(e.claims) == 1


def test_fixture_flags_are_a_physical_object_offered_for_the_previous_claim(gold):
    flags = item(gold["evidence"], "flags")
    assert flags.span.text == "the SDF flags were found in Abu Kamal"
    assert (flags.kind, flags.status, flags.offered_by) == ("physical", "described", "a13")
    supported = [claim_text(gold["claims"], c) for c in flags.claims]
    assert supported[0].startswith("the plan stipulated that Daesh would play a role")  # "To support the claim, …"
    assert "the SDF flags were found in Abu Kamal" in supported


def test_fixture_statement_is_quoted_so_shown_as_a_statement_only(gold):
    st = [e for e in gold["evidence"] if e.kind == "statement"]
    assert len(st) == 1 and st[0].status == "shown"
    assert "not that what it says is true" in st[0].explanation
    assert len(st[0].claims) >= 5


def test_nothing_in_the_fixture_is_shown_or_linked_except_the_quoted_statement(gold):
    assert {e.status for e in gold["evidence"] if e.kind != "statement"} <= {"described", "asserted-only"}
    assert len(gold["evidence"]) == 6


def test_claims_point_back_to_their_evidence(gold):
    by_id = {e.id: e for e in gold["evidence"]}
    for c in gold["claims"]:
        for eid in c.evidence:
            assert c.id in by_id[eid].claims
    for e in gold["evidence"]:
        for cid in e.claims:
            assert e.id in next(c for c in gold["claims"] if c.id == cid).evidence


def test_caption_makes_a_photo_shown_and_a_finder_makes_an_object_described():
    parsed, atts = balanced_article()
    claims = build_claims(parsed, atts)
    evidence, _ = build_evidence(parsed, atts, claims)
    assert item(evidence, "Photo").status == "shown"
    frag = item(evidence, "fragments")
    assert (frag.kind, frag.status, frag.offered_by) == ("physical", "described", "a3")


def test_url_makes_evidence_linked_and_documents_with_provenance_described():
    text = ("Leaked documents obtained by the newspaper on Monday show that the ministry paid the contractor twice. "
            "The full video is available at https://example.org/video/123 and shows the raid.")
    parsed = parsed_text(text)
    claims = build_claims(parsed, [])
    evidence, _ = build_evidence(parsed, [], claims)
    assert (item(evidence, "documents").kind, item(evidence, "documents").status) == ("document", "described")
    assert (item(evidence, "video").kind, item(evidence, "video").status) == ("video", "linked")


def test_bare_claim_of_proof_is_asserted_only():
    text = "There is clear proof that the election was rigged, the party said."
    parsed = parsed_text(text)
    a = att(parsed.article.text, "a1", "said", "There is clear proof that the election was rigged", "the party", source="the party")
    evidence, _ = build_evidence(parsed, [a], build_claims(parsed, [a]))
    assert [(e.kind, e.status, e.offered_by) for e in evidence] == [("other", "asserted-only", "a1")]


def test_e2e_fixture_evidence(fixture_report):
    ev = fixture_report.evidence
    photos = [e for e in ev if e.kind == "photo"]
    assert photos and all(e.status not in {"shown", "linked"} for e in photos)
    assert any(e.status == "asserted-only" and "indisputable evidence" in e.span.text for e in ev)
    assert any(e.kind == "physical" and "SDF flags" in e.span.text for e in ev)


def test_agency_photo_credit_counts_as_a_caption():
    text = "Troops entered the town on Monday, the ministry said. AP Photo Jane Doe"
    parsed = parsed_text(text)
    evidence, _ = build_evidence(parsed, [], build_claims(parsed, []))
    assert [(e.kind, e.status) for e in evidence] == [("photo", "shown")]
