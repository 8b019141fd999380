"""Analyzers declare what they need; the pipeline orders them (after spaCy's registered components)."""

from __future__ import annotations

import pytest

from newsift.analyzers.registry import AnalyzerSpec, order, registered, with_dependencies


def spec(name: str, requires=(), produces=(), uses=()) -> AnalyzerSpec:
    return AnalyzerSpec(name=name, func=lambda p, f: {}, requires=tuple(requires), produces=tuple(produces or (name,)), uses=tuple(uses))


def test_requirements_run_first_whatever_the_listing_order():
    specs = [spec("summary", requires=("claims",)), spec("claims", requires=("attributions",)), spec("attribution", produces=("attributions",))]
    assert [s.name for s in order(specs)] == ["attribution", "claims", "summary"]


def test_optional_inputs_order_but_do_not_require():
    a = spec("outlet")
    s = spec("summary", uses=("outlet", "techniques"))
    assert [x.name for x in order([s, a])] == ["outlet", "summary"]
    assert [x.name for x in order([s])] == ["summary"]  # techniques not selected: fine


def test_missing_requirement_names_the_gap():
    with pytest.raises(ValueError, match="requires 'claims'"):
        order([spec("evidence", requires=("claims",))])


def test_cycles_are_refused():
    with pytest.raises(ValueError, match="cycle"):
        order([spec("a", requires=("b",)), spec("b", requires=("a",))])


def test_selecting_an_analyzer_brings_its_dependencies():
    names = [s.name for s in with_dependencies(["summary"])]
    assert names[-1] == "summary"
    assert {"attribution", "claims", "evidence", "sourcing", "headline"} <= set(names)
    assert "techniques" not in names


def test_every_builtin_declares_what_it_produces():
    reg = registered()
    produced = [p for s in reg.values() for p in s.produces]
    assert len(produced) == len(set(produced)), "two analyzers produce the same finding"
    assert {"attributions", "claims", "evidence", "techniques", "sourcing", "headline", "outlet", "factcheck_matches", "summary"} <= set(produced)
