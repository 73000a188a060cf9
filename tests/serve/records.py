"""Records written for the web app's tests (and the brief's): four short documents about an energy truce,
strikes after it, and one article full of markup and scripts (``t-evil``)."""
from __future__ import annotations

import datetime as dt

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
    Version,
)

PASSWORDS = {"ada": "admin-pass-1", "ann": "analyst-pass-1", "vic": "viewer-pass-1"}
ROLES = {"ada": "admin", "ann": "analyst", "vic": "viewer"}
EVIL_TITLE = "<script>window.pwned=1</script>Evil <b>title</b>"
EVIL_TEXT = ('Officials wrote <script>window.pwned=2</script> and <img src=x onerror="window.pwned=3"> '
             'in a <b>bold</b> note. The Kremlin said talks would go on.')


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


def _actors() -> list[Actor]:
    return [Actor("a1", "Government of Russia", "government", "RUS", "Q1", ["the Kremlin", "Moscow"]),
            Actor("a2", "Government of Ukraine", "government", "UKR", "Q2", ["Kyiv"]),
            Actor("a3", "Armed Forces of Russia", "military", "RUS", "Q3", ["Russian forces"]),
            Actor("a4", "Armed Forces of Ukraine", "military", "UKR", "Q4", ["Ukrainian forces"])]


def records() -> list[Record]:
    """Four documents: an energy truce agreed with two versions, strikes reported after it, and markup."""
    t1 = ("Russia and Ukraine agreed on Friday to stop striking each other's energy sites for 30 days. "
          "The Kremlin said the pause starts on May 3. Kyiv said its pause starts on May 5.")
    r1 = Record(
        Document("t-001", "test://t-001", "Energy truce agreed", dt.date(2025, 5, 2), "Test Wire", "en", t1),
        actors=_actors()[:2],
        statements=[Statement("a1", "the pause starts on May 3", "indirect", "say", "statement",
                              dt.date(2025, 5, 2), _span(t1, "The Kremlin said the pause starts on May 3."))],
        acts=[Act("agree", "a1", "a2", "energy_ceasefire", dt.date(2025, 5, 2), "agrees an energy truce",
                  _span(t1, t1.split(". ")[0])),
              Act("agree", "a2", "a1", "energy_ceasefire", dt.date(2025, 5, 2), "agrees an energy truce",
                  _span(t1, t1.split(". ")[0]))],
        agreements=[Agreement("energy_ceasefire", ["a1", "a2"], ["energy"], 30, dt.date(2025, 5, 3),
                              dt.date(2025, 6, 2), "agreed",
                              versions=[Version("a1", "from May 3",
                                                _span(t1, "The Kremlin said the pause starts on May 3."),
                                                ["energy"], dt.date(2025, 5, 3), dt.date(2025, 6, 2), 30),
                                        Version("a2", "from May 5", _span(t1, "Kyiv said its pause starts on May 5."),
                                                ["energy"], dt.date(2025, 5, 5), dt.date(2025, 6, 4), 30)],
                              evidence=_span(t1, t1.split(". ")[0]))])
    t2 = ("Russian drones hit a power substation in Sumy overnight, Ukraine's government said. "
          "Moscow denied it. Ukrainian drones struck an oil depot in Kursk region, the Kremlin said.")
    r2 = Record(
        Document("t-002", "test://t-002", "Strikes despite truce", dt.date(2025, 5, 8), "Test Wire", "en", t2),
        actors=_actors(),
        acts=[Act("accuse", "a2", "a1", "energy_ceasefire", dt.date(2025, 5, 8), "accuses Russia of a strike",
                  _span(t2, t2.split(". ")[0])),
              Act("deny", "a1", "a2", "energy_ceasefire", dt.date(2025, 5, 8), "denies the strike",
                  _span(t2, "Moscow denied it."))],
        incidents=[Incident(dt.date(2025, 5, 7), 1, Location("Sumy", "UKR", "UA-59", 50.91, 34.80, 1), "power_grid",
                            "drone", "a3", "a2", ["a1"], None, _span(t2, t2.split(". ")[0])),
                   Incident(dt.date(2025, 5, 8), 1, Location("Kursk region", "RUS", "RU-KRS", 51.73, 36.19, 3),
                            "oil_gas", "drone", "a4", "a1", [], 2, _span(t2, t2.split(". ")[2]))])
    t3 = "Russian missiles hit a hospital in Kharkiv on Saturday, the Ukrainian government said."
    r3 = Record(
        Document("t-003", "test://t-003", "Hospital hit", dt.date(2025, 5, 10), "Other Wire", "en", t3),
        actors=_actors(),
        incidents=[Incident(dt.date(2025, 5, 10), 1, Location("Kharkiv", "UKR", "UA-63", 49.99, 36.23, 1), "medical",
                            "missile", "a3", "a2", [], 4, _span(t3, t3))])
    r4 = Record(
        Document("t-evil", "test://t-evil", EVIL_TITLE, dt.date(2025, 5, 9), "<i>Bad</i> Outlet", "en", EVIL_TEXT),
        actors=[Actor("e1", "<script>window.pwned=4</script>Evil Corp", "organization", None)],
        statements=[Statement("e1", "<img src=x onerror=\"window.pwned=5\">", "direct", "write", None, None,
                              _span(EVIL_TEXT, EVIL_TEXT.split(". ")[0]))],
        acts=[Act("propose", "e1", None, "talks", dt.date(2025, 5, 9), "<script>window.pwned=6</script>",
                  _span(EVIL_TEXT, "The Kremlin said talks would go on."))])
    return [r1, r2, r3, r4]
