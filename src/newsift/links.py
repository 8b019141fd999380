"""Links between findings that are derived, never stored twice.

``Claim.evidence`` is the reverse of ``Evidence.claims``. It is computed here, in one
place, by the pipeline when the report is built (and by anyone holding both lists), so
the evidence analyzer never edits the claims analyzer's findings.
"""

from __future__ import annotations

from newsift.schema import Claim, Evidence


def link_claims_to_evidence(claims: list[Claim], evidence: list[Evidence]) -> list[Claim]:
    """``claims`` with ``evidence`` filled from ``Evidence.claims`` (evidence ids in order)."""
    links: dict[str, list[str]] = {}
    for ev in evidence:
        for cid in ev.claims:
            links.setdefault(cid, []).append(ev.id)
    return [c if links.get(c.id, []) == c.evidence else c.model_copy(update={"evidence": links.get(c.id, [])}) for c in claims]
