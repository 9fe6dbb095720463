"""Skill suggestions by relevance: prefix, word, stem and compound matches, related skills first."""

from __future__ import annotations

import pytest

from matcher.text.skill_suggest import suggest_skills
from matcher.text.taxonomy import Taxonomy, default_taxonomy

CLEANERS = "9111"  # SSYK-4 Städare
STADARE = "KF64_AvU_S4N"  # the occupation Städare


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return default_taxonomy()


def _labels(taxonomy: Taxonomy, q: str, limit: int = 10, occupation_id: str | None = None) -> list[str]:
    return [s.label for s, _ in suggest_skills(taxonomy, q, limit, occupation_id)]


def _cleaning(taxonomy: Taxonomy) -> set[str]:
    return {s.label for s in taxonomy.skills_of_group(CLEANERS)}


def test_stad_starts_with_cleaning_skills_never_with_city_words(taxonomy: Taxonomy) -> None:
    found = _labels(taxonomy, "städ")
    assert set(found[:5]) <= _cleaning(taxonomy), found
    assert "Storstädning" in found  # a compound: stor + städning
    noise = {"Stadsarkeologi", "Bostadsfotografering", "Stadsplanering", "Verkstadsmaskiner"}
    assert not noise & set(found)


def test_whole_label_prefixes_lead_then_compounds(taxonomy: Taxonomy) -> None:
    scored = suggest_skills(taxonomy, "städ", 10)
    prefixes = [s.label for s, score in scored if score >= 0.95]
    assert prefixes and all(p.lower().startswith("städ") for p in prefixes)
    compounds = [s.label for s, score in scored if score == pytest.approx(0.8)]
    assert compounds and all("städ" in c.lower() and not c.lower().startswith("städ") for c in compounds)


def test_text_typed_without_diacritics_or_in_another_form_still_finds_them(taxonomy: Taxonomy) -> None:
    assert set(_labels(taxonomy, "stad")[:5]) <= _cleaning(taxonomy)
    assert set(_labels(taxonomy, "städare")[:5]) <= _cleaning(taxonomy)  # by stem: städ-
    assert _labels(taxonomy, "kundtjanst", 3)[0] == "Kundtjänst"


def test_an_occupation_named_in_the_text_brings_its_skills(taxonomy: Taxonomy) -> None:
    # No skill label holds "lokalvård"; the text names Lokalvårdare (Städare), whose skills follow.
    found = _labels(taxonomy, "lokalvård")
    assert found and set(found[:5]) <= _cleaning(taxonomy)
    assert any("städning" in label.lower() for label in found)


def test_the_chosen_occupations_group_comes_first(taxonomy: Taxonomy) -> None:
    kitchen_hand = next(o for o in taxonomy.occupations() if o.label == "Köksbiträde")
    kitchen = {s.label for s in taxonomy.skills_of_group(str(kitchen_hand.ssyk4))}
    # For a kitchen hand the kitchen's cleaning skills lead; for a cleaner they come after the cleaning ones.
    for_kitchen = _labels(taxonomy, "städ", 10, kitchen_hand.id)
    assert set(for_kitchen[:2]) <= kitchen and "Städning och diskning, restaurangkök" in for_kitchen[:2]
    for_cleaner = _labels(taxonomy, "städ", 10, STADARE)
    assert set(for_cleaner[:5]) <= _cleaning(taxonomy)
    assert "Städning och diskning, restaurangkök" not in for_cleaner[:5]


def test_typos_are_forgiven_and_nothing_typed_suggests_nothing(taxonomy: Taxonomy) -> None:
    assert any("städning" in label.lower() for label in _labels(taxonomy, "stäning", 5))
    assert suggest_skills(taxonomy, "  ", 10) == []
    scores = [score for _, score in suggest_skills(taxonomy, "truck", 10)]
    assert all(0 < s <= 1 for s in scores)
