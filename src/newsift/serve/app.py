"""The FastAPI application behind ``newsift serve``: JSON API plus the web reader page.

Why it is built this way:

* Models are loaded once, in the lifespan hook, by analysing a short warm-up text: the
  first real request then costs the same as every other one.
* Analysis is CPU-bound and synchronous, so it runs in a small thread pool guarded by a
  semaphore (``workers`` at a time). Requests beyond ``workers + queue`` are refused at
  once with 503 ``E051`` instead of piling up; each request has a deadline (504 ``E050``).
  A thread cannot be killed, so a timed-out analysis keeps its slot until it really ends:
  the server never runs more analyses than it has workers.
* The request body is read by hand with a byte limit (413 ``E013``) before any parsing,
  so an oversized upload costs at most ``max_body_bytes`` of memory.
* Every error is ``{"error": {"code": "E0xx", "message": "..."}}`` with the HTTP status of
  :mod:`newsift.errors`, the same codes the CLI uses.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsift import __version__
from newsift.errors import E, NewsiftError
from newsift.schema import Article, Report
from newsift.serve import STATIC_DIR

log = logging.getLogger("newsift.serve")
T = TypeVar("T")

DEFAULT_MAX_BODY = 5 * 1024 * 1024
WARMUP_TEXT = (
    "Ministry says talks will resume\n\n"
    "The foreign minister said on Monday that talks would resume next week, "
    "according to a statement. \u201cWe are ready,\u201d she told reporters."
)

#: ``analyze(article, analyzers, exclude) -> Report``; injectable so tests need no models.
AnalyzeFn = Callable[[Article, Sequence[str] | None, Sequence[str]], Report]


class AnalyzeRequest(BaseModel):
    """Body of ``POST /v1/analyze`` (``application/json``). Give exactly one of text, html, url."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, description="article text; HTML or an article JSON string are detected too")
    html: str | None = Field(default=None, description="an HTML page; the article body is extracted")
    url: str | None = Field(default=None, description="an http(s) URL the server fetches (if the server allows it)")
    title: str | None = None
    outlet: str | None = Field(default=None, description="outlet name or domain, when the text does not say")
    date: str | None = Field(default=None, description="publication date (ISO)")
    analyzers: list[str] | None = Field(default=None, description="run only these analyzers (and what they need)")
    exclude: list[str] = Field(default_factory=list, description="analyzers to skip")


class ErrorBody(BaseModel):
    code: str = Field(description="stable error code from `newsift errors`, e.g. E013")
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": desc}
    for status, desc in {
        400: "malformed request (E055) or bad parameter (E001)",
        404: "unknown endpoint (E053) or nothing found (E056)",
        413: "body over the size limit (E013)",
        415: "binary input or unsupported content type (E012, E022)",
        422: "empty input, no article found, undecodable (E011, E014, E015, E017)",
        501: "feature not configured on this server (E052)",
        502: "URL could not be fetched (E020)",
        503: "server busy (E051)",
        504: "analysis or URL fetch timed out (E050, E021)",
    }.items()
}


@dataclass
class Limits:
    """Resource limits of one server; the CLI flags map one to one onto these."""

    max_body_bytes: int = DEFAULT_MAX_BODY
    timeout: float = 60.0
    fetch_timeout: float = 10.0
    workers: int = 2
    queue: int = 32
    allow_urls: bool = True


@dataclass
class State:
    limits: Limits
    analyze: AnalyzeFn
    store: Any = None
    executor: ThreadPoolExecutor | None = None
    semaphore: asyncio.Semaphore | None = None
    pending: int = 0
    ready: bool = False
    warmup_seconds: float | None = None
    warmup_error: str | None = None
    served: int = 0
    store_error: str | None = None


def default_analyze(article: Article, analyzers: Sequence[str] | None, exclude: Sequence[str]) -> Report:
    from newsift.pipeline import analyze_article, select

    try:
        specs = select(analyzers or None, exclude)
    except (KeyError, ValueError) as err:  # unknown analyzer name, unsatisfiable selection
        raise NewsiftError(E.USAGE, detail=str(err.args[0] if err.args else err)) from err
    return analyze_article(article, specs)


def error_response(err: NewsiftError) -> JSONResponse:
    message = " ".join(err.error.format(**err.details).split())
    return JSONResponse(status_code=err.error.http_status, content={"error": {"code": err.code, "message": message}})


def _err(error: E, **fields: object) -> JSONResponse:
    return error_response(NewsiftError(error, **fields))


def open_store(store: Any) -> Any:
    """Corpus queries over a store directory (or an object offering the same methods)."""
    if store is None or not isinstance(store, str | Path):
        return store
    _optional_module("newsift.corpus.store", "the corpus store")
    from newsift.serve.corpus_api import CorpusQueries

    return CorpusQueries(store)


def _optional_module(name: str, what: str) -> Any:
    """Import another area's module, or a clean 501 when this installation lacks it."""
    try:
        return importlib.import_module(name)
    except ImportError as err:
        raise NewsiftError(E.NOT_CONFIGURED, what=what, detail=f"{name} is not installed ({err})") from err


def create_app(
    store: Any = None,
    *,
    analyze: AnalyzeFn | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    timeout: float = 60.0,
    fetch_timeout: float = 10.0,
    workers: int = 2,
    queue: int = 32,
    allow_urls: bool = True,
    warm: bool = True,
    factcheck_db: str | Path | None = None,
) -> FastAPI:
    """Build the app. ``store``: a corpus store directory (or store object) for /v1/corpus;
    ``factcheck_db``: the fact-check store file (default: newsift.factcheck's default path).

    ``warm`` runs one analysis at start-up so models are loaded before the first request.
    """
    limits = Limits(max_body_bytes, timeout, fetch_timeout, max(1, workers), max(0, queue), allow_urls)
    state = State(limits=limits, analyze=analyze or default_analyze, store=store)

    def factcheck_path() -> Path | None:
        if factcheck_db is not None:
            return Path(factcheck_db)
        try:
            from newsift.factcheck import default_store_path
        except ImportError:
            return None
        return default_store_path()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.executor = ThreadPoolExecutor(max_workers=limits.workers, thread_name_prefix="newsift-analyze")
        state.semaphore = asyncio.Semaphore(limits.workers)
        if state.store is not None:
            try:
                state.store = open_store(state.store)
            except NewsiftError as err:
                log.warning("corpus store unavailable: %s", err)
                state.store_error = f"{err.code}, {err.error.format(**err.details)}"
                state.store = None
        if warm:
            t0 = time.perf_counter()
            try:
                from newsift.ingest import load

                article = load(WARMUP_TEXT)
                loop = asyncio.get_running_loop()
                await loop.run_in_executor(state.executor, state.analyze, article, None, ())
                if factcheck_path() is not None and factcheck_path().exists():  # the search index, built once
                    await loop.run_in_executor(state.executor, search_factchecks, "warm-up", 1, factcheck_path())
                state.warmup_seconds = round(time.perf_counter() - t0, 3)
            except Exception as err:  # the server still serves the page and lookups
                state.warmup_error = f"{type(err).__name__}: {err}"
                log.warning("warm-up analysis failed: %s", state.warmup_error)
        state.ready = True
        try:
            yield
        finally:
            state.executor.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(
        title="newsift",
        version=__version__,
        description=(
            "Who says what, on what evidence, and how it persuades. `POST /v1/analyze` returns the "
            "report (`GET /v1/schema`); errors are `{\"error\": {\"code\", \"message\"}}` with the codes "
            "of `newsift errors`. The web reader is at `/`."
        ),
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
        docs_url=None,  # FastAPI's Swagger/ReDoc pages load scripts from a CDN; ours works offline
        redoc_url=None,
    )
    app.state.newsift = state

    @app.exception_handler(NewsiftError)
    async def _newsift_error(request: Request, err: NewsiftError) -> JSONResponse:
        return error_response(err)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, err: StarletteHTTPException) -> JSONResponse:
        if err.status_code == 404:
            return _err(E.NO_ROUTE, method=request.method, path=request.url.path)
        if err.status_code == 405:
            return _err(E.METHOD, method=request.method, path=request.url.path)
        resp = _err(E.BAD_REQUEST, detail=str(err.detail))
        resp.status_code = err.status_code
        return resp

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, err: RequestValidationError) -> JSONResponse:
        return _err(E.BAD_REQUEST, detail=_describe_validation(err.errors()))

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, err: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _err(E.INTERNAL, detail=type(err).__name__)

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    async def reader_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    async def docs_page() -> FileResponse:
        return FileResponse(STATIC_DIR / "docs.html", media_type="text/html; charset=utf-8")

    @app.get("/v1/health", tags=["meta"], summary="Liveness, limits and warm-up state")
    async def health() -> dict[str, Any]:
        return {
            "status": "ok" if state.ready and not state.warmup_error else "degraded",
            "version": __version__,
            "ready": state.ready,
            "warmup_seconds": state.warmup_seconds,
            "warmup_error": state.warmup_error,
            "store": state.store is not None,
            "busy": state.pending,
            "served": state.served,
            "limits": {
                "max_body_bytes": limits.max_body_bytes,
                "timeout_s": limits.timeout,
                "fetch_timeout_s": limits.fetch_timeout,
                "workers": limits.workers,
                "queue": limits.queue,
                "allow_urls": limits.allow_urls,
            },
        }

    @app.get("/v1/schema", tags=["meta"], summary="JSON Schema of the report")
    async def schema() -> dict[str, Any]:
        from newsift.schema import json_schema

        return json_schema()

    @app.get("/v1/errors", tags=["meta"], summary="The error catalogue: code, HTTP status, message template")
    async def errors() -> list[dict[str, Any]]:
        from newsift.errors import exit_code_table

        return [{"code": c, "http_status": h, "exit_code": x, "message": m} for c, x, h, m in exit_code_table()]

    @app.post(
        "/v1/analyze",
        tags=["analysis"],
        summary="Analyze one article (text, HTML, URL or uploaded file)",
        response_model=Report,
        responses={200: {"content": {"text/html": {}}, "description": "the report (JSON, or HTML with ?format=html)"}},
        openapi_extra={
            "requestBody": {
                "required": True,
                "description": (
                    "JSON `AnalyzeRequest`; or the article itself as `text/plain` / `text/html` "
                    "(metadata in the query: title, outlet, date, url); or `multipart/form-data` with a `file` field."
                ),
                "content": {
                    "application/json": {"schema": AnalyzeRequest.model_json_schema()},
                    "text/plain": {"schema": {"type": "string"}},
                    "text/html": {"schema": {"type": "string"}},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "file": {"type": "string", "format": "binary"},
                                "title": {"type": "string"},
                                "outlet": {"type": "string"},
                                "date": {"type": "string"},
                            },
                            "required": ["file"],
                        }
                    },
                },
            }
        },
    )
    async def analyze_endpoint(
        request: Request,
        format: str = Query("json", pattern="^(json|html)$", description="json (the report) or html (self-contained page)"),
        title: str | None = Query(None, description="for raw text/html bodies"),
        outlet: str | None = Query(None, description="for raw text/html bodies"),
        date: str | None = Query(None, description="for raw text/html bodies"),
        url: str | None = Query(None, description="for raw bodies: the page's address (not fetched)"),
    ) -> Response:
        body = await read_body(request, limits.max_body_bytes)
        job = await parse_analyze_body(request, body, {"title": title, "outlet": outlet, "date": date, "url": url})
        report = await run_limited(state, lambda: _analyze_job(state, job))
        state.served += 1
        if format == "html":
            from newsift.render.html import to_html

            return HTMLResponse(to_html(report))
        return Response(report.model_dump_json(), media_type="application/json")

    @app.get(
        "/v1/outlets/{domain}",
        tags=["lookups"],
        summary="Outlet card: kind, country and ratings with their sources ('not rated' explicit)",
        description="`domain` may also be a URL host, an outlet name or an alias (SANA, sana.sy, www.sana.sy).",
    )
    async def outlet(domain: str) -> dict[str, Any]:
        found = await asyncio.to_thread(lookup_outlet, domain)
        if found is None:
            raise NewsiftError(E.UNKNOWN, what="outlet", key=domain)
        return found

    @app.get("/v1/factcheck/search", tags=["lookups"], summary="Search fact-check / disinformation records for a claim")
    async def factcheck_search(
        q: str = Query(..., min_length=3, max_length=2000, description="claim text"),
        k: int = Query(5, ge=1, le=50),
    ) -> dict[str, Any]:
        results = await run_limited(state, lambda: search_factchecks(q, k, factcheck_path()))
        notes = [FACTCHECK_DISCLAIMER]
        if any("EUvsDisinfo" in str(r.get("publisher", "")) for r in results):
            from newsift.factcheck import EUVSDISINFO_DISCLAIMER

            notes.append(EUVSDISINFO_DISCLAIMER)
        return {"query": q, "results": results, "disclaimer": " ".join(notes)}

    @app.get("/v1/corpus", tags=["corpus"], summary="What the configured corpus store holds")
    async def corpus_info() -> dict[str, Any]:
        return await run_limited(state, lambda: corpus_call(state, "info", {}))

    @app.get("/v1/corpus/outlets/{outlet}", tags=["corpus"], summary="Profile of one outlet across the corpus")
    async def corpus_outlet(outlet: str) -> dict[str, Any]:
        return await run_limited(state, lambda: corpus_call(state, "outlet_profile", {"outlet": outlet}))

    @app.get("/v1/corpus/claims", tags=["corpus"], summary="Where a claim appears in the corpus (provenance)")
    async def corpus_claims(
        q: str = Query(..., min_length=3, max_length=2000), k: int = Query(10, ge=1, le=100)
    ) -> dict[str, Any]:
        return await run_limited(state, lambda: corpus_call(state, "claim_provenance", {"query": q, "k": k}))

    @app.post("/v1/corpus/query", tags=["corpus"], summary="Read-only SQL over the store's tables")
    async def corpus_query(request: Request) -> dict[str, Any]:
        body = await read_body(request, 64 * 1024)
        try:
            sql = json.loads(body)["sql"]
            if not isinstance(sql, str):
                raise TypeError("sql must be a string")
        except (ValueError, KeyError, TypeError) as err:
            raise NewsiftError(E.BAD_REQUEST, detail=f'expected {{"sql": "SELECT ..."}} ({type(err).__name__})') from err
        return await run_limited(state, lambda: corpus_call(state, "query", {"sql": sql}))

    return app


FACTCHECK_DISCLAIMER = (
    "A match means a similar claim was documented before by the named publisher; it is not a verdict on this "
    "article. Read the record before concluding anything."
)


def _describe_validation(errors: Sequence[Any]) -> str:
    parts = []
    for e in list(errors)[:5]:
        loc = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
        parts.append(f"{loc or 'body'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 E013 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise NewsiftError(E.TOO_LARGE, size=int(declared), limit=limit, what="request body")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise NewsiftError(E.TOO_LARGE, size=f"more than {limit}", limit=limit, what="request body")
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # so request.form() can parse what we already read
    return body


@dataclass
class Job:
    """One analysis to run: the JSON request, or raw bytes (body or upload) plus metadata."""

    request: AnalyzeRequest
    raw: bytes | None = None
    what: str = "request body"


async def parse_analyze_body(request: Request, body: bytes, query: dict[str, str | None]) -> Job:
    """One :class:`Job` from a JSON, raw text/HTML or multipart body.

    Raw bodies and uploads stay bytes so ingest detects their encoding (and warns, W101).
    """
    ctype = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    meta = {k: v for k, v in query.items() if v and k in ("title", "outlet", "date")}
    if not body.strip():
        raise NewsiftError(E.EMPTY, what="request body")
    if ctype in ("application/json", ""):
        try:
            obj = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            detail = f"body is not JSON ({err.msg if isinstance(err, json.JSONDecodeError) else 'not UTF-8'})"
            raise NewsiftError(E.BAD_REQUEST, detail=detail) from err
        if not isinstance(obj, dict):
            raise NewsiftError(E.BAD_REQUEST, detail='body must be a JSON object such as {"text": "..."}')
        try:
            req = AnalyzeRequest.model_validate(obj)
        except ValidationError as err:
            raise NewsiftError(E.BAD_REQUEST, detail=_describe_validation(err.errors())) from err
        given = [k for k in ("text", "html", "url") if getattr(req, k) is not None]
        if len(given) != 1:
            raise NewsiftError(E.BAD_REQUEST, detail=f"give exactly one of text, html or url (got {', '.join(given) or 'none'})")
        return Job(req)
    if ctype in ("text/plain", "text/html", "application/xhtml+xml"):
        return Job(AnalyzeRequest(url=query.get("url"), **meta), raw=body)
    if ctype == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise NewsiftError(E.BAD_REQUEST, detail="multipart body needs a 'file' field")
        data = await upload.read()
        fields = {k: v for k, v in form.items() if k in ("title", "outlet", "date") and isinstance(v, str) and v}
        return Job(AnalyzeRequest(**{**meta, **fields}), raw=data, what=upload.filename or "uploaded file")
    raise NewsiftError(E.FETCH_TYPE, ctype=ctype, url="request body")


def _analyze_job(state: State, job: Job) -> Report:
    """Ingest and analyze; runs in a worker thread."""
    from newsift.ingest import from_bytes, load, load_url

    limits, req = state.limits, job.request
    meta = {"title": req.title, "outlet": req.outlet, "published": req.date}
    if job.raw is not None:
        article = from_bytes(job.raw, what=job.what, meta={**meta, "url": req.url}, max_bytes=limits.max_body_bytes)
    elif req.url is not None:
        if not limits.allow_urls:
            raise NewsiftError(E.NOT_CONFIGURED, what="fetching URLs", detail="the server was started with --no-fetch")
        article = load_url(req.url.strip(), meta=meta, max_bytes=limits.max_body_bytes, timeout=limits.fetch_timeout)
    else:
        source = req.html if req.html is not None else req.text
        article = load(source or "", title=req.title, outlet=req.outlet, published=req.date, max_bytes=limits.max_body_bytes)
    return state.analyze(article, req.analyzers, req.exclude)


async def run_limited(state: State, work: Callable[[], T]) -> T:
    """Run ``work`` (an analysis or a store query) in the pool: at most ``workers`` at once, ``queue`` waiting, one deadline."""
    limits = state.limits
    assert state.semaphore is not None and state.executor is not None, "app not started (lifespan)"
    if state.pending >= limits.workers + limits.queue:
        raise NewsiftError(E.BUSY, detail=f"{state.pending} analyses running or queued; retry shortly")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limits.timeout
    state.pending += 1
    try:
        try:
            await asyncio.wait_for(state.semaphore.acquire(), limits.timeout)
        except TimeoutError as err:
            raise NewsiftError(E.TIMEOUT, timeout=limits.timeout) from err
        fut = loop.run_in_executor(state.executor, work)
        fut.add_done_callback(_release(state.semaphore))
        try:
            return await asyncio.wait_for(asyncio.shield(fut), max(0.0, deadline - loop.time()))
        except TimeoutError as err:
            raise NewsiftError(E.TIMEOUT, timeout=limits.timeout) from err
    finally:
        state.pending -= 1


def _release(semaphore: asyncio.Semaphore) -> Callable[[asyncio.Future[Any]], None]:
    def done(fut: asyncio.Future[Any]) -> None:
        semaphore.release()
        if not fut.cancelled():
            fut.exception()  # retrieved, so a timed-out failure is not logged as "never retrieved"

    return done


def lookup_outlet(query: str) -> dict[str, Any] | None:
    """The outlet card for a domain, URL host, name or alias (as ``newsift outlets show``)."""
    outlets = _optional_module("newsift.outlets", "outlet lookup")
    entry = outlets.lookup(query)
    if entry is None:
        return None
    q = query.strip()
    domain = outlets.domain_of(q) if "." in q and " " not in q and outlets.by_domain(q) is entry else None
    card = outlets.to_schema(entry, domain=domain, identified_by="query")
    return {**card.model_dump(mode="json"), "aliases": entry.get("aliases", []), "domains": entry.get("domains", [])}


def search_factchecks(query: str, k: int, db: str | Path | None = None) -> list[dict[str, Any]]:
    """Fact-check records nearest to ``query`` from :mod:`newsift.factcheck`'s store, as JSON."""
    factcheck = _optional_module("newsift.factcheck", "fact-check search")
    retrieval = _optional_module("newsift.factcheck.retrieval", "fact-check search")
    path = Path(db) if db else factcheck.default_store_path()
    if not path.exists():
        raise NewsiftError(E.NOT_CONFIGURED, what="fact-check search",
                           detail=f"no fact-check store at {path} (run `newsift factcheck build-default`)")
    return [hit.as_dict() for hit in retrieval.load_index(path).search(query, k=k)]


def corpus_call(state: State, method: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Call a read-only query of the configured corpus store."""
    if state.store is None:
        detail = state.store_error or "start the server with --store DIR"
        raise NewsiftError(E.NOT_CONFIGURED, what="the corpus store", detail=detail)
    fn = getattr(state.store, method, None)
    if fn is None:
        raise NewsiftError(E.NOT_CONFIGURED, what=f"corpus query {method!r}", detail="the store does not offer it")
    out = fn(**kwargs)
    if isinstance(out, BaseModel):
        return out.model_dump(mode="json")
    return out if isinstance(out, dict) else {"results": out}
