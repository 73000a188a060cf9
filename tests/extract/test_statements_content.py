"""The statements stage's content rules (truceline.extract.statements_content), on sentences written for the purpose:
parse relations that hide the reported clause, and closing source tags that are not content."""
from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest

from truceline.extract.analysis import Analysis

pytestmark = pytest.mark.slow


def rows(a: Analysis) -> list[tuple[str, str, str | None, str | None]]:
    return [(s.speaker, s.text, s.cue, s.channel) for s in a.statements]


def test_clause_after_at_the_time_is_the_content(analyse: Callable[..., Analysis]) -> None:
    # the parse makes "that France would send no troops" a relative clause of "time", its "that" an adverb
    a = analyse("Macron told the assembly at the time that France would send no troops.")
    assert [text for _, text, _, _ in rows(a)] == ["France would send no troops"]


def test_subject_parsed_as_the_cues_object_is_kept(analyse: Callable[..., Analysis]) -> None:
    # "fire" is parsed as the object of "said", leaving the clause "was put out" without its subject
    a = analyse("Zelensky said the fire at the depot near Odesa, which he did not name, was put out.")
    assert len(a.statements) == 1
    assert a.statements[0].text.startswith("the fire at the depot")
    assert a.statements[0].text.endswith("was put out")


def test_a_closing_source_tag_is_not_what_was_said(analyse: Callable[..., Analysis]) -> None:
    # the parse hangs "reports" on "confirmed" as its clause; the quoted name is the newspaper's, not words said
    a = analyse('"Nobody in Paris wants a frozen conflict," Macron said on Friday.\n\n'
                'He confirmed it during a radio interview, "The Evening Courier" reports.')
    assert [(speaker, text) for speaker, text, _, _ in rows(a)] == [
        ("macron", "Nobody in Paris wants a frozen conflict")]


def test_a_body_relaying_a_persons_words_gives_its_readout_channel(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Putin said the talks had been useful, the Kremlin added.")
    assert rows(a) == [("putin", "the talks had been useful", "say", "statement")]
    a = analyse("Stubb said the dam had been shelled again, the Finnish government added.")
    assert rows(a) == [("stubb", "the dam had been shelled again", "say", "statement")]


@pytest.mark.parametrize("text", [
    # another country's or an international body reporting a person gives no channel of the person's
    "Stubb said the dam had been shelled again, the Red Cross noted.",
    "Erdogan said the ferry had been hit twice, the United Nations said.",
    "Erdogan said the ferry had been hit twice, the Kremlin said.",
])
def test_a_body_not_the_persons_own_gives_no_readout_channel(analyse: Callable[..., Analysis], text: str) -> None:
    assert [(channel) for _, _, _, channel in rows(analyse(text))] == [None]


def test_no_resolved_body_is_no_readout() -> None:
    # with no resolved outer speaker there is no body whose readout it could be
    from truceline.extract.statements_content import _own_body
    from truceline.models import Actor

    actors = {"putin": Actor("putin", "Vladimir Putin", "person", "RUS"),
              "kremlin": Actor("kremlin", "Kremlin", "government", "RUS"),
              "un": Actor("un", "United Nations", "organization", None)}
    a = SimpleNamespace(actors=actors)
    assert _own_body(a, ["kremlin"], ["putin"])  # type: ignore[arg-type]
    assert not _own_body(a, [], ["putin"])  # type: ignore[arg-type]
    assert not _own_body(a, ["un"], ["putin"])  # type: ignore[arg-type]


def _parsed(words: list[str], heads: list[int], deps: list[str], lemmas: list[str] | None = None,  # type: ignore[no-untyped-def]
            tags: list[str] | None = None):
    """A hand-parsed doc: the parse that runs a sentence across a paragraph break is the model's, and rare."""
    import spacy
    from spacy.tokens import Doc

    spaces = [w not in ("\n\n",) and i + 1 < len(words) and words[i + 1] not in (",", ".", "\n\n")
              for i, w in enumerate(words)]
    tags = tags or ["NN"] * len(words)
    pos = ["VERB" if t.startswith("VB") else "PUNCT" if t in (",", ".") else "NOUN" for t in tags]
    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps,
               lemmas=lemmas or [w.lower() for w in words], tags=tags, pos=pos)


def _unit_of(doc, first: int, last: int):  # type: ignore[no-untyped-def]
    from truceline.extract.statements_cues import _Unit

    return _Unit(doc[first].idx, doc[last].idx + len(doc[last].text), [doc[first:last + 1]], 0)


def test_a_clause_of_the_next_paragraph_is_not_the_cues() -> None:
    from truceline.extract.statements_content import _clause
    from truceline.extract.statements_cues import lexicon

    words = ["It", "is", "bad", ",", "she", "told", "TV", ".", "\n\n", "He", "left", "."]
    heads = [1, 5, 1, 5, 5, 5, 5, 5, 7, 10, 5, 5]
    deps = ["nsubj", "ccomp", "acomp", "punct", "nsubj", "ROOT", "dobj", "punct", "dep", "nsubj", "ccomp", "punct"]
    doc = _parsed(words, heads, deps, [w.lower() for w in words[:5]] + ["tell"] + [w.lower() for w in words[6:]])
    clause = _clause(doc[5], "tell", _unit_of(doc, 0, 7), doc[4], lexicon())
    assert [t.text for t in clause] == ["It", "is", "bad"]


def test_words_hung_on_a_verb_of_the_paragraph_before_are_the_closing_cues() -> None:
    from truceline.extract.statements_content import _clause
    from truceline.extract.statements_cues import lexicon

    words = ["Troops", "advanced", ".", "\n\n", "Five", "were", "hurt", ",", "Kobzar", "wrote", "on", "Telegram", "."]
    heads = [1, 9, 1, 2, 6, 6, 1, 9, 9, 9, 9, 10, 9]
    deps = ["nsubj", "ccomp", "punct", "dep", "nsubjpass", "auxpass", "conj", "punct", "nsubj", "ROOT", "prep", "pobj",
            "punct"]
    tags = ["NNS", "VBD", ".", "_SP", "CD", "VBD", "VBN", ",", "NNP", "VBD", "IN", "NNP", "."]
    doc = _parsed(words, heads, deps, [w.lower() for w in words[:9]] + ["write"] + [w.lower() for w in words[10:]],
                  tags)
    clause = _clause(doc[9], "write", _unit_of(doc, 4, 12), doc[8], lexicon())
    assert [t.text for t in clause] == ["Five", "were", "hurt"]


def test_words_before_a_closing_cue_the_parse_left_unattached_are_its_content() -> None:
    from truceline.extract.statements_content import _clause
    from truceline.extract.statements_cues import lexicon

    words = ["Ten", "were", "hurt", ",", "Lysak", "reported", "."]
    heads = [2, 2, 5, 5, 5, 5, 5]
    deps = ["nsubjpass", "auxpass", "dep", "punct", "nsubj", "ROOT", "punct"]
    tags = ["CD", "VBD", "VBN", ",", "NNP", "VBD", "."]
    doc = _parsed(words, heads, deps, ["ten", "be", "hurt", ",", "lysak", "report", "."], tags)
    clause = _clause(doc[5], "report", _unit_of(doc, 0, 6), doc[4], lexicon())
    assert [t.text for t in clause] == ["Ten", "were", "hurt"]


def test_a_clause_hung_on_the_channel_noun_is_the_content(analyse: Callable[..., Analysis]) -> None:
    # the parse makes "that the talks had been hard" a clause of "statement"
    a = analyse("Zelensky said in a statement that the talks had been hard.")
    assert rows(a) == [("zelensky", "the talks had been hard", "say", "statement")]


@pytest.mark.parametrize("text", [
    "Zelensky said so in a statement that was posted on Telegram.",
    "Erdogan repeated it in a speech that the ministry published on Friday.",
])
def test_a_relative_clause_on_the_channel_noun_is_not_the_content(analyse: Callable[..., Analysis],
                                                                    text: str) -> None:
    # "that" is the relative clause's subject or object: the clause describes the statement, it does not report it
    assert rows(analyse(text)) == []


def test_a_that_clause_inside_a_relative_clause_on_the_channel_noun_is_the_content(
        analyse: Callable[..., Analysis]) -> None:
    a = analyse("Erdogan said in a speech that was broadcast on Sunday that the ferry would sail.")
    assert rows(a) == [("erdogan", "the ferry would sail", "say", "speech")]


@pytest.mark.parametrize(("text", "said"), [
    ("Macron warned the allies against easing the embargo on Russian oil.",
     "against easing the embargo on Russian oil"),
    ("Zelensky warned of longer power cuts in Kharkiv.", "of longer power cuts in Kharkiv"),
])
def test_what_a_warning_is_against_or_of_is_what_was_said(analyse: Callable[..., Analysis], text: str,
                                                          said: str) -> None:
    # "warn" needs a complement like "accuse": its against/of phrase is the content, its bare addressee is not
    assert [text for _, text, _, _ in rows(analyse(text))] == [said]


def test_a_warning_with_only_its_addressee_says_nothing(analyse: Callable[..., Analysis]) -> None:
    assert rows(analyse("Zelensky warned the residents of Odesa on Telegram.")) == []


@pytest.mark.parametrize("text", [
    "Russian troops have taken the village of Petrivka, state news agency TASS reported on Monday.",
    "Russian troops have taken the village of Petrivka, the Russian news agency TASS reported.",
])
def test_a_closing_cue_behind_a_described_medium_reports_the_sentence(analyse: Callable[..., Analysis],
                                                                      text: str) -> None:
    # the parse makes "agency" an appositive of "Petrivka" and "reported" a relative clause of it
    assert rows(analyse(text)) == [("tass", "Russian troops have taken the village of Petrivka", "report", None)]


def test_words_before_the_comma_opening_a_speakers_description_are_the_content() -> None:
    from truceline.extract.statements_content import _clause
    from truceline.extract.statements_cues import lexicon

    words = ["Troops", "took", "Bilovody", ",", "state", "agency", "Novex", "reported", "on", "Telegram", "."]
    heads = [1, 1, 1, 2, 5, 2, 7, 5, 7, 8, 1]
    deps = ["nsubj", "ROOT", "dobj", "punct", "compound", "appos", "nsubj", "relcl", "prep", "pobj", "punct"]
    tags = ["NNS", "VBD", "NNP", ",", "NN", "NN", "NNP", "VBD", "IN", "NNP", "."]
    doc = _parsed(words, heads, deps, [w.lower() for w in words[:7]] + ["report"] + [w.lower() for w in words[8:]],
                  tags)
    clause = _clause(doc[7], "report", _unit_of(doc, 0, 10), doc[6], lexicon())
    assert [t.text for t in clause] == ["Troops", "took", "Bilovody"]


def test_a_relative_clause_saying_something_of_its_own_is_no_closing_cue() -> None:
    from truceline.extract.statements_content import _closing_after_description

    # "..., a channel Novex that reported a fire": the cue has its own object
    words = ["Troops", "took", "Bilovody", ",", "channel", "Novex", "reported", "fires", "."]
    heads = [1, 1, 1, 2, 5, 2, 5, 6, 1]
    deps = ["nsubj", "ROOT", "dobj", "punct", "compound", "appos", "relcl", "dobj", "punct"]
    tags = ["NNS", "VBD", "NNP", ",", "NN", "NNP", "VBD", "NNS", "."]
    doc = _parsed(words, heads, deps, tags=tags)
    assert _closing_after_description(doc[6], doc[5]) == []


def test_a_medium_cited_as_the_source_speaks_beside_whom_it_reports(analyse: Callable[..., Analysis]) -> None:
    # CONVENTIONS.md: "according to TASS" makes TASS a speaker; the person it reports speaks too, through no
    # readout of a body of their own
    a = analyse("Foreign Ministry spokeswoman Maria Zakharova said talks were possible, according to the state news "
                "agency TASS.")
    assert rows(a) == [("zakharova", "talks were possible", "say", None),
                       ("tass", "Foreign Ministry spokeswoman Maria Zakharova said talks were possible",
                        "according to", None)]


def test_according_to_opening_a_sentence_covers_all_of_it(analyse: Callable[..., Analysis]) -> None:
    # the parse makes "there are no casualties" a clause of "working", the verb the phrase does not hang on
    a = analyse("Governor Petro Roe confirmed the strike. According to him, there are no casualties, rescuers are "
                "working at the site.")
    assert rows(a)[-1] == ("petro_roe", "there are no casualties, rescuers are working at the site", "according to",
                           None)
    # inside a clause it still covers only that clause
    a = analyse("Zelensky said that, according to the army, the front was holding.")
    assert [text for _, text, _, _ in rows(a)] == ["the front was holding"]


def _absorbed_doc(last_tag: str = "VBD", after: str = "Telegram"):  # type: ignore[no-untyped-def]
    # "A drone hit a depot, Ivan Petrenko, the mayor, wrote on Telegram.": the parse hangs the name on "depot" as a
    # conjunct and "wrote" on "hit" as a subjectless conjunct
    words = ["A", "drone", "hit", "a", "depot", ",", "Ivan", "Petrenko", ",", "the", "mayor", ",", "wrote", "on",
             after, "."]
    heads = [1, 2, 2, 4, 2, 4, 7, 4, 7, 10, 7, 4, 2, 12, 13, 2]
    deps = ["det", "nsubj", "ROOT", "det", "dobj", "punct", "compound", "conj", "punct", "det", "appos", "punct",
            "conj", "prep", "pobj", "punct"]
    tags = ["DT", "NN", "VBD", "DT", "NN", ",", "NNP", "NNP", ",", "DT", "NN", ",", last_tag, "IN", "NNP", "."]
    lemmas = [w.lower() for w in words]
    lemmas[12] = "write"
    return _parsed(words, heads, deps, lemmas, tags)


def test_a_closing_cue_whose_speaker_the_parse_hung_on_the_content_speaks_it() -> None:
    from truceline.extract.statements_content import _absorbed_speaker, _before_absorbed

    doc = _absorbed_doc()
    found = _absorbed_speaker(doc[12])
    assert found is not None
    speaker, outer = found
    assert speaker.text == "Petrenko" and outer.text == "Petrenko"
    assert [t.text for t in _before_absorbed(outer, _unit_of(doc, 0, 15))] == ["A", "drone", "hit", "a", "depot"]


def test_no_absorbed_speaker_for_a_participle_or_a_cue_with_its_own_object() -> None:
    from truceline.extract.statements_content import _absorbed_speaker

    assert _absorbed_speaker(_absorbed_doc(last_tag="VBG")[12]) is None  # "..., adding on ...": a participle
    assert _absorbed_speaker(_absorbed_doc(after="bridge")[12]) is None  # "wrote on the bridge": not a channel


def test_an_absorbed_speaker_described_by_role_is_the_name_inside() -> None:
    from spacy.tokens import Span

    from truceline.extract.statements_content import _absorbed_speaker, _before_absorbed

    # "Shells hit a school, the head of the city, Ivan Petrenko, said on Telegram.": the parse makes the whole
    # described name an appositive of "school" and the content a clause of a subjectless "said"
    words = ["Shells", "hit", "a", "school", ",", "the", "head", "of", "the", "city", ",", "Ivan", "Petrenko", ",",
             "said", "on", "Telegram", "."]
    heads = [1, 14, 3, 1, 3, 6, 3, 6, 9, 7, 9, 12, 9, 3, 14, 14, 15, 14]
    deps = ["nsubj", "ccomp", "det", "dobj", "punct", "det", "appos", "prep", "det", "pobj", "punct", "compound",
            "appos", "punct", "ROOT", "prep", "pobj", "punct"]
    tags = ["NNS", "VBD", "DT", "NN", ",", "DT", "NN", "IN", "DT", "NN", ",", "NNP", "NNP", ",", "VBD", "IN", "NNP",
            "."]
    lemmas = [w.lower() for w in words]
    lemmas[14] = "say"
    doc = _parsed(words, heads, deps, lemmas, tags)
    for i in (11, 12, 16):
        doc[i].pos_ = "PROPN"
    doc.ents = [Span(doc, 11, 13, label="PERSON")]
    found = _absorbed_speaker(doc[14])
    assert found is not None
    speaker, outer = found
    assert (speaker.text, outer.text) == ("Petrenko", "head")
    assert [t.text for t in _before_absorbed(outer, _unit_of(doc, 0, 17))] == ["Shells", "hit", "a", "school"]
