"""The match calibration: monotone in the score, never strong without the occupation or a skill, fitted
and stored as sklearn-style weights; and a real weak pair (only registration time and distance) is weak."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.rank.calibration import MatchBand, MatchCalibration, has_job_evidence
from matcher.rank.features import FEATURE_NAMES
from matcher.rank.scoring import LinearScorer
from matcher.types import Contribution, SeekerProfile, VacancyProfile

SCORES = st.floats(-30, 30, allow_nan=False)


@pytest.fixture(scope="module")
def shipped() -> MatchCalibration:
    return MatchCalibration.default()


def test_the_shipped_calibration_fits_the_shipped_scorer(shipped: MatchCalibration) -> None:
    scorer = LinearScorer.default()
    assert shipped.slope_ > 0
    assert shipped.applies_to(f"{scorer.version}+static/static:abc")
    assert not shipped.applies_to("0123456789abcdef+static/static:abc")  # a retrained scorer
    assert 0 < shipped.possible_from < shipped.strong_from < 1


@given(st.lists(SCORES, min_size=2, max_size=50), st.booleans())
def test_a_higher_score_never_reads_as_a_weaker_match(scores: list[float], evidence: bool) -> None:
    model = MatchCalibration.default()
    ordered = np.sort(np.asarray(scores))
    p = model.predict_proba(ordered, np.full(ordered.size, evidence))
    assert np.all(np.diff(p) >= 0) and np.all((p >= 0) & (p <= 1))
    bands = [list(MatchBand).index(model.band(float(x), evidence)) for x in p]  # weak < possible < strong
    assert bands == sorted(bands)


@given(SCORES)
def test_evidence_never_lowers_the_probability(score: float) -> None:
    model = MatchCalibration.default()
    with_, without = model.predict_proba(np.array([score, score]), np.array([True, False]))
    assert without <= with_
    assert without <= model.no_evidence_cap_


@given(SCORES)
def test_without_occupation_or_skill_a_row_is_never_strong(score: float) -> None:
    model = MatchCalibration.default()
    parts = [Contribution(f, 1.0, 0.0) for f in FEATURE_NAMES]
    parts += [Contribution("registration_time", 0.7, 0.28), Contribution("commute_fit", 1.0, 1.0)]
    estimate = model.estimate(score, parts, matched_skills=[])
    assert not estimate.evidence
    assert estimate.band is MatchBand.WEAK


def test_evidence_is_the_occupation_or_a_held_skill_not_the_skill_coverage_alone() -> None:
    nothing = [{"feature": "occupation_fit", "value": 0.0, "contribution": 0.0}]
    # Coverage is 1.0 for everyone when a placement states no skills: it says nothing about the person.
    coverage = [*nothing, {"feature": "required_skill_coverage", "value": 1.0, "contribution": 2.0}]
    assert not has_job_evidence(nothing, []) and not has_job_evidence(coverage, [])
    assert has_job_evidence(coverage, ["Matlagning"])
    assert has_job_evidence([Contribution("occupation_fit", 0.7, 2.1)], [])


def test_fit_recovers_a_known_platt_map_and_round_trips() -> None:
    rng = np.random.default_rng(0)
    s = rng.normal(1.0, 1.5, 20_000)
    y = rng.random(s.size) < 1.0 / (1.0 + np.exp(-(2.0 * s - 4.0)))
    evidence = s > -1.0
    model = MatchCalibration().fit(s, evidence, y, scorer_version="abc")
    assert model.slope_ == pytest.approx(2.0, abs=0.15) and model.intercept_ == pytest.approx(-4.0, abs=0.2)
    again = MatchCalibration.from_dict(model.to_dict())
    probe = np.linspace(-5, 5, 11)
    assert np.allclose(again.predict_proba(probe, probe > 0), model.predict_proba(probe, probe > 0))
    assert again.applies_to("abc+any") and not again.applies_to("abd+any")


def test_fit_refuses_a_score_that_falls_with_relevance() -> None:
    s = np.linspace(-3, 3, 200)
    with pytest.raises(ValueError, match="monotone"):
        MatchCalibration().fit(s, np.ones(s.size, bool), s < 0)
    with pytest.raises(ValueError):
        MatchCalibration(possible_from=0.7, strong_from=0.6).fit(s, np.ones(s.size, bool), s > 0)
    with pytest.raises(ValueError, match="not fitted"):
        MatchCalibration().predict_proba(s, np.ones(s.size, bool))


def test_a_real_pair_with_only_registration_time_and_distance_is_weak() -> None:
    """A cook placement and a person with no kitchen background who lives close and has long been
    registered: the issue's "rows 3–50" that used to read 49, 42, 39."""
    from matcher import StaticEmbedder, default_taxonomy
    from matcher.rank.pipeline import RankingPipeline

    taxonomy = default_taxonomy()
    cook = taxonomy.occupation_by_label("Kock à la carte")
    assert cook is not None
    vacancy = VacancyProfile(
        id="v1", title="Kock", text="Kock à la carte till restaurang.", occupation_id=cook.id,
        municipality_code="0180", start_date=date(2026, 9, 1),
    )  # fmt: skip
    seeker = SeekerProfile(
        id="s1", text="", municipality_code="0180", registered_at=date(2024, 1, 1),
        available_from=date(2026, 8, 1),
    )  # fmt: skip
    pipeline = RankingPipeline(StaticEmbedder(), taxonomy).index_seekers([seeker])
    (match,) = pipeline.shortlist(vacancy, k=5).matches
    assert {r.code for r in match.reasons} <= {
        "registration_time",
        "commute_same",
        "commute_near",
        "starts_on_time",
    }
    estimate = MatchCalibration.default().estimate(match.score, match.contributions, match.matched_skills)
    assert estimate.band is MatchBand.WEAK and not estimate.evidence
    assert estimate.probability < 0.05
