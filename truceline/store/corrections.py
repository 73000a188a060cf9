"""What a reviewer may correct, and how a correction is checked before it is stored.

Every field of an extracted item a reviewer may change is in :data:`FIELDS`, with its check. Fields that
name an actor are stored as the store's actor id with the actor's name beside it (``perpetrator_id`` and
``perpetrator``); a list of actors as ids and names (``denied_by_ids`` and ``denied_by``). A place is stored
as the record's location (name, country, ISO 3166-2 region, coordinates, precision), taken from the
gazetteer. People do not type ids: :data:`BY_NAME` lists the fields a correction may give by name
(``"perpetrator": "Armed Forces of Russia"``, ``"place": "Kharkiv"``), resolved here to the stored form.

An actor's name matches the store's actors case-insensitively; a name several actors share takes its
``#id`` (``"Kremlin #12"``), as the name pickers write it. A place is a gazetteer reference
(:func:`truceline.resolve.place_search.ref`, what the place picker sends) or a name, taken as the
gazetteer's best place of that name.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from truceline.errors import AccessError
from truceline.models import ACT_TYPES, CHANNELS, STATEMENT_KINDS, STATUSES, SUBJECTS, TARGETS, WEAPONS

from . import schema as t

#: the largest whole number the databases store (a signed 64-bit integer); larger ones are refused with 422
MAX_INTEGER = 2**63 - 1


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 5000:
        raise ValueError("a non-empty text of at most 5000 characters")
    return value.strip()


def _one_of(options: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in options:
            raise ValueError(f"one of {', '.join(options)}")
        return str(value)
    return check


def _date(value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError as exc:
        raise ValueError("a YYYY-MM-DD date") from exc


def _count(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError) as exc:
        raise ValueError("a whole number") from exc
    if number < 0:
        raise ValueError("zero or more")
    if number > MAX_INTEGER:
        raise ValueError(f"at most {MAX_INTEGER}")
    return number


def _ids(value: Any) -> list[int]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError("a list of actor ids")
    out: list[int] = []
    for item in items:
        if str(item).strip() == "":
            continue
        number = _count(item)
        if number is not None and number not in out:
            out.append(number)
    return out


def _scope(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise ValueError("a list of targets")
    cleaned = [str(v).strip() for v in items if str(v).strip()]
    for v in cleaned:
        _one_of(TARGETS)(v)
    return cleaned


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("1", "true", "yes", "on")


def _number(value: Any, low: float, high: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"a number from {low:g} to {high:g}") from exc
    if not low <= number <= high:
        raise ValueError(f"a number from {low:g} to {high:g}")
    return number


def _location(value: Any) -> dict[str, Any]:
    """A record location as stored: name, country, admin1, lat, lon, precision (nothing else)."""
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        raise ValueError("a place: {name, country, admin1, lat, lon, precision}")
    country, admin1 = value.get("country"), value.get("admin1")
    if country is not None and not (isinstance(country, str) and re.fullmatch(r"[A-Z]{3}", country)):
        raise ValueError("a place whose country is an ISO 3166-1 alpha-3 code")
    if admin1 is not None and not (isinstance(admin1, str) and re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,6}", admin1)):
        raise ValueError("a place whose admin1 is an ISO 3166-2 code")
    precision = _count(value.get("precision"))
    if precision is not None and precision not in (1, 2, 3):
        raise ValueError("a place whose precision is 1, 2 or 3")
    return {"name": value["name"].strip()[:300], "country": country, "admin1": admin1,
            "lat": _number(value.get("lat"), -90, 90), "lon": _number(value.get("lon"), -180, 180),
            "precision": precision}


#: what a reviewer may change, per kind, with a check for each field, in the order forms show them.
FIELDS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "statement": {"speaker_id": _count, "channel": _one_of(CHANNELS), "kind": _one_of(STATEMENT_KINDS),
                  "date": _date, "text": _text, "cue": _text},
    "act": {"actor_id": _count, "type": _one_of(ACT_TYPES), "target_id": _count, "date": _date,
            "subject": _one_of(SUBJECTS), "text": _text, "conditional": _bool},
    "incident": {"location": _location, "perpetrator_id": _count, "claimed_by_id": _count, "denied_by_ids": _ids,
                 "date": _date, "target": _one_of(TARGETS), "weapon": _one_of(WEAPONS), "fatalities": _count},
    "agreement": {"status": _one_of(STATUSES), "party_ids": _ids, "start": _date, "end": _date,
                  "duration_days": _count, "scope": _scope},
}
#: actor id fields and the name field each one fills.
ACTOR_FIELDS = {"speaker_id": "speaker", "actor_id": "actor", "target_id": "target", "perpetrator_id": "perpetrator",
                "claimed_by_id": "claimed_by"}
#: actor id list fields and the name list field each one fills.
ACTOR_LISTS = {"denied_by_ids": "denied_by", "party_ids": "parties"}
#: fields a correction may give by name (or place), per kind, and the stored field each one becomes.
BY_NAME: dict[str, dict[str, str]] = {
    "statement": {"speaker": "speaker_id"},
    "act": {"actor": "actor_id", "target": "target_id"},
    "incident": {"place": "location", "perpetrator": "perpetrator_id", "claimed_by": "claimed_by_id",
                 "denied_by": "denied_by_ids"},
    "agreement": {"parties": "party_ids"},
}


def validate(conn: sa.Connection, kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The correction as stored: every field checked, names and places resolved, actors' names added."""
    allowed, aliases = FIELDS[kind], BY_NAME[kind]
    given: dict[str, Any] = {}
    for name, value in changes.items():
        if name in aliases:
            stored = aliases[name]
            if stored in changes:
                raise AccessError(f"give {name} or {stored}, not both", 422)
            given[stored] = _resolve(conn, name, stored, value)
        elif name in allowed:
            given[name] = value
        else:
            fields = ", ".join([*allowed, *aliases])
            raise AccessError(f"a {kind} has no correctable field {name!r} (fields: {fields})", 422)
    clean: dict[str, Any] = {}
    for name, value in given.items():
        try:
            clean[name] = allowed[name](value)
        except ValueError as exc:
            raise AccessError(f"{name}: expected {exc}", 422) from exc
        if name in ACTOR_FIELDS and clean[name] is not None:
            clean[ACTOR_FIELDS[name]] = _actor_names(conn, name, [clean[name]])[0]
        elif name in ACTOR_FIELDS:
            clean[ACTOR_FIELDS[name]] = None
        elif name in ACTOR_LISTS:
            clean[ACTOR_LISTS[name]] = _actor_names(conn, name, clean[name])
    if not clean:
        raise AccessError("a correction must change at least one field", 422)
    return clean


def _actor_names(conn: sa.Connection, field: str, ids: list[int]) -> list[str]:
    found = dict(conn.execute(sa.select(t.actors.c.id, t.actors.c.name).where(t.actors.c.id.in_(ids))).all())
    for ident in ids:
        if ident not in found:
            raise AccessError(f"{field}: no actor {ident}", 422)
    return [found[i] for i in ids]


def _resolve(conn: sa.Connection, name: str, stored: str, value: Any) -> Any:
    """A field given by name in its stored form: an actor id, a list of them, or a location."""
    if stored == "location":
        return place_location(value)
    if stored in ACTOR_LISTS:
        items = value.split(";") if isinstance(value, str) else value
        if not isinstance(items, list):
            raise AccessError(f"{name}: expected a list of actor names", 422)
        return [actor_id(conn, name, str(v)) for v in items if str(v).strip()]
    if value in (None, ""):
        return None
    return actor_id(conn, name, str(value))


def actor_id(conn: sa.Connection, field: str, text: str) -> int:
    """The store id of the actor ``text`` names ("Name", "Name #12" or "#12"); 422 when none or several."""
    text = text.strip()
    tagged = re.fullmatch(r"(.*?)\s*#(\d{1,18})", text)
    a = t.actors.c
    if tagged:
        ident = int(tagged.group(2))
        if conn.execute(sa.select(a.id).where(a.id == ident)).first() is None:
            raise AccessError(f"{field}: no actor #{ident}", 422)
        return ident
    rows = conn.execute(sa.select(a.id, a.kind, a.country).where(sa.func.lower(a.name) == text.lower())
                        .order_by(a.id).limit(10)).all()
    if len(rows) == 1:
        return int(rows[0].id)
    if not rows:
        raise AccessError(f"{field}: no actor named {text!r} (pick one the list suggests)", 422)
    options = "; ".join(f"#{r.id} ({r.kind}{', ' + r.country if r.country else ''})" for r in rows)
    raise AccessError(f"{field}: several actors are named {text!r}: write the name with one of {options}", 422)


def place_location(value: Any) -> dict[str, Any]:
    """A location from the gazetteer: a place reference (``"kharkiv|1"``) or a name (the best place of it)."""
    from truceline.resolve import place_search, places  # the gazetteer loads once, when first needed

    if isinstance(value, dict):
        return value
    text = str(value or "").strip()
    if not text:
        raise AccessError("place: expected a place from the gazetteer", 422)
    found = place_search.place(text) if "|" in text else places.lookup(text)
    if found is None:
        raise AccessError(f"place: the gazetteer has no place {text!r} (pick one the list suggests)", 422)
    loc = found.location()
    return {"name": loc.name, "country": loc.country, "admin1": loc.admin1, "lat": loc.lat, "lon": loc.lon,
            "precision": loc.precision}
