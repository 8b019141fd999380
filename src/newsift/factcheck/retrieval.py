"""Hybrid claim retrieval: BM25 for lexical recall, MiniLM for paraphrases, fused and re-ranked.

Why hybrid: fact-check titles such as EUvsDisinfo's are short, so a paraphrase often
shares two or three words with its case, and BM25 alone misses it (notes.md); MiniLM
cosine finds paraphrases but ranks near-synonymous cases loosely. Stage 1 takes the top
50 of each retriever; stage 2 re-scores that pool with ``cosine + w * BM25 / best BM25``
(``w`` shrinks for long queries, where incidental shared words would outvote meaning),
folds aliases before BM25 (ISIS = ISIL = Daesh = Islamic State, Kiev = Kyiv, US = USA =
America = Washington) and collapses records with the same normalised claim text
(EUvsDisinfo lists one message once per language) into one hit that lists the others in
``duplicates``. The weights were tuned on the ``dev`` split of
tests/data/factcheck_paraphrases.jsonl only; ``benchmarks/factcheck.py --ablation``
prints what each part adds on the ``test`` split.

Article-level matching (context windows, date prior) lives in
:mod:`newsift.factcheck.match`.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from newsift.factcheck.store import Record, Store

# -- weights, tuned on the "dev" split of tests/data/factcheck_paraphrases.jsonl only -----
W_BM25 = 0.15  # weight of BM25 (divided by the query's best BM25 score) added to the cosine
BM25_LONG_QUERY = 10  # queries with more distinct terms get W_BM25 * 10 / n_terms: in a long
# sentence, incidental shared words ("ministry", "said") would otherwise outvote the meaning
N_CANDIDATES = 50  # candidates from each retriever before re-ranking
METHOD = "hybrid: BM25 + MiniLM cosine (all-MiniLM-L6-v2), fused and re-ranked"

_STOP_TEXT = """a an the and or but if of to in on at by for with from as into about over under than then that this these those
    is are was were be been being has have had do does did will would shall should can could may might must it its it's
    he she they them their his her we our you your i me my not no nor so such too very just also only there here which who
    whom whose what when where why how all any both each few more most other some own same s t don now up down out off
    again further once said says say according us"""
STOP = frozenset(_STOP_TEXT.split())

# aliases folded before BM25 and name matching (lowercase word sequences → canonical token)
ALIASES: dict[str, str] = {
    "isis": "daesh", "isil": "daesh", "islamic state": "daesh", "daish": "daesh", "da'esh": "daesh",
    "united states": "usa", "america": "usa", "american": "usa",
    "americans": "usa", "washington": "usa", "usa": "usa",
    "united kingdom": "uk", "britain": "uk", "great britain": "uk", "british": "uk", "london": "uk", "uk": "uk",
    "russian": "russia", "russians": "russia", "moscow": "russia", "kremlin": "russia", "russia": "russia",
    "ukrainian": "ukraine", "ukrainians": "ukraine", "kyiv": "ukraine", "kiev": "ukraine",
    "syrian": "syria", "syrians": "syria", "damascus": "syria",
    "european union": "eu", "brussels": "eu", "europe": "europe", "european": "europe",
    "belarusian": "belarus", "belarusians": "belarus", "minsk": "belarus", "belarussians": "belarus",
    "lithuanian": "lithuania", "latvian": "latvia", "estonian": "estonia", "polish": "poland", "poles": "poland",
    "warsaw": "poland", "georgian": "georgia", "tbilisi": "georgia", "moldovan": "moldova", "chisinau": "moldova",
    "german": "germany", "berlin": "germany", "french": "france", "paris": "france", "swedish": "sweden",
    "finnish": "finland", "czech": "czech", "czechia": "czech", "chinese": "china", "beijing": "china",
    "turkish": "turkey", "ankara": "turkey", "iranian": "iran", "tehran": "iran", "israeli": "israel",
    "baltics": "baltic", "baltic states": "baltic", "donbass": "donbas", "chornobyl": "chernobyl",
    "euromaidan": "maidan", "covid": "coronavirus", "covid-19": "coronavirus", "covid19": "coronavirus",
    "corona": "coronavirus", "sars-cov-2": "coronavirus", "nazis": "nazi", "neo-nazis": "nazi", "neo-nazi": "nazi",
    "fascist": "fascism", "fascists": "fascism", "kiev's": "ukraine", "armenian": "armenia", "azerbaijani": "azerbaijan",
    "dutch": "netherlands", "holland": "netherlands", "italian": "italy", "romanian": "romania", "serbian": "serbia",
    "hungarian": "hungary", "norwegian": "norway", "danish": "denmark", "venezuelan": "venezuela",
    # kinds of evidence, which fact-check titles and articles name differently ("photos" / "images")
    "photo": "image", "photos": "image", "photograph": "image", "photographs": "image", "picture": "image",
    "pictures": "image", "images": "image", "snapshot": "image", "snapshots": "image", "footage": "video",
    "videos": "video", "clip": "video", "clips": "video",
}
# multi-word aliases, longest first, as regexes over lowercased text
_MULTI = sorted((k for k in ALIASES if " " in k or "." in k), key=len, reverse=True)
_MULTI_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in _MULTI) + r")(?=\W|$)")
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")
_NAME_CANON = frozenset(ALIASES.values())
_US = re.compile(r"(?<![\w.])U\.?S\.?(?:A\.?)?(?![\w])")  # canonical names are not stemmed

def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").replace("`", "'")
    return text.lower()


def _stem(w: str) -> str:
    """A light suffix stripper: enough to join 'attacks'/'attack', 'poisoned'/'poisoning'."""
    if len(w) <= 4 or w.isdigit():
        return w
    for suf in ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            if suf == "ies":
                w += "y"
            break
    return w


def terms(text: str) -> list[str]:
    """BM25 terms: folded, aliases canonicalised, stop words dropped, lightly stemmed."""
    text = _US.sub(" usa ", text)  # "US", "U.S.", "USA" (upper case only: "us" is a pronoun)
    t = _MULTI_RE.sub(lambda m: " " + ALIASES[m.group(1)] + " ", _fold(text))
    out = []
    for w in _WORD.findall(t):
        w = w.strip("'-").removesuffix("'s")
        if not w:
            continue
        w = ALIASES.get(w, w)
        if w in STOP or len(w) < 2:
            continue
        out.append(w if w in _NAME_CANON else _stem(w))
    return out


@dataclass
class Hit:
    """One ranked record for a query."""

    record: Record
    score: float
    cosine: float
    bm25: float
    rank: int
    method: str = METHOD
    duplicates: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        r = self.record
        return {
            "id": r.id, "title": r.title, "claim": r.claim, "verdict": r.verdict, "publisher": r.publisher,
            "url": r.url, "date": r.date, "score": round(self.score, 4), "rank": self.rank,
            "cosine": round(self.cosine, 4), "bm25": round(self.bm25, 4),
            "method": self.method, "duplicates": self.duplicates,
        }


class Index:
    """In-memory BM25 matrix + MiniLM matrix over a store's records."""

    def __init__(self, records: list[Record], vectors: np.ndarray, *, k1: float = 1.2, b: float = 0.75) -> None:
        t0 = time.perf_counter()
        self.records = records
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.by_id = {r.id: r for r in records}
        self.by_pos = {r.id: i for i, r in enumerate(records)}
        self.suffixed = np.array([bool(re.search(r"-\d+/?$", r.id)) for r in records], dtype=np.int8)
        self.dedup_key = [" ".join(terms(r.claim)) or r.claim.lower() for r in records]
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        lengths = np.zeros(len(records), dtype=np.float32)
        for i, r in enumerate(records):
            ts = terms(r.claim)
            lengths[i] = len(ts)
            counts: dict[int, int] = {}
            for t in ts:
                j = vocab.setdefault(t, len(vocab))
                counts[j] = counts.get(j, 0) + 1
            for j, c in counts.items():
                rows.append(i)
                cols.append(j)
                vals.append(c)
        self.vocab = vocab
        n = max(len(records), 1)
        tf = sparse.csr_matrix((np.array(vals, dtype=np.float32), (rows, cols)), shape=(len(records), len(vocab)))
        df = np.bincount(np.array(cols, dtype=np.int64), minlength=len(vocab)).astype(np.float32)
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        avg = float(lengths.mean()) if len(records) else 1.0
        norm = (k1 * (1 - b + b * lengths / max(avg, 1e-9))).astype(np.float32)
        tf = tf.tocoo()
        w = tf.data * (k1 + 1) / (tf.data + norm[tf.row]) * self.idf[tf.col]
        self.bm25 = sparse.csr_matrix((w.astype(np.float32), (tf.row, tf.col)), shape=tf.shape).T.tocsr()  # (V, n)
        self.build_seconds = time.perf_counter() - t0

    def __len__(self) -> int:
        return len(self.records)

    def _query_matrix(self, queries: list[str]) -> sparse.csr_matrix:
        rows, cols = [], []
        for i, q in enumerate(queries):
            for t in set(terms(q)):
                j = self.vocab.get(t)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        return sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(queries), len(self.vocab))
        )

    def search_many(self, queries: list[str], *, k: int = 5, qvecs: np.ndarray | None = None) -> list[list[Hit]]:
        """Top ``k`` hits per query, in query order (see the module docstring for the scoring)."""
        if not len(self.records) or not queries:
            return [[] for _ in queries]
        if qvecs is None:
            from newsift.resources.encoder import encode

            qvecs = encode(queries)
        cos_all = qvecs @ self.vectors.T  # (q, n)
        bm_all = (self._query_matrix(queries) @ self.bm25).toarray() if self.vocab else np.zeros_like(cos_all)
        qlen = [len(set(terms(q))) for q in queries]
        out: list[list[Hit]] = []
        ncand = min(N_CANDIDATES, len(self.records))
        for qi in range(len(queries)):
            cos, bm = cos_all[qi], bm_all[qi]
            cand = np.argpartition(-cos, ncand - 1)[:ncand]
            top_bm = float(bm.max())
            if top_bm > 0:
                cand = np.union1d(cand, np.argpartition(-bm, ncand - 1)[:ncand])
            bm_norm = bm[cand] / top_bm if top_bm > 0 else np.zeros(len(cand), dtype=np.float32)
            wb = W_BM25
            if BM25_LONG_QUERY and qlen[qi] > BM25_LONG_QUERY:
                wb = W_BM25 * BM25_LONG_QUERY / qlen[qi]
            score = cos[cand] + wb * bm_norm
            order = np.lexsort((self.suffixed[cand], -score))  # ties: canonical listing first
            hits: list[Hit] = []
            seen: dict[str, Hit] = {}
            for oi in order:
                d = int(cand[oi])
                key = self.dedup_key[d]
                if key in seen:
                    rep = seen[key]
                    if self.suffixed[self.by_pos[rep.record.id]] and not self.suffixed[d]:
                        # the canonical listing (no "-2" URL suffix) represents the group
                        rep.duplicates.append(rep.record.id)
                        rep.record = self.records[d]
                    else:
                        rep.duplicates.append(self.records[d].id)
                    continue
                if len(hits) >= k:
                    continue
                h = Hit(record=self.records[d], score=float(score[oi]), cosine=float(cos[d]), bm25=float(bm_norm[oi]),
                        rank=len(hits) + 1)
                seen[key] = h
                hits.append(h)
            out.append(hits)
        return out

    def expand(self, hit: Hit) -> list[dict]:
        """``hit`` as a record dict, followed by its same-text duplicates (same rank and score,
        ``duplicate_of`` set), so a reader of the list sees every case id the hit stands for."""
        head = {**hit.as_dict(), "duplicate_of": None}
        out = [head]
        for dup in hit.duplicates:
            r = self.by_id[dup]
            out.append({**head, "id": r.id, "title": r.title, "claim": r.claim, "verdict": r.verdict,
                        "publisher": r.publisher, "url": r.url, "date": r.date, "duplicates": [],
                        "duplicate_of": hit.record.id})
        return out

    def search(self, query: str, *, k: int = 5) -> list[Hit]:
        return self.search_many([query], k=k)[0]


_CACHE: dict[tuple[str, str], Index] = {}
_CACHE_LOCK = threading.Lock()


def load_index(path: Path) -> Index:
    """The index of the store at ``path``, built once per process and per store generation."""
    path = Path(path)
    with Store.open(path) as st:
        key = (str(path.resolve()), st.meta("generation") or "0")
        with _CACHE_LOCK:
            if key not in _CACHE:
                recs, vecs = st.all()
                _CACHE.clear()
                _CACHE[key] = Index(recs, vecs)
            return _CACHE[key]
