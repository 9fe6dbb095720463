"""The linear scorer: fitting with CV, exact additivity, persistence and the shipped weights."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from matcher.rank.features import FEATURE_NAMES
from matcher.rank.scoring import Decision, LinearScorer, training_set


def _synthetic(n: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.random((n, 3))
    logit = 4.0 * X[:, 0] + 2.0 * X[:, 1] - 3.0
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    groups = np.asarray([f"v{i % 20}" for i in range(n)], dtype=object)
    return X, y, groups


def test_fit_recovers_signal_and_reports_cv_metrics() -> None:
    X, y, groups = _synthetic()
    scorer = LinearScorer().fit(X, y, groups=groups, feature_names=["a", "b", "noise"])
    assert scorer.coef_[0] > scorer.coef_[1] > scorer.coef_[2] >= 0.0
    assert 0.7 < scorer.metrics_["cv_auc"] <= 1.0
    assert 0.0 < scorer.metrics_["cv_ndcg@10"] <= 1.0
    assert scorer.n_samples_ == 400


def test_nonnegative_constraint_holds_for_a_harmful_feature() -> None:
    X, y, _ = _synthetic()
    X[:, 2] = 1.0 - X[:, 0]  # anti-correlated with the label
    constrained = LinearScorer(nonnegative=True).fit(X, y)
    free = LinearScorer(nonnegative=False).fit(X, y)
    assert constrained.coef_[2] == pytest.approx(0.0, abs=1e-8)
    assert free.coef_.min() < 0.0


def test_score_is_intercept_plus_contributions() -> None:
    X, y, _ = _synthetic()
    scorer = LinearScorer().fit(X, y)
    intercept, parts = scorer.contributions(X)
    np.testing.assert_allclose(scorer.decision_function(X), intercept + parts.sum(axis=1), atol=1e-12)
    np.testing.assert_allclose(parts, X * scorer.coef_, atol=1e-12)


def test_save_load_round_trip_keeps_version(tmp_path: Path) -> None:
    X, y, groups = _synthetic()
    scorer = LinearScorer(C=0.5).fit(
        X, y, groups=groups, feature_names=["a", "b", "c"], window=(date(2025, 1, 1), date(2025, 6, 30))
    )
    path = tmp_path / "w.json"
    scorer.save(path)
    loaded = LinearScorer.load(path)
    assert loaded.version == scorer.version
    assert loaded.window_ == (date(2025, 1, 1), date(2025, 6, 30))
    assert loaded.n_samples_ == 400 and loaded.C == 0.5
    np.testing.assert_array_equal(loaded.decision_function(X), scorer.decision_function(X))


def test_version_changes_with_weights_and_tampering_is_detected(tmp_path: Path) -> None:
    scorer = LinearScorer.default()
    data = scorer.to_dict()
    data["coef"][0] += 0.1
    with pytest.raises(ValueError, match="does not match"):
        LinearScorer.from_dict(data)
    del data["version"]
    assert LinearScorer.from_dict(data).version != scorer.version


def test_default_weights_cover_every_feature_and_prefer_better_fits() -> None:
    scorer = LinearScorer.default()
    assert list(scorer.get_feature_names_out()) == list(FEATURE_NAMES)
    assert (scorer.coef_ > 0).all()
    good, poor = np.ones((1, len(FEATURE_NAMES))), np.full((1, len(FEATURE_NAMES)), 0.2)
    assert scorer.decision_function(good)[0] > scorer.decision_function(poor)[0]


def test_training_set_labels_decisions() -> None:
    names = ["a", "b"]
    decisions = [
        Decision({"a": 1.0, "b": 0.5}, "propose", group="v1", decided_on=date(2025, 3, 1)),
        Decision({"a": 0.2}, "reject", reason_code="fit_skills", group="v1", decided_on=date(2025, 2, 1)),
        Decision({"a": 0.9}, "reject", reason_code="seeker_unavailable", group="v1"),
        Decision({"a": 0.7}, "pending", outcome="hired", group="v2", decided_on=date(2025, 4, 1)),
        Decision({"a": 0.1}, "skipped", group="v2"),
    ]
    ts = training_set(decisions, names)
    np.testing.assert_array_equal(ts.y, [1, 0, 1])
    np.testing.assert_array_equal(ts.X, [[1.0, 0.5], [0.2, 0.0], [0.7, 0.0]])
    assert list(ts.groups) == ["v1", "v1", "v2"]
    assert ts.window == (date(2025, 2, 1), date(2025, 4, 1))


def test_fit_refuses_one_class() -> None:
    with pytest.raises(ValueError, match="both"):
        LinearScorer().fit(np.ones((4, 2)), np.ones(4, dtype=int))


@pytest.mark.parametrize("seed", range(20))
def test_rows_left_out_as_unreachable_never_belong_to_the_best(seed: int) -> None:
    """Knowing some features (the rest in [0, 1]), the rows ``reachable`` drops score below the n best."""
    rng = np.random.default_rng(seed)
    n_rows, n_features, n = int(rng.integers(1, 400)), 6, int(rng.integers(1, 60))
    X = rng.random((n_rows, n_features)).round(int(rng.integers(1, 4)))  # rounding makes ties
    scorer = LinearScorer()
    scorer.coef_, scorer.intercept_ = rng.normal(0, 2, n_features), float(rng.normal())
    known, fixed = [0, 2, 3], {4: 1.0}
    X[:, 4] = 1.0
    reach = scorer.reachable(X[:, known], known, fixed, n)
    scores = scorer.decision_function(X)
    floor = np.sort(scores)[::-1][min(n, n_rows) - 1]  # the n-th best score
    assert (scores[~reach] < floor).all()
    assert reach.sum() >= min(n, n_rows)


def test_reachable_leaves_out_rows_far_below_the_best() -> None:
    scorer = LinearScorer.default()
    X = np.zeros((100, len(FEATURE_NAMES)))
    X[:10, :] = 1.0  # ten perfect fits; the other 90 fit in nothing known
    known = [0, 1, 2, 3, 4]
    reach = scorer.reachable(X[:, known], known, {}, 10)
    assert reach[:10].all() and not reach[10:].any()
