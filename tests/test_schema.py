"""The JSON Schema is the contract: the committed file matches the models, and reports validate."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from newsift.schema import SCHEMA_VERSION, Report, json_schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema" / "report.schema.json"


def test_committed_schema_is_current():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "regenerate with: .venv/bin/newsift schema > schema/report.schema.json"


def test_unknown_fields_are_rejected():
    with pytest.raises(ValueError):
        Report.model_validate({"article": {"id": "x", "text": "t"}, "verdict": "fake"})


@pytest.mark.slow
def test_fixture_report_validates_against_schema(fixture_report):
    data = json.loads(fixture_report.model_dump_json())
    jsonschema.validate(data, json_schema())
    assert data["version"] == SCHEMA_VERSION
    text = data["article"]["text"]
    # every span in the report is a faithful slice of the article text
    def walk(node):
        if isinstance(node, dict):
            if {"start", "end", "text"} <= set(node) and isinstance(node["start"], int):
                assert text[node["start"]:node["end"]] == node["text"], node
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk({k: v for k, v in data.items() if k != "article"})
