"""Ingest: any source (text, HTML, JSON, file, stdin, URL) → one clean :class:`Article`.

``load()`` is the single entry point. Every failure is a catalogued :class:`NewsiftError`
(empty, binary, too large, undecodable, no article in the HTML, bad JSON, fetch errors);
every silent-looking change (residue removed, encoding guessed, not English) is recorded
in ``Article.removed`` or ``Article.warnings``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from newsift.errors import E, NewsiftError, W
from newsift.ingest.decode import DEFAULT_MAX_BYTES, check_size, decode
from newsift.ingest.html import extract, looks_like_html
from newsift.ingest.language import detect_language
from newsift.ingest.text import structure
from newsift.ingest.url import fetch, is_url
from newsift.schema import Article

__all__ = ["DEFAULT_MAX_BYTES", "article_from_text", "is_url", "load", "read_path"]

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".json"}


def content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_from_text(
    text: str,
    *,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    warnings: list[str] | None = None,
    what: str = "input",
) -> Article:
    """Build an :class:`Article` from plain text (the body may start with its title line)."""
    warnings = list(warnings or [])
    if not text.strip():
        raise NewsiftError(E.EMPTY, what=what)
    if title and not text.lstrip().startswith(title.strip()):
        # metadata title (HTML, JSON) not in the body: put it first, as a headline line
        text = f"{title.strip()}\n\n{text.lstrip()}"
    st = structure(text, given_title=title)
    if not st.text.strip():
        raise NewsiftError(E.EMPTY, what=what)
    if st.removed:
        warnings.append(W.RESIDUE_REMOVED.format(n=len(st.removed)))
    language = detect_language(st.text)
    if language != "en":
        warnings.append(W.NOT_ENGLISH.format(language=language))
    return Article(
        id=content_id(st.text),
        url=url,
        outlet=outlet,
        title=st.title,
        title_span=st.title_span,
        dateline=st.dateline,
        published=published,
        language=language,
        text=st.text,
        removed=st.removed,
        warnings=warnings,
    )


def _from_json(obj: Any, what: str, meta: dict[str, Any]) -> Article:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise NewsiftError(E.BAD_JSON, detail='expected an object with a "text" string', what=what)
    return article_from_text(
        obj["text"],
        url=meta.get("url") or obj.get("url"),
        title=meta.get("title") or obj.get("title"),
        outlet=meta.get("outlet") or obj.get("outlet"),
        published=meta.get("published") or obj.get("date") or obj.get("published"),
        what=what,
    )


def from_string(text: str, *, what: str, meta: dict[str, Any], warnings: list[str] | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Sniff a decoded string: JSON article, HTML page, or plain text."""
    check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes, what)
    if not text.strip():
        raise NewsiftError(E.EMPTY, what=what)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as err:
            raise NewsiftError(E.BAD_JSON, detail=f"line {err.lineno}: {err.msg}", what=what) from err
        return _from_json(obj, what, meta)
    if looks_like_html(text):
        page = extract(text, url=meta.get("url"), what=what)
        return article_from_text(
            page.text,
            url=meta.get("url") or page.url,
            title=meta.get("title") or page.title,
            outlet=meta.get("outlet") or page.sitename,
            published=meta.get("published") or page.date,
            warnings=warnings,
            what=what,
        )
    return article_from_text(text, warnings=warnings, what=what, **{k: meta.get(k) for k in ("url", "title", "outlet", "published")})


def from_bytes(data: bytes, *, what: str, meta: dict[str, Any], max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    check_size(len(data), max_bytes, what)
    warnings: list[str] = []
    text = decode(data, what, warnings)
    return from_string(text, what=what, meta=meta, warnings=warnings, max_bytes=max_bytes)


def read_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, meta: dict[str, Any] | None = None) -> Article:
    p = Path(path)
    if not p.exists():
        raise NewsiftError(E.NOT_FOUND, path=str(p))
    if p.is_dir():
        raise NewsiftError(E.USAGE, detail=f"{p} is a directory; pass its files (the CLI expands directories)")
    size = p.stat().st_size
    check_size(size, max_bytes, str(p))
    return from_bytes(p.read_bytes(), what=str(p), meta=dict(meta or {}), max_bytes=max_bytes)


def load(
    source: str | bytes | os.PathLike[str] | dict[str, Any] | Article,
    *,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch: bool = False,
    timeout: float = 10.0,
) -> Article:
    """Turn any supported source into an :class:`Article` (see :func:`newsift.analyze`)."""
    meta = {"url": url, "title": title, "outlet": outlet, "published": published}
    if isinstance(source, Article):
        return source
    if isinstance(source, dict):
        return _from_json(source, "input", meta)
    if isinstance(source, bytes):
        return from_bytes(source, what="input", meta=meta, max_bytes=max_bytes)
    if isinstance(source, os.PathLike):
        return read_path(source, max_bytes=max_bytes, meta=meta)
    if isinstance(source, str):
        if fetch and is_url(source):
            return load_url(source, meta=meta, max_bytes=max_bytes, timeout=timeout)
        return from_string(source, what="input", meta=meta, max_bytes=max_bytes)
    raise NewsiftError(E.USAGE, detail=f"cannot analyze a {type(source).__name__}")


def load_url(url: str, *, meta: dict[str, Any] | None = None, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 10.0) -> Article:
    body, _ctype, final_url = fetch(url, timeout=timeout, max_bytes=max_bytes)
    meta = dict(meta or {})
    meta["url"] = meta.get("url") or final_url
    return from_bytes(body, what=url, meta=meta, max_bytes=max_bytes)
