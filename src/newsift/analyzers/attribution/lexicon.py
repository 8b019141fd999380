"""Cue lexicon: reporting, cognition and perception verbs, with their verb classes.

The parse runs without spaCy's lemmatizer, so inflected forms are generated here
(regular rules plus a small irregular table). Verb classes say how the outlet frames the
speaker's words: ``neutral`` ("said"), ``distancing`` ("claimed", "alleged"), ``factive``
(presents the content as true: "revealed", "proved", "pointed out"), ``cognition``
("believes", "suspects") and ``perception`` ("saw", "heard").

``SPEECH`` verbs take any subject. The other cues need an agent-like subject (a person,
organisation, pronoun or document), so "Such actions prove that …" is not attribution.
"""

from __future__ import annotations

NEUTRAL = {
    "say", "tell", "add", "state", "explain", "announce", "report", "write", "comment", "reply", "respond",
    "answer", "continue", "remark", "mention", "declare", "describe", "quote", "cite", "tweet", "post",
    "testify", "recount", "recall", "warn", "urge", "demand", "ask", "recommend", "propose", "suggest",
    "predict", "promise", "pledge", "vow", "threaten", "estimate", "emphasize", "emphasise", "stress",
    "reiterate", "underline", "underscore", "highlight", "indicate", "complain", "agree", "disagree", "deny",
    "dismiss", "inform", "assure", "speculate", "boast", "joke", "quip", "grumble", "sigh", "shout",
    "scream", "whisper", "exclaim", "cry", "murmur", "mutter", "affirm", "reaffirm", "repeat", "specify",
    "clarify", "forecast", "advise", "order", "instruct", "request", "appeal", "plead", "blame", "argue",
    "conclude", "brief", "caution", "counter", "retort", "interject", "concur", "contest", "dispute",
    "project", "reason", "observe", "hint", "imply", "signal", "acknowledge", "read", "insist",
    "rule", "decide", "accept", "welcome", "praise", "criticise",
    "criticize", "condemn", "question", "challenge", "worry", "stipulate", "call", "mean",
}
DISTANCING = {"claim", "allege", "purport", "maintain", "contend", "assert", "accuse", "charge", "profess"}
FACTIVE = {
    "reveal", "prove", "show", "confirm", "acknowledge", "admit", "demonstrate", "disclose", "establish",
    "note", "discover", "uncover", "expose", "concede", "find", "point", "learn", "realise", "realize",
    "recognise", "recognize", "verify", "document",
}
COGNITION = {
    "think", "believe", "suspect", "expect", "hope", "fear", "feel", "know", "consider", "doubt", "assume",
    "understand", "suppose", "imagine", "guess", "reckon", "wonder", "anticipate", "figure", "trust",
    "suggest", "estimate", "decide", "determine", "judge", "hypothesise", "hypothesize", "theorise",
    "theorize", "speculate", "calculate", "convince",
}
PERCEPTION = {"see", "hear", "watch", "notice", "witness", "sense", "spot", "detect", "observe", "perceive"}

#: Verbs whose subject may be anything (pure speech acts and their manner verbs).
SPEECH = {
    "say", "tell", "add", "state", "explain", "announce", "write", "comment", "reply", "respond", "answer",
    "remark", "mention", "declare", "claim", "allege", "insist", "assert", "contend", "maintain", "tweet",
    "testify", "warn", "urge", "deny", "argue", "reiterate", "stress", "emphasize", "emphasise", "shout",
    "whisper", "exclaim", "quip", "joke", "grumble", "sigh", "mutter", "murmur", "affirm", "reaffirm", "complain",
    "concede", "admit", "acknowledge", "predict", "promise", "vow", "pledge", "boast", "counter", "retort",
    "caution", "note", "point", "recall", "report", "continue",
}
#: Lemmas that are cues only in fixed constructions (checked by the rules).
RESTRICTED = {
    "read": "a document subject: 'the statement read'",
    "point": "the particle 'out': 'pointed out'",
    "continue": "a quote or clause content",
    "call": "'call for' / 'call on'",
    "find": "a clausal complement",
    "show": "a clausal complement",
    "mean": "a clausal complement",
}
#: Lemmas that commonly take an infinitive/gerund complement as their content ("suggested conducting").
XCOMP_CONTENT = {
    "suggest", "propose", "urge", "recommend", "ask", "call", "warn", "claim", "deny", "promise", "pledge",
    "vow", "threaten", "demand", "advise", "order", "instruct", "request", "appeal", "plead", "pretend",
    "purport", "admit", "decide", "expect", "hope", "agree", "offer",
}

IRREGULAR = {
    "say": ["said", "says", "saying"], "tell": ["told", "tells", "telling"], "write": ["wrote", "written", "writes", "writing"],
    "think": ["thought", "thinks", "thinking"], "know": ["knew", "known", "knows", "knowing"],
    "see": ["saw", "seen", "sees", "seeing"], "hear": ["heard", "hears", "hearing"], "feel": ["felt", "feels", "feeling"],
    "find": ["found", "finds", "finding"], "understand": ["understood", "understands", "understanding"],
    "read": ["reads", "reading"], "show": ["showed", "shown", "shows", "showing"],
    "forecast": ["forecasts", "forecasting", "forecasted"], "learn": ["learned", "learnt", "learns", "learning"],
    "mean": ["meant", "means", "meaning"], "speak": ["spoke", "spoken", "speaks", "speaking"],
    "cry": ["cried", "cries", "crying"], "reply": ["replied", "replies", "replying"], "deny": ["denied", "denies", "denying"],
    "imply": ["implied", "implies", "implying"], "testify": ["testified", "testifies", "testifying"],
    "specify": ["specified", "specifies", "specifying"], "clarify": ["clarified", "clarifies", "clarifying"],
    "verify": ["verified", "verifies", "verifying"], "quip": ["quipped", "quips", "quipping"],
    "admit": ["admitted", "admits", "admitting"], "spot": ["spotted", "spots", "spotting"],
    "signal": ["signalled", "signaled", "signals", "signalling", "signaling"],
    "rule": ["ruled", "rules", "ruling"], "prove": ["proved", "proven", "proves", "proving"],
    "figure": ["figured", "figures", "figuring"], "judge": ["judged", "judges", "judging"],
}


def _regular(lemma: str) -> list[str]:
    out = [lemma]
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        out.append(lemma + "es")
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        out.append(lemma[:-1] + "ies")
    else:
        out.append(lemma + "s")
    if lemma.endswith("e"):
        out += [lemma + "d", lemma[:-1] + "ing"]
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        out += [lemma[:-1] + "ied", lemma + "ing"]
    else:
        out += [lemma + "ed", lemma + "ing"]
    return out


def verb_class(lemma: str) -> str:
    """The verb class of a cue lemma (see the module docstring)."""
    if lemma in DISTANCING:
        return "distancing"
    if lemma in FACTIVE:
        return "factive"
    if lemma in PERCEPTION:
        return "perception"
    if lemma in COGNITION and lemma not in NEUTRAL:
        return "cognition"
    if lemma in NEUTRAL or lemma == "according to":
        return "neutral"
    return "other"


ALL_LEMMAS = NEUTRAL | DISTANCING | FACTIVE | COGNITION | PERCEPTION
FORMS: dict[str, str] = {}
for _lemma in sorted(ALL_LEMMAS):
    for _form in IRREGULAR.get(_lemma, []) + [_lemma] + ([] if _lemma in IRREGULAR else _regular(_lemma)):
        FORMS.setdefault(_form, _lemma)
# doubled consonants: "admitted" handled above; a few more regular ones
for _form, _lemma in {"committed": "commit", "referred": "refer", "preferred": "prefer"}.items():
    FORMS.pop(_form, None)


def lemma_of(word: str) -> str | None:
    """The cue lemma of a word form, or None when the word is not a cue."""
    return FORMS.get(word.lower())
