"""Offline ranking metrics and the development benchmark runner.

Metric names follow LensKit: ``NDCG@10`` (graded gains, exponential-free: gain = grade),
``Recall@50`` and ``MRR`` (both counting grade ≥ ``relevant_grade`` as relevant, default 2: same
occupation, same SSYK-4 or 75 % substitutable).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from matcher.types import Experience, SeekerProfile, VacancyProfile

Ranker = Callable[[VacancyProfile], Sequence[str]]


def ndcg_at_k(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    gains = [grades.get(i, 0) for i in ranked[:k]]
    dcg = sum(g / math.log2(r + 2) for r, g in enumerate(gains))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall_at_k(
    ranked: Sequence[str], grades: Mapping[str, int], k: int = 50, relevant_grade: int = 2
) -> float:
    relevant = {i for i, g in grades.items() if g >= relevant_grade}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:k])) / len(relevant)


def mrr(ranked: Sequence[str], grades: Mapping[str, int], relevant_grade: int = 2) -> float:
    for r, i in enumerate(ranked):
        if grades.get(i, 0) >= relevant_grade:
            return 1.0 / (r + 1)
    return 0.0


@dataclass(frozen=True)
class Benchmark:
    """Queries (vacancies), a candidate pool (seekers) and graded relevance per query."""

    queries: tuple[VacancyProfile, ...]
    candidates: tuple[SeekerProfile, ...]
    qrels: Mapping[str, Mapping[str, int]]
    meta: Mapping[str, Any]


def load_benchmark(path: str | Path, enrich: Callable[[str], Sequence[Any]] | None = None) -> Benchmark:
    """Read a benchmark JSON file; ``enrich`` (text → concepts) fills the profiles' concepts."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))

    def concepts(text: str) -> tuple[Any, ...]:
        return tuple(enrich(text)) if enrich is not None else ()

    queries = tuple(
        VacancyProfile(
            id=q["id"],
            title=q["title"],
            text=q["text"],
            occupation_id=q.get("occupation_id"),
            required_skills=tuple(q.get("required_skills", ())),
            concepts=concepts(q["title"] + "\n" + q["text"]),
        )
        for q in data["queries"]
    )
    candidates = tuple(
        SeekerProfile(
            id=c["id"],
            text=c["text"],
            experiences=tuple(Experience(e["title"], float(e["years"])) for e in c.get("experiences", ())),
            skills=tuple(c.get("skills", ())),
            concepts=concepts("\n".join([*(e["title"] for e in c.get("experiences", ())), c["text"]])),
        )
        for c in data["candidates"]
    )
    return Benchmark(queries, candidates, data["qrels"], data.get("meta", {}))


def ranking_metrics(
    rankings: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Mapping[str, int]],
    k_ndcg: int = 10,
    k_recall: int = 50,
) -> dict[str, float]:
    """Mean NDCG@k, Recall@k and MRR over ranked lists given per query id (queries without a
    relevant candidate are skipped, as in ``evaluate``)."""
    rows = []
    for query_id, ranked in rankings.items():
        grades = qrels.get(query_id, {})
        if not any(g >= 2 for g in grades.values()):
            continue
        ranked = list(ranked)
        rows.append(
            (ndcg_at_k(ranked, grades, k_ndcg), recall_at_k(ranked, grades, k_recall), mrr(ranked, grades))
        )
    means = np.asarray(rows).mean(axis=0) if rows else np.zeros(3)
    return {
        f"NDCG@{k_ndcg}": float(means[0]),
        f"Recall@{k_recall}": float(means[1]),
        "MRR": float(means[2]),
        "queries": float(len(rows)),
    }


def evaluate(ranker: Ranker, benchmark: Benchmark, k_ndcg: int = 10, k_recall: int = 50) -> dict[str, float]:
    """Mean NDCG@k, Recall@k and MRR of ``ranker`` over the benchmark's queries."""
    rankings = {
        query.id: list(ranker(query))
        for query in benchmark.queries
        if any(g >= 2 for g in benchmark.qrels.get(query.id, {}).values())
    }
    return ranking_metrics(rankings, benchmark.qrels, k_ndcg, k_recall)


def random_ranker(benchmark: Benchmark, seed: int = 0) -> Ranker:
    ids = [c.id for c in benchmark.candidates]

    def rank(query: VacancyProfile) -> list[str]:
        rng = np.random.default_rng([seed, sum(map(ord, query.id))])
        return [ids[i] for i in rng.permutation(len(ids))]

    return rank


def similarity_ranker(
    scores_for: Callable[[VacancyProfile], np.ndarray], ids: Sequence[str], k: int = 100
) -> Ranker:
    """A baseline ranking candidates by one similarity (ties by id)."""
    order_ids = np.asarray(ids, dtype=object)
    tiebreak = np.argsort(np.argsort(order_ids, kind="stable"), kind="stable")

    def rank(query: VacancyProfile) -> list[str]:
        scores = scores_for(query)
        order = np.lexsort((tiebreak, -scores))[:k]
        return [str(order_ids[i]) for i in order]

    return rank
