"""Read-only queries over a corpus store (``newsift serve --store DIR``).

A thin adapter over :mod:`newsift.corpus`'s public functions (``Store``, ``build_profile``,
``trace``), so the HTTP API and ``newsift corpus ...`` answer the same questions the same
way. SQL from HTTP clients is confined: one SELECT statement, on a fresh in-memory DuckDB
connection whose file access is limited to the store directory, with a row cap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsift.errors import E, NewsiftError

MAX_ROWS = 1000


class CorpusQueries:
    """The queries the API offers over one store directory."""

    def __init__(self, root: str | Path) -> None:
        from newsift.corpus.store import Store

        self.store = Store(root)

    def _connect(self):
        con = self.store.connect()
        root = str(self.store.root).replace("'", "''")
        con.execute(f"SET allowed_directories=['{root}/']")
        con.execute("SET enable_external_access=false")
        return con

    def info(self) -> dict[str, Any]:
        from newsift.corpus.tables import all_tables

        con = self._connect()
        try:
            counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in all_tables()}
        finally:
            con.close()
        return {"store": self.store.root.name, "tables": counts, "batches": len(self.store.files("articles"))}

    def outlet_profile(self, outlet: str) -> dict[str, Any]:
        from newsift.corpus.profile import build_profile

        prof = build_profile(self.store, outlets=[outlet])
        found = [p for p in prof.get("profiles", []) if p.get("outlet") == outlet]
        if not found:
            raise NewsiftError(E.UNKNOWN, what="outlet in the corpus", key=outlet)
        return {**found[0], "over_time": [r for r in prof.get("over_time", []) if r.get("outlet") == outlet]}

    def claim_provenance(self, query: str, k: int) -> dict[str, Any]:
        from newsift.corpus.provenance import trace

        return trace(self.store, query, limit=k)

    def query(self, sql: str) -> dict[str, Any]:
        import duckdb

        con = self._connect()
        try:
            try:
                statements = con.extract_statements(sql)
            except duckdb.Error as err:
                raise NewsiftError(E.BAD_REQUEST, detail=f"SQL: {' '.join(str(err).split())}") from err
            if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
                raise NewsiftError(E.BAD_REQUEST, detail="SQL: only one SELECT statement is allowed")
            try:
                cur = con.execute(sql)
            except duckdb.Error as err:
                raise NewsiftError(E.BAD_REQUEST, detail=f"SQL: {' '.join(str(err).split())}") from err
            cols = [d[0] for d in cur.description] if cur.description else []
            rows = cur.fetchmany(MAX_ROWS + 1)
        finally:
            con.close()
        return {"columns": cols, "rows": [list(r) for r in rows[:MAX_ROWS]], "truncated": len(rows) > MAX_ROWS}
