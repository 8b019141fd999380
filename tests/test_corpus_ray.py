"""The Ray Data path on a small local Ray instance (loopback only, usage stats off).

Skipped when the optional ``ray`` extra is not installed (``pip install "newsift[ray]"``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason='the optional ray extra is not installed (pip install "newsift[ray]")')

SLOW = ["factcheck", "techniques"]  # the slowest analyzers; the engine is what is under test
FAKES = Path(__file__).resolve().parents[2] / "shared" / "data" / "news-corpus" / "fakes-syria" / "articles.jsonl"


@pytest.mark.ray
@pytest.mark.slow
def test_ray_engine_fills_the_store_like_the_local_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not FAKES.exists():
        pytest.skip(f"corpus not found at {FAKES}")
    from newsift.corpus.run import analyze_corpus
    from newsift.corpus.store import Store

    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    lines = FAKES.read_text(encoding="utf-8").splitlines()[200:208]
    src = tmp_path / "slice.jsonl"
    src.write_text("\n".join([*lines, "{broken"]) + "\n", encoding="utf-8")
    before = {p.name for p in Path("/tmp").glob("nsray-*")}
    stats = analyze_corpus([str(src)], str(tmp_path / "ray"), engine="ray", workers=2, chunk_size=2, quiet=True, ray_window=100, exclude=SLOW)
    assert (stats.analyzed, stats.failed) == (8, 1)
    assert not ray.is_initialized()
    assert {p.name for p in Path("/tmp").glob("nsray-*")} == before  # its temp folder is removed
    assert len(stats.worker_peak_rss_mb) == 2 and os.getpid() not in stats.worker_peak_rss_mb  # two actors did the work
    local = analyze_corpus([str(src)], str(tmp_path / "local"), workers=0, quiet=True, exclude=SLOW)
    q = "SELECT key, article_id, outlet FROM articles ORDER BY key"
    assert Store(tmp_path / "ray").connect().execute(q).fetchall() == Store(tmp_path / "local").connect().execute(q).fetchall()
    assert local.analyzed == 8
