"""Load benchmark of ``newsift serve``: N requests at concurrency C against a local server.

Starts ``python -m newsift serve`` on 127.0.0.1 on a free port in a subprocess (models
warmed at start-up), waits for /v1/health, then POSTs the canonical fixture article (or a
built-in text when ../shared is absent) to /v1/analyze. Prints p50/p95/max latency, the
error count, throughput, and as a reference the in-process time of one analysis measured in
this run (so the server's overhead reads as a ratio). Goal: 0 errors, p95 <= 3 x p50.

    .venv/bin/python benchmarks/load.py [--requests 200] [--concurrency 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT.parent / "shared" / "fixtures" / "sana-2017-abu-kamal.txt"
FALLBACK = (
    "Talks to resume next week\n\n"
    "The foreign minister said on Monday that talks would resume next week, according to a statement. "
    "“We are ready,” she told reporters, adding that the other side had “agreed in principle.”"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    xs = sorted(values)
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def start_server(port: int, workers: int, queue: int) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "newsift", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers), "--queue", str(queue), "--log-level", "warning"]
    return subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            health = httpx.get(base + "/v1/health", timeout=2).json()
            if health.get("ready"):
                return health
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("server did not become ready")


async def run_load(base: str, text: str, n: int, concurrency: int) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    todo = iter(range(n))

    async def worker(client: httpx.AsyncClient) -> None:
        for _ in todo:
            t0 = time.perf_counter()
            try:
                resp = await client.post("/v1/analyze", json={"text": text})
                if resp.status_code != 200:
                    errors.append(f"HTTP {resp.status_code} {resp.text[:120]}")
                    continue
                resp.json()
            except httpx.HTTPError as err:
                errors.append(type(err).__name__)
                continue
            latencies.append(time.perf_counter() - t0)
            done = len(latencies) + len(errors)
            if done % 50 == 0:
                print(f"  {done}/{n} done", file=sys.stderr, flush=True)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return latencies, errors, wall


def in_process_reference(text: str, repeats: int = 5) -> float:
    """Median seconds of one in-process analysis (models already loaded): the floor."""
    import newsift

    newsift.analyze(text)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        newsift.analyze(text)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2, help="server analysis threads")
    ap.add_argument("--queue", type=int, default=32)
    args = ap.parse_args()

    text = FIXTURE.read_text(encoding="utf-8") if FIXTURE.exists() else FALLBACK
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(port, args.workers, args.queue)
    try:
        health = wait_ready(base, proc)
        latencies, errors, wall = asyncio.run(run_load(base, text, args.requests, args.concurrency))
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    ref = in_process_reference(text)

    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    print(f"article: {'fixture ' + FIXTURE.name if FIXTURE.exists() else 'built-in text'} ({len(text)} chars)")
    print(f"server: workers={args.workers} queue={args.queue}; warm-up at start-up {health.get('warmup_seconds')} s")
    print(f"requests: {args.requests} at concurrency {args.concurrency}; ok {len(latencies)}, errors {len(errors)}")
    if errors:
        print("  first errors:", "; ".join(errors[:3]))
    if latencies:
        print(f"latency: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; "
              f"p95/p50 = {p95 / p50:.2f} (goal <= 3)")
        print(f"throughput: {len(latencies) / wall:.1f} req/s over {wall:.1f} s")
        print(f"reference: one in-process analysis {ref * 1000:.0f} ms; "
              f"server throughput x one-analysis time = {len(latencies) / wall * ref:.2f} "
              f"(1.0 = the server is as fast as analysing back to back in one process)")
    ok = not errors and latencies and p95 <= 3 * p50
    print("goal met" if ok else "goal NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
