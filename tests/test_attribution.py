"""Attribution: who says what, on the canonical fixture and on sentences written for each construction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsift.analyzers.attribution import extract_attributions
from newsift.ingest import article_from_text
from newsift.nlp.actors import build_actors
from newsift.nlp.model import load_nlp

FIXTURE_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "sana-2017-abu-kamal.attributions.jsonl"


def analyze(text: str):
    art = article_from_text(text)
    doc = load_nlp()(art.text)
    build_actors(doc, art)
    return art.text, extract_attributions(doc, art)


def only(atts, **where):
    hits = [a for a in atts if all(getattr(a, k) == v for k, v in where.items())]
    assert len(hits) == 1, f"expected one attribution with {where}, got {[(a.kind, a.cue.text, a.speaker_name) for a in atts]}"
    return hits[0]


def content_text(a) -> str:
    return " ".join(c.text for c in a.content)


# --- the canonical fixture ------------------------------------------------------------------

@pytest.fixture(scope="module")
def fixture_result(fixture_text):
    gold = json.loads(FIXTURE_GOLD.read_text(encoding="utf-8").splitlines()[0])
    text, atts = analyze(fixture_text)
    return gold, text, atts


def test_fixture_all_14_found_no_false_positive(fixture_result):
    from newsift.eval._attribution_score import score_doc

    gold, _text, atts = fixture_result
    pred = {"attributions": [{"cue": a.cue.model_dump(), "source": a.source.model_dump() if a.source else None,
                              "speaker": a.speaker_name, "content": [c.model_dump() for c in a.content]} for a in atts]}
    counts, pairs = score_doc(gold, pred)
    assert counts.prf()[2] == 1.0
    assert counts.spk == 14  # strict names, incl. "Russian military representatives" (see the affiliation test)
    # kinds and nesting as in the gold
    by_gold = {gold["attributions"][gi]["id"]: atts[pi] for gi, pi in pairs}
    for g in gold["attributions"]:
        assert by_gold[g["id"]].kind == g["kind"], g["id"]
    for child, parent in (("a7", "a6"), ("a8", "a9"), ("a13", "a12")):
        assert by_gold[child].parent == by_gold[parent].id


def test_fixture_spans_are_exact_and_every_attribution_explains_itself(fixture_result):
    _gold, text, atts = fixture_result
    for a in atts:
        assert a.explanation.split(":")[0] in a.explanation and a.explanation
        for sp in [a.cue, *a.content] + ([a.source] if a.source else []):
            assert text[sp.start:sp.end] == sp.text


def test_fixture_pronoun_and_metonym_speakers(fixture_result):
    _gold, _text, atts = fixture_result
    assert only(atts, cue=next(a.cue for a in atts if a.cue.text == "added" and a.source.text == "it")).speaker_name \
        == "Russian Defense Ministry"
    assert only(atts, kind="according_to", verb_class="neutral", cue=next(
        a.cue for a in atts if a.cue.text == "read")).speaker_name == "Russian Defense Ministry"
    assert next(a for a in atts if a.cue.text == "claiming").verb_class == "distancing"
    assert next(a for a in atts if a.cue.text == "pointed out").verb_class == "factive"


# --- constructions, one sentence each -----------------------------------------------------------

def test_direct_quote_with_cue_after_and_curly_marks():
    _t, atts = analyze("“We will not negotiate with them,” the spokesman said on Monday.")
    a = only(atts, kind="direct")
    assert content_text(a) == "We will not negotiate with them"
    assert a.cue.text == "said" and a.speaker_name == "spokesman" and a.verb_class == "neutral"


def test_inverted_order_with_appositive_straight_quotes():
    _t, atts = analyze('"Prices will rise again next year," said Maria Lopez, an economist at the central bank.')
    a = only(atts, kind="direct")
    assert a.speaker_name == "Maria Lopez"
    assert content_text(a).startswith("Prices will rise")


def test_appositive_before_the_cue():
    _t, atts = analyze("John Smith, a spokesman for Acme Corporation, said the plant would close in May.")
    a = only(atts, kind="indirect")
    assert a.speaker_name == "John Smith"
    assert content_text(a) == "the plant would close in May"


def test_indirect_speech_with_and_without_that_and_factive_cue():
    _t, atts = analyze("The mayor said the bridge was safe. The inspectors pointed out that two cables had snapped.")
    said = only(atts, cue=next(a.cue for a in atts if a.cue.text == "said"))
    assert content_text(said) == "the bridge was safe" and said.kind == "indirect"
    pointed = next(a for a in atts if a.cue.text == "pointed out")
    assert pointed.verb_class == "factive" and content_text(pointed) == "two cables had snapped"


def test_multi_paragraph_quote_reopened_on_each_paragraph():
    text = ("“The first part of the statement explains the decision in detail.\n\n"
            "“The second part lists the conditions for any further talks,” the minister said.")
    _t, atts = analyze(text)
    a = only(atts, kind="direct")
    assert a.content[0].start == 1 and "further talks" in content_text(a)


def test_unbalanced_quote_marks_do_not_break_extraction():
    text = ("“The talks have failed, the envoy said in a statement.\n\n"
            "The foreign minister said the border would stay closed.")
    _t, atts = analyze(text)
    assert any(a.speaker_name == "foreign minister" and "border" in content_text(a) for a in atts)


def test_follow_on_quote_with_pronoun_resolves_to_the_organisation():
    text = ("The Ruritanian Interior Ministry said the protest was illegal. "
            "“Anyone who joins it will be fined,” it added.")
    _t, atts = analyze(text)
    a = next(a for a in atts if a.cue.text == "added")
    assert a.kind == "direct" and a.speaker_name == "Ruritanian Interior Ministry"


def test_mixed_quote_is_indirect_content_with_a_quoted_fragment():
    _t, atts = analyze("The ministry said the vote was a “complete farce” and should be repeated.")
    a = only(atts, kind="mixed")
    assert "complete farce" in content_text(a)


def test_according_to_before_and_after_the_clause():
    _t, atts = analyze("According to the police, three people were arrested. The fire started at night, according to witnesses.")
    acc = [a for a in atts if a.kind == "according_to"]
    assert {a.speaker_name for a in acc} == {"police", "witnesses"}
    assert any(content_text(a) == "three people were arrested" for a in acc)


def test_headline_colon_attribution():
    text = "Ministry of Health: vaccine supplies will last the winter\n\nThe ministry published figures on Monday."
    _t, atts = analyze(text)
    a = only(atts, kind="headline")
    assert a.cue.text == ":" and content_text(a) == "vaccine supplies will last the winter"


def test_nested_attribution_gets_its_parent():
    _t, atts = analyze("The agency said the company had claimed that the data were accurate.")
    outer = next(a for a in atts if a.cue.text == "said")
    inner = next(a for a in atts if a.cue.text == "claimed")
    assert inner.parent == outer.id and inner.verb_class == "distancing"
    assert content_text(inner) == "the data were accurate"


def test_scare_quotes_and_titles_are_not_speech():
    _t, atts = analyze("The so-called ‘peace plan’ was discussed at length. Critics watched the film “Dark Waters” twice.")
    assert atts == []


def test_cognition_and_perception_cues():
    _t, atts = analyze("Dr. Amara Diallo believes the outbreak is slowing. Residents saw that the river had risen.")
    assert next(a for a in atts if a.cue.text == "believes").verb_class == "cognition"
    assert next(a for a in atts if a.cue.text == "saw").verb_class == "perception"


def test_pronoun_he_resolves_to_the_person_not_the_organisation():
    text = ("Acme Corporation hired Peter Novak as chief executive. "
            "He said the company would grow.")
    _t, atts = analyze(text)
    assert only(atts, kind="indirect").speaker_name == "Peter Novak"


def test_image_credit_attributes_the_caption():
    text = "Rescue workers search the rubble. Image: Ruritanian Red Cross.\nThe earthquake struck at dawn."
    _t, atts = analyze(text)
    a = only(atts, kind="other")
    assert a.source.text == "Ruritanian Red Cross" and content_text(a).startswith("Rescue workers search the rubble")


def test_the_analyzer_is_registered_and_runs_in_the_pipeline(fixture_report):
    assert "attribution" in fixture_report.analyzers
    assert len(fixture_report.attributions) == 14
    ids = {a.id for a in fixture_report.actors}
    assert all(a.speaker in ids for a in fixture_report.attributions if a.speaker)


def test_bare_role_description_in_a_statement_takes_the_speakers_nationality():
    text = ("The Freedonian Foreign Ministry said that “the border stayed open all week. "
            "To prove it, the inspectors said that no convoy had been stopped.”")
    _t, atts = analyze(text)
    inner = next(a for a in atts if a.cue.text == "said" and a.parent)
    assert inner.speaker_name == "Freedonian inspectors"
    assert "affiliation" in inner.explanation


def test_as_x_said_and_stance_adjectives():
    _t, atts = analyze("As the engineer told reporters, the dam had never been inspected. "
                       "Local farmers are worried that the river will flood again.")
    as_said = next(a for a in atts if a.cue.text == "told")
    assert content_text(as_said) == "the dam had never been inspected" and as_said.speaker_name == "engineer"
    worried = next(a for a in atts if a.cue.text == "worried")
    assert worried.verb_class == "cognition" and content_text(worried) == "the river will flood again"


def test_parenthetical_cue_and_relative_clause_cue():
    _t, atts = analyze("The plan, the minister said, would cost billions. "
                       "The bridge, which the mayor said was safe, collapsed on Monday.")
    paren = next(a for a in atts if a.speaker_name == "minister")
    assert [c.text for c in paren.content] == ["The plan", "would cost billions"]
    rel = next(a for a in atts if a.speaker_name == "mayor")
    assert content_text(rel) == "was safe"  # the cue itself is never inside its content


def test_pronoun_without_antecedent_stays_unresolved_rather_than_guessed():
    _t, atts = analyze("“It was chaos,” she said. “Nobody knew where to go or whom to ask for help.”")
    a = only(atts, kind="direct")
    assert a.speaker is None and len(a.content) == 2


def test_a_whole_article_written_for_these_tests():
    """Dateline, appositive names, pronouns, a quote resumed after its cue and across a paragraph,
    a short follow-on sentence, 'according to', a scare-quoted title and a signed pull quote."""
    text = (Path(__file__).parent / "data" / "attribution_article.txt").read_text(encoding="utf-8")
    _t, atts = analyze(text)
    by_speaker: dict[str, list] = {}
    for a in atts:
        by_speaker.setdefault(a.speaker_name, []).append(a)
    assert set(by_speaker) == {"Freedonia", "Anna Petrova", "Omar Haddad", "United Nations", "UN refugee agency",
                               "Marta Kowalski", "Jan Egeland"}
    haddad = by_speaker["Omar Haddad"]
    assert any("only when the shelling stops" in content_text(a) for a in haddad)  # the paragraph after "How do you …?"
    assert not any("peace roadmap" in content_text(a) for a in atts)
    assert by_speaker["Jan Egeland"][0].kind == "direct"
    assert by_speaker["UN refugee agency"][0].kind == "mixed"
