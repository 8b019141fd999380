"""Article extraction from HTML: F1 and speed on the Zyte benchmark (181 pages).

    .venv/bin/python benchmarks/extraction.py [--format json]

Metric as the benchmark's evaluate.py (see ../shared/data/article-extraction/README.md):
``\\w+`` tokens, 4-token shingles as multisets, per-page precision (skipped when the
prediction is empty) and recall, averaged over pages; F1 = harmonic mean of the two means.
Extraction is ``newsift.ingest.html.extract`` (trafilatura with newsift's settings); the
reference in the same run is trafilatura's ``extract`` with its defaults.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "article-extraction"
_TOKEN = re.compile(r"\w+")


def shingles(text: str) -> Counter:
    toks = _TOKEN.findall(text or "")
    if len(toks) < 4:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + 4]) for i in range(len(toks) - 3))


def score(pairs: list[tuple[str, str]]) -> dict[str, float]:
    precisions, recalls = [], []
    for pred, gold in pairs:
        p, g = shingles(pred), shingles(gold)
        tp = sum((p & g).values())
        fp = sum(p.values()) - tp
        fn = sum(g.values()) - tp
        if p:
            precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 1.0)
    prec = sum(precisions) / len(precisions) if precisions else 0.0
    rec = sum(recalls) / len(recalls) if recalls else 0.0
    return {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--format", choices=("text", "json"), default="text")
    args = ap.parse_args(argv)
    truth_file = args.data / "ground-truth.json"
    if not truth_file.exists():
        print(f"benchmark: {truth_file} not found", file=sys.stderr)
        return 2
    import trafilatura

    from newsift.errors import NewsiftError
    from newsift.ingest.html import extract

    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    pages = {k: gzip.decompress((args.data / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8") for k in truth}
    ours, ref = [], []
    t0 = time.perf_counter()
    no_article = 0
    for k, html in pages.items():
        try:
            ours.append((extract(html, url=truth[k]["url"]).text, truth[k]["articleBody"]))
        except NewsiftError:
            no_article += 1
            ours.append(("", truth[k]["articleBody"]))
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    for k, html in pages.items():
        ref.append((trafilatura.extract(html, url=truth[k]["url"]) or "", truth[k]["articleBody"]))
    t_ref = time.perf_counter() - t0
    result = {
        "pages": len(pages),
        "newsift": {**score(ours), "pages_per_s": round(len(pages) / t_ours, 1), "no_article_errors": no_article},
        "trafilatura_default": {**score(ref), "pages_per_s": round(len(pages) / t_ref, 1)},
    }
    if args.format == "json":
        print(json.dumps(result))
        return 0
    n, r = result["newsift"], result["trafilatura_default"]
    print(f"{len(pages)} pages (Zyte article-extraction benchmark)")
    print(f"newsift extract     : P {n['precision']:.3f} R {n['recall']:.3f} F1 {n['f1']:.3f}  {n['pages_per_s']} pages/s  (E015 on {no_article} pages)")
    print(f"trafilatura default : P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}  {r['pages_per_s']} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
