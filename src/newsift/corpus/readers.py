"""Readers: inputs (directories, .txt/.html/.json, JSONL, CSV, WARC, gzip of any) → raw records.

Why raw records and not Articles: ingest (HTML extraction, structure, language detection) is
real work, so it runs in the workers, in parallel. The reader only does I/O and hashing, and
gives every record its **key**: the sha256 of its content and metadata. The key is what the
store uses to skip finished work on a re-run, so it must be computable before any analysis.

A record that cannot be read (bad JSON line, CSV row without text, a file that is not valid
gzip) comes out as a :class:`RawRecord` with ``error`` set: the run records it as a failure
and goes on.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsift.errors import E, NewsiftError

#: field names accepted for each Article field, in order of preference (FA-KES / news-corpus
#: use ``text``, ``outlet``, ``date``; NELA-GT uses ``content``, ``source``, ``published``).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "content", "body", "article", "maintext"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "source", "site", "domain", "publisher"),
    "published": ("date", "published", "published_date", "date_publish", "pubdate", "published_utc"),
    "url": ("url", "link", "source_url"),
    "ext_id": ("id", "article_id", "uid", "unit_id"),
}

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}
WARC_SUFFIXES = {".warc", ".arc"}
ALL_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | WARC_SUFFIXES


@dataclass
class RawRecord:
    """One input record, not yet ingested.

    ``kind`` says how a worker turns ``payload`` into an Article: ``text`` (plain text),
    ``bytes`` (file content: sniffed as HTML/JSON/text, encoding detected), ``html``
    (a WARC response body). ``error`` is set (and ``payload`` empty) when reading failed.
    """

    key: str
    source: str
    kind: str = "text"
    payload: str | bytes = ""
    meta: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    code: str | None = None


def record_key(payload: str | bytes, meta: dict[str, Any]) -> str:
    """sha256 over the payload and the metadata that changes what the article is."""
    h = hashlib.sha256()
    h.update(payload.encode("utf-8", "surrogatepass") if isinstance(payload, str) else payload)
    h.update(b"\x00")
    h.update(json.dumps({k: meta.get(k) for k in ("title", "outlet", "published", "url")}, sort_keys=True).encode())
    return h.hexdigest()


def _error(source: str, reason: str, code: str = "E017", raw: bytes | str = b"") -> RawRecord:
    raw_b = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    key = hashlib.sha256(b"error\x00" + source.encode() + b"\x00" + raw_b).hexdigest()
    return RawRecord(key=key, source=source, error=reason, code=code)


def _pick(obj: dict[str, Any], name: str) -> Any:
    for alias in FIELD_ALIASES[name]:
        v = obj.get(alias)
        if v not in (None, ""):
            return v
    return None


def record_from_mapping(obj: Any, source: str, raw: bytes | str = b"") -> RawRecord:
    """A JSON object or CSV row → a record (error record when there is no text)."""
    if not isinstance(obj, dict):
        return _error(source, f"expected a JSON object, got {type(obj).__name__}", raw=raw)
    text = _pick(obj, "text")
    if not isinstance(text, str) or not text.strip():
        return _error(source, 'no article text (fields tried: "' + '", "'.join(FIELD_ALIASES["text"]) + '")', code="E011", raw=raw)
    meta: dict[str, Any] = {}
    for name in ("title", "outlet", "published", "url", "ext_id"):
        v = _pick(obj, name)
        if v is not None:
            meta[name] = str(v)
    if meta.get("published"):
        meta["published"] = normalise_date(meta["published"])
    return RawRecord(key=record_key(text, meta), source=source, kind="text", payload=text, meta=meta)


def normalise_date(value: str) -> str | None:
    """ISO date (YYYY-MM-DD) from the usual forms; unix seconds too (NELA ``published_utc``)."""
    v = str(value).strip()
    if not v:
        return None
    if v.isdigit() and len(v) >= 9:
        from datetime import UTC, datetime

        return datetime.fromtimestamp(int(v), tz=UTC).date().isoformat()
    if len(v) >= 10 and v[4] == "-" and v[7] == "-":
        return v[:10]
    try:
        from htmldate.validators import convert_date  # type: ignore[import-untyped]

        out = convert_date(v, "%Y-%m-%d", "%Y-%m-%d")
        if out:
            return out
    except Exception:
        pass
    return v


def _open_maybe_gz(path: Path) -> io.BufferedIOBase:
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _inner_suffix(path: Path) -> str:
    """``a.jsonl.gz`` → ``.jsonl``; ``a.warc.gz`` → ``.warc``; ``a.html`` → ``.html``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def read_jsonl(path: Path) -> Iterator[RawRecord]:
    with _open_maybe_gz(path) as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            src = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as err:
                yield _error(src, f"invalid JSON line: {err}", raw=line)
                continue
            yield record_from_mapping(obj, src, raw=line)


def read_json(path: Path) -> Iterator[RawRecord]:
    """A .json file: one article object, or a list of them (NELA-GT ships one list per outlet)."""
    with _open_maybe_gz(path) as fh:
        data = fh.read()
    try:
        obj = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        yield _error(str(path), f"invalid JSON: {err}", raw=data)
        return
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield record_from_mapping(item, f"{path}[{i}]", raw=json.dumps(item, sort_keys=True, default=str))
    else:
        yield record_from_mapping(obj, str(path), raw=data)


def read_csv(path: Path) -> Iterator[RawRecord]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    delimiter = "\t" if _inner_suffix(path) == ".tsv" else ","
    with _open_maybe_gz(path) as fh:
        text = io.TextIOWrapper(fh, encoding="utf-8", errors="replace", newline="")
        reader = csv.DictReader(text, delimiter=delimiter)
        try:
            for rowno, row in enumerate(reader, 2):
                src = f"{path}:{rowno}"
                if None in row:  # more cells than header columns
                    yield _error(src, f"CSV row has {len(row) - 1 + len(row[None])} cells, header has {len(reader.fieldnames or [])}", raw=str(row))
                    continue
                yield record_from_mapping({k.strip().lower(): v for k, v in row.items() if k}, src, raw=str(row))
        except csv.Error as err:
            yield _error(f"{path}:{reader.line_num}", f"unreadable CSV: {err}")


def read_warc(path: Path) -> Iterator[RawRecord]:
    """HTML responses (and ``resource`` records) of a WARC / WARC.gz file."""
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        try:
            for n, rec in enumerate(ArchiveIterator(fh), 1):
                if rec.rec_type not in ("response", "resource"):
                    continue
                url = rec.rec_headers.get_header("WARC-Target-URI")
                if rec.rec_type == "response":
                    if rec.http_headers is None:
                        continue
                    status = rec.http_headers.get_statuscode()
                    ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
                else:
                    status = "200"
                    ctype = (rec.rec_headers.get_header("Content-Type") or "").lower()
                if ctype and not any(t in ctype for t in ("html", "text/plain", "xml")):
                    continue
                src = f"{path}#{n}:{url}"
                if status and not str(status).startswith("2"):
                    yield _error(src, f"HTTP status {status}", code="E020", raw=f"{url}{status}")
                    continue
                body = rec.content_stream().read()
                meta = {"url": url} if url else {}
                yield RawRecord(key=record_key(body, meta), source=src, kind="bytes", payload=body, meta=meta)
        except Exception as err:  # truncated or corrupt archive: keep what was read
            yield _error(str(path), f"unreadable WARC: {type(err).__name__}: {err}", code="E012")


def read_file(path: Path) -> Iterator[RawRecord]:
    """Records of one file, by its (inner) suffix; a whole .txt/.html/.json file is one article."""
    suffix = _inner_suffix(path)
    try:
        if suffix in JSONL_SUFFIXES:
            yield from read_jsonl(path)
        elif suffix in CSV_SUFFIXES:
            yield from read_csv(path)
        elif suffix in WARC_SUFFIXES:
            yield from read_warc(path)
        elif suffix in JSON_SUFFIXES:
            yield from read_json(path)
        else:
            with _open_maybe_gz(path) as fh:
                data = fh.read()
            meta: dict[str, Any] = {}
            yield RawRecord(key=record_key(data, meta), source=str(path), kind="bytes", payload=data, meta=meta)
    except (OSError, EOFError, gzip.BadGzipFile) as err:
        yield _error(str(path), f"unreadable file: {type(err).__name__}: {err}", code="E012")


def expand(inputs: Iterable[str]) -> Iterator[Path]:
    """Files as given; directories walked recursively (sorted) for supported suffixes."""
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = False
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    f = Path(root) / name
                    if _inner_suffix(f) in ALL_SUFFIXES and not name.startswith("."):
                        found = True
                        yield f
            if not found:
                raise NewsiftError(E.EMPTY_DIR, path=str(p))
        elif p.is_file():
            yield p
        else:
            raise NewsiftError(E.NOT_FOUND, path=item)


def read_inputs(inputs: Iterable[str]) -> Iterator[RawRecord]:
    """Every record of every input, in a stable order (so re-runs see the same sequence)."""
    for path in expand(inputs):
        yield from read_file(path)


def count_records(inputs: Iterable[str], limit_bytes: int = 2_000_000_000) -> int | None:
    """A cheap count for the progress bar's ETA (lines of JSONL, files), or None when unknown."""
    total = 0
    seen = 0
    for path in expand(inputs):
        suffix = _inner_suffix(path)
        if suffix in JSONL_SUFFIXES and path.suffix.lower() != ".gz":
            seen += path.stat().st_size
            if seen > limit_bytes:
                return None
            with open(path, "rb") as fh:
                total += sum(1 for line in fh if line.strip())
        elif suffix in CSV_SUFFIXES or suffix in WARC_SUFFIXES or suffix in JSONL_SUFFIXES:
            return None
        elif suffix in JSON_SUFFIXES and path.suffix.lower() != ".gz":
            with open(path, "rb") as fh:
                head = fh.read(64).lstrip()
            if head.startswith(b"["):
                seen += path.stat().st_size
                if seen > limit_bytes:
                    return None
                try:
                    total += len(json.loads(path.read_bytes()))
                except (json.JSONDecodeError, TypeError, UnicodeDecodeError):
                    total += 1
            else:
                total += 1
        else:
            total += 1
    return total
