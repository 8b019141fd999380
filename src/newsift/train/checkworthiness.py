"""Train the check-worthiness scorer on ClaimBuster (logistic regression over hashed n-grams).

Reads ``../shared/data/checkworthiness/claimbuster/kfold_25ncs.csv``, holds out 20% of the
sentences (fixed seed, grouped by text), fits on the rest, prints held-out AP/P/R/F1, and
writes ``newsift/resources/data/checkworthiness/`` (model.npz, config.json, MODEL_CARD.md,
MANIFEST.json). About 15 s on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import time
from pathlib import Path

import numpy as np

from newsift.claims import checkworthiness as cw
from newsift.claims import cwdata
from newsift.resources import write_manifest


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help="ClaimBuster kfold_25ncs.csv (default: ../shared/data)")
    parser.add_argument("--out", type=Path, default=None, help="model directory (default: the shipped resource)")
    parser.add_argument("--seed", type=int, default=cwdata.SEED)
    parser.add_argument("--C", type=float, default=3.0, help="inverse L2 regularization strength")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def train(examples: list[cwdata.Example], C: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Fit idf and logistic-regression weights; returns (idf, coef, intercept)."""
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    counts = cw.raw_features([e.text for e in examples])
    idf = TfidfTransformer(sublinear_tf=True, smooth_idf=True).fit(counts).idf_
    x = cw.weight(counts, idf)
    y = np.array([e.label for e in examples])
    clf = LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(x, y)
    return idf, clf.coef_[0], float(clf.intercept_[0])


MODEL_CARD = """# Check-worthiness scorer

Logistic regression (L2, C={C}, balanced class weights) over sublinear tf-idf of hashed
word 1-2-grams ({word} buckets) and char_wb 2-5-grams ({char} buckets), as in
`newsift.claims.checkworthiness`. Output: probability that a sentence is a check-worthy
factual claim; the analyzer reports it as `Claim.checkworthiness`.

## Data
ClaimBuster two-class sentences (`kfold_25ncs.csv`, US presidential debates, CC BY 4.0;
Arslan, Hassan, Li, Tremayne, ICWSM 2020, doi:10.5281/zenodo.3609356). {n_all} sentences;
held-out split: {test_pct}% of distinct sentence texts, stratified, seed {seed}
({n_train} train / {n_test} held-out).

## Metrics (held-out ClaimBuster, threshold {threshold})
| AP | precision | recall | F1 |
|---|---|---|---|
| {ap} | {p} | {r} | {f1} |

Anchor: the ClaimBuster SVM reaches precision ≈ 0.72, F1 ≈ 0.69.

## Transfer to news
Our own news validation set (`tests/data/news_checkworthiness.jsonl`: {news_n} sentences we
wrote or took from the canonical fixture, labelled by us): {news}. It was written by the
people who built the scorer and is likely easier than news in the wild.
`newsift eval checkworthiness` prints both figures.

## Reproduce
`newsift train checkworthiness` (trained {date}, {seconds:.1f} s on {machine}, scikit-learn {sklearn}).
"""


def run(args: argparse.Namespace) -> int:
    import sklearn

    t0 = time.perf_counter()
    examples = cwdata.load_claimbuster(args.data)
    train_set, test_set = cwdata.split(examples, seed=args.seed)
    idf, coef, intercept = train(train_set, args.C)
    threshold = 0.5
    model = cw.CheckworthinessModel(idf=idf, coef=coef, intercept=intercept, threshold=threshold, card={})
    scores = model.scores([e.text for e in test_set]).tolist()
    held = cwdata.metrics([e.label for e in test_set], scores, threshold)
    seconds = time.perf_counter() - t0
    news_path = cwdata.news_set_path()
    news = None
    if news_path.exists():
        news_ex = cwdata.load_jsonl(news_path)
        news = cwdata.metrics([e.label for e in news_ex], model.scores([e.text for e in news_ex]).tolist(), threshold)
    out = args.out or cw.model_dir()
    card = {
        "trained": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "seed": args.seed, "C": args.C,
        "n_train": len(train_set), "n_heldout": len(test_set), "heldout": held, "news": news,
        "command": "newsift train checkworthiness", "sklearn": sklearn.__version__,
    }
    cw.save(out, idf, coef, intercept, threshold, card)
    (out / "MODEL_CARD.md").write_text(
        MODEL_CARD.format(
            C=args.C, word=cw.WORD_FEATURES, char=cw.CHAR_FEATURES, n_all=len(examples),
            test_pct=int(cwdata.TEST_SIZE * 100), seed=args.seed, n_train=len(train_set), n_test=len(test_set),
            threshold=threshold, ap=held["average_precision"], p=held["precision"], r=held["recall"], f1=held["f1"],
            date=card["trained"], seconds=seconds, machine=f"{platform.machine()}, {_cpus()} CPU cores",
            sklearn=sklearn.__version__, news_n=news["n"] if news else 0,
            news=(f"AP {news['average_precision']:.3f}, P {news['precision']:.3f}, R {news['recall']:.3f}, "
                  f"F1 {news['f1']:.3f}") if news else "not found at training time",
        ),
        encoding="utf-8",
    )
    write_manifest(out)
    result = {"heldout_claimbuster": held, "news": news, "out": str(out), "seconds": round(seconds, 1)}
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"held-out ClaimBuster ({held['n']} sentences): AP {held['average_precision']:.3f}  "
              f"P {held['precision']:.3f}  R {held['recall']:.3f}  F1 {held['f1']:.3f}")
        if news:
            print(f"news validation set ({news['n']} sentences): AP {news['average_precision']:.3f}  "
                  f"P {news['precision']:.3f}  R {news['recall']:.3f}  F1 {news['f1']:.3f}")
        print(f"model written to {out} in {seconds:.1f} s")
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 1
