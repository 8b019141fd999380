"""The fact-check store: one SQLite file of records and their MiniLM vectors.

Why SQLite: it ships with Python, one file is easy to build in a setup step and to copy,
and the whole table (10,892 EUvsDisinfo cases, 17 MB of vectors) is read into memory once
per process for search, so a query engine adds nothing here. Vectors are computed at
import time, so searching only encodes the queries.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from newsift.errors import E, NewsiftError

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY,
    claim TEXT NOT NULL,
    title TEXT NOT NULL,
    verdict TEXT NOT NULL,
    publisher TEXT NOT NULL,
    url TEXT,
    date TEXT,
    language TEXT,
    origin TEXT,
    extra TEXT
);
CREATE TABLE IF NOT EXISTS vectors (id TEXT PRIMARY KEY, vec BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


@dataclass
class Record:
    """One fact-check: the claim it rates, its verdict, who rated it, where and when.

    ``date`` is the date the store knows (ClaimReview ``datePublished`` of the review, or
    EUvsDisinfo's date of the disinforming message); ``extra`` keeps the rest (countries,
    keywords, outlets, the original JSON fields) for display.
    """

    id: str
    claim: str
    title: str
    verdict: str
    publisher: str
    url: str | None = None
    date: str | None = None
    language: str | None = None
    origin: str = ""
    extra: dict = field(default_factory=dict)


class Store:
    """Read/write access to a store file. Use :meth:`open` to read an existing one."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise NewsiftError(
                E.MODEL_MISSING,
                what=f"fact-check store {self.path}",
                detail="run `newsift factcheck build-default` or `newsift factcheck import FILE`",
            )
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = sqlite3.connect(str(self.path))
            self.con.executescript(SCHEMA)
        except sqlite3.Error as exc:
            raise NewsiftError(E.STORE, detail=f"{self.path}: {exc}") from exc

    @classmethod
    def open(cls, path: Path) -> Store:
        return cls(path, create=False)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------
    def add(self, records: Iterable[Record], *, batch_size: int = 256) -> tuple[int, int]:
        """Insert or replace ``records``, encoding each new or changed claim once.

        Returns ``(added_or_updated, unchanged)``. Re-importing the same file is cheap and
        leaves the store as it was (idempotent).
        """
        from newsift.resources.encoder import encode

        recs = list({r.id: r for r in records}.values())  # last one wins within a file
        existing = {
            row[0]: row[1] for row in self.con.execute("SELECT r.id, r.claim FROM records r JOIN vectors v USING (id)")
        }
        todo = [r for r in recs if existing.get(r.id) != r.claim]
        unchanged = len(recs) - len(todo)
        for start in range(0, len(todo), 2048):
            chunk = todo[start : start + 2048]
            vecs = encode([r.claim for r in chunk], batch_size=batch_size)
            with self.con:
                self.con.executemany(
                    "INSERT OR REPLACE INTO records VALUES (?,?,?,?,?,?,?,?,?,?)",
                    [
                        (r.id, r.claim, r.title, r.verdict, r.publisher, r.url, r.date, r.language, r.origin,
                         json.dumps(r.extra, ensure_ascii=False))
                        for r in chunk
                    ],
                )
                self.con.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?,?)",
                    [(r.id, v.astype(np.float32).tobytes()) for r, v in zip(chunk, vecs, strict=True)],
                )
        if todo:
            with self.con:
                gen = int(self.meta("generation") or 0) + 1
                self.set_meta("generation", str(gen))
        return len(todo), unchanged

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (key, value))

    # -- reading -------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM records").fetchone()[0])

    def all(self) -> tuple[list[Record], np.ndarray]:
        """Every record (ordered by id) and an ``(n, 384)`` matrix of their vectors."""
        rows = self.con.execute(
            "SELECT r.id, r.claim, r.title, r.verdict, r.publisher, r.url, r.date, r.language, r.origin, r.extra, v.vec "
            "FROM records r JOIN vectors v USING (id) ORDER BY r.id"
        ).fetchall()
        recs = [
            Record(id=r[0], claim=r[1], title=r[2], verdict=r[3], publisher=r[4], url=r[5], date=r[6],
                   language=r[7], origin=r[8] or "", extra=json.loads(r[9] or "{}"))
            for r in rows
        ]
        mat = np.frombuffer(b"".join(r[10] for r in rows), dtype=np.float32).reshape(len(rows), -1) if rows else (
            np.zeros((0, 384), dtype=np.float32)
        )
        return recs, mat

    def get(self, record_id: str) -> Record | None:
        r = self.con.execute(
            "SELECT id, claim, title, verdict, publisher, url, date, language, origin, extra FROM records WHERE id=?",
            (record_id,),
        ).fetchone()
        if r is None:
            return None
        return Record(id=r[0], claim=r[1], title=r[2], verdict=r[3], publisher=r[4], url=r[5], date=r[6],
                      language=r[7], origin=r[8] or "", extra=json.loads(r[9] or "{}"))
