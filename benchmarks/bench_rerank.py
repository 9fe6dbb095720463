"""Batch re-rank at scale on synthetic corpora: time, peak memory, memory-bandwidth bound, Dask overhead.

    .venv/bin/python benchmarks/bench_rerank.py            # writes benchmarks/results/rerank.{json,md}

Embeddings are precomputed random unit vectors (384-d, float32) and profiles carry synthetic
structured fields, so the figures measure the re-rank machinery, not the language model.

* dense top-50 (``matcher.rank.ann.ExactIndex``) for every vacancy over every seeker, vs the time to read
  the corpus once per query block at the bandwidth a numpy copy reaches on this machine;
* the full pipeline (candidates, constraints, features, score, explanations) for every vacancy
  (``RankingPipeline.shortlist_many``, each measured in a fresh process for its peak memory), and
  an incremental run after 1 % of vacancies changed (hashing every profile + re-scoring those);
* the dense stage on a 2-worker Dask LocalCluster (the job's distributed path, whose workers read their
  partitions from a database: ``benchmarks/bench_distributed.py``).
"""

from __future__ import annotations

import copy
import json
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.batch.carry import Carrier
from matcher.embed.embedding import text_key
from matcher.rank.ann import ExactIndex, merge_topk
from matcher.rank.incremental import PoolChange
from matcher.rank.pipeline import RankingPipeline
from matcher.rank.profile_arrays import occupation_guesses, seeker_document, vacancy_document
from matcher.text.taxonomy import default_taxonomy
from matcher.types import Eligibility, SeekerProfile, TargetGroup, VacancyProfile
from service.engine.pools import pool_digest, profile_digest

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
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across fork + exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
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


def with_stored_guesses(vacs: list[VacancyProfile]) -> list[VacancyProfile]:
    """The vacancies as the service hands them to ranking: occupation guesses stored on save."""
    taxonomy = default_taxonomy()
    return [replace(v, occupation_guesses=occupation_guesses(v, taxonomy) or ()) for v in vacs]


def changed_pool(
    pool: list[SeekerProfile], rng: np.random.Generator, share: float = 0.01
) -> list[SeekerProfile]:
    """``share`` of the pool changed: 60 % of it edited profiles, 20 % left, 20 % newly registered."""
    n = max(3, int(len(pool) * share))
    picked = rng.choice(len(pool), size=n, replace=False).tolist()
    edited, left = set(picked[: n * 3 // 5]), set(picked[n * 3 // 5 : n * 4 // 5])
    fresh = seekers(len(pool) + n - len(edited) - len(left), rng)[len(pool) :]
    out = []
    for i, s in enumerate(pool):
        if i in left:
            continue
        out.append(
            replace(s, text=s.text + " truck lager", skills=(*s.skills, "truck")) if i in edited else s
        )
    return out + fresh


def full_pipeline(n_seekers: int, n_vacancies: int) -> dict[str, object]:
    """Every vacancy's top-50 with explanations over the whole pool, as ``matcher rerank`` does in-process;
    then the incremental runs: 1 % of vacancies changed, and 1 % of seekers changed."""
    rng = np.random.default_rng(7)
    pool, vacs = seekers(n_seekers, rng), vacancies(n_vacancies, rng)
    # The service infers each vacancy's occupations when it is saved and stores them with it
    # (service.engine.enrichment); a re-rank reads them. Timed here apart, as that one-off cost per save.
    t = time.perf_counter()
    vacs = with_stored_guesses(vacs)
    guesses_ms = (time.perf_counter() - t) / n_vacancies * 1000
    pipeline = RankingPipeline(Precomputed(), default_taxonomy())
    new_pool = changed_pool(pool, rng)
    # "Embeddings cached": vectors are looked up, not computed, during the timed runs.
    pipeline.embedder.encode_documents([seeker_document(s) for s in pool + new_pool])
    pipeline.embedder.encode_queries([vacancy_document(v) for v in vacs])
    t = time.perf_counter()
    pipeline.index_seekers(pool, lexical=True)
    index_s = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    ranked = list(pipeline.rank_many(vacs, K))
    rank_s, rank_cpu_s = time.perf_counter() - t, time.process_time() - cpu
    stages = {k: round(v / n_vacancies, 3) for k, v in pipeline.last_timings.items()}
    entries = sum(len(r.matches) for r, _ in ranked)
    # Blocks of 64 share one matrix product; on the exact grid each list equals ranking it alone.
    alone = range(0, n_vacancies, max(1, n_vacancies // 50))
    block_equals_alone = all(pipeline.shortlist(vacs[j], K) == ranked[j][0] for j in alone)
    # 1 % of vacancies changed: every profile hashed (what a run does to plan), those re-scored.
    changed = max(1, n_vacancies // 100)
    t = time.perf_counter()
    digest = pool_digest(pool, pipeline.scorer.version, date.today())
    hashes = {v.id: profile_digest(v) + digest for v in vacs}
    for _ in pipeline.shortlist_many(vacs[:changed], K):
        pass
    incremental = time.perf_counter() - t
    # 1 % of seekers changed: hash the new pool, diff it against the old one, index it (vectors and
    # arrays, no lexical matrix), carry every vacancy's list from its state; explanations computed only
    # for seekers new on a list (the others' are taken from the previous list, as the job does).
    lists = [r for r, _ in ranked]
    old_digests = [profile_digest(s) for s in pool]
    del pipeline
    carrier = RankingPipeline(Precomputed(), default_taxonomy())
    carrier.embedder.encode_documents([seeker_document(s) for s in new_pool])
    carrier.embedder.encode_queries([vacancy_document(v) for v in vacs])
    t = time.perf_counter()
    new_digests = [profile_digest(s) for s in new_pool]
    change = PoolChange.between([s.id for s in pool], old_digests, [s.id for s in new_pool], new_digests)
    diff_s = time.perf_counter() - t
    carrier.index_seekers(new_pool)
    index_new_s = time.perf_counter() - t - diff_s
    carried = list(Carrier(carrier).carry_many(vacs, [st for _, st in ranked], change, K, previous=lists))
    carry_s = time.perf_counter() - t
    outcome = {
        "unchanged": sum(c.state is not None and c.ranked is None for c in carried),
        "changed": sum(c.ranked is not None for c in carried),
        "ranked_in_full": sum(c.state is None for c in carried),
    }
    # Exactness on a sample: the carried lists against ranking the new pool in full.
    sample = list(range(0, n_vacancies, max(1, n_vacancies // 100)))
    full = carrier.shortlist_many([vacs[j] for j in sample], K)
    identical = all(
        (carried[j].ranked or ranked[j][0]) == want
        for j, want in zip(sample, full, strict=True)
        if carried[j].state is not None
    )
    return {
        "seekers": n_seekers,
        "vacancies": n_vacancies,
        "index_s": round(index_s, 2),
        "rank_s": round(rank_s, 2),
        "full_rerank_s": round(index_s + rank_s, 1),
        "ms_per_vacancy": round(rank_s / n_vacancies * 1000, 2),
        # CPU (both threads) per vacancy: comparable on a shared machine, where wall time is not.
        "cpu_ms_per_vacancy": round(rank_cpu_s / n_vacancies * 1000, 2),
        "load_average": [round(x, 1) for x in __import__("os").getloadavg()],
        "occupation_inference_on_save_ms_per_vacancy": round(guesses_ms, 2),
        "entries": entries,
        "stage_ms_per_vacancy": stages,
        "incremental_1pct_vacancies_s": round(incremental + index_s, 2),
        "changed_vacancies": changed,
        "hashed": len(hashes),
        "incremental_1pct_seekers_s": round(carry_s, 2),
        "incremental_seekers_split_s": {
            "hash_and_diff": round(diff_s, 2),
            "index": round(index_new_s, 2),
            "carry": round(carry_s - diff_s - index_new_s, 2),
        },
        "changed_seekers": {"departures": change.departures, "arrivals": int(change.arrivals.size)},
        "carry_outcome": outcome,
        "carry_identical_on_sample": identical,
        "block_equals_alone_on_sample": block_equals_alone,
        "sample": len(sample),
        "peak_rss_mib": round(peak_rss_mib(), 0),
    }


def job_inputs(
    n_seekers: int, n_vacancies: int
) -> tuple[list[SeekerProfile], list[VacancyProfile], RankingPipeline]:
    """A synthetic pool, vacancies with stored guesses and a pipeline whose vectors are cached."""
    rng = np.random.default_rng(7)
    pool, vacs = seekers(n_seekers, rng), with_stored_guesses(vacancies(n_vacancies, rng))
    pipeline = RankingPipeline(Precomputed(), default_taxonomy())
    pipeline.embedder.encode_documents([seeker_document(s) for s in pool])
    pipeline.embedder.encode_queries([vacancy_document(v) for v in vacs])
    return pool, vacs, pipeline


def forked_pipeline(n_seekers: int, n_vacancies: int, workers: int = 2) -> dict[str, object]:
    """The job's whole-pool path (``score_whole``) on forked local processes that inherit the index."""
    from service.jobs.executors import LocalProcesses
    from service.jobs.progress import Silent
    from service.jobs.rerank import score_whole

    pool, vacs, pipeline = job_inputs(n_seekers, n_vacancies)
    executor = LocalProcesses(workers)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time()
    try:
        t = time.perf_counter()
        indexed = copy.copy(pipeline).index_seekers(pool, lexical=True)
        index_s = time.perf_counter() - t
        lists = {v.id: r for v, r, _ in score_whole(indexed, pool, vacs, K, executor, Silent())}
        seconds = time.perf_counter() - t
    finally:
        executor.close()  # the workers are joined: their CPU time is in RUSAGE_CHILDREN now
    cpu_s = time.process_time() - cpu
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu_s = done.ru_utime + done.ru_stime - children.ru_utime - children.ru_stime
    sample = range(0, n_vacancies, max(1, n_vacancies // 20))
    return {
        "seekers": n_seekers,
        "vacancies": n_vacancies,
        "workers": workers,
        "index_s": round(index_s, 2),
        "full_rerank_s": round(seconds, 1),
        # CPU seconds of the timed run (this process, then its workers): comparable on a shared machine.
        "cpu_s": {"parent": round(cpu_s, 1), "workers": round(workers_cpu_s, 1)},
        "load_average": [round(x, 1) for x in __import__("os").getloadavg()],
        "peak_rss_mib": {"parent": round(peak_rss_mib(), 0), "worker": round(done.ru_maxrss / 1024, 0)},
        "equal_to_ranking_alone_on_sample": all(
            indexed.shortlist(vacs[j], K) == lists[vacs[j].id].ranked() for j in sample
        ),
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
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
        ) as cluster,
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


def _in_subprocess(fn: str, *args: int) -> dict[str, float]:
    """Run one measurement in a fresh interpreter, so its peak memory is its own."""
    out = subprocess.run(
        [sys.executable, __file__, fn, *map(str, args)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


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
        dense_stage(s, v, gbs)
        for s, v in ((10_000, 1_000), (50_000, 5_000), (100_000, 5_000), (500_000, 1_000), (500_000, 5_000))
    ]
    results["pipeline"] = [
        _in_subprocess("full_pipeline", s, v) for s, v in ((10_000, 1_000), (50_000, 5_000), (100_000, 1_000))
    ]
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
            f"| full pipeline, top-{K} + explanations | {p['seekers']} | "
            f"{p['vacancies']} | {p['full_rerank_s']} | {p['peak_rss_mib']} MiB RSS | "
            f"{p['ms_per_vacancy']} ms/vacancy; index {p['index_s']} s; each list equal to ranking "
            f"its vacancy alone (sampled): {p['block_equals_alone_on_sample']} |"
        )
        lines.append(
            f"| incremental, 1 % vacancies changed | {p['seekers']} | {p['changed_vacancies']} | "
            f"{p['incremental_1pct_vacancies_s']} | | index + hash all + re-score changed |"
        )
        c, o, split = p["changed_seekers"], p["carry_outcome"], p["incremental_seekers_split_s"]
        lines.append(
            f"| incremental, 1 % seekers changed | {p['seekers']} | {p['vacancies']} | "
            f"{p['incremental_1pct_seekers_s']} | | hash + diff {split['hash_and_diff']} s, "
            f"index {split['index']} s, carry {split['carry']} s; "
            f"{c['departures']} left or edited, {c['arrivals']} new or "
            f"edited; lists unchanged {o['unchanged']}, changed {o['changed']}, ranked in full "
            f"{o['ranked_in_full']}; identical to a full re-rank on {p['sample']} sampled: "
            f"{p['carry_identical_on_sample']} |"
        )
    d = results["dask"]
    lines.append(
        f"| dense, Dask 2 workers | {d['seekers']} | {d['vacancies']} | {d['two_workers_s']} | | "  # type: ignore[index]
        f"in-process {d['in_process_s']} s; cluster start {d['cluster_start_s']} s; identical |"
    )  # type: ignore[index]
    (OUT / "rerank.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) > 1:  # one measurement, for _in_subprocess
        print(json.dumps(globals()[sys.argv[1]](*map(int, sys.argv[2:]))))
    else:
        main()
