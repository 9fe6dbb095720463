"""Global vs greedy allocation on hand-made score matrices where greedy is worse."""

import itertools

import numpy as np
import pytest

from service.jobs.allocation import allocate_global, allocate_greedy, compare

NAN = np.nan


def brute_force(scores: np.ndarray, slots: list[int], capacity: int) -> tuple[int, float]:
    """Most pairs, then best total, by enumerating every subset of allowed pairs (tiny matrices only)."""
    allowed = [
        (v, s) for v in range(scores.shape[0]) for s in range(scores.shape[1]) if not np.isnan(scores[v, s])
    ]
    best = (0, 0.0)
    for r in range(len(allowed) + 1):
        for subset in itertools.combinations(allowed, r):
            if all(sum(1 for v, _ in subset if v == i) <= slots[i] for i in range(len(slots))) and all(
                sum(1 for _, s in subset if s == j) <= capacity for j in range(scores.shape[1])
            ):
                best = max(best, (len(subset), round(sum(scores[v, s] for v, s in subset), 9)))
    return best


def test_global_covers_the_vacancy_greedy_leaves_empty() -> None:
    # Seeker 0 is best for both vacancies but the only candidate of vacancy 1.
    scores = np.array([[0.9, 0.8], [0.85, NAN]])
    greedy = allocate_greedy(scores, np.array([1, 1]))
    best = allocate_global(scores, np.array([1, 1]))
    assert greedy.pairs == ((0, 0),) and greedy.coverage == 0.5
    assert best.pairs == ((0, 1), (1, 0)) and best.coverage == 1.0
    assert best.total_score == pytest.approx(1.65) and best.total_score > greedy.total_score


def test_global_beats_greedy_on_total_score_at_equal_coverage() -> None:
    scores = np.array([[10.0, 9.0], [9.0, 1.0]])
    greedy = allocate_greedy(scores, np.array([1, 1]))
    best = allocate_global(scores, np.array([1, 1]))
    assert greedy.total_score == 11.0 and best.total_score == 18.0
    summary = compare(scores, np.array([1, 1]))
    assert summary["score_gain"] == 7.0 and summary["coverage_gain"] == 0.0


def test_positions_times_factor_sets_the_slots_and_negative_scores_still_count() -> None:
    scores = np.array([[-1.0, -2.0, -3.0], [-1.5, NAN, NAN]])
    best = allocate_global(scores, np.array([1, 1]), factor=2.0)
    assert best.slots == 4 and len(best.pairs) == 3
    assert (1, 0) in best.pairs  # vacancy 1's only candidate is kept for it


@pytest.mark.parametrize("capacity", [1, 2])
def test_global_matches_brute_force_on_random_small_matrices(capacity: int) -> None:
    rng = np.random.default_rng(capacity)
    for _ in range(15):
        scores = rng.normal(size=(3, 4)).round(2)
        scores[rng.random((3, 4)) < 0.35] = NAN
        positions = rng.integers(1, 3, size=3)
        best = allocate_global(scores, positions, capacity=capacity)
        greedy = allocate_greedy(scores, positions, capacity=capacity)
        expected = brute_force(scores, list(positions), capacity)
        assert (len(best.pairs), round(best.total_score, 9)) == expected
        assert (len(best.pairs), best.total_score) >= (len(greedy.pairs), greedy.total_score - 1e-9)
        assert len(set(best.pairs)) == len(best.pairs)


def test_nothing_allowed_gives_an_empty_allocation() -> None:
    best = allocate_global(np.full((2, 2), NAN), np.array([1, 1]))
    assert best.pairs == () and best.coverage == 0.0
