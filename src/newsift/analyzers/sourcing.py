"""Sourcing balance: whose voice fills the article, who is accused, and who is missing.

Rules (each finding's ``explanation`` repeats the one it used):

* **Share of text** of a speaker: non-space characters inside the content of its
  attributions (nested ones included: what a speaker relays is in its statement) over the
  non-space characters of the article (dateline excluded).
* **Outlet's own voice**: text no attribution's content, cue or source covers.
* **Heard in its own words**: a party is heard when it is the speaker of at least one
  *top-level* attribution, i.e. one the outlet relays directly. A party that speaks only
  inside another speaker's statement ("the statement read: 'the US side … claiming that
  …'") is *characterized by that speaker*, not heard.
* **Accused parties**: the targets of claims of type accusation, with the speakers that
  make the accusations.
* **Independent source**: a speaker with a top-level attribution that is not the outlet,
  not an accuser, not an accused party, and not the same party as one (same country or
  organisation name, e.g. "Russian forces command" and "Russian Defense Ministry").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from newsift.analyzers.registry import analyzer
from newsift.nlp import ParsedArticle
from newsift.schema import AccusedParty, Actor, Attribution, Claim, Sourcing, SpeakerShare
from newsift.spans import merge, uncovered_text_spans

#: Words that name a role, not a party: "Russian forces command" is the party "Russian".
GENERIC = frozenset(
    ["the", "a", "an", "of", "and", "side", "led", "coalition", "ministry", "defense", "defence", "foreign", "interior", "command", "forces", "force", "military", "army", "representatives", "representative", "officials", "official", "spokesman", "spokeswoman", "spokesperson", "government", "state", "states", "department", "office", "agency", "source", "sources", "president", "minister", "ministers", "statement", "international", "united", "kingdom", "republic", "armed", "air", "aerospace", "navy", "troops", "authorities", "authority", "people", "s"]
)
FRAME_WORDS = frozenset(["that", "and", "but", "while", "as", "in", "on", "at", "a", "an", "the", "to", "of", "said", "says"])
#: Names of one country in its usual forms.
EQUIVALENT = {
    "u.s.": "us", "usa": "us", "america": "us", "american": "us", "americans": "us", "washington": "us",
    "russian": "russia", "russians": "russia", "moscow": "russia", "kremlin": "russia",
    "syrian": "syria", "damascus": "syria", "british": "uk", "britain": "uk", "london": "uk",
    "french": "france", "paris": "france", "turkish": "turkey", "ankara": "turkey", "iranian": "iran", "tehran": "iran",
    "israeli": "israel", "chinese": "china", "beijing": "china", "ukrainian": "ukraine", "kyiv": "ukraine", "kiev": "ukraine",
    "german": "germany", "berlin": "germany", "daesh": "isis", "isil": "isis",
}


def party_key(name: str | None) -> frozenset[str]:
    """Distinctive words of a party name, folded to one form per country ("United States" → us)."""
    if not name:
        return frozenset()
    low = name.lower()
    low = re.sub(r"\bunited states\b|\bu\.s\.a?\b", " us ", low)
    low = re.sub(r"\bunited kingdom\b", " uk ", low)
    low = re.sub(r"\bislamic state\b", " isis ", low)
    words = [w for w in re.split(r"[^\w.]+|-", low) if w and w.strip(".")]
    return frozenset(EQUIVALENT.get(w, w) for w in words if w not in GENERIC and not w.endswith("'s") and len(w) > 1)


def _nonspace(text: str, spans: list[tuple[int, int]]) -> int:
    return sum(len(re.sub(r"\s+", "", text[a:b])) for a, b in merge(spans))


def speaker_key(att: Attribution) -> str:
    return att.speaker or (f"name:{att.speaker_name}" if att.speaker_name else f"unresolved:{att.id}")


def build_sourcing(parsed: ParsedArticle, attributions: list[Attribution], claims: list[Claim]) -> Sourcing:
    """The sourcing finding (pure; see the module docstring for the rules)."""
    art = parsed.article
    text = art.text
    skip = [(art.dateline.span.start, art.dateline.span.end)] if art.dateline and art.dateline.span else []
    total = max(1, _nonspace(text, [(0, len(text))]) - _nonspace(text, skip))
    actors: dict[str, Actor] = {a.id: a for a in parsed.actors}
    by_id = {a.id: a for a in attributions}

    def name_of(key: str, att: Attribution | None = None) -> str:
        if att is not None and att.speaker_name:
            return att.speaker_name
        if key in actors:
            return actors[key].name
        if att is not None and att.source is not None:
            return att.source.text
        return key.split(":", 1)[-1]

    groups: dict[str, list[Attribution]] = defaultdict(list)
    for a in attributions:
        groups[speaker_key(a)].append(a)
    names = {k: name_of(k, atts[0]) for k, atts in groups.items()}
    keys = {k: party_key(names[k]) | (party_key(actors[k].name) if k in actors else frozenset()) for k in groups}

    # accusations: who accuses whom
    accused: dict[str, dict[str, Any]] = {}
    accusers: set[str] = set()
    for c in claims:
        if c.type != "accusation" or not c.targets:
            continue
        att = by_id.get(c.asserted_by)
        accuser = speaker_key(att) if att is not None else "outlet"
        top = att
        while top is not None and top.parent and top.parent in by_id:
            top = by_id[top.parent]
        accusers.add(accuser)
        if top is not None:
            accusers.add(speaker_key(top))
        for t in c.targets:
            tkey = party_key(t.name) | (party_key(actors[t.actor].name) if t.actor in actors else frozenset())
            slot = next((k for k, v in accused.items() if k == t.actor or (tkey and tkey & v["key"])), t.actor)
            entry = accused.setdefault(slot, {"actor": t.actor, "names": [], "key": frozenset(), "claims": [], "by": []})
            entry["names"].append(t.name)
            entry["key"] = entry["key"] | tkey
            if c.id not in entry["claims"]:
                entry["claims"].append(c.id)
            if accuser not in entry["by"]:
                entry["by"].append(accuser)

    def same_party(speaker: str, actor_id: str, key: frozenset[str]) -> bool:
        return speaker == actor_id or bool(key and keys.get(speaker, frozenset()) & key)

    parties: list[AccusedParty] = []
    for entry in accused.values():
        own = [a.id for a in attributions if not a.parent and same_party(speaker_key(a), entry["actor"], entry["key"])]
        relayed = [a.id for a in attributions if a.parent and same_party(speaker_key(a), entry["actor"], entry["key"])]
        name = max(set(entry["names"]), key=entry["names"].count)
        if entry["actor"] in actors:
            name = actors[entry["actor"]].name
        by_names = ", ".join(names.get(b, "the outlet") for b in entry["by"])
        if own:
            why = f"speaks for itself in {', '.join(own)} (an attribution the outlet relays directly)"
        elif relayed:
            relayers = sorted({names.get(speaker_key(by_id[by_id[r].parent]), "?") for r in relayed if by_id[r].parent in by_id})
            why = (f"appears as a speaker only inside {', '.join(relayers)}'s statements ({', '.join(relayed)}): "
                   "characterized by its accuser, not heard in its own words")
        else:
            why = "never quoted or paraphrased: not heard"
        parties.append(AccusedParty(
            actor=entry["actor"], name=name, heard=bool(own), accused_in=entry["claims"], accused_by=entry["by"],
            own_words=own, relayed_in=relayed,
            explanation=f"accused by {by_names} in {', '.join(entry['claims'])}; {why}. Rule: heard = speaker of at "
                        "least one top-level attribution, not one nested inside another speaker's statement.",
        ))

    accused_keys = [(e["actor"], e["key"]) for e in accused.values()]
    accuser_keys = [(a, keys.get(a, frozenset())) for a in accusers]
    speakers: list[SpeakerShare] = []
    for k, atts in groups.items():
        content = [(c.start, c.end) for a in atts for c in a.content]
        top = [a for a in atts if not a.parent]
        relayed_by = sorted({speaker_key(by_id[a.parent]) for a in atts if a.parent and a.parent in by_id} - {k})
        independent = bool(top) and not k.startswith("unresolved:") and not any(
            same_party(k, x, kk) for x, kk in accused_keys + accuser_keys
        )
        speakers.append(SpeakerShare(
            actor=k, name=names[k], share_of_text=round(_nonspace(text, content) / total, 4), attributions=len(atts),
            attribution_ids=[a.id for a in atts], top_level=len(top), relayed_by=relayed_by, independent=independent,
        ))
    speakers.sort(key=lambda s: (-s.share_of_text, s.name))

    covered = [(c.start, c.end) for a in attributions for c in a.content]
    covered += [(a.cue.start, a.cue.end) for a in attributions] + [(a.source.start, a.source.end) for a in attributions if a.source]
    # leftovers of the frame ("that", "and") are not the outlet speaking
    voice = [v for v in uncovered_text_spans(text, covered, skip=skip) if set(re.findall(r"\w+", v.text.lower())) - FRAME_WORDS]
    outlet_share = round(_nonspace(text, [(s.start, s.end) for s in voice]) / total, 4)
    n_indep = sum(s.independent for s in speakers)
    top_speaker = f"largest voice: {speakers[0].name} ({speakers[0].share_of_text:.0%} of the text). " if speakers else ""
    return Sourcing(
        speakers=speakers,
        independent_sources=n_indep,
        accused_parties_heard=parties,
        outlet_voice_share=outlet_share,
        outlet_voice=voice,
        explanation=(
            f"{top_speaker}{n_indep} independent source(s): speakers heard directly who are neither the accuser, "
            "nor the accused, nor the same party as either, nor the outlet. Shares count non-space characters of "
            "each speaker's content (nested statements included in the relaying speaker's)."
        ),
    )


@analyzer("sourcing", requires=("attributions", "claims"), produces=("sourcing",))
def sourcing(parsed: ParsedArticle, findings: Mapping[str, Any]) -> dict[str, Any]:
    """Speakers' shares, independent sources, whether accused parties are heard, the outlet's own voice."""
    return {"sourcing": build_sourcing(parsed, list(findings.get("attributions") or []), list(findings.get("claims") or []))}
