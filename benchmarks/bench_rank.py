"""Shortlist latency against 10,000 and 100,000 stored seekers, split by stage.

    .venv/bin/python benchmarks/bench_rank.py [--sizes 10000 100000] [--queries 40]

Seekers are the development benchmark's candidate texts (enriched and embedded once, as the service
stores them) replicated with random structured attributes; vacancies are the benchmark's queries
with random constraints. Embeddings and enrichment are cached before timing, as in the service.
The embedder is the service's configured backend (``MATCHER_EMBEDDING_BACKEND``, default static).

Peers, timed in the same run, interleaved query by query: the dense bound (a float32 product of the
query vector with the same seeker vectors and an argpartition top 50, at 1 BLAS thread and at the
default count, the faster counted) and the lexical peer (scikit-learn ``TfidfVectorizer`` char_wb 3-5
fitted on the pool, query transform, sparse product, top 50). The ratio is our median over the sum
of the two peers' medians. Writes benchmarks/results/rank_bench.json and rank_bench.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from threadpoolctl import threadpool_limits

from matcher.embed.embedding import CachedEmbedder
from matcher.evaluate.metrics import load_benchmark
from matcher.rank.pipeline import RankingPipeline
from matcher.rank.profile_arrays import vacancy_document
from matcher.text.enrich import enrich
from matcher.text.taxonomy import default_taxonomy
from matcher.types import (
    Eligibility,
    LanguageSkill,
    PlacementKind,
    SeekerProfile,
    TargetGroup,
    VacancyProfile,
)

MUNICIPALITIES = [
    "0180",
    "1480",
    "1280",
    "0380",
    "0580",
    "1880",
    "1980",
    "0680",
    "2480",
    "1281",
    "0181",
    "2281",
    "1283",
    "0114",
    "0184",
    "2580",
    "1380",
    "0780",
    "1781",
    "2180",
]
LEVELS = ["A1", "A2", "B1", "B2", "C1", "native", None]


def seekers(base: list[SeekerProfile], n: int, rng: random.Random) -> list[SeekerProfile]:
    out = []
    for i in range(n):
        s = base[i % len(base)]
        groups = rng.sample(list(TargetGroup), rng.randint(0, 2))
        out.append(
            replace(
                s,
                id=f"s{i:06d}",
                municipality_code=rng.choice(MUNICIPALITIES),
                max_commute_km=rng.choice([None, 10.0, 30.0, 60.0]),
                languages=(LanguageSkill("sv", rng.choice(LEVELS)),),
                licences=tuple(rng.sample(["B", "C", "CE", "TRUCK_A"], rng.randint(0, 2))),
                available_from=date(2025, 1, 1) + timedelta(days=rng.randint(0, 200)),
                wanted_extent=rng.choice([None, 50, 75, 100]),
                registered_at=date(2022, 1, 1) + timedelta(days=rng.randint(0, 1000)),
                eligibility=tuple(Eligibility(g) for g in groups),
                consent=rng.random() > 0.02,
            )
        )
    return out


def vacancies(base: list[VacancyProfile], rng: random.Random) -> list[VacancyProfile]:
    return [
        replace(
            v,
            swedish_level=rng.choice(["A2", "B1", "B2", None]),
            licences_required=tuple(rng.sample(["B", "TRUCK_A"], rng.randint(0, 1))),
            municipality_code=rng.choice(MUNICIPALITIES),
            start_date=date(2025, 3, 1) + timedelta(days=rng.randint(0, 90)),
            kind=rng.choice(list(PlacementKind)),
            target_groups=tuple(rng.sample(list(TargetGroup), rng.randint(0, 3))),
        )
        for v in base
    ]


class Peers:
    """The dense bound and the lexical peer on the pipeline's own pool, timed one query at a time."""

    def __init__(self, pipeline: RankingPipeline, texts: list[str], k: int = 50) -> None:
        self.k = k
        self.texts = texts
        self.vectors = np.ascontiguousarray(pipeline.seeker_vectors_, dtype=np.float32)
        self.queries = np.asarray(pipeline.embedder.encode_queries(texts), dtype=np.float32)
        self.tfidf = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
        ).fit(pipeline.seeker_docs_)
        self.docs_t = self.tfidf.transform(pipeline.seeker_docs_).T.tocsr()
        self.dense: list[float] = []
        self.lexical: list[float] = []

    def _top(self, scores: np.ndarray) -> np.ndarray:
        part = np.argpartition(-scores, self.k)[: self.k]
        return part[np.argsort(-scores[part], kind="stable")]

    def time(self, i: int) -> None:
        best = float("inf")
        for threads in (1, None):
            with threadpool_limits(limits=threads, user_api="blas"):
                t = time.perf_counter()
                self._top(self.vectors @ self.queries[i])
                best = min(best, time.perf_counter() - t)
        self.dense.append(best * 1000)
        t = time.perf_counter()
        scores = (self.tfidf.transform([self.texts[i]]) @ self.docs_t).toarray()[0]
        self._top(scores)
        self.lexical.append((time.perf_counter() - t) * 1000)

    def medians(self) -> tuple[float, float]:
        return statistics.median(self.dense), statistics.median(self.lexical)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--benchmark", type=Path, default=Path("data/benchmark/dev.json"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/rank_bench"))
    args = parser.parse_args()
    rng = random.Random(7)
    bench = load_benchmark(args.benchmark, enrich=enrich)
    from service.engine.ranking import embedder as service_embedder

    embedder = CachedEmbedder(service_embedder())
    taxonomy = default_taxonomy()
    queries = vacancies(list(bench.queries[: args.queries]), rng)
    report: dict[str, object] = {
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}",
        "runs": [],
    }
    for n in args.sizes:
        pool = seekers(list(bench.candidates), n, rng)
        t0 = time.perf_counter()
        pipeline = RankingPipeline(embedder, taxonomy, reference_date=date(2025, 3, 1)).index_seekers(pool)
        index_s = time.perf_counter() - t0
        for q in queries:  # warm the vacancy embedding cache, as the service would have
            pipeline.shortlist(q, k=50)
        peer = Peers(pipeline, [vacancy_document(q) for q in queries])
        totals: list[float] = []
        stages: dict[str, list[float]] = {}
        for _ in range(3):
            for i, q in enumerate(queries):
                t = time.perf_counter()
                pipeline.shortlist(q, k=50)
                totals.append((time.perf_counter() - t) * 1000)
                for stage, ms in pipeline.last_timings.items():
                    stages.setdefault(stage, []).append(ms)
                peer.time(i)
        ours = statistics.median(totals)
        dense_ms, lexical_ms = peer.medians()
        run = {
            "seekers": n,
            "model_id": embedder.model_id,
            "index_seconds": round(index_s, 1),
            "median_ms": round(ours, 2),
            "p95_ms": round(sorted(totals)[int(0.95 * len(totals))], 2),
            "stage_median_ms": {k: round(statistics.median(v), 2) for k, v in stages.items()},
            "dense_bound_ms": round(dense_ms, 2),
            "lexical_peer_ms": round(lexical_ms, 2),
            "ratio_to_peers": round(ours / (dense_ms + lexical_ms), 2),
        }
        report["runs"].append(run)  # type: ignore[attr-defined]
        print(json.dumps(run))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [
        "# Shortlist latency (k=50, explanations included)",
        "",
        f"Machine: {report['machine']}",
        "",
        "| seekers | median ms | p95 ms | dense bound ms | lexical peer ms | ratio | stages (median ms) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in report["runs"]:  # type: ignore[attr-defined]
        st = ", ".join(f"{k} {v}" for k, v in run["stage_median_ms"].items())
        lines.append(
            f"| {run['seekers']:,} | {run['median_ms']} | {run['p95_ms']} | {run['dense_bound_ms']} | "
            f"{run['lexical_peer_ms']} | {run['ratio_to_peers']} | {st} |"
        )
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
