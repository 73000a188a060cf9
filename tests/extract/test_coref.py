"""Mentions and the resolution API other stages call: who a phrase, pronoun or document refers to."""
from __future__ import annotations

from collections.abc import Callable

import pytest

from truceline.extract.analysis import Analysis
from truceline.extract.coref import actor_for_span, actor_for_token, actors_for_token, index_issuers
from truceline.extract.mentions import find_mentions
from truceline.extract.pipeline import load_pipeline
from truceline.models import Document
from truceline.resolve.actors import ActorBook
from truceline.settings import Settings


@pytest.fixture(scope="module")
def analysis() -> Callable[[str], Analysis]:
    settings = Settings.load()
    nlp = load_pipeline(settings.spacy_model)

    def run(text: str) -> Analysis:
        doc = Document(id="t", source=None, title=None, published=None, outlet=None, language="en", text=text)
        a = Analysis(document=doc, doc=nlp(text), settings=settings, actors=ActorBook())
        find_mentions(a)
        index_issuers(a)
        return a

    return run


def subject_of(a: Analysis, verb: str):  # type: ignore[no-untyped-def]
    return next(t for t in a.doc if t.dep_ in ("nsubj", "nsubjpass") and t.head.text == verb)


@pytest.mark.slow
def test_title_before_name_yields_to_the_name(analysis: Callable[[str], Analysis]) -> None:
    a = analysis("Ukrainian Foreign Minister Dmytro Kuleba spoke.")
    assert actor_for_token(a, subject_of(a, "spoke")) == "kuleba"


@pytest.mark.slow
def test_ministry_is_its_government(analysis: Callable[[str], Analysis]) -> None:
    a = analysis("Russia's foreign ministry protested.")
    assert actor_for_token(a, subject_of(a, "protested")) == "mfa_rus"
    assert a.actors.get("mfa_rus").country == "RUS"


@pytest.mark.slow
def test_metonym_agent_but_not_place(analysis: Callable[[str], Analysis]) -> None:
    a = analysis("Moscow objected to the plan. The delegation arrived in Kyiv.")
    assert [(m.text, m.actor) for m in a.mentions] == [("Moscow", "gov_rus")]
    kyiv = a.document.text.index("Kyiv")
    assert actor_for_span(a, kyiv, kyiv + 4) is None
    assert actor_for_span(a, 0, 6) == "gov_rus"


@pytest.mark.slow
def test_pronoun_resolves_to_last_person_subject(analysis: Callable[[str], Analysis]) -> None:
    a = analysis("Trump spoke with Zelensky on Wednesday. He praised the talks.")
    assert actor_for_token(a, subject_of(a, "praised")) == "trump"


@pytest.mark.slow
def test_definite_description_and_document(analysis: Callable[[str], Analysis]) -> None:
    a = analysis("Macron met Starmer in London. The president warned. "
                 "The Kremlin issued a statement. The statement rejected the plan.")
    assert actor_for_token(a, subject_of(a, "warned")) == "macron"
    assert actor_for_token(a, subject_of(a, "rejected")) == "gov_rus"


@pytest.mark.slow
def test_conjoined_speakers(analysis: Callable[[str], Analysis]) -> None:
    a = analysis("Rubio and Waltz arrived.")
    assert actors_for_token(a, subject_of(a, "arrived")) == ["rubio", "waltz"]


@pytest.mark.slow
def test_unknown_person_gets_country_from_apposition(analysis: Callable[[str], Analysis]) -> None:
    a = analysis("Mykola Stepanenko, a Ukrainian energy official, spoke. Later Stepanenko left.")
    first = actor_for_token(a, subject_of(a, "spoke"))
    assert first == "mykola_stepanenko"
    assert actor_for_token(a, subject_of(a, "left")) == first
    actor = a.actors.get(first)
    assert (actor.name, actor.kind, actor.country) == ("Mykola Stepanenko", "person", "UKR")


@pytest.mark.slow
def test_unnamed_group_is_no_actor(analysis: Callable[[str], Analysis]) -> None:
    a = analysis("Ukrainian officials said nothing.")
    assert actor_for_token(a, subject_of(a, "said")) is None


@pytest.mark.slow
def test_only_used_actors_are_listed(analysis: Callable[[str], Analysis]) -> None:
    a = analysis("Putin and Trump spoke.")
    assert a.actors.referenced() == []
    a.actors.use("putin")
    assert [x.id for x in a.actors.referenced()] == ["putin"]


@pytest.mark.slow
def test_a_name_taken_for_a_body_with_a_role_beside_it_is_a_person() -> None:
    # NER may label a name it does not know ORG; the role noun beside it says it is a person's
    from spacy.tokens import Span

    from truceline.extract.mentions import _titled_name

    nlp = load_pipeline(Settings.load().spacy_model)
    cases = [("Kherson Mayor Roman Mrochko spoke.", 2, 4, True),
             ("The city's mayor Roman Mrochko spoke.", 4, 6, True),
             ("The head of Zorya Mashproekt spoke.", 3, 5, False),
             ("Zorya Mashproekt Ministry spoke.", 0, 3, False)]
    for text, start, end, person in cases:
        ent = Span(nlp(text), start, end, label="ORG")
        assert _titled_name(ent, list(ent)) is person, text


@pytest.mark.slow
def test_describing_appositive_of_an_unknown_name_names_no_earlier_actor(analysis: Callable[[str], Analysis]) -> None:
    a = analysis("The Ukrainian Foreign Ministry condemned the strikes. Vestnik, the regional news agency, reported.")
    assert actor_for_token(a, subject_of(a, "reported")) is None


@pytest.mark.slow
def test_a_pronoun_agrees_with_the_gender_the_text_gives(analyse: Callable[..., Analysis]) -> None:
    # the registry knows neither person: "Mr."/"Mrs." and a gendered noun beside the name rule out the other one
    for text in (("Mr. Peter Holm met Mrs. Greta Lind in Oslo on Monday. Mr. Holm spoke first. "
                  "She said the talks had gone well."),
                 ("Greta Lind, a mediator, met Peter Holm, a spokesman for the agency, in Oslo. Holm spoke first. "
                  "She said the talks had gone well.")):
        a = analyse(text)
        st = [s for s in a.statements if "gone well" in s.text]
        assert len(st) == 1 and a.actors.get(st[0].speaker).name == "Greta Lind", text


@pytest.mark.slow
def test_a_gendered_word_that_is_part_of_a_name_gives_no_gender(analyse: Callable[..., Analysis]) -> None:
    # "Duke" and "King" are surnames here, not titles: "she" may still be Greta Duke, and Anna King is no man
    a = analyse("Greta Duke, a mediator, met Karl Berg in Oslo on Monday. Duke spoke first. "
                "She said the talks had gone well.")
    st = [s for s in a.statements if "gone well" in s.text]
    assert len(st) == 1 and a.actors.get(st[0].speaker).name == "Greta Duke"


@pytest.mark.slow
def test_an_appositive_after_a_coordination_gives_the_first_conjunct_no_gender(
        analyse: Callable[..., Analysis]) -> None:
    # the parse hangs "wife" on Holm though it describes Lind; Holm stays of unknown gender and "he" resolves to him
    a = analyse("On Friday Peter Holm and Greta Lind, envoy Karl Berg's wife, visited the plant. Holm spoke first. "
                "He said the talks had gone well.")
    st = [s for s in a.statements if "gone well" in s.text]
    assert len(st) == 1 and a.actors.get(st[0].speaker).name == "Peter Holm"


@pytest.mark.slow
def test_a_post_or_message_referred_back_to_is_the_last_speakers(analyse: Callable[..., Analysis]) -> None:
    # a person's post as well as a body's; "the statement" alone is left to the last issuing body
    for text, who in (("Mayor Greta Lind wrote on Telegram that two drones were shot down over the town. "
                       "According to the post, debris damaged a school.", "Greta Lind"),
                      ("Peter Holm, the regional governor, said on Monday that a depot was hit overnight. "
                       "The message said a fire broke out at the site.", "Peter Holm")):
        a = analyse(text)
        st = [s for s in a.statements if "school" in s.text or "fire broke out" in s.text]
        assert len(st) == 1 and a.actors.get(st[0].speaker).name == who, text


@pytest.mark.slow
def test_a_post_with_an_issuer_of_its_own_or_a_newspaper_is_not_the_last_speakers(
        analyse: Callable[..., Analysis]) -> None:
    for text in ("Peter Holm said the depot was hit overnight. Three people were injured, according to a post by "
                 "the head of the local hospital.",
                 "Peter Holm said the depot was hit overnight. Three people were injured, the Post reported."):
        a = analyse(text)
        st = [s for s in a.statements if "injured" in s.text]
        assert all(a.actors.get(s.speaker).name != "Peter Holm" for s in st), text


@pytest.mark.slow
def test_a_body_noun_named_with_a_town_is_that_towns_body(analyse: Callable[..., Analysis]) -> None:
    # not the last government named ("Kyiv"): the town's own administration, in the town's country
    a = analyse("Drones struck an oil depot on Monday. Kyiv has said such strikes will go on. "
                "The Tuapse city administration said a fire broke out at the depot.")
    st = [s for s in a.statements if "fire broke out" in s.text]
    assert len(st) == 1
    speaker = a.actors.get(st[0].speaker)
    assert speaker.country == "RUS" and speaker.kind == "government"



@pytest.mark.slow
def test_titled_surname_is_a_person(analysis: Callable[[str], Analysis]) -> None:
    # a surname the registry lacks, named only with a title, is a person a later pronoun can refer to
    a = analysis("Mr. Halvorsen made his case to the committee on Monday. He spoke for an hour.")
    assert [(m.text, a.actors.get(m.actor).kind) for m in a.mentions] == [("Halvorsen", "person")]
    he = next(t for t in a.doc if t.text == "He")
    assert actor_for_token(a, he) == a.mentions[0].actor


@pytest.mark.slow
def test_later_conjunct_after_comma_keeps_the_name_before_out(analysis: Callable[[str], Analysis]) -> None:
    # the parse joins "workers" to the name the distrust is of; the workers speak, not Halvorsen
    a = analysis("The root of the distrust of Mr. Halvorsen, farm workers and organizers say, is his record.")
    workers = next(t for t in a.doc if t.text == "workers")
    assert workers.dep_ == "conj"
    assert actors_for_token(a, workers) == []
