"""Explanations for a case officer: every factor named and explained in both languages, contributions as
signed shares of the assessment, and a match figure relative to the list (100 only for the top score)."""

from hypothesis import given
from hypothesis import strategies as st

from matcher.rank.features import FEATURE_NAMES
from service.ui.explain_view import contribution_shares, relative_match
from service.ui.i18n import TRANSLATIONS


def test_every_factor_the_scorer_weighs_has_a_label_and_a_meaning_in_swedish_and_english() -> None:
    for feature in FEATURE_NAMES:
        for key in (f"feat.{feature}", f"feat.{feature}.help"):
            sv, en = TRANSLATIONS[key]
            assert sv.strip() and en.strip() and sv != en, key
            assert "_" not in sv and "_" not in en, key  # no raw feature ids shown to people


def test_contributions_become_signed_shares_largest_first() -> None:
    shares = contribution_shares(
        [
            {"feature": "occupation_fit", "value": 1.0, "contribution": 3.0},
            {"feature": "commute_fit", "value": -1.0, "contribution": -1.0},
            {"feature": "licence_fit", "value": 0.0, "contribution": 0.0},
            {"feature": "something_new", "value": 1.0, "contribution": 1.0},
        ]
    )
    assert [(s.feature, s.percent) for s in shares] == [
        ("occupation_fit", 60),
        ("commute_fit", -20),
        ("something_new", 20),
    ]
    assert shares[0].label_key == "feat.occupation_fit" and shares[2].label_key == "sl.other_factor"
    assert contribution_shares([]) == []


@given(st.lists(st.floats(-20, 20, allow_nan=False), min_size=1, max_size=60))
def test_the_match_figure_is_relative_and_100_only_for_the_top_score(scores: list[float]) -> None:
    percents = relative_match(scores)
    top = max(scores)
    for score, percent in zip(scores, percents, strict=True):
        assert percent is not None and 0 <= percent <= 100
        assert (percent == 100) == (score == top)
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    assert [percents[i] for i in order] == sorted(p for p in percents if p is not None)


def test_manual_entries_have_no_match_figure() -> None:
    assert relative_match([None, 2.0, 1.0]) == [None, 100, 0]
    assert relative_match([None]) == [None]
