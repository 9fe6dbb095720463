"""Ranking metrics and the committed development benchmark."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.evaluate.metrics import evaluate, load_benchmark, mrr, ndcg_at_k, random_ranker, recall_at_k

BENCHMARK = Path(__file__).resolve().parents[3] / "data" / "benchmark" / "dev.json"


def test_ndcg_perfect_and_reversed() -> None:
    grades = {"a": 3, "b": 2, "c": 1}
    assert ndcg_at_k(["a", "b", "c", "x"], grades, 10) == pytest.approx(1.0)
    reversed_ = ndcg_at_k(["c", "b", "a"], grades, 10)
    expected = (1 + 2 / math.log2(3) + 3 / 2) / (3 + 2 / math.log2(3) + 1 / 2)
    assert reversed_ == pytest.approx(expected)
    assert ndcg_at_k(["x", "y"], grades, 10) == 0.0


def test_recall_and_mrr_count_grade_two_and_up() -> None:
    grades = {"a": 3, "b": 2, "c": 1}
    assert recall_at_k(["c", "x", "b"], grades, k=50) == 0.5
    assert recall_at_k(["c", "x", "b"], grades, k=2) == 0.0
    assert mrr(["c", "x", "b"], grades) == pytest.approx(1 / 3)
    assert mrr(["x"], grades) == 0.0


@given(st.permutations(list("abcdefgh")), st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 3)))
def test_metrics_are_bounded(ranking: list[str], grades: dict[str, int]) -> None:
    for value in (ndcg_at_k(ranking, grades, 5), recall_at_k(ranking, grades, 5), mrr(ranking, grades)):
        assert 0.0 <= value <= 1.0 + 1e-12


def test_committed_benchmark_is_small_graded_and_not_copying_labels() -> None:
    assert BENCHMARK.stat().st_size < 3_000_000
    bench = load_benchmark(BENCHMARK)
    assert len(bench.queries) >= 100 and len(bench.candidates) >= 1000
    grades = [g for q in bench.qrels.values() for g in q.values()]
    assert {1, 2, 3} <= set(grades)
    # Seekers describe themselves in other words than the exact occupation label of a query.
    titles = {q.title.lower() for q in bench.queries}
    copied = sum(1 for c in bench.candidates if c.experiences[0].title.lower() in titles)
    assert copied / len(bench.candidates) < 0.05


def test_evaluate_separates_an_oracle_from_random() -> None:
    bench = load_benchmark(BENCHMARK)

    def oracle(query):  # type: ignore[no-untyped-def]
        grades = bench.qrels[query.id]
        return sorted(grades, key=lambda i: (-grades[i], i))

    best = evaluate(oracle, bench)
    assert best["NDCG@10"] == pytest.approx(1.0) and best["Recall@50"] > 0.9
    rand = evaluate(random_ranker(bench), bench)
    assert rand["NDCG@10"] < 0.1
