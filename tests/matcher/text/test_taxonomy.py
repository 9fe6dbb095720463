"""The derived JobTech taxonomy: look-ups, hierarchy, substitutability, distances, suggestions."""

import pytest

from matcher.text.taxonomy import default_taxonomy

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


def test_substitutability_between_care_occupations() -> None:
    vardbitrade = tax.occupation_by_label("Vårdbiträde")
    usk = tax.occupation_by_label("Undersköterska, hemtjänst, äldreboende och habilitering")
    assistant = tax.occupation_by_label("Personlig assistent")
    assert vardbitrade and usk and assistant
    assert tax.substitutes(vardbitrade.id)[usk.id] == 25
    assert tax.substitutes(vardbitrade.id)[assistant.id] == 75
    assert tax.substitutes("no-such-id") == {}


def test_group_and_ssyk_lookups() -> None:
    occ = tax.occupation_by_label("Vårdbiträde")
    assert occ is not None and tax.ssyk4_of(occ.id) == occ.ssyk4
    group = tax.group(occ.ssyk4)
    assert group is not None and group.level == 4 and group.parent == occ.ssyk4[:3]
    assert occ.definition == group.definition  # occupation names carry none of their own
    assert tax.ssyk4_of("no-such-id") is None and tax.group("9999") is None
    assert tax.ancestors("nope") == []


def test_lookups_for_skills_languages_and_licences() -> None:
    skill = tax.skills_of_group("9111")[0]
    assert tax.skill(skill.id) == skill and tax.skill_by_label(skill.label.upper()) == skill
    assert tax.language_by_label("arabiska") == tax.language("AR")
    assert tax.licence("b96") is not None and tax.licence("Utökad B") is None


def test_every_municipality_has_a_swedish_coordinate_and_look_alike_names_stay_apart() -> None:
    assert all(55.0 < m.lat < 69.1 and 10.9 < m.lon < 24.2 for m in tax.municipalities())
    habo, haabo = tax.municipality_by_name("Habo"), tax.municipality_by_name("håbo")
    assert habo is not None and haabo is not None
    assert (habo.code, haabo.code) == ("0643", "0305")
    assert tax.municipality_by_name("GOTEBORG") == tax.municipality("1480")


def test_suggestions_handle_inflection_and_prefixes() -> None:
    assert tax.suggest_occupations("advokater", 3)[0][0].label == "Advokat"
    assert tax.suggest_occupations("snick", 3)[0][0].label == "Träarbetare/Snickare"
    ranked = tax.suggest_occupations("städ", 10)
    assert ranked[0][0].label == "Städare"
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert tax.suggest_skills("kundtjanst", 3)[0][0].label == "Kundtjänst"


def test_version_is_a_content_hash_and_load_takes_a_path() -> None:
    from matcher.text.taxonomy import DEFAULT_PATH, Taxonomy

    again = Taxonomy.load(DEFAULT_PATH)
    assert again.version == tax.version and len(tax.version) == 16
    assert int(tax.version, 16) >= 0
