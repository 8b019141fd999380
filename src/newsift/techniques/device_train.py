"""Run the technique training on a bare machine that has torch but not newsift's dependencies.

``python3 src/newsift/techniques/device_train.py --data D --minilm M --out O [--sweep ...]``
trains (each sweep setting in turn), keeps the best by validation SI F1 + TC F1, and writes
its fp16 state in parts plus ``train_log.json`` to ``O``. ``newsift train techniques
--from-state O`` then exports, quantizes, re-validates and installs it. The package's
``__init__`` is bypassed so that pydantic, spaCy and friends are not needed there.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import types
from pathlib import Path

if __name__ == "__main__":
    _src = Path(__file__).resolve().parents[2]
    if "newsift" not in sys.modules:
        _pkg = types.ModuleType("newsift")
        _pkg.__path__ = [str(_src / "newsift")]  # type: ignore[attr-defined]
        sys.modules["newsift"] = _pkg


def main(argv: list[str] | None = None) -> int:
    from dataclasses import replace

    from newsift.techniques.trainer import TrainConfig, save_state_parts, train

    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--minilm", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--sweep", default="", help='";"-separated settings, e.g. "lr=1e-4,epochs=10;lr=5e-5"')
    ap.add_argument("--limit-articles", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--time-budget", type=float, default=1e9, help="stop starting new sweep runs after this many seconds")
    ap.add_argument("--save-each", action="store_true", help="keep every run (in out/runN/), e.g. for an ensemble")
    ap.add_argument("--hard-deadline", type=float, default=1e9, help="end the current run's epochs after this many seconds")
    args = ap.parse_args(argv)
    base = TrainConfig(limit_articles=args.limit_articles)
    if args.epochs:
        base = replace(base, epochs=args.epochs)
    settings = [s for s in args.sweep.split(";") if s.strip()] or [""]
    best = None
    t0 = time.time()
    summary = []
    for s in settings:
        if time.time() - t0 > args.time_budget:
            break
        kw = {}
        for item in filter(None, s.split(",")):
            k, v = item.split("=")
            kw[k.strip()] = type(getattr(base, k.strip()))(v)
        cfg = replace(base, **kw)
        print("=== run", kw, flush=True)
        res = train(cfg, args.data, args.minilm, log=lambda m: print(m, flush=True), deadline=t0 + args.hard_deadline)
        summary.append({"setting": kw, "best": res["best"], "seconds": res["train_seconds"]})
        if args.save_each:
            save_state_parts(res, args.out / f"run{len(summary)}")
            continue
        if best is None or res["best"]["si_f1"] + res["best"]["tc_f1"] > best["best"]["si_f1"] + best["best"]["tc_f1"]:
            best = res
            best["sweep"] = summary
            save_state_parts(best, args.out)  # after every run: a timeout still leaves the best so far
        else:
            best["sweep"] = summary
            (args.out / "sweep.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    pass
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
