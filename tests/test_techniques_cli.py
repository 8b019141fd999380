"""``newsift techniques detect|classify`` and ``newsift eval techniques`` on files we wrote.

The article below is ours (PTC texts never ship); it follows the PTC layout: title, a
blank line, one sentence per line, so the official formats apply.
"""

from __future__ import annotations

import itertools
import json

import pytest

from newsift.cli import main
from newsift.errors import E

ARTICLE = (
    "Stop the invasion now!\n"
    "\n"
    "The corrupt regime and its thugs slaughtered innocent people.\n"
    "Officials said the meeting would take place on Tuesday.\n"
    "Stop the invasion now!\n"
)


def span(phrase: str, nth: int = 0) -> tuple[int, int]:
    s = -1
    for _ in range(nth + 1):
        s = ARTICLE.index(phrase, s + 1)
    return s, s + len(phrase)


@pytest.fixture()
def ptc_dir(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "article42.txt").write_text(ARTICLE, encoding="utf-8")
    s1, e1 = span("Stop the invasion now!")
    s2, e2 = span("The corrupt regime and its thugs slaughtered innocent people")
    s3, e3 = span("Stop the invasion now!", 1)
    (tmp_path / "gold.labels").write_text(
        f"42\tSlogans\t{s1}\t{e1}\n42\tLoaded_Language\t{s2}\t{e2}\n42\tName_Calling,Labeling\t{s2}\t{e2}\n42\tRepetition\t{s3}\t{e3}\n",
        encoding="utf-8",
    )
    (tmp_path / "template.out").write_text(
        f"42\t?\t{s1}\t{e1}\n42\t?\t{s2}\t{e2}\n42\t?\t{s2}\t{e2}\n42\t?\t{s3}\t{e3}\n", encoding="utf-8"
    )
    return tmp_path


def test_detect_writes_official_si_rows_without_overlaps(ptc_dir, capsys):
    assert main(["techniques", "detect", str(ptc_dir / "articles"), "--format", "si"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows and all(r[0] == "42" and len(r) == 3 for r in rows)
    spans = sorted((int(s), int(e)) for _, s, e in rows)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert any(s <= ARTICLE.index("thugs") < e for s, e in spans)


def test_detect_json_names_label_confidence_and_source(ptc_dir, capsys):
    assert main(["techniques", "detect", str(ptc_dir / "articles" / "article42.txt"), "--format", "json"]) == 0
    recs = json.loads(capsys.readouterr().out)
    assert {"article", "start", "end", "text", "label", "confidence", "source"} <= set(recs[0])
    for r in recs:
        assert ARTICLE[r["start"]:r["end"]] == r["text"]


def test_classify_answers_each_template_row_in_order(ptc_dir, capsys):
    assert main(["techniques", "classify", "--articles", str(ptc_dir / "articles"), "--spans", str(ptc_dir / "template.out")]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    template = [line.split("\t") for line in (ptc_dir / "template.out").read_text().splitlines()]
    assert [(r[0], r[2], r[3]) for r in rows] == [(t[0], t[2], t[3]) for t in template]
    assert rows[1][1] != rows[2][1]  # a span listed twice gets two different labels


def test_eval_prints_the_official_measures(ptc_dir, capsys):
    args = ["eval", "techniques", "--articles", str(ptc_dir / "articles"), "--labels", str(ptc_dir / "gold.labels"), "--format", "json"]
    assert main(args) == 0
    res = json.loads(capsys.readouterr().out)
    assert set(res) >= {"si", "tc", "span_label", "sentences_per_second"}
    assert 0.0 <= res["si"]["f1"] <= 1.0
    assert res["tc"]["n_gold"] == 4


def test_eval_without_labels_is_a_usage_error(ptc_dir, capsys):
    assert main(["eval", "techniques", "--articles", str(ptc_dir / "articles")]) == E.USAGE.exit_code
    assert "E001" in capsys.readouterr().err
