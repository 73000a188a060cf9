"""The stages' declarations: the pipeline's order is checked, and each stage is held to the fields it names.

The checking mode runs the real stages, in the real order, on an Analysis where a stage can neither read a
field it does not declare nor set one it does not add. The texts below are written to walk every path by
which a stage reads what it declares (a pronoun "said in a statement" before any speaker is known, "the
statement" or "the mayor" as an actor, "his office", "we" inside a quote and outside one), so that a declaration
missing a field fails, and one naming a field the stage never reads fails too.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from truceline.errors import ConfigError
from truceline.extract.analysis import Analysis
from truceline.extract.pipeline import Stage, check_stages, new_analysis, run_stage, stages
from truceline.models import Document

TEXTS = [
    "Vasyl Hordiienko, the mayor of Chornomorsk, said drones hit a grain warehouse in the port overnight. "
    "The mayor said in a statement that two workers were hurt. He said in a statement that Russia had broken "
    "the truce. The statement accused Moscow of violating the moratorium. The mayor accused Russia of "
    "breaking the truce.",
    "The United States and Russia held a phone call on Tuesday. It was agreed that both sides would halt "
    "strikes on energy facilities. Washington proposed a 30-day ceasefire, and Kyiv reacted favourably to "
    "the suggestion. The Kremlin denied attacking the port of Izmail.",
    "Olena Marchuk, the governor of the region, said Russian drones struck a power substation in Kharkiv "
    "overnight. The governor said in a statement that the strike cut power to 20,000 homes. The statement "
    "denied that Ukraine had fired on the city. The governor denied that Ukrainian forces shelled Belgorod. "
    "Zelensky said Moscow was lying. His office denied that Ukrainian drones hit Kursk.",
    "Russia and Ukraine agreed to a 30-day pause in strikes on energy facilities. Ihor Tkachenko, the mayor "
    "of Kherson, said the city would keep its word. The mayor counts the pause from March 25. Zelensky said "
    "the deal was fair. His office counts the pause from March 20. \"We count the pause from March 18,\" "
    "Peskov said. The statement counts the pause from March 19. His office rejected a Russian proposal. "
    "We count the pause from March 21.",
]


@pytest.fixture(scope="module")
def docs(nlp):  # type: ignore[no-untyped-def]
    return [(Document(id=f"t{n}", source=None, title=None, published=dt.date(2025, 3, 19), outlet=None,
                      language="en", text=text), nlp(text)) for n, text in enumerate(TEXTS)]


def run_all(order: list[Stage], docs, settings) -> list[Analysis]:  # type: ignore[no-untyped-def]
    out = []
    for document, doc in docs:
        a = new_analysis(document, doc, settings, check=True)
        for stage in order:
            run_stage(a, stage)
        out.append(a)
    return out


def test_the_pipeline_order_meets_every_need() -> None:
    check_stages(stages())


@pytest.mark.parametrize(("order", "message"), [
    (lambda s: [s[1], s[0], *s[2:]], "stage 'issuers' needs mentions, quotes, text_roles, which no earlier stage adds"),
    (lambda s: [dataclasses.replace(s[0], adds=(*s[0].adds, "speeches"))], "names speeches, which Analysis"),
    (lambda s: [s[0], dataclasses.replace(s[1], adds=("issuers", "mentions"))], "adds mentions (added by 'mentions')"),
    (lambda s: [s[0], dataclasses.replace(s[1], early=("quotes",))], "reads quotes early"),
])
def test_a_wrong_order_or_declaration_is_refused(order, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_stages(order(stages()))


@pytest.mark.slow
def test_every_stage_keeps_to_its_declaration(docs, settings) -> None:  # type: ignore[no-untyped-def]
    done = run_all(stages(), docs, settings)
    assert all(a.statements and a.acts for a in done)
    assert any(a.incidents for a in done) and any(a.agreements for a in done)


@pytest.mark.slow
def test_the_checking_mode_changes_nothing(docs, settings) -> None:  # type: ignore[no-untyped-def]
    from truceline.extract.pipeline import Extractor

    plain, checked = Extractor(settings), Extractor(settings, check=True)
    for document, doc in docs:
        assert checked.analyse(document, doc) == plain.analyse(document, doc)


@pytest.mark.slow
def test_each_declared_field_is_one_the_stage_uses(docs, settings) -> None:  # type: ignore[no-untyped-def]
    """Drop any one field from any stage's declaration: the checking run over the texts fails, naming both."""
    order = stages()
    unused = []
    for i, stage in enumerate(order):
        for kind in ("needs", "adds", "early"):
            for name in getattr(stage, kind):
                wrong = dataclasses.replace(stage, **{kind: tuple(n for n in getattr(stage, kind) if n != name)})
                try:
                    run_all([*order[:i], wrong, *order[i + 1:]], docs, settings)
                except ConfigError as exc:
                    assert repr(stage.name) in str(exc) and repr(name) in str(exc), str(exc)
                else:
                    unused.append(f"{stage.name}.{kind}: {name}")
    assert unused == [], "declared but never read or set on these texts (drop it, or add a text that uses it)"


@pytest.mark.slow
def test_an_undeclared_read_or_an_unset_add_names_the_stage_and_field(docs, settings) -> None:  # type: ignore[no-untyped-def]
    def peeks(a: Analysis) -> None:
        a.statements.clear()

    def forgets(a: Analysis) -> None:
        pass

    [(document, doc)] = docs[:1]
    for stage, message in [(Stage("peeks", peeks, needs=("doc",), adds=()), "stage 'peeks' reads 'statements'"),
                           (Stage("forgets", forgets, needs=(), adds=("acts",)),
                            "stage 'forgets' declares acts in adds but leaves it unset")]:
        a = new_analysis(document, doc, settings, check=True)
        with pytest.raises(ConfigError, match=message):
            run_stage(a, stage)
    with pytest.raises(ConfigError, match="'acts' is unset"):
        _ = new_analysis(document, doc, settings, check=True).acts
