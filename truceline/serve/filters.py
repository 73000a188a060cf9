"""The incident filters the list, the map and the API share, read from the query string.

``since``, ``until`` (YYYY-MM-DD), ``accused`` and ``claimant`` (a side: ISO3 country), ``target`` (a
target or a class: ``energy``), ``region`` (ISO 3166-2), ``country`` (ISO3), ``weapon``, ``perpetrator``
(an actor id), ``agreement`` (an agreement id, or ``any``: an alleged violation of any agreement) and
``review`` (``unreviewed``, ``reviewed``, ``confirm``, ``correct``, ``reject``). A value that cannot be read
is refused (422), never ignored: a list that quietly dropped a filter would mislead.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

import sqlalchemy as sa
from fastapi import Query

from truceline.assess import stored
from truceline.errors import AccessError
from truceline.models import TARGETS, WEAPONS
from truceline.store.incident_list import REVIEW_STATES, IncidentFilter


@dataclass(frozen=True)
class Chosen:
    """The filters as given (strings), for forms and links; :func:`incident_filter` reads them."""

    since: str | None = None
    until: str | None = None
    accused: str | None = None
    claimant: str | None = None
    target: str | None = None
    region: str | None = None
    country: str | None = None
    weapon: str | None = None
    perpetrator: str | None = None
    agreement: str | None = None
    review: str | None = None

    def query(self, **more: Any) -> str:
        """The query string of these filters (and ``more``), empty values left out."""
        values = {k: v for k, v in {**asdict(self), **more}.items() if v not in (None, "")}
        return urlencode(values)

    def any(self) -> bool:
        return any(v for v in asdict(self).values())


def _text(description: str) -> Any:
    return Query(description=description, max_length=64)


def chosen(since: Annotated[str | None, _text("from this day (YYYY-MM-DD)")] = None,
           until: Annotated[str | None, _text("until this day (YYYY-MM-DD)")] = None,
           accused: Annotated[str | None, _text("the accused side: the perpetrator's country (ISO3)")] = None,
           claimant: Annotated[str | None, _text("a side that reports it (ISO3)")] = None,
           target: Annotated[str | None, _text("a target, or a target class: energy")] = None,
           region: Annotated[str | None, _text("a first-level region (ISO 3166-2)")] = None,
           country: Annotated[str | None, _text("the country where it happened (ISO3)")] = None,
           weapon: Annotated[str | None, _text("drone, missile, artillery, airstrike, other")] = None,
           perpetrator: Annotated[str | None, _text("the perpetrator's actor id")] = None,
           agreement: Annotated[str | None, _text("an agreement id: its alleged violations; any: of any")] = None,
           review: Annotated[str | None, _text("unreviewed, reviewed, confirm, correct or reject")] = None,
           ) -> Chosen:
    """The filters of a request (a FastAPI dependency); blanks count as not given."""
    def clean(value: str | None) -> str | None:
        return value.strip() or None if value else None

    return Chosen(clean(since), clean(until), clean(accused), clean(claimant), clean(target), clean(region),
                  clean(country), clean(weapon), clean(perpetrator), clean(agreement), clean(review))


def _day(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise AccessError(f"{name}: {value!r} is not a YYYY-MM-DD date", 422) from exc


def _one_of(name: str, value: str | None, options: tuple[str, ...]) -> str | None:
    if value and value not in options:
        raise AccessError(f"{name}: {value!r} is not one of {', '.join(options)}", 422)
    return value


def _id(name: str, value: str | None) -> int | None:
    if not value:
        return None
    if not value.isdigit() or int(value) > 2**63 - 1:
        raise AccessError(f"{name}: {value!r} is not an id", 422)
    return int(value)


def _side(value: str | None) -> str | None:
    # A side is a country's ISO3 code (any case), or the name of an actor of no country, as written.
    return value.upper() if value and len(value) == 3 and value.isalpha() else value


def incident_filter(conn: sa.Connection, c: Chosen) -> IncidentFilter:
    """The store's filter for ``c``; an agreement becomes the windows the assessment holds it by."""
    windows = None
    if c.agreement == "any":
        windows = stored.windows(conn)
    elif c.agreement:
        windows = stored.windows(conn, _id("agreement", c.agreement))
    return IncidentFilter(
        since=_day("since", c.since), until=_day("until", c.until),
        country=c.country.upper() if c.country else None, admin1=c.region.upper() if c.region else None,
        target=_one_of("target", c.target, TARGETS), weapon=_one_of("weapon", c.weapon, WEAPONS),
        perpetrator=_id("perpetrator", c.perpetrator), accused=_side(c.accused), claimant=_side(c.claimant),
        windows=windows,
        review=_one_of("review", c.review, REVIEW_STATES))
