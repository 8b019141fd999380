"""Importers: schema.org ClaimReview (JSON / JSON-LD) and EUvsDisinfo-layout CSV → records.

ClaimReview comes in many wrappers in the wild, all accepted here: a single object, a
list, a JSON-LD ``@graph``, an ``ItemList``/``DataFeed`` (``itemListElement`` /
``dataFeedElement``, as in Google's ClaimReview feed), the Google Fact Check Tools API
answer (``{"claims": [{"text", "claimReview": [...]}]}``), JSON Lines, and HTML pages
with ``<script type="application/ld+json">`` blocks. A record needs a claim text
(``claimReviewed``); entries without one are skipped and counted, never guessed.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsift.errors import E, NewsiftError
from newsift.factcheck.store import Record

EUVS_PUBLISHER = "EUvsDisinfo (EEAS East StratCom Task Force)"
EUVS_VERDICT = "Disinformation"
EUVS_COLUMNS = {"date", "id", "title"}


def load_file(path: Path, *, fmt: str = "auto") -> tuple[list[Record], int]:
    """Records in ``path`` and the number of entries skipped (no claim text).

    ``fmt``: ``auto`` (by suffix and content), ``claimreview`` or ``csv``.
    """
    path = Path(path)
    if not path.exists():
        raise NewsiftError(E.NOT_FOUND, path=str(path))
    raw = path.read_bytes()
    if not raw.strip():
        raise NewsiftError(E.EMPTY, what=str(path))
    text = raw.decode("utf-8-sig", errors="replace")
    if fmt == "auto":
        fmt = "csv" if path.suffix.lower() in {".csv", ".tsv"} else "claimreview"
    if fmt == "csv":
        return euvsdisinfo_csv(text, origin=path.name)
    if fmt != "claimreview":
        raise NewsiftError(E.USAGE, detail=f"unknown format {fmt!r} (auto, claimreview, csv)")
    return claimreview(text, origin=path.name, what=str(path))


# -- EUvsDisinfo CSV ---------------------------------------------------------------------
def _split(v: str | None) -> list[str]:
    return [p.strip() for p in (v or "").split("+") if p.strip() and p.strip() != "Show more"]


def euvsdisinfo_csv(text: str, *, origin: str = "") -> tuple[list[Record], int]:
    """Rows of the EUvsDisinfo case index (``date,id,title,countries,keywords,languages,outlets``).

    Every case is a debunk, so the verdict is the constant "Disinformation"; ``date`` is
    the date of the disinforming message, not of the debunk.
    """
    reader = csv.DictReader(text.splitlines())
    cols = set(reader.fieldnames or [])
    if not cols >= EUVS_COLUMNS:
        raise NewsiftError(E.FACTCHECK_FORMAT, what=origin or "CSV", detail=f"CSV needs columns {sorted(EUVS_COLUMNS)}, has {sorted(cols)}")
    out: list[Record] = []
    skipped = 0
    for row in reader:
        title = (row.get("title") or "").strip()
        rid = (row.get("id") or "").strip()
        if not title or not rid:
            skipped += 1
            continue
        out.append(
            Record(
                id=rid,
                claim=title,
                title=title,
                verdict=EUVS_VERDICT,
                publisher=EUVS_PUBLISHER,
                url=rid if rid.startswith("http") else None,
                date=(row.get("date") or "").strip() or None,
                language=None,
                origin=origin,
                extra={
                    "countries": _split(row.get("countries")),
                    "keywords": _split(row.get("keywords")),
                    "languages": _split(row.get("languages")),
                    "outlets": _split(row.get("outlets")),
                    "date_meaning": "date of the disinforming message (not of the debunk)",
                },
            )
        )
    return out, skipped


# -- ClaimReview -------------------------------------------------------------------------
_LDJSON = re.compile(r"<script[^>]*type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>", re.I | re.S)


def _json_docs(text: str, what: str) -> list[Any]:
    stripped = text.lstrip()
    if stripped.startswith("<"):
        blocks = _LDJSON.findall(text)
        if not blocks:
            raise NewsiftError(E.FACTCHECK_FORMAT, what=what, detail="HTML without application/ld+json blocks")
        return [json.loads(html.unescape(b) if "&quot;" in b else b) for b in blocks]
    try:
        return [json.loads(text)]
    except json.JSONDecodeError as first:
        docs = []
        for i, line in enumerate(text.splitlines(), 1):  # JSON Lines
            if line.strip():
                try:
                    docs.append(json.loads(line))
                except json.JSONDecodeError:
                    raise NewsiftError(E.FACTCHECK_FORMAT, what=what, detail=f"line {i}: {first.msg}") from first
        return docs


def _walk(node: Any, inherited_claim: str | None = None) -> Iterator[tuple[dict, str | None]]:
    """Yield (ClaimReview dict, claim text from an enclosing Fact Check Tools 'claim')."""
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, inherited_claim)
        return
    if not isinstance(node, dict):
        return
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    if "ClaimReview" in types:
        yield node, inherited_claim
        return
    if "claimReview" in node and isinstance(node.get("claimReview"), list):  # Fact Check Tools API claim
        for review in node["claimReview"]:  # its reviews carry no @type
            if isinstance(review, dict):
                yield review, node.get("text") or inherited_claim
        return
    for key in ("@graph", "itemListElement", "dataFeedElement", "claims", "item", "mainEntity", "hasPart"):
        if key in node:
            yield from _walk(node[key], inherited_claim)


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, dict):
        return _text(v.get("name") or v.get("@id") or v.get("url"))
    if isinstance(v, list):
        return _text(v[0]) if v else None
    s = " ".join(str(v).split())
    return s or None


def _verdict(review: dict) -> str:
    rating = review.get("reviewRating") or review.get("textualRating")
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    if isinstance(rating, dict):
        alt = _text(rating.get("alternateName")) or _text(rating.get("name"))
        if alt:
            return alt
        if rating.get("ratingValue") is not None:
            best = rating.get("bestRating")
            return f"{rating['ratingValue']}/{best}" if best is not None else str(rating["ratingValue"])
    if isinstance(rating, str) and rating.strip():
        return rating.strip()
    return _text(review.get("textualRating")) or "unrated"


def claimreview(text: str, *, origin: str = "", what: str = "JSON") -> tuple[list[Record], int]:
    """ClaimReview objects found anywhere in the JSON / JSON-LD / HTML ``text``."""
    try:
        docs = _json_docs(text, what)
    except json.JSONDecodeError as exc:
        raise NewsiftError(E.FACTCHECK_FORMAT, what=what, detail=exc.msg) from exc
    out: list[Record] = []
    skipped = 0
    found = 0
    for review, inherited in _walk(docs):
        found += 1
        claim = _text(review.get("claimReviewed")) or _text(inherited)
        if not claim:
            item = review.get("itemReviewed")
            if isinstance(item, dict):
                claim = _text(item.get("text")) or _text(item.get("name"))
        if not claim:
            skipped += 1
            continue
        url = _text(review.get("url"))
        if url and not isinstance(review.get("url"), str):
            url = None
        publisher = _text(review.get("author")) or _text(review.get("publisher")) or "unknown publisher"
        rid = _text(review.get("@id")) or url or "claimreview:" + hashlib.sha256(
            json.dumps(review, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()[:16]
        date = _text(review.get("datePublished")) or _text(review.get("reviewDate")) or _text(review.get("dateCreated"))
        item = review.get("itemReviewed") if isinstance(review.get("itemReviewed"), dict) else {}
        out.append(
            Record(
                id=rid,
                claim=claim,
                title=_text(review.get("headline")) or _text(review.get("name")) or claim,
                verdict=_verdict(review),
                publisher=publisher,
                url=url,
                date=date[:10] if date else None,
                language=_text(review.get("inLanguage")),
                origin=origin,
                extra={
                    k: v
                    for k, v in {
                        "claim_author": _text(item.get("author")),
                        "claim_date": _text(item.get("datePublished")),
                        "claim_appearance": _text(item.get("appearance")),
                    }.items()
                    if v
                },
            )
        )
    if not found:
        raise NewsiftError(E.FACTCHECK_FORMAT, what=what, detail="no ClaimReview object found (@type ClaimReview)")
    return out, skipped
