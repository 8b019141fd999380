"""Resources: models and knowledge tables, loaded lazily, cached, integrity-checked.

Shipped files live in ``newsift/resources/data/<name>/``; each model directory has a
``MODEL_CARD.md`` (data, metrics, date, the command that rebuilt it) and its files are
listed with their sha256 in ``MANIFEST.json`` so a corrupted install fails loudly
(error E031) instead of giving quietly wrong findings.

Training and evaluation data is never shipped: :func:`shared_data_dir` finds
``../shared/data`` (or ``$NEWSIFT_SHARED_DATA``) at train/eval time.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from newsift.errors import E, NewsiftError

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(*parts: str) -> Path:
    """Path of a shipped resource file, ``newsift/resources/data/<parts...>``."""
    return DATA_DIR.joinpath(*parts)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=64)
def verify_sha256(path: Path, expected: str) -> Path:
    """Return ``path`` if its sha256 is ``expected``; else raise E031. Cached per process."""
    if not path.exists():
        raise NewsiftError(E.MODEL_MISSING, what=str(path), detail="file not found")
    got = sha256_file(path)
    if got != expected:
        raise NewsiftError(E.MODEL_INTEGRITY, what=str(path), got=got[:16], expected=expected[:16])
    return path


def verify_manifest(name: str) -> Path:
    """Check every file listed in ``data/<name>/MANIFEST.json``; return the directory."""
    directory = data_path(name)
    manifest = directory / "MANIFEST.json"
    if not manifest.exists():
        raise NewsiftError(E.MODEL_MISSING, what=f"resource {name!r}", detail=f"{manifest} missing")
    for fname, digest in json.loads(manifest.read_text(encoding="utf-8"))["files"].items():
        verify_sha256(directory / fname, digest)
    return directory


def write_manifest(directory: Path) -> None:
    """Write ``MANIFEST.json`` for every file in ``directory`` (used by training commands)."""
    files = {
        p.name: sha256_file(p)
        for p in sorted(directory.iterdir())
        if p.is_file() and p.name not in {"MANIFEST.json"}
    }
    (directory / "MANIFEST.json").write_text(json.dumps({"files": files}, indent=2) + "\n", encoding="utf-8")


def compute_threads() -> int:
    """Threads one process may use for model inference: ``$NEWSIFT_THREADS``, else all cores.

    One setting for every model, so a corpus worker (or a server) can give each process its
    share of the machine (the corpus pool sets it to ``--threads-per-worker``).
    """
    env = os.environ.get("NEWSIFT_THREADS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(os.cpu_count() or 1, 8))


def onnx_session(path: Path, threads: int | None = None):  # -> onnxruntime.InferenceSession
    """An onnxruntime CPU session as every newsift model uses it.

    Spinning is off: by default onnxruntime's idle threads busy-wait after each run, which on
    a 2-core machine steals the CPU from the spaCy parse that runs between model calls
    (measured: parse time +30% when the MiniLM analyzers ran beside it).
    """
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.intra_op_num_threads = threads or compute_threads()
    so.inter_op_num_threads = 1
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    so.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def shared_data_dir() -> Path:
    """``../shared/data`` next to the repository, or ``$NEWSIFT_SHARED_DATA``."""
    env = os.environ.get("NEWSIFT_SHARED_DATA")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent.parent / "shared" / "data"
        if (parent / "pyproject.toml").exists() and cand.exists():
            return cand
    return Path.cwd().parent / "shared" / "data"
