"""``newsift techniques detect|classify``: the technique model on plain files, in official formats.

* ``detect FILE|DIR ...``: spans with labels. ``--format text|json`` for reading,
  ``si``/``flc`` for the official SI / span+label submission formats (article ids from
  ``article<ID>.txt`` names, else the file stem).
* ``classify --articles DIR --spans FILE``: a technique for each given span (the TC task):
  rows ``id ? start end`` (the official template) or gold TC rows; prints ``id label start
  end`` in the same order. A span listed k times gets its k most likely labels.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newsift.errors import E, NewsiftError


def register(subparsers) -> None:
    p = subparsers.add_parser("techniques", help="persuasion techniques (SemEval-2020 Task 11): detect spans, classify spans")
    sub = p.add_subparsers(dest="techniques_command", metavar="COMMAND")
    sub.required = True

    d = sub.add_parser("detect", help="find technique spans in text files or a folder of article*.txt")
    d.add_argument("inputs", nargs="+", type=Path)
    d.add_argument("--format", choices=("text", "json", "si", "flc"), default="text")
    d.add_argument("--no-cues", action="store_true", help="model spans only")
    d.add_argument("--model", type=Path, default=None)
    d.add_argument("--out", type=Path, default=None, help="write here instead of stdout")
    d.set_defaults(func=cmd_detect)

    c = sub.add_parser("classify", help="label given spans (TC): template or TC-format rows")
    c.add_argument("--articles", type=Path, required=True, help="folder of article<ID>.txt")
    c.add_argument("--spans", type=Path, required=True, help="rows 'id ? start end' (template) or TC labels (file or folder)")
    c.add_argument("--format", choices=("tc", "text", "json"), default="tc")
    c.add_argument("--model", type=Path, default=None)
    c.add_argument("--out", type=Path, default=None)
    c.set_defaults(func=cmd_classify)


def _files(inputs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in inputs:
        if p.is_dir():
            found = sorted(p.glob("article*.txt")) or sorted(p.glob("*.txt"))
            if not found:
                raise NewsiftError(E.EMPTY_DIR, path=str(p))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            raise NewsiftError(E.NOT_FOUND, path=str(p))
    return files


def _article_id(path: Path) -> str:
    from newsift.techniques.data import _ARTICLE_RE

    m = _ARTICLE_RE.search(path.name)
    return m.group(1) if m else path.stem


def _emit(text: str, out: Path | None) -> None:
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def cmd_detect(args: argparse.Namespace) -> int:
    from newsift.techniques.data import line_spans
    from newsift.techniques.model import load_runner
    from newsift.techniques.sentences import split_sentences

    runner = load_runner(str(args.model) if args.model else None)
    lines: list[str] = []
    records: list[dict] = []
    for f in _files(args.inputs):
        with open(f, encoding="utf-8", newline="") as fh:
            text = fh.read()
        aid = _article_id(f)
        # PTC articles hold one sentence per line; other text is split by rule
        sents = line_spans(text) if _is_ptc_file(f) else split_sentences(text)
        found = sorted(runner.detect(text, sents, cues=not args.no_cues), key=lambda d: (d.start, -d.confidence))
        for d in found:
            rec = {"article": aid, "start": d.start, "end": d.end, "text": text[d.start : d.end], "label": d.label,
                   "confidence": d.confidence, "source": d.source}
            records.append(rec)
            if args.format == "si":
                lines.append(f"{aid}\t{d.start}\t{d.end}")
            elif args.format == "flc":
                lines.append(f"{aid}\t{d.label}\t{d.start}\t{d.end}")
            elif args.format == "text":
                lines.append(f"{aid}\t{d.start}-{d.end}\t{d.label}\t{d.confidence:.2f}\t{text[d.start:d.end][:100]!r}")
    if args.format == "si":  # the official SI scorer wants non-overlapping spans
        from newsift.techniques.metrics import merge_overlapping

        by: dict[str, list[tuple[int, int]]] = {}
        for r in records:
            by.setdefault(r["article"], []).append((r["start"], r["end"]))
        lines = [f"{a}\t{s}\t{e}" for a, spans in by.items() for s, e in merge_overlapping(spans)]
    if args.format == "json":
        _emit(json.dumps(records, ensure_ascii=False) + "\n", args.out)
    else:
        _emit("".join(x + "\n" for x in lines), args.out)
    return 0


def _is_ptc_file(p: Path) -> bool:
    return p.name.startswith("article") and p.suffix == ".txt"


def read_span_rows(path: Path) -> list[tuple[str, int, int]]:
    """``(id, start, end)`` rows from a template (``id ? s e``), TC labels (``id label s e``) or SI labels."""
    files = sorted(path.glob("*.labels")) if path.is_dir() else [path]
    rows: list[tuple[str, int, int]] = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 4:
                rows.append((cols[0], int(cols[2]), int(cols[3])))
            elif len(cols) == 3:
                rows.append((cols[0], int(cols[1]), int(cols[2])))
            elif line.strip():
                raise NewsiftError(E.USAGE, detail=f"{f}: expected 3 or 4 tab-separated columns, got {line[:60]!r}")
    return rows


def classify_rows(articles: Path, rows: list[tuple[str, int, int]], model: Path | None = None) -> list[tuple[str, str, int, int, float]]:
    """``(id, label, start, end, probability)`` for each row, in order."""
    from collections import Counter, defaultdict

    import numpy as np

    from newsift.techniques.data import line_spans, read_articles
    from newsift.techniques.labels import LABELS
    from newsift.techniques.model import load_runner

    texts = read_articles(articles)
    runner = load_runner(str(model) if model else None)
    by_article: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for aid, s, e in rows:
        if aid not in texts:
            raise NewsiftError(E.USAGE, detail=f"article {aid} is not in {articles}")
        by_article[aid].append((s, e))
    probs: dict[tuple[str, int, int], np.ndarray] = {}
    for aid, spans in by_article.items():
        uniq = list(dict.fromkeys(spans))
        for (s, e), p in zip(uniq, runner.classify(texts[aid], line_spans(texts[aid]), uniq), strict=True):
            probs[(aid, s, e)] = p
    seen: Counter[tuple[str, int, int]] = Counter()
    out = []
    for aid, s, e in rows:
        k = seen[(aid, s, e)]
        seen[(aid, s, e)] += 1
        p = probs[(aid, s, e)]
        idx = int(np.argsort(-p)[min(k, len(LABELS) - 1)])
        out.append((aid, LABELS[idx], s, e, float(p[idx])))
    return out


def cmd_classify(args: argparse.Namespace) -> int:
    if not args.articles.is_dir():
        raise NewsiftError(E.NOT_FOUND, path=str(args.articles))
    if not args.spans.exists():
        raise NewsiftError(E.NOT_FOUND, path=str(args.spans))
    res = classify_rows(args.articles, read_span_rows(args.spans), args.model)
    if args.format == "json":
        _emit(json.dumps([{"article": a, "label": lab, "start": s, "end": e, "probability": round(p, 4)} for a, lab, s, e, p in res],
                         ensure_ascii=False) + "\n", args.out)
    elif args.format == "text":
        _emit("".join(f"{a}\t{s}-{e}\t{lab}\t{p:.2f}\n" for a, lab, s, e, p in res), args.out)
    else:
        _emit("".join(f"{a}\t{lab}\t{s}\t{e}\n" for a, lab, s, e, _ in res), args.out)
    return 0
