"""``newsift serve``: the HTTP API and the web reader, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from newsift.serve.app import DEFAULT_MAX_BODY


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve",
        help="run the HTTP API and the web reader",
        description=(
            "Serve POST /v1/analyze, /v1/schema, /v1/outlets/{domain}, /v1/factcheck/search, /v1/corpus/... "
            "and the web reader at /. OpenAPI docs at /docs. Binds 127.0.0.1 by default."
        ),
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--store", metavar="DIR", help="corpus store directory for the /v1/corpus endpoints")
    p.add_argument("--factcheck-db", metavar="FILE", help="fact-check store for /v1/factcheck/search (default: newsift factcheck's)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BODY, help="largest request body accepted (413 E013 above)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per request before 504 E050")
    p.add_argument("--fetch-timeout", type=float, default=10.0, help="seconds to fetch a URL before 504 E021")
    p.add_argument("--workers", type=int, default=2, help="analyses run at the same time (threads)")
    p.add_argument("--queue", type=int, default=32, help="requests that may wait for a worker; more get 503 E051")
    p.add_argument("--no-fetch", action="store_true", help="refuse URL inputs (the server fetches nothing)")
    p.add_argument("--no-warm", action="store_true", help="skip loading models at start-up")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from newsift.serve.app import create_app, open_store

    try:
        public = not ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        public = args.host not in ("localhost",)
    if public:
        print(f"newsift: warning: serving on {args.host}: reachable from other machines, and it fetches URLs for them"
              + ("" if not args.no_fetch else " (disabled by --no-fetch)"), file=sys.stderr)
    store = open_store(args.store) if args.store else None  # a bad --store fails here, with its code
    app = create_app(
        store,
        max_body_bytes=args.max_bytes,
        timeout=args.timeout,
        fetch_timeout=args.fetch_timeout,
        workers=args.workers,
        queue=args.queue,
        allow_urls=not args.no_fetch,
        warm=not args.no_warm,
        factcheck_db=args.factcheck_db,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, timeout_graceful_shutdown=5)
    return 0
