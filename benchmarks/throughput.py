"""Throughput of the whole analysis against a bare spaCy parse, measured in one run.

    .venv/bin/python benchmarks/throughput.py [DIR] [--limit 200] [--format json]

Default DIR: the first 200 articles of ../shared/data/ptc/semeval2020/train-articles.
Prints articles/s and words/s of ``newsift`` (ingest + parse + all analyzers), of the
spine (the same without the two MiniLM analyzers, techniques and factcheck) and of a bare
``nlp.pipe`` of the FULL en_core_web_sm pipeline (what other extractors need before they
start) over the same texts, the ratios (goal ≥ 1.0), the share the claims/evidence/
sourcing/headline/summary analyzers add, and the time split per stage and per analyzer
from ``Report.timings``. The order of the two runs alternates and the
better of two rounds counts for each, since this machine is noisy.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "data" / "ptc" / "semeval2020" / "train-articles"


def load_texts(directory: Path, limit: int) -> list[str]:
    files = sorted(p for p in directory.iterdir() if p.suffix in {".txt", ".html", ".json"})[:limit]
    return [p.read_text(encoding="utf-8") for p in files]


#: the spine: attribution and the analyzers over it, without the two MiniLM analyzers
SPINE_EXCLUDE = ("techniques", "factcheck")


def run_newsift(texts: list[str], exclude: tuple[str, ...] = ()) -> tuple[float, dict[str, float]]:
    from newsift.ingest import load
    from newsift.pipeline import analyze_articles, select

    specs = select(exclude=exclude)
    split: dict[str, float] = defaultdict(float)
    t0 = time.perf_counter()
    t_ingest = time.perf_counter()
    articles = [load(t) for t in texts]
    split["ingest"] = time.perf_counter() - t_ingest
    for report in analyze_articles(articles, specs):
        for k, v in report.timings.items():
            split[k] += v
    return time.perf_counter() - t0, dict(split)


def run_bare_spacy(texts: list[str]) -> float:
    import spacy

    from newsift.nlp.model import model_package

    nlp = spacy.load(model_package())  # the full pipeline, every component
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--format", choices=("text", "json"), default="text")
    args = ap.parse_args(argv)
    if not args.directory.is_dir():
        print(f"benchmark: no directory {args.directory}", file=sys.stderr)
        return 2
    texts = load_texts(args.directory, args.limit)
    words = sum(len(t.split()) for t in texts)

    # warm both (model loading is not throughput)
    from newsift.nlp.model import load_nlp

    load_nlp()
    run_newsift(texts[:3])
    run_bare_spacy(texts[:3])

    ours, spine, bare, split, split_spine = [], [], [], {}, {}
    for r in range(args.rounds):
        runs = ["all", "spine", "bare"] if r % 2 == 0 else ["bare", "spine", "all"]
        for which in runs:
            if which == "bare":
                bare.append(run_bare_spacy(texts))
            elif which == "all":
                t, split_r = run_newsift(texts)
                ours.append(t)
                if t == min(ours):
                    split = split_r
            else:
                t, split_r = run_newsift(texts, SPINE_EXCLUDE)
                spine.append(t)
                if t == min(spine):
                    split_spine = split_r
    t_ours, t_spine, t_bare = min(ours), min(spine), min(bare)

    def rates(t: float) -> dict[str, float]:
        return {"seconds": round(t, 3), "articles_per_s": round(len(texts) / t, 2), "words_per_s": round(words / t)}

    result = {
        "articles": len(texts),
        "words": words,
        "newsift": rates(t_ours),
        "newsift_spine": rates(t_spine),
        "bare_spacy_full": rates(t_bare),
        "ratio": round(t_bare / t_ours, 3),
        "ratio_spine": round(t_bare / t_spine, 3),
        "split_seconds": {k: round(v, 3) for k, v in sorted(split.items(), key=lambda kv: -kv[1])},
        "split_seconds_spine": {k: round(v, 3) for k, v in sorted(split_spine.items(), key=lambda kv: -kv[1])},
    }
    base = sum(v for k, v in split_spine.items() if k in ("parse", "ingest", "attribution"))
    issue3 = sum(v for k, v in split_spine.items() if k in ("claims", "evidence", "sourcing", "headline", "summary", "outlet"))
    result["claims_evidence_sourcing_added"] = round(issue3 / max(base, 1e-9), 3)
    if args.format == "json":
        print(json.dumps(result))
        return 0
    print(f"{len(texts)} articles, {words} words from {args.directory}")
    print(f"newsift, all analyzers     : {result['newsift']['articles_per_s']:>7} articles/s {result['newsift']['words_per_s']:>7} words/s")
    print(f"newsift, spine (no MiniLM) : {result['newsift_spine']['articles_per_s']:>7} articles/s {result['newsift_spine']['words_per_s']:>7} words/s"
          f"  (without {', '.join(SPINE_EXCLUDE)})")
    print(f"bare nlp.pipe, full model  : {result['bare_spacy_full']['articles_per_s']:>7} articles/s {result['bare_spacy_full']['words_per_s']:>7} words/s")
    print(f"ratio vs bare parse: all analyzers {result['ratio']}, spine {result['ratio_spine']}  (goal >= 1.0)")
    print(f"claims+evidence+sourcing+headline+summary+outlet add {result['claims_evidence_sourcing_added']:.1%} to ingest+parse+attribution (budget 25%)")
    print("time split, all analyzers (s):")
    for k, v in result["split_seconds"].items():
        print(f"  {k:<14} {v:>8.3f}  {v / t_ours:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
