"""Self-contained HTML report (no external assets).

The web reader (``newsift serve``) uses the same page: the report JSON is embedded and the
page's script marks up the article from it.
"""

from __future__ import annotations

import html
import json

from newsift.schema import Report


def to_html(report: Report) -> str:
    data = report.model_dump_json()
    title = html.escape(report.article.title or "newsift report")
    rows = []
    for a in report.attributions:
        rows.append(
            f"<li><b>{html.escape(a.speaker_name or 'unresolved')}</b> ({html.escape(a.kind)}, “{html.escape(a.cue.text)}”): "
            f"{html.escape(' … '.join(c.text for c in a.content))}</li>"
        )
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{title}</title></head><body><h1>{title}</h1>"
        f"<pre style='white-space:pre-wrap'>{html.escape(report.article.text)}</pre>"
        f"<h2>Who says what</h2><ul>{''.join(rows)}</ul>"
        f"<script type=application/json id=report>{data.replace('</', '<\\/')}</script></body></html>\n"
    )


def report_json_for_script(report: Report) -> str:
    """Report JSON safe to embed inside a <script> element."""
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False).replace("</", "<\\/")
