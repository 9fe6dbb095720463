"""Exact search, the hnswlib index against it, and merging partition results."""

import itertools

import numpy as np
import pytest

from matcher.rank.ann import ExactIndex, HnswIndex, build_index, merge_topk, recall_at_k


def unit(rng: np.random.Generator, n: int, d: int = 32) -> np.ndarray:
    x = rng.standard_normal((n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_exact_index_returns_the_true_top_k_best_first() -> None:
    rng = np.random.default_rng(0)
    corpus, queries = unit(rng, 500), unit(rng, 7)
    rows, vals = ExactIndex(corpus, block=3).search(queries, 10)
    full = queries @ corpus.T
    for i in range(7):
        expected = np.argsort(-full[i], kind="stable")[:10]
        assert rows[i].tolist() == expected.tolist()
        assert np.allclose(vals[i], full[i, expected])


def test_ties_go_to_the_lower_row_and_short_corpora_are_padded() -> None:
    corpus = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    rows, vals = ExactIndex(corpus).search(np.array([[1.0, 0.0]]), 5)
    assert rows[0].tolist() == [0, 2, 1, -1, -1]
    assert np.isneginf(vals[0, 3:]).all()


def test_hnsw_recall_against_exact_is_high() -> None:
    rng = np.random.default_rng(1)
    corpus, queries = unit(rng, 3000), unit(rng, 50)
    exact, _ = ExactIndex(corpus).search(queries, 20)
    found, _ = HnswIndex(corpus, ef=200).search(queries, 20)
    assert recall_at_k(found, exact) >= 0.95
    assert recall_at_k(exact, exact) == 1.0


def test_build_index_switches_at_the_threshold() -> None:
    corpus = unit(np.random.default_rng(2), 100)
    assert isinstance(build_index(corpus, hnsw_threshold=101), ExactIndex)
    assert isinstance(build_index(corpus, hnsw_threshold=100), HnswIndex)


@pytest.mark.parametrize("parts", [2, 3])
def test_merging_partition_top_k_equals_searching_everything(parts: int) -> None:
    rng = np.random.default_rng(parts)
    corpus, queries = unit(rng, 400, 8), unit(rng, 9, 8)
    corpus[10] = corpus[300]  # a tie across partitions
    queries[0] = corpus[10]
    bounds = np.linspace(0, 400, parts + 1).astype(int)
    partials = [ExactIndex(corpus[a:b]).search(queries, 15) for a, b in itertools.pairwise(bounds)]
    merged = merge_topk(partials, bounds[:-1].tolist(), 15)
    whole = ExactIndex(corpus).search(queries, 15)
    assert np.array_equal(merged[0], whole[0])
    assert np.allclose(merged[1], whole[1])
