"""What one worker does with a chunk of raw records: ingest, analyze, flatten to rows.

The same code runs in a local pool process, in a Ray actor and in-process (``--workers 0``),
so the three engines cannot disagree. Models are loaded once per worker by :func:`init`
(the spaCy pipeline and every analyzer's resources, warmed up on a tiny article), then
reused for every chunk.

A failure of one article (ingest error, analyzer exception) becomes a failure row with its
stage, code and reason; it never fails the chunk: a batch that raises is re-run article by
article so only the culprit is lost.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from newsift.corpus.readers import RawRecord
from newsift.corpus.tables import failure_row, masked_share, report_rows
from newsift.errors import E, NewsiftError, W

#: an article with at least this share of "@" tokens is flagged (NELA-GT masks ~7% of tokens).
MASK_FLAG_SHARE = 0.02

_STATE: dict[str, Any] = {}


@dataclass
class ChunkResult:
    """Rows per table for a chunk, plus who made them (pid, peak RSS) for the benchmark."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    n_ok: int = 0
    n_failed: int = 0
    pid: int = 0
    rss_mb: float = 0.0
    peak_rss_mb: float = 0.0
    seconds: float = 0.0
    cpu_s: float = 0.0
    #: True when the worker wrote the rows to the store itself (``rows`` is then empty)
    committed: bool = False

    def add(self, table_rows: dict[str, list[dict[str, Any]]]) -> None:
        for t, rs in table_rows.items():
            self.rows.setdefault(t, []).extend(rs)


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MiB, from /proc (no psutil)."""
    cur = peak = 0.0
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    cur = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        import resource

        peak = cur = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return cur, peak


def init(analyzers: list[str] | None = None, exclude: list[str] | None = None, run_id: str = "", store_dir: str | None = None,
         warm: bool = True) -> None:
    """Load models once for this process (pool initializer / actor constructor).

    With ``store_dir`` the worker commits each chunk's rows to the store itself (an atomic
    batch directory, as the driver would): the driver then only schedules and counts, so it
    stops being the bottleneck on a cluster (the store must be on a shared filesystem).
    """
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from newsift.pipeline import select

    _STATE["specs"] = select(analyzers or None, exclude or ())
    _STATE["run_id"] = run_id
    if store_dir:
        from newsift.corpus.store import Store

        _STATE["store"] = Store(store_dir)
    else:
        _STATE.pop("store", None)
    if warm:
        from newsift.ingest import article_from_text
        from newsift.pipeline import analyze_articles

        art = article_from_text("Warm-up\n\nThe minister said on Monday that the talks would resume, according to officials.")
        # a broken analyzer shows up on real articles, where it is recorded per article
        with contextlib.suppress(Exception):
            list(analyze_articles([art], _STATE["specs"]))


def init_isolated(analyzers: list[str] | None = None, exclude: list[str] | None = None, run_id: str = "",
                  store_dir: str | None = None, threads: int = 1) -> None:
    """Initializer for pool processes and Ray actors: ``threads`` compute threads per worker.

    N workers on N cores, each running multi-threaded BLAS and onnxruntime pools sized to
    the whole machine, oversubscribe it and make "2 workers" mean "2 x 2 threads": the
    parallelism should be the workers'. So BLAS/OpenMP are limited with threadpoolctl, and
    ``NEWSIFT_THREADS`` sizes every onnxruntime session the analyzers make in this process
    (:func:`newsift.resources.onnx_session`). Then :func:`init`.
    """
    threads = max(1, int(threads))
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NEWSIFT_THREADS"):
        os.environ[var] = str(threads)
    try:
        from threadpoolctl import threadpool_limits

        _STATE["threadpool_limits"] = threadpool_limits(threads)
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        pass
    init(analyzers, exclude, run_id, store_dir)


def _ingest(rec: RawRecord):
    from newsift.ingest import from_bytes, from_string

    meta = {k: rec.meta.get(k) for k in ("url", "title", "outlet", "published")}
    if rec.kind == "text":
        from newsift.ingest import article_from_text

        art = article_from_text(str(rec.payload), what=rec.source, **meta)
    elif isinstance(rec.payload, bytes):
        art = from_bytes(rec.payload, what=rec.source, meta=meta)
    else:
        art = from_string(rec.payload, what=rec.source, meta=meta)
    share = masked_share(art.text)
    if share >= MASK_FLAG_SHARE:
        art = art.model_copy(update={"warnings": [*art.warnings, W.MASKED_TOKENS.format(pct=f"{share:.0%}")]})
    return art


def process_chunk(records: list[RawRecord]) -> ChunkResult:
    """Ingest and analyze ``records``; every record ends as rows or as one failure row."""
    from newsift.pipeline import analyze_article, analyze_articles

    if "specs" not in _STATE:
        init(warm=False)
    specs = _STATE["specs"]
    run_id = _STATE.get("run_id", "")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    res = ChunkResult(pid=os.getpid())
    t_chunk = time.perf_counter()
    cpu0 = time.process_time()

    def fail(rec: RawRecord, stage: str, code: str, reason: str) -> None:
        res.add({"failures": [failure_row(key=rec.key, source=rec.source, stage=stage, code=code, reason=reason, run_id=run_id, failed_at=now)]})
        res.keys.append(rec.key)
        res.n_failed += 1

    good: list[tuple[RawRecord, Any]] = []
    for rec in records:
        if rec.error:
            fail(rec, "read", rec.code or E.BAD_JSON.code, rec.error)
            continue
        try:
            good.append((rec, _ingest(rec)))
        except NewsiftError as err:
            fail(rec, "ingest", err.code, str(err).removeprefix("newsift: "))
        except Exception as err:
            fail(rec, "ingest", E.INTERNAL.code, f"{type(err).__name__}: {err}")

    def emit(rec: RawRecord, report: Any, seconds: float) -> None:
        try:
            rows = report_rows(report, key=rec.key, source=rec.source, ext_id=rec.meta.get("ext_id"), run_id=run_id, seconds=seconds, analyzed_at=now)
        except Exception as err:
            fail(rec, "store", E.INTERNAL.code, f"{type(err).__name__}: {err}")
            return
        res.add(rows)
        res.keys.append(rec.key)
        res.n_ok += 1

    if good:
        t0 = time.perf_counter()
        try:
            reports = list(analyze_articles([a for _, a in good], specs))
        except Exception:
            reports = None
        if reports is not None and len(reports) == len(good):
            per = (time.perf_counter() - t0) / len(good)
            for (rec, _a), rep in zip(good, reports, strict=True):
                emit(rec, rep, per)
        else:  # isolate the article that broke the batch
            for rec, art in good:
                t1 = time.perf_counter()
                try:
                    rep = analyze_article(art, specs)
                except NewsiftError as err:
                    fail(rec, "analyze", err.code, str(err).removeprefix("newsift: "))
                    continue
                except Exception as err:
                    fail(rec, "analyze", E.INTERNAL.code, f"{type(err).__name__}: {err}")
                    continue
                emit(rec, rep, time.perf_counter() - t1)
    store = _STATE.get("store")
    if store is not None:
        store.write_batch(res.rows)
        res.rows, res.committed = {}, True
    res.rss_mb, res.peak_rss_mb = rss_mb()
    res.seconds = time.perf_counter() - t_chunk
    res.cpu_s = time.process_time() - cpu0
    return res
