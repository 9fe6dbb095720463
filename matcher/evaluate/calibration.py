"""How well predicted probabilities match observed shares: reliability bins and the Brier score.

Rows of one ad are not independent (the same ad's 50 people share its occupation), so the Brier
intervals resample whole ads (cluster bootstrap); the bins' intervals are Wilson intervals of the
observed share.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.rank.calibration import wilson_interval

DEFAULT_EDGES: tuple[float, ...] = (0.0, 0.1, 0.25, 0.4, 0.6, 0.8, 1.0)


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    low: float
    high: float
    n: int
    mean_predicted: float
    observed: float
    observed_low: float
    observed_high: float


def reliability_table(
    predicted: np.ndarray, observed: np.ndarray, edges: Sequence[float] = DEFAULT_EDGES
) -> list[ReliabilityBin]:
    """Per bin [low, high) of predicted probability (the last bin closed): count, mean prediction,
    observed relevant share with its Wilson 95 % interval. Empty bins are left out."""
    p = np.asarray(predicted, dtype=np.float64)
    y = np.asarray(observed, dtype=np.float64)
    out = []
    for i, (low, high) in enumerate(itertools.pairwise(edges)):
        last = i == len(edges) - 2
        mask = (p >= low) & ((p <= high) if last else (p < high))
        n = int(mask.sum())
        if n == 0:
            continue
        hits = int(y[mask].sum())
        lo, hi = wilson_interval(hits, n)
        out.append(ReliabilityBin(low, high, n, float(p[mask].mean()), hits / n, lo, hi))
    return out


def brier(predicted: np.ndarray, observed: np.ndarray) -> float:
    p, y = np.asarray(predicted, dtype=np.float64), np.asarray(observed, dtype=np.float64)
    return float(np.mean((p - y) ** 2))


def brier_by_cluster(
    predicted: np.ndarray,
    baseline: np.ndarray,
    observed: np.ndarray,
    groups: np.ndarray,
    *,
    n_boot: int = 2000,
    seed: int = 0,
) -> dict[str, tuple[float, float, float]]:
    """Brier of ``predicted`` and of ``baseline`` and their paired difference, each as (value, 2.5 %,
    97.5 %) from ``n_boot`` resamples of whole groups (ads)."""
    p, b, y = (np.asarray(a, dtype=np.float64) for a in (predicted, baseline, observed))
    keys, inverse = np.unique(np.asarray(groups).astype(str), return_inverse=True)
    k = keys.size
    # Per group sums make each resample a weighted sum over groups, not a gather over rows.
    sq_p = np.bincount(inverse, (p - y) ** 2, k)
    sq_b = np.bincount(inverse, (b - y) ** 2, k)
    n = np.bincount(inverse, minlength=k).astype(np.float64)
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(k, np.full(k, 1.0 / k), size=n_boot).astype(np.float64)
    rows = weights @ n
    boot_p, boot_b = (weights @ sq_p) / rows, (weights @ sq_b) / rows

    def summary(value: float, draws: np.ndarray) -> tuple[float, float, float]:
        low, high = np.percentile(draws, [2.5, 97.5])
        return value, float(low), float(high)

    value_p, value_b = float(sq_p.sum() / n.sum()), float(sq_b.sum() / n.sum())
    return {
        "brier": summary(value_p, boot_p),
        "baseline": summary(value_b, boot_b),
        "difference": summary(value_p - value_b, boot_p - boot_b),
    }


def format_reliability(bins: Sequence[ReliabilityBin]) -> str:
    """A markdown table of ``reliability_table``'s bins."""
    lines = [
        "| predicted | rows | mean predicted | observed relevant | 95 % interval |",
        "| --- | --- | --- | --- | --- |",
    ]
    for b in bins:
        lines.append(
            f"| {b.low:.2f}–{b.high:.2f} | {b.n} | {b.mean_predicted:.3f} | {b.observed:.3f} "
            f"| [{b.observed_low:.3f}, {b.observed_high:.3f}] |"
        )
    return "\n".join(lines)
