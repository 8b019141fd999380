"""Claims: units, who asserts them, type, hedges and check-worthiness.

Most tests feed the gold attributions of the canonical fixture (``fixture_gold``) so they
test the claims rules alone; ``test_e2e_*`` run the whole pipeline, attribution included.
"""

from __future__ import annotations

import argparse

import pytest

from fixture_gold import att, gold_parsed, parsed_text
from newsift.analyzers.claims import build_claims, claim_type
from newsift.claims import checkworthiness as cw
from newsift.claims import cwdata


@pytest.fixture(scope="module")
def gold_claims():
    parsed, atts = gold_parsed()
    return {c.span.text: c for c in build_claims(parsed, list(atts))}


def find(claims: dict, start: str):
    hits = [c for t, c in claims.items() if t.startswith(start)]
    assert len(hits) == 1, f"expected one claim starting {start!r}, got {[c.span.text for c in hits]}"
    return hits[0]


def test_each_attributed_statement_is_a_claim_asserted_by_its_attribution(gold_claims):
    assert find(gold_claims, "US-led coalition directly supports Daesh").asserted_by == "a1"
    assert find(gold_claims, "the liberation of al-Boukamal city has revealed evidence").asserted_by == "a2"
    assert find(gold_claims, "There is indisputable evidence").asserted_by == "a14"
    assert find(gold_claims, "the SDF flags were found in Abu Kamal").asserted_by == "a13"


def test_outlet_own_words_are_a_claim_of_the_outlet(gold_claims):
    c = find(gold_claims, "On Tuesday morning, the Russian Defense Ministry released photos")
    assert c.asserted_by == "outlet" and c.speaker is None
    assert c.span.text == "On Tuesday morning, the Russian Defense Ministry released photos"  # "they said" is not part of it
    assert c.type == "event"


def test_nested_statement_splits_the_parent_claim_at_the_nested_cue(gold_claims):
    parent = find(gold_claims, "The US side categorically refused")
    assert parent.span.text == "The US side categorically refused to carry out airstrikes against Daesh terrorists"
    assert parent.asserted_by == "a9"
    nested = find(gold_claims, "the militants were ‘voluntarily surrendering’")
    assert nested.asserted_by == "a8" and nested.speaker_name == "US side"


def test_frames_and_proposals_are_not_claims(gold_claims):
    texts = list(gold_claims)
    assert not any(t.startswith("in a statement on Tuesday") for t in texts)
    assert not any(t.startswith("conducting a joint operation") for t in texts)  # what was suggested, not asserted
    assert not any(t.startswith("To support the claim") for t in texts)
    assert find(gold_claims, "the Russian forces command has suggested").asserted_by == "a6"


def test_accusations_name_the_accused_party(gold_claims):
    accusations = [c for c in gold_claims.values() if c.type == "accusation"]
    assert len(accusations) >= 6
    assert all(t.actor == "us-side" for c in accusations for t in c.targets)
    assert find(gold_claims, "US-led coalition directly supports Daesh").type == "accusation"
    assert find(gold_claims, "The coalition’s aviation tried").targets[0].span.text == "coalition"
    assert find(gold_claims, "There is indisputable evidence").targets[0].span.text == "United States"
    # "air cover by the Russian Aerospace Force" is not aiding terrorists: the operation is not accused
    assert all("operation" not in t.name for c in accusations for t in c.targets)
    assert find(gold_claims, "the SDF flags were found").type == "event"


def test_hedges_reported_evidence_distancing_and_scare_quotes(gold_claims):
    shown = find(gold_claims, "showed the Daesh convoys")
    assert [(h.kind, h.span.text) for h in shown.hedges] == [("reported evidence", "photos they said")]
    surrender = find(gold_claims, "the militants were ‘voluntarily surrendering’")
    kinds = {h.kind for h in surrender.hedges}
    assert "scare quotes" in kinds and "distancing verb (claiming)" in kinds
    assert find(gold_claims, "There is indisputable evidence").hedges == []


def test_hedge_words_in_invented_news():
    text = "Rebels reportedly seized the airport on Monday, and the army may have lost 40 soldiers."
    claims = build_claims(parsed_text(text), [])
    assert len(claims) == 1
    assert {h.kind for h in claims[0].hedges} == {"reportedly", "may"}
    assert claims[0].type == "quantity"


def test_claim_type_rules():
    assert claim_type("Unemployment fell to 4.1 percent in March.", False, True)[0] == "quantity"
    assert claim_type("The flood caused the bridge to collapse.", False, True)[0] == "causal"
    assert claim_type("Prices will rise next year.", False, True)[0] == "prediction"
    assert claim_type("This policy is a disgraceful failure.", False, True)[0] == "opinion"
    assert claim_type("The minister resigned on Friday.", False, True)[0] == "event"
    assert claim_type("On 12 March 2017 the talks ended.", False, True)[0] == "event"  # a date is not a quantity


def test_checkworthiness_scores_and_reasons(gold_claims):
    for c in gold_claims.values():
        assert 0.0 <= c.checkworthiness <= 1.0
        assert c.reasons and c.reasons[0].startswith("model ")
    assert find(gold_claims, "There is indisputable evidence").checkworthiness > 0.5


def test_model_ranks_factual_claims_above_opinions():
    model = cw.load_model()
    factual, opinion = model.scores([
        "The city's population fell by 12 percent between 2010 and 2020, according to the census.",
        "I think we all deserve better than this.",
    ])
    assert factual > 0.7 > 0.3 > opinion
    assert model.top_ngrams("Unemployment fell to 4.1 percent in March.")[0][0] == "percent"


def test_model_integrity_is_checked():
    directory = cw.model_dir()
    assert (directory / "MODEL_CARD.md").exists() and (directory / "MANIFEST.json").exists()
    model = cw.load_from(directory)
    assert model.card["heldout"]["average_precision"] >= 0.80


def test_news_validation_set_is_ours_and_large_enough():
    examples = cwdata.load_jsonl(cwdata.news_set_path())
    assert len(examples) >= 150
    assert 0.3 < sum(e.label for e in examples) / len(examples) < 0.7
    assert len({e.text for e in examples}) == len(examples)


@pytest.mark.slow
def test_training_rebuilds_a_model_from_claimbuster(tmp_path):
    path = cwdata.claimbuster_path()
    if not path.exists():
        pytest.skip("ClaimBuster data not available")
    from newsift.train import checkworthiness as train

    parser = argparse.ArgumentParser()
    train.add_arguments(parser)
    assert train.run(parser.parse_args(["--out", str(tmp_path), "--format", "json"])) == 0
    model = cw.load_from(tmp_path)
    assert model.card["heldout"]["average_precision"] >= 0.80
    assert sorted(p.name for p in tmp_path.iterdir()) == ["MANIFEST.json", "MODEL_CARD.md", "config.json", "model.npz"]


def test_heldout_split_is_fixed_and_disjoint():
    exs = [cwdata.Example(str(i), f"sentence number {i}", i % 3 == 0) for i in range(200)]
    exs.append(cwdata.Example("dup", "Sentence number 5!", 0))  # same text as #5 after folding
    train1, test1 = cwdata.split(exs)
    _train2, test2 = cwdata.split(exs)
    assert [e.id for e in test1] == [e.id for e in test2]
    assert not {e.text.lower().strip("!") for e in train1} & {e.text.lower().strip("!") for e in test1}


def test_outlet_claims_without_any_attribution():
    text = "Floods hit the northern province on Monday.\n\nAt least 40 people died, officials said."
    parsed = parsed_text(text)
    a = att(parsed.article.text, "a1", "said", "At least 40 people died", "officials", source="officials")
    claims = build_claims(parsed, [a])
    assert [(c.span.text, c.asserted_by) for c in claims] == [
        ("Floods hit the northern province on Monday.", "outlet"),
        ("At least 40 people died", "a1"),
    ]


def test_e2e_fixture_claims(fixture_report):
    claims = fixture_report.claims
    assert any(c.asserted_by == "outlet" and c.span.text.startswith("On Tuesday morning") for c in claims)
    accused = {t.name for c in claims if c.type == "accusation" for t in c.targets}
    assert accused & {"US-led coalition", "United States", "US side"}
    headline = next(c for c in claims if c.span.text == "US-led coalition directly supports Daesh in Syria")
    assert headline.type == "accusation" and headline.asserted_by != "outlet"


@pytest.mark.parametrize(("sentence", "accused"), [
    ("Government airstrikes killed 25 children in the town on Saturday.", "Government"),
    ("The police tortured three detainees in the station.", "police"),
    ("The army killed 60 terrorists near the border.", None),  # victims are an armed group
    ("Dozens of militants were killed by the army overnight.", None),
    ("The rebels called for help from their neighbours to fight ISIS.", None),  # help to fight, not help for
    ("The town lies 14 kilometres north of the border.", None),
    ("Child killed in mortar attack on school.", None),  # a victim is not a party
])
def test_accusations_need_a_party_and_a_wrong(sentence, accused):
    claims = build_claims(parsed_text(sentence), [])
    targets = [t.span.text for c in claims for t in c.targets]
    assert targets == ([accused] if accused else [])
