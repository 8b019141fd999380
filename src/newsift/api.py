"""The Python API: :func:`analyze` for one article, :func:`analyze_many` for several."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from newsift.ingest import DEFAULT_MAX_BYTES, load
from newsift.pipeline import analyze_article, analyze_articles, select
from newsift.schema import Article, Report


def analyze(
    source: str | bytes | os.PathLike[str] | dict[str, Any] | Article,
    *,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    analyzers: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch: bool = False,
) -> Report:
    """Analyze one article and return its :class:`~newsift.schema.Report`.

    ``source`` is article text (plain or HTML), raw bytes, a path, a JSON-like dict
    (``{"title", "text", "url", "outlet", "date"}``), or an :class:`Article`. A string that
    is an http(s) URL is fetched only when ``fetch=True`` (network access is never implicit).
    Keywords add metadata the text lacks. ``analyzers`` picks a subset (their
    dependencies are added); ``exclude`` drops some.
    """
    article = load(source, url=url, title=title, outlet=outlet, published=published, max_bytes=max_bytes, fetch=fetch)
    return analyze_article(article, select(analyzers, exclude))


def analyze_many(
    sources: Iterable[str | bytes | os.PathLike[str] | dict[str, Any] | Article],
    *,
    analyzers: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    batch_size: int = 16,
) -> Iterator[Report]:
    """Analyze several articles, loading models once and parsing in batches."""
    articles = (load(s, max_bytes=max_bytes) for s in sources)
    return analyze_articles(articles, select(analyzers, exclude), batch_size=batch_size)
