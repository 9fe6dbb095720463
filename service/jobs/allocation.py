"""Fair allocation of seekers over vacancies: each seeker proposed to at most ``capacity`` vacancies and
each vacancy to at most ``ceil(positions × factor)`` seekers, solved globally rather than greedily.

Pure functions on a score matrix (vacancies × seekers; NaN = not a candidate). The global solution
maximises first the number of proposals (coverage) and then their total score; the greedy baseline
takes the best remaining pair until nothing fits. Greedy gives the best seeker to the first vacancy
that wants them even when that seeker is the only option of another vacancy; the global solution
does not.

``capacity == 1``: ``scipy.optimize.linear_sum_assignment`` on the matrix with each vacancy repeated
once per slot. ``capacity > 1``: the same problem as a b-matching integer program (``scipy.optimize.milp``;
its constraint matrix is totally unimodular, so HiGHS solves it at the root).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import csr_matrix


@dataclass(frozen=True)
class Allocation:
    pairs: tuple[tuple[int, int], ...]  # (vacancy row, seeker column), sorted
    total_score: float
    slots: int  # proposals wanted in all

    @property
    def coverage(self) -> float:
        """Share of wanted proposals that were made."""
        return len(self.pairs) / self.slots if self.slots else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "proposals": len(self.pairs),
            "slots": self.slots,
            "coverage": round(self.coverage, 4),
            "total_score": round(self.total_score, 6),
        }


def slots_per_vacancy(positions: np.ndarray, factor: float) -> np.ndarray:
    return np.asarray([max(0, math.ceil(p * factor - 1e-9)) for p in positions], dtype=np.int64)


def _result(scores: np.ndarray, pairs: list[tuple[int, int]], slots: np.ndarray) -> Allocation:
    pairs = sorted(pairs)
    total = float(sum(scores[v, s] for v, s in pairs))
    return Allocation(tuple(pairs), total, int(slots.sum()))


def _check(scores: np.ndarray, positions: np.ndarray, capacity: int) -> tuple[np.ndarray, np.ndarray]:
    scores = np.asarray(scores, dtype=np.float64)
    positions = np.asarray(positions)
    if scores.ndim != 2 or positions.shape != (scores.shape[0],):
        raise ValueError("scores must be vacancies × seekers with one positions value per vacancy")
    if capacity < 1:
        raise ValueError("capacity must be at least 1")
    return scores, positions


def allocate_greedy(
    scores: np.ndarray, positions: np.ndarray, factor: float = 1.0, capacity: int = 1
) -> Allocation:
    """Best remaining pair first (ties: lower vacancy row, then lower seeker column)."""
    scores, positions = _check(scores, positions, capacity)
    slots = slots_per_vacancy(positions, factor)
    v_idx, s_idx = np.nonzero(~np.isnan(scores))
    order = np.lexsort((s_idx, v_idx, -scores[v_idx, s_idx]))
    left_v = slots.copy()
    left_s = np.full(scores.shape[1], capacity)
    pairs = []
    for i in order:
        v, s = int(v_idx[i]), int(s_idx[i])
        if left_v[v] > 0 and left_s[s] > 0:
            pairs.append((v, s))
            left_v[v] -= 1
            left_s[s] -= 1
    return _result(scores, pairs, slots)


def allocate_global(
    scores: np.ndarray, positions: np.ndarray, factor: float = 1.0, capacity: int = 1
) -> Allocation:
    """Most proposals, then the highest total score, under both limits."""
    scores, positions = _check(scores, positions, capacity)
    slots = slots_per_vacancy(positions, factor)
    allowed = ~np.isnan(scores)
    if not allowed.any() or slots.sum() == 0:
        return _result(scores, [], slots)
    finite = scores[allowed]
    # A bonus per pair larger than any possible score difference makes coverage come first.
    bonus = (finite.max() - finite.min() + 1.0) * (min(int(slots.sum()), scores.shape[1] * capacity) + 1)
    gain = np.where(allowed, scores - finite.min() + bonus, 0.0)
    if capacity == 1:
        rows = np.repeat(np.arange(scores.shape[0]), slots)
        r, c = linear_sum_assignment(gain[rows], maximize=True)
        pairs = [(int(rows[i]), int(j)) for i, j in zip(r, c, strict=True) if allowed[rows[i], j]]
        return _result(scores, pairs, slots)
    v_idx, s_idx = np.nonzero(allowed)
    n = v_idx.size
    ones = np.ones(n)
    by_vacancy = csr_matrix((ones, (v_idx, np.arange(n))), shape=(scores.shape[0], n))
    by_seeker = csr_matrix((ones, (s_idx, np.arange(n))), shape=(scores.shape[1], n))
    res = milp(
        c=-gain[v_idx, s_idx],
        constraints=[LinearConstraint(by_vacancy, 0, slots), LinearConstraint(by_seeker, 0, capacity)],
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
    )
    if res.x is None:
        raise RuntimeError(f"allocation solver failed: {res.message}")
    chosen = np.flatnonzero(res.x > 0.5)
    return _result(scores, [(int(v_idx[i]), int(s_idx[i])) for i in chosen], slots)


def compare(
    scores: np.ndarray, positions: np.ndarray, factor: float = 1.0, capacity: int = 1
) -> dict[str, object]:
    """The global and the greedy allocation side by side (what a run stores in its metrics)."""
    best = allocate_global(scores, positions, factor, capacity)
    greedy = allocate_greedy(scores, positions, factor, capacity)
    return {
        "global": best.as_dict(),
        "greedy": greedy.as_dict(),
        "score_gain": round(best.total_score - greedy.total_score, 6),
        "coverage_gain": round(best.coverage - greedy.coverage, 4),
    }
