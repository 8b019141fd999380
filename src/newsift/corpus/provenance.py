"""Claim provenance: the same claim across outlets, who had it first, who repeats it.

Units are the store's claims (when the claims analyzer ran) or, failing that, the
articles' sentences. Near-duplicates are found with MinHash LSH (``datasketch``) over word
3-gram shingles of the normalised text: numbers are kept, because "killed 12" and "killed
40" are different casualty claims. Candidate pairs from LSH are confirmed by their
estimated Jaccard similarity, then joined into stories (connected components).

``trace`` ranks units by *containment* of the query's shingles (a short claim inside a
longer sentence still matches); when the claim states numbers, a match must state them
too (a death toll is its number). It can add MiniLM embeddings (``--embeddings``) to catch
paraphrases that share few words.

Why MinHash first: it is cheap (no model), explainable (shared word sequences) and scales
sub-linearly with LSH; embeddings are the optional second net.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsift.corpus.store import Store

NUM_PERM = 64
SHINGLE = 3
_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_SENT = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])|\n+")


@dataclass
class Unit:
    key: str
    outlet: str
    published: str | None
    title: str | None
    text: str
    start: int | None = None


def normalise(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'").replace("'", ""))


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    toks = normalise(text)
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i:i + k]) for i in range(len(toks) - k + 1)}


def numbers(text: str) -> set[str]:
    """The numbers a text states (``320,000`` and ``320000`` alike): they identify a claim."""
    return {t.replace(",", "") for t in _WORD.findall(text) if t[0].isdigit()}


def split_sentences(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for m in [*list(_SENT.finditer(text)), None]:
        end = m.start() if m else len(text)
        seg = text[pos:end]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            out.append((pos + lead, seg.strip()))
        if m:
            pos = m.end()
    return out


def load_units(store: Store, *, unit: str = "auto", min_words: int = 8, max_words: int = 80, grep: str | None = None,
               min_checkworthiness: float = 0.0) -> tuple[str, list[Unit]]:
    """(unit kind used, units). ``auto``: claims when the store has any, else sentences."""
    con = store.connect()
    if unit == "auto":
        unit = "claims" if con.execute("SELECT count(*) FROM claims").fetchone()[0] else "sentences"
    pat = re.compile(grep, re.IGNORECASE) if grep else None
    units: list[Unit] = []
    if unit == "claims":
        rows = con.execute("""SELECT c.key, c.outlet, c.published, a.title, c.text, c.start FROM claims c
                              JOIN articles a USING (key) WHERE c.checkworthiness >= ? ORDER BY c.key, c.start""",
                           [min_checkworthiness]).fetchall()
        for key, outlet, pub, title, text, start in rows:
            if text and (not pat or pat.search(text)) and len(text.split()) >= min(min_words, 4):
                units.append(Unit(key, outlet, pub, title, text, start))
    else:
        rows = con.execute("""SELECT key, outlet, published, title, json_extract_string(report, '$.article.text')
                              FROM articles ORDER BY key""").fetchall()
        for key, outlet, pub, title, text in rows:
            for start, sent in split_sentences(text or ""):
                n = len(sent.split())
                if min_words <= n <= max_words and (not pat or pat.search(sent)):
                    units.append(Unit(key, outlet, pub, title, sent, start))
    return unit, units


def unit_embeddings(store: Store, kind: str, units: list[Unit]) -> np.ndarray:
    """MiniLM vectors of ``units``, cached in the store (keyed by its batches and the units)."""
    import hashlib

    from newsift.resources.encoder import encode

    h = hashlib.sha256(kind.encode())
    for u in units:
        h.update(u.key.encode())
        h.update(str(u.start).encode())
    path = store.root / "index" / f"emb-{kind}-{h.hexdigest()[:20]}.npy"
    if path.exists():
        m = np.load(path)
        if m.shape[0] == len(units):
            return m
    m = encode([u.text for u in units]).astype(np.float32)
    path.parent.mkdir(exist_ok=True)
    for old in path.parent.glob(f"emb-{kind}-*.npy"):  # one cache per unit kind
        old.unlink(missing_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, m)
    tmp.replace(path)
    return m


def minhashes(sets: list[set[str]]):
    from datasketch import MinHash

    return MinHash.bulk([[s.encode() for s in ss] for ss in sets], num_perm=NUM_PERM)


def _date_key(d: str | None) -> str:
    return d or "9999"


def stories(store: Store, *, threshold: float = 0.6, min_outlets: int = 2, unit: str = "auto", grep: str | None = None,
            limit: int = 20, min_words: int = 8) -> dict[str, Any]:
    """Clusters of near-duplicate units carried by at least ``min_outlets`` outlets, biggest first."""
    from datasketch import MinHashLSH

    kind, units = load_units(store, unit=unit, grep=grep, min_words=min_words)
    sets = [shingles(u.text) for u in units]
    keep = [i for i, s in enumerate(sets) if s]
    mhs = minhashes([sets[i] for i in keep]) if keep else []
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    parent = list(range(len(units)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for j, (i, mh) in enumerate(zip(keep, mhs, strict=True)):
        for other in lsh.query(mh):
            oi = keep[other]
            if units[oi].key == units[i].key:
                continue
            if mh.jaccard(mhs[other]) >= threshold:
                a, b = find(i), find(oi)
                if a != b:
                    parent[a] = b
        lsh.insert(j, mh)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in keep:
        groups[find(i)].append(i)
    out = []
    for members in groups.values():
        outlets = {units[i].outlet for i in members}
        if len(outlets) < min_outlets:
            continue
        out.append(_story(units, members))
    out.sort(key=lambda s: (-s["n_outlets"], -s["n_articles"], _date_key(s["first_date"])))
    return {"unit": kind, "units": len(units), "threshold": threshold, "stories_found": len(out), "stories": out[:limit]}


def _story(units: list[Unit], members: list[int]) -> dict[str, Any]:
    ms = sorted(members, key=lambda i: (_date_key(units[i].published), units[i].outlet))
    first = units[ms[0]]
    per_outlet: dict[str, dict[str, Any]] = {}
    for i in ms:
        u = units[i]
        o = per_outlet.setdefault(u.outlet, {"outlet": u.outlet, "first_date": u.published, "articles": set(), "example": u.text, "title": u.title})
        o["articles"].add(u.key)
    outlets = sorted(per_outlet.values(), key=lambda o: (_date_key(o["first_date"]), o["outlet"]))
    first_date = first.published
    return {
        "claim": first.text, "first_date": first_date, "first_outlets": sorted({o["outlet"] for o in outlets if o["first_date"] == first_date}) if first_date else [],
        "n_outlets": len(outlets), "n_articles": len({units[i].key for i in ms}),
        "outlets": [{"outlet": o["outlet"], "first_date": o["first_date"], "articles": len(o["articles"]), "example": o["example"], "title": o["title"]} for o in outlets],
    }


def trace(store: Store, claim: str, *, threshold: float = 0.5, unit: str = "auto", limit: int = 50, embeddings: bool = False,
          embed_threshold: float = 0.75) -> dict[str, Any]:
    """Where ``claim`` appears: matching units by date, its earliest appearance, outlets that repeat it."""
    kind, units = load_units(store, unit=unit, min_words=4)
    q = shingles(claim)
    q_nums = numbers(claim)
    scores: dict[int, tuple[float, str]] = {}
    if q:
        for i, u in enumerate(units):
            if q_nums and not q_nums <= numbers(u.text):  # a casualty claim is its number
                continue
            s = shingles(u.text)
            if not s:
                continue
            inter = len(q & s)
            if not inter:
                continue
            containment = inter / len(q)
            jacc = inter / len(q | s)
            score = max(containment, jacc)
            if score >= threshold:
                scores[i] = (score, f"shares {inter} of the claim's {len(q)} word 3-grams")
    if embeddings and units:
        from newsift.resources.encoder import encode

        qv = encode([claim])[0]
        sims = unit_embeddings(store, kind, units) @ qv
        for i in np.nonzero(sims >= embed_threshold)[0]:
            i = int(i)
            if q_nums and not q_nums <= numbers(units[i].text):
                continue
            sim = float(sims[i])
            if i not in scores or scores[i][0] < sim:
                scores[i] = (sim, f"MiniLM cosine {sim:.2f}")
    hits = sorted(scores, key=lambda i: (_date_key(units[i].published), -scores[i][0]))
    best_per_article: dict[str, int] = {}
    for i in hits:
        k = units[i].key
        if k not in best_per_article or scores[i][0] > scores[best_per_article[k]][0]:
            best_per_article[k] = i
    chosen = sorted(best_per_article.values(), key=lambda i: (_date_key(units[i].published), -scores[i][0]))
    matches = [{"date": units[i].published, "outlet": units[i].outlet, "score": round(scores[i][0], 3), "how": scores[i][1],
                "text": units[i].text, "title": units[i].title, "key": units[i].key} for i in chosen]
    outlets: dict[str, dict[str, Any]] = {}
    for mt in matches:
        o = outlets.setdefault(mt["outlet"], {"outlet": mt["outlet"], "first_date": mt["date"], "articles": 0})
        o["articles"] += 1
    first = matches[0] if matches else None
    return {"claim": claim, "unit": kind, "units": len(units), "threshold": threshold, "matches": matches[:limit], "n_matches": len(matches),
            "earliest": first, "outlets": sorted(outlets.values(), key=lambda o: (_date_key(o["first_date"]), o["outlet"]))}


def stories_text(res: dict[str, Any]) -> str:
    lines = [f"{res['stories_found']} stories carried by several outlets ({res['units']} {res['unit']}, Jaccard ≥ {res['threshold']})", ""]
    for n, s in enumerate(res["stories"], 1):
        first = f"first {s['first_date']} by {', '.join(s['first_outlets'])}" if s["first_date"] else "undated"
        lines.append(f"{n}. [{s['n_outlets']} outlets, {s['n_articles']} articles; {first}] {s['claim'][:220]}")
        for o in s["outlets"]:
            lines.append(f"     {o['first_date'] or '(no date)':<10}  {o['outlet']:<16} {o['articles']} article(s)")
        lines.append("")
    return "\n".join(lines) + "\n"


def trace_text(res: dict[str, Any]) -> str:
    lines = [f"claim: {res['claim']}", f"{res['n_matches']} matching article(s) among {res['units']} {res['unit']}"]
    if res["earliest"]:
        e = res["earliest"]
        lines.append(f"earliest: {e['date'] or '(no date)'} {e['outlet']}: {e['text'][:200]}")
        lines.append("outlets: " + ", ".join(f"{o['outlet']} ({o['first_date'] or 'no date'}, {o['articles']})" for o in res["outlets"]))
        lines.append("")
        for m in res["matches"]:
            lines.append(f"  {m['date'] or '(no date)':<10}  {m['outlet']:<16} {m['score']:.2f}  {m['text'][:160]}")
    return "\n".join(lines) + "\n"
