"""Terminal view of a report, grouped by speaker (rich). Colour only on a terminal."""

from __future__ import annotations

import io
import sys
from collections import defaultdict

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from newsift.schema import Attribution, FactcheckMatch, Report
from newsift.spans import uncovered_text_spans

KIND_LABEL = {
    "direct": "direct quote",
    "indirect": "indirect speech",
    "mixed": "mixed quote",
    "according_to": "according to",
    "headline": "headline",
    "other": "attribution",
}


def _short(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def own_voice(report: Report):
    """The outlet's own-voice spans: from the sourcing analyzer, or computed from attributions."""
    if report.sourcing is not None and report.sourcing.outlet_voice:
        return report.sourcing.outlet_voice
    covered = [(c.start, c.end) for a in report.attributions for c in a.content]
    covered += [(a.cue.start, a.cue.end) for a in report.attributions]
    covered += [(a.source.start, a.source.end) for a in report.attributions if a.source]
    skip = []
    if report.article.dateline and report.article.dateline.span:
        skip.append((report.article.dateline.span.start, report.article.dateline.span.end))
    return uncovered_text_spans(report.article.text, covered, skip=skip)


def _attribution_lines(console: Console, atts: list[Attribution], by_id: dict[str, Attribution]) -> None:
    for a in atts:
        depth = 0
        p = a.parent
        while p and p in by_id and depth < 5:
            depth += 1
            p = by_id[p].parent
        indent = "    " * (depth + 1)
        content = " … ".join(c.text for c in a.content)
        src = f" source “{escape(a.source.text)}”" if a.source else ""
        nest = escape(f", inside [{a.parent}]") if a.parent else ""
        console.print(
            f"{indent}[dim]{escape(f'[{a.id}]')}[/dim] [bold]{KIND_LABEL.get(a.kind, a.kind)}[/bold], cue “{escape(a.cue.text)}” "
            f"([italic]{a.verb_class}[/italic]){src}{nest}"
        )
        console.print(Padding(Text(_short(content), style="cyan"), (0, 0, 0, len(indent) + 2), expand=False))


def to_text(report: Report, *, color: bool | None = None, width: int = 110) -> str:
    buf = io.StringIO()
    if color is None:
        color = sys.stdout.isatty()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width, highlight=False, soft_wrap=False)
    art = report.article
    console.rule(f"[bold]{escape(art.title or 'untitled article')}[/bold]")
    meta = []
    if art.dateline and (art.dateline.place or art.dateline.agency):
        meta.append(f"dateline: {art.dateline.place or ''}{', ' + art.dateline.agency if art.dateline.agency else ''}")
    if art.url:
        meta.append(f"url: {art.url}")
    if art.published:
        meta.append(f"published: {art.published}")
    meta.append(f"language: {art.language}")
    meta.append(f"{len(art.text.split())} words")
    console.print(" · ".join(escape(m) for m in meta), style="dim")
    for w in art.warnings:
        console.print(f"warning {escape(w)}", style="yellow")
    for r in art.removed:
        console.print(f"removed ({escape(r.reason)}): “{escape(_short(r.span_text, 90))}”", style="dim")

    if report.summary:
        console.print("\n[bold]Summary[/bold]")
        for line in report.summary:
            console.print(f"  • {escape(line.text)}")

    if report.outlet is not None and (report.outlet.name or report.outlet.domain):
        o = report.outlet
        console.print("\n[bold]Who publishes it[/bold]")
        console.print(f"  {escape(o.name or o.domain or '')}" + (f" — {escape(o.kind)}" if o.kind else "") + (f" (identified by {o.identified_by})" if o.identified_by else ""))
        for r in o.ratings:
            val = "not rated" if r.value is None else r.value
            console.print(f"    {escape(r.source)}: {escape(str(val))} [dim]({escape(r.scale)})[/dim]")
            if r.summary:
                console.print(f"      [dim]{escape(_short(r.summary, 160))}[/dim]")

    console.print("\n[bold]Who says what[/bold]")
    if not report.attributions:
        console.print("  no attributions found")
    by_id = {a.id: a for a in report.attributions}
    groups: dict[str, list[Attribution]] = defaultdict(list)
    for a in report.attributions:
        groups[a.speaker_name or "(speaker not resolved)"].append(a)
    total_chars = max(1, len(art.text))
    for speaker, atts in sorted(groups.items(), key=lambda kv: -sum(len(c.text) for a in kv[1] for c in a.content)):
        share = sum(len(c.text) for a in atts for c in a.content) / total_chars
        console.print(f"\n  [bold magenta]{escape(speaker)}[/bold magenta] — {len(atts)} statement(s), {share:.0%} of the text")
        _attribution_lines(console, atts, by_id)

    voice = own_voice(report)
    console.print("\n[bold]In the outlet's own voice[/bold]")
    if not voice:
        console.print("  nothing: every sentence is attributed to someone")
    for s in voice:
        console.print(f"    “{escape(_short(s.text))}”", highlight=False)

    if report.sourcing is not None:
        src = report.sourcing
        console.print("\n[bold]Balance of sources[/bold]")
        console.print(f"  outlet's own voice: {src.outlet_voice_share:.0%} of the text; independent sources: {src.independent_sources}")
        sp_names = {sp.actor: sp.name for sp in src.speakers}
        for sp in src.speakers:
            relayers = ", ".join(sp_names.get(r, r) for r in sp.relayed_by)
            flags = [f"only inside statements of {relayers}" if sp.relayed_by else "", "independent" if sp.independent else ""]
            flags = [f for f in flags if f]
            console.print(f"  {escape(sp.name)}: {sp.share_of_text:.0%} of the text, {sp.attributions} statement(s), {sp.top_level} top-level"
                          + (f" ({escape('; '.join(flags))})" if flags else ""))
        for p in src.accused_parties_heard:
            console.print(f"  accused: {escape(p.name)} — {'heard in its own words' if p.heard else 'NOT heard in its own words'}")
            if p.explanation:
                console.print(f"    [dim]{escape(p.explanation)}[/dim]")

    if report.headline is not None and report.headline.span is not None:
        h = report.headline
        console.print("\n[bold]Headline[/bold]")
        carried = f" ({', '.join(h.body_claims)})" if h.body_claims else ""
        console.print(f"  asserts: {escape(h.asserts or h.span.text)}; body carries it as: {h.body_support}{carried}")
        if h.explanation:
            console.print(f"  [dim]{escape(h.explanation)}[/dim]")

    if report.claims:
        console.print("\n[bold]Claims[/bold] (check-worthiness)")
        for c in sorted(report.claims, key=lambda c: -c.checkworthiness)[:12]:
            hedge = f" hedged: {', '.join(h.span.text for h in c.hedges)}" if c.hedges else ""
            who = c.speaker_name or ("the outlet" if c.asserted_by == "outlet" else c.asserted_by)
            extra = f"; accuses {', '.join(t.name for t in c.targets)}" if c.targets else ""
            extra += f"; evidence {', '.join(c.evidence)}" if c.evidence else ""
            console.print(f"  {c.checkworthiness:.2f} {escape(f'[{c.id}] {c.type}, by {who}{extra}')}{escape(hedge)} “{escape(_short(c.span.text, 150))}”")

    if report.evidence:
        console.print("\n[bold]Evidence offered[/bold]")
        for ev in report.evidence:
            console.print(f"  {escape(f'[{ev.id}]')} {ev.kind}, [bold]{ev.status}[/bold]: “{escape(_short(ev.span.text, 120))}”"
                          + (f" → {escape(', '.join(ev.claims))}" if ev.claims else ""))
            console.print(f"    [dim]{escape(ev.explanation)}[/dim]")

    if report.techniques:
        console.print("\n[bold]Persuasion techniques[/bold]")
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("technique")
        table.add_column("conf.")
        table.add_column("span")
        for t in sorted(report.techniques, key=lambda t: t.span.start):
            table.add_row(t.label, f"{t.confidence:.2f}", escape(_short(t.span.text, 80)))
        console.print(table)

    if report.factcheck_matches:
        console.print("\n[bold]Already known (fact-check / disinformation databases)[/bold]")
        console.print("  [dim]best record per claim; a match means similar wording or meaning, not that this article was debunked[/dim]")
        best: dict[str, FactcheckMatch] = {}
        for m in report.factcheck_matches:  # analyzers list each claim's records best first
            best.setdefault(m.claim, m)
        for claim_id, m in list(best.items())[:10]:
            r = m.record
            said = _short(m.claim_span.text, 70) if m.claim_span else claim_id
            console.print(f"  {escape(f'[{claim_id}]')} “{escape(said)}”")
            console.print(
                f"      → {m.score:.2f} {escape(r.publisher)}, {escape(r.date or 'undated')} ({m.timing}): "
                f"“{escape(_short(r.title, 100))}” {escape(r.url or '')}"
            )

    return buf.getvalue()
