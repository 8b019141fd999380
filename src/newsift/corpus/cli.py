"""``newsift corpus analyze|profile|trace|stories|query|status``: many articles → a store → answers.

Every printing command takes ``--format text|json`` (``csv`` for profile and query);
``profile --html FILE`` writes a self-contained report.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from typing import Any

from newsift.errors import E, NewsiftError


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", required=True, help="corpus store directory (Parquet + DuckDB)")


def _split(v: str | None) -> list[str] | None:
    return [x.strip() for x in v.split(",") if x.strip()] if v else None


def cmd_analyze(args: argparse.Namespace) -> int:
    from newsift.corpus.run import analyze_corpus

    if args.workers is not None and args.workers < 0:
        raise NewsiftError(E.USAGE, detail="--workers must be >= 0 (0 = in this process)")
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    stats = analyze_corpus(
        args.inputs, args.store, engine=args.engine, workers=workers, address=args.address,
        analyzers=_split(args.analyzers), exclude=_split(args.exclude), chunk_size=args.chunk_size,
        batch_rows=args.batch_rows, limit=args.limit, retry_failed=args.retry_failed, quiet=args.quiet,
        ray_window=args.ray_window, ray_cpus_per_actor=args.ray_cpus_per_actor, worker_writes=args.worker_writes,
        threads_per_worker=args.threads_per_worker,
    )
    d = stats.as_dict()
    if args.format == "json":
        print(json.dumps(d, ensure_ascii=False))
    else:
        rss = ", ".join(f"{v:.0f}" for v in d["worker_peak_rss_mb"].values()) or "–"
        print(f"read {d['read']} records: analyzed {d['analyzed']}, failed {d['failed']}, already done {d['skipped_done']}, "
              f"duplicates {d['skipped_duplicate']}\n{d['articles_per_s']:.2f} articles/s with {d['workers']} {d['engine']} worker(s) "
              f"in {d['seconds']:.1f} s; worker peak RSS MiB: {rss}\nstore: {d['store']} (run {d['run_id']})")
    return 0


def cmd_profile(args: argparse.Namespace) -> int:
    from newsift.corpus.profile import build_profile, to_csv, to_text
    from newsift.corpus.store import Store

    prof = build_profile(Store(args.store), outlets=_split(args.outlets), min_articles=args.min_articles)
    if args.html:
        from newsift.corpus.report_html import render_profile_html

        with open(args.html, "w", encoding="utf-8") as fh:
            fh.write(render_profile_html(prof))
    if args.format == "json":
        print(json.dumps(prof, ensure_ascii=False, default=str))
    elif args.format == "csv":
        sys.stdout.write(to_csv(prof))
    else:
        sys.stdout.write(to_text(prof))
        if args.html:
            print(f"HTML report: {args.html}")
    return 0


def cmd_trace(args: argparse.Namespace) -> int:
    from newsift.corpus.provenance import trace, trace_text
    from newsift.corpus.store import Store

    res = trace(Store(args.store), args.claim, threshold=args.threshold, unit=args.unit, limit=args.limit,
                embeddings=args.embeddings, embed_threshold=args.embed_threshold)
    print(json.dumps(res, ensure_ascii=False)) if args.format == "json" else sys.stdout.write(trace_text(res))
    return 0


def cmd_stories(args: argparse.Namespace) -> int:
    from newsift.corpus.provenance import stories, stories_text
    from newsift.corpus.store import Store

    res = stories(Store(args.store), threshold=args.threshold, min_outlets=args.min_outlets, unit=args.unit,
                  grep=args.grep, limit=args.limit, min_words=args.min_words)
    print(json.dumps(res, ensure_ascii=False)) if args.format == "json" else sys.stdout.write(stories_text(res))
    return 0


def _print_rows(cols: list[str], rows: list[tuple[Any, ...]], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps([dict(zip(cols, r, strict=True)) for r in rows], ensure_ascii=False, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        cells = [[str(c) if c is not None else "NULL" for c in r] for r in rows]
        widths = [min(60, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(cols)]
        print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
        for r in cells:
            print("  ".join(v[:w].ljust(w) for v, w in zip(r, widths, strict=True)))


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from newsift.corpus.store import Store

    con = Store(args.store).connect()
    try:
        cur = con.execute(args.sql)
    except duckdb.Error as err:
        raise NewsiftError(E.USAGE, detail=f"SQL: {' '.join(str(err).split())}") from err
    cols = [d[0] for d in cur.description] if cur.description else []
    _print_rows(cols, cur.fetchall() if cols else [], args.format)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from newsift.corpus.store import Store
    from newsift.corpus.tables import all_tables

    store = Store(args.store)
    con = store.connect()
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in all_tables()}
    by_code = [dict(zip(("stage", "code", "n"), r, strict=True)) for r in con.execute(
        "SELECT stage, code, count(*) FROM failures GROUP BY 1, 2 ORDER BY 3 DESC").fetchall()]
    runs = []
    if (store.root / "runs.jsonl").exists():
        runs = [json.loads(x) for x in (store.root / "runs.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    out = {"store": str(store.root), "tables": counts, "failures_by_code": by_code, "batches": len(store.files("articles")),
           "runs": len(runs), "last_run": runs[-1] if runs else None}
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"store {out['store']}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
        for f in by_code:
            print(f"  failures at {f['stage']}: {f['code']} × {f['n']}")
        if runs:
            r = runs[-1]
            print(f"last run {r['run_id']}: analyzed {r['analyzed']}, failed {r['failed']}, {r['articles_per_s']} articles/s")
    return 0


def cmd_compact(args: argparse.Namespace) -> int:
    from newsift.corpus.store import Store

    store = Store(args.store)
    with store.lock():
        before, after = store.compact(target_rows=args.target_rows)
        store.refresh_db()
    if args.format == "json":
        print(json.dumps({"store": str(store.root), "batches_before": before, "batches_after": after}))
    else:
        print(f"{store.root}: {before} batches → {after}")
    return 0


def register(subparsers: Any) -> None:
    """Add ``corpus`` with its sub-subcommands to the ``newsift`` parser."""
    grp = subparsers.add_parser("corpus", help="analyze a whole collection; outlet profiles, claim provenance, SQL")
    sub = grp.add_subparsers(dest="corpus_command", metavar="COMMAND", parser_class=type(grp))
    sub.required = True

    a = sub.add_parser("analyze", help="analyze files/dirs/JSONL/CSV/WARC (gzip too) into a store; resumable")
    a.add_argument("inputs", nargs="+", help="directories (.txt/.html/.json/.jsonl/.csv/.warc, .gz of any) or files")
    _store_arg(a)
    a.add_argument("--workers", type=int, default=None, help="worker processes (default: CPU count; 0 = in this process)")
    a.add_argument("--engine", choices=("local", "ray"), default="local", help="local process pool (default) or Ray Data")
    a.add_argument("--address", help="Ray cluster address (e.g. ray://head:10001 or auto); default: a local loopback instance")
    a.add_argument("--analyzers", help="comma-separated subset (dependencies are added)")
    a.add_argument("--exclude", help="comma-separated analyzers to skip")
    a.add_argument("--chunk-size", type=int, default=8, help="articles per task sent to a worker")
    a.add_argument("--batch-rows", type=int, default=200, help="records per committed Parquet batch")
    a.add_argument("--limit", type=int, help="analyze at most this many new records")
    a.add_argument("--threads-per-worker", type=int, default=1,
                   help="BLAS/onnxruntime threads in each worker (default 1: the workers are the parallelism)")
    a.add_argument("--worker-writes", action="store_true",
                   help="workers commit their chunks to the store themselves (for clusters: the store must be on a shared filesystem)")
    a.add_argument("--retry-failed", action="store_true", help="try again the records that failed before")
    a.add_argument("--ray-window", type=int, default=5000, help="records per Ray dataset window")
    a.add_argument("--ray-cpus-per-actor", type=float, help="CPUs per Ray actor (default 0.5 on <=4 cores, else 1)")
    a.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    a.add_argument("--format", choices=("text", "json"), default="text")
    a.set_defaults(func=cmd_analyze)

    p = sub.add_parser("profile", help="per-outlet profiles: sourcing, techniques, evidence (table, CSV, JSON, HTML)")
    _store_arg(p)
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    p.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report with charts")
    p.add_argument("--outlets", help="comma-separated outlets to include")
    p.add_argument("--min-articles", type=int, default=1)
    p.set_defaults(func=cmd_profile)

    t = sub.add_parser("trace", help="where a claim appears across outlets, earliest first")
    t.add_argument("claim", help="the claim text")
    _store_arg(t)
    t.add_argument("--threshold", type=float, default=0.5, help="minimum share of the claim's word 3-grams found")
    t.add_argument("--unit", choices=("auto", "claims", "sentences"), default="auto")
    t.add_argument("--embeddings", action="store_true", help="also match paraphrases with MiniLM embeddings")
    t.add_argument("--embed-threshold", type=float, default=0.75)
    t.add_argument("--limit", type=int, default=50)
    t.add_argument("--format", choices=("text", "json"), default="text")
    t.set_defaults(func=cmd_trace)

    s = sub.add_parser("stories", help="near-duplicate claims carried by several outlets, and who had them first")
    _store_arg(s)
    s.add_argument("--threshold", type=float, default=0.6, help="MinHash Jaccard threshold on word 3-grams")
    s.add_argument("--min-outlets", type=int, default=2)
    s.add_argument("--unit", choices=("auto", "claims", "sentences"), default="auto")
    s.add_argument("--grep", help="only units matching this regex, e.g. 'killed|dead|casualt'")
    s.add_argument("--min-words", type=int, default=8)
    s.add_argument("--limit", type=int, default=20)
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.set_defaults(func=cmd_stories)

    q = sub.add_parser("query", help="run SQL on the store's tables (articles, attributions, claims, evidence, techniques, matches, ...)")
    q.add_argument("sql")
    _store_arg(q)
    q.add_argument("--format", choices=("text", "json", "csv"), default="text")
    q.set_defaults(func=cmd_query)

    c = sub.add_parser("compact", help="merge small Parquet batches (after --worker-writes runs); safe to kill")
    _store_arg(c)
    c.add_argument("--target-rows", type=int, default=50_000, help="articles per merged batch")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.set_defaults(func=cmd_compact)

    st = sub.add_parser("status", help="row counts, failures by code, last run")
    _store_arg(st)
    st.add_argument("--format", choices=("text", "json"), default="text")
    st.set_defaults(func=cmd_status)
