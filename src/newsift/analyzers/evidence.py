"""Evidence: everything the text offers in support of its claims, and whether a reader can see it.

Items found (kind): media nouns (photo, video), documents and reports (document), data
and statistics (data), witnesses (witness), objects found, seized or discovered
(physical: "the SDF flags were found in Abu Kamal"), the statement whose words are quoted
(statement), and unspecified "evidence", "proof", "facts" (other).

Status, first rule that holds:

* **shown**: the input itself contains it: a caption or "photo:"/"video:" credit line for
  media, "pictured"/"the video below"; for a statement, its words quoted directly.
* **linked**: a URL in the same sentence.
* **described**: a concrete description with provenance: who released/published/found it
  and when, where or what it shows ("On Tuesday morning, the Ministry released photos
  they said showed convoys leaving al-Boukamal"). The reader still cannot inspect it.
* **asserted-only**: its existence is claimed and nothing is given ("there is
  indisputable evidence", "revealed facts of …"). Unspecified evidence nouns are always
  asserted-only unless shown or linked.

Each item links to the claims it is offered for: the claim containing the mention; for
media, the attributed claims of the same sentence (what the media are said to show); for
"to support the claim"/"as proof", also the claim just before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from newsift.analyzers.registry import analyzer
from newsift.claims.units import sentence_spans
from newsift.links import link_claims_to_evidence
from newsift.nlp import ParsedArticle
from newsift.schema import Attribution, Claim, Evidence, make_span

MEDIA = {
    "photo": r"photos?|photographs?|images?|pictures?|satellite imagery|snapshots?|infographics?",
    "video": r"videos?|footage|video clips?|recordings?|livestream",
    "document": r"documents?|papers|records|letters?|memos?|reports?|files|dossiers?|emails?|minutes",
    "data": r"data|statistics|figures|census|surveys?|polls?|studies|study",
    "witness": r"witness(?:es)?|eyewitness(?:es)?|testimon(?:y|ies)",
}
ABSTRACT = r"(?:indisputable |irrefutable |clear |undeniable |conclusive |ample |new |further )?(?:evidence|proofs?|facts)"
FOUND_VERBS = r"found|discovered|seized|recovered|uncovered|confiscated|unearthed"
MEDIA_RE = {k: re.compile(rf"\b(?:{v})\b", re.I) for k, v in MEDIA.items()}
ABSTRACT_RE = re.compile(rf"\b{ABSTRACT}\b", re.I)
STATEMENT_RE = re.compile(r"\b(?:statement|communiqu[eé]|press release|declaration)\b", re.I)
URL_RE = re.compile(r"https?://\S+|\bwww\.\S+", re.I)
CAPTION_RE = re.compile(
    r"^\s*[(\[]?\s*(?:photo|image|picture|video|footage|watch)\s*(?::|credit|courtesy|by\b)"
    r"|\((?:photo|image|picture|video)\s*[:/]"
    r"|\b(?:AP|AFP|Reuters|Getty|EPA|SANA|TASS|Sputnik|Anadolu|Xinhua)(?:/Getty)?\s+(?:Photo|Images|Video)\b",
    re.I | re.M,
)
EMBEDDED_RE = re.compile(r"\b(?:pictured|(?:photo|image|video|picture|footage) (?:above|below)|(?:above|below) (?:photo|image|video|picture))\b", re.I)
TIME_RE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|morning|evening|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"last (?:week|month|year)|(?:19|20)\d\d)\b", re.I,
)
PROVENANCE_VERBS = re.compile(r"\b(?:released|published|posted|shared|showed|shows|showing|show|depict\w*|filmed|taken|took|obtained|provided|presented|distributed|broadcast)\b", re.I)
SUPPORT_RE = re.compile(r"\b(?:to support (?:the|this|its|their) (?:claim|assertion|allegation)|as (?:proof|evidence)|to prove)\b", re.I)
OFFER_RE = re.compile(
    r"\b(?:there (?:is|are|was|were)|(?:has |have |had )?(?:revealed|reveals?|released|published|presented|provided|showed|"
    r"produced|obtained|cited|offered))\s+(?:(?:new|the|some|several|these|its|their)\s+)?$", re.I,
)
AGENT_RE = re.compile(r"\b(?:by|from)\s+(?:the\s+)?[A-Z]")


def _sentence_of(sents: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in sents:
        if s <= pos < e:
            return s, e
    return pos, pos


def _innermost(atts: list[Attribution], start: int, end: int) -> Attribution | None:
    best: Attribution | None = None
    best_len = 10**9
    for a in atts:
        for c in a.content:
            if c.start <= start and end <= c.end and c.end - c.start < best_len:
                best, best_len = a, c.end - c.start
    return best


def _claims_at(claims: list[Claim], start: int, end: int) -> list[Claim]:
    return [c for c in claims if c.span.start <= start and end <= c.span.end]


def _status(text: str, kind: str, start: int, end: int, sent: tuple[int, int], full_text_captions: bool) -> tuple[str, str]:
    s_text = text[sent[0]:sent[1]]
    if kind in {"photo", "video"} and (full_text_captions or EMBEDDED_RE.search(s_text)):
        return "shown", "the input carries the media itself (a caption/credit line or 'pictured')"
    if URL_RE.search(s_text):
        return "linked", "a URL in the same sentence"
    if kind == "other":
        return "asserted-only", "unspecified evidence: the text names it but never says what it is"
    has_time = bool(TIME_RE.search(s_text))
    has_place = bool(re.search(r"\b(?:in|at|near|from)\s+(?:the\s+)?[A-Z][\w-]+", text[start:sent[1]]))
    has_agent = bool(PROVENANCE_VERBS.search(s_text)) or bool(AGENT_RE.search(text[end:sent[1]]))
    has_content = bool(re.search(r"\b(?:show\w*|depict\w*|of)\b", text[end:min(sent[1], end + 60)], re.I))
    if kind == "physical":
        where = re.search(r"\b(?:in|at|near|inside|on|under)\s+\w+", text[start:sent[1]])
        who = re.search(rf"\b(?:we|they|he|she|[A-Z][\w-]+)\s+(?:had\s+|have\s+)?(?:{FOUND_VERBS})\b", s_text)
        if where or who or has_time:
            got = [w for w, ok in (("who found it", who), ("where", where), ("when", has_time)) if ok]
            return "described", f"a concrete object with {', '.join(got)}; nothing shown"
    if has_agent and (has_time or has_place or has_content):
        got = [w for w, ok in (("when", has_time), ("where", has_place), ("what it shows", has_content)) if ok]
        return "described", f"described with provenance (who, {', '.join(got)}) but neither shown nor linked"
    return "asserted-only", "named, without who/when/where or what it shows, and neither shown nor linked"


def build_evidence(parsed: ParsedArticle, attributions: list[Attribution], claims: list[Claim]) -> tuple[list[Evidence], list[Claim]]:
    """Evidence items and the claims with their ``evidence`` links filled (pure; see module docstring)."""
    art = parsed.article
    text = art.text
    doc = parsed.doc
    if doc is not None:
        sents: list[tuple[int, int]] = []
        for s_start, s_end in sentence_spans(doc, text):  # split at line breaks too: a title is its own sentence
            pos = s_start
            for part in re.split(r"(\n+)", text[s_start:s_end]):
                if part.strip():
                    sents.append((pos, pos + len(part)))
                pos += len(part)
    else:
        sents = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text)]
    captions = bool(CAPTION_RE.search(text))
    found: list[tuple[int, int, str]] = []  # (start, end, kind)

    urls = [(m.start(), m.end(), "url") for m in URL_RE.finditer(text)]

    def taken(a: int, b: int) -> bool:  # already found, or a word inside a URL
        return any(x < b and a < y for x, y, _ in found + urls)

    # physical objects: "<NP> were found …" / "found <NP>"
    if doc is not None:
        for fm in re.finditer(rf"\b(?:{FOUND_VERBS})\b", text, re.I):
            fspan = doc.char_span(fm.start(), fm.end())
            if fspan is None or len(fspan) != 1:
                continue
            t = fspan[0]
            if t.tag_ in {"VBN", "VBD"}:
                objs = [c for c in t.children if c.dep_ in {"nsubjpass", "dobj"} and c.pos_ in {"NOUN", "PROPN"}]
                objs = [o for o in objs if not ABSTRACT_RE.fullmatch(o.text) and o.lower_ not in {"evidence", "proof", "facts", "way", "time"}]
                if not objs:
                    continue
                o = objs[0]
                left = min(x.idx for x in o.subtree)
                tail = [t, o] + [x for c in t.rights if c.dep_ in {"prep", "dobj", "agent", "advmod", "npadvmod", "prt"} for x in c.subtree]
                right = max(x.idx + len(x.text) for x in tail if x.dep_ != "punct")
                found.append((left, right, "physical"))
    for kind, rx in MEDIA_RE.items():
        for m in rx.finditer(text):
            if kind == "document" and m.group(0).lower().startswith("report") and doc is not None:
                span = doc.char_span(m.start(), m.end())
                if span is None or span[0].tag_ not in {"NN", "NNS"}:
                    continue
            if kind == "data" and m.group(0).lower() == "figures" and re.match(r"\s+(?:of|in)\s+(?:the\s+)?[A-Z]", text[m.end():m.end() + 12]):
                continue  # "figures of the opposition" are people
            if not taken(m.start(), m.end()):
                found.append((m.start(), m.end(), kind))
    for m in ABSTRACT_RE.finditer(text):
        if not taken(m.start(), m.end()):
            found.append((m.start(), m.end(), "other"))

    # the statement whose words the text quotes: one item per speaker
    statements: dict[str, tuple[int, int, Attribution]] = {}
    for m in STATEMENT_RE.finditer(text):
        sent = _sentence_of(sents, m.start())
        owner = next((a for a in attributions if sent[0] <= a.cue.start < sent[1] and not a.parent), None)
        if owner is None:
            continue
        key = owner.speaker or owner.speaker_name or owner.id
        if key not in statements:
            statements[key] = (m.start(), m.end(), owner)

    # widen a bare noun to the words that offer it: "revealed evidence", "There is indisputable evidence"
    widened = []
    for start, end, kind in found:
        if kind != "physical" and (m := OFFER_RE.search(text, max(0, start - 30), start)):
            start = m.start()
        widened.append((start, end, kind))
    found = sorted(widened)
    items: list[Evidence] = []
    claim_order = sorted(claims, key=lambda c: c.span.start)
    for start, end, kind in found:
        sent = _sentence_of(sents, start)
        status, why = _status(text, kind, start, end, sent, captions)
        holder = _innermost(attributions, start, end)
        here = _claims_at(claims, start, end)
        linked: list[Claim] = list(here)
        if kind in {"photo", "video"}:
            said = [c for c in claims if sent[0] <= c.span.start < sent[1] and c.asserted_by != "outlet" and c.span.start >= end]
            if said:
                linked = said
        if SUPPORT_RE.search(text[sent[0]:sent[1]]):
            before = [c for c in claim_order if c.span.end <= sent[0] + 1 or (c.span.end <= start and c not in here)]
            before = [c for c in before if c.span.start < sent[0]] or before
            if before:
                linked = [before[-1], *linked]
        if holder is not None:
            offered = holder.id
        else:
            offered = next((c.asserted_by for c in linked if c.asserted_by != "outlet"), "outlet")
        if kind in {"photo", "video"} and any(a.source and 0 <= a.source.start - end <= 3 for a in attributions):
            why += "; what it shows is only its owner's word ('… they said showed …')"
        eid = f"e{len(items) + 1}"
        who = next((a.speaker_name for a in attributions if a.id == offered), None)
        items.append(Evidence(
            id=eid, span=make_span(text, start, end), kind=kind, status=status,  # type: ignore[arg-type]
            offered_by=offered, claims=[c.id for c in linked],
            explanation=f"{kind} {status}: {why}" + (f"; offered by {who}" if who else ""),
        ))
    for key, (start, end, owner) in statements.items():
        quoted = [a for a in attributions if (a.speaker or a.speaker_name or a.id) == key and a.kind in {"direct", "mixed", "according_to"}]
        cids = [c.id for c in claims if c.asserted_by in {a.id for a in quoted}]
        status, why = ("shown", "its words are quoted directly in the text") if quoted else (
            "described", "reported in indirect speech only: its words are not given")
        eid = f"e{len(items) + 1}"
        items.append(Evidence(
            id=eid, span=make_span(text, start, end), kind="statement", status=status,  # type: ignore[arg-type]
            offered_by=owner.id, claims=cids,
            explanation=f"statement {status}: {why}. It shows what {owner.speaker_name or 'the speaker'} says, "
                        "not that what it says is true",
        ))
    return items, link_claims_to_evidence(claims, items)


@analyzer("evidence", requires=("attributions", "claims"), produces=("evidence",))
def evidence(parsed: ParsedArticle, findings: Mapping[str, Any]) -> dict[str, Any]:
    """Evidence offered (photos, documents, objects, statements …) and whether it is shown, linked, described or only asserted."""
    items, _ = build_evidence(parsed, list(findings.get("attributions") or []), list(findings.get("claims") or []))
    # Claim.evidence back-links are derived from Evidence.claims when the report is built
    # (newsift.links.link_claims_to_evidence): an analyzer never edits another's findings.
    return {"evidence": items}
