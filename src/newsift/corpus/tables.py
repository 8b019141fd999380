"""Report → table rows, with Arrow schemas derived from :mod:`newsift.schema`.

Why derived: the analyzers are still growing. Every list field of ``Report`` whose items
are schema models (attributions, claims, evidence, techniques, factcheck_matches, actors,
…) becomes a table whose columns come from the item model's fields, so a new finding or a
new field flows into the store without a code change here. The whole report is also kept
as JSON on the ``articles`` row: the JSON report is the source of truth, the tables are
views over it for SQL.

Column rules, per model field: a ``Span`` becomes ``<f>_start``, ``<f>_end``, ``<f>_text``
(``start``, ``end``, ``text`` for a field named ``span``); a list of spans becomes
``<f>_text`` (joined) and ``<f>_chars``; scalars keep their type; ``list[str]`` stays a
list; a nested model is flattened one level (``record_title``); anything else is JSON.
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any, Literal

import pyarrow as pa
from pydantic import BaseModel

from newsift.schema import SCHEMA_VERSION, Report, Span, SpeakerShare

#: columns every finding row starts with, so tables join and group without the articles table.
COMMON = [("key", pa.string()), ("article_id", pa.string()), ("outlet", pa.string()), ("published", pa.string())]

#: Report list fields that are not findings tables.
SKIP_FIELDS = {"summary"}
#: table names for Report fields (the issue calls fact-check matches "matches").
TABLE_NAMES = {"factcheck_matches": "matches"}

ARTICLE_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("key", pa.string()), ("article_id", pa.string()), ("source", pa.string()), ("ext_id", pa.string()),
    ("outlet", pa.string()), ("outlet_given", pa.string()), ("outlet_name", pa.string()),
    ("outlet_domain", pa.string()), ("outlet_kind", pa.string()), ("outlet_country", pa.string()),
    ("url", pa.string()), ("title", pa.string()), ("published", pa.string()), ("language", pa.string()),
    ("n_chars", pa.int64()), ("n_words", pa.int64()), ("masked_share", pa.float64()),
    ("warnings", pa.list_(pa.string())), ("n_removed", pa.int64()),
    ("attributed_chars", pa.int64()), ("attributed_share", pa.float64()),
    ("outlet_voice_share", pa.float64()), ("independent_sources", pa.int64()),
    ("accused_total", pa.int64()), ("accused_heard", pa.int64()), ("headline_body_support", pa.string()),
    ("n_actors", pa.int64()), ("n_attributions", pa.int64()), ("n_claims", pa.int64()),
    ("n_evidence", pa.int64()), ("n_techniques", pa.int64()), ("n_matches", pa.int64()),
    ("analyzers", pa.list_(pa.string())), ("newsift_version", pa.string()), ("schema_version", pa.string()),
    ("seconds", pa.float64()), ("worker_pid", pa.int64()), ("run_id", pa.string()), ("analyzed_at", pa.string()),
    ("report", pa.string()),
]

FAILURE_COLUMNS: list[tuple[str, pa.DataType]] = [
    ("key", pa.string()), ("source", pa.string()), ("stage", pa.string()), ("code", pa.string()),
    ("reason", pa.string()), ("run_id", pa.string()), ("failed_at", pa.string()),
]


def _unwrap(ann: Any) -> Any:
    """``X | None`` → ``X``."""
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
        return ann
    return ann


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


Extractor = Callable[[dict[str, Any]], Any]


def _scalar_type(t: Any) -> pa.DataType | None:
    if t is bool:
        return pa.bool_()
    if t is int:
        return pa.int64()
    if t is float:
        return pa.float64()
    if t is str or typing.get_origin(t) is Literal:
        return pa.string()
    return None


def _columns_for(model: type[BaseModel], prefix: str = "", depth: int = 0) -> list[tuple[str, pa.DataType, Extractor]]:
    cols: list[tuple[str, pa.DataType, Extractor]] = []
    for fname, finfo in model.model_fields.items():
        ann = _unwrap(finfo.annotation)
        name = prefix + fname

        def get(d: dict[str, Any], f: str = fname) -> Any:
            return d.get(f)

        if ann is Span:
            stem = "" if (fname == "span" and not prefix) else name + "_"
            cols += [
                (f"{stem}start", pa.int64(), lambda d, g=get: (g(d) or {}).get("start")),
                (f"{stem}end", pa.int64(), lambda d, g=get: (g(d) or {}).get("end")),
                (f"{stem}text", pa.string(), lambda d, g=get: (g(d) or {}).get("text")),
            ]
            continue
        origin = typing.get_origin(ann)
        if origin is list:
            (item,) = typing.get_args(ann) or (Any,)
            item = _unwrap(item)
            if item is Span:
                cols += [
                    (f"{name}_text", pa.string(), lambda d, g=get: " … ".join(s["text"] for s in (g(d) or [])) or None),
                    (f"{name}_chars", pa.int64(), lambda d, g=get: sum(s["end"] - s["start"] for s in (g(d) or []))),
                ]
            elif item is str:
                cols.append((name, pa.list_(pa.string()), lambda d, g=get: list(g(d) or [])))
            else:
                cols.append((name, pa.string(), lambda d, g=get: json.dumps(g(d), ensure_ascii=False) if g(d) else None))
            continue
        scalar = _scalar_type(ann)
        if scalar is not None:
            cols.append((name, scalar, get))
            continue
        if _is_model(ann) and depth == 0:
            for sub, typ, ext in _columns_for(ann, prefix=name + "_", depth=1):
                cols.append((sub, typ, lambda d, g=get, e=ext: e(g(d) or {})))
            continue
        if typing.get_origin(ann) in (typing.Union, types.UnionType):  # e.g. str | float | None
            cols.append((name, pa.string(), lambda d, g=get: None if g(d) is None else str(g(d))))
            continue
        cols.append((name, pa.string(), lambda d, g=get: json.dumps(g(d), ensure_ascii=False) if g(d) is not None else None))
    return cols


@lru_cache(maxsize=1)
def finding_tables() -> dict[str, tuple[str, type[BaseModel], list[tuple[str, pa.DataType, Extractor]]]]:
    """table name → (path in the report, item model, columns). Derived from ``Report``."""
    out: dict[str, tuple[str, type[BaseModel], list[tuple[str, pa.DataType, Extractor]]]] = {}
    for fname, finfo in Report.model_fields.items():
        ann = _unwrap(finfo.annotation)
        if typing.get_origin(ann) is not list or fname in SKIP_FIELDS:
            continue
        (item,) = typing.get_args(ann)
        item = _unwrap(item)
        if _is_model(item):
            out[TABLE_NAMES.get(fname, fname)] = (fname, item, _columns_for(item))
    out["speakers"] = ("sourcing.speakers", SpeakerShare, _columns_for(SpeakerShare))
    from newsift.schema import AccusedParty

    out["accused"] = ("sourcing.accused_parties_heard", AccusedParty, _columns_for(AccusedParty))
    return out


@cache
def schema_of(table: str) -> pa.Schema:
    if table == "articles":
        return pa.schema(ARTICLE_COLUMNS)
    if table == "failures":
        return pa.schema(FAILURE_COLUMNS)
    cols = finding_tables()[table][2]
    names = {n for n, _ in COMMON}
    return pa.schema(COMMON + [(n if n not in names else f"item_{n}", t) for n, t, _ in cols])


def all_tables() -> list[str]:
    return ["articles", *finding_tables(), "failures"]


_MASK_TOKEN = re.compile(r"(?<!\S)@(?!\S)")


def masked_share(text: str) -> float:
    """Share of whitespace tokens that are a bare ``@``: NELA-GT masks ~7% of tokens this way."""
    n = len(text.split())
    if not n:
        return 0.0
    return len(_MASK_TOKEN.findall(text)) / n


def _union_chars(spans: list[tuple[int, int]]) -> int:
    total, cur_s, cur_e = 0, -1, -1
    for s, e in sorted(spans):
        if s > cur_e:
            total += max(0, cur_e - cur_s)
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    return total + max(0, cur_e - cur_s)


def resolve_outlet(report: dict[str, Any]) -> str:
    """The outlet a row is grouped under: given name, else the outlet analyzer's, else the URL's domain."""
    art = report["article"]
    out = report.get("outlet") or {}
    if art.get("outlet"):
        return str(art["outlet"])
    if out.get("name"):
        return str(out["name"])
    if out.get("domain"):
        return str(out["domain"])
    url = art.get("url") or ""
    m = re.match(r"^[a-z][a-z0-9+.-]*://(?:www\.)?([^/:?#]+)", url, re.IGNORECASE)
    return m.group(1).lower() if m else "unknown"


def _dig(report: dict[str, Any], path: str) -> list[dict[str, Any]]:
    cur: Any = report
    for part in path.split("."):
        if not isinstance(cur, dict):
            return []
        cur = cur.get(part)
    return cur if isinstance(cur, list) else []


def report_rows(report: Report, *, key: str, source: str, ext_id: str | None, run_id: str, seconds: float, analyzed_at: str) -> dict[str, list[dict[str, Any]]]:
    """All table rows for one report: one ``articles`` row plus one row per finding."""
    import os

    d = report.model_dump(mode="json")
    art = d["article"]
    text = art["text"]
    outlet = resolve_outlet(d)
    common = {"key": key, "article_id": art["id"], "outlet": outlet, "published": art.get("published")}
    rows: dict[str, list[dict[str, Any]]] = {}
    for table, (path, _model, cols) in finding_tables().items():
        items = _dig(d, path)
        if not items:
            continue
        names = {n for n, _ in COMMON}
        rows[table] = [common | {(n if n not in names else f"item_{n}"): ext(item) for n, _t, ext in cols} for item in items]
    spans = [(s["start"], s["end"]) for a in d.get("attributions", []) for s in a.get("content", [])]
    attributed = _union_chars(spans)
    sourcing = d.get("sourcing") or {}
    accused = sourcing.get("accused_parties_heard") or []
    od = d.get("outlet") or {}
    rows["articles"] = [{
        "key": key, "article_id": art["id"], "source": source, "ext_id": ext_id, "outlet": outlet,
        "outlet_given": art.get("outlet"), "outlet_name": od.get("name"), "outlet_domain": od.get("domain"),
        "outlet_kind": od.get("kind"), "outlet_country": od.get("country"), "url": art.get("url"),
        "title": art.get("title"), "published": art.get("published"), "language": art.get("language"),
        "n_chars": len(text), "n_words": len(text.split()), "masked_share": round(masked_share(text), 4),
        "warnings": list(art.get("warnings") or []), "n_removed": len(art.get("removed") or []),
        "attributed_chars": attributed, "attributed_share": attributed / len(text) if text else 0.0,
        "outlet_voice_share": sourcing.get("outlet_voice_share") if sourcing else None,
        "independent_sources": sourcing.get("independent_sources") if sourcing else None,
        "accused_total": len(accused) if sourcing else None,
        "accused_heard": sum(1 for a in accused if a.get("heard")) if sourcing else None,
        "headline_body_support": (d.get("headline") or {}).get("body_support"),
        "n_actors": len(d.get("actors") or []), "n_attributions": len(d.get("attributions") or []),
        "n_claims": len(d.get("claims") or []), "n_evidence": len(d.get("evidence") or []),
        "n_techniques": len(d.get("techniques") or []), "n_matches": len(d.get("factcheck_matches") or []),
        "analyzers": list(d.get("analyzers") or []), "newsift_version": d.get("newsift_version"),
        "schema_version": d.get("version") or SCHEMA_VERSION, "seconds": round(seconds, 6),
        "worker_pid": os.getpid(), "run_id": run_id, "analyzed_at": analyzed_at,
        "report": json.dumps(d, ensure_ascii=False),
    }]
    return rows


def failure_row(*, key: str, source: str, stage: str, code: str, reason: str, run_id: str, failed_at: str) -> dict[str, Any]:
    return {"key": key, "source": source, "stage": stage, "code": code, "reason": reason[:2000], "run_id": run_id, "failed_at": failed_at}
