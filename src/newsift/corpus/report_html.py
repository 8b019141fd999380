"""A self-contained HTML report of outlet profiles: inline SVG charts, inline CSS, no CDN.

One file that opens offline and can be mailed: per-outlet comparison bars for each figure,
technique mix per outlet, and, when articles carry dates, monthly lines per outlet.
"""

from __future__ import annotations

from html import escape
from typing import Any

PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173"]

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:13px;margin:.5rem 0}th,td{padding:.25rem .5rem;border-bottom:1px solid #eee;text-align:right}
th:first-child,td:first-child{text-align:left}td.sp{text-align:left;font-size:12px;color:#555}
.note{color:#666;font-size:12px}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(500px,1fr));gap:1rem}
svg text{font:11px system-ui,sans-serif;fill:#333}.legend span{display:inline-block;margin-right:.8rem;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
"""


def _fmt(v: Any, pct: bool) -> str:
    if v is None:
        return "–"
    if pct:
        return f"{100 * v:.0f}%"
    return f"{v:.0f}" if float(v).is_integer() and abs(v) >= 10 else f"{v:.2f}"


def bar_chart(title: str, items: list[tuple[str, float | None]], *, pct: bool = False, width: int = 520) -> str:
    """Horizontal bars, one per outlet; missing values are drawn as 'n/a'."""
    row_h, label_w, pad = 18, 130, 6
    vals = [v for _, v in items if v is not None]
    vmax = max(vals) if vals else 1.0
    vmax = vmax or 1.0
    h = len(items) * row_h + 30
    bw = width - label_w - 60
    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{h}" viewBox="0 0 {width} {h}">',
             f'<text x="0" y="14" style="font-weight:600">{escape(title)}</text>']
    for i, (name, v) in enumerate(items):
        y = 24 + i * row_h
        parts.append(f'<text x="{label_w - pad}" y="{y + 12}" text-anchor="end">{escape(name[:22])}</text>')
        if v is None:
            parts.append(f'<text x="{label_w}" y="{y + 12}" fill="#999">n/a</text>')
            continue
        w = max(1.0, bw * v / vmax)
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row_h - 5}" fill="{PALETTE[i % len(PALETTE)]}"><title>{escape(name)}: {_fmt(v, pct)}</title></rect>')
        parts.append(f'<text x="{label_w + w + 4:.1f}" y="{y + 12}">{_fmt(v, pct)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def stacked_chart(title: str, rows: list[tuple[str, dict[str, float]]], labels: list[str], width: int = 1040) -> str:
    """Technique mix: one stacked bar per outlet, segments per label (rate per 1,000 words)."""
    row_h, label_w = 18, 130
    totals = [sum(d.values()) for _, d in rows]
    vmax = max(totals) if totals and max(totals) > 0 else 1.0
    h = len(rows) * row_h + 30
    bw = width - label_w - 60
    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{h}" viewBox="0 0 {width} {h}">',
             f'<text x="0" y="14" style="font-weight:600">{escape(title)}</text>']
    for i, (name, d) in enumerate(rows):
        y = 24 + i * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end">{escape(name[:22])}</text>')
        x = float(label_w)
        for j, lab in enumerate(labels):
            v = d.get(lab, 0.0)
            if v <= 0:
                continue
            w = bw * v / vmax
            parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 5}" fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(name)} · {escape(lab)}: {v:.2f}/1k words</title></rect>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 12}">{sum(d.values()):.2f}</text>')
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{PALETTE[j % len(PALETTE)]}"></i>{escape(lab)}</span>' for j, lab in enumerate(labels))
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def line_chart(title: str, series: dict[str, dict[str, float]], months: list[str], width: int = 1040, height: int = 260) -> str:
    """Monthly values per outlet: one polyline per outlet over a shared month axis."""
    left, bottom, top = 50, 40, 24
    vals = [v for s in series.values() for v in s.values() if v is not None]
    vmax = max(vals) if vals else 1.0
    vmax = vmax or 1.0
    n = max(1, len(months) - 1)
    pw, ph = width - left - 20, height - bottom - top

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + pw * i / n, top + ph * (1 - v / vmax)

    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f'<text x="0" y="14" style="font-weight:600">{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#999"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#999"/>',
             f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{vmax:.3g}</text>',
             f'<text x="{left - 4}" y="{top + ph}" text-anchor="end">0</text>']
    step = max(1, len(months) // 12)
    for i, m in enumerate(months):
        if i % step == 0:
            x, _ = xy(i, 0)
            parts.append(f'<text x="{x:.1f}" y="{top + ph + 14}" text-anchor="middle">{escape(m)}</text>')
    for j, (name, s) in enumerate(series.items()):
        pts = [(xy(i, s[m])) for i, m in enumerate(months) if s.get(m) is not None]
        color = PALETTE[j % len(PALETTE)]
        if len(pts) > 1:
            parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}"><title>{escape(name)}</title></polyline>')
        for x, y in pts:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{color}"/>')
    parts.append("</svg>")
    legend = "".join(f'<span><i style="background:{PALETTE[j % len(PALETTE)]}"></i>{escape(n)}</span>' for j, n in enumerate(series))
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def month_range(months: list[str]) -> list[str]:
    """Every month from the first to the last of ``months`` ('YYYY-MM'), so gaps show as gaps."""
    valid = [m for m in months if len(m) == 7 and m[:4].isdigit() and m[5:].isdigit()]
    if not valid:
        return months
    y, mo = int(valid[0][:4]), int(valid[0][5:])
    end = (int(valid[-1][:4]), int(valid[-1][5:]))
    out = []
    while (y, mo) <= end and len(out) < 600:
        out.append(f"{y:04d}-{mo:02d}")
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def render_profile_html(prof: dict[str, Any], *, title: str = "newsift — outlet profiles") -> str:
    ps = prof["profiles"]
    charts = [
        bar_chart("Articles", [(p["outlet"], float(p["articles"])) for p in ps]),
        bar_chart("Share of text in attributed speech", [(p["outlet"], p["attributed_share"]) for p in ps], pct=True),
        bar_chart("Persuasion techniques per 1,000 words", [(p["outlet"], p["technique_rate"]) for p in ps]),
        bar_chart("Evidence that is asserted only", [(p["outlet"], p["asserted_only_share"]) for p in ps], pct=True),
        bar_chart("Speaker balance (1 − HHI of attributions)", [(p["outlet"], p["speaker_balance"]) for p in ps]),
        bar_chart("Independent sources per article", [(p["outlet"], p["independent_sources"]) for p in ps]),
    ]
    labels = sorted({k for p in ps for k in p["technique_rates"]}, key=lambda k: -sum(p["technique_rates"].get(k, 0) for p in ps))
    mix = stacked_chart("Technique mix per outlet (per 1,000 words)", [(p["outlet"], p["technique_rates"]) for p in ps], labels) if labels else '<p class="note">No technique findings in this store.</p>'
    time_html = '<p class="note">No dated articles: no charts over time.</p>'
    if prof["over_time"]:
        months = month_range(sorted({r["month"] for r in prof["over_time"]}))
        top = [p["outlet"] for p in ps[:10]]
        art: dict[str, dict[str, float]] = {o: {} for o in top}
        rate: dict[str, dict[str, float]] = {o: {} for o in top}
        for r in prof["over_time"]:
            if r["outlet"] in art:
                art[r["outlet"]][r["month"]] = float(r["articles"])
                for m in months:  # a month without articles is a zero, not a gap
                    art[r["outlet"]].setdefault(m, 0.0)
                if r["technique_rate"] is not None:
                    rate[r["outlet"]][r["month"]] = r["technique_rate"]
        time_html = line_chart("Articles per month (10 largest outlets)", art, months)
        if any(rate.values()):
            time_html += line_chart("Techniques per 1,000 words, per month", rate, months)
    head = "<tr><th>outlet</th><th>articles</th><th>words</th><th>attributed</th><th>tech/1k</th><th>asserted-only</th><th>indep. src</th><th>balance</th><th>accused heard</th><th>dates</th><th>top speakers</th></tr>"
    body = "".join(
        f"<tr><td>{escape(p['outlet'])}</td><td>{p['articles']}</td><td>{p['words']}</td><td>{_fmt(p['attributed_share'], True)}</td>"
        f"<td>{_fmt(p['technique_rate'], False)}</td><td>{_fmt(p['asserted_only_share'], True)}</td><td>{_fmt(p['independent_sources'], False)}</td>"
        f"<td>{_fmt(p['speaker_balance'], False)}</td><td>{_fmt(p['accused_heard_share'], True)}</td>"
        f"<td style=white-space:nowrap>{escape(str(p['first_date'] or '–'))} … {escape(str(p['last_date'] or '–'))}</td>"
        f"<td class=sp>{escape('; '.join(s['name'] + ' (' + str(s['attributions']) + ')' for s in p['top_speakers']))}</td></tr>"
        for p in ps)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>{CSS}</style></head>
<body><h1>{escape(title)}</h1>
<p>{prof['articles']} articles · {prof['outlets']} outlets · {prof['words']} words · {prof['failures']} failed records ·
analyzers: {escape(', '.join(prof['analyzers']) or 'none')}</p>
<p class="note">Rates are per outlet over all its articles. “n/a”: the analyzer behind the figure did not run or found nothing to measure.
Speaker balance is 1 − the Herfindahl index of attributions across speakers, averaged over articles (0 = a single voice).</p>
<h2>Per-outlet comparison</h2><div class="grid">{"".join(f"<div>{c}</div>" for c in charts)}</div>
<h2>Technique mix</h2>{mix}
<h2>Over time</h2>{time_html}
<h2>Table</h2><table>{head}{body}</table>
<p class="note">Generated by newsift from the store {escape(prof['store'])}.</p>
</body></html>
"""
