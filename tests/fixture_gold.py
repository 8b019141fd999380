"""Gold attributions and actors of the canonical fixture, as schema objects.

The claims/evidence/sourcing/headline/summary analyzers are pure functions of the parse,
the actors and the attributions. Feeding them the hand-made gold attributions tests them
independently of the attribution analyzer; the end-to-end tests run the real one.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from newsift.ingest import load
from newsift.nlp import ParsedArticle
from newsift.nlp.model import load_nlp
from newsift.schema import Actor, Attribution, make_span

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIXTURE = SHARED / "fixtures" / "sana-2017-abu-kamal.txt"
GOLD = SHARED / "fixtures" / "sana-2017-abu-kamal.attributions.jsonl"

VERB_CLASS = {"claiming": "distancing", "revealed": "factive", "read": "neutral"}


def _slug(name: str) -> str:
    return re.sub(r"\W+", "-", name.lower()).strip("-")


@lru_cache(maxsize=1)
def gold_parsed() -> tuple[ParsedArticle, tuple[Attribution, ...]]:
    """The fixture parsed with spaCy, with gold actors (from the speaker aliases) and gold attributions."""
    article = load(FIXTURE)
    text = article.text
    gold = json.loads(GOLD.read_text(encoding="utf-8").splitlines()[0])
    assert gold["text"].startswith(text)
    actors = []
    for name, aliases in gold["speaker_aliases"].items():
        mentions = []
        for alias in sorted(set(aliases) | {name}, key=len, reverse=True):
            if alias.lower() in {"it", "they", "the statement", "us"}:
                continue
            for m in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", text):
                if not any(x.start < m.end() and m.start() < x.end for x in mentions):
                    mentions.append(make_span(text, m.start(), m.end()))
        kind = "state" if name == "US side" else "org"
        actors.append(Actor(id=_slug(name), name=name, kind=kind, aliases=aliases, mentions=sorted(mentions, key=lambda s: s.start)))
    atts = []
    for g in gold["attributions"]:
        atts.append(Attribution(
            id=g["id"], kind=g["kind"],
            cue=make_span(text, g["cue"]["start"], g["cue"]["end"]),
            source=make_span(text, g["source"]["start"], g["source"]["end"]) if g["source"] else None,
            speaker=_slug(g["speaker"]) if g["speaker"] else None,
            speaker_name=g["speaker"],
            content=[make_span(text, c["start"], c["end"]) for c in g["content"]],
            parent=g["parent"],
            verb_class=VERB_CLASS.get(g["cue"]["text"], "neutral"),
            explanation="gold",
        ))
    doc = load_nlp()(text)
    return ParsedArticle(article=article, doc=doc, actors=actors), tuple(atts)


def parsed_text(text: str, actors: list[Actor] | None = None) -> ParsedArticle:
    """An invented article, parsed, with hand-made actors (mentions found by name)."""
    article = load(text)
    doc = load_nlp()(article.text)
    out = []
    for a in actors or []:
        mentions = [make_span(article.text, m.start(), m.end())
                    for alias in {a.name, *a.aliases} for m in re.finditer(re.escape(alias), article.text)]
        out.append(a.model_copy(update={"mentions": mentions}))
    return ParsedArticle(article=article, doc=doc, actors=out)


def att(text: str, id: str, cue: str, content: str, speaker: str, *, source: str | None = None, kind: str = "indirect",
        parent: str | None = None, verb_class: str = "neutral", nth: int = 0) -> Attribution:
    """A hand-made attribution located by its strings (``nth`` picks a later occurrence of the cue)."""
    c0 = text.index(content)
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(cue, pos + 1)
    src = None
    if source is not None:
        s0 = text.index(source)
        src = make_span(text, s0, s0 + len(source))
    return Attribution(
        id=id, kind=kind, cue=make_span(text, pos, pos + len(cue)), source=src, speaker=_slug(speaker), speaker_name=speaker,
        content=[make_span(text, c0, c0 + len(content))], parent=parent, verb_class=verb_class, explanation="hand-made",
    )


def actor(name: str, *aliases: str, kind: str = "org") -> Actor:
    return Actor(id=_slug(name), name=name, kind=kind, aliases=list(aliases))


@lru_cache(maxsize=1)
def gold_findings() -> tuple[ParsedArticle, dict]:
    """Every finding of issue 3 computed over the gold attributions, in pipeline order."""
    from newsift.analyzers.claims import build_claims
    from newsift.analyzers.evidence import build_evidence
    from newsift.analyzers.headline import build_headline
    from newsift.analyzers.sourcing import build_sourcing

    parsed, atts = gold_parsed()
    atts = list(atts)
    claims = build_claims(parsed, atts)
    evidence, claims = build_evidence(parsed, atts, claims)
    return parsed, {
        "attributions": atts, "claims": claims, "evidence": evidence,
        "sourcing": build_sourcing(parsed, atts, claims), "headline": build_headline(parsed, atts, claims),
    }


def balanced_article() -> tuple[ParsedArticle, list[Attribution]]:
    """An invented article that hears the accused party and an independent source, with a captioned photo."""
    text = ("Army shelled village, killing six\n\n"
            "Human rights group Amnesty Watch said the army shelled the village of Tel Hamra on Monday, killing six people. "
            "The army denied the accusation, saying its units had only returned fire. "
            "UN monitors said they found fragments of artillery shells in the village.\n\n"
            "Photo: UN monitors at the site.")
    parsed = parsed_text(text, [actor("Amnesty Watch"), actor("army", "the army"), actor("UN monitors")])
    t = parsed.article.text
    atts = [
        att(t, "a1", "said", "the army shelled the village of Tel Hamra on Monday, killing six people", "Amnesty Watch", source="Amnesty Watch"),
        att(t, "a2", "saying", "its units had only returned fire", "army", source="The army"),
        att(t, "a3", "said", "they found fragments of artillery shells in the village", "UN monitors", source="UN monitors", nth=1),
    ]
    return parsed, atts
