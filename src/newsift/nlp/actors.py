"""Actor clusters: every party the article names, with all the names it uses for it.

The parse runs without spaCy's NER (see :mod:`newsift.nlp.model`), so mentions come from
the tagger and parser: runs of proper nouns ("Russian Defense Ministry", "al-Boukamal"),
parenthesised acronyms ("Syrian Democratic Forces (SDF)") and agent-like common-noun
phrases ("the ministry", "the US side", "researchers", "the statement").

Mentions are clustered in text order by general name rules, never by per-article lists:

* exact normalised form (case, "the", dots, hyphens/spaces);
* a small world-knowledge alias table shipped as a resource (ISIS = Daesh = Islamic State,
  US = U.S. = United States, Washington as a metonym for the US government);
* acronyms, in parentheses after a name or matching its initials ("WHO" =
  "World Health Organisation");
* name structure: the same head noun with nested modifier sets
  ("Defense Ministry" ⊂ "Russian Defense Ministry"; "Ministry of Defense" is read as
  "Defense Ministry"); a bare definite description ("the ministry") joins the most recent
  actor with that head;
* persons: surname ↔ full name, titles ignored ("Professor Eastman" = "Cres Eastman");
* transliteration: "al-"/"el-" dropped, hyphens and spaces ignored, and a vowel-insensitive
  consonant skeleton for single names ("al-Boukamal" = "Abu Kamal" = "Abu-Kamal").

The canonical name is the fullest proper name the text uses (a leading "the" dropped).
:class:`ActorIndex` maps a character span back to its actor; it is stored on the Doc
(in a weak side table, not ``doc.user_data``, so ``Doc.to_bytes`` keeps working) so analyzers
can resolve their own spans with :func:`actor_index`.
"""

from __future__ import annotations

import json
import re
import weakref
from bisect import insort
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from newsift.resources import data_path
from newsift.schema import Actor, Article, make_span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Per-Doc side tables, dropped with their Doc (kept out of ``doc.user_data``, which
#: ``Doc.to_bytes`` must be able to serialise).
_INDEXES: weakref.WeakKeyDictionary[Doc, ActorIndex] = weakref.WeakKeyDictionary()
_TABLES: weakref.WeakKeyDictionary[Doc, TokenTable] = weakref.WeakKeyDictionary()

PROPER_TAGS = {"NNP", "NNPS"}
#: Titles and honorifics: part of the name as written, but not of the name's identity.
TITLES = {
    "professor", "prof", "dr", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "lord", "lady", "president",
    "vice", "prime", "minister", "senator", "sen", "rep", "representative", "gov", "governor", "general",
    "gen", "colonel", "col", "major", "maj", "captain", "capt", "lieutenant", "lt", "sergeant", "sgt",
    "judge", "justice", "pope", "king", "queen", "prince", "princess", "sheikh", "shaikh", "rev", "reverend",
    "father", "chancellor", "mayor", "ambassador", "secretary", "chairman", "chairwoman", "director",
    "commissioner", "chief", "inspector", "detective", "officer", "admiral", "commander", "spokesman",
    "spokeswoman", "spokesperson", "deputy", "foreign", "defense", "defence", "emir", "ayatollah", "imam",
    "brigadier", "marshal", "field", "senior", "researcher", "doctor", "coach", "councillor", "councilor",
    "congressman", "congresswoman", "assemblyman", "mp", "dr.", "mr.", "mrs.", "ms.", "prof.", "gen.", "col.",
    "sen.", "rep.", "gov.", "lt.", "capt.", "sgt.", "rev.", "maj.", "st",
}
PERSON_TITLES = {t for t in TITLES if t not in {"foreign", "defense", "defence", "senior", "field", "vice", "st"}}
#: Head nouns of organisations (singular, lower case).
ORG_HEADS = {
    "ministry", "department", "agency", "office", "organisation", "organization", "council", "committee",
    "commission", "university", "college", "school", "institute", "institution", "centre", "center",
    "company", "corporation", "corp", "inc", "ltd", "group", "party", "union", "association", "federation",
    "army", "force", "forces", "navy", "command", "coalition", "government", "administration", "police",
    "service", "services", "bank", "court", "parliament", "assembly", "congress", "senate", "board",
    "authority", "authorities", "front", "movement", "brigade", "brigades", "battalion", "regiment",
    "network", "channel", "news", "times", "post", "press", "foundation", "fund", "trust",
    "society", "club", "team", "league", "bureau", "cabinet", "embassy", "consulate", "mission",
    "secretariat", "directorate", "observatory", "hospital", "corps", "guard", "guards", "unit", "units",
    "alliance", "church", "state", "republic", "kingdom", "emirate", "caliphate", "media", "television",
    "radio", "tv", "newspaper", "magazine", "journal", "standards", "industries", "airlines", "airways",
    "program", "programme", "project", "study", "survey", "report", "convention", "treaty", "summit",
}
PLACE_HEADS = {
    "city", "town", "village", "province", "governorate", "region", "district", "county", "river", "lake",
    "sea", "ocean", "mountain", "mountains", "valley", "desert", "street", "square", "road", "island",
    "islands", "bay", "gulf", "strait", "area", "coast", "bank", "border", "camp", "airport", "base",
    "countryside", "neighbourhood", "neighborhood", "state", "park", "east", "west", "north", "south",
}
#: Common nouns that name someone who can speak: these phrases become (description) actors.
PERSON_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "official", "officials", "representative", "representatives",
    "researcher", "researchers", "scientist", "scientists", "author", "authors", "expert", "experts",
    "analyst", "analysts", "minister", "president", "leader", "leaders", "director", "chairman", "chief",
    "head", "commander", "commanders", "officer", "officers", "witness", "witnesses", "resident",
    "residents", "source", "sources", "doctor", "doctors", "police", "policeman", "spokespeople",
    "activist", "activists", "lawyer", "lawyers", "prosecutor", "prosecutors", "judge", "investigator",
    "investigators", "diplomat", "diplomats", "ambassador", "envoy", "correspondent", "reporter",
    "journalist", "journalists", "man", "woman", "people", "student", "students", "teacher", "teachers",
    "victim", "victims", "survivor", "survivors", "militant", "militants", "fighter", "fighters",
    "soldier", "soldiers", "member", "members", "manager", "managers", "employee", "employees",
    "worker", "workers", "engineer", "engineers", "professor", "critic", "critics", "opponent",
    "opponents", "supporter", "supporters", "organiser", "organisers", "organizer", "organizers",
    "candidate", "candidates", "voter", "voters", "citizen", "citizens", "locals", "parent", "parents",
    "owner", "owners", "founder", "user", "users", "fan", "fans", "player", "players", "coach",
    "governor", "mayor", "senator", "lawmaker", "lawmakers", "legislator", "legislators", "adviser",
    "advisor", "advisers", "advisors", "secretary", "staff", "team", "crew", "protesters", "protestors",
    "demonstrators", "rebels", "terrorists", "specialist", "specialists", "physician", "physicians",
    "economist", "economists", "campaigner", "campaigners", "inspector", "inspectors", "astronaut",
    "astronauts", "pilot", "pilots", "observer", "observers", "monitor", "monitors",
}
ORG_NOUNS = {
    "ministry", "government", "army", "military", "command", "side", "coalition", "agency", "company",
    "council", "committee", "commission", "department", "office", "administration", "authorities",
    "authority", "court", "party", "organisation", "organization", "group", "union", "forces", "force",
    "regime", "opposition", "embassy", "police", "firm", "university", "institute", "board", "cabinet",
    "parliament", "kremlin", "pentagon", "network", "channel", "newspaper", "broadcaster", "alliance",
    "federation", "association", "state", "country", "nation", "team", "club",
}
DOCUMENT_NOUNS = {
    "statement", "report", "study", "survey", "communique", "communiqué", "release", "letter", "document",
    "documents", "memo", "paper", "analysis", "poll", "research", "findings", "results", "data",
    "investigation", "inquiry", "review", "article", "post", "tweet", "announcement", "declaration",
    "resolution", "note", "message", "website", "reports", "studies", "figures", "estimates", "audit",
    "assessment", "indictment", "complaint", "lawsuit", "filing", "ruling", "verdict", "decision",
}
#: Class nouns that refer back to the organisation last named ("the group said").
GENERIC_ORG_NOUNS = {
    "group", "organisation", "organization", "company", "firm", "body", "monitor", "movement", "militia",
    "faction", "outlet", "broadcaster", "newspaper", "watchdog", "charity", "agency",
}
DESCRIPTION_HEADS = PERSON_NOUNS | ORG_NOUNS | DOCUMENT_NOUNS | GENERIC_ORG_NOUNS
#: Heads of event, time and law names: never persons ("Waitangi Day", "Geneva Convention").
EVENT_HEADS = {
    "day", "week", "month", "year", "eve", "festival", "games", "cup", "championship", "championships", "war",
    "election", "elections", "olympics", "conference", "summit", "act", "law", "bill", "award", "awards", "prize",
    "convention", "treaty", "agreement", "accord", "accords", "protocol", "plan", "revolution", "crisis", "show",
    "expo", "fair", "tournament", "league", "series", "season", "prix", "marathon", "open", "museum", "gallery",
    "hall", "stadium", "bridge", "tower", "airport", "station", "hotel", "building", "house",
}
TIME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "today",
    "yesterday", "tomorrow", "christmas", "easter", "ramadan",
}
#: Arabic-style article prefixes dropped for transliteration matching ("al-Boukamal").
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash|ath)[-\s]+", re.IGNORECASE)
_FUNCTION = {"of", "the", "for", "and", "&", "on", "in", "de", "du", "des", "la", "le", "a", "an", "to"}
_LEFT_MODIFIER_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "case", "npadvmod", "punct", "quantmod", "advmod"}


_MALE_WORDS = {"mr", "sir", "lord", "king", "prince", "father", "mister", "monsieur", "man", "son", "brother",
               "husband", "boy", "spokesman", "chairman", "policeman", "congressman", "businessman", "uncle",
               "grandfather", "emir", "sheikh", "pope"}
_FEMALE_WORDS = {"ms", "mrs", "miss", "lady", "queen", "princess", "dame", "madam", "madame", "mother", "daughter",
                 "sister", "wife", "girl", "woman", "spokeswoman", "chairwoman", "policewoman", "congresswoman",
                 "businesswoman", "aunt", "grandmother", "actress"}


@lru_cache(maxsize=1)
def first_names() -> dict[str, set[str]]:
    """Common given names by usual gender (``resources/data/actors/first_names.json``)."""
    raw = json.loads(data_path("actors", "first_names.json").read_text(encoding="utf-8"))
    return {"male": set(raw["male"]), "female": set(raw["female"]) - set(raw["male"])}


@lru_cache(maxsize=1)
def world_knowledge() -> dict[str, Any]:
    """The shipped alias table (``resources/data/actors/aliases.json``), normalised for lookup."""
    raw = json.loads(data_path("actors", "aliases.json").read_text(encoding="utf-8"))
    groups: dict[str, str] = {}
    canon: dict[str, str] = {}
    for g in raw["groups"]:
        for name in g:
            groups[norm_name(name)] = norm_name(g[0])
        canon[norm_name(g[0])] = g[0]
    states = {norm_name(s) for s in raw["states"]}
    states |= {groups.get(norm_name(s), norm_name(s)) for s in raw["states"]}
    metonyms = {norm_name(k): norm_name(v) for k, v in raw["metonyms"].items()}
    demonyms = {k.lower(): (norm_name(v) if v else None) for k, v in raw["demonyms"].items()}
    return {"groups": groups, "canon": canon, "states": states, "metonyms": metonyms, "demonyms": demonyms}


@lru_cache(maxsize=8192)
def norm_name(s: str) -> str:
    """Case-, dot-, hyphen- and article-insensitive form of a name ("the U.S." → "us")."""
    s = s.lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"'s\b", "", s)
    s = s.replace(".", "")
    s = re.sub(r"[-–‐_/]+", " ", s)
    s = re.sub(r"[^\w' &]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


@lru_cache(maxsize=8192)
def skeleton(s: str) -> str:
    """Vowel-insensitive consonant skeleton for transliteration variants.

    "al-Boukamal", "Abu Kamal", "Abu-Kamal" → "bkml"; doubled letters collapse
    ("Buchtmann" = "Bauchtman").
    """
    s = _ARTICLE_PREFIX.sub("", norm_name(s))
    s = re.sub(r"[^a-z]", "", s)
    s = s.replace("ph", "f").replace("ou", "u").replace("kh", "k").replace("q", "k").replace("c", "k")
    s = re.sub(r"[aeiouyw]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def singular(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def initials(words: list[str], keep_function: bool = False) -> str:
    return "".join(w[0] for w in words if w and (keep_function or w not in _FUNCTION)).lower()


@dataclass
class Mention:
    """One mention of a (possible) actor: a proper name run or an agent-like noun phrase."""

    start: int  # char offsets into the text
    end: int
    tok_start: int
    tok_end: int
    head: int  # token index of the head
    text: str
    proper: bool
    kind_hint: str = "other"
    actor: int = -1
    display: str | None = None  # the name as written with its role/title words ("curator Elaine Gustafon")
    plural: bool = False


@dataclass
class _Cluster:
    idx: int
    mentions: list[Mention] = field(default_factory=list)
    norms: set[str] = field(default_factory=set)
    world: str | None = None
    heads: set[str] = field(default_factory=set)
    modsets: list[frozenset[str]] = field(default_factory=list)
    surnames: set[str] = field(default_factory=set)
    firsts: set[str] = field(default_factory=set)
    skeletons: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)
    kinds: dict[str, int] = field(default_factory=dict)
    last_pos: int = 0
    explanation: list[str] = field(default_factory=list)


@lru_cache(maxsize=8192)
def _name_parts(text: str) -> tuple[list[str], str, frozenset[str]]:
    """Words, head and modifier set of a name; "Ministry of Defense" reads as "Defense Ministry"."""
    words = [w for w in norm_name(text).split() if w]
    link = "of" if "of" in words else "for" if "for" in words else None
    if link and len(words) >= 3:
        i = words.index(link)
        before, after = words[:i], [w for w in words[i + 1:] if w != "the"]
        if before and after and singular(before[-1]) in ORG_HEADS:
            words = before[:-1] + after + [before[-1]]
    content = [w for w in words if w not in _FUNCTION]
    if not content:
        return words, "", frozenset()
    head = singular(content[-1])
    return words, head, frozenset(singular(w) for w in content[:-1])


def _strip_titles(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) - 1 and words[i].rstrip(".") in TITLES:
        i += 1
    return words[i:]


class ActorIndex:
    """Clusters mentions into actors and maps spans back to them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.clusters: list[_Cluster] = []
        self.mentions: list[Mention] = []
        self.by_token: dict[int, Mention] = {}
        self.actors: list[Actor] = []

    # -- clustering ---------------------------------------------------------------------
    def add(self, m: Mention) -> int:
        """Add ``m`` (in text order) to the best cluster, or start a new one; return its index."""
        c = self._match(m)
        if c is None:
            c = _Cluster(idx=len(self.clusters))
            self.clusters.append(c)
        self._absorb(c, m)
        insort(self.mentions, m, key=lambda x: x.start)  # kept in text order for antecedent search
        for t in range(m.tok_start, m.tok_end):
            if t not in self.by_token or t == m.head:
                self.by_token[t] = m
        return c.idx

    def _absorb(self, c: _Cluster, m: Mention) -> None:
        wk = world_knowledge()
        n = norm_name(m.text)
        m.actor = c.idx
        c.mentions.append(m)
        c.norms.add(n)
        c.last_pos = m.start
        c.kinds[m.kind_hint] = c.kinds.get(m.kind_hint, 0) + 1
        if n in wk["groups"]:
            c.world = c.world or wk["groups"][n]
        if n in wk["metonyms"] and m.kind_hint == "state":
            c.world = c.world or wk["metonyms"][n]
        words, head, mods = _name_parts(m.text)
        if head:
            c.heads.add(head)
            c.modsets.append(mods)
        if m.proper:
            pw = _strip_titles(words)
            if len(pw) >= 2 and head not in ORG_HEADS:
                c.surnames.add(pw[-1])
                c.firsts.add(pw[0])
            if len(pw) == 1 and not pw[0].isupper():
                c.surnames.add(pw[0])
            sk = skeleton(m.text)
            if len(sk) >= 4 and head not in ORG_HEADS:
                c.skeletons.add(sk)
            raw = re.sub(r"[.\s]", "", m.text)
            if raw.isupper() and 2 <= len(raw) <= 7:
                c.acronyms.add(raw.lower())
            elif len(words) >= 2:
                c.acronyms.add(initials(words))
                c.acronyms.add(initials(words, keep_function=True))

    def _match(self, m: Mention) -> _Cluster | None:
        wk = world_knowledge()
        n = norm_name(m.text)
        if not n:
            return None
        recent = sorted(self.clusters, key=lambda c: -c.last_pos)
        # 1. same normalised name
        for c in recent:
            if n in c.norms:
                return c
        # 2. world-knowledge alias group (and capital-city metonyms used as speakers)
        w = wk["groups"].get(n) or (wk["metonyms"].get(n) if m.kind_hint == "state" else None)
        if w:
            for c in recent:
                if c.world == w or w in c.norms:
                    return c
        words, head, mods = _name_parts(m.text)
        raw = re.sub(r"[.\s]", "", m.text)
        # 3. acronyms ↔ initials
        if m.proper and raw.isupper() and 2 <= len(raw) <= 7:
            for c in recent:
                if raw.lower() in c.acronyms:
                    return c
        if m.proper and len(words) >= 2:
            ini = {initials(words), initials(words, keep_function=True)}
            for c in recent:
                if any(a in ini for a in c.acronyms if len(a) >= 2) and any(
                        re.sub(r"[.\s]", "", x.text).isupper() for x in c.mentions):
                    return c
        if not head:
            return None
        # 4. definite description ("the ministry", "the statement"): most recent actor with that head
        if not m.proper:
            if not mods:
                for c in recent:
                    if head in c.heads and any(x.proper for x in c.mentions):
                        return c
                for c in recent:
                    if head in c.heads:
                        return c
                definite = norm_name(m.text) != m.text.lower().strip() or m.text.lower().startswith("the ")
                if definite and head in PERSON_TITLES:
                    # "the colonel" → the person introduced as "Colonel Haitham Afisi"
                    for c in recent:
                        if c.surnames and any(head in norm_name(x.display or x.text).split() for x in c.mentions if x.proper):
                            return c
                if definite and head in GENERIC_ORG_NOUNS:
                    # "the group", "the monitor": the organisation last named
                    for c in recent[:6]:
                        is_person = bool(c.firsts and c.surnames and not c.heads & ORG_HEADS)
                        is_place = c.kinds.get("place", 0) > 0 or bool(c.heads & PLACE_HEADS)
                        if any(x.proper for x in c.mentions) and not is_person and not is_place:
                            return c
            if mods and head in ORG_NOUNS | ORG_HEADS:
                # "the US-led coalition" = "the US-led international coalition"
                for c in recent:
                    if head in c.heads and any(
                            (mods <= cm or cm <= mods) and min(len(mods), len(cm)) > 0 and not _demonym_clash(mods, cm)
                            for cm in c.modsets):
                        return c
            return None
        # 5. name structure: same head, nested modifier sets, no clashing nationality
        if head in ORG_HEADS or len(words) >= 2:
            for c in recent:
                if head not in c.heads or (head not in ORG_HEADS and not c.heads & ORG_HEADS):
                    continue
                for cm in c.modsets:
                    small, big = (mods, cm) if len(mods) <= len(cm) else (cm, mods)
                    if small <= big and (small or m.text[:1].isupper()) and not _demonym_clash(mods, cm) \
                            and head in ORG_HEADS:
                        return c
        # 5b. "Acme" for "Acme Corporation": a company's name without its legal suffix
        if len(words) == 1:
            for c in recent:
                for x in c.mentions:
                    xw = norm_name(x.text).split()
                    if x.proper and len(xw) >= 2 and xw[-1] in _CORP_SUFFIX and xw[:-1] == words:
                        return c
        # 6. persons: surname ↔ full name (titles ignored), surname skeletons
        pw = _strip_titles(words)
        if head not in ORG_HEADS and pw:
            last = pw[-1]
            first = pw[0] if len(pw) >= 2 else None
            for c in recent:
                if not c.surnames or c.heads & ORG_HEADS:
                    continue
                same = last in c.surnames or (len(skeleton(last)) >= 4 and any(
                    skeleton(last) == skeleton(s) for s in c.surnames))
                if same and (first is None or not c.firsts or first in c.firsts or len(pw) == 1):
                    return c
        # 7. transliteration variants of single names
        sk = skeleton(m.text)
        if len(sk) >= 4 and head not in ORG_HEADS:
            for c in recent:
                if sk in c.skeletons:
                    return c
        return None

    # -- results --------------------------------------------------------------------------
    def finish(self) -> list[Actor]:
        """Turn clusters into schema :class:`Actor` objects (ids ``actor1``, ``actor2`` …)."""
        wk = world_knowledge()
        self.actors = []
        for c in self.clusters:
            self.actors.append(self._to_actor(c, wk))
        return self.actors

    def _to_actor(self, c: _Cluster, wk: dict[str, Any]) -> Actor:
        proper = [m for m in c.mentions if m.proper]
        pool = proper or c.mentions
        def fullness(m: Mention) -> tuple[int, int, int]:
            words = [w for w in norm_name(m.text).split() if w not in _FUNCTION]
            return (len(words), len(m.text), -m.start)
        if proper:
            best = max(pool, key=fullness)
            name = _display(best.text)
            if _kind(c, wk) == "person":
                # persons: the first mention that gives the full name, as written with the role
                # words before it ("curator Elaine Gustafon", "Major general Fuad Basya")
                def core(m: Mention) -> int:
                    return len(_strip_titles(norm_name(m.text).split()))
                top = max(core(m) for m in pool)
                first = min((m for m in pool if core(m) == top), key=lambda m: m.start)
                name = _display(first.display or first.text)
        else:
            first = pool[0]
            name = _display(first.display or first.text)
        aliases: list[str] = []
        for m in c.mentions:
            a = _display(m.text)
            if a not in aliases:
                aliases.append(a)
        return Actor(
            id=f"actor{c.idx + 1}",
            name=name,
            kind=_kind(c, wk),
            aliases=aliases,
            mentions=[make_span(self.text, m.start, m.end) for m in c.mentions],
            explanation="; ".join(dict.fromkeys(c.explanation)) or "name mentions clustered by name rules",
        )

    def gender(self, idx: int) -> str | None:
        """'m', 'f' or None for cluster ``idx``, from titles, given names and role nouns."""
        if not 0 <= idx < len(self.clusters):
            return None
        votes = {"m": 0, "f": 0}
        names = first_names()
        for m in self.clusters[idx].mentions:
            words = norm_name(m.display or m.text).split()
            for w in words:
                if w in _MALE_WORDS:
                    votes["m"] += 1
                elif w in _FEMALE_WORDS:
                    votes["f"] += 1
            pw = _strip_titles(norm_name(m.text).split())
            if m.proper and len(pw) >= 2:
                if pw[0] in names["male"]:
                    votes["m"] += 1
                elif pw[0] in names["female"]:
                    votes["f"] += 1
        if votes["m"] > votes["f"]:
            return "m"
        if votes["f"] > votes["m"]:
            return "f"
        return None

    # -- lookup ---------------------------------------------------------------------------
    def actor_of_token(self, i: int) -> Actor | None:
        m = self.by_token.get(i)
        if m is None or m.actor < 0 or m.actor >= len(self.actors):
            return None
        return self.actors[m.actor]

    def mention_of_token(self, i: int) -> Mention | None:
        return self.by_token.get(i)

    def add_description(self, doc: Doc, start_tok: int, end_tok: int, head: int, kind_hint: str = "other") -> Actor:
        """Register a phrase found later (e.g. an unusual speaker) and return its actor."""
        span = doc[start_tok:end_tok]
        m = Mention(span.start_char, span.end_char, start_tok, end_tok, head, span.text,
                    proper=_is_proper_phrase(span), kind_hint=kind_hint,
                    plural=doc[head].tag_ in {"NNS", "NNPS"})
        if not m.proper:
            m.display = full_np(doc, doc[head], start_tok)
        idx = self.add(m)
        c = self.clusters[idx]
        actor = self._to_actor(c, world_knowledge())
        if idx < len(self.actors):
            self.actors[idx] = actor
        else:
            self.actors.append(actor)
        return actor


def _display(text: str) -> str:
    t = re.sub(r"\s+", " ", text).strip()
    t = re.sub(r"[“”\"‘]|’(?!\w)|(?<!\w)'|'(?!\w)", "", t)  # quote marks, not apostrophes
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"^(?:the|The|THE)\s+", "", t)
    t = re.sub(r"(?:'s|’s|'|’)$", "", t)
    return t.strip(" ,")


def _demonym_clash(a: frozenset[str], b: frozenset[str]) -> bool:
    dem = world_knowledge()["demonyms"]
    da = {w for w in a if w in dem}
    db = {w for w in b if w in dem}
    return bool(da and db and not da & db)


def _kind(c: _Cluster, wk: dict[str, Any]) -> str:
    norms = c.norms
    names = first_names()
    if any(f in names["male"] or f in names["female"] for f in c.firsts) and not c.heads & (ORG_HEADS | EVENT_HEADS):
        return "person"  # "Valeska Paris" is a woman, not the French capital
    if c.kinds.get("media", 0):
        return "media"
    # a country is a state even where the text only says "in Syria"; a capital city is a
    # state only when it acts ("Washington said"), else a place
    if c.world and c.world in wk["states"] and not norms & set(wk["metonyms"]):
        return "state"
    if c.world and c.world in wk["states"]:
        return "state" if c.kinds.get("state", 0) else "place"
    if c.world:
        return "group" if c.world in {"islamic state"} else "org"
    if any(n in wk["states"] for n in norms):
        return "state"
    if c.heads & DOCUMENT_NOUNS and not any(m.proper for m in c.mentions):
        return "document"
    if c.heads & {"study", "survey", "report"}:
        return "document"
    if c.heads & ORG_HEADS or c.heads & ORG_NOUNS:
        if c.heads & {"militant", "rebel", "terrorist", "fighter"}:
            return "group"
        return "org"
    votes = dict(c.kinds)
    votes.pop("other", None)
    if c.heads & PLACE_HEADS:
        votes["place"] = votes.get("place", 0) + 2
    if c.heads & EVENT_HEADS:
        return "other"
    names = first_names()
    if any(f in names["male"] or f in names["female"] for f in c.firsts):
        votes["person"] = votes.get("person", 0) + 3
    if c.surnames and c.firsts and not votes.get("place"):
        votes["person"] = votes.get("person", 0) + 2
    if c.heads & PERSON_NOUNS or (c.surnames and c.firsts):
        votes["person"] = votes.get("person", 0) + 1
    if not votes:
        return "other"
    return max(votes, key=lambda k: votes[k])


def _is_proper_phrase(span: Span) -> bool:
    return span.root.tag_ in PROPER_TAGS


#: Heads that take an "on" phrase inside their name ("Convention on the Treatment of Prisoners of War").
_ON_HEADS = {"convention", "treaty", "committee", "conference", "commission", "council", "agreement", "protocol",
             "declaration", "summit", "forum", "panel", "subcommittee"}
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,6}")
_CORP_SUFFIX = {"corporation", "corp", "inc", "ltd", "company", "co", "plc", "llc", "group", "holdings", "ag", "sa", "gmbh"}
_PLACE_PREPS = {"in", "at", "near", "from", "to", "into", "across", "outside", "inside", "around", "toward", "towards",
                "on", "over", "through"}


def _hint(doc: Doc, head: Token, first: Token) -> str:
    w = head.lower_
    if w in PERSON_NOUNS:
        return "person"
    if w in DOCUMENT_NOUNS:
        return "document"
    if singular(w) in ORG_HEADS or w in ORG_NOUNS:
        return "org"
    if singular(w) in PLACE_HEADS:
        return "place"
    if first.lower_.rstrip(".") in PERSON_TITLES:
        return "person"
    if head.dep_ == "pobj" and head.head.lower_ in _PLACE_PREPS and head.head.head.lower_ != "according":
        return "place"
    if head.dep_ in {"nsubj", "nsubjpass"}:
        n = norm_name(head.text)
        wk = world_knowledge()
        if n in wk["metonyms"] or n in wk["states"] or wk["groups"].get(n) in wk["states"]:
            return "state"
    return "other"


class TokenTable:
    """Per-token strings read in one pass from the Doc's arrays (no Token objects): the
    analyzers look tokens up by index many times, and creating spaCy Token objects in
    whole-document loops costs more than the rules themselves."""

    def __init__(self, doc: Doc) -> None:
        from spacy.attrs import IDX, LENGTH, LOWER, TAG

        arr = doc.to_array([IDX, LENGTH, TAG, LOWER])
        strings = doc.vocab.strings
        text = doc.text  # Doc.text is rebuilt from the tokens on every access: read it once
        self.doc_text = text
        self.idx = [int(x) for x in arr[:, 0]]
        self.text = [text[a:a + int(n)] for a, n in zip(self.idx, arr[:, 1], strict=True)]
        self.tag = [strings[int(x)] for x in arr[:, 2]]
        self.lower = [strings[int(x)] for x in arr[:, 3]]
        ends = [a + len(t) for a, t in zip(self.idx, self.text, strict=True)]
        self.newline_after = [("\n" in text[e:nxt]) for e, nxt in zip(ends, [*self.idx[1:], len(text)], strict=True)]
        self.space_after = [e < nxt for e, nxt in zip(ends, [*self.idx[1:], len(text)], strict=True)]


def token_table(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc``, built once per Doc."""
    tt = _TABLES.get(doc)
    if tt is None or len(tt.idx) != len(doc):
        tt = TokenTable(doc)
        _TABLES[doc] = tt
    return tt


def _name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of proper-noun tokens, joined over hyphens and "of" ("Ministry of Defense")."""
    runs: list[tuple[int, int]] = []
    n = len(doc)
    i = 0
    tt = token_table(doc)
    texts, lowers = tt.text, tt.lower
    # acronyms count as proper nouns whatever the tagger says ("WHO" is often tagged WP)
    tags = ["NNP" if (t[:1].isupper() and _ACRONYM.fullmatch(t)) else g for t, g in zip(texts, tt.tag, strict=True)]
    while i < n:
        # a month or weekday starts a name only when a name follows ("Jan Egeland", "May Ahmed")
        timeword = lowers[i] in TIME_WORDS and not (
            i + 1 < n and tags[i + 1] in PROPER_TAGS and lowers[i + 1] not in TIME_WORDS and texts[i + 1][:1].isalpha())
        if tags[i] not in PROPER_TAGS or timeword or not texts[i][:1].isalpha():
            i += 1
            continue
        j = i + 1
        joined = False
        while j < n:
            if tags[j] in PROPER_TAGS and lowers[j] not in TIME_WORDS and texts[j][:1].isalpha() \
                    and not tt.newline_after[j - 1]:
                j += 1
                continue
            # "al-Boukamal", "Abu-Kamal": hyphen between proper nouns, no spaces
            if texts[j] in {"-", "‐", "–"} and j + 1 < n and tags[j + 1] in PROPER_TAGS \
                    and not tt.space_after[j - 1] and not tt.space_after[j]:
                j += 2
                continue
            # "Ministry of Defense", "University of the Witwatersrand"
            if lowers[j] in {"of", "for", "on"} and j + 1 < n:
                k = j + 1
                if lowers[k] == "the" and k + 1 < n:
                    k += 1
                prev = singular(lowers[j - 1])
                if tags[k] in PROPER_TAGS and texts[k][:1].isupper() and (
                        (lowers[j] != "on" and (prev in ORG_HEADS or joined))
                        or (lowers[j] == "on" and prev in _ON_HEADS)
                        or (lowers[j] == "of" and lowers[j - 1] in PERSON_TITLES)):
                    j = k + 1
                    joined = True
                    continue
            break
        # a capitalised adjective right before the run belongs to it ("Russian/JJ Defense Ministry")
        s = i
        while s > 0 and doc[s - 1].tag_ == "JJ" and doc[s - 1].text[:1].isupper() and (
                doc[s - 1].is_sent_start is not True or doc[s - 1].lower_ in world_knowledge()["demonyms"]):
            s -= 1
        runs.extend(_split_run(s, j, texts, lowers))
        i = j
    return runs


def _split_run(s: int, e: int, texts: list[str], lowers: list[str]) -> list[tuple[int, int]]:
    """ "the United States Hamdullah Mohib", "NASA Bill Ingalls": a known state or organisation
    name run together with a person's name is two mentions (split before a given name)."""
    if e - s < 3:
        return [(s, e)]
    wk = world_knowledge()
    names = first_names()
    for k in range(s + 1, e - 1):
        if lowers[k] in names["male"] or lowers[k] in names["female"]:
            head = norm_name(" ".join(texts[s:k]))
            if head in wk["groups"] or head in wk["states"] or head in wk["metonyms"]:
                return [(s, k), (k, e)]
    return [(s, e)]


def _person_display(doc: Doc, s: int, e: int) -> str | None:
    """ "Major general Fuad Basya", "New Zealand's Prime Minister John Key": a person's name
    with the role words the text puts right before it (same noun phrase, no comma)."""
    head = doc[e - 1]
    if singular(head.lower_) in ORG_HEADS | PLACE_HEADS | EVENT_HEADS or (e - s < 2 and doc[s - 1:s].text.lower() not in PERSON_TITLES):
        return None
    start = min(t.left_edge.i for t in doc[s:e])
    # "curator Elaine Gustafon": the name is an appositive of the role noun right before it
    if head.dep_ == "appos" and head.head.i == s - 1 and head.head.tag_ in {"NN", "NNS"}:
        role = head.head
        start = min([role.i] + [c.left_edge.i for c in role.lefts if c.dep_ in {"compound", "amod"}])
    while start < s and (doc[start].tag_ in {"DT", "PDT", "PRP$"} or doc[start].is_punct):
        start += 1
    for k in range(start, s):
        if doc[k].text in {",", "(", ")", "—", "–", ":", ";"} or "\n" in doc[k].whitespace_:
            start = k + 1
    # a role noun right before the name, whatever the parser made of it ("to curator Elaine Gustafon")
    if start >= s and s > 0 and doc[s - 1].tag_ in {"NN", "NNP"} and doc[s - 1].text.isalpha() and (
            doc[s - 1].lower_ in PERSON_NOUNS | PERSON_TITLES or doc[s - 1].text.islower()):
        start = s - 1
        while start > 0 and doc[start - 1].dep_ in {"compound", "amod"} and doc[start - 1].head.i in range(start, e):
            start -= 1
    if start >= s:
        return None
    if start > 0 and doc[start - 1].tag_ == "PRP$" and doc[start - 1].head.i < s:
        return None  # "his father Mohamed …": a kinship phrase, not a title
    wk = world_knowledge()
    for x in range(start, s if doc[s - 1].tag_ != "POS" else start):
        n = norm_name(doc[x:s].text)
        if n in wk["groups"] or n in wk["states"] or n in wk["metonyms"]:
            return None  # "the United States Hamdullah Mohib": a country next to the name, not a title
    return doc[start:e].text


def full_np(doc: Doc, head: Token, start: int) -> str | None:
    """The whole noun phrase of a description, post-modifiers included ("a leaked letter
    seen by Sky News"), cut before a comma, parenthesis, dash or relative clause."""
    end = head.i + 1
    for c in head.rights:
        if c.dep_ == "appos" and c.i == end and c.tag_ in PROPER_TAGS:
            end = c.right_edge.i + 1  # "the Internet security firm Secunia.com"
            continue
        if c.dep_ in {"relcl", "appos", "punct", "cc", "conj", "npadvmod", "advmod"} or c.text in {",", "(", "—", "–"}:
            break
        if c.dep_ == "prep" and any(x.lower_ in TIME_WORDS or x.tag_ == "CD" for x in c.children if x.dep_ == "pobj"):
            break  # "sources on Monday": when, not who
        if any(t.text in {",", "(", "—", "–", ";", ":"} or t.text in {"“", "”", '"'} for t in doc[end:c.right_edge.i + 1]):
            break
        end = c.right_edge.i + 1
    if end == head.i + 1 or end - start > 14:
        return None
    return doc[start:end].text


def _description_bounds(doc: Doc, head: Token) -> tuple[int, int]:
    start = head.i
    for child in head.lefts:
        if child.dep_ in _LEFT_MODIFIER_DEPS:
            start = min(start, child.left_edge.i)
    # never start with punctuation
    while start < head.i and doc[start].is_punct:
        start += 1
    return start, head.i + 1


def build_actors(doc: Doc, article: Article | None = None) -> list[Actor]:
    """Cluster the actors of ``doc`` and keep its :class:`ActorIndex` for :func:`actor_index`."""
    text = token_table(doc).doc_text
    index = ActorIndex(text)
    found: list[Mention] = []
    run_tokens: set[int] = set()
    dl = article.dateline.span if article is not None and article.dateline is not None else None
    dl_agency = article.dateline.agency if dl is not None else None
    for s, e in _name_runs(doc):
        span = doc[s:e]
        # strip a trailing possessive and punctuation
        while e > s and (doc[e - 1].tag_ == "POS" or doc[e - 1].is_punct):
            e -= 1
        if e <= s:
            continue
        span = doc[s:e]
        head = span.root
        kind = _hint(doc, head, doc[s])
        if dl is not None and dl.start <= span.start_char < dl.end:
            # the dateline names where the story was filed and the agency that filed it
            kind = "media" if dl_agency and span.text.strip() == dl_agency else "place"
        m = Mention(span.start_char, span.end_char, s, e, head.i, span.text, True, kind,
                    plural=doc[e - 1].tag_ == "NNPS")
        m.display = _person_display(doc, s, e)
        found.append(m)
        run_tokens.update(range(s, e))
    # agent-like common-noun phrases ("the ministry", "the US side", "researchers")
    tt = token_table(doc)
    for ti in range(len(doc)):
        if tt.tag[ti] not in {"NN", "NNS"} or ti in run_tokens or (
                tt.lower[ti] not in DESCRIPTION_HEADS and tt.lower[ti] not in PERSON_TITLES):
            continue
        tok = doc[ti]
        if tok.dep_ not in {"nsubj", "nsubjpass", "pobj", "dobj", "appos", "conj", "poss", "ROOT", "attr"}:
            continue
        s, e = _description_bounds(doc, tok)
        # keep only determiners/adjectives/compounds: drop a leading possessive pronoun's noise
        span = doc[s:e]
        if s < tok.i and any(t.i in run_tokens for t in span) and doc[s].lower_ not in {"the", "a", "an"} \
                and all(t.i in run_tokens for t in doc[s:tok.i]):
            # "Daesh convoys" style: a proper modifier + a common head stays a description
            pass
        dm = Mention(span.start_char, span.end_char, s, e, tok.i, span.text, False, _hint(doc, tok, doc[s]),
                     plural=tok.tag_ == "NNS" or tok.lower_ in {"police", "people", "staff", "media"})
        dm.display = full_np(doc, tok, s)
        found.append(dm)
    # proper names first at each position, so "WHO" keeps its token inside "WHO officials"
    found.sort(key=lambda m: (m.start, not m.proper, -m.end))
    last_end = -1
    for m in found:
        if m.proper and m.start < last_end and m.tok_start in index.by_token:
            continue  # nested inside an earlier mention
        index.add(m)
        last_end = max(last_end, m.end)
    # appositives: "the rebels' spokesman, Omar Haddad," / "Omar Haddad, the rebels' spokesman," are one person
    for m in list(index.mentions):
        if m.proper or m.actor < 0:
            continue
        h = doc[m.head]
        partners = [c for c in h.children if c.dep_ == "appos"] + ([h.head] if h.dep_ == "appos" else [])
        for p in partners:
            pm = index.by_token.get(p.i)
            if pm is None or not pm.proper or pm.actor == m.actor:
                continue
            pc = index.clusters[pm.actor]
            if pc.firsts and pc.surnames and h.lower_ in PERSON_NOUNS | PERSON_TITLES and h.tag_ != "NNS":
                _merge(index, pm.actor, m.actor, f"'{m.text}' is an appositive of '{pm.text}'")
                break
    # parenthesised acronyms: "Syrian Democratic Forces (SDF)", "Daesh (ISIS)"
    for m in list(index.mentions):
        if not m.proper:
            continue
        j = m.tok_end
        if j + 2 < len(doc) and doc[j].text == "(" and doc[j + 2].text == ")" and doc[j + 1].tag_ in PROPER_TAGS | {"NN"}:
            inner = index.by_token.get(j + 1)
            if inner is not None and inner.actor != m.actor:
                _merge(index, m.actor, inner.actor, f"'{doc[j + 1].text}' in parentheses after '{m.text}'")
            elif inner is None:
                sp = doc[j + 1:j + 2]
                am = Mention(sp.start_char, sp.end_char, j + 1, j + 2, j + 1, sp.text, True, m.kind_hint)
                c = index.clusters[m.actor]
                index._absorb(c, am)
                index.mentions.append(am)
                index.by_token[j + 1] = am
                c.explanation.append(f"'{sp.text}' in parentheses after '{m.text}'")
    index.mentions.sort(key=lambda m: m.start)
    _INDEXES[doc] = index
    return index.finish()


def _merge(index: ActorIndex, keep: int, other: int, why: str) -> None:
    a, b = index.clusters[keep], index.clusters[other]
    for m in b.mentions:
        index._absorb(a, m)
    a.explanation.append(why)
    b.mentions = []
    b.norms = set()
    b.heads = set()
    b.surnames = set()
    b.skeletons = set()
    b.acronyms = set()
    # renumber: drop the emptied cluster
    index.clusters = [c for c in index.clusters if c.mentions]
    for i, c in enumerate(index.clusters):
        c.idx = i
        for m in c.mentions:
            m.actor = i


def actor_index(doc: Doc, article: Article | None = None) -> ActorIndex:
    """The :class:`ActorIndex` built for ``doc`` (built now if :func:`build_actors` did not run)."""
    idx = _INDEXES.get(doc)
    if idx is None:
        build_actors(doc, article)
        idx = _INDEXES[doc]
    return idx
