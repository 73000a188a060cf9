"""The actor registry: names, aliases, titles, kinds and countries, and its entity-ruler patterns."""
from __future__ import annotations

from truceline.resolve.actors import entity_patterns, registry


def test_registry_aliases_titles_and_transliterations() -> None:
    reg = registry()
    for surface, key in [("Zelenskyy", "zelensky"), ("Zelenskiy", "zelensky"), ("Zelenskij", "zelensky"),
                         ("Sybiga", "sybiha"), ("Russia's foreign minister", "lavrov"),
                         ("the Russian Foreign Minister", "lavrov"), ("the Kremlin spokesman", "peskov"),
                         ("the Ukrainian president", "zelensky"), ("the U.S. president", "trump"),
                         ("Russia\u2019s Defense Ministry", "mod_rus"), ("the Ukrainian military", "mil_ukr"),
                         ("Kiev", "gov_ukr"), ("Kyiv", "gov_ukr"), ("the White House", "gov_usa"),
                         ("Downing Street", "gov_gbr"), ("IAEA", "iaea"), ("Ukrenergo", "ukrenergo"),
                         ("Gazprom", "gazprom"), ("Russia", "rus")]:
        entry = reg.lookup(surface)
        assert entry is not None and entry.key == key, surface
    assert reg.lookup("Russian") is None  # a demonym alone is no actor


def test_registry_kinds_and_countries() -> None:
    reg = registry()
    assert (reg.by_key["gov_rus"].kind, reg.by_key["gov_rus"].country) == ("government", "RUS")
    assert (reg.by_key["mil_ukr"].kind, reg.by_key["mil_ukr"].country) == ("military", "UKR")
    assert (reg.by_key["un"].kind, reg.by_key["un"].country) == ("organization", None)
    assert reg.by_key["putin"].wikidata == "Q7747"
    # a group of states with no country of its own, like the UN
    assert (reg.by_key["coalition_of_the_willing"].kind, reg.by_key["coalition_of_the_willing"].country) == \
        ("organization", None)
    keys = [e.key for e in reg.entries]
    assert len(keys) == len(set(keys))


def test_telegram_channels_are_media_of_the_country_they_report_from() -> None:
    reg = registry()
    hits = [(e.key, e.kind, e.country) for _, _, e, _ in reg.matches("The Mash channel and Baza said so.")]
    assert hits == [("mash", "media", "RUS"), ("baza", "media", "RUS")]
    assert not [e for _, _, e, _ in reg.matches("the mash of words") if e.key == "mash"]  # names are capitalised


def test_entity_patterns_carry_registry_ids() -> None:
    pats = entity_patterns()
    assert {"label": "PERSON", "pattern": "Zelenskyy", "id": "zelensky"} in pats
    assert all(p["pattern"] for p in pats)


def test_every_country_answers_to_each_of_its_own_names() -> None:
    # Each country's generated entry once took the aliases of the last country in the file, so "Britain" or
    # "Türkiye" found no actor.
    reg = registry()
    for surface, key in [("Britain", "gbr"), ("UK", "gbr"), ("Türkiye", "tur"), ("Turkey", "tur")]:
        entry = reg.lookup(surface)
        assert entry is not None and entry.key == key, surface


def test_keys_are_the_same_when_asked_again() -> None:
    # Keys.key remembers its answers: asked twice, and after other surfaces, it gives the same keys
    keys = registry().keys
    want = {"the United States": ("@USA",), "Ukraine's": ("@UKR",), "North Korean troops": ("@PRK", "troops"),
            "the Kremlin": ("kremlin",)}
    for _ in range(2):
        assert {surface: keys.key(surface) for surface in want} == want


def test_a_pattern_is_found_after_tokens_that_start_none() -> None:
    # matches() skips tokens no pattern starts with; the words before a name must not hide it
    found = [(e.key, text[s:t]) for text in ("and then, late on Tuesday, Vladimir Putin spoke",)
             for s, t, e, _ in registry().matches(text)]
    assert found and found[-1][1] == "Vladimir Putin"


def test_a_telegram_news_channel_reporting_strikes_in_russia_is_a_russian_outlet() -> None:
    entry = registry().lookup("Astra")
    assert entry is not None and (entry.key, entry.kind, entry.country) == ("astra", "media", "RUS")
    # a whole word only: the region of Astrakhan is no outlet
    assert not [e.key for _, _, e, _ in registry().matches("Drones hit a depot in Astrakhan region.")
                if e.key == "astra"]
