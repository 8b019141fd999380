"""Corpus analyze → store: idempotent, failures recorded per record, every table queryable.

Runs in-process (``workers=0``) on a 12-article slice of the Syrian-war corpus plus records
written here, so it stays fast; the process pool is exercised in test_corpus_resume.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsift.corpus.run import analyze_corpus
from newsift.corpus.store import Store
from newsift.corpus.tables import all_tables, finding_tables, schema_of
from newsift.schema import Report

FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-corpus" / "fakes-syria" / "articles.jsonl"

#: the mechanics under test do not depend on the slowest analyzers (fact-check retrieval, technique model)
SLOW = ["factcheck", "techniques"]

OWN = ("The interior minister said on Monday that 23 people were arrested after the protest. "
       "Witnesses told the agency that police fired tear gas at the crowd.")


@pytest.fixture(scope="module")
def slice_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not FAKES.exists():
        pytest.skip(f"corpus not found at {FAKES}")
    lines = FAKES.read_text(encoding="utf-8").splitlines()[:12]
    p = tmp_path_factory.mktemp("in") / "slice.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_every_report_list_field_has_a_table() -> None:
    fields = [f for f, info in Report.model_fields.items() if "list[" in str(info.annotation) and f not in ("summary", "analyzers")]
    tables = {path for path, _m, _c in finding_tables().values()}
    assert set(fields) <= tables
    assert {"articles", "attributions", "claims", "evidence", "techniques", "matches", "failures"} <= set(all_tables())
    cols = schema_of("claims").names
    assert cols[:4] == ["key", "article_id", "outlet", "published"] and {"start", "end", "text", "checkworthiness"} <= set(cols)


def test_rerun_skips_everything_and_duplicates_nothing(tmp_path: Path, slice_jsonl: Path) -> None:
    store_dir = tmp_path / "store"
    first = analyze_corpus([str(slice_jsonl)], str(store_dir), workers=0, quiet=True, exclude=SLOW, batch_rows=5)
    assert first.analyzed == 12 and first.failed == 0 and first.batches >= 2
    con = Store(store_dir).connect()
    before = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in all_tables()}
    second = analyze_corpus([str(slice_jsonl)], str(store_dir), workers=0, quiet=True, exclude=SLOW)
    assert (second.analyzed, second.failed, second.skipped_done, second.batches) == (0, 0, 12, 0)
    con = Store(store_dir).connect()
    after = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in all_tables()}
    assert after == before
    assert con.execute("SELECT count(DISTINCT key) = count(*) FROM articles").fetchone()[0]
    # the JSON report on each row is the source of truth: it round-trips into the schema
    rep = Report.model_validate_json(con.execute("SELECT report FROM articles LIMIT 1").fetchone()[0])
    assert rep.article.outlet == "nna"
    # the persistent DuckDB file has the same views, for any DuckDB client
    import duckdb

    db = duckdb.connect(str(store_dir / "newsift.duckdb"), read_only=True)
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 12


def test_bad_records_are_recorded_with_reasons_and_the_run_goes_on(tmp_path: Path, slice_jsonl: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "mixed.jsonl"
    good_lines = slice_jsonl.read_text(encoding="utf-8").splitlines()[:3]
    bad.write_text("\n".join([
        good_lines[0], "{broken json", json.dumps({"title": "no body"}), json.dumps({"text": "   \n  "}),
        good_lines[1], json.dumps({"outlet": "own", "text": "BOOM " + OWN}), good_lines[2],
    ]) + "\n", encoding="utf-8")
    # an analyzer crash on one article must not take the others down
    import newsift.pipeline as pipeline

    real_batch, real_one = pipeline.analyze_articles, pipeline.analyze_article

    def exploding_batch(articles, specs=None, **kw):
        articles = list(articles)
        if any(a.text.startswith("BOOM") for a in articles):
            raise RuntimeError("analyzer blew up")
        return real_batch(articles, specs, **kw)

    def exploding_one(article, specs=None):
        if article.text.startswith("BOOM"):
            raise RuntimeError("analyzer blew up")
        return real_one(article, specs)

    monkeypatch.setattr(pipeline, "analyze_articles", exploding_batch)
    monkeypatch.setattr(pipeline, "analyze_article", exploding_one)
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    stats = analyze_corpus([str(bad), str(binary)], str(tmp_path / "store"), workers=0, quiet=True, exclude=SLOW, chunk_size=8)
    assert (stats.analyzed, stats.failed) == (3, 5)
    con = Store(tmp_path / "store").connect()
    rows = con.execute("SELECT split_part(source, '/', -1) AS src, stage, code, reason FROM failures ORDER BY src").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("mixed.jsonl:2", "read", "E017"), ("mixed.jsonl:3", "read", "E011"), ("mixed.jsonl:4", "read", "E011"),
        ("mixed.jsonl:6", "analyze", "E099"), ("scan.txt", "ingest", "E012")]
    assert "RuntimeError: analyzer blew up" in rows[3][3]
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    # failures are done work too: a re-run does not retry them unless asked
    again = analyze_corpus([str(bad), str(binary)], str(tmp_path / "store"), workers=0, quiet=True, exclude=SLOW)
    assert (again.analyzed, again.failed, again.skipped_done) == (0, 0, 8)


def test_nela_masking_is_flagged(tmp_path: Path) -> None:
    masked = "The spokesman said @ @ @ @ @ that the convoy was attacked near the border on Sunday @ @ @ @ @ @ officials added."
    f = tmp_path / "m.jsonl"
    f.write_text(json.dumps({"outlet": "maskednews", "text": masked}) + "\n" + json.dumps({"outlet": "plain", "text": OWN}) + "\n")
    analyze_corpus([str(f)], str(tmp_path / "s"), workers=0, quiet=True, exclude=SLOW)
    con = Store(tmp_path / "s").connect()
    rows = dict(con.execute("SELECT outlet, masked_share FROM articles").fetchall())
    assert rows["maskednews"] > 0.2 and rows["plain"] == 0
    warns = con.execute("SELECT warnings FROM articles WHERE outlet = 'maskednews'").fetchone()[0]
    assert any(w.startswith("W106") for w in warns)


def test_leftover_temporary_batches_are_ignored_and_cleaned(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"outlet": "x", "text": OWN}) + "\n")
    store = Store(tmp_path / "s", create=True)
    tmp = store.batches / ".tmp-b-killed"
    tmp.mkdir()
    (tmp / "articles.parquet").write_bytes(b"half a file")
    assert store.done_keys() == set()
    analyze_corpus([str(f)], str(tmp_path / "s"), workers=0, quiet=True, exclude=SLOW)
    assert not tmp.exists()
    assert Store(tmp_path / "s").connect().execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    from newsift.errors import NewsiftError

    store = Store(tmp_path / "s", create=True)
    with store.lock(), pytest.raises(NewsiftError) as err:
        analyze_corpus([__file__], str(tmp_path / "s"), workers=0, quiet=True, exclude=SLOW)
    assert err.value.code == "E040"


def test_worker_side_writes_give_the_same_rows(tmp_path: Path, slice_jsonl: Path) -> None:
    by_driver = analyze_corpus([str(slice_jsonl)], str(tmp_path / "d"), workers=0, quiet=True, exclude=SLOW, chunk_size=4)
    by_worker = analyze_corpus([str(slice_jsonl)], str(tmp_path / "w"), workers=0, quiet=True, exclude=SLOW, chunk_size=4, worker_writes=True)
    assert by_worker.batches == 3 and by_driver.batches == 1  # one committed batch per chunk
    q = "SELECT key, n_attributions, n_claims, n_evidence FROM articles ORDER BY key"
    assert Store(tmp_path / "d").connect().execute(q).fetchall() == Store(tmp_path / "w").connect().execute(q).fetchall()
    again = analyze_corpus([str(slice_jsonl)], str(tmp_path / "w"), workers=0, quiet=True, exclude=SLOW, worker_writes=True)
    assert again.skipped_done == 12 and again.analyzed == 0


def test_compaction_merges_batches_without_losing_or_duplicating_rows(tmp_path: Path, slice_jsonl: Path) -> None:
    analyze_corpus([str(slice_jsonl)], str(tmp_path / "s"), workers=0, quiet=True, exclude=SLOW, chunk_size=2, worker_writes=True)
    store = Store(tmp_path / "s")
    q = "SELECT key, n_claims FROM articles ORDER BY key"
    rows = store.connect().execute(q).fetchall()
    counts = {t: store.connect().execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in all_tables()}
    assert len(store.batch_dirs()) == 6
    assert store.compact(target_rows=5) == (6, 2)  # 2 articles a batch: 3 batches reach 5 rows
    assert store.connect().execute(q).fetchall() == rows
    assert {t: store.connect().execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in all_tables()} == counts
    # a compaction killed after its commit but before deleting the old batches: the next open finishes it
    import shutil

    merged = store.batch_dirs()[0]
    superseded = json.loads((merged / "SUPERSEDES.json").read_text())
    for name in superseded:
        shutil.copytree(merged, store.batches / name)  # resurrect stand-ins for the deleted batches
        (store.batches / name / "SUPERSEDES.json").unlink()
    assert len(list(store.batches.glob("b-*"))) == 2 + len(superseded)
    assert Store(tmp_path / "s").connect().execute(q).fetchall() == rows
