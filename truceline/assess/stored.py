"""The assessment over the store: merged incidents held against merged agreements, reviews applied.

The rule is :func:`truceline.assess.assess`'s (windows and scope from :mod:`.windows`), applied to what
the store has merged: a strike reported by three outlets is one incident, an analyst's rejection takes an
incident or an agreement report out, and a correction (date, target, perpetrator, status, window) is
assessed as corrected. The dashboard, the API, the brief and ``truceline assess --db`` all read this
module, so they agree.

Most incidents are never reviewed, so the database selects and counts them (a store of 100,000
incidents answers the overview in milliseconds); the few reviewed ones are left out of those queries and
judged in Python, with their corrections, by the same predicates.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..store import Store, assessing
from . import Assessment, Evidence, Violation, _counts
from .windows import Account, AgreementWindow, SideVersion, binding, choose_version, window

if TYPE_CHECKING:  # connections are only passed through: every query is the store's (truceline.store.assessing)
    import sqlalchemy as sa

#: The most violations one call returns when the caller sets no limit of its own.
LIMIT = 5000


@dataclass
class StoredAgreement:
    id: int
    subject: str
    parties: list[str]
    #: as of the newest report, after reviews
    status: str
    as_of: dt.date | None
    #: None when no report binds anyone (every account a proposal, a rejection, or rejected in review)
    window: AgreementWindow | None
    accounts: list[Account] = field(default_factory=list)


@dataclass
class StoredViolation:
    agreement: int
    subject: str
    version: str
    in_versions: list[str]
    incident: int
    date: dt.date | None
    place: str | None
    admin1: str | None
    target: str
    weapon: str | None
    accused: str
    claimed_by: list[str]
    #: the sides that deny it (sorted)
    denied_by: list[str] = field(default_factory=list)
    #: the incident's reports (rejected ones left out)
    reports: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"agreement": self.agreement, "subject": self.subject, "version": self.version,
                "in_versions": self.in_versions, "incident": self.incident,
                "date": self.date.isoformat() if self.date else None, "place": self.place, "admin1": self.admin1,
                "target": self.target, "weapon": self.weapon, "accused": self.accused,
                "claimed_by": self.claimed_by, "denied_by": self.denied_by, "reports": self.reports}


def as_of(conn: sa.Connection) -> dt.date:
    """The store's "today": the newest publication date (a replayed corpus is read as of its own time)."""
    return assessing.newest_published(conn) or dt.date.today()


def agreements(conn: sa.Connection, agreement_id: int | None = None) -> list[StoredAgreement]:
    """The store's agreements with their accounts (reviews applied) and their windows per side."""
    rows = assessing.agreements(conn, agreement_id)
    reports = assessing.agreement_reports(conn, [r.id for r in rows])
    out = []
    for row in rows:
        mine = [_account(rep) for rep in reports.get(row.id, [])]
        dated = [(rep.published, a) for rep, a in zip(reports.get(row.id, []), mine, strict=True)]
        # The status is the newest report's; an undated report never overrides a dated one.
        status = row.status
        if dated:
            status = max(dated, key=lambda pa: (pa[0] is not None, pa[0] or dt.date.min))[1].status
        bound = binding(mine)
        # A reviewer's correction of the parties holds over the merged ones (the newest correction wins).
        corrected = [rep.parties for rep in reports.get(row.id, []) if rep.parties]
        parties = corrected[-1] if corrected else list(row.parties)
        out.append(StoredAgreement(row.id, row.subject, parties, status, row.as_of,
                                   window(row.subject, parties, bound) if bound else None, mine))
    return out


def violations(conn: sa.Connection, *, agreement_id: int | None = None, limit: int | None = LIMIT
               ) -> list[StoredViolation]:
    """Alleged violations, newest first: one per (agreement, incident), named by a version that holds it."""
    found: list[StoredViolation] = []
    judged = assessing.reviewed_incidents(conn)
    for agr in agreements(conn, agreement_id):
        held = _held(agr.window) if agr.window else None
        if held is None:
            continue
        rows = assessing.window_incidents(conn, held, exclude=judged.keys(), limit=limit)
        found += _judge(conn, agr, rows + [r for r in judged.values() if r is not None])
    found.sort(key=lambda v: (v.date or dt.date.min, v.incident), reverse=True)
    return found[:limit] if limit is not None else found


def count_violations(conn: sa.Connection, *, agreement_id: int | None = None) -> int:
    """How many alleged violations :func:`violations` would list without a limit, counted by the database."""
    judged = assessing.reviewed_incidents(conn)
    rows = [r for r in judged.values() if r is not None]
    total = 0
    for agr in agreements(conn, agreement_id):
        held = _held(agr.window) if agr.window else None
        if held is None:
            continue
        total += assessing.count_window(conn, held, exclude=judged.keys())
        total += len(_judge(conn, agr, rows)) if rows else 0
    return total


def windows(conn: sa.Connection, agreement_id: int | None = None) -> tuple[assessing.IncidentWindow, ...]:
    """What the agreements' windows hold (one agreement's when ``agreement_id`` is given), as the store
    selects on them: an incident held by one of them is an alleged violation of it."""
    return tuple(w for w in (_held(agr.window) for agr in agreements(conn, agreement_id) if agr.window)
                 if w is not None)


def incident_violations(conn: sa.Connection, incident_id: int) -> list[StoredViolation]:
    """The alleged violations one incident (as reviewed) amounts to: one per agreement whose window holds it."""
    row = assessing.incident_row(conn, incident_id)
    if row is None:
        return []
    return [v for agr in agreements(conn) for v in _judge(conn, agr, [row])]


def per_side_per_day(conn: sa.Connection, *, agreement_id: int | None = None) -> dict[str, dict[str, int]]:
    """{day: {accused side: alleged violations}}, each incident once per side, counted by the database."""
    judged = assessing.reviewed_incidents(conn)
    found = agreements(conn, agreement_id)
    held = [w for w in (_held(agr.window) for agr in found if agr.window) if w is not None]
    out: dict[str, dict[str, int]] = {}
    for n in assessing.count_per_side_per_day(conn, held, exclude=judged.keys()):
        out.setdefault(n.day.isoformat(), {})[n.side] = n.incidents
    # The reviewed incidents, judged as corrected (only they: the database counted the rest).
    rows = [r for r in judged.values() if r is not None]
    seen = set()
    for agr in found if rows else []:
        for v in _judge(conn, agr, rows):
            if v.date and (v.incident, v.accused) not in seen:
                seen.add((v.incident, v.accused))
                day = out.setdefault(v.date.isoformat(), {})
                day[v.accused] = day.get(v.accused, 0) + 1
    return dict(sorted(out.items()))


def alleged_per_side(conn: sa.Connection, *, since: dt.date | None = None, until: dt.date | None = None
                     ) -> dict[str, int]:
    """{accused side: alleged violations}, from ``since`` to ``until`` (both inclusive) when given."""
    out: dict[str, int] = {}
    for day, sides in per_side_per_day(conn).items():
        if (since and day < since.isoformat()) or (until and day > until.isoformat()):
            continue
        for side, n in sides.items():
            out[side] = out.get(side, 0) + n
    return dict(sorted(out.items()))


def alleged_count(conn: sa.Connection, *, since: dt.date | None = None, until: dt.date | None = None) -> int:
    """THE number of alleged violations: incidents that at least one agreement's window holds with a party
    accused (reviews applied), each counted once however many agreements' windows hold it.

    :func:`violations` lists one row per (agreement, incident), so an incident inside the windows of two
    agreements (a strike on a power plant during both an energy and a full ceasefire) is two rows of that
    list but one alleged violation. The dashboard's overview, the API (``alleged`` of ``/api/violations``),
    ``truceline status``, ``truceline assess`` and the brief all show this figure under that label."""
    return sum(alleged_per_side(conn, since=since, until=until).values())


def _judge(conn: sa.Connection, agr: StoredAgreement, rows: list[assessing.IncidentRow]) -> list[StoredViolation]:
    """The incidents (reviewed or not) that ``agr``'s window holds, as violations."""
    win = agr.window
    if win is None:
        return []
    held = [r for r in rows if r.accused is not None and r.accused in win.parties and win.covers(r.target)
            and win.inside(r.date)]  # a corrected incident may have moved out (the database filtered the others)
    facts = assessing.parties(conn, [r.id for r in held])
    out = []
    for r in held:
        inside = win.inside(r.date)
        found = facts.get(r.id) or assessing.Parties()
        accused = r.accused or ""
        out.append(StoredViolation(agr.id, agr.subject, choose_version(inside, found.claimants, accused), inside,
                                   r.id, r.date, r.place, r.admin1, r.target, r.weapon, accused, found.claimants,
                                   found.deniers, found.reports))
    return out


def assess_store(store: Store) -> Assessment:
    """The compliance assessment over ``store``: incidents as merged across documents (copies are further
    sources, not further incidents) and analysts' reviews applied; the figures the dashboard shows."""
    with store.read() as conn:
        return assessment(conn)


def assessment(conn: sa.Connection) -> Assessment:
    """The whole store as an :class:`~truceline.assess.Assessment` (what ``truceline assess --db`` prints)."""
    stored = [a for a in agreements(conn) if a.window is not None]
    index = {a.id: n for n, a in enumerate(stored)}
    found = [v for v in violations(conn, limit=None) if v.agreement in index]
    incidents = assessing.incident_details(conn, {v.incident for v in found})
    out = []
    for v in sorted(found, key=lambda v: (v.date or dt.date.min, index[v.agreement], v.version)):
        detail = incidents[v.incident]
        inc = detail.incident
        inc.date, inc.target, inc.weapon = v.date, v.target, v.weapon  # as reviewed
        evidence = [Evidence(e.document, e.start, e.end) for e in detail.evidence]
        out.append(Violation(index[v.agreement], v.version, inc, v.accused, v.claimed_by[0] if v.claimed_by else None,
                             v.denied_by, evidence, v.in_versions))
    return Assessment(agreements=[a.window for a in stored if a.window], violations=out, counts=_counts(out))


# -- the parts ------------------------------------------------------------------------------------------------

#: kept for callers of the old name; the query is the store's
sides_of = assessing.sides_of


def _account(rep: assessing.AgreementReport) -> Account:
    """A report (as reviewed) as the rule reads it: one source's account of the agreement."""
    return Account(rep.document, rep.status, rep.scope, rep.start, rep.end, rep.duration_days,
                   [SideVersion(v.side, v.start, v.end, v.duration_days) for v in rep.versions])


def _held(win: AgreementWindow) -> assessing.IncidentWindow | None:
    """The window as the store selects on it: the parties accused, the targets covered and each side's
    dates; None when it can hold nothing (no party, no target covered, or no side's window started)."""
    held = assessing.IncidentWindow(
        accused=tuple(win.parties), targets=tuple(win.covered_targets()),
        spans=tuple(assessing.SideSpan(v.by, v.start, v.end) for v in win.versions if v.start is not None))
    return None if held.empty else held
