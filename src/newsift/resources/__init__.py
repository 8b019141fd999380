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
