"""Shared fixtures: the canonical article and paths into ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURE = SHARED / "fixtures" / "sana-2017-abu-kamal.txt"
FIXTURE_GOLD = SHARED / "fixtures" / "sana-2017-abu-kamal.attributions.jsonl"


@pytest.fixture(scope="session")
def fixture_path() -> Path:
    if not FIXTURE.exists():
        pytest.skip(f"canonical fixture not found at {FIXTURE}")
    return FIXTURE


@pytest.fixture(scope="session")
def fixture_text(fixture_path: Path) -> str:
    return fixture_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def fixture_report(fixture_path: Path):
    """The full analysis of the canonical article, computed once per test session."""
    import newsift

    return newsift.analyze(fixture_path)
