"""Exports of the store: incidents in ACLED's columns, alleged violations, agreements with each side's version,
acts, statements and whole records, as CSV, JSON, JSON Lines, GeoJSON or Parquet.

Incidents are exported merged: one row per incident, whatever the number of documents reporting it, with
the reports' sources, claimants and denials gathered into it. Their first 31 columns are ACLED's, named and
coded as ACLED's codebook has them (``ACLED_COLUMNS``: country names, admin1 as the region's name, ISO 3166
numeric ``iso``, ACLED's region, ``inter`` codes and the two-digit ``interaction``, ``fatalities`` 0 when
no report gives a figure ...); where Truceline's record says more (target, weapon, who claims and who
denies, the region's ISO code) the extra columns come after them. Every column is described in
``docs/store.md``.

Analysts' reviews are applied unless ``reviewed=False`` (``truceline export --raw``): incidents every
report of which is rejected, rejected acts and statements are left out, corrected fields replace extracted
ones, and the records are written as reviewed (``Store.records``). Violations and agreements are the
assessment's (``truceline.assess.stored``), which always applies reviews.

``Filters`` narrow an export by date, country, region and type; a filter that means nothing for a table
(a region for agreements) is refused with ``ConfigError`` rather than ignored.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar
from urllib.parse import urlparse

import pycountry
import sqlalchemy as sa

from truceline import spreadsheet
from truceline.errors import ConfigError, StoreError
from truceline.models import ENERGY_TARGETS
from truceline.store import reviewed as reviews
from truceline.store.queries import ActRow, IncidentRow, StatementRow, actors_by_id
from truceline.store.store import Store

FORMATS = ("csv", "json", "jsonl", "geojson", "parquet")
TABLES = ("incidents", "violations", "agreements", "acts", "statements", "records")

#: ACLED's columns, in ACLED's order (ACLED codebook; the columns of an ACLED data export since 2023).
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
#: Truceline's own incident columns, after ACLED's.
TRUCELINE_COLUMNS = ("iso3", "admin1_code", "perpetrator", "target", "target_class", "weapon", "claimed_by",
                     "denied_by", "reports", "documents")
INCIDENT_COLUMNS = ACLED_COLUMNS + TRUCELINE_COLUMNS
VIOLATION_COLUMNS = ("event_id_cnty", "event_date", "agreement_id", "agreement", "parties", "version",
                     "in_versions", "accused", "claimed_by", "country", "iso3", "admin1", "admin1_code", "location",
                     "target", "target_class", "weapon", "sub_event_type", "fatalities", "reports")
AGREEMENT_COLUMNS = ("agreement_id", "subject", "parties", "status", "as_of", "reports", "side", "stated_by",
                     "start", "end", "scope", "terms", "remaining_days", "active")
#: an agreement's own fields; the rest of AGREEMENT_COLUMNS are one side's version (a row per version in CSV)
_AGREEMENT_FIELDS = AGREEMENT_COLUMNS[:6]
ACT_COLUMNS = ("date", "type", "subject", "actor", "target", "text", "document", "published", "evidence_start",
               "evidence_end")
STATEMENT_COLUMNS = ("date", "speaker", "kind", "cue", "channel", "text", "document", "published",
                     "evidence_start", "evidence_end")
COLUMNS = {"incidents": INCIDENT_COLUMNS, "violations": VIOLATION_COLUMNS, "agreements": AGREEMENT_COLUMNS,
           "acts": ACT_COLUMNS, "statements": STATEMENT_COLUMNS}

# -- ACLED's conventions ---------------------------------------------------------------------------------------

DISORDER_TYPE = "Political violence"
EVENT_TYPE = "Explosions/Remote violence"
#: ACLED sub-event types under "Explosions/Remote violence" for Truceline's weapons.
SUB_EVENT = {"drone": "Air/drone strike", "airstrike": "Air/drone strike",
             "missile": "Shelling/artillery/missile attack", "artillery": "Shelling/artillery/missile attack"}
#: the sub-event type of a strike whose weapon no report names (or names as "other"): a remote strike by
#: long-range fire, the commonest kind in this war; the ``tags`` column says that the weapon was not named.
DEFAULT_SUB_EVENT = "Shelling/artillery/missile attack"
#: Targets whose victims ACLED codes as civilians (actor2 "Civilians (<country>)", civilian_targeting).
CIVILIAN_TARGETS = ("residential", "medical", "civilian_infrastructure")
#: ACLED's actor type codes (inter1, inter2); ``interaction`` is the two codes, lower first (10 x inter1 when
#: there is no actor2).
STATE_FORCES, REBELS, POLITICAL_MILITIA, IDENTITY_MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = range(1, 9)
#: actor kinds that stand for a state's forces when the actor has a country (a leader ordering a strike
#: stands for his state's forces as much as its ministry does).
STATE_KINDS = ("country", "military", "government", "person")
#: ACLED's names of state forces carry the regime's first year.
STATE_FORCES_NAMES = {"RUS": "Military Forces of Russia (2000-)", "UKR": "Military Forces of Ukraine (2019-)"}
#: ACLED's country names where they differ from ISO 3166's (common) names.
ACLED_COUNTRY_NAMES = {
    "RUS": "Russia", "TUR": "Turkey", "CZE": "Czech Republic", "MDA": "Moldova", "IRN": "Iran", "SYR": "Syria",
    "USA": "United States", "GBR": "United Kingdom", "KOR": "South Korea", "PRK": "North Korea",
    "COD": "Democratic Republic of Congo", "COG": "Republic of Congo", "PSE": "Palestine", "VNM": "Vietnam",
    "LAO": "Laos", "TZA": "Tanzania", "BOL": "Bolivia", "VEN": "Venezuela", "TWN": "Taiwan",
    "MKD": "North Macedonia", "CIV": "Ivory Coast", "CPV": "Cape Verde", "SWZ": "eSwatini", "BRN": "Brunei",
    "VAT": "Vatican City", "FSM": "Micronesia",
}
#: ACLED's region of each country of the war's neighbourhood (ACLED has Russia in Europe and Turkey in the
#: Middle East); a country outside this table gets an empty region.
ACLED_REGIONS = {
    **dict.fromkeys("ALB AND AUT BEL BGR BIH BLR CHE CYP CZE DEU DNK ESP EST FIN FRA GBR GRC HRV HUN IRL ISL "
                    "ITA LIE LTU LUX LVA MCO MDA MKD MLT MNE NLD NOR POL PRT ROU RUS SMR SRB SVK SVN SWE UKR "
                    "VAT XKX".split(), "Europe"),
    **dict.fromkeys("ARM AZE GEO KAZ KGZ TJK TKM UZB".split(), "Caucasus and Central Asia"),
    **dict.fromkeys("ARE BHR IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR YEM".split(), "Middle East"),
    **dict.fromkeys("DZA EGY LBY MAR SDN TUN".split(), "Northern Africa"),
    **dict.fromkeys("CHN JPN KOR MNG PRK TWN".split(), "East Asia"),
    **dict.fromkeys("AFG BGD BTN IND LKA MDV NPL PAK".split(), "South Asia"),
    **dict.fromkeys("CAN USA".split(), "North America"),
}
#: ACLED's names of first-level regions where the gazetteer's name, less "Oblast"/"Krai", is not it.
ACLED_ADMIN1 = {"UA-30": "Kyiv City", "UA-43": "Autonomous Republic of Crimea", "RU-MOS": "Moscow Oblast",
                "RU-MOW": "Moscow", "RU-SPE": "Saint Petersburg"}
_ADMIN1_SUFFIXES = (" Oblast", " Krai")

#: ACLED's source scale of an outlet: international outlets and wires, social media ("New media"), and the
#: home country of national outlets (their scale is "National" for an event in that country, else
#: "International"); matched on the outlet's name or the source's host, lower case. Anything else: "Other".
INTERNATIONAL_OUTLETS = (
    "reuters", "associated press", "apnews", "afp", "bbc", "cnn", "al jazeera", "aljazeera", "guardian",
    "new york times", "nytimes", "washington post", "washingtonpost", "bloomberg", "deutsche welle", "dw.com",
    "france24", "euronews", "upi", "axios", "independent", "trtworld", "wionews", "devdiscourse", "menafn",
    "intellinews", "politico", "financial times", "ft.com", "wsj", "wall street journal", "ny post", "nypost",
    "abc", "cbs", "nbc", "sky news", "news agencies", "anews", "sputnik", "news.az", "hurriyetdailynews",
)
NEW_MEDIA = ("telegram", "t.me", "facebook", "twitter", "x.com", "youtube", "instagram", "tiktok", "vk.com")
NATIONAL_OUTLETS = {
    "UKR": ("ukrainska pravda", "pravda.com.ua", "liga.net", "kyiv independent", "kyivindependent", "unn.ua",
            "babel.ua", "censor.net", "online.ua", "interfax-ukraine", "interfax.com.ua", "rbc.ua", "ukrinform",
            "euromaidan", "uawire", "empr.media", "suspilne", "kyiv post", "kyivpost"),
    "RUS": ("tass", "ria novosti", "ria.ru", "interfax.ru", "meduza", "moscow times", "themoscowtimes",
            "novaya gazeta", "novayagazeta", "pravda.ru", "news-pravda", "kommersant", "izvestia", "rt.com",
            "rbc.ru"),
}
_TLD_HOMES = {"ua": "UKR", "ru": "RUS", "by": "BLR", "md": "MDA", "pl": "POL", "ge": "GEO", "az": "AZE",
              "tr": "TUR", "ro": "ROU"}
_SCALE_ORDER = ("Subnational", "National", "Regional", "International", "New media", "Other")

_INT_COLUMNS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities",
                "timestamp", "reports", "evidence_start", "evidence_end", "agreement_id", "remaining_days"}
_FLOAT_COLUMNS = {"latitude", "longitude"}
_DATE_COLUMNS = {"event_date", "date", "published", "as_of", "start", "end"}
_BOOL_COLUMNS = {"active"}


# -- filters -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """What an export keeps: items dated from ``since`` to ``until`` (both inclusive), in ``country`` (ISO3,
    ISO2 or a name), in ``region`` (an ISO 3166-2 code or the region's name), of ``type``.

    Per table: incidents and violations by the incident's date, country, region and type (a target, a
    target class, a weapon or an ACLED sub-event type; for violations also the agreement's subject);
    acts by date, the actor's country and the act type; statements by date, the speaker's country and the
    statement kind; agreements by their status date (``as_of``), a party and the subject or status.
    """

    since: dt.date | None = None
    until: dt.date | None = None
    country: str | None = None
    region: str | None = None
    type: str | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.since, self.until, self.country, self.region, self.type))

    def check(self, table: str) -> None:
        if self.since and self.until and self.since > self.until:
            raise ConfigError(f"the date range is empty: {self.since} is after {self.until}")
        if table == "records" and self:
            raise ConfigError("filters apply to the tables (incidents, violations, agreements, acts, statements), "
                              "not to whole records")
        if self.region is not None and table not in ("incidents", "violations"):
            raise ConfigError(f"a region filter applies to incidents and violations, not to {table}")

    def dated(self, day: dt.date | None) -> bool:
        if self.since is None and self.until is None:
            return True
        return day is not None and (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until)

    @property
    def iso3(self) -> str | None:
        return country_code(self.country) if self.country else None

    @property
    def admin1(self) -> str | None:
        return region_code(self.region) if self.region else None


def country_code(value: str) -> str:
    """ISO 3166-1 alpha-3 of a country given by alpha-3, alpha-2, ISO or ACLED name ("Russia", "ua", "UKR")."""
    text = value.strip()
    for name, code in ((v.lower(), k) for k, v in ACLED_COUNTRY_NAMES.items()):
        if text.lower() == name:
            return code
    try:
        found = pycountry.countries.lookup(text)
    except LookupError:
        raise ConfigError(f"unknown country {value!r}: give an ISO code (UKR, UA) or a name (Ukraine)") from None
    return str(found.alpha_3)


def region_code(value: str) -> str:
    """ISO 3166-2 code of a first-level region given by its code or name ("UA-63", "Kharkiv", "Kharkiv Oblast")."""
    from truceline.resolve.places import region_names

    text = value.strip()
    names = region_names()
    if text.upper() in names:
        return text.upper()
    wanted = text.casefold()
    for code, name in names.items():
        if wanted in (name.casefold(), (admin1_name(code) or "").casefold()):
            return code
    raise ConfigError(f"unknown region {value!r}: give an ISO 3166-2 code (UA-63) or a name (Kharkiv)")


# -- export ----------------------------------------------------------------------------------------------------

def export(store: Store, format: str, out: str | Path | IO[Any], *, table: str | None = None,
           copies: bool = False, reviewed: bool = True, filters: Filters | None = None) -> int:
    """Write ``table`` of ``store`` to ``out`` (a path, ``"-"`` for stdout, or an open file) in ``format``;
    returns the rows (records, features) written.

    ``format``: csv, json, jsonl, geojson or parquet. ``table``: incidents, violations, agreements, acts,
    statements or records (truceline.v1, canonical documents only unless ``copies``); by default records
    for jsonl (one record a line) and incidents otherwise. GeoJSON writes the incidents that have
    coordinates. ``reviewed=False`` exports what was extracted, without analysts' reviews.
    """
    filters = filters or Filters()
    if format not in FORMATS:
        raise ConfigError(f"unknown export format {format!r} (one of {', '.join(FORMATS)})")
    table = table or ("records" if format == "jsonl" else "incidents")
    if table not in TABLES:
        raise ConfigError(f"unknown export table {table!r} (one of {', '.join(TABLES)})")
    if format == "geojson" and table != "incidents":
        raise ConfigError("GeoJSON exports incidents (points on a map), not " + table)
    if table == "records" and format not in ("json", "jsonl"):
        raise ConfigError("records (truceline.v1) are exported as json or jsonl")
    if not reviewed and table in ("violations", "agreements"):
        raise ConfigError(f"{table} are the assessment's, always with analysts' reviews: --raw does not apply")
    filters.check(table)
    if table == "records":
        return _records(store, format, out, copies, reviewed)
    rows = rows_of(store, table, reviewed=reviewed, filters=filters)
    columns = COLUMNS[table]
    if table == "agreements" and format not in ("json", "jsonl"):
        rows = _per_version(rows)  # a table: one row per side's version
    if format == "json":
        with _open(out) as fh:
            json.dump(rows, fh, ensure_ascii=False, default=_json_default)
            fh.write("\n")
        return len(rows)
    if format == "jsonl":
        with _open(out) as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        return len(rows)
    flat = [{c: _flat(row.get(c)) for c in columns} for row in rows]
    if format == "csv":
        with _open(out) as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(spreadsheet.row(row) for row in flat)
        return len(flat)
    if format == "geojson":
        features = [_feature(row) for row in flat if row["latitude"] is not None and row["longitude"] is not None]
        with _open(out) as fh:
            json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False,
                      default=_json_default)
            fh.write("\n")
        return len(features)
    return _parquet(flat, columns, out)


def rows_of(store: Store, table: str, *, reviewed: bool = True, filters: Filters | None = None
            ) -> list[dict[str, Any]]:
    """The rows of one table (incidents, violations, agreements, acts, statements) as dicts, filtered.

    Agreements come one per agreement, each with its ``versions`` (one per side)."""
    filters = filters or Filters()
    filters.check(table)
    if table == "incidents":
        return [incident_row(i, timestamp=ts) for i, ts in _incidents(store, reviewed, filters)]
    if table == "violations":
        return _violations(store, filters)
    if table == "agreements":
        return _agreements(store, filters)
    if table == "acts":
        acts = store.acts(actor=filters.iso3) if filters.country else store.acts()
        acts = _reviewed(store, "act", acts) if reviewed else acts
        return [act_row(a) for a in acts if filters.dated(a.date or a.published)
                and (filters.type is None or a.type == filters.type)]
    if table == "statements":
        said = store.statements(speaker=filters.iso3) if filters.country else store.statements()
        said = _reviewed(store, "statement", said) if reviewed else said
        return [statement_row(s) for s in said if filters.dated(s.date or s.published)
                and (filters.type is None or s.kind == filters.type)]
    raise ConfigError(f"unknown export table {table!r} (one of {', '.join(TABLES)})")


def _records(store: Store, format: str, out: str | Path | IO[Any], copies: bool, reviewed: bool) -> int:
    n = 0
    with _open(out) as fh:
        if format == "json":
            fh.write("[")
        for record in store.records(copies=copies, reviewed=reviewed):
            text = json.dumps(record.to_dict(), ensure_ascii=False)
            fh.write((", " if n and format == "json" else "") + text + ("\n" if format == "jsonl" else ""))
            n += 1
        if format == "json":
            fh.write("]\n")
    return n


# -- incidents -------------------------------------------------------------------------------------------------

def _incidents(store: Store, reviewed: bool, filters: Filters) -> list[tuple[IncidentRow, int | None]]:
    """The incidents (reviewed unless not ``reviewed``) that ``filters`` keep, each with its ACLED timestamp."""
    incidents = store.incidents()
    stamps: dict[int, dt.datetime] = {}
    if reviewed:
        incidents = reviewed_incidents(store, incidents, stamps)
    iso3, admin1 = filters.iso3, filters.admin1
    out = []
    for inc in incidents:
        if not filters.dated(inc.date) or (iso3 and inc.country != iso3) or (admin1 and inc.admin1 != admin1):
            continue
        if filters.type and not _is_type(inc, filters.type):
            continue
        times = [_utc(r.ingested_at) for r in inc.reports if r.ingested_at] + (
            [stamps[inc.id]] if inc.id in stamps else [])
        out.append((inc, int(max(times).timestamp()) if times else None))
    return out


def _is_type(inc: IncidentRow, wanted: str) -> bool:
    w = wanted.casefold()
    return w in (inc.target, inc.target_class, inc.weapon or "", _sub_event(inc.weapon).casefold())


def _connect(store: Store) -> sa.Connection:
    try:
        return store.engine.connect()
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot read {store.url}: {exc.orig}") from exc


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def reviewed_incidents(store: Store, incidents: list[IncidentRow], stamps: dict[int, dt.datetime] | None = None
                        ) -> list[IncidentRow]:
    """Incidents as analysts reviewed them: fully rejected ones left out, corrections applied. ``stamps``
    gets each reviewed incident's newest review time."""
    with _connect(store) as conn:
        rejected = reviews.rejected_incidents(conn)
        incidents = [i for i in incidents if i.id not in rejected]
        # each report's own correction (claimant, deniers; a rejected report left out) and a corrected place
        reviews.correct_incident_rows(conn, incidents)
        verdicts = reviews.incident_corrections(conn, [i.id for i in incidents])
        who = actors_by_id(conn, {int(v.corrected["perpetrator_id"]) for v in verdicts.values()
                                  if v.corrected.get("perpetrator_id") is not None})
    out = []
    for inc in incidents:
        verdict = verdicts.get(inc.id)
        fix = verdict.corrected if verdict is not None else {}
        if verdict is not None and verdict.row is not None and stamps is not None:
            stamps[inc.id] = _utc(verdict.row.updated_at)
        if "date" in fix:
            inc.date = _day(fix["date"])
        if "target" in fix:
            inc.target = fix["target"]
            inc.target_class = "energy" if inc.target in ENERGY_TARGETS else inc.target
        if "weapon" in fix:
            inc.weapon = fix["weapon"]
        if "fatalities" in fix:
            inc.fatalities = fix["fatalities"]
        if "perpetrator_id" in fix:
            actor = who.get(fix["perpetrator_id"])
            inc.perpetrator = fix.get("perpetrator")
            inc.perpetrator_country = actor.country if actor else None
            inc.perpetrator_kind = actor.kind if actor else None
        out.append(inc)
    if any("date" in v.corrected for v in verdicts.values()):
        # Oldest first, as the store orders them; undated last.
        out.sort(key=lambda i: (i.date is None, i.date or dt.date.min, i.id))
    return out


def event_id(inc: IncidentRow) -> str:
    """The incident's ``event_id_cnty``: ISO3 of the place + ``TL`` + the store's id (``UKRTL12``)."""
    return f"{inc.country or 'XXX'}TL{inc.id}"


def incident_row(inc: IncidentRow, *, timestamp: int | None = None) -> dict[str, Any]:
    """One merged incident in the export columns: ACLED's, then Truceline's."""
    country = country_name(inc.country)
    sources = sorted({r.outlet or r.source or r.document for r in inc.reports})
    weapon = inc.weapon or "attack"
    notes = [f"{weapon.capitalize()} on {inc.target.replace('_', ' ')} target at {inc.place or 'unknown place'}"
             + (f" on {inc.date.isoformat()}" if inc.date else "") + "."]
    if inc.perpetrator:
        notes.append(f"Attributed to {inc.perpetrator}.")
    if inc.claimants:
        notes.append(f"Claimed by {', '.join(inc.claimants)}.")
    if inc.deniers:
        notes.append(f"Denied by {', '.join(inc.deniers)}.")
    notes.append(f"{len(inc.reports)} report{'s' if len(inc.reports) != 1 else ''}.")
    actor1, inter1 = _actor1(inc)
    civilians = inc.target in CIVILIAN_TARGETS
    actor2 = f"Civilians ({country})" if civilians and country else ("Civilians" if civilians else None)
    inter2 = CIVILIANS if civilians else 0
    tags = []
    if inc.weapon in (None, "other"):
        tags.append("weapon not reported" if inc.weapon is None else "weapon: other")
    return {
        "event_id_cnty": event_id(inc),
        "event_date": inc.date,
        "year": inc.date.year if inc.date else None,
        # ACLED: 1 day, 2 week, 3 month; a date of unknown precision is taken as the least precise.
        "time_precision": (inc.date_precision or 3) if inc.date else None,
        "disorder_type": DISORDER_TYPE,
        "event_type": EVENT_TYPE,
        "sub_event_type": _sub_event(inc.weapon),
        "actor1": actor1,
        "assoc_actor_1": None,
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": None,
        "inter2": inter2,
        "interaction": inter1 * 10 if not inter2 else int(f"{min(inter1, inter2)}{max(inter1, inter2)}"),
        "civilian_targeting": "Civilian targeting" if civilians else None,
        "iso": country_numeric(inc.country),
        "region": ACLED_REGIONS.get(inc.country or ""),
        "country": country,
        "admin1": admin1_name(inc.admin1),
        "admin2": None,
        "admin3": None,
        "location": inc.place,
        "latitude": inc.lat,
        "longitude": inc.lon,
        "geo_precision": (inc.geo_precision or 3) if inc.place or inc.admin1 else None,
        "source": "; ".join(sources),
        "source_scale": source_scale(inc),
        "notes": " ".join(notes),
        "fatalities": inc.fatalities or 0,
        "tags": "; ".join(tags) or None,
        "timestamp": timestamp,
        "iso3": inc.country,
        "admin1_code": inc.admin1,
        "perpetrator": inc.perpetrator,
        "target": inc.target,
        "target_class": inc.target_class,
        "weapon": inc.weapon,
        "claimed_by": "; ".join(inc.claimants) or None,
        "denied_by": "; ".join(inc.deniers) or None,
        "reports": len(inc.reports),
        "documents": "; ".join(r.document for r in inc.reports),
    }


def _sub_event(weapon: str | None) -> str:
    return SUB_EVENT.get(weapon or "", DEFAULT_SUB_EVENT)


def _actor1(inc: IncidentRow) -> tuple[str, int]:
    """ACLED's actor1 and inter1: a state's forces (1 in their own country, 8 outside it), an armed group
    named as reported (3), or an unidentified armed group (3) when no report names the perpetrator."""
    home = inc.perpetrator_country
    if inc.perpetrator is None:
        country = country_name(inc.country)
        return (f"Unidentified Armed Group ({country})" if country else "Unidentified Armed Group"), POLITICAL_MILITIA
    if home and inc.perpetrator_kind in STATE_KINDS:
        name = STATE_FORCES_NAMES.get(home) or f"Military Forces of {country_name(home)}"
        return name, STATE_FORCES if inc.country in (None, home) else EXTERNAL
    return inc.perpetrator, POLITICAL_MILITIA


def country_name(iso3: str | None) -> str | None:
    """ACLED's name of a country ("Russia", "Ukraine")."""
    if not iso3:
        return None
    if iso3 in ACLED_COUNTRY_NAMES:
        return ACLED_COUNTRY_NAMES[iso3]
    found = pycountry.countries.get(alpha_3=iso3)
    return (getattr(found, "common_name", None) or found.name) if found else iso3


def country_numeric(iso3: str | None) -> int | None:
    """ISO 3166-1 numeric code, as ACLED's ``iso`` gives it (804 Ukraine, 643 Russia)."""
    found = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    return int(found.numeric) if found else None


def admin1_name(code: str | None) -> str | None:
    """The name ACLED gives a first-level region: "Kharkiv" for UA-63 (the gazetteer's "Kharkiv Oblast")."""
    from truceline.resolve.places import region_names

    if not code:
        return None
    if code in ACLED_ADMIN1:
        return ACLED_ADMIN1[code]
    name = region_names().get(code)
    if name is None:
        return code
    for suffix in _ADMIN1_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def source_scale(inc: IncidentRow) -> str:
    """ACLED's source scale over the incident's reports ("National", "National-International", ...)."""
    found = {_scale(r.outlet, r.source, inc.country) for r in inc.reports} or {"Other"}
    return "-".join(s for s in _SCALE_ORDER if s in found)


def _scale(outlet: str | None, source: str | None, country: str | None) -> str:
    host = (urlparse(source).hostname or "") if source and "://" in source else ""
    names = [x for x in ((outlet or "").lower(), host.lower()) if x]
    if any(word in name for name in names for word in NEW_MEDIA):
        return "New media"
    home = next((code for code, words in NATIONAL_OUTLETS.items()
                 for name in names for word in words if word in name), None)
    if home is None and host:
        home = _TLD_HOMES.get(host.rsplit(".", 1)[-1])
    if home is None and any(word in name for name in names for word in INTERNATIONAL_OUTLETS):
        return "International"
    if home is not None:
        return "National" if home == country else "International"
    return "Other"


# -- violations and agreements -----------------------------------------------------------------------------------

def _violations(store: Store, filters: Filters) -> list[dict[str, Any]]:
    """Alleged violations, oldest first: one row per (agreement, incident), the incident's place and
    ``event_id_cnty`` as the incidents export has them."""
    from truceline.assess import stored

    with _connect(store) as conn:
        found = stored.violations(conn, limit=None)
        parties = {a.id: a.parties for a in stored.agreements(conn)}
    incidents = {i.id: i for i in store.incidents()} if found else {}
    iso3, admin1 = filters.iso3, filters.admin1
    out = []
    for v in sorted(found, key=lambda v: (v.date or dt.date.min, v.incident, v.agreement)):
        inc = incidents.get(v.incident)
        if inc is None or not filters.dated(v.date) or (iso3 and inc.country != iso3) or (
                admin1 and v.admin1 != admin1):
            continue
        if filters.type and not (filters.type == v.subject or _is_type(inc, filters.type)):
            continue
        out.append({
            "event_id_cnty": event_id(inc), "event_date": v.date, "agreement_id": v.agreement,
            "agreement": v.subject, "parties": parties.get(v.agreement, []), "version": v.version,
            "in_versions": v.in_versions, "accused": v.accused, "claimed_by": v.claimed_by,
            "country": country_name(inc.country), "iso3": inc.country, "admin1": admin1_name(v.admin1),
            "admin1_code": v.admin1, "location": v.place, "target": v.target,
            "target_class": "energy" if v.target in ENERGY_TARGETS else v.target, "weapon": v.weapon,
            "sub_event_type": _sub_event(v.weapon), "fatalities": inc.fatalities or 0, "reports": len(inc.reports)})
    return out


def _agreements(store: Store, filters: Filters) -> list[dict[str, Any]]:
    """Agreements (reviews applied), each with every side's version of its window as the assessment reads it."""
    from truceline.assess import compliance, stored

    iso3 = filters.iso3
    out = []
    with _connect(store) as conn:
        today = compliance.as_of(conn)
        for agr in stored.agreements(conn):
            if not filters.dated(agr.as_of) or (iso3 and iso3 not in agr.parties):
                continue
            if filters.type and filters.type not in (agr.subject, agr.status):
                continue
            versions = [{"side": v["side"], "stated_by": v["by"], "start": _day(v["start"]), "end": _day(v["end"]),
                         "scope": v["scope"], "terms": v["terms"], "remaining_days": v["remaining_days"],
                         "active": v["active"]} for v in compliance.versions(conn, agr.id, today)]
            out.append({"agreement_id": agr.id, "subject": agr.subject, "parties": agr.parties,
                        "status": agr.status, "as_of": agr.as_of, "reports": len(agr.accounts),
                        "versions": versions})
    return out


def _per_version(agreements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Agreements flattened for a table: one row per side's version (one row when it has none)."""
    return [{**{k: a[k] for k in _AGREEMENT_FIELDS}, **v} for a in agreements for v in (a["versions"] or [{}])]


# -- acts and statements -----------------------------------------------------------------------------------------

_Reviewed = TypeVar("_Reviewed", ActRow, StatementRow)

#: per kind reviewed: the fields a correction sets as given, and the ``*_id`` fields whose name it sets
_CORRECTABLE: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "act": (("type", "subject", "text"), {"actor_id": "actor", "target_id": "target"}),
    "statement": (("text", "kind", "cue", "channel"), {"speaker_id": "speaker"}),
}


def _reviewed(store: Store, kind: str, rows: list[_Reviewed]) -> list[_Reviewed]:
    """Acts or statements (``kind``) as analysts reviewed them: rejected ones left out, corrections applied,
    in date order again when a correction moved a date."""
    plain, named = _CORRECTABLE[kind]
    with _connect(store) as conn:
        found = reviews.report_reviews(conn, kind, [r.id for r in rows])
    out = []
    for item in rows:
        row = found.get(item.id)
        if row is not None and row.action == "reject":
            continue
        fix = row.corrected if row is not None and row.action == "correct" else {}
        for name in plain:
            if name in fix:
                setattr(item, name, fix[name])
        if "date" in fix:
            item.date = _day(fix["date"])
        for id_field, name in named.items():
            if id_field in fix:
                setattr(item, name, fix.get(name))
        out.append(item)
    if any(row.action == "correct" and "date" in row.corrected for row in found.values()):
        out.sort(key=lambda r: ((r.date or r.published) is None, r.date or r.published or dt.date.min, r.id))
    return out


def act_row(act: ActRow) -> dict[str, Any]:
    return {"date": act.date, "type": act.type, "subject": act.subject, "actor": act.actor, "target": act.target,
            "text": act.text, "document": act.document, "published": act.published,
            "evidence_start": act.evidence[0], "evidence_end": act.evidence[1]}


def statement_row(s: StatementRow) -> dict[str, Any]:
    return {"date": s.date, "speaker": s.speaker, "kind": s.kind, "cue": s.cue, "channel": s.channel,
            "text": s.text, "document": s.document, "published": s.published, "evidence_start": s.evidence[0],
            "evidence_end": s.evidence[1]}


# -- writing -----------------------------------------------------------------------------------------------------

def _flat(value: Any) -> Any:
    """A value for one table cell: lists joined with "; "."""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _feature(row: dict[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": props}


def _parquet(rows: list[dict[str, Any]], columns: tuple[str, ...], out: str | Path | IO[Any]) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pyarrow is the "parquet" extra
        raise ConfigError("Parquet export needs pyarrow: pip install 'truceline[parquet]'") from exc

    def kind(name: str) -> Any:
        if name in _INT_COLUMNS:
            return pa.int64()
        if name in _FLOAT_COLUMNS:
            return pa.float64()
        if name in _DATE_COLUMNS:
            return pa.date32()
        if name in _BOOL_COLUMNS:
            return pa.bool_()
        return pa.string()

    schema = pa.schema([(c, kind(c)) for c in columns])
    data = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows], schema=schema)
    if out == "-":
        out = sys.stdout.buffer
    pq.write_table(data, out if not isinstance(out, Path) else str(out))
    return len(rows)


@contextmanager
def _open(out: str | Path | IO[Any]) -> Iterator[IO[Any]]:
    """A text stream: stdout for "-", a new UTF-8 file for a path, or the stream given."""
    if out == "-":
        yield sys.stdout
    elif isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    else:
        yield out
