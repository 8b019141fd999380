"""Fact-check store: importers (ClaimReview JSON / JSON-LD, EUvsDisinfo CSV), search, CLI.

Stores live in pytest tmp dirs; records are small hand-written fixtures (no shared data).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsift.cli import main
from newsift.errors import NewsiftError
from newsift.factcheck.importers import claimreview, euvsdisinfo_csv, load_file
from newsift.factcheck.retrieval import Index, load_index, terms
from newsift.factcheck.store import Record, Store

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/reviews/bridge",
    "datePublished": "2019-03-04T10:00:00Z",
    "claimReviewed": "The new bridge in the capital collapsed on its opening day",
    "author": {"@type": "Organization", "name": "Example Checks"},
    "reviewRating": {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "alternateName": "False"},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A blogger"}},
}

CSV = """date,id,title,countries,keywords,languages,outlets
2018-05-01,https://euvsdisinfo.example/report/vaccine-plot/,Western vaccines are a plot to depopulate Africa,Africa,Vaccines+Conspiracy,English,site-a.example+Show more
2018-05-02,https://euvsdisinfo.example/report/vaccine-plot-2/,Western vaccines are a plot to depopulate Africa,Africa,Vaccines,French,site-b.example
2019-07-09,https://euvsdisinfo.example/report/lake-poison/,The government secretly poisoned the northern lake,Norland,Environment,English,site-c.example
2020-01-15,https://euvsdisinfo.example/report/elections-rigged/,Foreign spies rigged the Norland elections,Norland,Elections,English,site-d.example
2020-02-20,https://euvsdisinfo.example/report/troops/,There are no foreign troops in the eastern provinces,Norland,War,English,site-e.example
"""


def test_claimreview_single_object_gives_verdict_publisher_and_date():
    recs, skipped = claimreview(json.dumps(REVIEW))
    assert skipped == 0
    (r,) = recs
    assert r.claim == REVIEW["claimReviewed"]
    assert (r.verdict, r.publisher, r.date, r.url) == ("False", "Example Checks", "2019-03-04", REVIEW["url"])
    assert r.extra["claim_author"] == "A blogger"


def test_claimreview_wrappers_list_graph_html_and_factcheck_tools_api():
    second = dict(REVIEW, url="https://factcheck.example/reviews/2", claimReviewed="Cats can read newspapers")
    as_list = claimreview(json.dumps([REVIEW, second]))[0]
    graph = claimreview(json.dumps({"@context": "https://schema.org", "@graph": [REVIEW, {"@type": "WebPage"}]}))[0]
    html = f'<html><head><script type="application/ld+json">{json.dumps(REVIEW)}</script></head><body>x</body></html>'
    from_html = claimreview(html)[0]
    api = {"claims": [{"text": "Cats can read newspapers", "claimReview": [
        {"publisher": {"name": "Checker"}, "url": "https://c.example/1", "textualRating": "Pants on fire",
         "reviewDate": "2020-01-01T00:00:00Z"}]}]}
    from_api = claimreview(json.dumps(api))[0]
    feed = {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": [REVIEW]}]}
    assert [len(as_list), len(graph), len(from_html), len(claimreview(json.dumps(feed))[0])] == [2, 1, 1, 1]
    assert from_api[0].claim == "Cats can read newspapers" and from_api[0].verdict == "Pants on fire"


def test_claimreview_without_claim_text_is_skipped_and_non_claimreview_is_an_error():
    recs, skipped = claimreview(json.dumps([REVIEW, {"@type": "ClaimReview", "url": "https://x.example"}]))
    assert (len(recs), skipped) == (1, 1)
    with pytest.raises(NewsiftError) as err:
        claimreview(json.dumps({"@type": "NewsArticle", "headline": "no reviews here"}))
    assert err.value.code == "E057"
    with pytest.raises(NewsiftError):
        claimreview("{not json")


def test_euvsdisinfo_csv_layout():
    recs, skipped = euvsdisinfo_csv(CSV)
    assert skipped == 0 and len(recs) == 5
    r = recs[0]
    assert r.verdict == "Disinformation" and "EUvsDisinfo" in r.publisher
    assert r.extra["outlets"] == ["site-a.example"]  # the scraper's "Show more" artefact is dropped
    assert r.date == "2018-05-01" and r.url == r.id
    with pytest.raises(NewsiftError):
        euvsdisinfo_csv("a,b\n1,2\n")


def test_terms_fold_aliases_so_bm25_sees_isis_and_daesh_as_one():
    assert terms("ISIS fighters")[0] == terms("Daesh fighters")[0] == terms("Islamic State fighters")[0]
    assert "usa" in terms("Washington helps") and "usa" in terms("the U.S. helps")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("fc")
    (d / "cases.csv").write_text(CSV, encoding="utf-8")
    (d / "review.json").write_text(json.dumps(REVIEW), encoding="utf-8")
    db = d / "fc.sqlite"
    assert main(["factcheck", "import", str(d / "cases.csv"), str(d / "review.json"), "--db", str(db)]) == 0
    return db


def test_import_is_idempotent(store_path: Path, tmp_path: Path):
    with Store.open(store_path) as st:
        before = st.count()
        recs, _ = euvsdisinfo_csv(CSV)
        added, unchanged = st.add(recs)
        assert (added, unchanged, st.count()) == (0, 5, before) and before == 6


def test_search_finds_paraphrase_and_collapses_same_text_duplicates(store_path: Path):
    index = load_index(store_path)
    hits = index.search("Vaccines from the West are meant to reduce the population of Africa", k=3)
    assert hits[0].record.title == "Western vaccines are a plot to depopulate Africa"
    assert len(hits[0].duplicates) == 1  # the French-language listing of the same message
    assert len({h.record.title for h in hits}) == len(hits)
    hits = index.search("Authorities covertly contaminated the lake in the north", k=1)
    assert hits[0].record.id.endswith("lake-poison/")


def test_cli_search_queries_file_json_one_line_per_query_in_order(store_path: Path, tmp_path: Path, capsys):
    q = tmp_path / "q.txt"
    q.write_text("spies from abroad manipulated the vote in Norland\n\nthe bridge fell down the day it opened\n", encoding="utf-8")
    assert main(["factcheck", "search", "--queries", str(q), "--db", str(store_path), "--format", "json", "-k", "2"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["query"] for x in lines] == ["spies from abroad manipulated the vote in Norland", "",
                                           "the bridge fell down the day it opened"]
    first = lines[0]["results"][0]
    assert {"id", "title", "verdict", "date", "score"} <= set(first)
    assert first["id"].endswith("elections-rigged/") and "notice" in lines[0]
    assert lines[1]["results"] == []
    assert main(["factcheck", "search", "vaccines from the West will depopulate Africa", "--db", str(store_path),
                 "--format", "json", "-k", "1"]) == 0
    res = json.loads(capsys.readouterr().out)["results"]
    assert [r["duplicate_of"] is None for r in res] == [True, False]  # the other listing follows, same rank
    assert res[1]["duplicate_of"] == res[0]["id"] and res[0]["rank"] == res[1]["rank"] == 1
    assert lines[2]["results"][0]["verdict"] == "False"


def test_missing_store_is_a_catalogued_error(tmp_path: Path, capsys):
    code = main(["factcheck", "search", "anything", "--db", str(tmp_path / "none.sqlite")])
    assert code == 20
    assert "E030" in capsys.readouterr().err


def test_load_file_detects_format_by_suffix(tmp_path: Path):
    p = tmp_path / "x.csv"
    p.write_text(CSV, encoding="utf-8")
    assert len(load_file(p)[0]) == 5
    with pytest.raises(NewsiftError):
        load_file(tmp_path / "missing.json")


def test_empty_index_returns_no_hits():
    import numpy as np

    idx = Index([], np.zeros((0, 384), dtype=np.float32))
    assert idx.search_many(["a claim"]) == [[]]
    assert Record(id="x", claim="c", title="c", verdict="v", publisher="p").origin == ""
