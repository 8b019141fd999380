"""``newsift outlets``: rebuild the outlet table, look an outlet up.

Commands::

    newsift outlets build [--shared DIR] [--out DIR]     # from facts.csv + ../shared/data/source-ratings
    newsift outlets show DOMAIN|NAME [--format text|json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsift.errors import E, NewsiftError


def cmd_build(args: argparse.Namespace) -> int:
    from newsift.outlets import build, table
    from newsift.resources import data_path, shared_data_dir

    summary = build.build(Path(args.shared) if args.shared else shared_data_dir(),
                          Path(args.out) if args.out else data_path("outlets"))
    table.cache_clear()
    if args.format == "json":
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"{summary['outlets']} outlets written to {summary['out']}: {summary['with_lin2023']} with a Lin et al. 2023 "
              f"score, {summary['with_wikipedia_rsp']} with a Wikipedia perennial-sources entry; "
              f"rated by neither: {len(summary['unrated'])}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from newsift.outlets import by_domain, lookup, to_schema
    from newsift.outlets.build import norm_host

    q = " ".join(args.query)
    entry = lookup(q)
    if entry is None:
        raise NewsiftError(E.UNKNOWN, what="outlet in the table (unknown, or an ambiguous name)", key=q)
    dom = norm_host(q) if "." in q and " " not in q and by_domain(q) is entry else None
    outlet = to_schema(entry, domain=dom, identified_by="query")
    if args.format == "json":
        print(json.dumps({**outlet.model_dump(), "aliases": entry["aliases"], "domains": entry["domains"]}, ensure_ascii=False))
        return 0
    print(f"{outlet.name} ({', '.join(entry['domains'])})")
    print(f"  kind: {outlet.kind}; country: {outlet.country}; owner: {entry['owner']}")
    print(f"  aliases: {', '.join(entry['aliases'])}")
    print(f"  facts source: {entry['facts_source']}")
    for r in outlet.ratings:
        val = "not rated" if r.value is None else r.value
        print(f"  {r.source}: {val}")
        if r.summary:
            print(f"    {r.summary}")
    return 0


def register(subparsers) -> None:
    """Add ``outlets`` with ``build`` and ``show``."""
    p = subparsers.add_parser("outlets", help="outlet table: rebuild it, look an outlet up")
    sub = p.add_subparsers(dest="outlets_cmd", required=True)
    b = sub.add_parser("build", help="rebuild resources/data/outlets from facts.csv and ../shared/data/source-ratings")
    b.add_argument("--shared", help="shared data dir (default ../shared/data or $NEWSIFT_SHARED_DATA)")
    b.add_argument("--out", help="output dir (default: the package's resources/data/outlets)")
    b.add_argument("--format", choices=("text", "json"), default="text")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("show", help="show an outlet by domain, URL, name or alias")
    s.add_argument("query", nargs="+")
    s.add_argument("--format", choices=("text", "json"), default="text")
    s.set_defaults(func=cmd_show)
