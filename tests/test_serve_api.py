"""The HTTP API (``newsift serve``): every endpoint and every error code it can answer with.

Most tests inject a stand-in analysis function, so they test the server (limits, parsing,
error mapping) rather than the models; one test runs the real pipeline end to end.
"""

from __future__ import annotations

import asyncio
import http.server
import json
import re
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from newsift.errors import E
from newsift.schema import Report, json_schema
from newsift.serve.app import create_app
from reader_sample import sample_report

FIXTURE = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "sana-2017-abu-kamal.txt"
ARTICLE = (
    "Talks to resume next week\n\n"
    "The foreign minister said on Monday that talks would resume next week. "
    "“We are ready,” she told reporters in the capital."
)


def echo_analyze(article, analyzers, exclude) -> Report:
    """Stand-in for the pipeline: the report of an article with no findings."""
    return Report(article=article, analyzers=list(analyzers or []))


def client(**kwargs) -> TestClient:
    kwargs.setdefault("analyze", echo_analyze)
    kwargs.setdefault("warm", False)
    return TestClient(create_app(**kwargs), raise_server_exceptions=False)


@pytest.fixture
def api() -> Iterator[TestClient]:
    with client() as c:
        yield c


def assert_error(resp: httpx.Response, error: E) -> dict:
    """The response is the catalogued error: its HTTP status, its code, a one-line message."""
    assert resp.status_code == error.http_status, resp.text
    body = resp.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == error.code
    assert body["error"]["message"] and "\n" not in body["error"]["message"]
    return body["error"]


# --- POST /v1/analyze: the inputs it takes ---------------------------------------------------


def test_analyze_json_text_returns_the_report(api):
    resp = api.post("/v1/analyze", json={"text": ARTICLE, "outlet": "example.test"})
    assert resp.status_code == 200
    report = Report.model_validate(resp.json())
    assert report.article.title == "Talks to resume next week"
    assert report.article.outlet == "example.test"
    assert "talks would resume" in report.article.text


def test_analyze_json_html_extracts_the_article(api):
    page = (
        "<html><head><title>Talks to resume</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Talks to resume next week</h1><p>{ARTICLE.split(chr(10))[2]}</p>"
        "<p>The minister added that both sides had agreed on an agenda for the meeting.</p></article></body></html>"
    )
    resp = api.post("/v1/analyze", json={"html": page})
    assert resp.status_code == 200, resp.text
    text = resp.json()["article"]["text"]
    assert "talks would resume" in text and "Home | World" not in text


def test_analyze_raw_text_body_with_metadata_in_the_query(api):
    resp = api.post(
        "/v1/analyze?title=Talks%20to%20resume%20next%20week&outlet=example.test",
        content=ARTICLE.split("\n\n", 1)[1].encode(),
        headers={"content-type": "text/plain; charset=utf-8"},
    )
    assert resp.status_code == 200, resp.text
    art = resp.json()["article"]
    assert art["title"] == "Talks to resume next week" and art["outlet"] == "example.test"


def test_analyze_file_upload_keeps_the_encoding_warning(api):
    latin1 = ARTICLE.replace("“We are ready,”", "\"We are ready,\"") + " The café was closed."
    resp = api.post("/v1/analyze", files={"file": ("article.txt", latin1.encode("latin-1"), "text/plain")})
    assert resp.status_code == 200, resp.text
    art = resp.json()["article"]
    assert "café" in art["text"]
    assert any(w.startswith("W101") for w in art["warnings"])


def test_analyze_format_html_returns_the_self_contained_page(api):
    resp = api.post("/v1/analyze?format=html", json={"text": ARTICLE})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert 'id="newsift-report">{' in resp.text and "static/reader.js" not in resp.text


def test_analyze_passes_the_analyzer_selection(api):
    resp = api.post("/v1/analyze", json={"text": ARTICLE, "analyzers": ["attribution"]})
    assert resp.json()["analyzers"] == ["attribution"]


# --- POST /v1/analyze: every way it fails ----------------------------------------------------


def test_oversized_body_is_refused_with_413_before_reading_it():
    with client(max_body_bytes=2_000) as c:
        err = assert_error(c.post("/v1/analyze", json={"text": "word " * 1_000}), E.TOO_LARGE)
    assert "over the limit of 2000 bytes" in err["message"]


def test_oversized_chunked_body_without_content_length_is_refused_too():
    def chunks():
        for _ in range(10):
            yield b"x" * 1_000

    with client(max_body_bytes=2_000) as c:
        resp = c.post("/v1/analyze", content=chunks(), headers={"content-type": "text/plain"})
    assert "content-length" not in resp.request.headers
    assert_error(resp, E.TOO_LARGE)


@pytest.mark.parametrize(
    ("body", "ctype", "needle"),
    [
        (b'{"text": "unterminated', "application/json", "not JSON"),
        (b'["a", "list"]', "application/json", "JSON object"),
        (b'{"txt": "typo in the field name"}', "application/json", "txt"),
        (b'{"text": 42}', "application/json", "text"),
        (b'{"title": "no article"}', "application/json", "exactly one of text, html or url"),
        (b'{"text": "a", "url": "https://example.test/"}', "application/json", "exactly one"),
        (b"--x\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--x--\r\n", "multipart/form-data; boundary=x", "'file'"),
    ],
)
def test_malformed_body_is_400_e055(api, body, ctype, needle):
    err = assert_error(api.post("/v1/analyze", content=body, headers={"content-type": ctype}), E.BAD_REQUEST)
    assert needle in err["message"]


def test_bad_query_parameter_is_400_e055(api):
    assert_error(api.post("/v1/analyze?format=pdf", json={"text": ARTICLE}), E.BAD_REQUEST)


def test_empty_text_is_422_e011(api):
    assert_error(api.post("/v1/analyze", json={"text": "   \n "}), E.EMPTY)
    assert_error(api.post("/v1/analyze", content=b"", headers={"content-type": "text/plain"}), E.EMPTY)


def test_binary_upload_is_415_e012(api):
    resp = api.post("/v1/analyze", files={"file": ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 50, "image/jpeg")})
    assert_error(resp, E.BINARY)


def test_undecodable_upload_is_422_e014(api):
    resp = api.post("/v1/analyze", files={"file": ("a.txt", bytes(range(128, 256)) * 20, "text/plain")})
    assert_error(resp, E.UNDECODABLE)


def test_text_that_is_broken_article_json_is_422_e017(api):
    err = assert_error(api.post("/v1/analyze", json={"text": '{"title": "T", "text": '}), E.BAD_JSON)
    assert "invalid article JSON" in err["message"]


def test_unsupported_content_type_is_415_e022(api):
    assert_error(api.post("/v1/analyze", content=b"<a/>", headers={"content-type": "application/xml"}), E.FETCH_TYPE)


def test_html_without_an_article_is_422_e015(api):
    assert_error(api.post("/v1/analyze", json={"html": "<html><body><nav>Home</nav></body></html>"}), E.NO_ARTICLE)


def test_unknown_analyzer_is_400_e001():
    with client(analyze=None) as c:  # the real selection logic, which knows the analyzer names
        err = assert_error(c.post("/v1/analyze", json={"text": ARTICLE, "analyzers": ["crystal_ball"]}), E.USAGE)
    assert "crystal_ball" in err["message"]


class SlowHandler(http.server.BaseHTTPRequestHandler):
    """Answers after 3 s: slower than the server's fetch timeout."""

    def do_GET(self) -> None:
        time.sleep(3)
        try:
            self.send_response(200)
            self.send_header("content-type", "text/plain")
            self.end_headers()
            self.wfile.write(ARTICLE.encode())
        except OSError:
            pass  # the client gave up, as intended

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def slow_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/article"
    server.shutdown()
    server.server_close()


def test_url_that_times_out_is_504_e021(slow_url):
    t0 = time.perf_counter()
    with client(fetch_timeout=0.5) as c:
        err = assert_error(c.post("/v1/analyze", json={"url": slow_url}), E.FETCH_TIMEOUT)
    assert slow_url in err["message"]
    assert time.perf_counter() - t0 < 2.5  # the server gave up; it did not wait for the page


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_url_is_502_e020(api):
    assert_error(api.post("/v1/analyze", json={"url": f"http://127.0.0.1:{free_port()}/"}), E.FETCH)


def test_urls_refused_when_fetching_is_off_is_501_e052():
    with client(allow_urls=False) as c:
        assert_error(c.post("/v1/analyze", json={"url": "http://127.0.0.1:9/"}), E.NOT_CONFIGURED)


def test_analysis_over_the_deadline_is_504_e050():
    def slow(article, analyzers, exclude):
        time.sleep(1.0)
        return echo_analyze(article, analyzers, exclude)

    with client(analyze=slow, timeout=0.2) as c:
        err = assert_error(c.post("/v1/analyze", json={"text": ARTICLE}), E.TIMEOUT)
    assert "0.2s" in err["message"]


def test_saturated_server_answers_503_e051_at_once():
    """One worker, no queue: while one analysis runs, the next request is refused, not queued."""
    release = threading.Event()

    def blocking(article, analyzers, exclude):
        release.wait(5)
        return echo_analyze(article, analyzers, exclude)

    app = create_app(analyze=blocking, warm=False, workers=1, queue=0)

    async def scenario() -> tuple[int, httpx.Response, int]:
        transport = httpx.ASGITransport(app=app)
        async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            first = asyncio.create_task(c.post("/v1/analyze", json={"text": ARTICLE}))
            while app.state.newsift.pending == 0:
                await asyncio.sleep(0.01)
            second = await c.post("/v1/analyze", json={"text": ARTICLE})
            release.set()
            return (await first).status_code, second, (await c.post("/v1/analyze", json={"text": ARTICLE})).status_code

    first, second, third = asyncio.run(scenario())
    assert first == 200
    assert_error(second, E.BUSY)
    assert third == 200  # the slot is free again


def test_unexpected_failure_is_500_e099_without_a_traceback():
    def broken(article, analyzers, exclude):
        raise RuntimeError("secret internals")

    with client(analyze=broken) as c:
        err = assert_error(c.post("/v1/analyze", json={"text": ARTICLE}), E.INTERNAL)
    assert "secret internals" not in err["message"] and "Traceback" not in err["message"]


def test_unknown_endpoint_is_404_e053_and_wrong_method_405_e054(api):
    assert_error(api.get("/v1/nothing-here"), E.NO_ROUTE)
    assert_error(api.get("/v1/analyze"), E.METHOD)


# --- the other endpoints ---------------------------------------------------------------------


def test_schema_endpoint_serves_the_report_json_schema(api):
    assert api.get("/v1/schema").json() == json_schema()


def test_errors_endpoint_lists_the_catalogue(api):
    rows = {r["code"]: r for r in api.get("/v1/errors").json()}
    assert rows["E013"]["http_status"] == 413 and rows["E051"]["http_status"] == 503


def test_openapi_documents_every_endpoint_and_the_error_shape(api):
    spec = api.get("/openapi.json").json()
    assert {"/v1/analyze", "/v1/schema", "/v1/outlets/{domain}", "/v1/factcheck/search", "/v1/corpus",
            "/v1/corpus/claims", "/v1/corpus/outlets/{outlet}", "/v1/corpus/query", "/v1/health"} <= set(spec["paths"])
    body = spec["paths"]["/v1/analyze"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain", "text/html", "multipart/form-data"} <= set(body)
    assert {"text", "html", "url", "title", "outlet"} <= set(body["application/json"]["schema"]["properties"])
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(spec)))
    assert refs <= set(spec["components"]["schemas"]), "dangling $ref in the OpenAPI document"
    assert "ErrorResponse" in spec["components"]["schemas"]
    assert "413" in spec["paths"]["/v1/analyze"]["post"]["responses"]
    docs = api.get("/docs")  # our own page over openapi.json: FastAPI's default one needs a CDN
    assert docs.status_code == 200 and "openapi.json" in docs.text and "cdn" not in docs.text.lower()


def test_health_reports_limits_and_warm_up(api):
    h = api.get("/v1/health").json()
    assert h["ready"] is True and h["warmup_seconds"] is None  # warm=False in this client
    assert h["limits"]["max_body_bytes"] == 5 * 1024 * 1024


def test_reader_page_and_its_assets_are_served_without_external_urls(api):
    page = api.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for asset in ("static/reader.css", "static/reader.js"):
        assert asset in page.text
        assert api.get("/" + asset).status_code == 200
    external = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", re.I)
    for text in (page.text, api.get("/static/reader.css").text, api.get("/static/reader.js").text):
        assert not external.search(text)


def test_outlet_lookup_without_the_outlets_module_is_501_e052(api, monkeypatch):
    monkeypatch.setitem(sys.modules, "newsift.outlets", None)  # import fails as if not installed
    assert_error(api.get("/v1/outlets/sana.sy"), E.NOT_CONFIGURED)


def test_outlet_lookup_answers_a_card_with_sourced_ratings_or_404_e056(api):
    reuters = api.get("/v1/outlets/www.reuters.com").json()
    assert reuters["name"] == "Reuters" and reuters["domain"] == "reuters.com"
    assert all(r["source"] and r["scale"] for r in reuters["ratings"])
    sana = api.get("/v1/outlets/SANA").json()  # a name or alias works too
    assert sana["domain"] == "sana.sy" and sana["kind"]
    assert any(r["value"] is None for r in sana["ratings"])  # "not rated" is explicit, not left out
    err = assert_error(api.get("/v1/outlets/unknown-outlet.example"), E.UNKNOWN)
    assert "unknown-outlet.example" in err["message"]


def test_factcheck_search_without_the_module_is_501_e052(api, monkeypatch):
    monkeypatch.setitem(sys.modules, "newsift.factcheck", None)
    assert_error(api.get("/v1/factcheck/search", params={"q": "US supports Daesh in Syria"}), E.NOT_CONFIGURED)


def test_factcheck_search_without_a_built_store_is_501_e052(tmp_path):
    with client(factcheck_db=tmp_path / "missing.sqlite") as c:
        err = assert_error(c.get("/v1/factcheck/search", params={"q": "US supports Daesh in Syria"}), E.NOT_CONFIGURED)
    assert "build-default" in err["message"]


def test_factcheck_search_returns_results_with_a_disclaimer(api, monkeypatch):
    from newsift.serve import app as app_module

    record = sample_report().factcheck_matches[0].record
    monkeypatch.setattr(app_module, "search_factchecks", lambda q, k, db: [record.model_dump()][:k])
    out = api.get("/v1/factcheck/search", params={"q": "rebels used banned weapons", "k": 3}).json()
    assert out["results"][0]["publisher"] == "EUvsDisinfo"
    assert "not a verdict" in out["disclaimer"] and "does not mean that the outlet" in out["disclaimer"]
    assert_error(api.get("/v1/factcheck/search", params={"q": "x"}), E.BAD_REQUEST)  # too short


def test_corpus_endpoints_without_a_store_are_501_e052(api):
    err = assert_error(api.get("/v1/corpus"), E.NOT_CONFIGURED)
    assert "--store" in err["message"]
    assert_error(api.get("/v1/corpus/claims", params={"q": "convoys"}), E.NOT_CONFIGURED)
    assert_error(api.get("/v1/corpus/outlets/sana.sy"), E.NOT_CONFIGURED)
    assert_error(api.post("/v1/corpus/query", json={"sql": "select 1"}), E.NOT_CONFIGURED)


class FakeStore:
    def info(self):
        return {"articles": 2}

    def outlet_profile(self, outlet):
        return {"outlet": outlet, "articles": 1}

    def claim_provenance(self, query, k):
        return [{"claim": query, "first_seen": "2017-11-14"}][:k]

    def query(self, sql):
        return {"columns": ["x"], "rows": [[1]], "sql": sql}


def test_a_directory_that_is_not_a_store_is_reported_as_e040_on_the_corpus_endpoints(tmp_path):
    with client(store=str(tmp_path)) as c:
        err = assert_error(c.get("/v1/corpus"), E.NOT_CONFIGURED)
    assert "E040" in err["message"] and "not a newsift corpus store" in err["message"]


def test_corpus_endpoints_query_the_configured_store():
    with client(store=FakeStore()) as c:
        assert c.get("/v1/corpus").json() == {"articles": 2}
        assert c.get("/v1/corpus/outlets/sana.sy").json()["outlet"] == "sana.sy"
        assert c.get("/v1/corpus/claims", params={"q": "convoys", "k": 1}).json()["results"][0]["claim"] == "convoys"
        assert c.post("/v1/corpus/query", json={"sql": "select 1"}).json()["rows"] == [[1]]
        assert_error(c.post("/v1/corpus/query", json={"query": "select 1"}), E.BAD_REQUEST)


def test_corpus_endpoints_over_a_real_store(tmp_path):
    """A store written by `newsift corpus analyze`, queried over HTTP; SQL is one SELECT only."""
    from newsift.corpus.run import analyze_corpus

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.json").write_text(json.dumps({"text": ARTICLE, "outlet": "example.test", "date": "2024-05-01"}))
    (docs / "b.json").write_text(json.dumps({"text": ARTICLE.replace("Monday", "Tuesday"), "outlet": "other.test"}))
    analyze_corpus([str(docs)], str(tmp_path / "store"), workers=0, quiet=True)
    with client(store=str(tmp_path / "store")) as c:
        assert c.get("/v1/corpus").json()["tables"]["articles"] == 2
        assert c.get("/v1/corpus/outlets/example.test").json()["articles"] == 1
        assert_error(c.get("/v1/corpus/outlets/nobody.test"), E.UNKNOWN)
        trace = c.get("/v1/corpus/claims", params={"q": "talks would resume next week", "k": 5}).json()
        assert {m["outlet"] for m in trace["matches"]} == {"example.test", "other.test"}
        rows = c.post("/v1/corpus/query", json={"sql": "SELECT outlet FROM articles ORDER BY outlet"}).json()["rows"]
        assert rows == [["example.test"], ["other.test"]]
        for sql in ("DELETE FROM articles", "SELECT 1; SELECT 2", "COPY (SELECT 1) TO 'x.csv'"):
            assert_error(c.post("/v1/corpus/query", json={"sql": sql}), E.BAD_REQUEST)
        assert_error(c.post("/v1/corpus/query", json={"sql": "SELECT * FROM read_csv('/etc/hostname')"}), E.BAD_REQUEST)


# --- the real pipeline -----------------------------------------------------------------------


def test_real_pipeline_is_warmed_at_start_up_and_finds_who_says_what():
    """Models load in the lifespan hook (health says how long), so requests only analyze."""
    with TestClient(create_app(warm=True)) as c:
        health = c.get("/v1/health").json()
        assert health["warmup_error"] is None and health["warmup_seconds"] is not None
        text = FIXTURE.read_text(encoding="utf-8") if FIXTURE.exists() else ARTICLE
        report = Report.model_validate(c.post("/v1/analyze", json={"text": text}).json())
    assert report.attributions, "the attribution analyzer found nobody speaking"
    speakers = {a.speaker_name for a in report.attributions}
    assert ("Russian Defense Ministry" in speakers) if FIXTURE.exists() else speakers
