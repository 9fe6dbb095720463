"""Dense scores on the exact grid: the same bits whatever the batch, the rows taken or the threads."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from threadpoolctl import threadpool_limits

from matcher.rank.vectors import dense_scores, exact_grid, grid_limit


def unit_rows(seed: int, n: int, dim: int) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), dim=st.sampled_from([8, 128, 384, 1024]), n_queries=st.integers(1, 70))
def test_a_block_scores_each_query_as_it_alone_scores(seed: int, dim: int, n_queries: int) -> None:
    docs = exact_grid(unit_rows(seed, 700, dim))
    queries = exact_grid(unit_rows(seed + 1, n_queries, dim))
    block = dense_scores(queries, docs)
    rows = np.random.default_rng(seed).permutation(700)[:123]
    for i in range(n_queries):
        np.testing.assert_array_equal(block[i], dense_scores(queries[i : i + 1], docs)[0])
        np.testing.assert_array_equal(block[i, rows], dense_scores(queries[i : i + 1], docs[rows])[0])
    # The products are exact: float64 arithmetic gives the same numbers.
    exact = queries.astype(np.float64) @ docs.astype(np.float64).T
    np.testing.assert_array_equal(block.astype(np.float64), exact)


def test_thread_count_does_not_change_a_score() -> None:
    docs = exact_grid(unit_rows(3, 30_000, 384))
    queries = exact_grid(unit_rows(4, 64, 384))
    with threadpool_limits(limits=1, user_api="blas"):
        one = queries @ docs.T
    with threadpool_limits(limits=2, user_api="blas"):
        two = queries @ docs.T
    np.testing.assert_array_equal(one, two)
    np.testing.assert_array_equal(one, dense_scores(queries, docs))


def test_the_grid_moves_a_cosine_little_and_keeps_zero_rows() -> None:
    x = unit_rows(5, 2_000, 384)
    grid = exact_grid(x)
    assert grid.dtype == np.float32
    assert np.abs(grid @ grid[:50].T - x @ x[:50].T).max() < 5e-3
    assert not exact_grid(np.zeros((2, 384))).any()
    assert grid_limit(384) ** 2 * 384 < 2**24 <= (grid_limit(384) + 1) ** 2 * 384


@pytest.mark.parametrize("scale", [1.0, 1e-3, 1e3, 1e-20, 1e20])
def test_the_float32_rounding_gives_the_float64_roundings_bits(scale: float) -> None:
    """exact_grid rounds in float32 when the exponents allow: bit for bit what float64 rounding gives."""
    rng = np.random.default_rng(3)
    x = (rng.standard_normal((500, 384)) * scale).astype(np.float32)
    x[0] = 0.0
    limit = grid_limit(384)
    peak = np.abs(x).max(axis=-1, keepdims=True)
    peak[peak == 0] = 1.0
    exponent = np.floor(np.log2(limit / peak.astype(np.float64)))
    want = (np.clip(np.rint(x * np.exp2(exponent)), -limit, limit) * np.exp2(-exponent)).astype(np.float32)
    assert exact_grid(x).tobytes() == want.tobytes()
