"""Hand-written cue patterns that complement the learned tagger.

PTC annotators marked some devices rarely (certainty intensifiers such as "indisputable
evidence": 0 of 9 occurrences in train; "terrorists": 13 of 68), so a model trained on
PTC seldom flags them, although a careful reader would. These few patterns, written for
newsift (not mined from PTC texts), add such spans with a fixed, modest confidence and say
so in their explanation. Their effect on the PTC validation scores is measured by
``newsift eval techniques`` (``--no-cues`` to leave them out) and stated in the model card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    label: str
    pattern: re.Pattern[str]
    why: str
    confidence: float = 0.5


def _words(*words: str) -> str:
    return r"\b(?:" + "|".join(words) + r")\b"


CUES: tuple[Cue, ...] = (
    Cue(
        "Exaggeration,Minimisation",
        re.compile(_words("indisputabl[ey]", "undeniabl[ey]", "irrefutabl[ey]", "incontrovertibl[ey]", "unquestionabl[ey]")
                   + r"(?:\s+(?:evidence|proof|facts?|truth))?", re.I),
        "certainty intensifier: presents a contested claim as beyond question",
    ),
    Cue(
        "Name_Calling,Labeling",
        re.compile(_words("terrorists", "terrorist (?:groups?|gangs?|organi[sz]ations?)", "thugs", "traitors", "jihadists",
                          "extremists", "mercenaries", "puppets?", "henchmen", "warmongers"), re.I),
        "label that casts a group as feared or hated",
        0.45,
    ),
    Cue(
        "Loaded_Language",
        re.compile(_words("crippled", "cripple[sd]?", "slaughter(?:ed|ing)?", "massacred?", "barbaric", "heinous", "sinister",
                          "atrocious", "hysteri(?:a|cal)", "catastrophic", "disastrous", "diabolical", "monstrous"), re.I),
        "emotionally loaded word",
        0.45,
    ),
    Cue(
        "Doubt",
        re.compile(r"\b(?:pretend(?:s|ed|ing)?|purport(?:s|ed)? to|feign(?:s|ed)?)\b[^.\n]{0,240}?\b(?:while|whereas|but)\s+in\s+(?:reality|fact|truth)\b", re.I),
        "says someone only pretends, then states 'in reality' what they do",
        0.55,
    ),
)


@dataclass
class CueHit:
    start: int
    end: int
    label: str
    confidence: float
    explanation: str


def find_cues(text: str) -> list[CueHit]:
    hits: list[CueHit] = []
    for cue in CUES:
        for m in cue.pattern.finditer(text):
            hits.append(CueHit(m.start(), m.end(), cue.label, cue.confidence,
                               f"cue pattern: {cue.why} ('{m.group(0)[:60]}')"))
    return hits
