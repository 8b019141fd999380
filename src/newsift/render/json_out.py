"""JSON output: the schema's field names, stable across versions of the same SCHEMA_VERSION."""

from __future__ import annotations

from newsift.schema import Report


def to_json(report: Report, *, compact: bool = False) -> str:
    return report.model_dump_json(indent=None if compact else 2)
