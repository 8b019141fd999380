"""Outlet profiles: how each outlet sources, persuades and backs its claims, across a store.

Every figure is a ratio over the outlet's articles, so outlets of different sizes compare:

* ``attributed_share``: characters inside attributed content / all characters.
* ``technique_rate``: persuasion-technique spans per 1,000 words (total and per label).
* ``asserted_only_share``: evidence items whose status is ``asserted-only`` / all evidence.
* sourcing balance: ``speaker_balance`` = mean over articles of 1 − HHI of attributions
  across speakers (0: one voice; toward 1: many voices evenly), ``independent_sources``
  (mean per article), ``accused_heard_share`` (accused parties who speak for themselves),
  ``outlet_voice_share`` (text in the outlet's own voice).
* ``top_speakers``: the most quoted speakers with their attribution counts.

A figure is ``None`` when the analyzer behind it did not run (e.g. no evidence rows).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from newsift.corpus.store import Store

MASKED = 0.02


def _rows(con, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cur = con.execute(sql, params or [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _r(x: Any, n: int = 4) -> Any:
    return None if x is None else round(float(x), n)


def build_profile(store: Store, *, outlets: list[str] | None = None, min_articles: int = 1, top_speakers: int = 5) -> dict[str, Any]:
    """Profiles per outlet, totals, and monthly figures (when dates exist), as plain data."""
    con = store.connect()
    where = ""
    params: list[Any] = []
    if outlets:
        where = "WHERE outlet IN (" + ",".join("?" for _ in outlets) + ")"
        params = list(outlets)
    base = _rows(con, f"""
        SELECT outlet, count(*) AS articles, sum(n_words) AS words, sum(n_chars) AS chars,
               sum(attributed_chars) / nullif(sum(n_chars), 0) AS attributed_share,
               avg(independent_sources) AS independent_sources, avg(outlet_voice_share) AS outlet_voice_share,
               sum(accused_heard) / nullif(sum(accused_total), 0) AS accused_heard_share,
               sum(n_attributions) AS attributions, sum(n_claims) AS claims, sum(n_evidence) AS evidence,
               sum(n_techniques) AS techniques, count(published) AS dated,
               min(published) AS first_date, max(published) AS last_date,
               avg(CASE WHEN masked_share >= {MASKED} THEN 1 ELSE 0 END) AS masked_articles_share
        FROM articles {where} GROUP BY outlet HAVING count(*) >= ? ORDER BY articles DESC, outlet""", [*params, min_articles])
    keep = {b["outlet"] for b in base}
    tech = _rows(con, "SELECT outlet, label, count(*) AS n FROM techniques GROUP BY 1, 2 ORDER BY 1, 3 DESC")
    ev = _rows(con, "SELECT outlet, count(*) AS n, sum(CASE WHEN status = 'asserted-only' THEN 1 ELSE 0 END) AS asserted FROM evidence GROUP BY 1")
    spk = _rows(con, """
        SELECT outlet, name, n FROM (
          SELECT outlet, coalesce(speaker_name, source_text) AS name, count(*) AS n,
                 row_number() OVER (PARTITION BY outlet ORDER BY count(*) DESC, coalesce(speaker_name, source_text)) AS rk
          FROM attributions WHERE coalesce(speaker_name, source_text) IS NOT NULL GROUP BY 1, 2)
        WHERE rk <= ? ORDER BY outlet, n DESC""", [top_speakers])
    bal = _rows(con, """
        WITH per AS (SELECT outlet, key, coalesce(speaker, speaker_name, source_text, '?') AS who, count(*) AS n
                     FROM attributions GROUP BY 1, 2, 3),
             art AS (SELECT outlet, key, 1 - sum((n * 1.0 / t) * (n * 1.0 / t)) AS balance
                     FROM (SELECT *, sum(n) OVER (PARTITION BY key) AS t FROM per) GROUP BY 1, 2)
        SELECT a.outlet, avg(coalesce(b.balance, 0)) AS speaker_balance
        FROM articles a LEFT JOIN art b USING (key) GROUP BY 1""")
    tech_by: dict[str, dict[str, int]] = {}
    for t in tech:
        tech_by.setdefault(t["outlet"], {})[t["label"]] = int(t["n"])
    ev_by = {e["outlet"]: e for e in ev}
    spk_by: dict[str, list[dict[str, Any]]] = {}
    for s in spk:
        spk_by.setdefault(s["outlet"], []).append({"name": s["name"], "attributions": int(s["n"])})
    bal_by = {b["outlet"]: b["speaker_balance"] for b in bal}
    analyzers = {r["a"] for r in _rows(con, "SELECT DISTINCT unnest(analyzers) AS a FROM articles")}
    ran = _produced(analyzers)
    profiles = []
    for b in base:
        o = b["outlet"]
        words = b["words"] or 0
        labels = tech_by.get(o, {})
        e = ev_by.get(o)
        has_tech = "techniques" in ran
        profiles.append({
            "outlet": o, "articles": int(b["articles"]), "words": int(words),
            "attributed_share": _r(b["attributed_share"]) if "attributions" in ran else None,
            "technique_rate": _r(1000 * (b["techniques"] or 0) / words, 3) if words and has_tech else None,
            "technique_rates": {k: _r(1000 * v / words, 3) for k, v in labels.items()} if words else {},
            "asserted_only_share": _r(e["asserted"] / e["n"]) if e and e["n"] else None,
            "evidence": int(e["n"]) if e else 0,
            "speaker_balance": _r(bal_by.get(o)) if b["attributions"] else None,
            "independent_sources": _r(b["independent_sources"], 2),
            "accused_heard_share": _r(b["accused_heard_share"]),
            "outlet_voice_share": _r(b["outlet_voice_share"]),
            "top_speakers": spk_by.get(o, []),
            "attributions": int(b["attributions"] or 0), "claims": int(b["claims"] or 0),
            "techniques": int(b["techniques"] or 0),
            "dated": int(b["dated"]), "first_date": b["first_date"], "last_date": b["last_date"],
            "masked_articles_share": _r(b["masked_articles_share"]),
        })
    over_time = _rows(con, f"""
        SELECT outlet, substr(published, 1, 7) AS month, count(*) AS articles, sum(n_words) AS words,
               sum(n_techniques) AS techniques, sum(attributed_chars) / nullif(sum(n_chars), 0) AS attributed_share
        FROM articles {where} {"AND" if where else "WHERE"} published IS NOT NULL AND length(published) >= 7
        GROUP BY 1, 2 ORDER BY 2, 1""", params)
    over_time = [r | {"technique_rate": _r(1000 * (r["techniques"] or 0) / r["words"], 3) if r["words"] and "techniques" in ran else None,
                      "attributed_share": _r(r["attributed_share"])} for r in over_time if r["outlet"] in keep]
    totals = _rows(con, "SELECT count(*) AS articles, sum(n_words) AS words, count(DISTINCT outlet) AS outlets FROM articles")[0]
    failures = _rows(con, "SELECT count(*) AS n FROM failures")[0]["n"]
    return {"store": str(store.root), "articles": int(totals["articles"]), "words": int(totals["words"] or 0),
            "outlets": int(totals["outlets"]), "failures": int(failures), "analyzers": sorted(analyzers), "produced": sorted(ran),
            "profiles": profiles, "over_time": over_time}


def _produced(analyzers: set[str]) -> set[str]:
    """Findings names the stored analyzers produce (so 0 means "none found", not "not run")."""
    from newsift.analyzers.registry import registered

    out: set[str] = set()
    for name, spec in registered().items():
        if name in analyzers:
            out.update(spec.produces)
    return out


def _pct(x: Any) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def _num(x: Any, fmt: str = "{:.2f}") -> str:
    return "–" if x is None else fmt.format(x)


def to_text(prof: dict[str, Any]) -> str:
    head = ["outlet", "articles", "words", "attrib.", "tech/1k w", "asserted-only", "indep.src", "balance", "top speakers"]
    rows = [[p["outlet"], str(p["articles"]), str(p["words"]), _pct(p["attributed_share"]), _num(p["technique_rate"]),
             _pct(p["asserted_only_share"]), _num(p["independent_sources"]), _num(p["speaker_balance"]),
             "; ".join(f"{s['name']} ({s['attributions']})" for s in p["top_speakers"][:3]) or "–"] for p in prof["profiles"]]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head) - 1)]
    lines = [f"{prof['articles']} articles, {prof['outlets']} outlets, {prof['failures']} failures; analyzers: {', '.join(prof['analyzers']) or 'none'}", ""]
    for r in [head, *rows]:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=False))) + "  " + r[-1])
    return "\n".join(lines) + "\n"


def to_csv(prof: dict[str, Any]) -> str:
    labels = sorted({k for p in prof["profiles"] for k in p["technique_rates"]})
    cols = ["outlet", "articles", "words", "attributed_share", "technique_rate", "asserted_only_share", "evidence",
            "speaker_balance", "independent_sources", "accused_heard_share", "outlet_voice_share", "attributions",
            "claims", "techniques", "dated", "first_date", "last_date", "masked_articles_share", "top_speakers"]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(cols + [f"rate_{lab}" for lab in labels])
    for p in prof["profiles"]:
        row = [p[c] for c in cols[:-1]] + ["; ".join(f"{s['name']} ({s['attributions']})" for s in p["top_speakers"])]
        w.writerow(["" if v is None else v for v in row] + [p["technique_rates"].get(lab, 0.0) for lab in labels])
    return buf.getvalue()
