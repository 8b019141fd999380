"""Speaker resolution: from a source phrase to a canonical :class:`~newsift.schema.Actor`.

* Names and descriptions resolve through the actor clusters (:mod:`newsift.nlp.actors`),
  so "the ministry" and "the Russian Ministry" land on "Russian Defense Ministry".
* Pronouns ("it", "they", "he") resolve to the speaker of the attribution just before,
  when compatible (news reports keep one speaker across consecutive quotes), else to the
  nearest compatible actor mentioned before; "I"/"we" inside a quote are the quote's
  speaker.
* Documents as metonyms ("the statement read", "it added") resolve to the author named
  where the document was introduced ("X said in a statement"); a named study or report
  stays its own speaker.
* "the results/findings of X" → X.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsift.analyzers.attribution.lexicon import lemma_of
from newsift.analyzers.attribution.rules import Cand, source_bounds, subject_of
from newsift.nlp.actors import DOCUMENT_NOUNS, ActorIndex
from newsift.schema import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers"}
THING_PRONOUNS = {"it", "its"}
PLURAL_PRONOUNS = {"they", "them", "their"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
#: Documents that are someone's utterance: they speak for their author.
UTTERANCE_DOCS = {"statement", "communique", "communiqué", "release", "letter", "announcement", "message",
                  "declaration", "note", "memo", "post", "tweet"}
_PARTITIVE = {"results", "findings", "data", "figures", "authors", "conclusions"}


def compatible(pronoun: str, actor: Actor) -> bool:
    kind = actor.kind
    if pronoun in PERSON_PRONOUNS:
        return kind in {"person", "other"}
    if pronoun in THING_PRONOUNS:
        return kind in {"org", "state", "group", "document", "media", "other"}
    if pronoun in PLURAL_PRONOUNS:
        return kind != "place"
    return True


class Resolver:
    """Resolves the speakers of a document's candidates, in text order."""

    def __init__(self, doc: Doc, index: ActorIndex) -> None:
        self.doc = doc
        self.index = index
        self.history: list[tuple[int, Actor, Cand]] = []  # (cue start, speaker, cand) in text order

    def actor_for_phrase(self, h: Token) -> Actor | None:
        doc = self.doc
        # "the results of the Study", "the authors of the report" → the named party
        if h.lower_ in _PARTITIVE - {"authors"}:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    p = next((x for x in c.children if x.dep_ == "pobj"), None)
                    if p is not None:
                        a = self.actor_for_phrase(p)
                        if a is not None:
                            return a
        a = self.index.actor_of_token(h.i)
        if a is not None:
            return a
        # a compound/possessive proper name inside the phrase ("Smith's lawyer" stays the lawyer)
        s, e = source_bounds(doc, h)
        return self.index.add_description(doc, s, e, h.i, kind_hint=_hint_for(h))

    def document_author(self, h: Token, before: int) -> Actor | None:
        """Author of "the statement": who said something "in a statement" earlier."""
        doc = self.doc
        noun = h.lower_
        for t in reversed(doc[:max(0, h.i)]):
            if t.lower_ != noun:
                continue
            gov = t.head
            if t.dep_ == "pobj" and gov.lower_ in {"in", "through", "via"}:
                verb = gov.head
                if lemma_of(verb.lower_) or verb.tag_.startswith("VB"):
                    s = subject_of(verb)
                    if s is not None and s.tag_ != "PRP":
                        return self.actor_for_phrase(s)
                    if s is not None:
                        return self.pronoun(s, verb.idx)
            poss = next((c for c in t.children if c.dep_ == "poss"), None)
            if poss is not None and poss.tag_ != "PRP$":
                return self.actor_for_phrase(poss)
            by = next((c for c in t.children if c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "from", "of"}), None)
            if by is not None:
                p = next((x for x in by.children if x.dep_ == "pobj"), None)
                if p is not None:
                    return self.actor_for_phrase(p)
        return None

    def previous(self, pos: int, pronoun: str) -> Actor | None:
        for start, actor, _ in reversed(self.history):
            if start < pos and compatible(pronoun, actor):
                return actor
        return None

    def pronoun(self, h: Token, pos: int) -> Actor | None:
        w = h.lower_
        prev = self.previous(pos, w)
        # nearest compatible actor mentioned before the pronoun, within a few sentences
        nearest: Actor | None = None
        floor = self.doc[max(0, h.i - 120)].idx
        for m in reversed(self.index.mentions):
            if m.end > h.idx or m.start < floor:
                continue
            if m.actor < 0 or m.actor >= len(self.index.actors):
                continue
            a = self.index.actors[m.actor]
            if a.kind == "document" and w in PERSON_PRONOUNS | PLURAL_PRONOUNS:
                continue
            if compatible(w, a) and a.kind not in {"place"}:
                nearest = a
                break
        if prev is not None:
            # prefer speaker continuity unless a compatible actor is the subject of this sentence's
            # earlier clause (e.g. "X released photos they said …" is handled by continuity too)
            return prev
        return nearest

    def resolve(self, c: Cand, enclosing: Cand | None, enclosing_actor: Actor | None) -> tuple[Actor | None, str]:
        """The speaker of ``c`` and a note on how it was found."""
        if c.follow_of is not None:
            for _start, actor, cand in reversed(self.history):
                if cand is c.follow_of:
                    return actor, "speaker of the preceding attribution"
        if c.source_tok is None:
            return None, "no source"
        h = self.doc[c.source_tok]
        w = h.lower_
        if h.tag_ in {"PRP", "PRP$"} or w in PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS | FIRST_PERSON:
            if w in FIRST_PERSON:
                if enclosing_actor is not None:
                    return enclosing_actor, f"first person '{h.text}' inside a quote of that speaker"
                return None, f"first person '{h.text}' with no enclosing quote"
            a = self.pronoun(h, c.cue[0])
            return a, f"pronoun '{h.text}' resolved to the previous compatible speaker or mention"
        if w in DOCUMENT_NOUNS and not any(x.tag_ in {"NNP", "NNPS"} for x in h.subtree):
            if w in UTTERANCE_DOCS:
                a = self.document_author(h, c.cue[0])
                if a is not None:
                    return a, f"'{h.text}' stands for its author"
                prev = self.previous(c.cue[0], "it")
                if prev is not None:
                    return prev, f"'{h.text}' stands for the previous speaker"
            a = self.index.actor_of_token(h.i)
            if a is not None:
                return a, "document description"
        return self.actor_for_phrase(h), "source phrase"

    def remember(self, c: Cand, actor: Actor | None) -> None:
        if actor is not None:
            self.history.append((c.cue[0], actor, c))


def _hint_for(h: Token) -> str:
    from newsift.nlp.actors import ORG_NOUNS, PERSON_NOUNS

    w = h.lower_
    if w in PERSON_NOUNS:
        return "person"
    if w in ORG_NOUNS:
        return "org"
    if w in DOCUMENT_NOUNS:
        return "document"
    return "other"
