"""The corpus store: Parquet part files plus an embedded DuckDB database of views over them.

Layout of ``--store DIR``::

    DIR/batches/b-<time>-<id>/<table>.parquet   one directory per committed batch
    DIR/schema/<table>.parquet                  empty files giving each table its columns
    DIR/newsift.duckdb                          views over the globs (open it with any DuckDB)
    DIR/runs.jsonl                              one line per run: inputs, counts, throughput

Why a directory per batch: a batch's rows for every table are written into a hidden
temporary directory, flushed, and then the directory is renamed into ``batches/``. A rename
is atomic, so a run killed at any moment (SIGKILL included) leaves either the whole batch or
none of it: nothing is lost (unfinished records are simply redone) and nothing is
duplicated (finished keys are skipped). Keys are content hashes (see
:mod:`newsift.corpus.readers`); failures are stored with their key too, so a re-run does
not retry them unless asked (``--retry-failed``).
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsift.corpus.tables import all_tables, schema_of
from newsift.errors import E, NewsiftError

DB_NAME = "newsift.duckdb"


class Store:
    """A corpus store directory (created on first write)."""

    def __init__(self, root: str | os.PathLike[str], *, create: bool = False) -> None:
        self.root = Path(root).resolve()
        self.batches = self.root / "batches"
        if create:
            self.batches.mkdir(parents=True, exist_ok=True)
            self._write_schemas()
            self._clean_tmp()
        elif not self.batches.is_dir():
            raise NewsiftError(E.STORE, detail=f"{self.root} is not a newsift corpus store (run `newsift corpus analyze ... --store {root}` first)")
        self._finish_compactions()

    # -- writing -----------------------------------------------------------------------

    def _write_schemas(self) -> None:
        sdir = self.root / "schema"
        sdir.mkdir(exist_ok=True)
        for table in all_tables():
            path = sdir / f"{table}.parquet"
            schema = schema_of(table)
            if path.exists():
                with contextlib.suppress(Exception):
                    if pq.read_schema(path).equals(schema):
                        continue
            tmp = sdir / f".{table}.{uuid.uuid4().hex}.tmp"
            pq.write_table(schema.empty_table(), tmp)
            os.replace(tmp, path)

    def _clean_tmp(self) -> None:
        """Remove temporary batch directories left by a killed run (never committed)."""
        for d in self.batches.glob(".tmp-*"):
            shutil.rmtree(d, ignore_errors=True)

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """One writer at a time: a second ``analyze`` on the same store fails fast."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as err:
                raise NewsiftError(E.STORE, detail=f"another run is writing to {self.root}") from err
            yield

    def write_batch(self, rows: dict[str, list[dict[str, Any]]]) -> Path | None:
        """Commit one batch of rows (table → rows) atomically; returns the batch directory."""
        if not any(rows.values()):
            return None
        name = f"b-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}"
        tmp = self.batches / f".tmp-{name}"
        tmp.mkdir(parents=True)
        for table, rs in rows.items():
            if not rs:
                continue
            schema = schema_of(table)
            cols = {f.name: [r.get(f.name) for r in rs] for f in schema}
            tab = pa.Table.from_pydict(cols, schema=schema)
            path = tmp / f"{table}.parquet"
            pq.write_table(tab, path, compression="zstd")
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
        final = self.batches / name
        os.rename(tmp, final)
        dfd = os.open(self.batches, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
        return final

    # -- compaction ----------------------------------------------------------------------

    def _finish_compactions(self) -> None:
        """Delete batches that a committed compaction superseded (a kill may have left them)."""
        for marker in self.batches.glob("b-*/SUPERSEDES.json"):
            try:
                names = json.loads(marker.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                continue
            for name in names:
                old = self.batches / name
                if old.is_dir() and old != marker.parent:
                    shutil.rmtree(old, ignore_errors=True)

    def batch_dirs(self) -> list[Path]:
        return sorted(d for d in self.batches.glob("b-*") if d.is_dir())

    def compact(self, target_rows: int = 50_000) -> tuple[int, int]:
        """Merge small batches into batches of about ``target_rows`` articles; (before, after).

        Each merged batch is committed like any other (temporary directory, then rename)
        and names the batches it supersedes; those are deleted after the rename, or at the
        next open if the process dies first. So a compaction killed at any point neither
        loses nor duplicates rows (readers never see both: the next open completes it).
        """
        before = self.batch_dirs()
        groups: list[list[Path]] = []
        cur: list[Path] = []
        rows = 0
        for d in before:
            f = d / "articles.parquet"
            n = pq.read_metadata(f).num_rows if f.exists() else 0
            if n >= target_rows:
                continue  # already big
            cur.append(d)
            rows += n
            if rows >= target_rows:
                groups.append(cur)
                cur, rows = [], 0
        if len(cur) > 1:
            groups.append(cur)
        for group in groups:
            if len(group) < 2:
                continue
            name = f"b-{time.strftime('%Y%m%dT%H%M%S')}-c{uuid.uuid4().hex[:11]}"
            tmp = self.batches / f".tmp-{name}"
            tmp.mkdir()
            for table in all_tables():
                parts = [pq.read_table(d / f"{table}.parquet") for d in group if (d / f"{table}.parquet").exists()]
                if not parts:
                    continue
                merged = pa.concat_tables(parts, promote_options="default")
                pq.write_table(merged, tmp / f"{table}.parquet", compression="zstd")
            (tmp / "SUPERSEDES.json").write_text(json.dumps([d.name for d in group]), encoding="utf-8")
            for f in tmp.iterdir():
                with open(f, "rb") as fh:
                    os.fsync(fh.fileno())
            os.rename(tmp, self.batches / name)
            self._finish_compactions()
        return len(before), len(self.batch_dirs())

    def log_run(self, entry: dict[str, Any]) -> None:
        with open(self.root / "runs.jsonl", "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")

    # -- reading -----------------------------------------------------------------------

    def files(self, table: str) -> list[str]:
        return sorted(glob.glob(str(self.batches / "b-*" / f"{table}.parquet")))

    def done_keys(self, *, include_failures: bool = True) -> set[str]:
        """Keys already stored (analyzed, and failed unless ``include_failures`` is False)."""
        keys: set[str] = set()
        tables = ["articles", "failures"] if include_failures else ["articles"]
        for table in tables:
            for f in self.files(table):
                keys.update(pq.read_table(f, columns=["key"]).column("key").to_pylist())
        return keys

    def _source_sql(self, table: str) -> str:
        paths = [str(self.root / "schema" / f"{table}.parquet")]
        if self.files(table):
            paths.append(str(self.batches / "b-*" / f"{table}.parquet"))
        lst = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
        return f"read_parquet([{lst}], union_by_name=true)"

    def view_sql(self) -> list[str]:
        """CREATE VIEW statements: one per table; ``failures`` minus keys later analyzed."""
        stmts = []
        for table in all_tables():
            src = self._source_sql(table)
            if table == "failures":
                stmts.append(
                    "CREATE OR REPLACE VIEW failures AS SELECT * EXCLUDE (rn) FROM ("
                    f"SELECT *, row_number() OVER (PARTITION BY key ORDER BY failed_at DESC) AS rn FROM {src}) "
                    "WHERE rn = 1 AND key NOT IN (SELECT key FROM articles)"
                )
            else:
                stmts.append(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {src}")
        return stmts

    def connect(self):
        """An in-memory DuckDB connection with every table as a view (no file lock taken)."""
        import duckdb

        con = duckdb.connect()
        for stmt in self.view_sql():
            con.execute(stmt)
        return con

    def refresh_db(self) -> Path:
        """(Re)write ``newsift.duckdb`` with the views, for use from any DuckDB client."""
        import duckdb

        path = self.root / DB_NAME
        try:
            con = duckdb.connect(str(path))
        except Exception as err:  # held open by another process
            raise NewsiftError(E.STORE, detail=f"cannot open {path}: {err}") from err
        try:
            for stmt in self.view_sql():
                con.execute(stmt)
        finally:
            con.close()
        return path
