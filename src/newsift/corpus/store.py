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
