"""Boilerplate removal on short scraped pages written for these tests, in five languages."""
from __future__ import annotations

import datetime as dt

from truceline.clean import strip_boilerplate
from truceline.models import REMOVAL_REASONS

ENGLISH = """Kyiv and Moscow Trade Blame Over Strike on Power Plant

Kyiv and Moscow Trade Blame Over Strike on Power Plant

Ukraine's energy ministry said on Thursday that a Russian drone had hit a thermal power plant in the south.

The ministry listed the damage:
- two transformers destroyed;
- a cooling tower burned.

He declined to comment.

Details: The statement gave no figure for casualties.

Background:

Both sides agreed last month to a 30-day pause in attacks on power infrastructure.

Advertisement

ALSO READ: How the grid survived the winter

Russia's defence ministry denied the accusation, saying its forces had struck only military targets.

A Message from The Kyiv Ledger:

Dear readers,

Independent reporting from the front line costs money. Please consider supporting our journalism.

Continue

Not ready to donate right now?
Remind me later.

Source link

Schreibe einen Kommentar

Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert
"""

BODY_EN = [
    "Ukraine's energy ministry said on Thursday that a Russian drone had hit a thermal power plant in the south.",
    "The ministry listed the damage:",
    "- two transformers destroyed;",
    "- a cooling tower burned.",
    "He declined to comment.",
    "Details: The statement gave no figure for casualties.",
    "Both sides agreed last month to a 30-day pause in attacks on power infrastructure.",
    "Russia's defence ministry denied the accusation, saying its forces had struck only military targets.",
]


def removed(text: str) -> list[tuple[str, str]]:
    return [(r.reason, r.text) for r in strip_boilerplate(text).removed]


def test_english_page_keeps_every_body_paragraph_and_drops_the_furniture() -> None:
    out = strip_boilerplate(ENGLISH)
    assert out.paragraphs == BODY_EN
    assert out.title == "Kyiv and Moscow Trade Blame Over Strike on Power Plant"
    assert out.outlet == "The Kyiv Ledger"
    assert [(r.reason, r.text) for r in out.removed] == [
        ("duplicate_title", "Kyiv and Moscow Trade Blame Over Strike on Power Plant"),
        ("duplicate_title", "Kyiv and Moscow Trade Blame Over Strike on Power Plant"),
        ("other", "Background:"),
        ("advert", "Advertisement"),
        ("other", "ALSO READ: How the grid survived the winter"),
        ("donation_appeal", "A Message from The Kyiv Ledger:"),
        ("donation_appeal", "Dear readers,"),
        ("donation_appeal",
         "Independent reporting from the front line costs money. Please consider supporting our journalism."),
        ("donation_appeal", "Continue"),
        ("donation_appeal", "Not ready to donate right now?"),
        ("donation_appeal", "Remind me later."),
        ("source_link", "Source link"),
        ("comment_form", "Schreibe einen Kommentar"),
        ("comment_form", "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert"),
    ]
    assert {r.reason for r in out.removed} <= set(REMOVAL_REASONS)


LEAD = "KYIV, March 21 (Reuters) - Ukraine's grid operator said on Friday that a Russian missile had hit a substation."


def test_header_bylines_dates_captions_and_standfirst() -> None:
    page = "\n".join([
        "Skip to content",
        "World",
        "Grid operator reports new damage after overnight attack",
        "The company says repairs will take weeks.",
        "By Olena Petrenko and John Smith",
        "March 21, 2025 10:42 AM",
        "3 min read",
        "Workers inspect a damaged substation in central Ukraine on March 20, 2025. "
        "(Photo by Jane Roe/AFP via Getty Images)",
        LEAD,
        "Operators cut supply to two districts as a precaution, the company said.",
        "Damage assessment",
        "Engineers expect to finish the first repairs within a week, a spokesperson said.",
        "(Reporting by Olena Petrenko; Editing by John Smith)",
    ])
    out = strip_boilerplate(page)
    assert out.paragraphs == [
        LEAD,
        "Operators cut supply to two districts as a precaution, the company said.",
        "Engineers expect to finish the first repairs within a week, a spokesperson said.",
    ]
    assert out.title == "Grid operator reports new damage after overnight attack"
    assert out.published == dt.date(2025, 3, 21)
    assert out.outlet == "Reuters"
    assert [r.reason for r in out.removed] == [
        "navigation", "navigation", "duplicate_title", "other", "byline", "byline", "other", "caption", "other",
        "byline"]


def test_dateline_gives_the_date_when_the_page_has_no_date_line() -> None:
    page = ("MOSCOW, April 14 (Reuters) - The Kremlin said on Monday the pause had been respected.\n"
            "It gave no details of the talks planned for April 2025.")
    out = strip_boilerplate(page)
    assert out.published == dt.date(2025, 4, 14)
    assert out.outlet == "Reuters"
    assert out.title is None
    assert len(out.paragraphs) == 2


def test_german_page() -> None:
    page = "\n".join([
        "Russland und Ukraine werfen sich Angriffe auf Energieanlagen vor",
        "Von Anna Schmidt",
        "19.03.2025, 10:42 Uhr",
        "Das ukrainische Energieministerium meldete am Mittwoch einen Drohnenangriff auf ein Umspannwerk.",
        "Foto: Ein beschädigtes Umspannwerk in der Region Sumy.",
        "Anzeige",
        "Lesen Sie auch: Wie die Ukraine ihr Stromnetz repariert",
        "Moskau wies die Vorwürfe zurück und sprach von einer Provokation.",
        "Teilen",
        "Quelle: Deutsche Welle",
    ])
    out = strip_boilerplate(page)
    assert out.paragraphs == [
        "Das ukrainische Energieministerium meldete am Mittwoch einen Drohnenangriff auf ein Umspannwerk.",
        "Moskau wies die Vorwürfe zurück und sprach von einer Provokation.",
    ]
    assert out.title == "Russland und Ukraine werfen sich Angriffe auf Energieanlagen vor"
    assert out.published == dt.date(2025, 3, 19)
    assert out.outlet == "Deutsche Welle"
    assert [r.reason for r in out.removed] == [
        "duplicate_title", "byline", "byline", "caption", "advert", "other", "navigation", "source_link"]


def test_russian_page() -> None:
    page = "\n".join([
        "Минобороны России заявило об атаке на нефтеперекачивающую станцию",
        "Министерство обороны России заявило в пятницу, что украинские беспилотники атаковали станцию.",
        "Фото: ТАСС",
        "Читайте также: Что известно о переговорах в Эр-Рияде",
        "Киев отверг обвинения и назвал их ложью.",
        "Реклама",
        "Поддержите нас",
        "Источник: Интерфакс",
    ])
    out = strip_boilerplate(page)
    assert out.paragraphs == [
        "Министерство обороны России заявило в пятницу, что украинские беспилотники атаковали станцию.",
        "Киев отверг обвинения и назвал их ложью.",
    ]
    assert out.outlet == "Интерфакс"
    assert [r.reason for r in out.removed] == [
        "duplicate_title", "caption", "other", "advert", "donation_appeal", "source_link"]


def test_ukrainian_page() -> None:
    page = "\n".join([
        "Укренерго повідомило про пошкодження підстанції",
        "Автор: Олена Коваль",
        "Російський дрон пошкодив підстанцію на Дніпропетровщині, повідомило Укренерго в неділю.",
        "Фото ілюстративне: Укрінформ",
        "Читайте також: Як енергетики відновлюють мережу",
        "Ремонтні бригади вже працюють на місці.",
        "Підписуйтесь на наш Telegram-канал",
        "Залишити коментар",
        "Джерело: Укрінформ",
    ])
    out = strip_boilerplate(page)
    assert out.paragraphs == [
        "Російський дрон пошкодив підстанцію на Дніпропетровщині, повідомило Укренерго в неділю.",
        "Ремонтні бригади вже працюють на місці.",
    ]
    assert out.title == "Укренерго повідомило про пошкодження підстанції"
    assert out.outlet == "Укрінформ"
    assert [r.reason for r in out.removed] == [
        "duplicate_title", "byline", "caption", "other", "other", "comment_form", "source_link"]


def test_french_page() -> None:
    page = "\n".join([
        "Kiev accuse Moscou d'avoir frappé une centrale électrique",
        "Par Jean Dupont",
        "Publié le 19 mars 2025 à 10h42",
        "Le ministère ukrainien de l'énergie a annoncé mercredi qu'un drone russe avait touché une centrale.",
        "Lire aussi : Les négociations de Riyad en cinq questions",
        "Publicité",
        "Moscou a démenti ces accusations.",
        "Partager",
        "Laisser un commentaire",
        "Votre adresse e-mail ne sera pas publiée.",
        "Cet article a été initialement publié par Le Courrier de Kiev.",
    ])
    out = strip_boilerplate(page)
    assert out.paragraphs == [
        "Le ministère ukrainien de l'énergie a annoncé mercredi qu'un drone russe avait touché une centrale.",
        "Moscou a démenti ces accusations.",
    ]
    assert out.published == dt.date(2025, 3, 19)
    assert out.outlet == "Le Courrier de Kiev"
    assert [r.reason for r in out.removed] == [
        "duplicate_title", "byline", "byline", "other", "advert", "navigation", "comment_form", "comment_form",
        "source_link"]


def test_given_title_removes_its_repeats_only() -> None:
    page = "Drone strike hits depot\nA drone hit a fuel depot overnight, officials said.\nDrone strike hits depot"
    out = strip_boilerplate(page, title="Drone strike hits depot")
    assert out.paragraphs == ["A drone hit a fuel depot overnight, officials said."]
    assert [r.reason for r in out.removed] == ["duplicate_title", "duplicate_title"]


def test_a_single_unpunctuated_line_stays_body() -> None:
    out = strip_boilerplate("Russia says the energy moratorium has expired")
    assert out.paragraphs == ["Russia says the energy moratorium has expired"]
    assert out.title is None and out.removed == []


def test_list_items_after_a_colon_stay_even_without_markers() -> None:
    page = ("The list of protected sites includes:\nOil refineries\nGas pipelines\nNuclear power plants\n"
            "The list was published by the Kremlin on Tuesday.")
    assert strip_boilerplate(page).paragraphs == page.split("\n")


def test_a_truncated_last_line_stays() -> None:
    page = ("Officials said the talks would continue next week.\nSubheading in the middle\n"
            "The delegations met for twelve hours in Riyadh and agreed to")
    out = strip_boilerplate(page)
    assert out.paragraphs == ["Officials said the talks would continue next week.",
                              "The delegations met for twelve hours in Riyadh and agreed to"]
    assert [(r.reason, r.text) for r in out.removed] == [("other", "Subheading in the middle")]


def test_hard_wrapped_text_is_rejoined_into_paragraphs() -> None:
    page = ("The Kremlin said on Tuesday that the pause on strikes against energy\n"
            "facilities had begun, and that Russian forces had been ordered to hold\n"
            "fire on power plants and substations for thirty days.\n\n"
            "Kyiv said it would respect the pause if Moscow did the same, and asked\n"
            "Washington to publish the list of sites covered by the arrangement.\n")
    out = strip_boilerplate(page)
    assert out.paragraphs == [
        "The Kremlin said on Tuesday that the pause on strikes against energy facilities had begun, and that "
        "Russian forces had been ordered to hold fire on power plants and substations for thirty days.",
        "Kyiv said it would respect the pause if Moscow did the same, and asked Washington to publish the "
        "list of sites covered by the arrangement.",
    ]
    assert out.removed == []


def test_adjacent_repeated_caption_goes_once_and_share_buttons_go() -> None:
    page = "\n".join([
        "Rescue workers at the site of the strike in Kharkiv.",
        "Rescue workers at the site of the strike in Kharkiv.",
        "Staff report",
        "A missile hit a residential block in Kharkiv on Friday, the mayor said.",
        "  • Facebook.",
        "  • Twitter.",
        "  • Print",
        "The mayor said two people were injured.",
    ])
    out = strip_boilerplate(page)
    assert out.paragraphs == ["A missile hit a residential block in Kharkiv on Friday, the mayor said.",
                              "The mayor said two people were injured."]
    assert [r.reason for r in out.removed] == ["other", "other", "byline", "navigation", "navigation",
                                               "navigation"]


def test_body_sentences_that_look_like_boilerplate_words_stay() -> None:
    page = "\n".join([
        "By continuing daily attacks, Russia shows it does not want peace, the minister said.",
        "The Reuters/Ipsos poll showed support for the truce rising.",
        "Source: officials in Kyiv told reporters the list was still being drafted.",
        "Advertisement boards in Moscow now show the front line.",
        "A message from the Kremlin was read out at the meeting.",
    ])
    assert strip_boilerplate(page).paragraphs == page.split("\n")


def test_section_timestamp_tag_lists_and_update_notices() -> None:
    page = "\n".join([
        "Кремль заявил о продлении паузы в ударах по энергетике",
        "Политика, 17 апр 2025, 12:30",
        "Пресс-секретарь Кремля заявил, что пауза в ударах по энергетике продлена еще на неделю.",
        "Украинская сторона пока не ответила на это заявление.",
        "Материал дополняется",
        "Теги",
        "Энергетика",
        "Кремль",
    ])
    out = strip_boilerplate(page)
    assert out.paragraphs == [
        "Пресс-секретарь Кремля заявил, что пауза в ударах по энергетике продлена еще на неделю.",
        "Украинская сторона пока не ответила на это заявление.",
    ]
    assert out.published == dt.date(2025, 4, 17)
    assert [(r.reason, r.text) for r in out.removed] == [
        ("duplicate_title", "Кремль заявил о продлении паузы в ударах по энергетике"),
        ("byline", "Политика, 17 апр 2025, 12:30"),
        ("other", "Материал дополняется"),
        ("navigation", "Теги"),
        ("navigation", "Энергетика"),
        ("navigation", "Кремль"),
    ]


def test_caption_credited_to_a_channel_and_an_authors_note_appeal() -> None:
    page = "\n".join([
        "Firefighters at the site of a strike in Kharkiv on April 4, 2025. (Emergency Service / Telegram)",
        "Russia launched 78 drones against Ukraine overnight, the air force said.",
        "Note from the author:",
        "Ukraine war latest: Russia hits energy sites again",
        "Reporting from the front line is expensive. Please consider supporting us.",
        "Become a member",
    ])
    out = strip_boilerplate(page)
    assert out.paragraphs == ["Russia launched 78 drones against Ukraine overnight, the air force said."]
    assert [r.reason for r in out.removed] == ["caption"] + ["donation_appeal"] * 4


def test_unmarked_list_inside_a_long_article_stays() -> None:
    body = [f"Paragraph {n} of the report says the pause held in the {n}th district overnight." for n in range(5)]
    items = ["Oil refineries", "Gas pipelines", "Nuclear power plants"]
    page = "\n".join([body[0], "The list of protected sites includes:", *items, *body[1:]])
    assert strip_boilerplate(page).paragraphs == [body[0], "The list of protected sites includes:", *items,
                                                  *body[1:]]
