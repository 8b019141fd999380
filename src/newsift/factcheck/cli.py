"""``newsift factcheck``: import fact-checks, search them, build the default store.

Commands::

    newsift factcheck build-default [--csv PATH] [--db PATH]   # setup step: ONNX encoder + EUvsDisinfo cases
    newsift factcheck import FILE... [--format auto|claimreview|csv] [--db PATH]
    newsift factcheck search "claim text" [-k 5] [--format text|json]
    newsift factcheck search --queries FILE [--format json]   # one query a line; one JSON line per query
                                                              # (k distinct claims, duplicates listed after each)
    newsift factcheck info [--db PATH]

The store defaults to ``$NEWSIFT_FACTCHECK_DB`` or ``$NEWSIFT_HOME/factcheck.sqlite``
(``$NEWSIFT_HOME`` defaults to ``~/.local/share/newsift``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from newsift.errors import E, NewsiftError
from newsift.factcheck import EUVSDISINFO_DISCLAIMER, default_store_path


def _db(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_store_path()


def cmd_import(args: argparse.Namespace) -> int:
    from newsift.factcheck.importers import load_file
    from newsift.factcheck.store import Store

    db = _db(args)
    summary = []
    t0 = time.perf_counter()
    loaded = [(f, *load_file(Path(f), fmt=args.input_format)) for f in args.files]  # all files parse, or nothing is written
    with Store(db, create=True) as st:
        for f, recs, skipped in loaded:
            added, unchanged = st.add(recs)
            summary.append({"file": f, "records": len(recs), "added_or_updated": added, "unchanged": unchanged,
                            "skipped_no_claim": skipped})
        total = st.count()
    out = {"store": str(db), "files": summary, "total_records": total, "seconds": round(time.perf_counter() - t0, 2)}
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False))
    else:
        for s in summary:
            print(f"{s['file']}: {s['records']} records ({s['added_or_updated']} new or changed, "
                  f"{s['unchanged']} unchanged, {s['skipped_no_claim']} skipped without claim text)")
        print(f"store {db}: {total} records ({out['seconds']} s)")
    return 0


def cmd_build_default(args: argparse.Namespace) -> int:
    from newsift.resources import shared_data_dir

    csv_path = Path(args.csv) if args.csv else shared_data_dir() / "fact-checks" / "euvsdisinfo" / "posts.csv"
    if not csv_path.exists():
        raise NewsiftError(E.NOT_FOUND, path=str(csv_path))
    if not args.no_onnx:
        _export_encoder(quiet=args.format == "json")
    args.files = [str(csv_path)]
    args.input_format = "csv"
    return cmd_import(args)


def _export_encoder(*, quiet: bool) -> None:
    """Export the MiniLM encoder to ONNX (faster encoding) unless a valid export exists."""
    from newsift.resources import encoder

    if encoder._onnx_path() is not None:
        return
    try:
        from newsift.resources.encoder_onnx import export

        path = export()
        encoder._encoder.cache_clear()
        if not quiet:
            print(f"exported the MiniLM encoder to {path} (onnxruntime)", file=sys.stderr)
    except ImportError:
        if not quiet:
            print("package 'onnx' not installed: the encoder stays on numpy (same vectors, slower)", file=sys.stderr)


def _read_queries(args: argparse.Namespace) -> list[str]:
    if args.queries:
        p = Path(args.queries)
        if args.queries != "-" and not p.exists():
            raise NewsiftError(E.NOT_FOUND, path=args.queries)
        text = sys.stdin.read() if args.queries == "-" else p.read_text(encoding="utf-8")
        # every line is a query, blank ones included, so output line i answers input line i
        return [line.strip() for line in text.splitlines()]
    if not args.text:
        raise NewsiftError(E.USAGE, detail="factcheck search: give a TEXT or --queries FILE")
    return [" ".join(args.text)]


def cmd_search(args: argparse.Namespace) -> int:
    from newsift.factcheck.retrieval import load_index

    queries = _read_queries(args)
    index = load_index(_db(args))
    nonblank = [q for q in queries if q]
    found = iter(index.search_many(nonblank, k=args.k)) if nonblank else iter(())
    results = [next(found) if q else [] for q in queries]
    if args.format == "json":
        for q, hits in zip(queries, results, strict=True):
            # k distinct claims, each followed by its same-text duplicates (EUvsDisinfo lists
            # one message once per language): every case id a hit stands for is in the list
            line = {"query": q, "results": [d for h in hits for d in index.expand(h)]}
            if any("EUvsDisinfo" in h.record.publisher for h in hits):
                line["notice"] = EUVSDISINFO_DISCLAIMER
            print(json.dumps(line, ensure_ascii=False))
        return 0
    euvs = False
    for q, hits in zip(queries, results, strict=True):
        print(f"query: {q}")
        if not hits:
            print("  (no records)")
        for h in hits:
            r = h.record
            euvs |= "EUvsDisinfo" in r.publisher
            print(f"  {h.rank}. {h.score:.3f}  [{r.verdict}] {r.title}  ({r.publisher}, {r.date or 'no date'})")
            print(f"     {r.url or r.id}  cos {h.cosine:.3f} bm25 {h.bm25:.3f}"
                  + (f"  (+{len(h.duplicates)} same-text records)" if h.duplicates else ""))
    if euvs:
        print(f"\nNote: {EUVSDISINFO_DISCLAIMER}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from newsift.factcheck.store import Store

    db = _db(args)
    with Store.open(db) as st:
        rows = st.con.execute("SELECT publisher, count(*), min(date), max(date) FROM records GROUP BY publisher").fetchall()
        info = {"store": str(db), "records": st.count(), "generation": st.meta("generation"),
                "publishers": [{"publisher": p, "records": n, "first": a, "last": b} for p, n, a, b in rows]}
    if args.format == "json":
        print(json.dumps(info, ensure_ascii=False))
    else:
        print(f"store {db}: {info['records']} records")
        for p in info["publishers"]:
            print(f"  {p['publisher']}: {p['records']} ({p['first']} … {p['last']})")
    return 0


def register(subparsers) -> None:
    """Add ``factcheck`` with its sub-commands to the top-level CLI."""
    fc = subparsers.add_parser("factcheck", help="fact-check store: import, search, build the default (EUvsDisinfo)")
    sub = fc.add_subparsers(dest="factcheck_cmd", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", help="store file (default $NEWSIFT_FACTCHECK_DB or $NEWSIFT_HOME/factcheck.sqlite)")
        p.add_argument("--format", choices=("text", "json"), default="text")

    imp = sub.add_parser("import", help="import ClaimReview JSON/JSON-LD or EUvsDisinfo-layout CSV files")
    imp.add_argument("files", nargs="+")
    imp.add_argument("--input-format", choices=("auto", "claimreview", "csv"), default="auto",
                     help="auto: .csv/.tsv is CSV, anything else ClaimReview JSON/JSON-LD")
    common(imp)
    imp.set_defaults(func=cmd_import)

    bd = sub.add_parser("build-default", help="setup step: import the EUvsDisinfo cases from ../shared/data")
    bd.add_argument("--csv", help="EUvsDisinfo posts.csv (default ../shared/data/fact-checks/euvsdisinfo/posts.csv)")
    bd.add_argument("--no-onnx", action="store_true",
                    help="do not export the MiniLM encoder to $NEWSIFT_HOME/models (ONNX; needs the 'onnx' package)")
    common(bd)
    bd.set_defaults(func=cmd_build_default)

    se = sub.add_parser("search", help="rank fact-checks for a claim (or for each line of --queries FILE)")
    se.add_argument("text", nargs="*", help="claim text")
    se.add_argument("--queries", help="file with one query a line ('-' for stdin)")
    se.add_argument("-k", type=int, default=5, help="records per query (default 5)")
    common(se)
    se.set_defaults(func=cmd_search)

    info = sub.add_parser("info", help="what the store holds")
    common(info)
    info.set_defaults(func=cmd_info)
