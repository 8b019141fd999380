"""Actor clustering: one actor per real-world party, whatever name the text uses."""

from __future__ import annotations

import pytest

from newsift.nlp.actors import actor_index, build_actors, norm_name, skeleton
from newsift.nlp.model import load_nlp


def actors_of(text: str):
    doc = load_nlp()(text)
    return doc, build_actors(doc)


def find(actors, alias: str):
    hits = [a for a in actors if alias in a.aliases or a.name == alias]
    assert hits, f"no actor with alias {alias!r}: {[(a.name, a.aliases) for a in actors]}"
    return hits[0]


@pytest.fixture(scope="module")
def fixture_actors(fixture_text):
    from newsift.ingest import article_from_text

    art = article_from_text(fixture_text)
    doc = load_nlp()(art.text)
    return build_actors(doc, art)


def test_fixture_ministry_is_one_actor_under_its_fullest_name(fixture_actors):
    ministry = find(fixture_actors, "Russian Defense Ministry")
    assert ministry.name == "Russian Defense Ministry"
    assert ministry.kind == "org"
    for alias in ("Russian Ministry", "Defense Ministry", "ministry", "Ministry"):
        assert alias in ministry.aliases


def test_fixture_daesh_isis_islamic_state_and_abu_kamal_spellings(fixture_actors):
    isis = find(fixture_actors, "Daesh")
    assert {"ISIS", "Islamic State"} <= set(isis.aliases)
    town = find(fixture_actors, "al-Boukamal")
    assert {"Abu Kamal", "Abu-Kamal"} <= set(town.aliases)
    assert town is not isis


def test_mentions_are_exact_spans(fixture_actors, fixture_text):
    for actor in fixture_actors:
        for m in actor.mentions:
            assert fixture_text[m.start:m.end] == m.text


def test_ministry_of_x_equals_x_ministry_and_nationalities_do_not_clash():
    _, actors = actors_of(
        "The Freedonian Ministry of Agriculture announced new quotas on Monday. "
        "The Agriculture Ministry said farmers would be paid. "
        "The Sylvanian Foreign Ministry rejected the plan.")
    agri = find(actors, "Freedonian Ministry of Agriculture")
    assert "Agriculture Ministry" in agri.aliases
    foreign = find(actors, "Sylvanian Foreign Ministry")
    assert foreign is not agri


def test_acronyms_in_parentheses_and_by_initials():
    _, actors = actors_of(
        "The Syrian Democratic Forces (SDF) entered the town. Later the SDF said it held the bridge. "
        "The World Health Organisation issued a warning. WHO officials said the risk was low.")
    sdf = find(actors, "Syrian Democratic Forces")
    assert "SDF" in sdf.aliases
    who = find(actors, "World Health Organisation")
    assert "WHO" in who.aliases


def test_person_surname_and_title_variants():
    _doc, actors = actors_of(
        "Professor Jane Okafor, who led the study, presented the results. "
        "Okafor said the data were clear. Dr. Okafor added that more work was needed.")
    okafor = find(actors, "Okafor")
    assert okafor.name == "Professor Jane Okafor"
    assert okafor.kind == "person"
    assert len(okafor.mentions) == 3


def test_transliteration_variants_of_one_place():
    _, actors = actors_of("Fighting reached Khan Sheikhoun on Friday. Residents fled Khan Shaykhun overnight.")
    town = find(actors, "Khan Sheikhoun")
    assert "Khan Shaykhun" in town.aliases


def test_world_knowledge_aliases_and_metonyms():
    _, actors = actors_of("The United States sent aid. U.S. officials said more would come. Washington said it was ready.")
    us = find(actors, "United States")
    assert "U.S." in us.aliases
    assert "Washington" in us.aliases  # a capital city speaking stands for its government


def test_definite_description_joins_most_recent_actor_with_that_head():
    _, actors = actors_of(
        "The Ruritanian Interior Ministry opened an inquiry. The ministry said the inquiry would be quick.")
    m = find(actors, "Ruritanian Interior Ministry")
    assert "ministry" in m.aliases


def test_index_maps_tokens_back_to_actors():
    doc, _actors = actors_of("Acme Corporation fired its chief. Acme said sales fell.")
    idx = actor_index(doc)
    acme_tok = [t for t in doc if t.text == "Acme"][1]
    assert idx.actor_of_token(acme_tok.i).name == "Acme Corporation"


def test_name_normalisation_helpers():
    assert norm_name("the U.S.") == "us"
    assert skeleton("al-Boukamal") == skeleton("Abu Kamal") == skeleton("Abu-Kamal")
    assert skeleton("Buchtmann") == skeleton("Bauchtman")


def test_class_nouns_and_titles_refer_back_to_the_named_party():
    _, actors = actors_of(
        "The Ruritanian Observatory for Human Rights counted 40 dead. The group said the toll would rise. "
        "Colonel Ivan Petrov commanded the unit. The colonel said his men had withdrawn.")
    obs = find(actors, "Ruritanian Observatory for Human Rights")
    assert "group" in obs.aliases
    petrov = find(actors, "Colonel Ivan Petrov")
    assert "colonel" in petrov.aliases


def test_dateline_place_and_agency_and_coalition_variants(fixture_actors):
    assert find(fixture_actors, "Moscow").kind == "place"
    assert find(fixture_actors, "SANA").kind == "media"
    coalition = find(fixture_actors, "US-led coalition")
    assert "US-led international coalition" in coalition.aliases  # quote marks dropped from the name


def test_country_or_agency_run_into_a_persons_name_is_split():
    _, actors = actors_of("According to the ambassador to the United States Hamdullah Mohib, talks resumed. "
                          "Image: NASA Bill Ingalls.")
    assert find(actors, "Hamdullah Mohib").kind == "person"
    assert find(actors, "United States").kind == "state"
    assert find(actors, "Bill Ingalls").name == "Bill Ingalls"
