"""Statements on short articles written for the purpose, one hard case each."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from truceline.extract.analysis import Analysis
from truceline.extract.quotes import find_quotes

pytestmark = pytest.mark.slow


def rows(a: Analysis) -> list[tuple[str, str, str, str | None, str | None]]:
    return [(s.speaker, s.text, s.kind, s.cue, s.channel) for s in a.statements]


@pytest.mark.parametrize("opening,closing", [
    ("\u201c", "\u201d"), ("\u201e", "\u201c"), ("\u00ab", "\u00bb"), ('"', '"'), ("\u2018", "\u2019"),
    ("'", "'"), ("\u2018\u2018", "\u2019\u2019"),
])
def test_every_quote_mark(analyse: Callable[..., Analysis], opening: str, closing: str) -> None:
    a = analyse(f"{opening}We will defend every village,{closing} Zelensky said.")
    assert rows(a) == [("zelensky", "We will defend every village", "direct", "say", None)]


def test_quotes_found_in_mixed_marks() -> None:
    text = "He said \u201eA b\u201c and \u00abC d\u00bb, while Russia\u2019s envoy said \u2018e f g\u2019."
    assert [q.text(text) for q in find_quotes(text)] == ["A b", "C d", "e f g"]


def test_split_quote_is_one_statement(analyse: Callable[..., Analysis]) -> None:
    a = analyse("\u201cThe talks were useful,\u201d Kremlin spokesman Dmitry Peskov told reporters, "
                "\u201cbut there is a long way to go.\u201d")
    assert rows(a) == [("peskov", "The talks were useful, but there is a long way to go.", "direct", "tell",
                        "press_conference")]


def test_quote_running_into_next_paragraph(analyse: Callable[..., Analysis]) -> None:
    a = analyse("\u201cWe will not give up,\u201d Zelensky said.\n\n\u201cOur land is ours.\u201d")
    assert rows(a) == [("zelensky", "We will not give up Our land is ours.", "direct", "say", None)]
    assert a.statements[0].evidence.start == 0
    assert a.statements[0].evidence.end == len(a.document.text)


def test_mixed_speech(analyse: Callable[..., Analysis]) -> None:
    a = analyse('Trump wrote on Truth Social that the meeting had been "long and very constructive."')
    assert rows(a) == [("trump", "the meeting had been long and very constructive", "mixed", "write", "truth_social")]


def test_said_adding_is_two(analyse: Callable[..., Analysis]) -> None:
    a = analyse("The Kremlin said the talks would continue, adding that a date had not been set.")
    assert [(s.speaker, s.text, s.cue) for s in a.statements] == [
        ("gov_rus", "the talks would continue", "say"),
        ("gov_rus", "a date had not been set", "add"),
    ]


def test_pronoun_speaker_and_channel_carry(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Ukrainian President Volodymyr Zelensky wrote on Telegram that Russia had struck Odesa again. "
                "He added that air defence had downed most of the drones.")
    assert rows(a) == [
        ("zelensky", "Russia had struck Odesa again", "indirect", "write", "telegram"),
        ("zelensky", "air defence had downed most of the drones", "indirect", "add", "telegram"),
    ]


def test_title_speaker(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Russia's foreign minister said on Monday that Moscow was ready for talks.")
    assert rows(a) == [("lavrov", "Moscow was ready for talks", "indirect", "say", None)]
    assert a.statements[0].date == dt.date(2025, 3, 17)


def test_metonym_speaker_not_place(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Moscow said the attack on the depot was a provocation. Officials in Kyiv said the claim was false.")
    assert rows(a) == [("gov_rus", "the attack on the depot was a provocation", "indirect", "say", None)]
    actors = {x.id for x in a.actors.referenced()}
    assert "gov_ukr" not in actors


def test_unnamed_group_and_belief_are_not_statements(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Officials said the bridge was damaged. Zelensky believes the truce will hold.")
    assert a.statements == []


def test_readout_gives_speech_to_inner_speaker(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Trump told Zelensky that the plants could be run by American firms, according to a White House "
                "readout of the call.")
    assert rows(a) == [("trump", "the plants could be run by American firms", "indirect", "tell", "statement")]


def test_statement_document_speaks_for_its_issuer(analyse: Callable[..., Analysis]) -> None:
    a = analyse("The Kremlin issued a readout after the call.\n\n"
                "\u201cThe sides agreed to keep in touch,\u201d the statement said.")
    assert rows(a) == [("gov_rus", "The sides agreed to keep in touch", "direct", "say", "statement")]


def test_joint_statement_is_one_per_speaker(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Rubio and Waltz said the partial truce was a first step.")
    assert [(s.speaker, s.text) for s in a.statements] == [
        ("rubio", "the partial truce was a first step"), ("waltz", "the partial truce was a first step")]


def test_according_to(analyse: Callable[..., Analysis]) -> None:
    a = analyse("According to the Ukrainian Air Force, Russia launched 90 drones overnight.")
    assert rows(a) == [("af_ukr", "Russia launched 90 drones overnight", "indirect", "according to", None)]


def test_unknown_person_with_country(analyse: Callable[..., Analysis]) -> None:
    a = analyse("\u201cThe depot was hit twice,\u201d said Petro Haidamaka, a Ukrainian energy official.")
    assert rows(a) == [("petro_haidamaka", "The depot was hit twice", "direct", "say", None)]
    actor = a.actors.get("petro_haidamaka")
    assert (actor.name, actor.kind, actor.country) == ("Petro Haidamaka", "person", "UKR")


def test_accuse_takes_its_object(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Zelensky accused Putin of dragging out the war.")
    assert rows(a) == [("zelensky", "Putin of dragging out the war", "indirect", "accuse", None)]


def test_person_quoted_inside_a_readout(analyse: Callable[..., Analysis]) -> None:
    a = analyse("\u201cDonald Trump said that the envoys would meet again in May,\u201d the White House said "
                "in a readout.")
    assert rows(a) == [("trump", "the envoys would meet again in May", "indirect", "say", "statement")]


def test_mutual_accusation_is_one_per_side(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Russia and Ukraine accused each other of breaking the truce.")
    assert [(s.speaker, s.text, s.cue) for s in a.statements] == [
        ("rus", "breaking the truce", "accuse"), ("ukr", "breaking the truce", "accuse")]


def test_telling_a_news_agency_is_an_interview_and_fronted_content_is_kept(
        analyse: Callable[..., Analysis]) -> None:
    a = analyse("Whether the pause continues depends on Kyiv's conduct, Russian Foreign Minister Sergei Lavrov "
                "told RIA Novosti.")
    assert rows(a) == [("lavrov", "Whether the pause continues depends on Kyiv's conduct", "indirect", "tell",
                        "interview")]


def test_televised_comments_are_tv(analyse: Callable[..., Analysis]) -> None:
    a = analyse("The repairs will take weeks, President Volodymyr Zelensky said in televised comments.")
    assert [s.channel for s in a.statements] == ["tv"]


def test_statements_in_the_plural_are_the_statement_channel(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Negotiations would resume in Oslo next month, the State Department said in two separate statements.")
    assert [(s.speaker, s.channel) for s in a.statements] == [("state_dept", "statement")]


def test_condemning_with_no_words_given_is_no_statement(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Zelensky condemned the attack on Sumy.")
    assert a.statements == []
    b = analyse("Zelensky condemned the attack, saying that Russia wants only war.")
    assert [s.speaker for s in b.statements] == ["zelensky"]


def test_a_surname_alone_is_the_person_named_before(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Kremlin spokesman Dmitry Peskov spoke on Monday. Peskov said the talks would go on.")
    assert [s.speaker for s in a.statements] == ["peskov"]


def test_the_body_that_just_spoke_adds(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Russia's Defence Ministry said 40 drones were downed overnight. The ministry added that two "
                "airfields were hit.")
    assert len({s.speaker for s in a.statements}) == 1 and len(a.statements) == 2


def test_telling_state_media_is_an_interview(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Lavrov told state media that the talks would resume.")
    assert [(s.speaker, s.channel) for s in a.statements] == [("lavrov", "interview")]


def test_a_source_cited_by_an_outlet_is_the_speaker(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Power was cut in three districts of Kyiv. This was reported by Interfax-Ukraine with reference to "
                "Ukrenergo.")
    assert [(a.actors.get(s.speaker).name, s.text) for s in a.statements] == [
        ("Ukrenergo", "Power was cut in three districts of Kyiv")]


def test_a_parenthetical_cue_gives_the_words_on_both_sides(analyse: Callable[..., Analysis]) -> None:
    a = analyse("These sites, Zelensky emphasized, were used to launch drones at Kyiv.")
    assert [(s.speaker, s.text) for s in a.statements] == [
        ("zelensky", "These sites were used to launch drones at Kyiv")]


def test_a_speakers_one_channel_carries_to_all_their_statements(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Zelensky said the strikes must stop. He added that air defence was working. He wrote this on "
                "his Telegram channel.")
    assert {s.channel for s in a.statements} == {"telegram"}


def test_a_sentence_naming_where_its_subject_spoke_gives_the_channel(analyse: Callable[..., Analysis]) -> None:
    # the post is named in a sentence that quotes nothing; the words quoted after it are that post
    a = analyse("Zelensky published a short video on Telegram after the attack on the port.\n\n"
                "He said that the drones had hit a grain terminal and that three workers were hurt.")
    assert [s.channel for s in a.statements if s.speaker == "zelensky"] == ["telegram"]


def test_the_agent_of_a_passive_verb_of_saying_gives_its_channel(analyse: Callable[..., Analysis]) -> None:
    # "reported by X in a Telegram post" attributes nothing quotable, but names where X spoke
    a = analyse("The fire at the depot, reported by Zelensky in a Telegram post, burned until the morning.\n\n"
                "Zelensky said that the rescuers had saved two workers from the building.")
    assert [s.channel for s in a.statements if s.speaker == "zelensky"] == ["telegram"]


def test_a_statement_referred_back_to_keeps_its_authors_channel(analyse: Callable[..., Analysis]) -> None:
    # "the statement" is the Telegram post already reported, not a second, written channel; with no channel named
    # before it, it is a written statement
    a = analyse("The Ukrainian Energy Ministry confirmed the outage in a Telegram post on Monday.\n\n"
                "The ministry's statement said that repairs would take at least two days.")
    assert [s.channel for s in a.statements] == ["telegram", "telegram"]
    a = analyse("The Ukrainian Energy Ministry said that the outage had ended on Monday.\n\n"
                "The statement said that repairs would take at least two days.")
    assert [s.channel for s in a.statements][-1] == "statement"


def test_addressing_the_media_is_a_press_conference(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Zelensky addressed the media after the talks, saying that the exchange of prisoners would go ahead.")
    assert [s.channel for s in a.statements] == ["press_conference"]


def test_an_unknown_named_body_speaks_with_the_country_of_its_place(analyse: Callable[..., Analysis]) -> None:
    a = analyse("The Poltava City Council clarified that two houses were damaged overnight.")
    assert [(a.actors.get(s.speaker).kind, a.actors.get(s.speaker).country, s.text) for s in a.statements] == [
        ("government", "UKR", "two houses were damaged overnight")]


def test_an_unknown_medium_with_no_country_is_no_speaker(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Several blasts were heard near the depot, Zorbix reported.")
    assert a.statements == []


def test_a_surname_after_its_first_name_is_a_person(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Governor Pavlo Kuzmenchuk spoke at noon.\n\nKuzmenchuk confirmed that the fire was out.")
    assert [(a.actors.get(s.speaker).kind, a.actors.get(s.speaker).name, s.text) for s in a.statements][-1:] == [
        ("person", "Pavlo Kuzmenchuk", "the fire was out")]


def test_who_is_urged_belongs_to_the_content(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Zelensky urged the allies to send more air defence systems.")
    assert [(s.speaker, s.text) for s in a.statements] == [
        ("zelensky", "the allies to send more air defence systems")]


def test_this_was_reported_opening_a_paragraph_points_to_the_one_before(analyse: Callable[..., Analysis]) -> None:
    a = analyse("A drone hit a warehouse in Odesa. Nobody was hurt.\n\nThis was reported by Zelensky.")
    assert [(s.speaker, s.text) for s in a.statements] == [
        ("zelensky", "A drone hit a warehouse in Odesa. Nobody was hurt")]


@pytest.mark.parametrize("sentence,cue,text", [
    ("Zelensky decried the strike as a crime against civilians.", "decry", "the strike as a crime against civilians"),
    ("Zelensky likened the shelling to terror.", "liken", "the shelling to terror"),
    ("Zelensky speculated that the talks could resume in May.", "speculate", "the talks could resume in May"),
])
def test_more_verbs_of_saying(analyse: Callable[..., Analysis], sentence: str, cue: str, text: str) -> None:
    a = analyse(sentence)
    assert [(s.speaker, s.cue, s.text) for s in a.statements] == [("zelensky", cue, text)]


def test_a_participle_before_the_cue_is_not_what_was_said(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Opening the summit, Zelensky called for a full ceasefire.")
    assert [(s.speaker, s.text) for s in a.statements] == [("zelensky", "for a full ceasefire")]


def test_words_cut_off_at_the_end_of_a_truncated_text_are_no_statement(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Zelensky said the talks were useful. He added that Russia must stop the shell")
    assert [(s.speaker, s.text) for s in a.statements] == [("zelensky", "the talks were useful")]


def test_a_one_word_name_is_not_read_as_a_town(analyse: Callable[..., Analysis]) -> None:
    # "Mozyr" is a town in Belarus: as the name of a medium it gives no country, so no speaker
    a = analyse("Several drones were downed overnight, the Telegram channel Mozyr reported.")
    assert a.statements == []


def test_a_labelled_quote_with_no_speaker_before_it_is_the_credited_sources(analyse: Callable[..., Analysis]) -> None:
    text = ("Drones hit a substation near Kharkiv overnight, Oleh Syniehubov said.\n\n"
            'Quote: "Two transformers were damaged and the repairs will take a week."')
    a = analyse(text, removed=["Source: Oleh Syniehubov, head of Kharkiv Oblast Military Administration, on Telegram"])
    quoted = [s for s in a.statements if s.text.startswith("Two transformers")]
    assert quoted and a.actors.get(quoted[0].speaker).name == "Oleh Syniehubov"


def test_credit_lines_are_read_from_the_removed_lines(analyse: Callable[..., Analysis]) -> None:
    from truceline.extract.statements_cues import credits

    a = analyse("Drones hit a depot overnight.", removed=["Sources: Ukrenergo; Reuters", "Read the original article"])
    assert [m.group("who") for m in credits(a)] == ["Ukrenergo; Reuters"]


def test_a_labelled_quote_has_no_speaker_without_a_credit(analyse: Callable[..., Analysis]) -> None:
    a = analyse('Quote: "Two transformers were damaged and the repairs will take a week."',
                removed=["Source: Ukrenergo"])
    assert a.statements == []


def test_a_body_pronoun_skips_bodies_spoken_of(analyse: Callable[..., Analysis]) -> None:
    # "it" and "the ministry" are the ministry that spoke, not the forces named in what it said
    a = analyse("In a statement, Russia's Defence Ministry said Ukrainian forces shelled a gas station.\n\n"
                "\"The Ukrainian army keeps violating the truce,\" it said.\n\n"
                "The ministry added that two pipelines had been damaged.")
    assert {s.speaker for s in a.statements} == {"mod_rus"}


def test_a_body_named_after_what_it_said_is_not_a_body_in_it(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Russia rejected the plan.\n\nUkrainian forces hit a power plant three times overnight, "
                "the Defense Ministry said.")
    assert [s.speaker for s in a.statements if s.cue == "say"] != ["mil_ukr"]


def test_according_to_leaves_out_its_source_and_gives_the_channel(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Two drones hit a warehouse in Sumy, according to Oleh Hryhorov on Telegram, and a fire broke out.")
    assert [(s.speaker, s.text, s.channel) for s in a.statements] == [
        ("oleh_hryhorov", "Two drones hit a warehouse in Sumy a fire broke out", "telegram")]


def test_a_lone_surname_repeats_the_name_before_whatever_its_tag(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Radio host Brenna Kolvaski opened the evening show. \"The count was fair and I was glad to see "
                "it,\" Kolvaski said during a panel.")
    assert [(a.actors.get(s.speaker).name, s.text) for s in a.statements][-1:] == [
        ("Brenna Kolvaski", "The count was fair and I was glad to see it")]


def test_a_surname_named_in_full_after_a_cue_is_that_person(analyse: Callable[..., Analysis]) -> None:
    a = analyse("The council will pass the budget, predicted Tomas Verbruggen, a former mayor of the town. "
                "\"It has the votes,\" said Verbruggen.")
    assert [(a.actors.get(s.speaker).name, s.text) for s in a.statements][-1:] == [
        ("Tomas Verbruggen", "It has the votes")]


def test_a_cue_closing_its_sentence_takes_its_nearest_subject() -> None:
    # a misparse written out by hand: ", she said." hung on the main verb as an adverbial clause, with a word of the
    # content made a second subject of the cue
    import spacy
    from spacy.tokens import Doc

    from truceline.extract.statements_content import _closing_cue
    from truceline.extract.statements_speakers import _speaker_token

    words = ["Rain", "made", "it", "hard", "for", "farmers", "to", "sow", ",", "she", "said", "."]
    heads = [1, 1, 3, 1, 10, 10, 7, 5, 10, 10, 1, 1]
    deps = ["nsubj", "ROOT", "nsubj", "ccomp", "mark", "nsubj", "aux", "relcl", "punct", "nsubj", "advcl", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    said = doc[10]
    subject = _speaker_token(said)
    assert subject is not None and subject.i == 9
    assert _closing_cue(said, doc[9])
    assert not _closing_cue(doc[1], doc[0])


def test_an_organization_with_no_country_speaks(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Verizon said in a statement that its striking workers would return on Monday.")
    assert [(a.actors.get(s.speaker).name, s.text) for s in a.statements] == [
        ("Verizon", "its striking workers would return on Monday")]


def test_a_quoted_question_with_ask_is_a_statement(analyse: Callable[..., Analysis]) -> None:
    a = analyse('Zelensky asked: "Who will pay for the reconstruction of the destroyed cities?"')
    assert [(s.speaker, s.text, s.kind, s.cue) for s in a.statements] == [
        ("zelensky", "Who will pay for the reconstruction of the destroyed cities?", "direct", "ask")]


def test_ask_without_a_quoted_question_is_no_statement(analyse: Callable[..., Analysis]) -> None:
    assert analyse("Zelensky asked Congress to approve the aid package quickly.").statements == []


def test_bare_cue_after_a_quoted_question_takes_it(analyse: Callable[..., Analysis]) -> None:
    a = analyse('"Will the truce hold after Easter?" Zelensky said.')
    assert [(s.speaker, s.text, s.kind) for s in a.statements] == [
        ("zelensky", "Will the truce hold after Easter?", "direct")]


def test_participle_after_a_noun_clause_is_the_main_subjects(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Zelensky rejected the claim that the army would retreat from the city, saying the troops will "
                "hold their positions.")
    assert [(s.speaker, s.text, s.cue) for s in a.statements] == [
        ("zelensky", "the troops will hold their positions", "say")]


def test_clause_runs_on_to_the_end_of_its_quote(analyse: Callable[..., Analysis]) -> None:
    a = analyse('Peskov said the talks were "useful. But there is a long way to go."')
    assert [(s.speaker, s.text, s.kind) for s in a.statements] == [
        ("peskov", "the talks were useful. But there is a long way to go.", "mixed")]


def test_inverted_closing_cue_reports_the_sentence_before_it(analyse: Callable[..., Analysis]) -> None:
    a = analyse("The energy truce is holding on most of the front line, said Dmitry Peskov, the Kremlin spokesman.")
    assert [(s.speaker, s.text) for s in a.statements] == [
        ("peskov", "The energy truce is holding on most of the front line")]


@pytest.mark.parametrize("sentence,channel", [
    ("Zelensky told CNBC that the drones would keep flying.", "interview"),
    ("Sybiha told Ukraine's public broadcaster that the talks would resume in May.", "interview"),
    ("Lavrov told a security conference in Minsk that the West wanted a long war.", "speech"),
])
def test_channels_of_outlets_and_gatherings(analyse: Callable[..., Analysis], sentence: str, channel: str) -> None:
    assert [s.channel for s in analyse(sentence).statements] == [channel]


def test_subject_after_a_dangling_preposition_is_who_is_called_on() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from truceline.extract.statements_speakers import _speaker_token

    # the misparse of "Mayor Ilves (Green) called on Governor Tamm (Centre) to resign": "on" left without an
    # object and the governor made a second subject of "called"
    words = ["Ilves", "(", "Green", ")", "called", "on", "Tamm", "to", "resign", "."]
    doc = Doc(Vocab(), words=words, heads=[4, 0, 0, 0, 4, 4, 4, 8, 4, 4],
              deps=["nsubj", "punct", "appos", "punct", "ROOT", "prep", "nsubj", "aux", "xcomp", "punct"])
    speaker = _speaker_token(doc[4])
    assert speaker is not None and speaker.text == "Ilves"


def test_name_with_a_describing_appositive_is_not_an_earlier_body(analyse: Callable[..., Analysis]) -> None:
    a = analyse("The Ukrainian Foreign Ministry condemned the strikes on Sunday. \"The bridge is down,\" Vestnik, "
                "the regional news agency, wrote.")
    assert [(a.actors.get(s.speaker).name, s.text) for s in a.statements] == [("Vestnik", "The bridge is down")]


@pytest.mark.parametrize("document", ["survey", "analysis"])
def test_according_to_a_poll_is_its_issuers(analyse: Callable[..., Analysis], document: str) -> None:
    # a poll, survey, study or analysis speaks for the body the phrase names, like a statement
    a = analyse(f"According to a Reuters {document}, most economists expect the energy truce to hold until May.")
    assert [(a.actors.get(s.speaker).name, s.text, s.cue) for s in a.statements] == [
        ("Reuters", "most economists expect the energy truce to hold until May", "according to")]


# S2


def test_conjoined_verb_of_saying_goes_on_with_the_speaker(analyse: Callable[..., Analysis]) -> None:
    # the parse hangs "noted" on "had arrived", as if "the shipment" noted: a statement of Zelensky's own
    a = analyse("Ukrainian President Volodymyr Zelensky acknowledged the shipment had arrived and noted that the "
                "second convoy would follow on Friday.")
    assert [(s.speaker, s.text, s.cue) for s in a.statements] == [
        ("zelensky", "the shipment had arrived", "acknowledge"),
        ("zelensky", "the second convoy would follow on Friday", "note")]


@pytest.mark.parametrize("text", [
    "The Russian Defence Ministry said the strikes were massive. The ministry's statement underscores a shift in "
    "Russian tactics.",
    "Russia launched 400 drones at Kyiv overnight, underscoring the brutal arithmetic of the war.",
])
def test_emphasis_verb_on_a_fact_is_the_writers_comment(analyse: Callable[..., Analysis], text: str) -> None:
    assert "underscore" not in [s.cue for s in analyse(text).statements]


def test_emphasis_participle_going_on_with_a_cue(analyse: Callable[..., Analysis]) -> None:
    a = analyse("Ukrainian President Volodymyr Zelensky said the grid was hit again overnight, underscoring the "
                "need for more air defence.")
    assert [(s.speaker, s.text, s.cue) for s in a.statements] == [
        ("zelensky", "the grid was hit again overnight", "say"),
        ("zelensky", "the need for more air defence", "underscore")]


def test_quote_running_on_unopened_into_the_next_paragraph() -> None:
    # the paragraph ends unclosed and the next goes on without an opening mark, closing at its end
    text = 'Quote: "The enemy is shelling the port. Two ships are on fire.\n\nThe crews were evacuated."\n\nLater.'
    assert [q.text(text) for q in find_quotes(text)] == [
        "The enemy is shelling the port. Two ships are on fire. The crews were evacuated."]


def test_unclosed_quote_does_not_swallow_a_later_paragraph_mid_sentence() -> None:
    # a close mark inside a later paragraph's sentence is no run-on end
    text = 'He said "we are ready.\n\nThe talks, he added, are "useful" now.'
    assert [q.text(text) for q in find_quotes(text)] == ["useful"]


def test_labelled_quote_credited_to_a_source_named_only_later(analyse: Callable[..., Analysis]) -> None:
    # the page's removed "Source:" line names the speaker, whom the text names only after the quote
    a = analyse('Drones struck the port of Izmail overnight.\n\nQuote: "Two warehouses are on fire. Rescuers are at '
                'the scene."\n\nOleh Kiper later added that no one was hurt.',
                removed=["Source: Oleh Kiper, head of Odesa Oblast Military Administration, on Telegram"])
    assert [(a.actors.get(s.speaker).name, s.text, s.cue, s.channel) for s in a.statements] == [
        ("Oleh Kiper", "Two warehouses are on fire. Rescuers are at the scene.", None, "telegram"),
        ("Oleh Kiper", "no one was hurt", "add", None)]


@pytest.mark.parametrize("verb,cue", [("detailed", "detail"), ("outlined", "outline")])
def test_detail_with_a_bare_object_names_the_topic(analyse: Callable[..., Analysis], verb: str, cue: str) -> None:
    # "detailed the damage" says what was talked about, not what was said; a clause is what was said
    a = analyse(f"Ukrainian President Volodymyr Zelensky {verb} the damage to the grid. He {verb} that three "
                "substations were hit.")
    assert [(s.text, s.cue) for s in a.statements] == [("three substations were hit", cue)]


def test_a_cue_joined_to_the_reported_clause_is_the_reporters(analyse: Callable[..., Analysis]) -> None:
    # the parse joins "urged" to "was" inside what Peskov said: the one urging is Peskov, not the ceasefire
    a = analyse("Peskov said the ceasefire was not in danger and urged that both sides keep talking.")
    assert [(s.speaker, s.cue) for s in a.statements] == [("peskov", "say"), ("peskov", "urge")]


def test_participle_after_a_closing_quote_goes_on_with_the_reporter() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from truceline.extract.statements_speakers import _speaker_token

    # 'Ruiz said the plan was "dead," adding that talks ended': the parse hangs "adding" on the reported clause;
    # the closing quotation mark after the comma does not make the plan the one adding
    words = ["Ruiz", "said", "the", "plan", "was", '"', "dead", ",", '"', "adding", "that", "talks", "ended", "."]
    doc = Doc(Vocab(), words=words, heads=[1, 1, 3, 4, 1, 4, 4, 4, 4, 4, 12, 12, 9, 1],
              deps=["nsubj", "ROOT", "det", "nsubj", "ccomp", "punct", "acomp", "punct", "punct", "advcl", "mark",
                    "nsubj", "ccomp", "punct"],
              tags=["NNP", "VBD", "DT", "NN", "VBD", "``", "JJ", ",", "''", "VBG", "IN", "NNS", "VBD", "."],
              pos=["PROPN", "VERB", "DET", "NOUN", "AUX", "PUNCT", "ADJ", "PUNCT", "PUNCT", "VERB", "SCONJ", "NOUN",
                   "VERB", "PUNCT"],
              lemmas=["Ruiz", "say", "the", "plan", "be", '"', "dead", ",", '"', "add", "that", "talk", "end", "."])
    speaker = _speaker_token(doc[9])
    assert speaker is not None and speaker.text == "Ruiz"


def test_a_cue_joined_to_a_nested_reported_clause_is_the_reporters() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from truceline.extract.statements_speakers import _speaker_token

    # "Ashby said it was proof that Kane failed, and accused the board": the parse joins "accused" to "failed",
    # two clauses down inside what Ashby said; the one accusing is Ashby, not Kane
    words = ["Ashby", "said", "it", "was", "proof", "that", "Kane", "failed", ",", "and", "accused", "the", "board",
             "."]
    doc = Doc(Vocab(), words=words, heads=[1, 1, 3, 1, 3, 7, 7, 3, 7, 7, 7, 12, 10, 1],
              deps=["nsubj", "ROOT", "nsubj", "ccomp", "attr", "mark", "nsubj", "ccomp", "punct", "cc", "conj", "det",
                    "dobj", "punct"],
              tags=["NNP", "VBD", "PRP", "VBD", "NN", "IN", "NNP", "VBD", ",", "CC", "VBD", "DT", "NN", "."],
              pos=["PROPN", "VERB", "PRON", "AUX", "NOUN", "SCONJ", "PROPN", "VERB", "PUNCT", "CCONJ", "VERB", "DET",
                   "NOUN", "PUNCT"],
              lemmas=["Ashby", "say", "it", "be", "proof", "that", "Kane", "fail", ",", "and", "accuse", "the",
                      "board", "."])
    speaker = _speaker_token(doc[10])
    assert speaker is not None and speaker.text == "Ashby"


def test_who_issued_a_statement_saying_speaks(analyse: Callable[..., Analysis]) -> None:
    # "X issued a statement saying ...": X speaks, not whoever issued the statement named before it
    a = analyse('Senator Ann Ward said in a statement that the bill was dead. On Monday, Governor Tom Baker issued a '
                'statement saying the bill "would pass this week."')
    assert [(a.actors.get(s.speaker).name, s.text) for s in a.statements] == [
        ("Ann Ward", "the bill was dead"), ("Tom Baker", "the bill would pass this week")]


@pytest.mark.parametrize("speakers", ["The state officials whose budgets were cut", "The governors"])
def test_a_plural_role_is_not_the_last_person_who_spoke(analyse: Callable[..., Analysis], speakers: str) -> None:
    a = analyse(f'"We will win," said Governor Maria Lopez. {speakers} say the real change came later.')
    assert [(a.actors.get(s.speaker).name, s.text) for s in a.statements] == [("Maria Lopez", "We will win")]


def test_a_bare_conjunct_of_a_passive_shares_its_subject() -> None:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from truceline.extract.statements_speakers import _speaker_token

    # "Benson was joined by Riggs and joked ...": the one joking is Benson, the passive's subject, not the agent
    words = ["Benson", "was", "joined", "by", "Riggs", "and", "joked", ",", "Hello", "."]
    doc = Doc(Vocab(), words=words, heads=[2, 2, 2, 2, 3, 2, 2, 6, 6, 2],
              deps=["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "cc", "conj", "punct", "dobj", "punct"],
              tags=["NNP", "VBD", "VBN", "IN", "NNP", "CC", "VBD", ",", "UH", "."],
              pos=["PROPN", "AUX", "VERB", "ADP", "PROPN", "CCONJ", "VERB", "PUNCT", "INTJ", "PUNCT"],
              lemmas=["Benson", "be", "join", "by", "Riggs", "and", "joke", ",", "hello", "."])
    speaker = _speaker_token(doc[6])
    assert speaker is not None and speaker.text == "Benson"


def test_announcing_a_measure_is_an_act_not_a_statement(analyse: Callable[..., Analysis]) -> None:
    assert rows(analyse("Putin announced a three-day truce for the holiday.")) == []
    assert rows(analyse("Putin announced that the truce would begin at six.")) == [
        ("putin", "the truce would begin at six", "indirect", "announce", None)]


def test_a_labelled_quote_after_an_announced_measure_is_the_announcers(analyse: Callable[..., Analysis]) -> None:
    # the last cue made no statement, and a sentence with no cue comes between it and the labelled quote
    a = analyse("Erdogan declared a pause in the shelling of the grain port. The pause covers the harbour and its "
                'silos.\n\nQuote: "Istanbul is ready to receive both delegations at any hour."')
    assert rows(a) == [("erdogan", "Istanbul is ready to receive both delegations at any hour.", "direct", None,
                        None)]


def test_a_one_word_quote_opening_its_sentence_is_a_statement(analyse: Callable[..., Analysis]) -> None:
    a = analyse('"Certainly," Peskov told reporters when asked whether the strikes were sabotage.\n\n'
                "Peskov said the order had not been cancelled.")
    assert rows(a) == [("peskov", "Certainly", "direct", "tell", "press_conference"),
                       ("peskov", "the order had not been cancelled", "indirect", "say", "press_conference")]
    # a quoted word inside the sentence is no utterance of its own
    assert [s.text for s in analyse('The word "sabotage" was used by Peskov.').statements] == []


def test_a_statement_to_the_press_is_a_press_conference(analyse: Callable[..., Analysis]) -> None:
    a = analyse('"We made some progress," Trump said at a press statement after the talks.')
    assert rows(a) == [("trump", "We made some progress", "direct", "say", "press_conference")]


def test_a_statement_to_the_media_is_a_written_statement(analyse: Callable[..., Analysis]) -> None:
    # only a press statement or statements to reporters are remarks to the press; "a statement to the media" is
    # usually a written one
    a = analyse("The Finnish foreign ministry said in a statement to the media that the border would stay closed.")
    assert rows(a) == [("gov_fin", "the border would stay closed", "indirect", "say", "statement")]
