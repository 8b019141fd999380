"""Fetching URLs: http/https only, timeout, size cap and content-type check.

Every server here is a local one on 127.0.0.1; tests never reach the network.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsift.errors import E, NewsiftError
from newsift.ingest import load, load_url

PARAS = "".join(
    f"<p>The transport minister said on Monday that the bridge would reopen next week after repairs, part {i}. "
    "Residents have complained for months about the long detour through the town centre.</p>"
    for i in range(5)
)
PAGES = {
    "/article": ("text/html; charset=utf-8", f"<html><head><title>Bridge to reopen</title><link rel=canonical href='https://example.org/bridge'></head><body><article><h1>Bridge to reopen</h1>{PARAS}</article></body></html>".encode()),
    "/plain": ("text/plain", b"Bridge to reopen\n\nThe transport minister said the bridge would reopen next week after the repairs were done."),
    "/image": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
    "/big": ("text/plain", b"word " * 50_000),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(3)
        ctype, body = PAGES.get(self.path, ("text/plain", b""))
        if self.path not in PAGES and self.path != "/slow":
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_html_page_is_fetched_and_extracted(server):
    art = load_url(f"{server}/article")
    assert art.title == "Bridge to reopen"
    assert "bridge would reopen" in art.text
    assert art.url  # the page's URL (canonical when given) is kept


def test_plain_text_page(server):
    assert load_url(f"{server}/plain").title == "Bridge to reopen"


def test_strings_are_only_fetched_when_asked(server):
    art = load(f"{server}/plain")  # a URL-looking string is text unless fetch=True
    assert art.text == f"{server}/plain"
    assert load(f"{server}/plain", fetch=True).title == "Bridge to reopen"


@pytest.mark.parametrize(
    ("path", "kwargs", "error"),
    [
        ("/image", {}, E.FETCH_TYPE),
        ("/big", {"max_bytes": 10_000}, E.TOO_LARGE),
        ("/slow", {"timeout": 0.5}, E.FETCH_TIMEOUT),
        ("/missing", {}, E.FETCH),
    ],
)
def test_fetch_failures_are_catalogued(server, path, kwargs, error):
    with pytest.raises(NewsiftError) as info:
        load_url(f"{server}{path}", **kwargs)
    assert info.value.error is error


def test_only_http_and_https():
    with pytest.raises(NewsiftError) as info:
        load_url("ftp://127.0.0.1/file.txt")
    assert info.value.error is E.FETCH
