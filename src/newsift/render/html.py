"""Self-contained HTML report: the web reader's page with its CSS and script inlined and the
report JSON embedded.

The reader (``newsift serve``, page ``/``) and this report share ONE template and ONE
script (``newsift/serve/static/``), so a report file and the live reader always show the
same view. The file needs no network: no CDN, no fonts, no external asset.
"""

from __future__ import annotations

import json
from functools import lru_cache

from newsift.schema import Report
from newsift.serve import STATIC_DIR

CSS_TAG = '<link rel="stylesheet" href="static/reader.css">'
JS_TAG = '<script src="static/reader.js"></script>'
DATA_TAG = '<script type="application/json" id="newsift-report">null</script>'


@lru_cache(maxsize=1)
def _template() -> tuple[str, str, str]:
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    css = (STATIC_DIR / "reader.css").read_text(encoding="utf-8")
    js = (STATIC_DIR / "reader.js").read_text(encoding="utf-8")
    for tag in (CSS_TAG, JS_TAG, DATA_TAG):
        if page.count(tag) != 1:  # the template and this module must agree
            raise RuntimeError(f"reader template lacks {tag!r}")
    if "</script" in js.lower() or "</style" in css.lower():
        raise RuntimeError("reader assets cannot be inlined: they contain a closing tag")
    return page, css, js


def report_json_for_script(report: Report) -> str:
    """Report JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` are escaped as
    JSON ``\\u`` escapes, so no article text can close the element or open a comment."""
    data = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def to_html(report: Report) -> str:
    """The report as one HTML file that opens offline in any browser."""
    page, css, js = _template()
    data_tag = DATA_TAG.replace(">null<", f">{report_json_for_script(report)}<")
    return (
        page.replace(CSS_TAG, f"<style>\n{css}</style>")
        .replace(JS_TAG, f"<script>\n{js}</script>")
        .replace(DATA_TAG, data_tag)
        .replace("<body>", '<body class="report-mode">', 1)
    )
