"""Terms read from a commitment's sentences: scope, and halts only put forward (sentences written for the purpose)."""
from __future__ import annotations

from truceline.extract.agreements_terms import proposed_halt, scope_of
from truceline.models import Act, Span


def _whole(text: str) -> list[Span]:
    return [Span(0, len(text))]


def test_energy_and_infrastructure_is_the_energy_sector():
    text = "Both sides agreed to stop hitting energy and infrastructure for a month."
    assert scope_of(text, _whole(text), "energy_ceasefire", []) == ["energy"]


def test_other_facilities_count_when_called_civilian():
    text = "Both sides agreed to stop hitting power plants and other civilian infrastructure."
    assert scope_of(text, _whole(text), "energy_ceasefire", []) == ["power_generation", "civilian_infrastructure"]


def test_civilian_targets_alone_are_not_energy():
    text = "Kyiv offered to spare civilian infrastructure from missile strikes for a month."
    assert scope_of(text, _whole(text), "energy_ceasefire", []) == ["civilian_infrastructure"]


def test_a_truce_at_sea_over_shipping_covers_civilian_infrastructure():
    text = "The sides will not attack cargo ships heading to Odesa."
    assert scope_of(text, [], "maritime_ceasefire", _whole(text)) == ["civilian_infrastructure"]
    other = "The sides will talk about the sea next week."
    assert scope_of(other, [], "maritime_ceasefire", _whole(other)) == []


def _halt(sentence: str) -> bool:
    act = Act(type="halt", actor="x", target=None, subject="energy_ceasefire", date=None, text="",
              evidence=Span(0, len(sentence)))
    return proposed_halt(sentence, act)


def test_a_halt_only_proposed_is_no_halt_ordered():
    # the act model may read a halt in a sentence that only puts one forward; taken up or declared, it is a halt
    assert _halt("Kyiv proposes that the Russian side cease strikes on power plants for a month.")
    assert _halt("The minister suggested a two-week pause in attacks on the grid.")
    assert not _halt("Moscow agreed to a proposal from Washington for both sides to stop hitting power plants.")
    assert not _halt("The Kremlin announced a holiday truce, offering a pause in the fighting over the weekend.")
    assert not _halt("Moscow ordered its army to halt strikes on energy sites.")
