"""The 14 technique labels of SemEval-2020 Task 11, in the organisers' (sorted) order."""

from __future__ import annotations

LABELS: tuple[str, ...] = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)
LABEL_INDEX: dict[str, int] = {name: i for i, name in enumerate(LABELS)}

#: One-line glosses, used in explanations and the HTML report.
GLOSS: dict[str, str] = {
    "Appeal_to_Authority": "a claim is true because an authority says so",
    "Appeal_to_fear-prejudice": "support built on fear or prejudice towards an alternative",
    "Bandwagon,Reductio_ad_hitlerum": "everyone does it / the hated group does it",
    "Black-and-White_Fallacy": "two alternatives presented as the only ones",
    "Causal_Oversimplification": "one cause assumed for a complex outcome",
    "Doubt": "questioning the credibility of someone or something",
    "Exaggeration,Minimisation": "representing something as larger or smaller than it is",
    "Flag-Waving": "playing on national or group feeling",
    "Loaded_Language": "words with strong emotional implications",
    "Name_Calling,Labeling": "labelling the object of the message as feared, hated or loved",
    "Repetition": "the same message repeated over and over",
    "Slogans": "a brief, striking phrase",
    "Thought-terminating_Cliches": "a phrase that discourages critical thought",
    "Whataboutism,Straw_Men,Red_Herring": "deflecting, distorting or diverting from the argument",
}
