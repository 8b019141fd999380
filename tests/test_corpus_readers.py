"""Corpus readers: every input format yields keyed records; unreadable records become error records.

The texts here are written for the tests (no corpus text ships in the repository).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from newsift.corpus.readers import count_records, read_inputs, record_key
from newsift.errors import NewsiftError

BODY = ("Officials in the northern province said on Tuesday that 14 people were killed when a bridge collapsed. "
        "The governor told reporters that rescue teams were still searching the river.")
HTML = f"""<!doctype html><html><head><title>Bridge collapse kills 14</title></head><body>
<nav>Home | World | Sport</nav><article><h1>Bridge collapse kills 14</h1>
<p>{BODY}</p><p>Residents said the bridge had been closed twice for repairs last year, according to local media.</p>
<p>The ministry of transport promised an inquiry and said engineers would inspect every bridge in the province.</p>
</article><footer>Copyright 2024</footer></body></html>"""


def _jsonl_lines() -> list[str]:
    return [
        json.dumps({"id": "a1", "outlet": "daily", "date": "2016-05-01", "title": "Bridge collapse", "text": BODY}),
        json.dumps({"id": "a2", "outlet": "weekly", "date": "2016-05-02", "title": "Bridge inquiry", "text": BODY + " An inquiry opened."}),
    ]


def test_jsonl_records_carry_metadata_and_stable_keys(tmp_path: Path) -> None:
    f = tmp_path / "a.jsonl"
    f.write_text("\n".join(_jsonl_lines()) + "\n", encoding="utf-8")
    recs = list(read_inputs([str(f)]))
    assert [r.meta["outlet"] for r in recs] == ["daily", "weekly"]
    assert recs[0].meta["published"] == "2016-05-01" and recs[0].meta["ext_id"] == "a1"
    assert recs[0].source == f"{f}:1" and recs[0].error is None
    assert [r.key for r in read_inputs([str(f)])] == [r.key for r in recs]  # same input, same keys
    assert recs[0].key != recs[1].key


def test_nela_style_field_names_are_understood(tmp_path: Path) -> None:
    f = tmp_path / "nela.jsonl"
    f.write_text(json.dumps({"id": "x", "source": "thenews", "published_utc": 1600000000, "title": "T", "content": BODY, "url": "https://thenews.example/a"}) + "\n")
    (rec,) = read_inputs([str(f)])
    assert rec.payload == BODY
    assert rec.meta["outlet"] == "thenews" and rec.meta["published"] == "2020-09-13" and rec.meta["url"].startswith("https://")


def test_bad_jsonl_lines_become_error_records_and_reading_goes_on(tmp_path: Path) -> None:
    lines = _jsonl_lines()
    f = tmp_path / "bad.jsonl"
    f.write_text("\n".join([lines[0], "{not json", json.dumps({"title": "no text"}), "[1, 2]", lines[1]]) + "\n")
    recs = list(read_inputs([str(f)]))
    assert len(recs) == 5
    good = [r for r in recs if r.error is None]
    bad = [r for r in recs if r.error]
    assert [r.meta["ext_id"] for r in good] == ["a1", "a2"]
    assert [r.source.rsplit(":", 1)[1] for r in bad] == ["2", "3", "4"]
    assert "invalid JSON" in bad[0].error and "no article text" in bad[1].error and bad[1].code == "E011"
    assert len({r.key for r in recs}) == 5  # error records are keyed too, so a re-run skips them


def test_csv_with_header_aliases_and_a_broken_row(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    with open(f, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ID", "Source", "Date", "Title", "Content"])
        w.writerow(["1", "daily", "2016-05-01", "Bridge", BODY])
        w.writerow(["2", "weekly", "2016-05-02", "Bridge", BODY, "extra cell"])
        w.writerow(["3", "weekly", "2016-05-03", "Empty", ""])
    recs = list(read_inputs([str(f)]))
    assert recs[0].error is None and recs[0].meta["outlet"] == "daily" and recs[0].payload == BODY
    assert "cells" in recs[1].error and recs[1].source.endswith(":3")
    assert recs[2].code == "E011"


def test_directory_of_txt_html_json_is_walked_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "one.txt").write_text("Bridge collapse\n\n" + BODY)
    (tmp_path / "sub" / "two.html").write_text(HTML)
    (tmp_path / "sub" / "three.json").write_text(json.dumps({"title": "T", "text": BODY}))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")  # not an article format: ignored
    recs = list(read_inputs([str(tmp_path)]))
    assert [Path(r.source).name for r in recs] == ["one.txt", "three.json", "two.html"]
    assert [r.kind for r in recs] == ["bytes", "text", "bytes"] and all(r.error is None for r in recs)
    assert recs[1].meta["title"] == "T"
    assert count_records([str(tmp_path)]) == 3


def test_json_file_with_a_list_of_articles_nela_style(tmp_path: Path) -> None:
    items = [{"id": "n1", "source": "outlet-a", "published": "2022-03-01", "title": "A", "content": BODY},
             {"id": "n2", "source": "outlet-a", "published": "2022-03-02", "title": "B"}]
    (tmp_path / "outlet-a.json").write_text(json.dumps(items))
    ok, bad = read_inputs([str(tmp_path / "outlet-a.json")])
    assert ok.meta["outlet"] == "outlet-a" and ok.source.endswith("outlet-a.json[0]")
    assert bad.code == "E011" and bad.source.endswith("[1]")


def test_gzip_of_each_format(tmp_path: Path) -> None:
    lines = "\n".join(_jsonl_lines()) + "\n"
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    buf = io.StringIO()
    csv.writer(buf).writerows([["title", "text"], ["Bridge", BODY]])
    (tmp_path / "b.csv.gz").write_bytes(gzip.compress(buf.getvalue().encode()))
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(BODY.encode()))
    (tmp_path / "d.html.gz").write_bytes(gzip.compress(HTML.encode()))
    recs = list(read_inputs([str(tmp_path)]))
    assert len(recs) == 5 and all(r.error is None for r in recs)
    assert recs[0].meta["outlet"] == "daily"  # from the gzipped JSONL
    assert recs[3].payload == BODY.encode()


def test_corrupt_gzip_is_an_error_record_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "broken.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (tmp_path / "ok.txt").write_text(BODY)
    recs = list(read_inputs([str(tmp_path)]))
    assert recs[0].error and "unreadable" in recs[0].error
    assert recs[-1].error is None


def _warc(path: Path, compress: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        w = WARCWriter(fh, gzip=compress)
        for url, status, ctype, body in [
            ("https://news.example/bridge", "200 OK", "text/html; charset=utf-8", HTML.encode()),
            ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG...."),
            ("https://news.example/gone", "404 Not Found", "text/html", b"<html>not found</html>"),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
        w.write_record(w.create_warc_record("https://news.example/bridge", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))


@pytest.mark.parametrize("compress", [False, True])
def test_warc_responses_become_html_records(tmp_path: Path, compress: bool) -> None:
    f = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    _warc(f, compress)
    recs = list(read_inputs([str(f)]))
    assert len(recs) == 2  # the image and the request record are skipped
    page, gone = recs
    assert page.error is None and page.meta["url"] == "https://news.example/bridge" and b"Bridge collapse" in page.payload
    assert gone.error == "HTTP status 404"


def test_missing_input_and_empty_directory_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(NewsiftError) as err:
        list(read_inputs([str(tmp_path / "nope.jsonl")]))
    assert err.value.code == "E010"
    (tmp_path / "empty").mkdir()
    with pytest.raises(NewsiftError) as err:
        list(read_inputs([str(tmp_path / "empty")]))
    assert err.value.code == "E016"


def test_key_covers_metadata() -> None:
    assert record_key(BODY, {"outlet": "a"}) != record_key(BODY, {"outlet": "b"})
    assert record_key(BODY, {"outlet": "a", "ext_id": "1"}) == record_key(BODY, {"outlet": "a", "ext_id": "2"})
