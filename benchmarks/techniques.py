"""Persuasion techniques: accuracy on our validation split and speed on one core.

Prints figures; asserts nothing. On the validation split that ``newsift train techniques``
held out of PTC train (56 articles), with the shipped thresholds:

* accuracy: official SI F1, TC micro-F1, span+label F1 (cue patterns on, as the analyzer);
* speed on ONE core (onnxruntime intra-op threads = 1, OMP/MKL threads = 1): sentences per
  second for the whole technique analyzer (tokenize, encode, decode, classify, cues), and
  as a ratio to newsift's spaCy parse (``load_nlp``) of the same sentences, measured in
  the same run, since the machine is shared and absolute numbers drift.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/techniques.py [--n 56] [--no-parse]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=0, help="first N validation articles (default: all)")
    ap.add_argument("--no-parse", action="store_true", help="skip the spaCy reference")
    ap.add_argument("--format", choices=("text", "json"), default="text")
    args = ap.parse_args()

    from newsift.resources import shared_data_dir, verify_manifest
    from newsift.techniques.data import load_split, train_val_split
    from newsift.techniques.evaluation import score
    from newsift.techniques.model import TechniqueRunner, add_cues

    _, val = train_val_split(load_split(shared_data_dir() / "ptc" / "semeval2020", "train"))
    if args.n:
        val = val[: args.n]
    runner = TechniqueRunner(verify_manifest("techniques"), threads=1)
    n_sent = sum(len(a.sentences) for a in val)
    runner.detect(val[0].text, val[0].sentences)  # warm-up

    t0 = time.perf_counter()
    outs = {}
    for a in val:
        outs[a.id] = runner.encode(a.text, a.sentences)
        add_cues(a.text, runner.detections(outs[a.id], runner.decoding))
    sec = time.perf_counter() - t0
    acc = score(runner, val, outs=outs)
    res = {
        "articles": len(val),
        "sentences": n_sent,
        "si_f1": round(acc["si"]["f1"], 4),
        "si_precision": round(acc["si"]["precision"], 4),
        "si_recall": round(acc["si"]["recall"], 4),
        "tc_micro_f1": round(acc["tc"]["f1"], 4),
        "span_label_f1": round(acc["span_label"]["f1"], 4),
        "seconds": round(sec, 2),
        "sentences_per_second_1core": round(n_sent / sec, 1),
    }
    if not args.no_parse:
        from newsift.nlp.model import load_nlp

        nlp = load_nlp()
        nlp(val[0].text)
        t0 = time.perf_counter()
        for a in val:
            nlp(a.text)
        ps = time.perf_counter() - t0
        res["parse_sentences_per_second"] = round(n_sent / ps, 1)
        res["techniques_vs_parse_time"] = round(sec / ps, 2)
    if args.format == "json":
        print(json.dumps(res))
        return 0
    print(f"validation split: {res['articles']} articles, {res['sentences']} sentences")
    print(f"SI F1 {res['si_f1']} (P {res['si_precision']} R {res['si_recall']})  TC micro-F1 {res['tc_micro_f1']}  span+label F1 {res['span_label_f1']}")
    print(f"technique analyzer, 1 core: {res['sentences_per_second_1core']} sentences/s ({res['seconds']} s)")
    if "parse_sentences_per_second" in res:
        print(f"spaCy parse (reference), same run: {res['parse_sentences_per_second']} sentences/s; techniques take {res['techniques_vs_parse_time']}x the parse time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
