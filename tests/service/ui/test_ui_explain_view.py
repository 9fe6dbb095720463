"""Explanations for a case officer: every factor named and explained in both languages, contributions as
signed shares of the assessment, and the calibrated match band in words (not relative to the list)."""

from matcher.rank.calibration import MatchBand, MatchEstimate
from matcher.rank.features import FEATURE_NAMES
from service.ui.explain_view import contribution_shares, match_label
from service.ui.i18n import translate


def test_every_factor_the_scorer_weighs_has_a_label_and_a_meaning_in_swedish_and_english() -> None:
    for feature in FEATURE_NAMES:
        for key in (f"feat.{feature}", f"feat.{feature}.help"):
            sv, en = translate(key, "sv"), translate(key, "en")
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


def test_the_match_label_is_the_band_word_and_the_probability_in_percent() -> None:
    label = match_label(MatchEstimate(0.724, MatchBand.STRONG, evidence=True))
    assert (label.band, label.percent, label.capped) == ("strong", 72, False)
    capped = match_label(MatchEstimate(0.04, MatchBand.WEAK, evidence=False))
    assert (capped.band, capped.capped) == ("weak", True)
    assert match_label(None).band is None  # a list ranked by a scorer the calibration does not fit


def test_every_band_has_its_words_in_swedish_and_english() -> None:
    assert (translate("band.strong", "sv"), translate("band.strong", "en")) == ("Stark", "Strong")
    assert (translate("band.possible", "sv"), translate("band.possible", "en")) == ("Möjlig", "Possible")
    assert (translate("band.weak", "sv"), translate("band.weak", "en")) == ("Svag", "Weak")
    assert translate("band.rank", "sv").format(rank=3, n=50) == "3 av 50"
