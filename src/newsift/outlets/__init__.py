"""Outlets: who published an article, what kind of outlet it is, and how others rate it.

Lookup by domain (``sana.sy``, ``english.alaraby.co.uk`` → subdomains fall back to the
registered domain), by name or alias (``SANA`` = ``Syrian Arab News Agency``; case,
hyphens and a leading "The" are ignored), or by the agency of a dateline. The table is
``newsift/resources/data/outlets/outlets.json``, built by ``newsift outlets build``
(:mod:`newsift.outlets.build`) from the hand-curated ``facts.csv`` and
``../shared/data/source-ratings``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from newsift.schema import Outlet, OutletFact, Rating

LIN_SOURCE = "Lin et al. 2023 (PNAS Nexus)"
LIN_SCALE = "0–1 aggregate domain quality (1 = highest); PCA of six expert rating sets, many values imputed"
LIN_URL = "https://doi.org/10.1093/pnasnexus/pgad286"
RSP_SOURCE = "Wikipedia: Reliable sources/Perennial sources (2021-03-17 snapshot, CC BY-SA)"
RSP_SCALE = "Generally reliable / No consensus / Generally unreliable / Deprecated / Blacklisted"
RSP_URL = "https://en.wikipedia.org/wiki/Wikipedia:Reliable_sources/Perennial_sources"


@dataclass(frozen=True)
class Table:
    outlets: dict[str, dict]
    by_domain: dict[str, str]
    by_name: dict[str, str]
    ambiguous: frozenset[str]
    sources: dict


def norm_name(name: str) -> str:
    """Fold case, accents, punctuation and a leading 'the': 'Al-Manar' == 'al manar' == 'Almanar'."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"^the\s+", "", s.strip())
    return re.sub(r"[^a-z0-9]+", "", s)


@lru_cache(maxsize=1)
def table() -> Table:
    """The shipped table, loaded once (sha256 checked against its MANIFEST)."""
    from newsift.resources import verify_manifest

    directory = verify_manifest("outlets")
    data = json.loads((directory / "outlets.json").read_text(encoding="utf-8"))
    outlets = {o["key"]: o for o in data["outlets"]}
    by_domain: dict[str, str] = {}
    names: dict[str, set[str]] = {}
    for key, o in outlets.items():
        for d in o["domains"]:
            by_domain.setdefault(d, key)
        for n in [o["name"], key, *o["aliases"], *o["domains"]]:
            names.setdefault(norm_name(n), set()).add(key)
    by_name = {n: next(iter(keys)) for n, keys in names.items() if len(keys) == 1}
    ambiguous = frozenset(n for n, keys in names.items() if len(keys) > 1)
    return Table(outlets, by_domain, by_name, ambiguous, data.get("sources", {}))


def by_domain(host: str) -> dict | None:
    """Outlet for a hostname or URL; tries the host, then drops leading labels."""
    from newsift.outlets.build import norm_host

    h = norm_host(host)
    t = table()
    parts = h.split(".")
    for i in range(len(parts) - 1):
        key = t.by_domain.get(".".join(parts[i:]))
        if key:
            return t.outlets[key]
    return None


def by_name(name: str) -> dict | None:
    """Outlet for a name, alias or key (None when unknown or ambiguous, e.g. 'ABC')."""
    n = norm_name(name)
    key = table().by_name.get(n)
    return table().outlets[key] if key else None


def lookup(query: str) -> dict | None:
    """Domain/URL if it looks like one, else name/alias."""
    q = query.strip()
    if "." in q and " " not in q:
        hit = by_domain(q)
        if hit:
            return hit
    return by_name(q)


def domain_of(url: str) -> str | None:
    from newsift.outlets.build import norm_host

    h = norm_host(url)
    return h or None


def to_schema(entry: dict | None, *, domain: str | None = None, identified_by: str | None = None,
              evidence: str = "") -> Outlet:
    """The report's :class:`Outlet` for a table entry (or an unknown domain), ratings always explicit."""
    if entry is None:
        return Outlet(
            name=None, domain=domain, identified_by=identified_by,
            explanation=(f"{evidence} The domain {domain} is not in newsift's outlet table, so kind, ownership "
                         "and ratings are not shown (not looked up elsewhere)." if domain else
                         "No outlet identified: no URL, outlet metadata, dateline agency or agency credit line."),
        )
    dom = domain if domain and domain in entry["lin2023"] else None
    if dom is None:  # the main domains first, then rated subdomains (en.news-front.info)
        dom = next((d for d in entry["domains"] if d in entry["lin2023"]), next(iter(entry["lin2023"]), None))
    shown_domain = domain or entry["domains"][0]
    ratings = []
    if dom:
        v = entry["lin2023"][dom]
        others = [f"{d} {x['pc1']:.2f}" for d, x in entry["lin2023"].items() if d != dom]
        ratings.append(Rating(
            source=LIN_SOURCE, value=v["pc1"], scale=LIN_SCALE, url=LIN_URL,
            summary=(f"Score for {dom}: an aggregate estimate" + (" (this value looks imputed)" if v["looks_imputed"] else "")
                     + (f"; other domains of this outlet: {', '.join(others)}" if others else "")
                     + ". Credit: Lin, Lasser, Lewandowsky, Cole, Gully, Rand & Pennycook (2023), PNAS Nexus 2(9) pgad286."),
        ))
    else:
        ratings.append(Rating(source=LIN_SOURCE, value=None, scale=LIN_SCALE, url=LIN_URL,
                              summary=f"Not rated: none of {', '.join(entry['domains'])} is among the 11,520 rated domains."))
    if entry["wikipedia_rsp"]:
        for r in entry["wikipedia_rsp"]:
            ratings.append(Rating(source=RSP_SOURCE, value=" / ".join(r["status"]), scale=RSP_SCALE, url=RSP_URL,
                                  summary=f"{r['name']}: {r['summary']}"))
    else:
        ratings.append(Rating(source=RSP_SOURCE, value=None, scale=RSP_SCALE, url=RSP_URL,
                              summary="Not rated: not listed among the perennial sources."))
    src = entry["facts_source"]
    facts = [
        OutletFact(field="kind", value=entry["kind"], source=src),
        OutletFact(field="ownership", value=entry["ownership"], source=src),
        OutletFact(field="owner", value=entry["owner"], source=src),
        OutletFact(field="country", value=entry["country"], source=src),
    ]
    return Outlet(
        name=entry["name"], domain=shown_domain, kind=entry["kind"], country=entry["country"], ratings=ratings,
        facts=facts, identified_by=identified_by,
        explanation=(f"{evidence} {entry['name']} is a {entry['kind']} ({entry['country']}; {entry['owner']}); "
                     f"source: {src}.").strip(),
    )


__all__ = ["by_domain", "by_name", "domain_of", "lookup", "norm_name", "table", "to_schema"]
