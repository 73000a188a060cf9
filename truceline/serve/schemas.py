"""The shapes the JSON API answers with, as pydantic models: what ``/openapi.json`` documents.

They describe the dicts :mod:`truceline.store.listing`, :mod:`truceline.store.reviews`,
:mod:`truceline.store.audit`, :mod:`truceline.assess.compliance` and :mod:`truceline.serve.auth` build,
field for field and in their order (FastAPI writes a model's fields in the order they are declared here).
Dates stay the ISO strings those dicts hold (``IsoDate``, ``Timestamp``), and numbers read from stored JSON
keep their type (``Number``), so validating an answer never changes it.

A model accepts extra keys (``extra="allow"``) only where the payload can carry keys no model can pin down:
a stored record or a stored item's JSON, and an incident report's corrected fields.

The long lists (documents, statements, acts, incidents, violations) are sent as prebuilt JSON responses,
which FastAPI passes through untouched: their models document them, nothing validates them.
"""
from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

#: a day as the store's dicts hold it: an ISO ``YYYY-MM-DD`` string.
IsoDate = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
#: a moment as the store's dicts hold it: an ISO 8601 string with its offset.
Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
#: a number from stored JSON, left as it is (``50`` is not turned into ``50.0``).
Number = Annotated[float | int, WithJsonSchema({"type": "number"})]

ItemT = TypeVar("ItemT")


class Page(BaseModel, Generic[ItemT]):
    """One page of a list: how many items match, the page asked for, and its items."""

    total: int = Field(description="items matching the filters, on every page")
    limit: int
    offset: int
    items: list[ItemT]


class Span(BaseModel):
    """Where an item's evidence is in the document's cleaned text (character offsets)."""

    start: int
    end: int


class ReviewStamp(BaseModel):
    """The current review of an item, as lists show it (None when unreviewed)."""

    action: str = Field(description="confirm, correct or reject")
    corrected: dict[str, Any] = Field(description="the fields a reviewer changed ({} unless correct)")
    note: str | None
    updated_at: Timestamp


# -- documents --------------------------------------------------------------------------------------------------

class Document(BaseModel):
    """A stored document, as lists show it."""

    id: int
    document: str = Field(description="the record's own document id")
    title: str | None
    published: IsoDate | None
    outlet: str | None
    source: str | None
    language: str | None
    copy_of: int | None = Field(description="the store id of the document this one is a near-duplicate of")


class DocumentPage(Page[Document]):
    """A page of stored documents, newest first."""


# -- actors -----------------------------------------------------------------------------------------------------

class Actor(BaseModel):
    """An actor merged across documents."""

    id: int
    key: str
    name: str
    kind: str
    country: str | None
    wikidata: str | None


class ActorDetail(Actor):
    """One actor with every alias the documents use for it."""

    aliases: list[str]


class ActorPage(Page[Actor]):
    """A page of actors, by name."""


# -- statements and acts ----------------------------------------------------------------------------------------

class Statement(BaseModel):
    """A statement from one document, reviews applied."""

    id: int
    kind_of_item: Literal["statement"]
    document_id: int
    document: str
    published: IsoDate | None
    speaker: str | None
    speaker_id: int | None
    text: str
    kind: str
    cue: str | None
    channel: str | None
    date: IsoDate | None
    evidence: Span | None
    review_key: str | None = Field(description="the item's review name, 'document|start:end:rank', once reviewed")
    review: ReviewStamp | None


class StatementPage(Page[Statement]):
    """A page of statements, newest first."""


class Act(BaseModel):
    """A negotiation act from one document, reviews applied."""

    id: int
    kind_of_item: Literal["act"]
    document_id: int
    document: str
    published: IsoDate | None
    type: str
    subject: str
    actor: str | None
    actor_id: int | None
    actor_country: str | None
    target: str | None
    target_id: int | None
    date: IsoDate | None
    text: str
    conditional: bool
    evidence: Span | None
    review_key: str | None
    review: ReviewStamp | None


class ActPage(Page[Act]):
    """A page of negotiation acts, newest first."""


# -- incidents --------------------------------------------------------------------------------------------------

class Location(BaseModel):
    """Where an incident happened (an incident report's location is the record's, kept as stored)."""

    model_config = ConfigDict(extra="allow")

    name: str | None
    country: str | None
    admin1: str | None = Field(description="ISO 3166-2 region")
    lat: Number | None
    lon: Number | None
    precision: int | None


class ReportContext(BaseModel):
    """A report's evidence in its document's text, with some of the text either side."""

    before: str
    evidence: str
    after: str


class IncidentReport(BaseModel):
    """One document's report of an incident, reviews applied (a correction may add ``perpetrator_id``,
    ``claimed_by_id``, ``denied_by_ids``)."""

    model_config = ConfigDict(extra="allow")

    id: int
    kind_of_item: Literal["incident"]
    incident_id: int
    document_id: int
    document: str
    published: IsoDate | None
    outlet: str | None
    date: IsoDate | None
    date_precision: int | None
    location: Location | None
    target: str
    weapon: str | None
    perpetrator: str | None
    claimed_by: str | None
    denied_by: list[str]
    fatalities: int | None
    evidence: Span | None
    merge_reason: str
    claimed_by_id: int | None = Field(default=None, description="set by a correction of the claimant")
    denied_by_ids: list[int] | None = Field(default=None, description="set by a correction of the deniers")
    context: ReportContext | None = Field(default=None, description="on an incident's page: the sentence in context")
    review_key: str | None
    review: ReviewStamp | None


class _IncidentFields(BaseModel):
    id: int
    kind_of_item: Literal["incident"]
    date: IsoDate | None
    date_precision: int | None
    location: Location | None
    target: str
    target_class: str
    weapon: str | None
    perpetrator: str | None
    perpetrator_id: int | None
    perpetrator_country: str | None
    fatalities: int | None
    reports: int = Field(description="how many reports were merged into it")


class Incident(_IncidentFields):
    """An incident merged across reports, the reviews of its reports applied."""

    review: ReviewStamp | None


class IncidentDetail(_IncidentFields):
    """One merged incident with each report of it."""

    report_items: list[IncidentReport]
    review: ReviewStamp | None


class IncidentPage(Page[Incident]):
    """A page of merged incidents, newest first."""


class ListedIncident(Incident):
    """An incident in the incident list: reviews applied, with who reports it and who denies it (actor names,
    over its reports as reviewed); ``reports`` counts the reports not rejected."""

    claimants: list[str]
    deniers: list[str]


class ListedIncidentPage(Page[ListedIncident]):
    """A page of the incident list, newest first; ``total`` counts every incident the filters match."""


class IncidentPoint(BaseModel):
    """A located incident: a point on the map."""

    id: int
    lat: Number
    lon: Number
    place: str | None
    date: IsoDate | None
    target_class: str


class PointPage(Page[IncidentPoint]):
    """The map's points, newest first: ``total`` located incidents match, ``items`` holds the first ``limit``."""


class RegionCounts(BaseModel):
    """Matching incidents per first-level region (ISO 3166-2) and target class."""

    regions: dict[str, dict[str, int]]


# -- agreements -------------------------------------------------------------------------------------------------

class ReportVersion(BaseModel):
    """One side's account of an agreement's terms, as one report gives it (stored JSON, actors named)."""

    model_config = ConfigDict(extra="allow")

    by: str | None = Field(description="the name of the actor who gave it")
    terms: str
    evidence: Span | None
    scope: list[str]
    start: IsoDate | None
    end: IsoDate | None
    duration_days: int | None
    by_id: int | None
    by_country: str | None


class ReportCondition(BaseModel):
    """A condition a party set, as one report gives it (stored JSON, actors named)."""

    model_config = ConfigDict(extra="allow")

    by: str | None
    text: str
    evidence: Span | None
    by_id: int | None
    by_country: str | None


class _AgreementReportFields(BaseModel):
    id: int
    kind_of_item: Literal["agreement"]
    document_id: int
    document: str
    published: IsoDate | None
    status: str
    parties: list[str | None] = Field(description="the parties' names")
    scope: list[str]
    duration_days: int | None
    start: IsoDate | None
    end: IsoDate | None
    versions: list[ReportVersion]
    conditions: list[ReportCondition]
    evidence: Span | None
    merge_reason: str


class AgreementReport(_AgreementReportFields):
    """One document's report of an agreement, reviews applied."""

    review_key: str | None
    review: ReviewStamp | None


class DocumentAgreementReport(_AgreementReportFields):
    """A document's report of an agreement, naming the merged agreement it belongs to."""

    agreement_id: int
    subject: str
    review_key: str | None
    review: ReviewStamp | None


class SideVersion(BaseModel):
    """One side's version of an agreement as the assessment reads it, as of the store's date."""

    side: str
    by: str | None = Field(description="who stated it")
    start: IsoDate | None
    end: IsoDate | None
    scope: list[str]
    terms: str | None
    status: str
    remaining_days: int | None
    active: bool


class Agreement(BaseModel):
    """An agreement merged across reports, as lists show it."""

    id: int
    subject: str
    parties: list[str] = Field(description="the sides it binds: ISO3 countries where known")
    mediators: list[str] = Field(default_factory=list,
                                 description="other parties named with it (brokers, hosts, guarantors), not bound")
    kind: str = Field("agreement", description="agreement (two sides or more) or commitment (one side's)")
    status: str
    status_reason: str | None = Field(None, description="why the status is what it is")
    as_of: IsoDate | None


class DedupedCondition(BaseModel):
    """A condition set for an agreement, once, with the number of reports that gave it."""

    by: str | None
    text: str
    reports: int


class AgreementDetail(Agreement):
    """One agreement: its reports in order and each side's version."""

    reports: list[AgreementReport]
    conditions: list[DedupedCondition] = Field(default_factory=list,
                                               description="every report's conditions, once each, with their count")
    versions: list[SideVersion]


class AgreementPage(Page[Agreement]):
    """A page of agreements, newest first."""


class Violation(BaseModel):
    """An alleged violation: an incident inside a side's version of an agreement, with a party accused."""

    agreement: int
    subject: str
    version: str = Field(description="the side whose version it is named by")
    in_versions: list[str]
    incident: int
    date: IsoDate | None
    place: str | None
    admin1: str | None
    target: str
    weapon: str | None
    accused: str
    claimed_by: list[str] = Field(description="the sides that allege it, in the order their reports came")
    denied_by: list[str] = Field(description="the sides that deny it")
    reports: int = Field(description="the incident's reports (rejected ones left out)")
    incident_url: str | None = Field(default=None, description="the incident's page")


class ViolationPage(Page[Violation]):
    """A page of alleged violations, newest first: one item per (agreement, incident)."""

    alleged: int = Field(description="alleged violations: incidents inside at least one agreement's window, each "
                                     "once however many agreements' windows hold it (the figure the overview, "
                                     "`truceline status` and the brief show); `total` counts the list's items, "
                                     "an incident once per agreement")


# -- a document's items -----------------------------------------------------------------------------------------

class DocumentItems(BaseModel):
    """Everything extracted from one document, reviews applied."""

    statements: list[Statement]
    acts: list[Act]
    incidents: list[IncidentReport]
    agreements: list[DocumentAgreementReport]


class DocumentDetail(BaseModel):
    """One document: its cleaned text, its stored truceline.v1 record, and its items."""

    id: int
    document: str
    title: str | None
    published: IsoDate | None
    outlet: str | None
    source: str | None
    language: str | None
    text: str
    copy_of: int | None
    duplicate_reason: str | None
    record: dict[str, Any] = Field(description="the truceline.v1 record as stored")
    items: DocumentItems


# -- search -----------------------------------------------------------------------------------------------------

class SearchHit(BaseModel):
    """A document matching a full-text search."""

    document: str
    id: int | None
    title: str | None
    published: IsoDate | None
    snippet: str = Field(description="the matching words in [brackets]")
    rank: float = Field(description="higher is better")


class SearchPage(Page[SearchHit]):
    """Search hits, best first."""


# -- reviews ----------------------------------------------------------------------------------------------------

class Review(BaseModel):
    """A stored review of one extracted item."""

    kind: str
    document: str
    item_key: str
    action: str
    corrected: dict[str, Any]
    note: str | None
    updated_at: Timestamp


class ReviewPage(Page[Review]):
    """A page of reviews, newest first."""


class ReviewResult(BaseModel):
    """The review just stored, and who made it."""

    kind: str
    document: str
    item_key: str
    action: str
    corrected: dict[str, Any]
    note: str | None
    by: str


# -- access -----------------------------------------------------------------------------------------------------

class Me(BaseModel):
    """Who is asking, and with a session its CSRF token."""

    username: str
    role: str
    via: str = Field(description="session, token or anonymous")
    csrf: str | None


class Token(BaseModel):
    """An API token of one's own (never its secret)."""

    id: int
    name: str
    created_at: Timestamp
    revoked: bool


class NewToken(BaseModel):
    """A new API token, its secret shown this once."""

    id: int
    token: str


class RevokedToken(BaseModel):
    """A token just revoked."""

    id: int
    revoked: bool


class User(BaseModel):
    """A user account."""

    id: int
    username: str
    role: str
    active: bool
    created_at: Timestamp


class NewUser(BaseModel):
    """A user account just created."""

    id: int
    username: str
    role: str


class UserChange(BaseModel):
    """What was changed on a user (None: left as it was)."""

    username: str
    role: str | None
    active: bool | None


class AuditEntry(BaseModel):
    """One audit log entry: who changed what, when, from what to what."""

    id: int
    at: Timestamp
    username: str
    action: str
    target: str
    before: Any
    after: Any


class AuditPage(Page[AuditEntry]):
    """A page of the audit log, newest first."""


# -- one incident, and the review forms' lookups ----------------------------------------------------------------

class IncidentFile(ListedIncident):
    """One incident: each report in context, the alleged violations it amounts to (one per agreement whose
    window holds it, with the sides' versions that hold it), and for analysts its reports' review history."""

    report_items: list[IncidentReport]
    violations: list[Violation]
    history: list[AuditEntry] | None = Field(description="the audit log's entries on its reports (analysts; "
                                                         "None for viewers)")


class ActorSuggestion(BaseModel):
    """An actor a name picker offers."""

    id: int
    name: str
    kind: str
    country: str | None
    value: str = Field(description="what a correction takes: the name, with #id when several actors share it")
    label: str


class PlaceSuggestion(BaseModel):
    """A gazetteer place a place picker offers."""

    ref: str = Field(description="what a correction's place takes")
    name: str
    kind: str
    country: str | None
    admin1: str | None
    lat: Number | None
    lon: Number | None
    label: str
