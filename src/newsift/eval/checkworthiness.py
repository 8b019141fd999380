"""Score the check-worthiness model: held-out ClaimBuster and our own news validation set.

Held-out ClaimBuster is the fixed split the training command holds out (seed 13, 20% of
distinct sentences), so the shipped model never saw it. The news set
(``tests/data/news_checkworthiness.jsonl``, sentences we wrote or took from the canonical
fixture, labelled by us) measures transfer from debate speech to news prose.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsift.claims import checkworthiness as cw
from newsift.claims import cwdata


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--claimbuster", type=Path, default=None, help="kfold_25ncs.csv (default: ../shared/data)")
    parser.add_argument("--news", type=Path, default=None, help="news set JSONL (default: tests/data/news_checkworthiness.jsonl)")
    parser.add_argument("--model", type=Path, default=None, help="model directory (default: the shipped one)")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def evaluate(model: cw.CheckworthinessModel, claimbuster: Path | None = None, news: Path | None = None) -> dict[str, dict]:
    _, held = cwdata.split(cwdata.load_claimbuster(claimbuster), seed=int(model.card.get("seed", cwdata.SEED)))
    out = {}
    for name, examples in (("heldout_claimbuster", held), ("news", cwdata.load_jsonl(news or cwdata.news_set_path()))):
        scores = model.scores([e.text for e in examples]).tolist()
        out[name] = cwdata.metrics([e.label for e in examples], scores, model.threshold)
    return out


def run(args: argparse.Namespace) -> int:
    model = cw.load_from(args.model) if args.model else cw.load_model()
    result = evaluate(model, args.claimbuster, args.news)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{'set':<22}{'n':>6}{'pos':>6}{'AP':>8}{'P':>8}{'R':>8}{'F1':>8}   (threshold {model.threshold})")
    for name, m in result.items():
        print(f"{name:<22}{m['n']:>6}{m['positives']:>6}{m['average_precision']:>8.3f}{m['precision']:>8.3f}"
              f"{m['recall']:>8.3f}{m['f1']:>8.3f}")
    print("anchor: ClaimBuster SVM precision ≈ 0.72, F1 ≈ 0.69 (debate sentences)")
    return 0
