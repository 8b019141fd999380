"""Kill-and-resume: a run killed with SIGKILL mid-way and started again loses nothing and
duplicates nothing. Also the local process pool path (workers > 0) end to end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsift.corpus.store import Store

FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-corpus" / "fakes-syria" / "articles.jsonl"
N = 24
SLOW = ["factcheck", "techniques"]  # not what these tests are about, and the slowest analyzers


@pytest.fixture(scope="module")
def slice_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not FAKES.exists():
        pytest.skip(f"corpus not found at {FAKES}")
    lines = FAKES.read_text(encoding="utf-8").splitlines()[100:100 + N]
    p = tmp_path_factory.mktemp("in") / "slice.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsift", "corpus", "analyze", *args, "--exclude", ",".join(SLOW)]


def _unique_records(path: Path) -> int:
    from newsift.corpus.readers import read_inputs

    return len({r.key for r in read_inputs([str(path)])})


@pytest.mark.slow
def test_sigkill_then_resume_loses_nothing_and_duplicates_nothing(tmp_path: Path, slice_jsonl: Path) -> None:
    store_dir = tmp_path / "store"
    # small batches and chunks so several commits happen; a new session so SIGKILL reaches the workers too
    proc = subprocess.Popen(_cli(str(slice_jsonl), "--store", str(store_dir), "--workers", "1", "--chunk-size", "1",
                                 "--batch-rows", "3", "--quiet"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    batches = store_dir / "batches"
    while time.monotonic() < deadline:
        if batches.is_dir() and any(p.name.startswith("b-") for p in batches.iterdir()):
            break
        if proc.poll() is not None:
            pytest.fail(f"run ended before it could be killed: {proc.stderr.read().decode()[-500:]}")
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    done_before = len(Store(store_dir).done_keys())
    total = _unique_records(slice_jsonl)
    assert 0 < done_before < total, "the kill must land mid-run for this test to mean anything"

    out = subprocess.run(_cli(str(slice_jsonl), "--store", str(store_dir), "--workers", "1", "--quiet", "--format", "json"),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    import json

    stats = json.loads(out.stdout)
    assert stats["skipped_done"] == done_before
    assert stats["analyzed"] + stats["failed"] == total - done_before
    con = Store(store_dir).connect()
    n, distinct = con.execute("SELECT count(*), count(DISTINCT key) FROM articles").fetchone()
    assert n == distinct == total
    # finding rows are not duplicated either: each (article, attribution id) once
    assert con.execute("SELECT count(*) = count(DISTINCT (key, id)) FROM attributions").fetchone()[0]
    assert not list(batches.glob(".tmp-*"))


@pytest.mark.slow
def test_process_pool_with_two_workers_gives_the_same_rows_as_in_process(tmp_path: Path, slice_jsonl: Path) -> None:
    from newsift.corpus.run import analyze_corpus

    lines = slice_jsonl.read_text(encoding="utf-8").splitlines()[:10]
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pooled = analyze_corpus([str(small)], str(tmp_path / "pool"), workers=2, chunk_size=2, quiet=True, exclude=SLOW)
    inproc = analyze_corpus([str(small)], str(tmp_path / "inproc"), workers=0, quiet=True, exclude=SLOW)
    assert pooled.analyzed == inproc.analyzed == _unique_records(small)
    assert all(pid != os.getpid() for pid in pooled.worker_peak_rss_mb)
    q = "SELECT key, article_id, outlet, published FROM articles ORDER BY key"
    assert Store(tmp_path / "pool").connect().execute(q).fetchall() == Store(tmp_path / "inproc").connect().execute(q).fetchall()
    assert Store(tmp_path / "pool").connect().execute("SELECT count(*) FROM attributions").fetchone()[0] > 0
