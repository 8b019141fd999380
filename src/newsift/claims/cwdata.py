"""Check-worthiness data: the ClaimBuster sentences, their fixed held-out split, the news set.

The split is by sentence text (duplicates, after folding case and punctuation, always land
on the same side), stratified by label, with a fixed seed: training and evaluation
recompute it identically, so ``newsift eval checkworthiness`` scores the shipped model on
exactly the sentences it never saw.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from newsift.errors import E, NewsiftError
from newsift.resources import shared_data_dir

SEED = 13
TEST_SIZE = 0.2


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    label: int


def claimbuster_path() -> Path:
    return shared_data_dir() / "checkworthiness" / "claimbuster" / "kfold_25ncs.csv"


def news_set_path() -> Path:
    """Our own news validation set (written and labelled by us; ships with the tests)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent / "tests" / "data" / "news_checkworthiness.jsonl"
        if cand.exists():
            return cand
    return Path.cwd() / "tests" / "data" / "news_checkworthiness.jsonl"


def load_claimbuster(path: Path | None = None) -> list[Example]:
    path = path or claimbuster_path()
    if not path.exists():
        raise NewsiftError(E.NOT_FOUND, path=str(path))
    with open(path, encoding="utf-8", newline="") as f:
        return [Example(r["sentence_id"], r["text"], int(r["label"])) for r in csv.DictReader(f)]


def load_jsonl(path: Path) -> list[Example]:
    if not path.exists():
        raise NewsiftError(E.NOT_FOUND, path=str(path))
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            obj = json.loads(line)
            out.append(Example(str(obj.get("id", i)), obj["text"], int(obj["label"])))
    return out


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def split(examples: list[Example], seed: int = SEED, test_size: float = TEST_SIZE) -> tuple[list[Example], list[Example]]:
    """(train, held-out): grouped by normalized text, stratified by the group's majority label."""
    from sklearn.model_selection import train_test_split

    groups: dict[str, list[Example]] = {}
    for ex in examples:
        groups.setdefault(_key(ex.text), []).append(ex)
    keys = sorted(groups)
    labels = [round(sum(e.label for e in groups[k]) / len(groups[k])) for k in keys]
    k_train, k_test = train_test_split(keys, test_size=test_size, random_state=seed, stratify=labels)
    train = [e for k in k_train for e in groups[k]]
    test = [e for k in k_test for e in groups[k]]
    return train, test


def metrics(labels: list[int], scores: list[float], threshold: float) -> dict[str, float]:
    """Average precision (threshold-free) and precision/recall/F1 at ``threshold``."""
    from sklearn.metrics import average_precision_score, precision_recall_fscore_support

    pred = [int(s >= threshold) for s in scores]
    p, r, f, _ = precision_recall_fscore_support(labels, pred, average="binary", zero_division=0)
    return {
        "n": len(labels), "positives": int(sum(labels)),
        "average_precision": round(float(average_precision_score(labels, scores)), 4),
        "precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4),
        "threshold": threshold,
    }
