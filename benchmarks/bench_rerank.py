"""Batch re-rank at scale on synthetic corpora: time, peak memory, memory-bandwidth bound, Dask overhead.

    .venv/bin/python benchmarks/bench_rerank.py            # writes benchmarks/results/rerank.{json,md}

Embeddings are precomputed random unit vectors (384-d, float32) and profiles carry synthetic
structured fields, so the figures measure the re-rank machinery, not the language model.

* dense top-50 (``matcher.ann.ExactIndex``) for every vacancy over every seeker, vs the time to read
  the corpus once per query block at the bandwidth a numpy copy reaches on this machine;
* the full pipeline (candidates, constraints, features, score, explanations) per vacancy on 50k
  seekers, extrapolated to 5k vacancies, and an incremental run after 1 % of vacancies changed
  (hashing every profile + re-scoring the changed ones);
* the dense stage on a 2-worker Dask LocalCluster, seekers partitioned and partial top-k merged.
"""

from __future__ import annotations

import json
import platform
import resource
import sys
import time
import tracemalloc
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.ann import ExactIndex, merge_topk
from matcher.embedding import text_key
from matcher.pipeline import RankingPipeline
from matcher.taxonomy import default_taxonomy
from matcher.types import Eligibility, SeekerProfile, TargetGroup, VacancyProfile
from service.engine import pool_digest, profile_digest

DIM, K = 384, 50
OUT = Path(__file__).resolve().parent / "results"
WORDS = [
    "städ",
    "lokalvård",
    "kock",
    "lager",
    "truck",
    "chaufför",
    "svets",
    "snickare",
    "vård",
    "barnskötare",
    "kassa",
    "butik",
    "support",
    "målare",
    "diskare",
    "bagare",
    "montör",
    "elektriker",
]
MUNICIPALITIES = ("0180", "1280", "1480", "0380", "1281")


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    x = rng.standard_normal((n, DIM), dtype=np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def bandwidth_gbs(n_bytes: int = 1 << 30) -> float:
    src = np.ones(n_bytes // 8)
    dst = np.empty_like(src)
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t)
    return 2 * n_bytes / best / 1e9  # read + write


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dense_stage(n_seekers: int, n_vacancies: int, gbs: float) -> dict[str, float]:
    rng = np.random.default_rng(n_seekers)
    corpus, queries = unit(rng, n_seekers), unit(rng, n_vacancies)
    index = ExactIndex(corpus)
    tracemalloc.start()
    t = time.perf_counter()
    index.search(queries, K)
    seconds = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    blocks = -(-n_vacancies // index.block)
    bound = blocks * corpus.nbytes / (gbs * 1e9)
    return {
        "seekers": n_seekers,
        "vacancies": n_vacancies,
        "seconds": round(seconds, 3),
        "vacancies_per_s": round(n_vacancies / seconds, 1),
        "peak_traced_mib": round(peak / 2**20, 1),
        "corpus_mib": round(corpus.nbytes / 2**20, 1),
        "bandwidth_bound_s": round(bound, 3),
        "gflop_per_s": round(2 * n_seekers * n_vacancies * DIM / seconds / 1e9, 1),
    }


class Precomputed:
    """An Embedder serving fixed random vectors (seeded by the text's hash)."""

    model_id = "synthetic-384"
    dim = DIM

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), DIM), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i] = unit(np.random.default_rng(int(text_key(t)[:12], 16)), 1)[0]
        return out

    encode_queries = _encode
    encode_documents = _encode


def seekers(n: int, rng: np.random.Generator) -> list[SeekerProfile]:
    groups = list(TargetGroup)
    return [
        SeekerProfile(
            id=str(i),
            text=" ".join(rng.choice(WORDS, 8)),
            skills=tuple(rng.choice(WORDS, 2)),
            municipality_code=str(rng.choice(MUNICIPALITIES)),
            wanted_extent=int(rng.choice([50, 75, 100])),
            registered_at=date(2025, 1 + i % 12, 1),
            eligibility=(Eligibility(groups[i % len(groups)]),) if i % 4 else (),
        )
        for i in range(n)
    ]


def vacancies(n: int, rng: np.random.Generator, tag: str = "") -> list[VacancyProfile]:
    return [
        VacancyProfile(
            id=f"v{j}",
            title=str(rng.choice(WORDS)),
            text=" ".join(rng.choice(WORDS, 10)) + tag,
            required_skills=tuple(rng.choice(WORDS, 2)),
            municipality_code=str(rng.choice(MUNICIPALITIES)),
            target_groups=(TargetGroup.NEWCOMER, TargetGroup.YOUTH) if j % 2 else (),
        )
        for j in range(n)
    ]


def full_pipeline(n_seekers: int, n_vacancies: int, sample: int) -> dict[str, float]:
    rng = np.random.default_rng(7)
    pool, vacs = seekers(n_seekers, rng), vacancies(n_vacancies, rng)
    pipeline = RankingPipeline(Precomputed(), default_taxonomy())
    t = time.perf_counter()
    pipeline.index_seekers(pool)
    index_s = time.perf_counter() - t
    t = time.perf_counter()
    for v in vacs[:sample]:
        pipeline.shortlist(v, K)
    per_vacancy = (time.perf_counter() - t) / sample
    # Incremental: every profile hashed (what a run does to plan), 1 % of vacancies re-scored.
    changed = max(1, n_vacancies // 100)
    t = time.perf_counter()
    digest = pool_digest(pool, pipeline.scorer.version, date.today())
    hashes = {v.id: profile_digest(v) + digest for v in vacs}
    for v in vacs[:changed]:
        pipeline.shortlist(v, K)
    incremental = time.perf_counter() - t
    return {
        "seekers": n_seekers,
        "vacancies": n_vacancies,
        "index_s": round(index_s, 2),
        "ms_per_vacancy": round(per_vacancy * 1000, 2),
        "sampled_vacancies": sample,
        "full_rerank_s_extrapolated": round(index_s + per_vacancy * n_vacancies, 1),
        "incremental_1pct_s": round(incremental + index_s, 2),
        "changed_vacancies": changed,
        "hashed": len(hashes),
        "peak_rss_mib": round(peak_rss_mib(), 0),
    }


def _partition_search(part: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    corpus, queries = part
    return ExactIndex(corpus).search(queries, K)


def dask_dense(n_seekers: int, n_vacancies: int) -> dict[str, float]:
    from distributed import Client, LocalCluster

    rng = np.random.default_rng(n_seekers)
    corpus, queries = unit(rng, n_seekers), unit(rng, n_vacancies)
    t = time.perf_counter()
    whole = ExactIndex(corpus).search(queries, K)
    in_process = time.perf_counter() - t
    t = time.perf_counter()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        startup = time.perf_counter() - t
        half = n_seekers // 2
        t = time.perf_counter()
        q = client.scatter(queries, broadcast=True)
        parts = [
            client.submit(_partition_search, (corpus[a:b], q)) for a, b in ((0, half), (half, n_seekers))
        ]
        partials = client.gather(parts)
        merged = merge_topk(partials, [0, half], K)
        distributed = time.perf_counter() - t
    assert np.array_equal(merged[0], whole[0]), "partitioned top-k differs from the exact search"
    return {
        "seekers": n_seekers,
        "vacancies": n_vacancies,
        "in_process_s": round(in_process, 3),
        "two_workers_s": round(distributed, 3),
        "cluster_start_s": round(startup, 2),
        "overhead_s": round(distributed - in_process / 2, 3),
        "identical": True,
    }


def main() -> None:
    started = time.perf_counter()
    gbs = bandwidth_gbs()
    results: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": __import__("os").cpu_count(),
            "numpy_copy_gbs": round(gbs, 2),
        }
    }
    results["dense"] = [
        dense_stage(s, v, gbs) for s, v in ((10_000, 1_000), (50_000, 5_000), (100_000, 5_000))
    ]
    results["pipeline"] = [full_pipeline(10_000, 1_000, 300), full_pipeline(50_000, 5_000, 300)]
    results["dask"] = dask_dense(50_000, 5_000)
    results["total_bench_s"] = round(time.perf_counter() - started, 1)
    OUT.mkdir(exist_ok=True)
    (OUT / "rerank.json").write_text(json.dumps(results, indent=2) + "\n")
    lines = [
        "# Batch re-rank benchmark",
        "",
        f"numpy copy bandwidth: {gbs:.1f} GB/s; {results['machine']['cpus']} CPUs",
        "",  # type: ignore[index]
        "| stage | seekers | vacancies | seconds | peak memory | note |",
        "|---|---|---|---|---|---|",
    ]
    for d in results["dense"]:  # type: ignore[attr-defined]
        lines.append(
            f"| dense top-{K} | {d['seekers']} | {d['vacancies']} | {d['seconds']} | "
            f"{d['peak_traced_mib']} MiB traced | bandwidth bound {d['bandwidth_bound_s']} s, "
            f"{d['gflop_per_s']} GFLOP/s |"
        )
    for p in results["pipeline"]:  # type: ignore[attr-defined]
        lines.append(
            f"| full pipeline (extrapolated from {p['sampled_vacancies']}) | {p['seekers']} | "
            f"{p['vacancies']} | {p['full_rerank_s_extrapolated']} | {p['peak_rss_mib']} MiB RSS | "
            f"{p['ms_per_vacancy']} ms/vacancy; index {p['index_s']} s |"
        )
        lines.append(
            f"| incremental, 1 % vacancies changed | {p['seekers']} | {p['changed_vacancies']} | "
            f"{p['incremental_1pct_s']} | | index + hash all + re-score changed |"
        )
    d = results["dask"]
    lines.append(
        f"| dense, Dask 2 workers | {d['seekers']} | {d['vacancies']} | {d['two_workers_s']} | | "  # type: ignore[index]
        f"in-process {d['in_process_s']} s; cluster start {d['cluster_start_s']} s; identical |"
    )  # type: ignore[index]
    (OUT / "rerank.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
