"""Claim units: which stretches of text assert something, and who asserts them.

A claim unit is a sentence (or the part of it) that one voice asserts:

* the **content of an attribution**, clipped to sentences, asserted by that attribution.
  When a nested attribution sits inside it ("the statement read: 'the US side refused …,
  claiming that X'"), the nested content X is its own unit (asserted by the nested
  attribution) and the parent keeps the rest, minus the nested cue and source at its
  edge ("… refused to carry out airstrikes"). A nested content in the *middle* of its
  parent leaves the parent whole.
* the **outlet's own words**: what no attribution's content, cue or source covers
  ("On Tuesday morning, the Ministry released photos").

A unit must contain a finite verb (tag VBD/VBZ/VBP/MD) and three words: "in a statement
on Tuesday" and "conducting a joint operation" (the object of "suggested", a proposal,
not an assertion) are not claims.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from newsift.schema import Actor, Attribution, Span, make_span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_EDGE_WORDS = re.compile(r"^(?:that|and|but|while|as|,|:|;|-|–|—)\s+|\s+(?:that|and|but|while|as)$", re.I)
_TRIM = " \t\n\r“”\"'‘’,;:–—-"


@dataclass
class Unit:
    start: int
    end: int
    asserted_by: str  # "outlet" or an Attribution id
    attribution: Attribution | None = None
    notes: list[str] = field(default_factory=list)


def sentence_spans(doc: Doc, text: str) -> list[tuple[int, int]]:
    """(start_char, end_char) of spaCy's sentences, read from the doc's arrays once and cached
    on the doc (iterating ``doc.sents`` builds a Token per word, several times per article)."""
    cached = doc.user_data.get("newsift.sentence_spans")
    if cached is not None:
        return cached
    from spacy.attrs import IDX, SENT_START

    arr = doc.to_array([IDX, SENT_START])
    if not len(arr):
        return []
    flags = arr[:, 1].astype(np.int64)  # SENT_START is 1 / 0 / -1 stored unsigned
    flags[0] = 1
    starts = arr[flags == 1, 0].tolist()
    ends = [*starts[1:], len(text)]  # ``text`` is the doc's text: ``doc.text`` would rebuild it token by token
    spans = []
    for a, b in zip(starts, ends, strict=True):
        while b > a and text[b - 1].isspace():  # spaCy's sentence spans end at the last token
            b -= 1
        spans.append((a, b))
    doc.user_data["newsift.sentence_spans"] = spans
    return spans


def segments(text: str, doc: Doc | None, skip: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Sentence spans: spaCy's sentences, also split at line breaks (a title and its first
    paragraph are not one sentence), minus ``skip`` (the dateline)."""
    bounds: list[tuple[int, int]] = []
    if doc is not None:
        raw = sentence_spans(doc, text)
    else:
        raw = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*[”\"’']?", text)]
    skips = list(skip)
    for a, b in raw:
        pos = a
        for part in re.split(r"(\n+)", text[a:b]):
            s, e = pos, pos + len(part)
            pos = e
            if not part.strip():
                continue
            for sa, sb in skips:
                if sa <= s < sb:
                    s = sb
                if sa < e <= sb:
                    e = sa
            s, e = _trim(text, s, e)
            if e > s:
                bounds.append((s, e))
    return bounds


def _trim(text: str, s: int, e: int, chars: str = _TRIM) -> tuple[int, int]:
    while s < e and text[s] in chars:
        s += 1
    while e > s and text[e - 1] in chars:
        e -= 1
    return s, e


def _trim_edges(text: str, s: int, e: int, cut_right: list[tuple[int, int]] = (), cut_left: list[tuple[int, int]] = ()) -> tuple[int, int]:
    """Strip punctuation and connectors ("that", "and") at both edges, and the given spans
    (a nested cue and source) where they sit at the right (``cut_right``) or left edge."""
    changed = True
    while changed and e > s:
        changed = False
        s2, e2 = _trim(text, s, e)
        for a, b in cut_right:
            if s2 <= a < e2 <= b + 1 and text[b:e2].strip(_TRIM) == "":
                e2 = a
        for a, b in cut_left:
            if a <= s2 < b < e2 and text[s2:a].strip(_TRIM) == "":
                s2 = b
        m = re.search(r"(?:\s|^)(?:that|and|but|while)$", text[s2:e2], re.I)
        if m and e2 - s2 > len(m.group(0)):
            e2 = s2 + m.start()
        m = re.match(r"^(?:that|and|but)\s", text[s2:e2], re.I)
        if m:
            s2 += m.end()
        s2, e2 = _trim(text, s2, e2)
        if (s2, e2) != (s, e):
            s, e, changed = s2, e2, True
    return s, e


def _pieces(whole: tuple[int, int], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, pos = [], whole[0]
    for a, b in sorted(holes):
        if b <= pos or a >= whole[1]:
            continue
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < whole[1]:
        out.append((pos, whole[1]))
    return out


def extract_units(text: str, doc: Doc | None, attributions: list[Attribution], skip: Iterable[tuple[int, int]] = ()) -> list[Unit]:
    """All claim units of the article, in text order (see the module docstring)."""
    segs = segments(text, doc, skip)
    children: dict[str, list[Attribution]] = {}
    for a in attributions:
        if a.parent:
            children.setdefault(a.parent, []).append(a)
    raw: list[Unit] = []
    for att in attributions:
        kids = children.get(att.id, [])
        kid_content = [(c.start, c.end) for k in kids for c in k.content]
        kid_frame = [(k.cue.start, k.cue.end) for k in kids] + [(k.source.start, k.source.end) for k in kids if k.source]
        for c in att.content:
            pieces = [p for p in _pieces((c.start, c.end), kid_content) if any(ch.isalnum() for ch in text[p[0]:p[1]])]
            note = ""
            if len(pieces) > 1:  # nested content in the middle: the parent's claim is the whole
                pieces, note = [(c.start, c.end)], "a nested statement sits inside this one"
            for ps, pe in pieces:
                # trim nested cues/sources only on the side where nested content was cut away
                right = kid_frame if not note and any(ka >= pe for ka, _ in kid_content) else []
                left = kid_frame if not note and any(kb <= ps for _, kb in kid_content) else []
                for ss, se in segs:
                    a, b = max(ps, ss), min(pe, se)
                    if b <= a:
                        continue
                    a, b = _trim_edges(text, a, b, right, left)
                    if b > a:
                        raw.append(Unit(a, b, att.id, att, [note] if note else []))
    covered = [(c.start, c.end) for a in attributions for c in a.content]
    frame = [(a.cue.start, a.cue.end) for a in attributions] + [(a.source.start, a.source.end) for a in attributions if a.source]
    cues = [(a.cue.start, a.cue.end) for a in attributions]
    for ss, se in segs:
        # a source can be the subject of the outlet's own sentence ("The army denied it, saying …"):
        # cut contents away, then the frame only where it is left dangling at the right edge
        for a, b in _pieces((ss, se), covered + cues):
            a, b = _trim_edges(text, a, b, frame, cues)
            if b > a:
                raw.append(Unit(a, b, "outlet", None, ["not inside any attribution: the outlet's own words"]))
    units: dict[tuple[int, int], Unit] = {}
    offsets = finite_offsets(doc)
    for u in sorted(raw, key=lambda u: (u.start, -u.end)):
        if (u.start, u.end) not in units and is_assertion(text, doc, u.start, u.end, frame, offsets):
            units[(u.start, u.end)] = u
    return sorted(units.values(), key=lambda u: (u.start, u.end))


def tokens_in(doc: Doc | None, start: int, end: int) -> list[Token]:
    if doc is None:
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def finite_offsets(doc: Doc | None) -> list[int]:
    """Character offsets of the finite verbs of ``doc``, read from its arrays (creating a
    Token object per word costs more than the rest of the claims analyzer)."""
    if doc is None:
        return []
    from spacy.attrs import IDX, TAG

    strings = doc.vocab.strings
    finite = {strings[t] for t in FINITE_TAGS if t in strings}
    arr = doc.to_array([IDX, TAG])
    if not len(arr):
        return []
    return arr[np.isin(arr[:, 1], list(finite)), 0].tolist()


def has_finite(offsets: list[int], start: int, end: int, frame: Iterable[tuple[int, int]] = ()) -> bool:
    """Whether a finite verb (not an attribution cue) starts in ``[start, end)``."""
    i = bisect.bisect_left(offsets, start)
    while i < len(offsets) and offsets[i] < end:
        if not any(a <= offsets[i] < b for a, b in frame):
            return True
        i += 1
    return False


def is_assertion(text: str, doc: Doc | None, start: int, end: int, frame: list[tuple[int, int]] = (),
                 offsets: list[int] | None = None) -> bool:
    """A unit asserts something when it has three words and a finite verb that is not an attribution cue."""
    if len(re.findall(r"\w+", text[start:end])) < 3:
        return False
    if doc is None:
        return True
    return has_finite(finite_offsets(doc) if offsets is None else offsets, start, end, frame)


# --- accusation targets -------------------------------------------------------------

#: Wrongdoing whatever its object ("pretends", "hamper").
WRONGDOING = frozenset({
    "pretend", "pretends", "pretended", "pretending", "hamper", "hampers", "hampered", "hampering",
    "obstruct", "obstructs", "obstructed", "obstacles", "sabotage", "sabotaged", "violate", "violates", "violated",
    "violation", "violations", "lied", "fabricate", "fabricated", "fabricating",
    "massacre", "massacred", "crimes", "crime", "aggression", "occupation", "occupy", "occupies", "occupied",
    "loot", "looted", "looting", "smuggle", "smuggled", "smuggling", "plot", "plotted", "conspire", "conspired",
    "collude", "colluded", "collusion", "bomb", "bombs", "bombed", "shell", "shells", "shelled", "kill", "kills", "killed", "murdered", "tortured", "kidnapped",
    "deceive", "deceived", "falsified", "covered-up", "terrorize", "terrorized", "provoke", "provoked", "provocation",
})
#: Violence: an accusation unless its victims are an armed group.
VIOLENCE = frozenset({
    "bomb", "bombs", "bombed", "shell", "shells", "shelled", "kill", "kills", "killed", "murdered", "massacred",
    "tortured", "kidnapped", "attacked", "attack", "attacks", "struck", "strikes", "targeted", "targets",
})
#: Wrongdoing only when aimed at or benefiting a terrorist/armed group ("support Daesh").
AIDING = frozenset({
    "support", "supports", "supported", "supporting", "cooperation", "cooperate", "cooperates", "cooperated",
    "cover", "shield", "shields", "shielded", "protect", "protects", "protected", "aid", "aids", "aided",
    "fund", "funds", "funded", "funding", "arm", "arms", "armed", "arming", "back", "backs", "backed", "backing",
    "help", "helps", "helped", "assist", "assists", "assisted", "assistance", "finance", "financed",
    "refuse", "refuses", "refused", "refusing", "spare", "spared", "evacuate", "evacuated", "supply", "supplied",
})
NEGATIVE_GROUPS = re.compile(
    r"\b(?:terrorists?|terrorism|militants?|daesh|isis|isil|islamic state|al[- ]qaeda|nusra|extremists?|jihadists?|insurgents?|"
    r"mercenar(?:y|ies)|gangs?)\b", re.I,
)
TRIGGER_RE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, WRONGDOING | AIDING | VIOLENCE), key=len, reverse=True)) + r")\b", re.I)
#: Common nouns that name a party able to answer an accusation (proper names always do).
PARTY_NOUNS = frozenset(
    ["coalition", "government", "army", "forces", "force", "regime", "militia", "militias", "police", "troops", "side", "ministry", "authorities", "administration", "officials", "agency", "company", "companies", "firm", "corporation", "party", "opposition", "rebels", "council", "commission", "committee", "court", "state", "states", "alliance", "bloc", "navy", "military", "command", "leadership", "president", "minister", "embassy", "intelligence", "services", "service", "kremlin", "pentagon", "junta", "cartel", "union", "washington", "regime"]
)
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "them"})


@dataclass
class FoundTarget:
    start: int
    end: int
    name: str
    trigger: str


def _np_span(tok: Token) -> tuple[int, int]:
    """The noun phrase of ``tok`` without relative clauses or prepositional tails."""
    left = tok
    for child in tok.lefts:
        if child.dep_ in {"compound", "amod", "npadvmod", "nmod", "det", "poss", "punct"} or child.tag_ == "HYPH":
            left = child if child.i < left.i else left
            for sub in child.subtree:
                left = sub if sub.i < left.i else left
    s = left.idx
    while left.i < tok.i and left.dep_ in {"det", "punct"}:
        left = left.doc[left.i + 1]
        s = left.idx
    e = tok.idx + len(tok.text)
    return s, e


def _by_agent(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            for p in child.children:
                if p.dep_ == "pobj":
                    return p
    return None


VERB_LINKS = frozenset({"xcomp", "advcl", "conj"})
NOUN_LINKS = frozenset({"dobj", "pobj", "prep", "attr", "acl", "pcomp", "conj", "xcomp", "advcl"})


def _direct_scope(t: Token) -> str:
    """Words right of ``t`` in its subtree, not crossing into another verb's clause:
    "support for ISIS", not "help … to fight ISIL"."""
    out: list[str] = []
    stack = [c for c in t.children if c.i > t.i]
    while stack:
        c = stack.pop()
        verb = c.pos_ in {"VERB", "AUX"}
        if verb and (c.dep_ in {"xcomp", "advcl", "ccomp", "relcl", "conj"} or (c.dep_ == "acl" and c.tag_ == "VB")):
            continue  # another clause ("to fight ISIL"); a participle ("support provided … to Daesh") stays
        out.append(c.text)
        stack.extend(c.children)
    return " ".join(out)


def _agent_of(tok: Token) -> Token | None:
    """The doer of the wrongdoing named by ``tok``, walking up at most five steps through
    xcomp/advcl/conj/object links: at each step a 'by X' agent ("support provided by X",
    "facts of cooperation … by X"), a possessor (for nouns), or the nearest subject."""
    cur = tok
    for _ in range(6):
        by = _by_agent(cur)
        if by is None:
            for child in cur.children:
                if child.dep_ == "acl" and (by := _by_agent(child)) is not None:
                    break
        if by is not None:
            return by
        if cur.pos_ == "NOUN":
            for child in cur.children:
                if child.dep_ == "poss":
                    return child
        subj = [c for c in cur.children if c.dep_ == "nsubj" and c.i < cur.i]
        if subj:
            return max(subj, key=lambda c: c.i)
        # a noun climbs to the verb it depends on; a verb climbs only along its own chain
        # ("tried to create … to shield"), never out of a clause into the sentence's reporting verb
        links = VERB_LINKS if cur.pos_ in {"VERB", "AUX"} else NOUN_LINKS
        if cur.dep_ in links and cur.head is not cur:
            cur = cur.head
        else:
            break
    return None


def _refine(agent: Token) -> Token:
    """'The coalition's aviation' → the coalition: a possessor names the party behind an instrument."""
    for child in agent.children:
        if child.dep_ == "poss" and child.lower_ not in _PRONOUNS:
            return child
    if agent.pos_ != "PROPN" and agent.lower_ not in PARTY_NOUNS:  # "regime air strikes" → the regime
        for child in agent.children:
            if child.dep_ == "compound" and child.lower_ in PARTY_NOUNS:
                return child
    for child in agent.children:  # "Such actions by the coalition"
        if child.dep_ == "prep" and child.lower_ == "by":
            for p in child.children:
                if p.dep_ == "pobj":
                    return p
    return agent


def find_targets(text: str, doc: Doc | None, start: int, end: int) -> list[FoundTarget]:
    """Parties accused in ``text[start:end]``: agents of wrongdoing words (module lists)."""
    if doc is None or not TRIGGER_RE.search(text, start, end):
        return []  # cheap test first: most sentences accuse no one
    toks = tokens_in(doc, start, end)
    found: list[FoundTarget] = []
    last: FoundTarget | None = None
    for t in toks:
        low = t.lower_
        if low in VIOLENCE:
            # violence is an accusation when a verb's victims are not an armed group
            # ("killed 25 children", not "killed 60 Daesh terrorists"; "shells" the noun is no act)
            victims = _direct_scope(t) + " " + " ".join(x.text for c in t.children if c.dep_ == "nsubjpass" for x in c.subtree)
            if t.pos_ not in {"VERB", "AUX"} or NEGATIVE_GROUPS.search(victims):
                continue
        elif low in WRONGDOING:
            pass
        elif low in AIDING:
            # aiding is wrongdoing only when a terrorist/armed group is its object: the words
            # right of the trigger in its own clause ("support for ISIS terrorists", not "air cover",
            # not "help … to fight ISIL"); a refusal reaches into the refused act
            scope = " ".join(x.text for x in t.subtree if x.i >= t.i) if low.startswith("refus") else _direct_scope(t)
            if not NEGATIVE_GROUPS.search(scope):
                continue
            if low in {"support", "supports", "supported", "supporting"} and any(
                c.lower_ == "claim" for c in t.children
            ):  # "to support the claim"
                continue
        else:
            continue
        agent = _agent_of(t)
        if agent is None:
            continue
        if agent.lower_ in _PRONOUNS:
            if last is not None:
                found.append(FoundTarget(last.start, last.end, last.name, t.text))
            continue
        if agent.lower_ == "there":
            continue
        agent = _refine(agent)
        if agent.pos_ not in {"PROPN", "NOUN"} and agent.tag_ not in {"NNP", "NNPS", "NN", "NNS"}:
            continue
        if agent.pos_ != "PROPN" and agent.lower_ not in PARTY_NOUNS:
            continue  # "Child killed …", "the liberation operation": not a party that can be heard
        s, e = _np_span(agent)
        if not (start <= s and e <= end):
            continue
        name = text[s:e]
        if NEGATIVE_GROUPS.search(name):
            continue  # armed groups named as such are the object of the accusations, not the accused party
        last = FoundTarget(s, e, name, t.text)
        found.append(last)
    return found


# --- actors -----------------------------------------------------------------------------

def _norm(s: str) -> str:
    s = re.sub(r"^(?:the|a|an)\s+", "", s.strip(), flags=re.I)
    return re.sub(r"[\s\u2019'’]+s$", "", s).lower()


def match_actor(actors: list[Actor], start: int, end: int, name: str) -> Actor | None:
    """The actor a noun phrase refers to: by mention span, then by alias, then by head noun
    ("the coalition" → the actor whose alias is "US-led coalition")."""
    best, best_ov = None, 0
    for actor in actors:
        for m in actor.mentions:
            ov = min(end, m.end) - max(start, m.start)
            if ov > best_ov:
                best, best_ov = actor, ov
    if best is not None:
        return best
    n = _norm(name)
    for actor in actors:
        if n in {_norm(x) for x in [actor.name, *actor.aliases]}:
            return actor
    head = n.split()[-1] if n.split() else n
    for actor in actors:
        for alias in [actor.name, *actor.aliases]:
            words = re.split(r"[\s-]+", _norm(alias))
            if words and words[-1] == head and head not in {"side", "forces", "state", "government"}:
                return actor
    return None


def actor_names(actors: list[Actor]) -> Mapping[str, str]:
    return {a.id: a.name for a in actors}


def span_of(text: str, start: int, end: int) -> Span:
    return make_span(text, start, end)
