"""Records written for the assessment tests: an energy truce dated differently by each side, and strikes."""
from __future__ import annotations

import datetime as dt

from truceline.models import Actor, Agreement, Document, Incident, Location, Record, Span, Version

D = dt.date


def actors() -> list[Actor]:
    return [Actor("rus", "Russia", "country", "RUS"), Actor("ukr", "Ukraine", "country", "UKR"),
            Actor("mod_rus", "Ministry of Defence of Russia", "military", "RUS"),
            Actor("gs_ukr", "General Staff of the Armed Forces of Ukraine", "military", "UKR")]


def energy_truce() -> Agreement:
    # Russia dates the halt from the call (18 March), Ukraine from the Riyadh talks (25 March)
    return Agreement(subject="energy_ceasefire", parties=["rus", "ukr"], scope=["energy"], duration_days=30,
                     start=D(2025, 3, 18), end=D(2025, 4, 17), status="in_force",
                     versions=[Version(by="rus", terms="from the call", start=D(2025, 3, 18)),
                               Version(by="ukr", terms="from the talks", start=D(2025, 3, 25), end=None)])


def strike(day: dt.date, target: str = "oil_gas", perpetrator: str = "ukr", claimed_by: str | None = "mod_rus",
           denied_by: list[str] | None = None, place: str = "Sudzha", admin1: str = "RU-KRS") -> Incident:
    return Incident(date=day, date_precision=1, location=Location(place, "RUS", admin1, 51.19, 35.27, 1),
                    target=target, weapon="drone", perpetrator=perpetrator, claimed_by=claimed_by,
                    denied_by=denied_by or [], fatalities=None, evidence=Span(10, 80))


def record(doc_id: str, agreements: list[Agreement], incidents: list[Incident],
           published: dt.date = dt.date(2025, 3, 28)) -> Record:
    doc = Document(id=doc_id, source=None, title=None, published=published, outlet=None, language="en", text="")
    return Record(document=doc, actors=actors(), agreements=agreements, incidents=incidents)
