"""The status of a commitment as of the report's date (extract/agreements_status.py)."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from truceline.extract.agreements_status import agreement_status
from truceline.models import Act, Span


def _acts(text: str, subject: str, *types: str, actor: str = "rus") -> list[Act]:
    return [Act(type=t, actor=actor, target=None, subject=subject, date=None, text="", evidence=Span(0, len(text)))
            for t in types]


def _doc(text: str, published: dt.date | None = dt.date(2025, 7, 1)) -> SimpleNamespace:
    return SimpleNamespace(document=SimpleNamespace(text=text, published=published))


def test_a_halt_read_on_an_exchange_does_not_put_it_in_force():
    # (moved here from test_agreements.py with the status logic)
    text = "The sides agreed to swap 300 prisoners. Moscow stopped short of naming a date."
    a, acts = _doc(text), _acts(text, "prisoner_exchange", "agree", "halt")
    assert agreement_status(a, acts, [Span(0, len(text))], None, None, truce=False) == "agreed"  # type: ignore[arg-type]
    assert agreement_status(a, acts, [Span(0, len(text))], None, None, truce=True) == "in_force"  # type: ignore[arg-type]


def test_a_window_opening_after_the_report_is_agreed_and_one_over_before_it_expired():
    text = "Moscow and Kyiv agreed to a truce."
    a, acts = _doc(text), _acts(text, "full_ceasefire", "agree")
    later, earlier = dt.date(2025, 7, 5), dt.date(2025, 6, 20)
    assert agreement_status(a, acts, [Span(0, len(text))], later, None, truce=True) == "agreed"  # type: ignore[arg-type]
    assert agreement_status(a, acts, [Span(0, len(text))], None, earlier, truce=True) == "expired"  # type: ignore[arg-type]


def test_a_refusal_alone_rejects_and_a_proposal_alone_stays_proposed():
    text = "Moscow turned the offer down."
    a = _doc(text)
    assert agreement_status(a, _acts(text, "full_ceasefire", "reject"), [Span(0, len(text))], None, None,  # type: ignore[arg-type]
                            truce=True) == "rejected"
    assert agreement_status(a, _acts(text, "full_ceasefire", "propose"), [Span(0, len(text))], None, None,  # type: ignore[arg-type]
                            truce=True) == "proposed"


def test_an_end_read_on_a_truce_counts_only_where_its_sentence_names_what_ends():
    # <G> "troops withdrew from the region" ends no ceasefire; "the truce ended" does
    first = "Moscow and Kyiv agreed to a truce on Monday."
    for second, status in ((" Russian troops withdrew from the region.", "agreed"),
                           (" The truce ended on Friday.", "expired")):
        text = first + second
        agree = Act(type="agree", actor="rus", target=None, subject="full_ceasefire", date=None, text="",
                    evidence=Span(0, len(first)))
        end = Act(type="end", actor="rus", target=None, subject="full_ceasefire", date=None, text="",
                  evidence=Span(len(first), len(text)))
        got = agreement_status(_doc(text), [agree, end], [Span(0, len(text))], None, None, truce=True)  # type: ignore[arg-type]
        assert got == status


def test_a_truce_told_only_through_violations_alleged_can_have_ended():
    # the article takes a truce whose violations it reports as running, so its lifting ends it
    text = ("Moscow accused Kyiv of striking its power plants. Days earlier, Russia lifted its moratorium on such "
            "strikes.")
    a, acts = _doc(text), _acts(text, "energy_ceasefire", "accuse")
    assert agreement_status(a, acts, [Span(0, len(text))], None, None, truce=True) == "expired"  # type: ignore[arg-type]


def test_a_suspension_counts_only_where_it_puts_the_commitment_itself_on_hold(analyse):  # type: ignore[no-untyped-def]
    # <G> read on the parse: "paused attacks" halts the fighting, a plan "put on hold" names no truce; a truce put on
    # hold after attacks, or a moratorium on strikes suspended, is the commitment itself
    for text, status in (("Kyiv accepted the ceasefire offer, but Moscow only paused attacks on power plants.",
                          "proposed"),
                         ("Kyiv accepted the ceasefire offer. Planning for the summit was put on hold.", "proposed"),
                         ("Kyiv accepted the ceasefire offer. Moscow paused its drone strikes under the truce.",
                          "proposed"),
                         ("Kyiv accepted the ceasefire offer, but the cease-fire was suspended on Friday.",
                          "suspended"),
                         ("Kyiv accepted the ceasefire offer. The truce was paused after attacks on Friday.",
                          "suspended"),
                         ("Kyiv accepted the ceasefire offer. The moratorium on strikes was suspended on Friday.",
                          "suspended")):
        a = analyse(text, dt.date(2025, 7, 1))
        acts = _acts(text, "full_ceasefire", "accept", "propose")
        sentences = [Span(s.start_char, s.end_char) for s in a.doc.sents]
        assert agreement_status(a, acts, sentences, None, None, truce=True) == status, text
