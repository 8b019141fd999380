"""Outlet table and outlet identification.

The table is built from facts.csv + ../shared/data/source-ratings by `newsift outlets build`;
these tests read the shipped table and rebuild it into a tmp dir to check it is reproducible.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from newsift.cli import main
from newsift.ingest import load, read_path
from newsift.outlets import by_domain, by_name, lookup, table, to_schema
from newsift.outlets.build import FACTS, build, norm_host, read_facts
from newsift.pipeline import analyze_article, select
from newsift.resources import data_path, shared_data_dir

SHARED = shared_data_dir()
FIXTURE = SHARED.parent / "fixtures" / "sana-2017-abu-kamal.txt"
REQUIRED = ["SANA", "RT", "Sputnik", "TASS", "Xinhua", "CGTN", "PressTV", "IRNA", "Al Manar", "Anadolu", "TRT",
            "BBC", "Reuters", "AP", "AFP"]
FAKES_OUTLETS = ["ahram", "manar", "alalam", "alaraby", "dailysabah", "sana", "sputnik", "etilaf", "trt", "jordantimes",
                 "reuters", "arabiya", "nna", "asharqalawsat", "tass"]


def test_table_is_large_and_every_fact_has_a_source():
    outlets = table().outlets
    assert len(outlets) >= 150
    for o in outlets.values():
        assert o["facts_source"].startswith("https://en.wikipedia.org/wiki/")
        assert o["kind"] and o["ownership"] in {"state", "public", "private", "party-affiliated", "cooperative"}


@pytest.mark.parametrize("name", REQUIRED + FAKES_OUTLETS)
def test_required_and_corpus_outlets_resolve(name: str):
    assert lookup(name) is not None, name


def test_aliases_resolve_to_one_outlet():
    sana = by_name("SANA")
    assert sana["key"] == "sana"
    assert by_name("Syrian Arab News Agency") is sana is by_domain("sana.sy") is by_domain("https://www.sana.sy/en/?p=1")
    assert by_name("al-manar") is by_name("Al Manar") is by_domain("english.almanar.com.lb")
    assert by_name("Russia Today")["key"] == "rt"
    assert by_name("ABC") is None  # Australian or American: ambiguous, so not guessed
    assert by_domain("example.org") is None


def test_kinds():
    assert by_name("SANA")["kind"] == "state news agency"
    assert by_name("RT")["kind"] == "state broadcaster"
    assert by_name("BBC")["kind"] == "public broadcaster"
    assert by_name("Al Manar")["kind"] == "party-affiliated broadcaster"
    assert by_name("Reuters")["kind"] == "private news agency"


def test_ratings_are_explicit_and_never_invented():
    sana = to_schema(by_name("SANA"))
    assert [r.value for r in sana.ratings] == [None, None]
    assert all("Not rated" in r.summary for r in sana.ratings)
    rt = to_schema(by_name("RT"), domain="rt.com")
    lin = next(r for r in rt.ratings if r.source.startswith("Lin"))
    assert lin.value == pytest.approx(0.293, abs=0.001)
    assert "Lin, Lasser" in lin.summary  # credit wherever the score shows
    assert next(r for r in rt.ratings if r.source.startswith("Wikipedia")).value == "Deprecated"
    reuters = to_schema(by_name("Reuters"))
    assert next(r for r in reuters.ratings if r.source.startswith("Lin")).value == 1.0
    assert next(r for r in reuters.ratings if r.source.startswith("Wikipedia")).value == "Generally reliable"


def test_lin_scores_match_the_source_file():
    lin = {norm_host(r["domain"]): float(r["pc1"]) for r in csv.DictReader(
        (SHARED / "source-ratings" / "lin2023" / "domain_pc1.csv").read_text(encoding="utf-8").splitlines())}
    for o in table().outlets.values():
        for d, v in o["lin2023"].items():
            assert v["pc1"] == pytest.approx(lin[d], abs=1e-4), d


def test_rebuild_is_reproducible(tmp_path: Path):
    summary = build(SHARED, tmp_path)
    assert summary["outlets"] == len(read_facts(FACTS))
    new = json.loads((tmp_path / "outlets.json").read_text(encoding="utf-8"))["outlets"]
    shipped = json.loads(data_path("outlets", "outlets.json").read_text(encoding="utf-8"))["outlets"]
    assert new == shipped, "shipped table is stale: run `newsift outlets build`"


def test_fixture_outlet_is_sana_from_the_dateline():
    report = analyze_article(read_path(str(FIXTURE)), select(["outlet"]))
    o = report.outlet
    assert (o.name, o.kind, o.identified_by) == ("Syrian Arab News Agency", "state news agency", "dateline")
    assert {r.source.split(" ")[0] for r in o.ratings} == {"Lin", "Wikipedia:"}
    assert all(r.value is None for r in o.ratings)
    assert any(f.field == "ownership" and f.value == "state" and f.source.startswith("https://") for f in o.facts)


def test_identification_order_url_then_metadata_then_text():
    text = "Damascus (Reuters) - The talks resumed on Monday, officials said, after a week of delays."
    by_url = analyze_article(load(text, url="https://www.rt.com/news/1", outlet="BBC"), select(["outlet"])).outlet
    assert (by_url.name, by_url.identified_by, by_url.domain) == ("RT", "url", "rt.com")
    by_meta = analyze_article(load(text, outlet="BBC"), select(["outlet"])).outlet
    assert (by_meta.name, by_meta.identified_by) == ("BBC", "metadata")
    by_dateline = analyze_article(load(text), select(["outlet"])).outlet
    assert (by_dateline.name, by_dateline.identified_by) == ("Reuters", "dateline")
    glued = "Shells hit Aleppo 6 October 2016 Aleppo SANA-Terrorist groups fired tens of shells on the city, it said."
    by_text = analyze_article(load(glued), select(["outlet"])).outlet
    assert (by_text.name, by_text.identified_by) == ("Syrian Arab News Agency", "text")


def test_outlet_mentioned_in_the_body_is_not_the_publisher_and_unknown_domain_says_so():
    text = "Officials met on Monday. Later in the week RT reported that the talks had failed, and nothing changed."
    o = analyze_article(load(text), select(["outlet"])).outlet
    assert o.name is None and "No outlet identified" in o.explanation
    o = analyze_article(load(text, url="https://news.example.org/a"), select(["outlet"])).outlet
    assert o.name is None and o.domain == "news.example.org" and "not in newsift's outlet table" in o.explanation


def test_cli_show_json(capsys):
    assert main(["outlets", "show", "sana.sy", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["name"] == "Syrian Arab News Agency" and out["kind"] == "state news agency"
    assert main(["outlets", "show", "no such outlet"]) == 46  # E056


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The ministers met on Monday and agreed on a plan for the region, officials said.\nSource: SANA", "sana"),
        ("The ministers met on Monday and agreed on a plan. (Reporting by Jo Bloggs; Editing by Al Smith)", "reuters"),
        ("The ministers met on Monday and agreed on a plan.\n© Reuters 2017", "reuters"),  # ingest moves this line out
    ],
)
def test_closing_credit_lines_identify_the_outlet(text: str, key: str):
    from newsift.analyzers.outlet import identify

    entry, _, how, evidence = identify(load(text))
    assert (entry["key"], how) == (key, "text"), evidence
