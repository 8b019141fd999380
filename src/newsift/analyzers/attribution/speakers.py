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

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from newsift.analyzers.attribution.lexicon import lemma_of
from newsift.analyzers.attribution.rules import Cand, source_bounds, subject_of
from newsift.nlp.actors import (
    DOCUMENT_NOUNS,
    EVENT_HEADS,
    ORG_HEADS,
    PERSON_NOUNS,
    ActorIndex,
    norm_name,
    token_table,
    world_knowledge,
)
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
PERSON_TITLES_LOWER = {"ambassador", "minister", "president", "secretary", "spokesman", "spokeswoman", "spokesperson",
                       "director", "chairman", "chairwoman", "governor", "mayor", "senator", "commander", "chief",
                       "envoy", "prosecutor", "judge", "general", "colonel", "chancellor", "premier", "king", "queen"}
_DEMONYM_SHAPE = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|i)$")
_PARTITIVE = {"results", "findings", "data", "figures", "authors", "conclusions"}


def compatible(pronoun: str, actor: Actor, index: ActorIndex | None = None) -> bool:
    """Whether ``pronoun`` can refer to ``actor`` (number and person/thing, no gender)."""
    kind = actor.kind
    plural = personish = False
    if index is not None:
        i = int(actor.id[5:]) - 1 if actor.id.startswith("actor") and actor.id[5:].isdigit() else -1
        if 0 <= i < len(index.clusters):
            c = index.clusters[i]
            ms = c.mentions
            plural = sum(m.plural for m in ms) * 2 > len(ms)
            personish = kind == "person" or bool(c.firsts and c.surnames and kind not in {"org", "place", "state"}
                                                      and not c.heads & (ORG_HEADS | EVENT_HEADS))
    else:
        personish = kind == "person"
    if pronoun in PERSON_PRONOUNS:
        return not plural and (personish or (kind == "other" and index is None))
    if pronoun in THING_PRONOUNS:
        return not plural and not personish and kind != "place"
    if pronoun in PLURAL_PRONOUNS:
        return (plural or kind in {"org", "state", "group", "media"}) and kind != "place"
    return True


def _idx(actor: Actor) -> int:
    return int(actor.id[5:]) - 1 if actor.id.startswith("actor") and actor.id[5:].isdigit() else -1


class Resolver:
    """Resolves the speakers of a document's candidates, in text order."""

    def __init__(self, doc: Doc, index: ActorIndex, quotes: list[tuple[int, int]] | None = None,
                 sent_starts: list[int] | None = None) -> None:
        self.doc = doc
        self.index = index
        self.quotes = quotes or []
        self.history: list[tuple[int, Actor, Cand]] = []  # (cue start, speaker, cand) in text order
        self.resolved: dict[int, Actor] = {}  # id(cand) → speaker
        self.sent_starts = sent_starts if sent_starts is not None else [sent.start for sent in doc.sents]
        self.tok_starts = token_table(doc).idx
        self.by_id: dict[int, Cand] = {}

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
        title_only = a is not None and h.tag_ in {"NNP", "NNPS"} and h.lower_ in PERSON_TITLES_LOWER
        if a is not None and ((a.kind != "person" and h.tag_ not in {"NNP", "NNPS"}) or title_only):
            # "American academic and professor Marc Lamont Hill": a role noun whose phrase
            # goes on to name the person (no comma between) is that person
            stop = h.i + 9 if title_only else h.right_edge.i + 1
            for t in doc[h.i + 1:min(stop, len(doc))]:
                if t.text in {",", "(", "—", "–", ";"} or t.tag_.startswith("VB"):
                    break
                p = self.index.actor_of_token(t.i)
                if p is not None and p.kind == "person" and t.tag_ in {"NNP", "NNPS"}:
                    return p
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

    def previous(self, pos: int, pronoun: str) -> tuple[int, Actor] | None:
        """The latest earlier speaker compatible with ``pronoun``, with its source position."""
        for start, actor, cand in reversed(self.history):
            if start < pos and compatible(pronoun, actor, self.index):
                src = cand.source[0] if cand.source else start
                return src, actor
        return None

    def _in_quote(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quotes)

    def _sent_index(self, tok_i: int) -> int:
        return bisect_right(self.sent_starts, tok_i) - 1

    def pronoun(self, h: Token, pos: int, exclude: list[tuple[int, int]] | None = None) -> Actor | None:
        """Antecedent of a pronoun source, by a small salience score over earlier mentions.

        Candidates agree in number, person/thing and (when known) gender. Recency in
        sentences counts most; being a subject, being the previous speaker and being named
        (not described) add weight. Mentions inside the quote being attributed, and inside
        quotations when the pronoun itself is outside them, are not candidates.
        """
        w = h.lower_
        exclude = exclude or []
        want_gender = "m" if w in {"he", "him", "his"} else "f" if w in {"she", "her", "hers"} else None
        prev = self.previous(pos, w)
        pron_in_quote = self._in_quote(h.idx)
        here = self._sent_index(h.i)
        floor = self.doc[max(0, h.i - 150)].idx
        best: tuple[float, int, Actor] | None = None
        for m in reversed(self.index.mentions):
            if m.end > h.idx:
                continue
            if m.start < floor:
                break
            if m.actor < 0 or m.actor >= len(self.index.actors):
                continue
            if any(s <= m.start < e for s, e in exclude):
                continue
            if not pron_in_quote and self._in_quote(m.start):
                continue
            a = self.index.actors[m.actor]
            if a.kind == "document" and w in PERSON_PRONOUNS | PLURAL_PRONOUNS:
                continue
            if not compatible(w, a, self.index):
                continue
            if want_gender and self.index.gender(m.actor) not in {None, want_gender}:
                continue
            dist = here - self._sent_index(m.head)
            score = -1.0 * dist
            if self.doc[m.head].dep_ in {"nsubj", "nsubjpass"}:
                score += 1.5
            if prev is not None and a.id == prev[1].id:
                score += 1.0
            if m.proper:
                score += 1.0 if w in PERSON_PRONOUNS else 0.5
            if best is None or score > best[0]:
                best = (score, m.start, a)
        if prev is not None and (want_gender is None or self.index.gender(_idx(prev[1])) in {None, want_gender}):
            pscore = 1.0 + 1.0 - (here - self._sent_index(self.doc[self._tok(prev[0])].i))
            if best is None or pscore >= best[0]:
                return prev[1]
        return best[2] if best else None

    def trailing_name(self, h: Token) -> Actor | None:
        """A pull quote signed at the end of its paragraph: "I was told … . Valeska Paris" / "— Name"."""
        text = self.index.text
        end = text.find("\n", h.idx)
        end = len(text) if end < 0 else end
        para = text[h.idx:end].rstrip()
        m = re.search(r"[.!?”\"]\s*[—–-]?\s*((?:[A-Z][\w'.-]+\s?){1,4})$", para)
        if not m:
            return None
        k = self._tok(h.idx + m.start(1))
        a = self.index.actor_of_token(k)
        return a if a is not None and a.kind in {"person", "other"} else None

    def _tok(self, char: int) -> int:
        return max(0, bisect_right(self.tok_starts, char) - 1)

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
                q = next(((s, e) for s, e in self.quotes if s <= h.idx < e), None)
                if q is not None:
                    for cand_id, actor in self.resolved.items():
                        cand = self.by_id.get(cand_id)
                        if cand is not None and cand is not c and any(s <= q[0] + 1 < e or q[0] <= s < q[1]
                                                                     for s, e in cand.content):
                            return actor, f"first person '{h.text}' inside a quote of that speaker"
                signer = self.trailing_name(h)
                if signer is not None:
                    return signer, f"first person '{h.text}' in a paragraph signed with a name"
                return None, f"first person '{h.text}' with no enclosing quote"
            a = self.pronoun(h, c.cue[0], c.content)
            return a, f"pronoun '{h.text}' resolved to the previous compatible speaker or mention"
        if w in DOCUMENT_NOUNS and not any(x.tag_ in {"NNP", "NNPS"} for x in h.subtree):
            if w in UTTERANCE_DOCS:
                a = self.document_author(h, c.cue[0])
                if a is not None:
                    return a, f"'{h.text}' stands for its author"
                prev = self.previous(c.cue[0], "it")
                if prev is not None:
                    return prev[1], f"'{h.text}' stands for the previous speaker"
            a = self.index.actor_of_token(h.i)
            if a is not None:
                return a, "document description"
        return self.actor_for_phrase(h), "source phrase"

    def affiliate(self, actor: Actor, parent: Actor | None, h: Token) -> Actor | None:
        """Name a bare described group by the nationality of the party whose statement quotes it.

        Inside a statement of the Russian Defense Ministry, "the military representatives" are
        Russian: a definite role description with no name or nationality of its own, in the
        content of an organisation or state named with a nationality, becomes
        "Russian military representatives" (the text's own words stay in ``aliases``).
        """
        if parent is None or parent.kind not in {"org", "state", "group"} or actor.kind == "document":
            return None
        if h.lower_ not in PERSON_NOUNS or h.tag_ not in {"NN", "NNS"}:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in h.children):
            return None
        wk = world_knowledge()
        if any(c.tag_ in {"NNP", "NNPS"} or c.lower_ in wk["demonyms"] for c in h.subtree):
            return None
        first = parent.name.split()[0]
        demonym = first if first.lower() in wk["demonyms"] or _DEMONYM_SHAPE.match(first) else None
        if demonym is None and parent.kind == "state":
            demonym = next((d for d, st in wk["demonyms"].items() if st == norm_name(parent.name)), None)
            demonym = demonym.capitalize() if demonym else None
        if demonym is None:
            return None
        i = _idx(actor)
        if not 0 <= i < len(self.index.actors) or any(m.proper for m in self.index.clusters[i].mentions):
            return None
        base = actor.name[4:] if actor.name.lower().startswith("the ") else actor.name
        if base.split()[0].lower() == demonym.lower():
            return None
        renamed = actor.model_copy(update={
            "name": f"{demonym} {base}",
            "explanation": (actor.explanation + "; " if actor.explanation else "")
            + f"nationality '{demonym}' from {parent.name}, in whose statement they are cited",
        })
        self.index.actors[i] = renamed
        return renamed

    def remember(self, c: Cand, actor: Actor | None, top_level: bool = True) -> None:
        if actor is None:
            return
        self.resolved[id(c)] = actor
        self.by_id[id(c)] = c
        if top_level:
            self.history.append((c.cue[0], actor, c))
            self.history.sort(key=lambda x: x[0])


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
