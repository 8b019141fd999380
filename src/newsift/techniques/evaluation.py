"""Scoring a technique model on PTC-format articles with the official measures (no torch)."""

from __future__ import annotations

import time
from dataclasses import asdict, replace

from newsift.techniques.data import PTCArticle
from newsift.techniques.metrics import si_score, span_label_score, tc_score
from newsift.techniques.model import TechniqueRunner, add_cues
from newsift.techniques.predict import ArticleOutputs, Decoding, tc_predictions, tune_si


def encode_all(runner: TechniqueRunner, articles: list[PTCArticle]) -> tuple[dict[str, ArticleOutputs], float]:
    t0 = time.perf_counter()
    outs = {a.id: runner.encode(a.text, a.sentences) for a in articles}
    return outs, time.perf_counter() - t0


def predictions(outs: dict[str, ArticleOutputs], runner: TechniqueRunner, dec: Decoding, cues: bool = True) -> dict:
    """``{article_id: [(label, start, end), ...]}`` exactly as the analyzer reports them."""
    pred: dict[str, list[tuple[str, int, int]]] = {}
    for aid, out in outs.items():
        found = runner.detections(out, dec)
        if cues:
            found = add_cues(out.text, found)
        pred[aid] = [(d.label, d.start, d.end) for d in found]
    return pred


def score(runner: TechniqueRunner, articles: list[PTCArticle], tune: bool = False,
          outs: dict[str, ArticleOutputs] | None = None, cues: bool = True) -> dict:
    """SI, TC micro-F1 and span+label F1 of ``runner`` on gold-labelled ``articles``.

    ``tune=True`` re-picks the SI thresholds on these articles (validation only; an
    independent evaluation must use the model's shipped thresholds).
    """
    seconds = 0.0
    if outs is None:
        outs, seconds = encode_all(runner, articles)
    dec = runner.decoding
    gold_si = {a.id: (a.si or [(s, e) for _, s, e in a.tc]) for a in articles}
    if tune:
        best, _, _ = tune_si(outs, gold_si, gaps=(0, 10, 20))
        dec = replace(dec, hi=best.hi, lo=best.lo, merge_gap=best.merge_gap)
    pred = predictions(outs, runner, dec, cues)
    si = si_score({aid: [(s, e) for _, s, e in rows] for aid, rows in pred.items()}, gold_si)
    tc_pred = {a.id: tc_predictions(outs[a.id], runner.heads, [(s, e) for _, s, e in a.tc]) for a in articles}
    tc = tc_score(tc_pred, {a.id: a.tc for a in articles})
    sl = span_label_score(pred, {a.id: a.tc for a in articles})
    n_sent = sum(len(a.sentences) for a in articles)
    return {
        "si": si.as_dict(),
        "tc": tc.as_dict(),
        "span_label": sl.as_dict(),
        "decoding": asdict(dec),
        "cues": cues,
        "articles": len(articles),
        "sentences": n_sent,
        "encode_seconds": round(seconds, 3),
    }
