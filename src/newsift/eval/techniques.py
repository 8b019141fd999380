"""Score the persuasion-technique model with the official SemEval-2020 Task 11 measures.

``--articles`` holds ``article<ID>.txt`` files; ``--labels`` the gold in the official TC
format (a folder of ``*.labels`` files or one concatenated file). Printed: SI precision,
recall and F1 (partial overlap; gold overlaps merged), TC micro-F1 (the model labels the
gold spans, as ``newsift techniques classify`` does), span+label F1 (FLC measure), and the
speed in sentences per second. The shipped thresholds are used as they are: nothing is
tuned on the articles scored. Without ``--articles`` it scores the validation split of
``../shared/data/ptc/semeval2020/train`` that training held out.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from newsift.errors import E, NewsiftError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--articles", type=Path, default=None, help="folder of article<ID>.txt (default: our validation split)")
    parser.add_argument("--labels", type=Path, default=None, help="gold TC labels: folder of *.labels or one file")
    parser.add_argument("--si-labels", type=Path, default=None, help="gold SI labels (default: the TC spans, overlaps merged)")
    parser.add_argument("--model", type=Path, default=None, help="model directory (default: the shipped one)")
    parser.add_argument("--no-cues", action="store_true", help="model spans only, without the cue patterns")
    parser.add_argument("--threads", type=int, default=None, help="onnxruntime threads (default: all cores)")
    parser.add_argument("--predictions", type=Path, default=None, help="also write si.txt / tc.txt / flc.txt submissions here")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def load_gold(articles: Path, labels: Path | None, si_labels: Path | None):
    from newsift.techniques.data import PTCArticle, read_articles, read_si_labels, read_tc_labels

    if not articles.is_dir():
        raise NewsiftError(E.NOT_FOUND, path=str(articles))
    texts = read_articles(articles)
    if not texts:
        raise NewsiftError(E.EMPTY_DIR, path=str(articles))
    if labels is None or not labels.exists():
        raise NewsiftError(E.USAGE, detail="--labels (gold TC labels) is required with --articles")
    try:
        tc = read_tc_labels(labels)
        si = read_si_labels(si_labels) if si_labels else {}
    except ValueError:  # 3 columns: SI labels only, so there is no TC to score
        tc, si = {}, read_si_labels(labels)
        if si_labels:
            si = read_si_labels(si_labels)
        tc = {aid: [] for aid in si}
    unknown = (set(tc) | set(si)) - set(texts)
    if unknown:
        raise NewsiftError(E.USAGE, detail=f"labels for {len(unknown)} article(s) not in --articles, e.g. {sorted(unknown)[0]}")
    return [PTCArticle(aid, t, tc.get(aid, []), si.get(aid, [])) for aid, t in texts.items()]


def evaluate(articles, model: Path | None = None, cues: bool = True, threads: int | None = None) -> dict:
    from newsift.techniques.evaluation import encode_all, score
    from newsift.techniques.model import load_runner

    runner = load_runner(str(model) if model else None, threads)
    if articles:
        runner.encode(articles[0].text, articles[0].sentences)  # warm-up: first runs allocate
    outs, seconds = encode_all(runner, articles)
    t0 = time.perf_counter()
    res = score(runner, articles, outs=outs, cues=cues)
    post = time.perf_counter() - t0
    n_sent = res["sentences"]
    res["sentences_per_second"] = round(n_sent / (seconds + post / 3), 1)  # score() decodes 3 ways; 1 counts
    res["seconds"] = round(seconds + post, 2)
    return res


def write_predictions(directory: Path, articles, model: Path | None, cues: bool) -> None:
    from newsift.techniques.data import write_si_labels, write_tc_labels
    from newsift.techniques.evaluation import encode_all, predictions
    from newsift.techniques.model import load_runner
    from newsift.techniques.predict import tc_predictions

    runner = load_runner(str(model) if model else None)
    outs, _ = encode_all(runner, articles)
    pred = predictions(outs, runner, runner.decoding, cues)
    directory.mkdir(parents=True, exist_ok=True)
    write_si_labels(directory / "si.txt", [(a, s, e) for a, rows in pred.items() for _, s, e in rows])
    write_tc_labels(directory / "flc.txt", [(a, lab, s, e) for a, rows in pred.items() for lab, s, e in rows])
    tc_rows = [(a.id, lab, s, e) for a in articles for lab, s, e in tc_predictions(outs[a.id], runner.heads, [(s, e) for _, s, e in a.tc])]
    write_tc_labels(directory / "tc.txt", tc_rows)


def run(args: argparse.Namespace) -> int:
    if args.articles is None:
        from newsift.resources import shared_data_dir
        from newsift.techniques.data import load_split, train_val_split

        _, articles = train_val_split(load_split(shared_data_dir() / "ptc" / "semeval2020", "train"))
        where = "validation split of PTC train"
    else:
        articles = load_gold(args.articles, args.labels, args.si_labels)
        where = str(args.articles)
    res = evaluate(articles, args.model, not args.no_cues, args.threads)
    if args.predictions:
        write_predictions(args.predictions, articles, args.model, not args.no_cues)
    res["data"] = where
    if args.format == "json":
        print(json.dumps(res, ensure_ascii=False))
        return 0
    si, tc, sl = res["si"], res["tc"], res["span_label"]
    print(f"{where}: {res['articles']} articles, {res['sentences']} sentences, {tc['n_gold']} gold technique spans")
    print(f"SI          P {si['precision']:.4f}  R {si['recall']:.4f}  F1 {si['f1']:.4f}  ({si['n_pred']} predicted / {si['n_gold']} gold spans)")
    print(f"TC          micro-F1 {tc['f1']:.4f}" if tc["n_gold"] else "TC          n/a (the labels carry no techniques)")
    print(f"span+label  P {sl['precision']:.4f}  R {sl['recall']:.4f}  F1 {sl['f1']:.4f}")
    print(f"speed       {res['sentences_per_second']} sentences/s ({'cue patterns on' if res['cues'] else 'model only'})")
    return 0
