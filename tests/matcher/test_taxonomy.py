"""The derived JobTech taxonomy: look-ups, hierarchy, substitutability, distances, suggestions."""

import pytest

from matcher.taxonomy import default_taxonomy

tax = default_taxonomy()


def test_sizes_of_the_derived_resource() -> None:
    assert len(tax.occupations()) == 2412
    assert len(tax.municipalities()) == 290
    assert sum(1 for o in tax.occupations() if tax.no_education_required(o.id)) == 112
    assert tax.language("sv") is not None and tax.language("ar") is not None
    assert tax.licence("CE") is not None and tax.licence("TRUCK_B") is not None


def test_lookup_by_label_ignores_case_and_diacritics() -> None:
    occ = tax.occupation_by_label("STADARE")
    assert occ is not None and occ.label == "Städare"
    assert tax.occupation(occ.id) == occ


def test_hierarchy_walk_from_an_occupation() -> None:
    occ = tax.occupation_by_label("Städare")
    assert occ is not None
    chain = tax.ancestors(occ.ssyk4)
    assert [g.level for g in chain] == [4, 3, 2, 1]
    assert [g.code for g in chain] == [occ.ssyk4, occ.ssyk4[:3], occ.ssyk4[:2], occ.ssyk4[:1]]


def test_substitutes_carry_75_or_25_percent() -> None:
    with_subs = [o for o in tax.occupations() if tax.substitutes(o.id)]
    assert len(with_subs) > 500
    assert {p for o in with_subs for p in tax.substitutes(o.id).values()} <= {25, 75}


def test_skills_of_a_group() -> None:
    occ = tax.occupation_by_label("Städare")
    assert occ is not None
    labels = {s.label for s in tax.skills_of_group(occ.ssyk4)}
    assert labels and all(isinstance(label, str) for label in labels)


def test_distances_between_municipalities() -> None:
    stockholm_goteborg = tax.distance_km("0180", "1480")
    assert stockholm_goteborg is not None and 380 <= stockholm_goteborg <= 420
    assert tax.distance_km("1280", "1280") == pytest.approx(0.0)
    assert tax.distance_km("1280", "9999") is None


@pytest.mark.parametrize("typed", ["stadare", "städerska", "lokalvårdare", "Städare"])
def test_suggestions_rank_the_cleaning_occupation_first(typed: str) -> None:
    top, score = tax.suggest_occupations(typed, 5)[0]
    assert top.label == "Städare" and 0 < score <= 1


def test_suggestions_for_empty_input_are_empty() -> None:
    assert tax.suggest_occupations("   ") == []
    assert tax.suggest_skills("") == []
