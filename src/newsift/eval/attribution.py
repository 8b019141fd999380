"""Score the attribution analyzer against gold attributions (JSONL), with misses by kind.

``newsift eval attribution GOLD.jsonl [--pred-out FILE] [--format json]`` runs the
analyzer over each gold article's ``text`` and scores with exactly the metric of
``../shared/eval/attribution_score.py`` (reimplemented in :mod:`._attribution_score`).

Offsets: ingest only ever cuts trailing page residue (the cleaned text is a prefix of the
input, see :mod:`newsift.ingest.text`), so gold offsets stay valid. When a gold text would
be shifted (leading whitespace), the article is built on the verbatim text instead.

Output: one line per document, the MICRO line, the final ``content_f1=… speaker_acc=…``
line the shared scorer prints, then the gold attributions missed, grouped by kind of cue
(speech, cognition, perception, according-to, report/study, image credit …), and the
time spent parsing vs in actors + attribution.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from newsift.errors import E, NewsiftError
from newsift.eval._attribution_score import Counts, fmt, score_doc

_DOC_WORDS = {"report", "study", "survey", "statement", "results", "findings", "paper", "poll", "research", "data",
              "analysis", "document", "letter", "website", "article"}


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    if not p.exists():
        raise NewsiftError(E.MODEL_MISSING, what=f"gold file {p}", detail="not found")
    docs = []
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise NewsiftError(E.BAD_JSON, what=f"{p}:{n}", detail=str(e)) from e
        if "doc_id" not in obj or "text" not in obj:
            raise NewsiftError(E.BAD_JSON, what=f"{p}:{n}", detail="a gold line needs doc_id and text")
        docs.append(obj)
    return docs


def article_for_gold(text: str) -> Any:
    """An Article whose offsets equal the gold text's (see the module docstring)."""
    from newsift.ingest import article_from_text, content_id
    from newsift.ingest.text import find_title
    from newsift.schema import Article

    art = article_from_text(text, what="gold text")
    if text.startswith(art.text):
        return art
    return Article(id=content_id(text), text=text, title_span=find_title(text))


def predict(docs: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """Predictions in the scorer's format, and seconds spent per stage."""
    from newsift.analyzers.attribution import extract_attributions
    from newsift.nlp.actors import build_actors
    from newsift.nlp.model import load_nlp

    nlp = load_nlp()
    arts = [article_for_gold(d["text"]) for d in docs]
    timings = {"parse": 0.0, "actors": 0.0, "attribution": 0.0}
    preds = []
    t0 = time.perf_counter()
    parsed = list(nlp.pipe([a.text for a in arts], batch_size=8))
    timings["parse"] = time.perf_counter() - t0
    for d, art, doc in zip(docs, arts, parsed, strict=True):
        t0 = time.perf_counter()
        build_actors(doc, art)
        t1 = time.perf_counter()
        atts = extract_attributions(doc, art)
        t2 = time.perf_counter()
        timings["actors"] += t1 - t0
        timings["attribution"] += t2 - t1
        preds.append({"doc_id": d["doc_id"], "attributions": [
            {"id": a.id, "kind": a.kind, "cue": {"start": a.cue.start, "end": a.cue.end, "text": a.cue.text},
             "source": {"start": a.source.start, "end": a.source.end, "text": a.source.text} if a.source else None,
             "speaker": a.speaker_name, "content": [{"start": c.start, "end": c.end, "text": c.text} for c in a.content],
             "parent": a.parent, "verb_class": a.verb_class, "explanation": a.explanation}
            for a in atts]})
    return preds, timings


def miss_kind(g: dict[str, Any], text: str) -> str:
    """What sort of attribution a gold item is, from its cue (and source) words."""
    from newsift.analyzers.attribution.lexicon import lemma_of, verb_class

    cue = (g.get("cue") or {})
    cue_text = text[cue["start"]:cue["end"]] if cue else ""
    src = g.get("source") or {}
    src_text = text[src["start"]:src["end"]].lower() if src else ""
    low = cue_text.lower().strip()
    if low.startswith(("image", "photo", "video", "audio")) or (src and text[max(0, src["start"] - 8):src["start"]].strip().lower()
                                                                in {"image:", "image;", "photo:", "video:", "audio:"}):
        return "image/video credit"
    if "according" in low:
        return "according to"
    if low in {":", "—", "–", "-"} or g.get("kind") == "headline":
        return "headline colon / signature"
    if any(w in src_text.split() for w in _DOC_WORDS):
        return "report/study"
    lemmas = [lemma_of(w) for w in low.split()]
    lemmas = [x for x in lemmas if x]
    if not lemmas:
        if cue_text[:1].isupper():
            return "credit/citation (a name as cue)"
        return "no cue verb" if not low else "other (adjective/noun cue)"
    vc = verb_class(lemmas[-1])
    if vc in {"cognition", "perception"}:
        return vc
    if g.get("kind") == "direct":
        return "speech (quote)"
    return "speech (indirect)"


def evaluate(docs: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, Any]:
    by_id = {p["doc_id"]: p for p in preds}
    total = Counts()
    per_doc = []
    missed: Counter[str] = Counter()
    gold_kinds: Counter[str] = Counter()
    fp_rules: Counter[str] = Counter()
    miss_examples: list[dict[str, Any]] = []
    for d in docs:
        c, pairs = score_doc(d, by_id.get(d["doc_id"]))
        total.add(c)
        per_doc.append((d["doc_id"], c))
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for gi, g in enumerate(d.get("attributions", [])):
            k = miss_kind(g, d["text"])
            gold_kinds[k] += 1
            if gi not in matched_g:
                missed[k] += 1
                miss_examples.append({"doc_id": d["doc_id"], "id": g.get("id"), "kind": k,
                                      "cue": (g.get("cue") or {}).get("text"),
                                      "content": " ".join(x.get("text", "") for x in g.get("content", []))[:120]})
        for pi, p in enumerate(by_id.get(d["doc_id"], {}).get("attributions", [])):
            if pi not in matched_p:
                fp_rules[(p.get("explanation") or "?").split(":")[0]] += 1
    return {"total": total, "per_doc": per_doc, "missed": missed, "gold_kinds": gold_kinds,
            "fp_rules": fp_rules, "miss_examples": miss_examples}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", help="gold JSONL (format in ../shared/README.md)")
    parser.add_argument("--pred-out", help="also write the predictions here (the shared scorer's format)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--misses", action="store_true", help="list every missed gold attribution")


def run(args: argparse.Namespace) -> int:
    docs = load_gold(args.gold)
    preds, timings = predict(docs)
    if args.pred_out:
        Path(args.pred_out).write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
    res = evaluate(docs, preds)
    total: Counts = res["total"]
    own = timings["actors"] + timings["attribution"]
    share = own / timings["parse"] if timings["parse"] else 0.0
    if args.format == "json":
        print(json.dumps({
            "micro": total.as_dict(),
            "documents": {doc_id: c.as_dict() for doc_id, c in res["per_doc"]},
            "missed_by_kind": {k: {"gold": res["gold_kinds"][k], "missed": res["missed"][k]} for k in res["gold_kinds"]},
            "unmatched_predictions_by_rule": dict(res["fp_rules"]),
            "seconds": {k: round(v, 3) for k, v in timings.items()},
            "attribution_cost_vs_parse": round(share, 4),
            "misses": res["miss_examples"] if args.misses else None,
        }, ensure_ascii=False))
        return 0
    for doc_id, c in res["per_doc"]:
        print(fmt(doc_id, c))
    print(fmt("MICRO", total))
    f = total.prf()[2]
    print(f"content_f1={f:.3f} speaker_acc={total.acc('spk'):.3f}")
    print("\nmissed gold attributions by kind (missed / gold):")
    for k, n in res["gold_kinds"].most_common():
        print(f"  {k:<22} {res['missed'][k]:>4} / {n:<4}")
    if res["fp_rules"]:
        print("unmatched predictions by rule: " + ", ".join(f"{k} {v}" for k, v in res["fp_rules"].most_common()))
    print(f"\ntime: parse {timings['parse']:.2f}s (tagger+parser), actors {timings['actors']:.3f}s, "
          f"attribution {timings['attribution']:.3f}s — actors+attribution = {share:.1%} of parse time")
    if args.misses:
        print("\nmisses:")
        for m in res["miss_examples"]:
            print(f"  {m['doc_id']} {m['id']} [{m['kind']}] cue={m['cue']!r}: {m['content']}")
    return 0
