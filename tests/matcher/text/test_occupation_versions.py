"""Occupation concepts of a newer taxonomy version placed in ours: by id, label, SSYK-4 group, or not."""

from __future__ import annotations

import pytest

from matcher.rank.profile_arrays import occupation_guesses
from matcher.text.occupation_versions import PlacedBy, PlacedOccupation, place_occupation
from matcher.text.taxonomy import Taxonomy, default_taxonomy
from matcher.types import VacancyProfile


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return default_taxonomy()


def test_a_known_id_is_kept(taxonomy: Taxonomy) -> None:
    assert place_occupation(taxonomy, "KF64_AvU_S4N", "Städare (ny etikett)", "0000") == PlacedOccupation(
        "KF64_AvU_S4N", "9111", PlacedBy.KNOWN
    )


@pytest.mark.parametrize("label", ["Tandsköterska", "tandskoterska", " TANDSKÖTERSKA"])
def test_a_new_id_with_a_known_label_is_that_occupation(taxonomy: Taxonomy, label: str) -> None:
    dental = taxonomy.occupation_by_label("Tandsköterska")
    assert dental is not None
    assert place_occupation(taxonomy, "new_Id_123", label, "5350") == PlacedOccupation(
        dental.id, "5350", PlacedBy.LABEL
    )


def test_a_new_occupation_falls_back_to_its_group_by_code_or_label(taxonomy: Taxonomy) -> None:
    assert place_occupation(taxonomy, "new_Id_124", "Pedagogassistent", "5312") == PlacedOccupation(
        None, "5312", PlacedBy.GROUP
    )
    by_label = place_occupation(taxonomy, "new_Id_124", "Pedagogassistent", None, "Elevassistenter m.fl.")
    assert by_label == PlacedOccupation(None, "5312", PlacedBy.GROUP)


@pytest.mark.parametrize("group", [None, "", "9998", "53", "531"])  # none, unknown, not SSYK-4
def test_nothing_to_go_on_leaves_it_to_the_text(taxonomy: Taxonomy, group: str | None) -> None:
    assert place_occupation(taxonomy, "new_Id_125", "Nanny", group) == PlacedOccupation(
        None, None, PlacedBy.TEXT
    )
    assert place_occupation(taxonomy, None) == PlacedOccupation(None, None, PlacedBy.TEXT)


def test_a_known_group_is_where_the_engine_looks_for_the_occupation(taxonomy: Taxonomy) -> None:
    """An ad of a new occupation in a known group: ranked on that group's occupations only."""
    text = "Pedagogassistent till grundskola\nDu stöttar elever och lärare i klassrummet."
    free = VacancyProfile("v", "Pedagogassistent till grundskola", text)
    grouped = VacancyProfile("v", "Pedagogassistent till grundskola", text, occupation_group="5312")
    guesses = occupation_guesses(grouped, taxonomy)
    assert guesses and {taxonomy.ssyk4_of(oid) for oid, _ in guesses} == {"5312"}
    assert sum(p for _, p in guesses) == pytest.approx(1.0)
    assert occupation_guesses(free, taxonomy) != guesses  # the group changes what is inferred
    unknown_group = VacancyProfile("v", "Pedagogassistent till grundskola", text, occupation_group="9998")
    assert occupation_guesses(unknown_group, taxonomy) == occupation_guesses(free, taxonomy)
