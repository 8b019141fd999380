"""Runs the analyzers over a parsed article, in dependency order, and builds the Report.

Data flows one way: ingest → nlp → analyzers → report. This module is the only place that
knows the order; analyzers only declare what they need (see
:mod:`newsift.analyzers.registry`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from types import MappingProxyType
from typing import Any

from newsift import __version__
from newsift.analyzers.registry import AnalyzerSpec, registered, with_dependencies
from newsift.links import link_claims_to_evidence
from newsift.nlp import ParsedArticle, parse, parse_many
from newsift.schema import Article, Report

#: Report fields an analyzer may fill, i.e. the findings names that end up in the report.
REPORT_FIELDS = (
    "attributions", "claims", "evidence", "techniques", "sourcing", "headline",
    "outlet", "factcheck_matches", "summary",
)


def select(names: Iterable[str] | None = None, exclude: Iterable[str] = ()) -> list[AnalyzerSpec]:
    """The analyzers to run: ``names`` (default: all) with their dependencies, minus ``exclude``."""
    reg = registered()
    wanted = list(names) if names else list(reg)
    specs = with_dependencies([n for n in wanted if n not in set(exclude)])
    return specs


def run_analyzers(parsed: ParsedArticle, specs: list[AnalyzerSpec], timings: dict[str, float]) -> dict[str, Any]:
    """Run ``specs`` in order; return the findings dict (name → schema objects)."""
    findings: dict[str, Any] = {"article": parsed.article, "actors": parsed.actors}
    english = parsed.article.language == "en"
    for spec in specs:
        if spec.english_only and not english:
            continue
        if spec.needs_parse and parsed.doc is None:
            continue
        t0 = time.perf_counter()
        out = spec.func(parsed, MappingProxyType(findings))
        timings[spec.name] = timings.get(spec.name, 0.0) + time.perf_counter() - t0
        missing = set(spec.produces) - set(out)
        if missing:
            raise RuntimeError(f"analyzer {spec.name!r} did not produce {sorted(missing)}")
        findings.update(out)
    return findings


def build_report(parsed: ParsedArticle, findings: dict[str, Any], specs: list[AnalyzerSpec], timings: dict[str, float]) -> Report:
    fields = {k: findings[k] for k in REPORT_FIELDS if k in findings and findings[k] is not None}
    if "claims" in fields and "evidence" in fields:
        fields["claims"] = link_claims_to_evidence(fields["claims"], fields["evidence"])
    return Report(
        newsift_version=__version__,
        article=parsed.article,
        actors=findings.get("actors", parsed.actors),
        analyzers=[s.name for s in specs],
        timings={k: round(v, 6) for k, v in timings.items()},
        **fields,
    )


def needs_parse(specs: list[AnalyzerSpec], article: Article) -> bool:
    return article.language == "en" and any(s.needs_parse for s in specs)


def analyze_article(article: Article, specs: list[AnalyzerSpec] | None = None) -> Report:
    """Analyze one ingested article."""
    specs = specs if specs is not None else select()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    parsed = parse(article, with_parse=needs_parse(specs, article))
    timings["parse"] = time.perf_counter() - t0
    findings = run_analyzers(parsed, specs, timings)
    return build_report(parsed, findings, specs, timings)


def analyze_articles(articles: Iterable[Article], specs: list[AnalyzerSpec] | None = None, *, batch_size: int = 16) -> Iterator[Report]:
    """Analyze many articles, parsing them in batches with ``nlp.pipe``."""
    specs = specs if specs is not None else select()
    batch: list[Article] = []

    def flush() -> Iterator[Report]:
        english = [a for a in batch if needs_parse(specs, a)]
        t0 = time.perf_counter()
        parsed_en = iter(parse_many(english, batch_size=batch_size)) if english else iter(())
        per_doc = (time.perf_counter() - t0) / max(1, len(english))
        for a in batch:
            timings: dict[str, float] = {}
            if needs_parse(specs, a):
                parsed = next(parsed_en)
                timings["parse"] = per_doc
            else:
                parsed = parse(a, with_parse=False)
            findings = run_analyzers(parsed, specs, timings)
            yield build_report(parsed, findings, specs, timings)

    for art in articles:
        batch.append(art)
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()
