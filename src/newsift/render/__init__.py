"""Renderers: ``Report`` → text (terminal), JSON, HTML. Renderers only read the report."""

from __future__ import annotations

from newsift.schema import Report


def render(report: Report, fmt: str, *, multi: bool = False) -> str:
    """Render one report. With ``multi`` JSON is one compact line (JSONL)."""
    if fmt == "json":
        from newsift.render.json_out import to_json

        return to_json(report, compact=multi) + "\n"
    if fmt == "html":
        from newsift.render.html import to_html

        return to_html(report)
    from newsift.render.text import to_text

    return to_text(report) + ("\n" if multi else "")
