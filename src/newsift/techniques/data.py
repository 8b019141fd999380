"""Reading PTC (SemEval-2020 Task 11) articles and labels in the official formats.

Articles are read byte-exact (``newline=""``) because label offsets are Python ``str``
indices into exactly that string. The validation split is by article and derived from
a hash of the article id, so it is the same on every machine and in every run.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

_ARTICLE_RE = re.compile(r"article(\d+)")


@dataclass
class PTCArticle:
    """One article: its text, its sentences (one per non-empty line) and any gold spans."""

    id: str
    text: str
    tc: list[tuple[str, int, int]] = field(default_factory=list)  # (label, start, end)
    si: list[tuple[int, int]] = field(default_factory=list)  # (start, end)

    @property
    def sentences(self) -> list[tuple[int, int]]:
        return line_spans(self.text)


def line_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every non-blank line: PTC articles hold one sentence per line."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def article_id_of(path: Path) -> str:
    m = _ARTICLE_RE.search(path.name)
    if not m:
        raise ValueError(f"not a PTC file name: {path.name}")
    return m.group(1)


def read_articles(directory: Path) -> dict[str, str]:
    """``{article_id: text}`` for every ``article<ID>.txt`` in ``directory``."""
    out: dict[str, str] = {}
    for p in sorted(Path(directory).glob("article*.txt")):
        with open(p, encoding="utf-8", newline="") as f:
            out[article_id_of(p)] = f.read()
    return out


def _label_files(path: Path) -> list[Path]:
    path = Path(path)
    return sorted(path.glob("*.labels")) if path.is_dir() else [path]


def read_tc_labels(path: Path) -> dict[str, list[tuple[str, int, int]]]:
    """TC/FLC labels ``id<TAB>technique<TAB>start<TAB>end`` from a folder or one file."""
    out: dict[str, list[tuple[str, int, int]]] = {}
    for f in _label_files(path):
        if f.name.endswith(".labels") and path != f:
            out.setdefault(article_id_of(f), [])
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            aid, label, s, e = line.split("\t")[:4]
            out.setdefault(aid, []).append((label, int(s), int(e)))
    return out


def read_si_labels(path: Path) -> dict[str, list[tuple[int, int]]]:
    """SI labels ``id<TAB>start<TAB>end`` (a TC file is accepted too: its labels are dropped)."""
    out: dict[str, list[tuple[int, int]]] = {}
    for f in _label_files(path):
        if path != f:
            out.setdefault(article_id_of(f), [])
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            cols = line.split("\t")
            aid, s, e = (cols[0], cols[1], cols[2]) if len(cols) == 3 else (cols[0], cols[2], cols[3])
            out.setdefault(aid, []).append((int(s), int(e)))
    return out


def load_split(root: Path, split: str = "train") -> list[PTCArticle]:
    """Articles of ``root/<split>-articles`` with gold from ``<split>-labels-task-*`` where present."""
    root = Path(root)
    texts = read_articles(root / f"{split}-articles")
    tc_dir = root / f"{split}-labels-task-flc-tc"
    si_dir = root / f"{split}-labels-task-si"
    tc = read_tc_labels(tc_dir) if tc_dir.exists() else {}
    si = read_si_labels(si_dir) if si_dir.exists() else {}
    return [PTCArticle(aid, t, tc.get(aid, []), si.get(aid, [])) for aid, t in texts.items()]


def is_validation(article_id: str, fraction: float = 0.15) -> bool:
    """Deterministic article-level split: the same ids are held out on every machine."""
    h = int(hashlib.sha256(f"newsift-ptc-{article_id}".encode()).hexdigest()[:8], 16)
    return (h % 10_000) < fraction * 10_000


def train_val_split(articles: list[PTCArticle], fraction: float = 0.15) -> tuple[list[PTCArticle], list[PTCArticle]]:
    train = [a for a in articles if not is_validation(a.id, fraction)]
    val = [a for a in articles if is_validation(a.id, fraction)]
    return train, val


def write_tc_labels(path: Path, rows: list[tuple[str, str, int, int]]) -> None:
    """Write ``id, technique, start, end`` rows in the official TC format."""
    Path(path).write_text("".join(f"{a}\t{lab}\t{s}\t{e}\n" for a, lab, s, e in rows), encoding="utf-8")


def write_si_labels(path: Path, rows: list[tuple[str, int, int]]) -> None:
    Path(path).write_text("".join(f"{a}\t{s}\t{e}\n" for a, s, e in rows), encoding="utf-8")
