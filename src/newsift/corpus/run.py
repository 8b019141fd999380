"""``corpus analyze``: read → skip what is done → execute → commit batches → views.

Resumability comes from two facts: every record has a content-hash key before it is
analyzed, and batches are committed atomically (see :mod:`newsift.corpus.store`). So a
re-run, or a run started again after SIGKILL, reads the stored keys, skips them, and does
only the rest.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from newsift.corpus.executor import make_engine
from newsift.corpus.readers import RawRecord, count_records, read_inputs
from newsift.corpus.store import Store
from newsift.corpus.worker import ChunkResult


@dataclass
class RunStats:
    run_id: str
    store: str
    engine: str
    workers: int
    read: int = 0
    skipped_done: int = 0
    skipped_duplicate: int = 0
    analyzed: int = 0
    failed: int = 0
    batches: int = 0
    seconds: float = 0.0
    articles_per_s: float = 0.0
    #: seconds until the first chunk came back (worker start + model load + one chunk)
    first_result_s: float | None = None
    #: throughput after the first chunk: the rate a long run converges to
    steady_articles_per_s: float | None = None
    worker_peak_rss_mb: dict[int, float] = field(default_factory=dict)
    #: CPU seconds spent in the workers' chunks, and in this (driver) process
    worker_cpu_s: float = 0.0
    driver_cpu_s: float = 0.0
    worker_writes: bool = False

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["worker_peak_rss_mb"] = {str(k): round(v, 1) for k, v in self.worker_peak_rss_mb.items()}
        return d


class _Progress:
    """rich progress bar on stderr (rate and ETA); silent when stderr is not a TTY or quiet."""

    def __init__(self, total: int | None, quiet: bool) -> None:
        self.bar = None
        if quiet or not sys.stderr.isatty():
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        class _Rate(TextColumn):
            def render(self, task):  # type: ignore[override]
                from rich.text import Text

                speed = task.finished_speed or task.speed
                return Text(f"{speed:.1f} art/s" if speed else "– art/s")

        self.bar = Progress(TextColumn("analyzing"), BarColumn(), MofNCompleteColumn(), _Rate(""),
                            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=False)
        self.bar.start()
        self.task = self.bar.add_task("analyze", total=total)

    def advance(self, n: int) -> None:
        if self.bar:
            self.bar.advance(self.task, n)

    def close(self) -> None:
        if self.bar:
            self.bar.stop()


def _chunks(records: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    buf: list[RawRecord] = []
    for r in records:
        buf.append(r)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


def analyze_corpus(
    inputs: list[str],
    store_dir: str,
    *,
    engine: str = "local",
    workers: int = 2,
    address: str | None = None,
    analyzers: list[str] | None = None,
    exclude: list[str] | None = None,
    chunk_size: int = 8,
    batch_rows: int = 200,
    flush_seconds: float = 20.0,
    limit: int | None = None,
    retry_failed: bool = False,
    quiet: bool = False,
    ray_window: int = 5000,
    ray_cpus_per_actor: float | None = None,
    worker_writes: bool = False,
    threads_per_worker: int = 1,
) -> RunStats:
    """Analyze every record of ``inputs`` not yet in the store; returns the run's figures."""
    from newsift.errors import E, NewsiftError
    from newsift.pipeline import select

    try:  # fail fast, in the driver, on an impossible analyzer selection
        select(analyzers or None, exclude or ())
    except (ValueError, KeyError) as err:
        raise NewsiftError(E.USAGE, detail=f"analyzer selection: {err}") from err
    store = Store(store_dir, create=True)
    run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    stats = RunStats(run_id=run_id, store=str(store.root), engine=engine, workers=workers, worker_writes=worker_writes)
    with store.lock():
        done = store.done_keys(include_failures=not retry_failed)
        seen: set[str] = set()
        total = None if quiet else count_records(inputs)

        def todo() -> Iterator[RawRecord]:
            n = 0
            for rec in read_inputs(inputs):
                stats.read += 1
                if rec.key in done:
                    stats.skipped_done += 1
                    continue
                if rec.key in seen:
                    stats.skipped_duplicate += 1
                    continue
                seen.add(rec.key)
                yield rec
                n += 1
                if limit is not None and n >= limit:
                    return

        progress = _Progress(total if limit is None else min(total or limit, limit), quiet)
        if total is not None and progress.bar is not None and limit is None:
            progress.bar.update(progress.task, total=max(0, total - len(done)))
        eng = make_engine(engine, workers, (analyzers, exclude, run_id, str(store.root) if worker_writes else None, threads_per_worker), address=address,
                          **({"window": ray_window, "cpus_per_actor": ray_cpus_per_actor} if engine == "ray" else {}))
        buffer: dict[str, list[dict[str, Any]]] = {}
        buffered = 0
        last_flush = time.monotonic()

        def flush() -> None:
            nonlocal buffer, buffered, last_flush
            if buffered:
                store.write_batch(buffer)
                stats.batches += 1
            buffer, buffered, last_flush = {}, 0, time.monotonic()

        t0 = time.perf_counter()
        cpu0 = time.process_time()
        n_first = 0
        try:
            for res in eng.map(_chunks(todo(), chunk_size)):
                if stats.first_result_s is None:
                    stats.first_result_s = round(time.perf_counter() - t0, 3)
                    n_first = len(res.keys)
                stats.worker_cpu_s += res.cpu_s
                if res.committed:
                    stats.batches += 1
                else:
                    _merge(buffer, res)
                    buffered += len(res.keys)
                stats.analyzed += res.n_ok
                stats.failed += res.n_failed
                if res.pid:
                    stats.worker_peak_rss_mb[res.pid] = max(stats.worker_peak_rss_mb.get(res.pid, 0.0), res.peak_rss_mb)
                progress.advance(len(res.keys))
                if buffered >= batch_rows or time.monotonic() - last_flush >= flush_seconds:
                    flush()
            flush()
        finally:
            progress.close()
        stats.seconds = round(time.perf_counter() - t0, 3)
        stats.driver_cpu_s = round(time.process_time() - cpu0, 3)
        stats.worker_cpu_s = round(stats.worker_cpu_s, 3)
        n = stats.analyzed + stats.failed
        stats.articles_per_s = round(n / stats.seconds, 3) if stats.seconds > 0 and n else 0.0
        if stats.first_result_s is not None and n > n_first and stats.seconds - stats.first_result_s >= 1.0:
            stats.steady_articles_per_s = round((n - n_first) / (stats.seconds - stats.first_result_s), 3)
        store.refresh_db()
        store.log_run({**stats.as_dict(), "inputs": inputs, "finished_at": datetime.now(UTC).isoformat(timespec="seconds")})
    return stats


def _merge(buffer: dict[str, list[dict[str, Any]]], res: ChunkResult) -> None:
    for t, rows in res.rows.items():
        buffer.setdefault(t, []).extend(rows)
