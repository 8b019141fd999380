"""The report schema: the contract between analyzers, renderers, stores and users.

Every finding is a span of ``Article.text`` (``[start, end)`` character offsets) with an
``explanation`` saying which rule or model fired, never a bare verdict. The JSON Schema
printed by ``newsift schema`` is generated from these models, so changing a field here
changes the contract: bump ``SCHEMA_VERSION`` when you do.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


class Model(BaseModel):
    """Base for every schema object: unknown fields are errors, so typos surface."""

    model_config = ConfigDict(extra="forbid")


class Span(Model):
    """A piece of the article text, ``text == article.text[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class RemovedText(Model):
    """Text that ingest took out of the article body, kept so nothing is lost silently."""

    span_text: str
    reason: str = Field(description="why it was removed, e.g. 'page residue: related-article teaser'")


class Dateline(Model):
    place: str | None = None
    agency: str | None = None
    span: Span | None = None


class Article(Model):
    """The cleaned article. Offsets of every finding point into ``text``."""

    id: str = Field(description="sha256 of the cleaned text (content hash)")
    url: str | None = None
    outlet: str | None = Field(default=None, description="outlet name or domain given with the input")
    title: str | None = None
    title_span: Span | None = None
    dateline: Dateline | None = None
    published: str | None = Field(default=None, description="ISO date, when known")
    language: str = "en"
    text: str
    removed: list[RemovedText] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list, description="catalogued warnings, e.g. W101 encoding guessed")


ActorKind = Literal["person", "org", "state", "group", "place", "media", "document", "other"]


class Actor(Model):
    """One real-world party, with every name the text uses for it."""

    id: str
    name: str = Field(description="canonical name: the fullest proper name the text gives")
    kind: ActorKind = "other"
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)
    explanation: str = ""


AttributionKind = Literal["direct", "indirect", "mixed", "according_to", "headline", "other"]
VerbClass = Literal["neutral", "distancing", "factive", "perception", "cognition", "other"]


class Attribution(Model):
    """Who says what: a cue, its source, the resolved speaker and the content."""

    id: str
    kind: AttributionKind
    cue: Span
    source: Span | None = None
    speaker: str | None = Field(default=None, description="Actor id of the resolved speaker")
    speaker_name: str | None = Field(default=None, description="canonical name of the speaker, for readers")
    content: list[Span]
    parent: str | None = Field(default=None, description="id of the attribution this one is nested in")
    verb_class: VerbClass = "neutral"
    explanation: str
    confidence: float | None = None


ClaimType = Literal["event", "quantity", "causal", "accusation", "prediction", "opinion", "other"]


class Hedge(Model):
    span: Span
    kind: str = Field(description="e.g. 'reportedly', 'allegedly', 'reported evidence'")


class Target(Model):
    """A party a claim accuses (the grammatical agent of the alleged wrongdoing)."""

    actor: str = Field(description="Actor id, or 'party:<name>' when no actor cluster names it")
    name: str
    span: Span


class Claim(Model):
    id: str
    span: Span
    checkworthiness: float = Field(ge=0.0, le=1.0)
    type: ClaimType = "other"
    asserted_by: str = Field(description="'outlet' or an Attribution id")
    speaker: str | None = Field(default=None, description="Actor id of the asserting speaker (None for the outlet)")
    speaker_name: str | None = None
    hedges: list[Hedge] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list, description="Evidence ids offered for this claim")
    targets: list[Target] = Field(default_factory=list, description="parties an accusation accuses")
    reasons: list[str] = Field(default_factory=list)
    explanation: str = ""


EvidenceKind = Literal["photo", "video", "document", "statement", "data", "witness", "physical", "other"]
EvidenceStatus = Literal["shown", "linked", "described", "asserted-only"]


class Evidence(Model):
    id: str
    span: Span
    kind: EvidenceKind
    status: EvidenceStatus
    offered_by: str | None = Field(default=None, description="'outlet' or an Attribution id")
    claims: list[str] = Field(default_factory=list)
    explanation: str


class Technique(Model):
    span: Span
    label: str = Field(description="one of the 14 PTC (SemEval-2020 Task 11) technique names")
    confidence: float = Field(ge=0.0, le=1.0)
    explanation: str


class SpeakerShare(Model):
    actor: str = Field(description="Actor id")
    name: str
    share_of_text: float = Field(description="share of the article's characters in this speaker's content")
    attributions: int
    attribution_ids: list[str] = Field(default_factory=list)
    top_level: int = Field(default=0, description="attributions the outlet relays directly (not nested in another speaker's)")
    relayed_by: list[str] = Field(default_factory=list, description="Actor ids of speakers whose statements relay this one")
    independent: bool = Field(default=False, description="neither accuser nor accused nor the outlet, and heard directly")


class AccusedParty(Model):
    actor: str
    name: str
    heard: bool = Field(description="whether the party speaks in its own words (an attribution of its own)")
    accused_in: list[str] = Field(default_factory=list, description="Claim ids that accuse it")
    accused_by: list[str] = Field(default_factory=list, description="Actor ids (or 'outlet') making the accusations")
    own_words: list[str] = Field(default_factory=list, description="top-level Attribution ids where it speaks for itself")
    relayed_in: list[str] = Field(default_factory=list, description="Attribution ids where it speaks only inside another's statement")
    explanation: str = ""


class Sourcing(Model):
    speakers: list[SpeakerShare] = Field(default_factory=list)
    independent_sources: int = 0
    accused_parties_heard: list[AccusedParty] = Field(default_factory=list)
    outlet_voice_share: float = 0.0
    outlet_voice: list[Span] = Field(default_factory=list, description="spans no attribution covers")
    explanation: str = ""


class Headline(Model):
    span: Span | None = None
    asserts: str | None = None
    attributed_to: str | None = Field(default=None, description="Actor id when the headline names its source")
    body_support: Literal["fact", "attributed", "absent", "unknown"] = "unknown"
    body_claims: list[str] = Field(default_factory=list, description="Claim ids in the body that carry the headline's assertion")
    explanation: str = ""


class Rating(Model):
    source: str = Field(description="named source of the rating, e.g. 'Lin et al. 2023 (PNAS Nexus)'")
    value: str | float | None = Field(description="the rating as published; None means 'not rated by this source'")
    scale: str
    summary: str | None = None
    url: str | None = None


class OutletFact(Model):
    field: str
    value: str
    source: str


class Outlet(Model):
    name: str | None = None
    domain: str | None = None
    kind: str | None = None
    country: str | None = None
    ratings: list[Rating] = Field(default_factory=list)
    facts: list[OutletFact] = Field(default_factory=list)
    identified_by: str | None = Field(default=None, description="url, dateline, metadata or text")
    explanation: str = ""


class FactcheckRecord(Model):
    id: str
    title: str
    verdict: str
    publisher: str
    url: str | None = None
    date: str | None = None


class FactcheckMatch(Model):
    claim: str = Field(description="Claim id (or a sentence span id before claims exist)")
    claim_span: Span | None = None
    record: FactcheckRecord
    score: float
    method: str
    timing: Literal["prior", "later", "unknown"] = "unknown"
    explanation: str = ""


class SummaryLine(Model):
    text: str
    findings: list[str] = Field(default_factory=list, description="ids of the findings the sentence rests on")


class Report(Model):
    """Everything newsift found in one article."""

    version: str = SCHEMA_VERSION
    newsift_version: str = ""
    article: Article
    actors: list[Actor] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    techniques: list[Technique] = Field(default_factory=list)
    sourcing: Sourcing | None = None
    headline: Headline | None = None
    outlet: Outlet | None = None
    factcheck_matches: list[FactcheckMatch] = Field(default_factory=list)
    summary: list[SummaryLine] = Field(default_factory=list)
    analyzers: list[str] = Field(default_factory=list, description="analyzers that ran, in order")
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage")


def json_schema() -> dict:
    """The JSON Schema of :class:`Report`, the file ``schema/report.schema.json`` holds."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://newsift.invalid/schema/report-{SCHEMA_VERSION}.json"
    return schema


def make_span(text: str, start: int, end: int) -> Span:
    """A span with its text filled from the article, so the two can never disagree."""
    return Span(start=start, end=end, text=text[start:end])
