"""Corpus throughput: articles/s with 1 and with 2 local workers, memory per worker, and Ray.

Prints figures; asserts nothing. All runs use the same articles (the first ``--n`` records
of the Syrian-war corpus, which are fresh in every run: each run gets a new temporary
store). Two rates per run:

* end-to-end: records / wall time, including worker start and model loading;
* steady: after the first chunk came back, i.e. the rate a long run converges to (the
  one that matters for a 1.7M-article corpus).

Speed-up = rate(2 workers) / rate(1 worker), measured in this same run on this machine.
Memory per worker is each worker's peak RSS (VmHWM from /proc), models included.

    .venv/bin/python benchmarks/corpus.py                 # 1 vs 2 workers on 120 articles, then Ray
    .venv/bin/python benchmarks/corpus.py --n 804 --no-ray
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FAKES = ROOT.parent / "shared" / "data" / "news-corpus" / "fakes-syria" / "articles.jsonl"


EXCLUDE: list[str] = []


def one_run(src: Path, *, engine: str, workers: int, chunk_size: int, label: str, worker_writes: bool = False) -> dict:
    from newsift.corpus.run import analyze_corpus

    tmp = Path(tempfile.mkdtemp(prefix="nsbench-"))
    try:
        st = analyze_corpus([str(src)], str(tmp / "store"), engine=engine, workers=workers, chunk_size=chunk_size,
                            quiet=True, batch_rows=100, worker_writes=worker_writes, exclude=EXCLUDE or None)
        from newsift.corpus.store import Store

        words = Store(tmp / "store").connect().execute("SELECT coalesce(sum(n_words), 0) FROM articles").fetchone()[0]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rss = sorted(st.worker_peak_rss_mb.values())
    print(f"{label:<22} {st.analyzed + st.failed:>5} art  {st.seconds:7.1f} s  end-to-end {st.articles_per_s:6.2f} art/s  "
          f"steady {st.steady_articles_per_s or 0:6.2f} art/s  first result {st.first_result_s or 0:5.1f} s  "
          f"worker peak RSS MiB: {', '.join(f'{r:.0f}' for r in rss)}", flush=True)
    words_per_art = words / max(1, st.analyzed)
    n = max(1, st.analyzed + st.failed)
    print(f"{'':<22} mean {words_per_art:.0f} words/article; steady {(st.steady_articles_per_s or 0) * words_per_art:,.0f} words/s; "
          f"CPU per article: workers {1000 * st.worker_cpu_s / n:.0f} ms, driver {1000 * st.driver_cpu_s / n:.0f} ms; "
          f"load average {os.getloadavg()[0]:.2f}", flush=True)
    return {"words_per_article": words_per_art, "e2e": st.articles_per_s, "steady": st.steady_articles_per_s or 0.0, "rss": rss, "failed": st.failed,
            "analyzed": st.analyzed}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=120, help="articles from the Syrian-war corpus")
    ap.add_argument("--chunk-size", type=int, default=4)
    ap.add_argument("--no-ray", action="store_true")
    ap.add_argument("--ray-only", action="store_true")
    ap.add_argument("--exclude", help="comma-separated analyzers to leave out (e.g. factcheck)")
    args = ap.parse_args()
    if args.exclude:
        EXCLUDE.extend(x.strip() for x in args.exclude.split(",") if x.strip())
    if not FAKES.exists():
        print(f"corpus not found: {FAKES}")
        return 1
    src = Path(tempfile.mkdtemp(prefix="nsbench-in-")) / "slice.jsonl"
    lines = FAKES.read_text(encoding="utf-8").splitlines()[: args.n]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from newsift.pipeline import select

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start; analyzers: "
          f"{', '.join(s.name for s in select(exclude=EXCLUDE))}; {len(lines)} articles, chunk size {args.chunk_size}")
    res = {}
    if not args.ray_only:
        res[1] = one_run(src, engine="local", workers=1, chunk_size=args.chunk_size, label="local, 1 worker")
        res[2] = one_run(src, engine="local", workers=2, chunk_size=args.chunk_size, label="local, 2 workers")
        res["2w"] = one_run(src, engine="local", workers=2, chunk_size=args.chunk_size, label="local, 2 w, worker-writes",
                            worker_writes=True)
        for kind in ("e2e", "steady"):
            if res[1][kind]:
                print(f"speed-up 2 vs 1 workers ({kind}): {res[2][kind] / res[1][kind]:.2f}x; with worker-side writes "
                      f"{res['2w'][kind] / res[1][kind]:.2f}x (goal >= 1.8)")
        per_core = res[1]["steady"]
        print(f"per-core steady throughput: {per_core:.2f} articles/s = {per_core * 3600:.0f} articles per core-hour "
              f"= {per_core * res[1]['words_per_article']:,.0f} words/s")
        nela = 1_778_361
        print(f"NELA-GT-2022 ({nela:,} articles) at this rate: {nela / per_core / 3600:,.1f} core-hours "
              f"(scale by NELA's mean article length / {res[1]['words_per_article']:.0f} words)")
    if not args.no_ray:
        try:
            import ray  # noqa: F401
        except ImportError:
            print('ray: not installed (pip install "newsift[ray]"); skipped')
        else:
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            r = one_run(src, engine="ray", workers=2, chunk_size=args.chunk_size, label="ray, 2 actors x 0.5 CPU", worker_writes=True)
            if 1 in res and res[1]["steady"]:
                print(f"ray vs local 1 worker (steady): {r['steady'] / res[1]['steady']:.2f}x")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    shutil.rmtree(src.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
