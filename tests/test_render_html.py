"""The self-contained HTML report (`newsift analyze --format html`): the reader's own page,
with its stylesheet and script inlined and the report embedded, safe for any article text."""

from __future__ import annotations

import json
import re

from newsift.render.html import to_html
from newsift.schema import Article, Report
from newsift.serve import STATIC_DIR
from reader_sample import sample_report


def embedded_report(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="newsift-report">(.*?)</script>', page, re.S)
    assert m, "no embedded report"
    return json.loads(m.group(1))


def test_report_page_is_the_reader_template_with_assets_inlined():
    page = to_html(sample_report())
    assert "static/reader.css" not in page and "static/reader.js" not in page
    assert (STATIC_DIR / "reader.js").read_text(encoding="utf-8") in page  # the same script, verbatim
    assert (STATIC_DIR / "reader.css").read_text(encoding="utf-8") in page
    assert '<body class="report-mode">' in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page.replace("https://example.invalid", ""))


def test_embedded_report_round_trips():
    report = sample_report()
    assert Report.model_validate(embedded_report(to_html(report))) == report


def test_article_text_cannot_break_out_of_the_script_element():
    text = 'Headline\n\nHe said "</script><script>alert(1)</script><!-- & -->" in a statement.'
    report = Report(article=Article(id="x", text=text))
    page = to_html(report)
    assert "<script>alert(1)" not in page
    assert embedded_report(page)["article"]["text"] == text
