"""Reliability bins and Brier scores: counts add up, intervals hold the observed share, a perfect forecast
beats the base rate, and the cluster bootstrap is reproducible."""

import numpy as np
import pytest

from matcher.evaluate.calibration import brier, brier_by_cluster, format_reliability, reliability_table
from matcher.rank.calibration import wilson_interval


def test_bins_count_every_row_once_and_hold_their_observed_share() -> None:
    rng = np.random.default_rng(1)
    p = rng.random(5000)
    y = rng.random(5000) < p  # calibrated by construction
    bins = reliability_table(p, y)
    assert sum(b.n for b in bins) == 5000
    for b in bins:
        assert b.observed_low <= b.observed <= b.observed_high
        assert b.low <= b.mean_predicted <= b.high
        assert abs(b.observed - b.mean_predicted) < 0.05
    assert reliability_table(np.array([1.0]), np.array([1]))[-1].high == 1.0  # the last bin is closed
    assert format_reliability(bins).count("\n") == len(bins) + 1


def test_wilson_stays_honest_at_zero_and_small_n() -> None:
    low, high = wilson_interval(0, 1)
    assert low == 0.0 and 0.7 < high < 0.85
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_brier_by_cluster_compares_with_the_baseline_and_is_reproducible() -> None:
    y = np.array([1, 0, 1, 0, 0, 1, 0, 0])
    groups = np.array(["a", "a", "b", "b", "c", "c", "d", "d"])
    perfect = y.astype(float)
    base = np.full(y.size, y.mean())
    result = brier_by_cluster(perfect, base, y, groups, n_boot=200)
    assert result["brier"][0] == 0.0
    assert result["baseline"][0] == pytest.approx(brier(base, y))
    value, low, high = result["difference"]
    assert low <= value <= high < 0
    assert brier_by_cluster(perfect, base, y, groups, n_boot=200) == result
