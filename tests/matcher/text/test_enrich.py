"""Swedish (and English) free text → taxonomy concepts."""

import pytest

from matcher.text.enrich import MAX_TEXT_CHARS, TextTooLong, enrich
from matcher.text.taxonomy import default_taxonomy
from matcher.types import ConceptType

STADARE = default_taxonomy().occupation_by_label("Städare")


def _occupations(text: str) -> list[str]:
    return [c.label for c in enrich(text) if c.type == ConceptType.OCCUPATION]


@pytest.mark.parametrize(
    "text",
    [
        "städare",
        "Städaren kom tidigt",
        "lokalvårdarna",
        "Jag jobbar som städerska",
        "stadare",
        "lokalvåradare",
        "I work as a cleaner",
    ],
)
def test_cleaning_titles_in_every_form_are_one_occupation(text: str) -> None:
    assert STADARE is not None
    hits = [c for c in enrich(text) if c.type == ConceptType.OCCUPATION]
    assert [c.id for c in hits] == [STADARE.id]
    start, end = hits[0].span
    assert text[start:end].strip()


def test_compounds_and_missing_diacritics() -> None:
    assert "Lagerarbetare/Terminalarbetare" in _occupations("Erfarenhet av lagerarbete")
    assert "Truckförare" in _occupations("truckförare i två år")
    assert any(label.startswith("Undersköterska") for label in _occupations("underskoterska i hemtjanst"))


def test_language_levels_sfi_cefr_and_native() -> None:
    concepts = enrich("Svenska SFI D, arabiska modersmål, engelska B1")
    langs = {c.id: c.level for c in concepts if c.type == ConceptType.LANGUAGE}
    assert langs == {"sv": "B1", "ar": "native", "en": "B1"}
    levels = [c.id for c in concepts if c.type == ConceptType.LANGUAGE_LEVEL]
    assert "B1" in levels


@pytest.mark.parametrize(
    ("text", "codes", "negated"),
    [
        ("B-körkort", ["B"], False),
        ("Har körkort B och truckkort A+B", ["B", "TRUCK_A", "TRUCK_B"], False),
        ("C-körkort", ["C"], False),
        ("Jag har inte körkort", ["B"], True),
        ("saknar körkort", ["B"], True),
        ("no driving licence", ["B"], True),
    ],
)
def test_licences_and_simple_negation(text: str, codes: list[str], negated: bool) -> None:
    found = [c for c in enrich(text) if c.type == ConceptType.LICENCE]
    assert [c.id for c in found] == codes
    assert all(c.negated is negated for c in found)


def test_municipality_by_name() -> None:
    found = [c for c in enrich("Jag bor i Malmö") if c.type == ConceptType.MUNICIPALITY]
    assert [(c.id, c.label) for c in found] == [("1280", "Malmö")]


def test_empty_emoji_rtl_and_mixed_text_never_crash() -> None:
    assert enrich("") == []
    assert enrich("   \n") == []
    mixed = "Jag är städare 😀🧹 and I speak English. أتكلم العربية والسويدية"
    concepts = enrich(mixed)
    assert {c.type for c in concepts} >= {ConceptType.OCCUPATION, ConceptType.LANGUAGE}
    assert all(0 <= c.span[0] < c.span[1] <= len(mixed) for c in concepts)
    assert enrich("مرحبا بكم في السويد") == []


def test_too_long_text_is_rejected_with_a_clear_message() -> None:
    with pytest.raises(TextTooLong, match=f"limit is {MAX_TEXT_CHARS}"):
        enrich("städare " * 12_500)


def test_results_are_sorted_by_position_and_deterministic() -> None:
    text = "Truckförare med B-körkort, svenska B2, bor i Lund. Har arbetat som städare."
    first, second = enrich(text), enrich(text)
    assert first == second
    assert [c.span[0] for c in first] == sorted(c.span[0] for c in first)
    assert all(0 < c.confidence <= 1 for c in first)


def _by_type(text: str, kind: ConceptType) -> list[tuple[str, str | None, bool]]:
    return [(c.id, c.level, c.negated) for c in enrich(text) if c.type == kind]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sfi kurs C", ["A2"]),
        ("Klar med SFI D", ["B1"]),
        ("svenska på B2-nivå", ["B2"]),
    ],
)
def test_sfi_and_cefr_levels(text: str, expected: list[str]) -> None:
    assert [c.id for c in enrich(text) if c.type == ConceptType.LANGUAGE_LEVEL] == expected


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("svenska på B2-nivå", [("sv", "B2", False)]),
        ("modersmål arabiska", [("ar", "native", False)]),
        ("Arabic, Somali and English", [("ar", None, False), ("so", None, False), ("en", None, False)]),
        ("somaliska och tigrinja", [("so", None, False), ("ti", None, False)]),
        ("engelska C1", [("en", "C1", False)]),
    ],
)
def test_languages_by_swedish_and_english_names(
    text: str, languages: list[tuple[str, str | None, bool]]
) -> None:
    assert _by_type(text, ConceptType.LANGUAGE) == languages


@pytest.mark.parametrize(
    ("text", "licences"),
    [
        ("körkort B och C", [("B", None, False), ("C", None, False)]),
        ("B- och C-körkort", [("B", None, False), ("C", None, False)]),
        ("driving licence (category B)", [("B", None, False)]),
        ("inget körkort", [("B", None, True)]),
        ("Jag har inget körkort men truckkort", [("B", None, True), ("TRUCK_B", None, False)]),
        ("I have a licence to teach", []),
    ],
)
def test_licence_lists_english_phrasing_and_negation_scope(
    text: str, licences: list[tuple[str, str | None, bool]]
) -> None:
    assert _by_type(text, ConceptType.LICENCE) == licences


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Göteborg", ["1480"]),
        ("jag bor i göteborg", ["1480"]),
        ("Göteborgs stad", ["1480"]),
        ("bor i upplands väsby", ["0114"]),
        ("Bor i Håbo", ["0305"]),
        ("Vara kommun", ["1470"]),
        ("Vara en bra kollega", []),
    ],
)
def test_municipalities_need_a_capital_or_a_place_context(text: str, codes: list[str]) -> None:
    assert [c for c, _, _ in _by_type(text, ConceptType.MUNICIPALITY)] == codes


def test_experience_sentence_gives_occupation_and_years() -> None:
    from matcher.text.enrich import extract_years

    text = "Jag har arbetat som städare i 3 år"
    assert STADARE is not None and _occupations(text) == ["Städare"]
    assert extract_years(text) == 3.0
    assert extract_years("två års erfarenhet och 18 månader praktik") == 2.0
    assert extract_years("ingen erfarenhet") is None


def test_negated_experience_and_english_titles() -> None:
    assert [n for _, _, n in _by_type("Jag har inte arbetat som städare", ConceptType.OCCUPATION)] == [True]
    assert _occupations("I have worked as a cleaner and a bus driver") == ["Städare", "Bussförare"]
    assert _occupations("snickare och busschaufför") == ["Träarbetare/Snickare", "Bussförare"]
