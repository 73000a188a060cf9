"""The rows the store's paged lists return (``truceline.store.listing``), as typed dictionaries.

JSON-ready (dates as ISO strings) and shaped after the truceline.v1 record, with the store's ids added;
``truceline.serve.schemas`` describes the same shapes to the API's clients. A test
(``tests/store/test_listing_types.py``) checks every list's rows against these declarations.
"""
# No ``from __future__ import annotations``: with string annotations Python 3.11 cannot tell a TypedDict's
# optional keys from its required ones (``__optional_keys__`` comes out empty).
from typing import Any, Literal, NotRequired, TypedDict

# Dates are ISO strings (``str``). ``review_key`` and ``review`` are added by ``truceline.store.reviews``
# (``overlay``, ``overlay_incidents``); ``review`` is its stamp (action, corrected, note, updated_at) or None.

class Span(TypedDict):
    """Where an item's evidence is in the document's cleaned text (character offsets)."""

    start: int
    end: int


class Reviewed(TypedDict):
    """What the review overlay reads and writes on an item: every reviewable row has these keys."""

    id: int
    review_key: NotRequired[str | None]
    review: NotRequired[dict[str, Any] | None]


class Document(TypedDict):
    id: int
    document: str
    title: str | None
    published: str | None
    outlet: str | None
    source: str | None
    language: str | None
    copy_of: int | None


class DocumentPage(TypedDict):
    total: int
    limit: int
    offset: int
    items: list[Document]


class Actor(TypedDict):
    id: int
    key: str
    name: str
    kind: str
    country: str | None
    wikidata: str | None


class ActorDetail(Actor):
    aliases: list[str]


class ActorPage(TypedDict):
    total: int
    limit: int
    offset: int
    items: list[Actor]


class Statement(TypedDict):
    id: int
    kind_of_item: Literal["statement"]
    document_id: int
    document: str
    published: str | None
    speaker: str | None
    speaker_id: int | None
    text: str
    kind: str
    cue: str | None
    channel: str | None
    date: str | None
    evidence: Span | None
    review_key: NotRequired[str | None]
    review: NotRequired[dict[str, Any] | None]


class StatementPage(TypedDict):
    total: int
    limit: int
    offset: int
    items: list[Statement]


class Act(TypedDict):
    id: int
    kind_of_item: Literal["act"]
    document_id: int
    document: str
    published: str | None
    type: str
    subject: str
    actor: str | None
    actor_id: int | None
    actor_country: str | None
    target: str | None
    target_id: int | None
    date: str | None
    text: str
    conditional: bool
    evidence: Span | None
    review_key: NotRequired[str | None]
    review: NotRequired[dict[str, Any] | None]


class ActPage(TypedDict):
    total: int
    limit: int
    offset: int
    items: list[Act]


class Position(TypedDict):
    """An actor's latest act on a subject (the positions matrix)."""

    type: str
    date: str | None
    act_id: int
    text: str


class Location(TypedDict):
    """Where a merged incident happened."""

    name: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: int | None


class ReportContext(TypedDict):
    """A report's evidence in its document's text, with some of the text around it."""

    before: str
    evidence: str
    after: str


class IncidentReport(TypedDict):
    """One document's report of an incident; ``location`` is the record's, kept as stored."""

    id: int
    kind_of_item: Literal["incident"]
    incident_id: int
    document_id: int
    document: str
    published: str | None
    outlet: str | None
    date: str | None
    date_precision: int | None
    location: dict[str, Any] | None
    target: str
    weapon: str | None
    perpetrator: str | None
    claimed_by: str | None
    denied_by: list[str]
    fatalities: int | None
    evidence: Span | None
    merge_reason: str
    #: set by a reviewer's correction of the perpetrator (with ``perpetrator``)
    perpetrator_id: NotRequired[int | None]
    #: set by a reviewer's correction of the claimant (with ``claimed_by``)
    claimed_by_id: NotRequired[int | None]
    #: set by a reviewer's correction of the deniers (with ``denied_by``)
    denied_by_ids: NotRequired[list[int]]
    #: the report's sentence in its document's text (the incident page's)
    context: NotRequired[ReportContext]
    review_key: NotRequired[str | None]
    review: NotRequired[dict[str, Any] | None]


class Incident(TypedDict):
    """An incident merged across reports."""

    id: int
    kind_of_item: Literal["incident"]
    date: str | None
    date_precision: int | None
    location: Location | None
    target: str
    target_class: str
    weapon: str | None
    perpetrator: str | None
    perpetrator_id: int | None
    perpetrator_country: str | None
    fatalities: int | None
    reports: int
    review: NotRequired[dict[str, Any] | None]


class IncidentDetail(Incident):
    report_items: list[IncidentReport]


class ListedIncident(Incident):
    """An incident as the incident list shows it: reviews applied, with who reports it and who denies it
    (actor names, over its reports as reviewed) and ``reports``, its reports that are not rejected."""

    claimants: list[str]
    deniers: list[str]


class ListedIncidentPage(TypedDict):
    total: int
    limit: int
    offset: int
    items: list[ListedIncident]


class IncidentPage(TypedDict):
    total: int
    limit: int
    offset: int
    items: list[Incident]


class IncidentPoint(TypedDict):
    """A located incident on the map (the map page adds its projected ``x``, ``y`` and ``colour``)."""

    id: int
    lat: float
    lon: float
    place: str | None
    date: str | None
    target_class: str
    x: NotRequired[float]
    y: NotRequired[float]
    colour: NotRequired[str]


class ReportVersion(TypedDict):
    """One side's account of an agreement's terms, as stored with the report (the record's ``Version``,
    dates as ISO strings), its actor named."""

    by: str | None
    terms: str
    evidence: Span | None
    scope: list[str]
    start: str | None
    end: str | None
    duration_days: int | None
    by_id: int | None
    by_country: str | None


class ReportCondition(TypedDict):
    """A condition a party set, as stored with the report (the record's ``Condition``), its actor named."""

    by: str | None
    text: str
    evidence: Span | None
    by_id: int | None
    by_country: str | None


class AgreementReport(TypedDict):
    id: int
    kind_of_item: Literal["agreement"]
    document_id: int
    document: str
    published: str | None
    status: str
    parties: list[str | None]
    scope: list[str]
    duration_days: int | None
    start: str | None
    end: str | None
    versions: list[ReportVersion]
    conditions: list[ReportCondition]
    evidence: Span | None
    merge_reason: str
    #: set by a reviewer's correction of the parties (with ``parties``)
    party_ids: NotRequired[list[int]]
    review_key: NotRequired[str | None]
    review: NotRequired[dict[str, Any] | None]


class DocumentAgreementReport(AgreementReport):
    """A document's report of an agreement, naming the merged agreement it belongs to."""

    agreement_id: int
    subject: str


class Agreement(TypedDict):
    id: int
    subject: str
    parties: list[str]
    #: other parties named with it (brokers, hosts, guarantors), not bound by it
    mediators: list[str]
    #: "agreement" (two sides or more) or "commitment" (one side's undertaking)
    kind: str
    status: str
    #: why the status is what it is (truceline.resolve.merge.derive_status)
    status_reason: str | None
    as_of: str | None


class DedupedCondition(TypedDict):
    """A condition once, with the number of reports that gave it (``reports``)."""

    by: str | None
    text: str
    reports: int


class AgreementDetail(Agreement):
    reports: list[AgreementReport]
    #: every report's conditions, each once with how many reports gave it
    conditions: list[DedupedCondition]
    #: each side's version as of the store's date, added by the API (``truceline.assess.compliance.versions``)
    versions: NotRequired[list[dict[str, Any]]]


class AgreementPage(TypedDict):
    total: int
    limit: int
    offset: int
    items: list[Agreement]


class Violation(TypedDict):
    """An alleged violation (built by ``truceline.assess``; paged here by ``result``)."""

    agreement: int
    subject: str
    version: str
    in_versions: list[str]
    incident: int
    date: str | None
    place: str | None
    admin1: str | None
    target: str
    weapon: str | None
    accused: str
    claimed_by: list[str]
    denied_by: list[str]
    reports: int
    #: the incident's page, added by the web app
    incident_url: NotRequired[str]


class ViolationPage(TypedDict):
    total: int
    limit: int
    offset: int
    items: list[Violation]


class SearchHit(TypedDict):
    """A document matching a full-text search (the API builds these from ``queries.search``)."""

    document: str
    id: int | None
    title: str | None
    published: str | None
    snippet: str
    rank: float


class SearchPage(TypedDict):
    total: int
    limit: int
    offset: int
    items: list[SearchHit]


class DocumentItems(TypedDict):
    """Everything extracted from one document, reviews applied."""

    statements: list[Statement]
    acts: list[Act]
    incidents: list[IncidentReport]
    agreements: list[DocumentAgreementReport]


class DocumentDetail(TypedDict):
    id: int
    document: str
    title: str | None
    published: str | None
    outlet: str | None
    source: str | None
    language: str | None
    text: str
    copy_of: int | None
    duplicate_reason: str | None
    record: dict[str, Any]
    #: added by the API's document route
    items: NotRequired[DocumentItems]


class IncidentFile(ListedIncident):
    """One incident with each report of it in context (``truceline.store.incident_list.incident_file``);
    the web app adds the agreements it falls under and its review history."""

    report_items: list[IncidentReport]
    violations: NotRequired[list[Violation]]
    history: NotRequired[list[dict[str, Any]] | None]
