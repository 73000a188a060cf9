"""Store fixtures: every store test runs on SQLite and, when a server is given, on PostgreSQL
(``db_url``, in ``tests/conftest.py``)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from truceline.models import (
    Act,
    Actor,
    Agreement,
    Document,
    Incident,
    Location,
    Record,
    Span,
    Statement,
)
from truceline.settings import Settings
from truceline.store import Store, open_store


@pytest.fixture
def store_settings(db_url: str) -> Settings:
    return Settings.load(db=db_url)


@pytest.fixture
def store(db_url: str, store_settings: Settings) -> Iterator[Store]:
    s = open_store(db_url, store_settings)
    yield s
    s.close()


class Build:
    """Short records written for the tests (no spaCy): ``build.record("a", "text", incidents=[...])``."""

    def actor(self, ident: str, name: str, kind: str = "country", country: str | None = None,
              wikidata: str | None = None) -> Actor:
        return Actor(ident, name, kind, country, wikidata, [name])

    def incident(self, place: str, date: str, target: str = "power_grid", *, country: str = "UKR",
                 admin1: str | None = None, lat: float | None = None, lon: float | None = None,
                 perpetrator: str | None = None, claimed_by: str | None = None,
                 denied_by: tuple[str, ...] = (), fatalities: int | None = None, weapon: str | None = "drone"
                 ) -> Incident:
        return Incident(dt.date.fromisoformat(date), 1, Location(place, country, admin1, lat, lon, 1), target,
                        weapon, perpetrator, claimed_by, list(denied_by), fatalities, Span(0, 10))

    def act(self, type: str, actor: str, subject: str, date: str | None, target: str | None = None,
            text: str = "", start: int = 0, end: int = 10) -> Act:
        return Act(type, actor, target, subject, dt.date.fromisoformat(date) if date else None,
                   text or f"{type} {subject}", Span(start, end))

    def statement(self, speaker: str, text: str, date: str | None = None, start: int = 0, end: int = 10
                  ) -> Statement:
        return Statement(speaker, text, "direct", "say", "statement",
                         dt.date.fromisoformat(date) if date else None, Span(start, end))

    def agreement(self, subject: str, parties: list[str], status: str, start: str | None = None,
                  duration: int | None = None, scope: tuple[str, ...] = ("energy",)) -> Agreement:
        begin = dt.date.fromisoformat(start) if start else None
        end = begin + dt.timedelta(days=duration) if begin and duration else None
        return Agreement(subject, parties, list(scope), duration, begin, end, status, evidence=Span(0, 10))

    def record(self, ident: str, text: str, published: str | None = "2025-03-20", *, title: str | None = None,
               outlet: str | None = None, actors: list[Actor] | None = None, **items: list) -> Record:
        doc = Document(ident, f"{ident}.txt", title, dt.date.fromisoformat(published) if published else None,
                       outlet, "en", text)
        return Record(doc, actors or [], items.get("statements", []), items.get("acts", []),
                      items.get("agreements", []), items.get("incidents", []))

    def sides(self) -> list[Actor]:
        """Russia, Ukraine, their defence ministries and two people, with registry ids."""
        return [
            self.actor("ru", "Russia", "country", "RUS", "Q159"),
            self.actor("ua", "Ukraine", "country", "UKR", "Q212"),
            self.actor("rumod", "Ministry of Defence of Russia", "military", "RUS", "Q1969730"),
            self.actor("uagov", "Government of Ukraine", "government", "UKR", None),
            self.actor("putin", "Vladimir Putin", "person", "RUS", "Q7747"),
            self.actor("zel", "Volodymyr Zelensky", "person", "UKR", "Q3881"),
        ]


@pytest.fixture(scope="session")
def build() -> Build:
    return Build()
