"""Searching the whole taxonomy for an occupation: folded, prefix and word matches, sensibly ranked."""

from functools import cache

import pytest

from matcher import default_taxonomy
from matcher.text.occupation_search import OccupationSearch

CLEANER = "KF64_AvU_S4N"  # "Städare", SSYK 9111


@cache
def index() -> OccupationSearch:
    return OccupationSearch(default_taxonomy(), displays={"lokalvardare": "Lokalvårdare"})


@pytest.mark.parametrize("typed", ["Städare", "städare", "STADARE", "  stÄdare "])
def test_the_whole_label_comes_first_whatever_the_case_and_diacritics(typed: str) -> None:
    [first, *rest] = index().search(typed, 5)
    assert (first.occupation_id, first.label, first.ssyk4, first.score) == (CLEANER, "Städare", "9111", 1.0)
    assert first.group_label and first.matched is None
    assert all(h.score <= first.score for h in rest)


def test_an_alias_finds_its_occupation_and_says_which() -> None:
    [hit] = [h for h in index().search("lokalvårdare", 5) if h.occupation_id == CLEANER]
    assert hit.matched == "Lokalvårdare" and hit.score == 1.0
    assert index().search("cleaner", 3)[0].occupation_id == CLEANER  # English titles too


def test_beginnings_come_before_words_and_compound_parts() -> None:
    labels = [h.label for h in index().search("städ", 20)]
    assert labels[0] == "Städare"  # the plain occupation before its specialisations
    assert "Byggstädare" in labels  # a compound part, after the beginnings
    assert labels.index("Städare") < labels.index("Byggstädare")
    assert "Stadsarkivarie" not in labels[: labels.index("Byggstädare")]  # the typed "ä" counts
    truck = [h.label for h in index().search("truck", 10)]
    assert truck[0] == "Truckförare" and "Teleskoptruckförare" in truck


def test_every_typed_word_must_begin_a_word_of_the_title() -> None:
    hits = index().search("kock fart", 5)
    assert hits and hits[0].label == "Kock, fartyg"


def test_inflected_and_misspelt_forms_fall_back_on_the_title_normaliser() -> None:
    assert index().search("barnskötarna", 3)[0].label == "Barnskötare"


def test_each_occupation_once_ranked_and_bounded() -> None:
    hits = index().search("sköterska", 8)
    assert len(hits) == 8
    assert len({h.occupation_id for h in hits}) == len(hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert index().search("", 5) == [] and index().search("--", 5) == []
    assert index().search("qqqqzzzz", 5) == []
