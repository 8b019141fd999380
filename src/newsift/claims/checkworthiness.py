"""The check-worthiness scorer: a linear model over hashed word and character n-grams.

Why linear and hashed: it is trained on the ClaimBuster debate sentences in seconds, scores
an article's sentences in about a millisecond, ships as two small sparse arrays (no
vocabulary file, no torch) and every score can be explained by the n-grams that pushed it
up. The featurizer here is shared by ``newsift train checkworthiness`` (which writes the
model) and the analyzer (which reads it), so the two can never drift apart.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsift.resources import data_path, verify_manifest

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

RESOURCE = "checkworthiness"
MODEL_FILE = "model.npz"
CONFIG_FILE = "config.json"

#: Featurizer settings; stored in config.json too, and checked at load time.
WORD_FEATURES = 2**18
CHAR_FEATURES = 2**18
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def normalize(text: str) -> str:
    """Fold typographic quotes and dashes so news text looks like the (ASCII) debate transcripts."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES)).strip()


@lru_cache(maxsize=1)
def vectorizers() -> tuple:
    """The word and character hashing vectorizers (stateless: nothing to ship)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    word = HashingVectorizer(
        n_features=WORD_FEATURES, ngram_range=WORD_NGRAMS, alternate_sign=False, norm=None, lowercase=True,
    )
    char = HashingVectorizer(
        n_features=CHAR_FEATURES, analyzer="char_wb", ngram_range=CHAR_NGRAMS, alternate_sign=False, norm=None,
        lowercase=True,
    )
    return word, char


def raw_features(texts: list[str]) -> csr_matrix:
    """Term counts: word n-grams in columns ``[0, WORD_FEATURES)``, char n-grams after them."""
    from scipy.sparse import hstack

    word, char = vectorizers()
    norm = [normalize(t) for t in texts]
    return hstack([word.transform(norm), char.transform(norm)]).tocsr()


def weight(counts: csr_matrix, idf: np.ndarray) -> csr_matrix:
    """Sublinear tf × idf, rows L2-normalized (what sklearn's TfidfTransformer does)."""
    from sklearn.preprocessing import normalize as l2

    x = counts.astype(np.float64).tocsr()
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]  # in place: x.multiply(idf) would broadcast 2^19 columns
    return l2(x, norm="l2", copy=False)


@dataclass(frozen=True)
class CheckworthinessModel:
    """Dense idf and coefficient vectors (unpacked from sparse storage) plus the intercept."""

    idf: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    card: dict

    def scores(self, texts: list[str]) -> np.ndarray:
        """Probability that each text is a check-worthy factual claim."""
        if not texts:
            return np.zeros(0)
        x = weight(raw_features(texts), self.idf)
        z = x @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def top_ngrams(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """The word n-grams of ``text`` that push its score up most, with their weights."""
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
        from sklearn.utils import murmurhash3_32

        word, _ = vectorizers()
        grams = word.build_analyzer()(normalize(text))
        out: dict[str, float] = {}
        for g in grams:
            if all(w in ENGLISH_STOP_WORDS for w in g.split()):
                continue  # "in", "by the" explain nothing to a reader
            idx = abs(murmurhash3_32(g, seed=0)) % WORD_FEATURES
            w = float(self.coef[idx] * self.idf[idx])
            if w > 0:
                out[g] = w
        return sorted(out.items(), key=lambda kv: -kv[1])[:k]


def save(directory: Path, idf: np.ndarray, coef: np.ndarray, intercept: float, threshold: float, card: dict) -> None:
    """Write the model sparsely: only features seen in training have weights.

    Unseen features all share one idf (sklearn's smoothed ``log((1+n)/1)+1``), stored as
    ``idf_unseen``, so the row norms at run time equal those at training time.
    """
    directory.mkdir(parents=True, exist_ok=True)
    nz = np.flatnonzero(coef)
    idf_unseen = float(np.max(idf))
    np.savez_compressed(
        directory / MODEL_FILE,
        index=nz.astype(np.int32),
        coef=coef[nz].astype(np.float32),
        idf=idf[nz].astype(np.float32),
        intercept=np.array([intercept], dtype=np.float64),
    )
    config = {
        "word_features": WORD_FEATURES, "char_features": CHAR_FEATURES,
        "word_ngrams": list(WORD_NGRAMS), "char_ngrams": list(CHAR_NGRAMS),
        "threshold": threshold, "idf_unseen": idf_unseen, **card,
    }
    (directory / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def load_from(directory: Path) -> CheckworthinessModel:
    config = json.loads((directory / CONFIG_FILE).read_text(encoding="utf-8"))
    if (config["word_features"], config["char_features"]) != (WORD_FEATURES, CHAR_FEATURES):
        raise ValueError("check-worthiness model was trained with other featurizer settings; retrain it")
    arrays = np.load(directory / MODEL_FILE)
    n = WORD_FEATURES + CHAR_FEATURES
    coef = np.zeros(n)
    idf = np.full(n, float(config["idf_unseen"]))
    coef[arrays["index"]] = arrays["coef"]
    idf[arrays["index"]] = arrays["idf"]
    return CheckworthinessModel(
        idf=idf, coef=coef, intercept=float(arrays["intercept"][0]), threshold=float(config["threshold"]), card=config,
    )


@lru_cache(maxsize=1)
def load_model() -> CheckworthinessModel:
    """The shipped model, integrity-checked against its MANIFEST.json (error E031 if corrupted)."""
    return load_from(verify_manifest(RESOURCE))


def model_dir() -> Path:
    return data_path(RESOURCE)


def logit(p: float) -> float:
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))
