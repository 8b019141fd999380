"""Fetching a URL: http/https only, with a timeout, a size cap and a content-type check."""

from __future__ import annotations

from urllib.parse import urlparse

from newsift.errors import E, NewsiftError
from newsift.ingest.decode import check_size

ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/json")
USER_AGENT = "newsift/0.1 (+https://github.com/newsift)"


def is_url(value: str) -> bool:
    value = value.strip()
    if any(ch.isspace() for ch in value) or len(value) > 2048:
        return False
    p = urlparse(value)
    return p.scheme in ("http", "https") and bool(p.netloc)


def fetch(url: str, *, timeout: float = 10.0, max_bytes: int) -> tuple[bytes, str, str]:
    """Return ``(body, content_type, final_url)``; every failure is a catalogued error."""
    import httpx

    if not is_url(url):
        raise NewsiftError(E.FETCH, url=url, detail="only http and https URLs are supported")
    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}) as client,
            client.stream("GET", url) as resp,
        ):
            if resp.status_code >= 400:
                raise NewsiftError(E.FETCH, url=url, detail=f"HTTP {resp.status_code}")
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not ctype.startswith(ALLOWED_TYPES):
                raise NewsiftError(E.FETCH_TYPE, ctype=ctype, url=url)
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit():
                check_size(int(declared), max_bytes, url)
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                check_size(size, max_bytes, url)
                chunks.append(chunk)
            return b"".join(chunks), ctype, str(resp.url)
    except httpx.TimeoutException as err:
        raise NewsiftError(E.FETCH_TIMEOUT, timeout=timeout, url=url) from err
    except httpx.HTTPError as err:
        raise NewsiftError(E.FETCH, url=url, detail=type(err).__name__) from err
