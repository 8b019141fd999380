"""Build the shipped outlet table from the hand-curated facts and ../shared/data/source-ratings.

Inputs:

* ``src/newsift/outlets/facts.csv`` (committed, hand-curated): name, aliases, domains,
  medium (news agency / broadcaster / newspaper / magazine / online / organisation),
  ownership (state / public / private / party-affiliated / cooperative), country, owner,
  and the source of these facts (the outlet's Wikipedia article).
* Lin et al. 2023 ``domain_pc1.csv``: the aggregate 0–1 quality score, per domain. Only
  the ``pc1`` column is used (the other columns derive from proprietary ratings).
* Wikipedia "Reliable sources/Perennial sources" (2021-03-17 snapshot): status and the
  first sentence of the consensus summary, matched by hostname.

Output: ``src/newsift/resources/data/outlets/outlets.json`` (+ ``README.md`` with the
attributions and ``MANIFEST.json``). No score is ever made up: a domain absent from a
rating set gets ``null`` and the report says "not rated".
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

from newsift.errors import E, NewsiftError

FACTS = Path(__file__).resolve().parent / "facts.csv"
# RSP rows whose url list is empty or lacks the outlet's domain: matched by the RSP name
RSP_BY_NAME = {
    "grayzone": "The Grayzone",
    "globalresearch": "Centre for Research on Globalization",
}
MEDIA = {"news agency", "broadcaster", "newspaper", "magazine", "online", "organisation"}
OWNERSHIP = {"state", "public", "private", "party-affiliated", "cooperative"}

LIN_CITATION = (
    "Lin, H., Lasser, J., Lewandowsky, S., Cole, R., Gully, A., Rand, D. G., & Pennycook, G. (2023). "
    "High level of correspondence across different news domain quality rating sets. PNAS Nexus 2(9), pgad286. "
    "https://doi.org/10.1093/pnasnexus/pgad286"
)
RSP_CITATION = (
    "Wikipedia contributors, \"Reliable sources/Perennial sources\", snapshot of 2021-03-17 "
    "(via github.com/Kudusch/wikipedia-perennial-sources), CC BY-SA 3.0"
)
RSP_URL = "https://en.wikipedia.org/wiki/Wikipedia:Reliable_sources/Perennial_sources"


def kind_label(medium: str, ownership: str) -> str:
    """'state news agency', 'public broadcaster', 'party-affiliated broadcaster', 'private newspaper', ..."""
    medium = {"online": "news website", "organisation": "organisation website"}.get(medium, medium)
    if ownership == "state":
        return {"news agency": "state news agency", "broadcaster": "state broadcaster"}.get(medium, f"state-owned {medium}")
    if ownership == "cooperative":
        return f"cooperative {medium}"
    return f"{ownership} {medium}"


def norm_host(host: str) -> str:
    h = host.strip().lower()
    h = re.sub(r"^([a-z]+:)?//", "", h).split("/")[0].split(":")[0]
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if h.startswith(prefix):
            h = h[len(prefix):]
    return h


def read_facts(path: Path = FACTS) -> list[dict]:
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    out, seen = [], set()
    for i, r in enumerate(rows, 2):
        if r["key"] in seen:
            raise NewsiftError(E.USAGE, detail=f"{path}:{i}: duplicate key {r['key']!r}")
        seen.add(r["key"])
        if r["medium"] not in MEDIA or r["ownership"] not in OWNERSHIP:
            raise NewsiftError(E.USAGE, detail=f"{path}:{i}: medium/ownership must be one of {sorted(MEDIA)} / {sorted(OWNERSHIP)}")
        if not r["source"].startswith("http"):
            raise NewsiftError(E.USAGE, detail=f"{path}:{i}: every fact needs a source URL")
        out.append(r)
    return out


def _first_sentence(text: str, limit: int = 320) -> str:
    text = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    s = m.group(1) if m else text
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def build(shared: Path, out_dir: Path) -> dict:
    """Write the table; return a summary (counts, unmatched)."""
    from newsift.resources import write_manifest

    lin_path = shared / "source-ratings" / "lin2023" / "domain_pc1.csv"
    rsp_path = shared / "source-ratings" / "wikipedia-rsp" / "perennial-sources.csv"
    for p in (lin_path, rsp_path):
        if not p.exists():
            raise NewsiftError(E.NOT_FOUND, path=str(p))
    lin = {norm_host(r["domain"]): float(r["pc1"]) for r in csv.DictReader(lin_path.read_text(encoding="utf-8").splitlines())}
    lin_raw = {norm_host(r["domain"]): r["pc1"] for r in csv.DictReader(lin_path.read_text(encoding="utf-8").splitlines())}
    rsp_by_host: dict[str, list[dict]] = {}
    rsp_rows_all = list(csv.DictReader(rsp_path.read_text(encoding="utf-8").splitlines()))
    for r in rsp_rows_all:
        for u in json.loads(r["urls"] or "[]"):
            rsp_by_host.setdefault(norm_host(u), []).append(r)

    outlets = []
    for f in read_facts():
        domains = [norm_host(d) for d in f["domains"].split("|") if d.strip()]
        # the outlet's domains and any rated subdomain of them (en.news-front.info)
        lin_values = {d: lin[d] for d in domains if d in lin}
        lin_values.update({d: v for d, v in lin.items() if d not in lin_values and any(d.endswith("." + x) for x in domains)})
        rsp_rows: dict[str, dict] = {}
        if f["key"] in RSP_BY_NAME:
            rsp_rows.update({r["id"]: r for r in rsp_rows_all if r["name"].startswith(RSP_BY_NAME[f["key"]])})
        for d in domains:
            for r in rsp_by_host.get(d, []):
                rsp_rows[r["id"]] = r
        outlets.append({
            "key": f["key"],
            "name": f["name"],
            "aliases": [a for a in f["aliases"].split("|") if a],
            "domains": domains,
            "medium": f["medium"],
            "ownership": f["ownership"],
            "kind": kind_label(f["medium"], f["ownership"]),
            "country": f["country"],
            "owner": f["owner"],
            "facts_source": f["source"],
            "lin2023": {
                d: {"pc1": round(v, 4), "looks_imputed": len(lin_raw[d].split(".")[-1]) > 4 if "." in lin_raw[d] else False}
                for d, v in lin_values.items()
            },
            "wikipedia_rsp": [
                {"name": r["name"], "status": json.loads(r["status"]), "summary": _first_sentence(r["info"]),
                 "article": r["wiki_url"]}
                for r in sorted(rsp_rows.values(), key=lambda r: int(r["id"]))
            ],
        })
    table = {
        "built": dt.date.today().isoformat(),
        "command": "newsift outlets build",
        "sources": {"lin2023": LIN_CITATION, "wikipedia_rsp": RSP_CITATION, "wikipedia_rsp_url": RSP_URL,
                    "facts": "hand-curated in src/newsift/outlets/facts.csv, each row citing the outlet's Wikipedia article"},
        "outlets": outlets,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "outlets.json").write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n_lin = sum(1 for o in outlets if o["lin2023"])
    n_rsp = sum(1 for o in outlets if o["wikipedia_rsp"])
    (out_dir / "README.md").write_text(_readme(len(outlets), n_lin, n_rsp), encoding="utf-8")
    write_manifest(out_dir)
    return {"outlets": len(outlets), "with_lin2023": n_lin, "with_wikipedia_rsp": n_rsp,
            "unrated": [o["key"] for o in outlets if not o["lin2023"] and not o["wikipedia_rsp"]],
            "out": str(out_dir / "outlets.json")}


def _readme(n: int, n_lin: int, n_rsp: int) -> str:
    return f"""# Outlet table

`outlets.json`: {n} outlets (international news agencies, state and public broadcasters,
major newspapers and sites, and all 15 outlets of the FA-KES Syrian-war corpus), each with
its domains and aliases, kind and ownership with the source of those facts, and two
reliability ratings where they exist. Rebuild with `newsift outlets build` (reads
`../shared/data/source-ratings`); do not edit by hand.

* {n_lin} outlets have a Lin et al. 2023 score for at least one of their domains; {n_rsp}
  have a Wikipedia perennial-sources entry. An outlet without one is shown as "not rated by
  this source"; no score is made up (e.g. sana.sy is in neither set).
* **Lin et al. 2023** (`pc1`, 0 = lowest … 1 = highest quality; an aggregate estimate from
  six expert rating sets, many values imputed: `looks_imputed` marks values with more than
  four decimals, a heuristic). Credit wherever the score is shown: {LIN_CITATION}
* **Wikipedia perennial sources**: status and the first sentence of the consensus summary.
  {RSP_CITATION}. This derived table, as far as it reproduces that text, is shared under
  the same licence (CC BY-SA).
* **Kind and ownership** (`medium`, `ownership`, `owner`, `country`) were written by the
  newsift developers from the Wikipedia article cited in `facts_source` for each outlet,
  from memory of those articles on {dt.date.today().isoformat()} without network access:
  check the cited article before relying on a detail of ownership.
"""
