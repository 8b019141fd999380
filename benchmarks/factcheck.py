"""Fact-check matching benchmark: index build time, query speed, recall@1/@5 on paraphrases.

Prints figures, asserts nothing. Usage::

    .venv/bin/python benchmarks/factcheck.py                 # builds a store in a temp dir (slow: encodes 10,892 cases)
    .venv/bin/python benchmarks/factcheck.py --db PATH       # reuse a store built by `newsift factcheck build-default`
    .venv/bin/python benchmarks/factcheck.py --split dev --ablation   # the dev-split numbers the weights were tuned on

Speed: 1,000 claims (sentences of the FA-KES Syrian-war corpus, ../shared/data/news-corpus/fakes-syria,
the first 1,000 of 12+ words) matched against every case: encoding the claims + BM25 + cosine +
re-ranking, end to end, after the index is loaded. Index build (encoding the cases, once, at
setup) and index load (per process) are reported separately. As a reference measured in the
same run, the time of a plain numpy matrix product of the same shape as the cosine step is printed.

Recall: tests/data/factcheck_paraphrases.jsonl, paraphrases we wrote of EUvsDisinfo case titles
(split "dev": 40, used to tune the weights; split "test": the rest, never tuned on). A hit is the
gold case id, or a record with the same normalised title (EUvsDisinfo lists the same message once
per language; the search collapses such duplicates into one hit). The "exact case id" figures
count only the gold id itself: first entry of the JSON list for @1, anywhere in it for @5.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARA = ROOT / "tests" / "data" / "factcheck_paraphrases.jsonl"


def fakes_claims(n: int) -> list[str]:
    from newsift.resources import shared_data_dir

    path = shared_data_dir() / "news-corpus" / "fakes-syria" / "articles.jsonl"
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"] or ""
        for s in re.split(r"(?<=[.!?])\s+", text):
            if len(s.split()) >= 12:
                out.append(s[:600])
                if len(out) >= n:
                    return out
    return out


def recall(index, rows: list[dict], *, k: int = 5) -> dict:
    from newsift.factcheck import retrieval

    queries = [r["query"] for r in rows]
    t0 = time.perf_counter()
    results = index.search_many(queries, k=k)
    dt = time.perf_counter() - t0
    title_of = {r.id: " ".join(retrieval.terms(r.claim)) for r in index.records}
    r1 = r5 = s1 = s5 = 0
    misses = []
    for row, hits in zip(rows, results, strict=True):
        gold_key = title_of.get(row["case_id"])
        ranks = [h.rank for h in hits if h.record.id == row["case_id"] or row["case_id"] in h.duplicates
                 or " ".join(retrieval.terms(h.record.claim)) == gold_key]
        rank = min(ranks) if ranks else None
        r1 += rank == 1
        r5 += rank is not None and rank <= 5
        # strict: the exact case id, as `factcheck search --format json` lists it (first entry; any entry)
        listed = [d["id"] for h in hits for d in index.expand(h)]
        s1 += bool(listed) and listed[0] == row["case_id"]
        s5 += row["case_id"] in listed
        if rank is None or rank > 1:
            misses.append((rank, row["query"], row["case_title"], hits[0].record.title if hits else None))
    n = len(rows)
    return {"n": n, "recall@1": r1 / n, "recall@5": r5 / n, "strict@1": s1 / n, "strict@5": s5 / n,
            "seconds": dt, "misses": misses}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", help="existing store (default: build one in a temp dir)")
    ap.add_argument("--claims", type=int, default=1000)
    ap.add_argument("--split", default="test", help="paraphrase split to score: test, dev or all")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--ablation", action="store_true", help="also score cosine-only and BM25-only rankings")
    args = ap.parse_args(argv)

    from newsift.factcheck import retrieval
    from newsift.factcheck.importers import load_file
    from newsift.factcheck.store import Store
    from newsift.resources import shared_data_dir
    from newsift.resources.encoder import encode, load

    load()
    tmp = None
    if args.db:
        db = Path(args.db)
    else:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "factcheck.sqlite"
        t0 = time.perf_counter()
        recs, _ = load_file(shared_data_dir() / "fact-checks" / "euvsdisinfo" / "posts.csv")
        with Store(db, create=True) as st:
            st.add(recs)
        print(f"index build (import + encode {len(recs):,} cases): {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    index = retrieval.load_index(db)
    print(f"index load (read store, build BM25): {time.perf_counter() - t0:.2f} s; {len(index):,} records")

    claims = fakes_claims(args.claims)
    encode(claims[:8])  # warm-up
    load_before = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    res = index.search_many(claims, k=5)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    t1 = time.perf_counter()
    qv = encode(claims)
    enc_dt = time.perf_counter() - t1
    t1 = time.perf_counter()
    _ = qv @ index.vectors.T
    ref_dt = time.perf_counter() - t1
    assert len(res) == len(claims)
    print(f"match {len(claims):,} claims x {len(index):,} cases: {dt:.2f} s wall, {cpu:.2f} s CPU "
          f"({len(claims) / dt:.0f} claims/s); of which encoding ~{enc_dt:.2f} s; "
          f"reference: cosine matrix product alone {ref_dt * 1000:.0f} ms ({dt / max(ref_dt, 1e-9):.0f}x); "
          f"load average {load_before:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(other jobs on the machine inflate the wall time)")

    rows = [json.loads(line) for line in PARA.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.split != "all":
        rows = [r for r in rows if r["split"] == args.split]
    out = recall(index, rows)
    print(f"paraphrases ({args.split}, n={out['n']}): recall@1 {out['recall@1']:.3f}  recall@5 {out['recall@5']:.3f}  "
          f"({out['seconds']:.2f} s); exact case id only (as listed by the JSON output): "
          f"recall@1 {out['strict@1']:.3f}  recall@5 {out['strict@5']:.3f}")
    if args.ablation:
        saved = (retrieval.W_BM25, retrieval.BM25_LONG_QUERY)
        for label, w in (("cosine only", (0.0, 0)), ("BM25 only", (1000.0, 0)),
                         ("hybrid, fixed BM25 weight", (saved[0], 0))):
            retrieval.W_BM25, retrieval.BM25_LONG_QUERY = w
            o = recall(index, rows)
            print(f"  ablation {label:26s}: recall@1 {o['recall@1']:.3f}  recall@5 {o['recall@5']:.3f}")
        retrieval.W_BM25, retrieval.BM25_LONG_QUERY = saved
    if args.show_misses:
        for rank, q, gold, top in out["misses"]:
            print(f"  rank {rank}: {q!r}\n      gold: {gold!r}\n      top:  {top!r}")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
