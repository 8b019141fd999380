"""Executors: fan chunks of raw records out to workers and bring ChunkResults back.

* ``local`` (default): a :class:`concurrent.futures.ProcessPoolExecutor` with the
  ``forkserver`` start method; each worker loads the models once in its initializer
  (:func:`newsift.corpus.worker.init`) and then processes chunks. A bounded number of chunks
  is in flight, so memory stays flat on any corpus size. ``workers=0`` runs in-process.
  A worker that dies (segfault, OOM kill) breaks the pool: the pool is rebuilt and the
  chunks that were in flight are re-run one record at a time, so the record that kills a
  worker is found and recorded as a failure instead of stopping the run.
* ``ray``: Ray Data ``map_batches`` with a pool of actors (each loads the models once in
  its constructor). Ray is imported lazily: it is the optional ``ray`` extra. Locally it
  starts a small instance bound to 127.0.0.1, usage stats off, dashboard off, a modest
  object store and a temporary directory removed afterwards; with ``address`` it joins an
  existing cluster. The input is fed window by window (``window`` records per Ray
  dataset), so the driver never holds the whole corpus.

No scheduling of our own beyond that: the pool and Ray do it.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import pickle
import shutil
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from typing import Any

from newsift.corpus import worker
from newsift.corpus.readers import RawRecord
from newsift.corpus.tables import failure_row
from newsift.errors import E, NewsiftError

#: (analyzers, exclude, run_id, store_dir for worker-side writes or None, compute threads per worker)
InitArgs = tuple[list[str] | None, list[str] | None, str, str | None, int]


def _crash_result(rec: RawRecord, run_id: str, exitinfo: str) -> worker.ChunkResult:
    res = worker.ChunkResult(keys=[rec.key], n_failed=1)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    res.add({"failures": [failure_row(key=rec.key, source=rec.source, stage="analyze", code=E.INTERNAL.code,
                                      reason=f"worker process died on this record ({exitinfo})", run_id=run_id, failed_at=now)]})
    return res


class LocalEngine:
    """A local process pool (or in-process when ``workers == 0``)."""

    name = "local"

    def __init__(self, workers: int, init_args: InitArgs, *, start_method: str = "forkserver") -> None:
        self.workers = workers
        self.init_args = init_args
        self.start_method = start_method if start_method in mp.get_all_start_methods() else "spawn"

    def _pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=mp.get_context(self.start_method),
                                   initializer=worker.init_isolated, initargs=self.init_args)

    def map(self, chunks: Iterable[list[RawRecord]]) -> Iterator[worker.ChunkResult]:
        if self.workers <= 0:  # in this process: its thread settings are left alone
            worker.init(*self.init_args[:4])
            for chunk in chunks:
                yield worker.process_chunk(chunk)
            return
        it = iter(chunks)
        suspects: deque[RawRecord] = deque()
        crashes_in_a_row = 0
        max_inflight = self.workers * 3
        exhausted = False
        while True:
            pool = self._pool()
            pending: dict[Future[worker.ChunkResult], list[RawRecord]] = {}
            broken = False
            try:
                # records from a broken pool: one at a time, so a killer record is isolated
                while suspects and not broken:
                    rec = suspects[0]
                    try:
                        r = pool.submit(worker.process_chunk, [rec]).result()
                        crashes_in_a_row = 0
                    except BrokenProcessPool as err:
                        crashes_in_a_row += 1
                        if crashes_in_a_row >= 3:  # not one bad record: the workers cannot run at all
                            raise NewsiftError(E.INTERNAL, detail=f"corpus workers keep dying ({err}); run with --workers 0 to see why") from err
                        r = _crash_result(rec, self.init_args[2], str(err) or "BrokenProcessPool")
                        broken = True
                    suspects.popleft()
                    yield r
                if broken:
                    continue
                while not broken:
                    while not exhausted and len(pending) < max_inflight:
                        try:
                            chunk = next(it)
                        except StopIteration:
                            exhausted = True
                            break
                        pending[pool.submit(worker.process_chunk, chunk)] = chunk
                    if not pending:
                        return
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        chunk = pending.pop(fut)
                        try:
                            r = fut.result()
                        except BrokenProcessPool:
                            suspects.extend(chunk)
                            broken = True
                            continue
                        yield r
                    if broken:
                        for chunk in pending.values():
                            suspects.extend(chunk)
                        pending.clear()
            finally:
                pool.shutdown(wait=not broken, cancel_futures=True)


class _RayActor:
    """Ray Data actor: models loaded once in the constructor, then one pickled chunk per row."""

    def __init__(self, init_args: InitArgs) -> None:
        worker.init_isolated(*init_args)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        out = [pickle.dumps(worker.process_chunk(pickle.loads(blob))) for blob in batch["chunk"]]
        return {"result": np.array(out, dtype=object)}


class RayEngine:
    """Ray Data ``map_batches`` over an actor pool; a local loopback instance unless ``address``."""

    name = "ray"

    def __init__(self, workers: int, init_args: InitArgs, *, address: str | None = None, cpus_per_actor: float | None = None,
                 window: int = 5000, object_store_mb: int = 300) -> None:
        self.workers = max(1, workers)
        self.init_args = init_args
        self.address = address
        # on a small box, whole-CPU actors starve Ray Data's read step: use fractions
        self.cpus_per_actor = cpus_per_actor if cpus_per_actor is not None else (0.5 if (os.cpu_count() or 1) <= 4 else 1.0)
        self.window = window
        self.object_store_mb = object_store_mb
        self._tmp: str | None = None
        self._started = False

    def start(self) -> None:
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "error")
        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.WARNING)
        try:
            import ray
        except ImportError as err:
            raise NewsiftError(E.MODEL_MISSING, what="Ray", detail='install the extra: pip install "newsift[ray]"') from err
        if ray.is_initialized():
            return
        if self.address:
            ray.init(address=self.address, log_to_driver=False, logging_level="warning")
        else:
            os.environ.setdefault("RAY_AUTH_MODE", "disabled")
            # short path: Ray's unix sockets must fit in 107 bytes
            self._tmp = tempfile.mkdtemp(prefix="nsray-", dir="/tmp")
            ray.init(num_cpus=max(2, os.cpu_count() or 2), include_dashboard=False, _node_ip_address="127.0.0.1",
                     object_store_memory=self.object_store_mb * 1024 * 1024, _temp_dir=self._tmp,
                     log_to_driver=False, logging_level="warning", configure_logging=True)
        self._started = True
        with contextlib.suppress(Exception):
            ray.data.DataContext.get_current().enable_progress_bars = False

    def stop(self) -> None:
        if self._started:
            import ray

            ray.shutdown()
            self._started = False
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def _windows(self, chunks: Iterable[list[RawRecord]]) -> Iterator[list[list[RawRecord]]]:
        buf: list[list[RawRecord]] = []
        n = 0
        for chunk in chunks:
            buf.append(chunk)
            n += len(chunk)
            if n >= self.window:
                yield buf
                buf, n = [], 0
        if buf:
            yield buf

    def map(self, chunks: Iterable[list[RawRecord]]) -> Iterator[worker.ChunkResult]:
        import ray.data

        self.start()
        try:
            for win in self._windows(chunks):
                ds = ray.data.from_items([{"chunk": pickle.dumps(c)} for c in win], override_num_blocks=len(win))
                ds = ds.map_batches(_RayActor, fn_constructor_args=(self.init_args,), batch_size=1,
                                    compute=ray.data.ActorPoolStrategy(size=min(self.workers, len(win)), max_tasks_in_flight_per_actor=1),
                                    num_cpus=self.cpus_per_actor, batch_format="numpy")
                for row in ds.iter_rows():
                    yield pickle.loads(row["result"])
        finally:
            self.stop()


def make_engine(engine: str, workers: int, init_args: InitArgs, *, address: str | None = None, **kw: Any) -> LocalEngine | RayEngine:
    if engine == "local":
        return LocalEngine(workers, init_args)
    if engine == "ray":
        return RayEngine(workers, init_args, address=address, **kw)
    raise NewsiftError(E.USAGE, detail=f"unknown engine {engine!r} (local or ray)")
