"""Finding cues, sources and contents: dependency rules, quotes, "according to", headlines.

Each rule yields :class:`Cand` objects that carry token indices and character spans; the
package ``__init__`` turns them into schema :class:`~newsift.schema.Attribution` objects
after speakers are resolved (:mod:`.speakers`) and nesting is computed.

Rules (the ``rule`` field names the one that fired, and ends up in ``explanation``):

``dep-ccomp``       X said (that) CLAUSE / X pointed out that CLAUSE / the study revealed CLAUSE
``dep-xcomp``       X suggested conducting … / X urged Y to …
``dep-inverted``    CLAUSE, X said. / CLAUSE, said X. (the parser hangs the cue under the clause)
``dep-relcl``       photos they said showed … (a cue inside a relative clause)
``dep-participle``  … refused, claiming that CLAUSE (subject borrowed from the governing verb)
``dep-as``          As X told the paper, CLAUSE.
``dep-parenthetical`` Five years ago, he said, the factory employed 3,000 workers.
``dep-adjective``   X is concerned (that) CLAUSE / I'm disappointed that CLAUSE (cognition)
``according-to``    CLAUSE, according to X. / According to X, CLAUSE.
``quote-after``     “QUOTE,” X said. / “QUOTE,” it added. / “QUOTE,” said X.
``quote-before``    X said: “QUOTE” / X said in a statement, “QUOTE”
``quote-signed``   “QUOTE” — Name (a pull quote signed at the end of its paragraph)
``quote-follow-on`` a whole-sentence quote with no cue of its own, in the voice of the
                    speaker of the attribution just before it
``headline``        Ministry: US supports …
``credit``          Image: United States Navy.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsift.analyzers.attribution.lexicon import FORMS, SPEECH, XCOMP_CONTENT, lemma_of, verb_class
from newsift.analyzers.attribution.quotes import CLOSE_D, OPEN_D, STRAIGHT_D, Quote, content_bounds
from newsift.nlp.actors import DESCRIPTION_HEADS, DOCUMENT_NOUNS, EVENT_HEADS, PROPER_TAGS, TIME_WORDS, token_table

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us", "me", "one", "who", "which", "that"}
_QUOTE_CHARS = OPEN_D | CLOSE_D | {STRAIGHT_D}
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
_HEADLINE_LABELS = {
    "update", "updated", "video", "watch", "breaking", "opinion", "analysis", "live", "exclusive", "photos",
    "photo", "in pictures", "explainer", "comment", "editorial", "review", "interview", "factbox", "timeline",
    "q&a", "podcast", "correction", "listen", "read", "poll", "quiz", "gallery", "feature", "report",
}


@dataclass
class Cand:
    """One attribution found by a rule, before speaker resolution."""

    cue: tuple[int, int]
    content: list[tuple[int, int]]
    rule: str
    lemma: str
    cue_tok: int | None = None
    source: tuple[int, int] | None = None
    source_tok: int | None = None  # head token of the source phrase
    kind: str = "indirect"
    verb_class: str = "neutral"
    quotes: list[Quote] = field(default_factory=list)
    speaker_hint: str | None = None  # an Actor id forced by the rule (follow-on quotes)
    follow_of: Cand | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def start(self) -> int:
        return min([self.cue[0]] + [s for s, _ in self.content])


class Ctx:
    """Per-document helpers: char→token lookup and sentence/paragraph bounds."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tt = token_table(doc)
        self.text = self.tt.doc_text
        self.starts = self.tt.idx
        self.sent_starts = [sent.start for sent in doc.sents]
        self.dateline_end = 0  # set by the caller when ingest found a dateline

    def fix_subject(self, subj: Token, v: Token) -> Token:
        """A subject that starts inside the dateline ("CAPITAL CITY (Agency) — X said") is
        replaced by the noun phrase between the dateline and the cue."""
        if self.dateline_end and subj.idx < self.dateline_end <= v.idx:
            k0 = self.tok_after(self.dateline_end)
            if k0 < v.i:
                r = self.doc[k0:v.i].root
                if r.tag_ in {"NN", "NNS", "NNP", "NNPS", "PRP"}:
                    return r
        return subj

    def sent_bounds(self, i: int) -> tuple[int, int]:
        """Token range [start, end) of the sentence holding token ``i``."""
        k = bisect_right(self.sent_starts, i) - 1
        end = self.sent_starts[k + 1] if k + 1 < len(self.sent_starts) else len(self.doc)
        return self.sent_starts[max(k, 0)], end

    def tok_at(self, char: int) -> int:
        """Index of the token containing (or starting after) ``char``."""
        i = bisect_right(self.starts, char) - 1
        return max(0, i)

    def tok_after(self, char: int) -> int:
        """First token that starts at or after ``char``."""
        i = bisect_right(self.starts, char - 1)
        return min(i, len(self.doc))

    def chars(self, a: int, b: int) -> tuple[int, int]:
        """Char span of tokens ``a``..``b`` inclusive."""
        d = self.doc
        return d[a].idx, d[b].idx + len(d[b].text)

    def para_start(self, char: int) -> int:
        return self.text.rfind("\n", 0, char) + 1

    def para_end(self, char: int) -> int:
        e = self.text.find("\n", char)
        return len(self.text) if e < 0 else e


# --- subjects and source phrases ------------------------------------------------------------

def _after_dateline(subj: Token) -> Token:
    """ "Moscow, SANA – Russian Defense Ministry said": the parser makes the dateline's place
    the subject and the real one its appositive; take the appositive after the dash."""
    dash = next((t for t in subj.subtree if t.text in {"–", "—", "-", "--"} and t.i > subj.i), None)
    if dash is not None:
        appos = next((t for t in subj.subtree if t.dep_ == "appos" and t.i > dash.i), None)
        if appos is not None:
            return appos
    return subj


def subject_of(v: Token) -> Token | None:
    """The subject of a cue verb, borrowed from the governing verb for conjuncts/participles.

    A relative pronoun subject ("officials, who said …") stands for the noun it modifies.
    """
    for c in v.children:
        if c.dep_ in SUBJ_DEPS and c.dep_ != "csubj":
            if c.lower_ in {"who", "which", "that"} and v.dep_ == "relcl" and v.head.i < v.i:
                return v.head
            return _after_dateline(c)
    if v.dep_ in {"conj", "xcomp", "advcl"} and v.head.i != v.i and v.head.tag_.startswith("VB"):
        if v.dep_ == "advcl" and v.tag_ != "VBG":
            return None
        return subject_of(v.head)
    return None


def source_bounds(doc: Doc, h: Token) -> tuple[int, int]:
    """Token range [a, b) of the source phrase headed by ``h``: left modifiers, "of" phrases,
    but no appositive, relative clause or comma-separated material."""
    a = h.left_edge.i
    for k in range(a, h.i):
        if (doc[k].is_punct and doc[k].text not in {"-", "‐", "'", "’", "."}) or "\n" in doc[k].text:
            a = k + 1  # "Moscow, SANA – Russian Defense Ministry" → "Russian Defense Ministry"
    while a < h.i and (doc[a].is_punct or doc[a].is_space or doc[a].text in _QUOTE_CHARS):
        a += 1
    b = h.i + 1
    for c in h.rights:
        if c.dep_ in {"compound", "nummod", "case"} or (c.dep_ == "prep" and c.lower_ == "of"):
            if any(t.text in {",", "(", "—", "–"} for t in doc[b:c.i]):
                break
            b = c.right_edge.i + 1
        else:
            break
    return a, b


_AGENT_SUFFIX = re.compile(r"(?:er|or|ist|ian|ant|[^m]ent)s?$")
_NOT_AGENTS = {
    "paper", "letter", "number", "water", "order", "center", "matter", "river", "computer", "power", "border",
    "quarter", "sector", "factor", "error", "event", "content", "corner", "chapter", "meter", "finger",
    "layer", "danger", "answer", "monster", "disaster", "winter", "summer", "weather",
    "percent", "cent", "accident", "incident", "rodent", "talent",
    "restaurant", "plant", "grant", "giant", "elephant", "territory", "motor", "floor", "door", "mirror",
    "tractor", "reactor", "vector", "interior", "exterior", "labor", "labour", "humor", "honor", "favor",
    "color", "colour", "horror", "terror", "moment", "semester", "register", "filter", "character", "cluster",
    "cancer", "fever", "tower", "silver", "corridor", "indicator", "elevator", "calendar", "shoulder", "lawn",
}


def singular_form(w: str) -> str:
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def is_agentive(doc: Doc, h: Token) -> bool:
    """Whether ``h`` can be a source for non-speech cues (reveal, prove, suggest, believe …)."""
    w = h.lower_
    if h.tag_ in {"PRP"}:
        return w not in {"it"} or True
    if h.tag_ in PROPER_TAGS:
        return True
    if w in DESCRIPTION_HEADS:
        return True
    # agent-noun morphology: farmers, scientists, politicians, residents, participants
    return h.tag_ in {"NN", "NNS"} and bool(_AGENT_SUFFIX.search(w)) and singular_form(w) not in _NOT_AGENTS


# --- contents ----------------------------------------------------------------------------------

def clause_span(ctx: Ctx, c: Token, skip_mark: bool = True) -> tuple[int, int]:
    doc = ctx.doc
    a, b = c.left_edge.i, c.right_edge.i
    # a dangling "and" at the end: the parser hung the second conjunct higher up
    # ("claiming that A and now fell under B"); take that conjunct in
    if doc[b].dep_ == "cc" and not any(x.dep_ == "conj" for x in doc[b].head.children):
        for t in doc[b + 1:b + 6]:
            if t.dep_ == "conj":
                b = t.right_edge.i
                break
    if skip_mark:
        while a < b and (doc[a].dep_ == "mark" and doc[a].head.i == c.i and doc[a].lower_ in {"that", "whether", "if"}):
            a += 1
        while a < b and doc[a].is_punct:
            a += 1
    s, e = ctx.chars(a, b)
    return content_bounds(ctx.text, s, e)


def content_child(v: Token, lemma: str) -> tuple[Token | None, str]:
    ccomps = [c for c in v.children if c.dep_ == "ccomp"]
    # prefer a complement after the cue; one before it must not cross a paragraph break
    for c in sorted(ccomps, key=lambda c: (c.i < v.i, abs(c.i - v.i))):
        if c.i < v.i and "\n" in v.doc[c.i:v.i].text:
            continue
        if c.i > v.i and lemma_of(c.lower_) and any(t.text in CLOSE_D | {STRAIGHT_D} for t in v.doc[v.i:c.i]):
            continue  # “… revealed …,” the ministry said: "said" is not what was revealed
        return c, "dep-ccomp"
    # a gerund complement reports a proposal or a claim ("suggested conducting", "denied having");
    # an infinitive after ask/urge/decide is a request or a plan, not a report of what was said
    if lemma in XCOMP_CONTENT:
        for c in v.children:
            if c.dep_ == "xcomp" and c.i > v.i and c.tag_ == "VBG":
                return c, "dep-xcomp"
    return None, ""


def cue_span(ctx: Ctx, v: Token, lemma: str) -> tuple[int, int]:
    """The cue's characters: the verb, with its particle for phrasal cues ("pointed out")."""
    s, e = v.idx, v.idx + len(v.text)
    for c in v.children:
        if c.dep_ == "prt" and c.i == v.i + 1 and c.lower_ in {"out", "up"}:
            e = c.idx + len(c.text)
    return s, e


def cue_ok(v: Token, lemma: str) -> bool:
    if not v.tag_.startswith("VB"):
        return False
    if lemma == "point":
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in v.children)
    if lemma == "call":
        return any(c.dep_ == "prep" and c.lower_ in {"for", "on"} for c in v.children)
    if lemma in {"find", "show", "mean", "continue"}:
        return True  # checked via content below
    if lemma == "read":
        s = subject_of(v)
        return s is not None and s.lower_ in DOCUMENT_NOUNS
    # a particle makes another verb ("thought out", "made up"), except "pointed out" above
    if any(c.dep_ == "prt" for c in v.children) and lemma not in {"find", "spell", "speak", "write", "read"}:
        return False
    # passive reporting ("it was said", "is believed") carries no source: skipped
    return not any(c.dep_ == "auxpass" for c in v.children)


def dependency_cands(ctx: Ctx) -> list[Cand]:
    """Cue verbs with a subject and a clausal content, and "according to" phrases."""
    doc = ctx.doc
    out: list[Cand] = []
    lowers = ctx.tt.lower
    for i, low in enumerate(lowers):
        if low in ADJ_CUES:
            c = adjective_cue(ctx, doc[i])
            if c:
                out.append(c)
            continue
        if low != "according" and low not in FORMS:
            continue
        v = doc[i]
        if low == "according" and v.i + 1 < len(doc) and lowers[v.i + 1] == "to":
            c = according_to(ctx, v)
            if c:
                out.append(c)
            continue
        lemma = lemma_of(low)
        if lemma is None or not cue_ok(v, lemma):
            continue
        subj = subject_of(v)
        if subj is None:
            continue
        subj = ctx.fix_subject(subj, v)
        if subj.tag_ == "EX" or (subj.lower_ == "it" and lemma not in SPEECH and not v.head.i < v.i):
            continue
        if lemma not in SPEECH and not is_agentive(doc, subj):
            continue
        child, rule = content_child(v, lemma)
        content: tuple[int, int] | None = None
        if child is not None:
            if child.i < v.i and child.right_edge.i >= v.i:
                child = None
            else:
                content = clause_span(ctx, child)
                if child.left_edge.i < v.i < child.right_edge.i:
                    # "which the mayor said was safe": the relative pronoun sits in the complement
                    content = content_bounds(ctx.text, v.idx + len(v.text), content[1])
                if child.i < v.i and subj.i > v.i:
                    rule = "dep-inverted"
                elif child.i > v.i:
                    # "revealed that a defector … called the Sea Org was first persuaded …": the
                    # parser split one clause into two adjacent complements
                    for other in v.children:
                        if other.dep_ == "ccomp" and other.i > child.i and other.left_edge.i == child.right_edge.i + 1:
                            content = (content[0], clause_span(ctx, other, skip_mark=False)[1])
        if content is None and lemma in SPEECH and v.dep_ in {"ccomp", "parataxis", "conj"} and v.head.i < v.i \
                and subj.i != v.head.i:
            # "CLAUSE, X said." — the parser made the cue a dependent of the reported clause
            h = v.head
            if v.dep_ == "conj" and not any(doc[k].text in _QUOTE_CHARS | {","} for k in range(h.i, v.i)):
                continue
            a = h.left_edge.i
            b = min(v.left_edge.i, subj.left_edge.i) - 1
            # the "clause" must not itself be a report with its own cue and subject
            # ("“We urge …,” Jeff Rathke said": "urge" is not the cue of "Jeff Rathke said")
            if b > a and any(lemma_of(doc[k].lower_) in SPEECH and doc[k].tag_.startswith("VB")
                             and any(x.dep_ in SUBJ_DEPS for x in doc[k].children) for k in range(a, b + 1)):
                b = a
            if b > a:
                s, e = ctx.chars(a, b)
                content = content_bounds(ctx.text, s, e)
                rule = "dep-inverted"
        extra: list[tuple[int, int]] = []
        if content is None and lemma in SPEECH and subj.tag_ in {"PRP", "NNP", "NN", "NNS", "NNPS"}:
            # "Five years ago, he said, the factory employed 3,000 workers." — a parenthetical cue
            lo_t, hi_t = min(subj.left_edge.i, v.i), max(v.i, subj.right_edge.i)
            sb, se = ctx.sent_bounds(v.i)
            if sb < lo_t - 1 and hi_t + 2 < se and doc[lo_t - 1].text == "," and doc[hi_t + 1].text == ",":
                left = content_bounds(ctx.text, *ctx.chars(sb, lo_t - 2))
                right = content_bounds(ctx.text, *ctx.chars(hi_t + 2, se - 1))
                if right[1] > right[0] and ctx.text[right[1] - 1] == ".":
                    right = (right[0], right[1] - 1)
                if left[1] > left[0] and right[1] > right[0]:
                    content, extra, rule = left, [right], "dep-parenthetical"
        if content is None and v.dep_ == "advcl" and v.head.i > v.i and any(
                x.dep_ == "mark" and x.lower_ == "as" for x in v.children):
            # "As Heald told The Huffington Post, US surface ozone has dropped …"
            h = v.head
            a, b = v.right_edge.i + 1, h.right_edge.i
            if b > a:
                content = content_bounds(ctx.text, *ctx.chars(a, b))
                if ctx.text[content[1] - 1:content[1]] == ".":
                    content = (content[0], content[1] - 1)
                rule = "dep-as"
        if content is None and lemma in SPEECH and v.dep_ == "relcl" and v.i + 1 < len(doc) and doc[v.i + 1].tag_ in {"VBD", "VBZ", "VBP"}:
            nxt = doc[v.i + 1]
            s, e = ctx.chars(nxt.i, max(nxt.right_edge.i, nxt.i))
            content = content_bounds(ctx.text, s, e)
            rule = "dep-relcl"
        if content is None:
            continue
        if rule == "dep-ccomp" and v.dep_ == "advcl" and v.tag_ == "VBG":
            rule = "dep-participle"
        if lemma in {"find", "show", "mean", "continue"} and rule not in {"dep-ccomp", "dep-participle"}:
            continue
        if verb_class(lemma) == "perception" and child is not None and not (
                child.tag_ in {"VBD", "VBZ", "VBP", "MD"} or any(x.dep_ == "mark" for x in child.children)):
            continue  # "saw attendance reach 11,000": perceiving an event, not reporting a content
        if child is not None and rule in {"dep-ccomp", "dep-participle"} and child.i > v.i:
            content = _with_coordinated_clause(ctx, v, subj, child, content)
        # a content never crosses the cue's paragraph (titles and datelines parse into the body)
        ps, pe = ctx.para_start(v.idx), ctx.para_end(v.idx)
        content = content_bounds(ctx.text, max(content[0], ps), min(content[1], pe))
        if content[1] - content[0] < 3:
            continue
        a, b = source_bounds(doc, subj)
        out.append(Cand(
            cue=cue_span(ctx, v, lemma), content=[content, *extra], rule=rule, lemma=lemma, cue_tok=v.i,
            source=ctx.chars(a, b - 1), source_tok=subj.i, verb_class=verb_class(lemma),
        ))
    return out


def _with_coordinated_clause(ctx: Ctx, v: Token, subj: Token, child: Token, content: tuple[int, int]) -> tuple[int, int]:
    """ "X claims that A and she was forced to B": the parser hangs the second clause on the cue;
    a conjoined clause right after the content, with its own (different) subject, belongs to it."""
    doc = ctx.doc
    end = child.right_edge.i
    for c in v.children:
        if c.dep_ != "conj" or c.i <= end or lemma_of(c.lower_):
            continue
        gap = doc[end + 1:c.left_edge.i]
        if len(gap) > 2 or any(t.dep_ not in {"cc", "punct"} for t in gap) or not any(t.dep_ == "cc" for t in gap):
            continue
        csubj = next((x for x in c.children if x.dep_ in {"nsubj", "nsubjpass"}), None)
        if csubj is None or csubj.i == subj.i or csubj.lower_ == subj.lower_:
            continue
        e = ctx.chars(c.left_edge.i, c.right_edge.i)[1]
        return content_bounds(ctx.text, content[0], max(content[1], e))
    return content


ADJ_CUES = {
    "disappointed", "concerned", "confident", "convinced", "sure", "certain", "aware", "worried", "hopeful",
    "optimistic", "pessimistic", "afraid", "adamant", "happy", "glad", "pleased", "proud", "sorry", "skeptical",
    "sceptical", "doubtful", "unaware", "satisfied", "alarmed", "surprised", "angry", "upset", "fearful",
}


def adjective_cue(ctx: Ctx, a: Token) -> Cand | None:
    """ "I'm disappointed that NASA did not choose them", "groups are concerned the law will change":
    a stance adjective with a clausal complement attributes that clause (cognition)."""
    doc = ctx.doc
    if a.tag_ not in {"JJ", "VBN"}:
        return None
    comp = next((c for c in a.children if c.dep_ == "ccomp" and c.i > a.i), None)
    if comp is None:
        return None
    subj = next((c for c in a.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None and a.dep_ in {"acomp", "oprd"}:
        subj = next((c for c in a.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None or subj.tag_ == "EX" or subj.lower_ == "it" or not is_agentive(doc, subj):
        return None
    content = clause_span(ctx, comp)
    if content[1] - content[0] < 3:
        return None
    lo, hi = source_bounds(doc, subj)
    return Cand(cue=(a.idx, a.idx + len(a.text)), content=[content], rule="dep-adjective", lemma=a.lower_,
                cue_tok=a.i, source=ctx.chars(lo, hi - 1), source_tok=subj.i, verb_class="cognition")


def according_to(ctx: Ctx, v: Token) -> Cand | None:
    doc = ctx.doc
    to = doc[v.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in v.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    a, b = source_bounds(doc, pobj)
    src = ctx.chars(a, b - 1)
    phrase_a, phrase_b = v.i, max(pobj.right_edge.i, to.i)
    head = v.head if v.head.i != v.i else None
    sent = doc[slice(*ctx.sent_bounds(v.i))]
    # the clause the phrase modifies: its head's subtree without the phrase itself
    if head is not None and head.i != v.i:
        lo, hi = head.left_edge.i, head.right_edge.i
    else:
        lo, hi = sent.start, sent.end - 1
    tail = doc[phrase_b + 1:sent.end]
    if phrase_a <= sent.start + 1 or all(t.is_punct or t.is_space for t in doc[sent.start:phrase_a]):
        lo, hi = phrase_b + 1, sent.end - 1  # "According to X, CLAUSE."
    elif all(t.is_punct or t.is_space for t in tail):
        lo, hi = sent.start, phrase_a - 1  # "CLAUSE, according to X."
    elif phrase_a <= lo:
        lo = phrase_b + 1
    else:
        hi = min(hi, phrase_a - 1)
    if hi < lo:
        return None
    s, e = ctx.chars(lo, hi)
    s, e = content_bounds(ctx.text, s, e)
    if len(ctx.text[s:e].split()) <= 1:  # "…, which, according to X, …": the whole sentence
        s, e = content_bounds(ctx.text, sent.start_char, sent.end_char)
        s2, e2 = ctx.chars(phrase_a, phrase_b)
        if s2 <= s + 2:
            s = e2
    if e > s and ctx.text[e - 1] == "." and not ctx.text[s:e - 1].count("."):
        e -= 1  # one sentence: its final period is not part of what X says
    if e - s < 3:
        return None
    return Cand(cue=ctx.chars(v.i, to.i), content=[(s, e)], rule="according-to", lemma="according to",
                cue_tok=v.i, source=src, source_tok=pobj.i, kind="according_to", verb_class="neutral")


# --- quotes ------------------------------------------------------------------------------------

def _cue_near(ctx: Ctx, lo: int, hi: int) -> Token | None:
    """The first cue verb (with a subject) among tokens lo..hi-1."""
    doc = ctx.doc
    for k in range(lo, min(hi, len(doc))):
        t = doc[k]
        if t.text in OPEN_D or t.text == STRAIGHT_D:
            return None
        if t.lower_ == "according" and k + 1 < len(doc) and doc[k + 1].lower_ == "to":
            return t
        lemma = lemma_of(t.lower_)
        if lemma and cue_ok(t, lemma):
            subj = subject_of(t)
            # a participle borrowing its subject ("…”, highlighting the …") is not the quote's cue
            if subj is not None and (t.tag_ != "VBG" or subj.head.i == t.i):
                return t
        if t.is_sent_start and k > lo:
            return None
    return None


_SIGNATURE = re.compile(r"[ \t]*([—–-]{1,2})[ \t]*((?:[A-Z][\w'.-]*[ \t]*){1,5})[ \t]*$")


def quote_cands(ctx: Ctx, quotes: list[Quote], used: set[int], by_cue: dict[int, Cand]) -> list[Cand]:
    """Attributions whose content is a quotation, linked to the cue next to it."""
    doc = ctx.doc
    text = ctx.text
    out: list[Cand] = []
    for qi, q in enumerate(quotes):
        if qi in used:
            continue
        # a signed quote: “…” — Matthew Ingram
        sig = _SIGNATURE.match(text, q.end, ctx.para_end(q.end))
        if sig:
            s, e = content_bounds(text, q.inner_start, q.inner_end)
            ns, ne = sig.start(2), sig.end(2)
            while ne > ns and text[ne - 1] in " ,.":
                ne -= 1
            head = ctx.tok_at(ne - 1)
            if e > s and ctx.doc[head].tag_ in PROPER_TAGS:
                c = Cand(cue=(sig.start(1), sig.end(1)), content=[(s, e)], rule="quote-signed", lemma="—",
                         source=(ns, ne), source_tok=head, kind="direct", verb_class="neutral")
                c.quotes.append(q)
                used.add(qi)
                out.append(c)
                continue
        # cue after the closing mark: “…,” the ministry noted. / “…,” said X. / “…,” according to X.
        k = ctx.tok_after(q.end)
        v = None
        noun_subj = None
        rule = ""
        if (k < len(doc) and text[q.end:doc[k].idx].strip() == "") or (k < len(doc) and doc[k].is_punct):
            lo = k
            while lo < len(doc) and (doc[lo].is_punct and doc[lo].text not in OPEN_D | {STRAIGHT_D}):
                lo += 1
            # the cue must be in the quote's own paragraph
            v = _cue_near(ctx, lo, min(lo + 7, ctx.tok_after(ctx.para_end(q.end))))
            rule = "quote-after"
        if v is None:
            # cue before the opening mark: X said: “…” / X said, “…” / X said that “…”
            k = ctx.tok_at(q.start) - 1
            j = k
            while j >= 0 and (doc[j].is_punct or doc[j].lower_ == "that") and k - j < 3:
                j -= 1
            lead = text[:q.start].rstrip()
            joined = lead.endswith((":", ",")) or lead.lower().endswith(" that") or (
                j >= 0 and lemma_of(doc[j].lower_) is not None and doc[j].tag_.startswith("VB"))
            if joined and q.words(text) >= 3 and j >= 0 and doc[j].idx < q.start:
                for back in range(j, max(-1, j - 12), -1):
                    t = doc[back]
                    if t.text in CLOSE_D or (t.text == STRAIGHT_D):
                        break
                    lemma = lemma_of(t.lower_)
                    if lemma and cue_ok(t, lemma) and subject_of(t) is not None:
                        v = t
                        rule = "quote-before"
                        break
                    # "The Department of Agriculture notes, “…”": the tagger read the cue as a plural noun
                    if lemma in SPEECH and back == j and t.tag_ in {"NNS", "NNPS"} and back > 0 \
                            and doc[back - 1].tag_ in PROPER_TAGS and lead.endswith((",", ":")):
                        v = t
                        noun_subj = doc[back - 1]
                        rule = "quote-before"
                        break
                    if doc[back].is_sent_start and not text[doc[back].idx:q.start].rstrip().endswith(":"):
                        break
        if v is None:
            continue
        s, e = content_bounds(text, q.inner_start, q.inner_end)
        if e <= s:
            continue
        if v.i in by_cue:
            c = by_cue[v.i]
            c.content.append((s, e))
            c.quotes.append(q)
            used.add(qi)
            continue
        if v.lower_ == "according":
            c = according_to(ctx, v)
            if c is None:
                continue
            c.content = [(s, e)]
            c.rule = "according-to"
        else:
            lemma = lemma_of(v.lower_) or v.lower_
            subj = subject_of(v)
            if subj is None and noun_subj is not None and v.i == noun_subj.i + 1:
                subj = noun_subj
                a = subj.i
                while a > 0 and doc[a - 1].dep_ in {"compound", "det", "amod", "prep", "pobj"} and doc[a - 1].head.i >= a - 1 \
                        and not doc[a - 1].is_sent_start and not doc[a - 1].is_punct:
                    a -= 1
                while a < subj.i and doc[a].tag_ == "DT":
                    a += 1
                c = Cand(cue=cue_span(ctx, v, lemma), content=[(s, e)], rule=rule, lemma=lemma, cue_tok=v.i,
                         source=ctx.chars(a, subj.i), source_tok=subj.i, verb_class=verb_class(lemma))
                c.notes.append("cue tagged as a noun")
                c.quotes.append(q)
                used.add(qi)
                by_cue[v.i] = c
                out.append(c)
                continue
            if subj is None:
                continue
            a, b = source_bounds(doc, subj)
            c = Cand(cue=cue_span(ctx, v, lemma), content=[(s, e)], rule=rule, lemma=lemma, cue_tok=v.i,
                     source=ctx.chars(a, b - 1), source_tok=subj.i, verb_class=verb_class(lemma))
        c.quotes.append(q)
        used.add(qi)
        by_cue[v.i] = c
        out.append(c)
        # a second part after the cue: “A,” he said, “B.”
        if qi + 1 < len(quotes) and qi + 1 not in used:
            q2 = quotes[qi + 1]
            gap = text[q.end:q2.start]
            if rule == "quote-after" and "\n" not in gap and len(gap) < 80 and re.search(r",\s*$", gap) \
                    and not re.search(r"[.!?]\s", gap):
                s2, e2 = content_bounds(text, q2.inner_start, q2.inner_end)
                if e2 > s2:
                    c.content.append((s2, e2))
                    c.quotes.append(q2)
                    used.add(qi + 1)
    return out


def follow_on_cands(ctx: Ctx, quotes: list[Quote], used: set[int], cands: list[Cand]) -> list[Cand]:
    """Whole-sentence quotes without a cue: the voice of the attribution just before them."""
    text = ctx.text
    out: list[Cand] = []
    ordered = sorted(cands, key=lambda c: c.cue[0])
    starts = [c.cue[0] for c in ordered]
    for qi, q in enumerate(quotes):
        inner = text[q.inner_start:q.inner_end].rstrip(" ”\"’'")
        if qi in used or q.words(text) < 4 or (q.words(text) < 8 and not inner.endswith((".", "!", "?"))):
            continue  # short phrases are titles or scare quotes; a short full sentence still counts
        before = text[ctx.para_start(q.start):q.start].strip()
        if before and not before.endswith((".", "!", "?", ":", "”", '"')):
            continue  # a quote inside a sentence without a cue: a title or a scare quote
        i = bisect_right(starts, q.start) - 1
        if i < 0:
            continue
        prev = ordered[i]
        if prev.lemma not in SPEECH and not prev.quotes:
            continue  # "the findings show …" does not make the next quote the findings' words
        # only within the same or the previous paragraph
        if text.count("\n", prev.cue[1], q.start) > 1:
            continue
        s, e = content_bounds(text, q.inner_start, q.inner_end)
        if e <= s:
            continue
        c = Cand(cue=prev.cue, content=[(s, e)], rule="quote-follow-on", lemma=prev.lemma, cue_tok=prev.cue_tok,
                 source=prev.source, source_tok=prev.source_tok, kind="direct", verb_class=prev.verb_class,
                 follow_of=prev)
        c.quotes.append(q)
        used.add(qi)
        out.append(c)
    return out


# --- headline and credits ------------------------------------------------------------------------

def headline_cand(ctx: Ctx, title: tuple[int, int] | None) -> Cand | None:
    """ "Ministry: US supports …" — a short name, a colon, then what it says."""
    text = ctx.text
    if title is None:
        m = re.match(r"[^\n]{3,200}(?=\n)", text)
        if not m or m.group(0).rstrip().endswith((".", "!", "?")):
            return None
        title = (m.start(), m.end())
    line = text[title[0]:title[1]]
    m = re.match(r"\s*([^:\n]{2,80}?)\s*:\s+(\S.*?)\s*$", line)
    if not m:
        return None
    label = m.group(1)
    if label.lower().strip() in _HEADLINE_LABELS or len(label.split()) > 7 or not label[:1].isupper():
        return None
    if not re.search(r"[A-Z]", label) or re.search(r"\d{1,2}:\d{2}", line):
        return None
    last = label.split()[-1].lower()
    if last in EVENT_HEADS or last in TIME_WORDS or last in _NUMBER_WORDS or last.isdigit():
        return None  # "World Cup 2018 day five: …" names an event, not a speaker
    src = (title[0] + m.start(1), title[0] + m.end(1))
    colon = text.index(":", src[1])
    s, e = title[0] + m.start(2), title[0] + m.end(2)
    s, e = content_bounds(text, s, e)
    # the content must read like a clause (a verb), not a list or a subtitle
    k0, k1 = ctx.tok_after(s), ctx.tok_at(e - 1)
    if not any(t.tag_.startswith("VB") and t.dep_ != "amod" for t in ctx.doc[k0:k1 + 1]):
        return None
    src_head = ctx.doc[ctx.tok_at(src[0]):ctx.tok_at(src[1] - 1) + 1].root
    return Cand(cue=(colon, colon + 1), content=[(s, e)], rule="headline", lemma=":", source=src,
                source_tok=src_head.i, kind="headline", verb_class="neutral")


_CREDIT = re.compile(r"(?:^|(?<=\s))(Image|Images|Photo|Photos|Picture|Photograph|Credit|Photo credit|Video|Audio)\s*[:;]\s*"
                     r"(\S[^\n]{0,80}?)\s*\.?[ \t]*$", re.MULTILINE)


def credit_cands(ctx: Ctx) -> list[Cand]:
    """Image credits ("Caption. Image: United States Navy.") attribute the picture (its caption) to a source."""
    out = []
    text = ctx.text
    for m in _CREDIT.finditer(text):
        src = (m.start(2), m.end(2))
        ps = ctx.para_start(m.start(1))
        if text[ps:m.start(1)].strip():
            cs, ce = ps, m.start(1)
        else:  # the credit is its own paragraph: the caption is the paragraph before
            prev_end = max(0, ps - 1)
            cs, ce = ctx.para_start(prev_end), prev_end
        cs, ce = content_bounds(text, cs, ce)
        if ce <= cs:
            continue
        k = ctx.tok_at(src[0])
        head = ctx.doc[k:ctx.tok_at(src[1] - 1) + 1].root
        out.append(Cand(cue=(m.start(1), m.end(1)), content=[(cs, ce)], rule="credit",
                        lemma=m.group(1).lower(), source=src, source_tok=head.i, kind="other", verb_class="other"))
    return out
