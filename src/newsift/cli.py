"""The ``newsift`` command line.

Subcommands: ``analyze`` (here), ``schema``, ``errors``, ``analyzers``, and the groups each
area contributes: ``train <task>`` and ``eval <task>`` (every module in
:mod:`newsift.train` / :mod:`newsift.eval` with ``add_arguments`` + ``run``), and
``factcheck``, ``corpus``, ``serve``, ``techniques``, ``outlets`` (each package's
``cli.register``). Every failure is a :class:`~newsift.errors.NewsiftError` printed as one
line on stderr, with the catalogued exit code; never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import pkgutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from newsift import __version__
from newsift.errors import E, NewsiftError, exit_code_table

GROUPS = ("factcheck", "corpus", "serve", "techniques", "outlets")
ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".json", ".md"}


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage + exiting with 2 itself."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise NewsiftError(E.USAGE, detail=f"{self.prog}: {message}")


def expand_inputs(inputs: Sequence[str]) -> Iterator[str]:
    """Files as given; directories expanded to their article files, sorted; ``-`` is stdin."""
    for item in inputs:
        if item == "-":
            yield item
            continue
        p = Path(item)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES)
            if not files:
                raise NewsiftError(E.EMPTY_DIR, path=str(p))
            yield from (str(f) for f in files)
        elif not p.exists() and "://" not in item:
            raise NewsiftError(E.NOT_FOUND, path=item)
        else:
            yield item


def _load_one(item: str, args: argparse.Namespace):
    from newsift.ingest import from_bytes, is_url, load_url, read_path

    meta = {"url": args.url, "title": args.title, "outlet": args.outlet, "published": args.date}
    if item == "-":
        data = sys.stdin.buffer.read()
        return from_bytes(data, what="stdin", meta=meta, max_bytes=args.max_bytes)
    if is_url(item):
        return load_url(item, meta=meta, max_bytes=args.max_bytes, timeout=args.timeout)
    return read_path(item, max_bytes=args.max_bytes, meta=meta)


def cmd_analyze(args: argparse.Namespace) -> int:
    from newsift.pipeline import analyze_articles, select
    from newsift.render import render

    items = list(expand_inputs(args.inputs))
    specs = select(args.analyzers.split(",") if args.analyzers else None, args.exclude.split(",") if args.exclude else ())
    failures = 0

    def articles():
        nonlocal failures
        for item in items:
            try:
                art = _load_one(item, args)
            except NewsiftError as err:
                if len(items) == 1:
                    raise
                failures += 1
                print(f"{err} [{item}]", file=sys.stderr)
                continue
            for w in art.warnings:
                if w.startswith(("W101", "W102")) or args.verbose:
                    print(f"newsift: warning {w} [{item}]", file=sys.stderr)
            yield art, item

    multi = len(items) > 1
    html_dir: Path | None = None
    if args.format == "html" and multi:
        # one self-contained page per input: several HTML documents in one stream are no use
        if not args.output:
            raise NewsiftError(E.USAGE, detail="--format html with several inputs needs -o DIR (one .html file per input)")
        html_dir = Path(args.output)
        html_dir.mkdir(parents=True, exist_ok=True)
    loaded: list[str] = []

    def tracked():
        for art, item in articles():
            loaded.append(item)
            yield art

    out = open(args.output, "w", encoding="utf-8") if args.output and html_dir is None else sys.stdout  # noqa: SIM115 (closed below)
    try:
        n = 0
        for report in analyze_articles(tracked(), specs):
            item = loaded[n]
            n += 1
            if html_dir is not None:
                name = "stdin" if item == "-" else Path(item).stem or f"article{n}"
                (html_dir / f"{n:04d}-{name}.html").write_text(render(report, "html"), encoding="utf-8")
                continue
            out.write(render(report, args.format, multi=multi))
            out.flush()
    finally:
        if out is not sys.stdout:
            out.close()
    if len(items) > 1 and n == 0:
        raise NewsiftError(E.EMPTY_DIR, path=", ".join(args.inputs))
    return 0 if failures == 0 else E.EMPTY_DIR.exit_code if n == 0 else 1


def cmd_schema(args: argparse.Namespace) -> int:
    from newsift.schema import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_errors(args: argparse.Namespace) -> int:
    rows = exit_code_table()
    if args.format == "json":
        print(json.dumps([{"code": c, "exit_code": x, "http_status": h, "message": m} for c, x, h, m in rows]))
    else:
        for c, x, h, m in rows:
            print(f"{c}  exit {x:>3}  http {h}  {m}")
    return 0


def cmd_analyzers(args: argparse.Namespace) -> int:
    from newsift.pipeline import select

    specs = select()
    if args.format == "json":
        print(json.dumps([{"name": s.name, "requires": s.requires, "produces": s.produces, "english_only": s.english_only, "description": s.description} for s in specs]))
    else:
        for s in specs:
            print(f"{s.name:<14} requires {','.join(s.requires) or '-':<30} produces {','.join(s.produces):<22} {s.description}")
    return 0


def _missing_extra(command: str, package: str):
    def handler(args: argparse.Namespace) -> int:
        raise NewsiftError(E.MODEL_MISSING, what=f"{package} (needed by {command})", detail="pip install -e '.[train]'")

    return handler


def _task_group(sub, name: str, help_text: str) -> None:
    """``newsift train <task>`` / ``newsift eval <task>`` from the modules of that package."""
    pkg = importlib.import_module(f"newsift.{name}")
    grp = sub.add_parser(name, help=help_text)
    tasks = grp.add_subparsers(dest="task", metavar="TASK", parser_class=_Parser)
    tasks.required = True
    for mod in pkgutil.iter_modules(pkg.__path__):
        if mod.name.startswith("_") or mod.name == "cli":
            continue
        cmd = mod.name.replace("_", "-")
        try:
            module = importlib.import_module(f"newsift.{name}.{mod.name}")
            if not (hasattr(module, "add_arguments") and hasattr(module, "run")):
                continue
            doc = (module.__doc__ or mod.name).strip().splitlines()[0]
            p = tasks.add_parser(cmd, help=doc, description=module.__doc__)
            module.add_arguments(p)
            p.set_defaults(func=module.run)
        except ImportError as err:  # an optional extra (e.g. torch for training) is not installed
            p = tasks.add_parser(cmd, help=f"(unavailable: {err.name} not installed)", add_help=False)
            p.add_argument("rest", nargs=argparse.REMAINDER)
            p.set_defaults(func=_missing_extra(f"newsift {name} {cmd}", str(err.name)))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsift", description="Read news the way a careful fact-checker does.")
    parser.add_argument("--version", action="version", version=f"newsift {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    a = sub.add_parser("analyze", help="analyze articles: who says what, claims, evidence, techniques, outlet")
    a.add_argument("inputs", nargs="+", help="files, directories, URLs, or - for stdin")
    a.add_argument("--format", choices=("text", "json", "html"), default="text")
    a.add_argument("-o", "--output", help="write to this file instead of stdout")
    a.add_argument("--analyzers", help="comma-separated subset (dependencies are added)")
    a.add_argument("--exclude", help="comma-separated analyzers to skip")
    a.add_argument("--url", help="the article's URL (metadata; nothing is fetched)")
    a.add_argument("--title")
    a.add_argument("--outlet")
    a.add_argument("--date", help="publication date, ISO")
    a.add_argument("--max-bytes", type=int, default=int(os.environ.get("NEWSIFT_MAX_BYTES", 5_000_000)))
    a.add_argument("--timeout", type=float, default=10.0, help="seconds for fetching a URL input")
    a.add_argument("-v", "--verbose", action="store_true", help="print every warning on stderr")
    a.set_defaults(func=cmd_analyze)

    s = sub.add_parser("schema", help="print the JSON Schema of the report")
    s.add_argument("--format", choices=("json",), default="json")
    s.set_defaults(func=cmd_schema)

    e = sub.add_parser("errors", help="list error codes and exit codes")
    e.add_argument("--format", choices=("text", "json"), default="text")
    e.set_defaults(func=cmd_errors)

    z = sub.add_parser("analyzers", help="list analyzers in run order with what they need and make")
    z.add_argument("--format", choices=("text", "json"), default="text")
    z.set_defaults(func=cmd_analyzers)

    _task_group(sub, "train", "rebuild a shipped model from ../shared/data")
    _task_group(sub, "eval", "score an analyzer against gold data")
    for group in GROUPS:
        if importlib.util.find_spec(f"newsift.{group}") is not None and importlib.util.find_spec(f"newsift.{group}.cli") is not None:
            importlib.import_module(f"newsift.{group}.cli").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(args) or 0)
    except NewsiftError as err:
        print(str(err), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("newsift: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # a bug: still one line, with a pointer for reporting
        if os.environ.get("NEWSIFT_DEBUG"):
            raise
        msg = " ".join(f"{type(err).__name__}: {err}".split())[:300]
        print(f"newsift: error {E.INTERNAL.code}: internal error: {msg} (set NEWSIFT_DEBUG=1 for a traceback)", file=sys.stderr)
        return E.INTERNAL.exit_code


if __name__ == "__main__":
    sys.exit(main())
