"""Attribution speed: actors + attribution vs the parse, and vs the full en_core_web_sm pipeline.

Prints figures; asserts nothing. All numbers come from the same run on the same texts
(the first ``--n`` articles of the Syrian-war corpus in ../shared, default 100):

* ``full``: bare ``nlp.pipe`` of the FULL en_core_web_sm pipeline (tagger, parser, NER,
  lemmatizer, attribute ruler) — the reference the whole analysis must not be slower than;
* ``parse``: ``nlp.pipe`` of newsift's pipeline (no NER, no lemmatizer, newline sentence
  boundaries), as :func:`newsift.nlp.model.load_nlp` loads it;
* ``actors`` and ``attribution``: :func:`newsift.nlp.actors.build_actors` and
  :func:`newsift.analyzers.attribution.extract_attributions` on those parses.

    .venv/bin/python benchmarks/attribution_speed.py [--n 100]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FAKES = ROOT.parent / "shared" / "data" / "news-corpus" / "fakes-syria" / "articles.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100)
    args = ap.parse_args()

    import spacy

    from newsift.analyzers.attribution import extract_attributions
    from newsift.nlp.actors import build_actors
    from newsift.nlp.model import load_nlp, model_package

    texts = []
    with open(FAKES, encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            t = obj.get("text") or obj.get("content") or ""
            if t.strip():
                texts.append(t)
            if len(texts) >= args.n:
                break
    nlp = load_nlp()
    full = spacy.load(model_package())
    list(nlp.pipe(texts[:3]))  # warm up both
    list(full.pipe(texts[:3]))

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    list(full.pipe(texts, batch_size=16))
    t_full = time.perf_counter() - t0
    t_act = t_att = 0.0
    n_att = 0
    for d in docs:
        t0 = time.perf_counter()
        build_actors(d)
        t1 = time.perf_counter()
        n_att += len(extract_attributions(d))
        t_att += time.perf_counter() - t1
        t_act += t1 - t0
    tokens = sum(len(d) for d in docs)
    ours = t_parse + t_act + t_att
    print(f"{len(texts)} articles, {tokens} tokens, {n_att} attributions")
    print(f"full en_core_web_sm pipe   {t_full:7.2f}s  {tokens / t_full:8.0f} tok/s")
    print(f"newsift parse (no ner/lem) {t_parse:7.2f}s  {tokens / t_parse:8.0f} tok/s")
    print(f"actors                     {t_act:7.2f}s  ({t_act / t_parse:.1%} of parse)")
    print(f"attribution                {t_att:7.2f}s  ({t_att / t_parse:.1%} of parse)")
    print(f"parse + actors + attribution = {ours:.2f}s = {ours / t_full:.2f} x the full-pipeline parse "
          f"(actors + attribution = {(t_act + t_att) / t_parse:.1%} of our parse)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
