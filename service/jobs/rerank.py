"""Batch re-ranking: every open vacancy's READY shortlist brought up to date, incrementally and resumably.

Per matching actor (the pool a shortlist is ranked from, as in ``service.engine.pools``):

1. embed   texts whose (model, content hash) vector is not cached yet, in fixed chunks sorted by hash
           (the same chunks on every executor, hence the same vectors), on the executor;
2. index   the actor's consenting seekers (all vectors now come from the cache);
3. plan    a vacancy's input hash = its profile + the pool digest (every seeker profile, the scorer,
           the day); with the model version and config it names the shortlist. A vacancy whose READY
           list has the same three is kept as it is;
4. carry   a vacancy whose READY list has a stored state for the same vacancy, model, config and day
           is carried to the changed pool (``matcher.batch.carry``): only arrivals and seekers entering or
           leaving a top N are scored; the result equals ranking in full. An unchanged list only gets
           its new input hash;
5. score   the rest (no state, a margin used up, > 20 % of the pool changed), chunks of vacancies on
           the executor, or seekers partitioned over Dask workers, each worker reading its partition
           from the database (``service.jobs.partitions``);
6. write   each shortlist with its state as soon as it is ready, up to 50 lists (or 2 s worth) per
           transaction, each whole (``service.jobs.store.ShortlistWriter``).

Killed at any point and started again, a run re-does only the vacancies without an up-to-date READY
list, so it ends with exactly the rows an uninterrupted run writes. In manual mode nothing is written.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import ctypes
import functools
import gc
import hashlib
import itertools
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import Engine, func
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from matcher import (
    DEFAULT_MARGIN,
    CachedEmbedder,
    Carrier,
    Cutoff,
    Embedder,
    EmbeddingCache,
    InMemoryEmbeddingCache,
    PackedList,
    PoolChange,
    RankedList,
    RankingPipeline,
    RankState,
    SeekerProfile,
    VacancyProfile,
    merge_cutoff,
    merge_packed,
)
from matcher.embed.embedding import text_key
from matcher.rank.profile_arrays import seeker_document, vacancy_document
from models import EmploymentRequirement, Shortlist, ShortlistEntry, Vacancy
from models.enums import ShortlistStatus, VacancyStatus
from service.engine.enrichment import refresh_occupation_guesses
from service.engine.pools import (
    IndexedPool,
    config_hash,
    open_vacancy_profiles,
    pool_digest,
    profile_digest,
    seeker_profiles,
)
from service.engine.pools import shortlist_input_hash as input_hash_of
from service.engine.ranking import build_pipeline
from service.jobs import store
from service.jobs.allocation import compare
from service.jobs.executors import (  # WorkersLost: issue 26 part B
    Executor,
    ExecutorUnavailable,
    InProcess,
    WorkersLost,
    chunked,
    make_executor,
)
from service.jobs.partitions import (
    Partition,
    PartitionChanged,
    plan_partitions,
    read_partition,
    read_vectors,
)
from service.jobs.progress import Progress, eta_s, make_progress, rss_mib, start_window, window_peak
from service.platform.config import get_settings
from service.platform.db import make_engine
from service.system.service import is_manual_mode

EMBED_CHUNK = 64
SCORE_CHUNK = 128  # vacancies per task


def similarity_block(executor: Executor) -> int:
    """Vacancies per similarity product in a task. One worker: two blocks a task, the second's product
    on a thread while the first is ranked. Several: the whole task in one product, without that thread,
    since the other workers keep the cores busy (1.3 s of 12.6 in the 50,000 x 5,000 re-rank)."""
    return SCORE_CHUNK if executor.workers > 1 else SCORE_CHUNK // 2


@dataclass
class RunReport:
    status: str  # done | manual_mode | locked | failed
    run_id: int | None = None
    message: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AllocationConfig:
    capacity: int = 1  # vacancies a seeker is proposed to at most
    factor: float = 1.0  # seekers proposed per position


class _NoEncoder:
    """Stands in for the model on workers: every vector they need was computed before shipping."""

    def __init__(self, model_id: str, dim: int) -> None:
        self._model_id, self._dim = model_id, dim

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dim(self) -> int:
        return self._dim

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("a vacancy vector missing on a worker: embed before scoring")

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("a seeker vector missing on a worker: embed before scoring")


def _embed_chunk(texts: list[str], side: str, embedder: Embedder) -> np.ndarray:
    return embedder.encode_queries(texts) if side == "query" else embedder.encode_documents(texts)


def _score_chunk(
    vacancies: list[VacancyProfile], pipeline: RankingPipeline, k: int, block: int, encode: bool = False
) -> tuple[Sequence[tuple[PackedList | store.EncodedList, RankState]], dict[str, float]]:
    """The chunk's lists (as columns: unpacked by the caller) and states, and the pipeline's
    milliseconds per stage on it (for the cost model); with ``encode``, the lists with the JSON they are
    stored as (``store.encoded``: the work is shared by the workers, not left to the one writer)."""
    results = list(pipeline.rank_many_packed(vacancies, k=k, block=block))
    timings = dict(pipeline.last_timings)
    if not encode:
        return results, timings
    t = time.perf_counter()
    encoded = [(store.encoded(packed), state) for packed, state in results]
    timings["encode"] = (time.perf_counter() - t) * 1000
    return encoded, timings


def embed_missing(
    cached: CachedEmbedder, texts: Sequence[str], side: str, executor: Executor, progress: Progress
) -> tuple[int, int]:
    """Embed the texts not cached yet; (hits, misses) counted per distinct text."""
    namespace = f"{cached.model_id}/{side}"
    by_key = {text_key(t): t for t in texts}
    found = cached.cache.get_many(namespace, list(by_key))
    missing = sorted(k for k in by_key if k not in found)
    progress.stage(f"embed_{side}", len(missing))
    key_chunks = chunked(missing, EMBED_CHUNK)
    if len(key_chunks) == 1 and getattr(executor, "shares_memory", False):
        executor = InProcess()  # one chunk: not worth forking workers for
    if key_chunks:
        handle = executor.share(cached.embedder)
        text_chunks = [[by_key[k] for k in chunk] for chunk in key_chunks]
        for i, vectors in executor.map(_embed_chunk, text_chunks, side, handle):
            cached.cache.put_many(namespace, dict(zip(key_chunks[i], vectors, strict=True)))
            progress.advance(len(key_chunks[i]))
    return len(by_key) - len(missing), len(missing)


def _shippable(
    pipeline: RankingPipeline, seeker_docs: Sequence[str], vacancies: Sequence[VacancyProfile]
) -> RankingPipeline:
    """The pipeline with these texts' vectors in memory and no database or model behind it."""
    cached = pipeline.embedder
    memory = InMemoryEmbeddingCache()
    for side, texts in (("document", seeker_docs), ("query", [vacancy_document(v) for v in vacancies])):
        namespace = f"{cached.model_id}/{side}"
        memory.put_many(namespace, cached.cache.get_many(namespace, [text_key(t) for t in texts]))
    shipped = copy.copy(pipeline)
    shipped.embedder = CachedEmbedder(_NoEncoder(cached.model_id, cached.dim), memory)
    return shipped


def allocate_for_actor(engine: Engine, actor_id: int, capacity: int, factor: float) -> dict[str, Any]:
    """Global vs greedy allocation over the actor's READY shortlists (engine entries only)."""
    with Session(engine) as session:
        rows = session.exec(
            select(Vacancy.id, Vacancy.positions, ShortlistEntry.seeker_id, ShortlistEntry.score)
            .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
            .join(Shortlist, col(Shortlist.vacancy_id) == col(Vacancy.id))
            .join(ShortlistEntry, col(ShortlistEntry.shortlist_id) == col(Shortlist.id))
            .where(
                EmploymentRequirement.matching_actor_id == actor_id,
                Vacancy.status == VacancyStatus.OPEN,
                Shortlist.status == ShortlistStatus.READY,
                ShortlistEntry.source == "engine",
            )
        ).all()
    vacancy_ids = sorted({int(r[0] or 0) for r in rows})
    seeker_ids = sorted({r[2] for r in rows})
    v_row = {v: i for i, v in enumerate(vacancy_ids)}
    s_col = {s: j for j, s in enumerate(seeker_ids)}
    scores = np.full((len(vacancy_ids), len(seeker_ids)), np.nan)
    positions = np.zeros(len(vacancy_ids), dtype=np.int64)
    for vacancy_id, n_positions, seeker_id, score in rows:
        scores[v_row[int(vacancy_id or 0)], s_col[seeker_id]] = score
        positions[v_row[int(vacancy_id or 0)]] = n_positions
    return compare(scores, positions, factor, capacity)


def _matching_actors(engine: Engine) -> list[int]:
    return sorted(_open_per_actor(engine))


def _open_per_actor(engine: Engine) -> dict[int, int]:
    """Open vacancies per matching actor (the run's overall progress is counted in vacancies)."""
    with Session(engine) as session:
        rows = session.exec(
            select(EmploymentRequirement.matching_actor_id, func.count(col(Vacancy.id)))
            .join(Vacancy, col(Vacancy.contract_id) == col(EmploymentRequirement.contract_id))
            .where(Vacancy.status == VacancyStatus.OPEN)
            .group_by(col(EmploymentRequirement.matching_actor_id))
        ).all()
    return {int(actor or 0): int(n) for actor, n in rows}


def release_memory() -> None:
    """Hand one pool's freed arrays back to the system before the next pool (glibc keeps freed heap
    otherwise, so a large pool's peak would stay resident for the rest of the run)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


RELEASE_FROM = 1_000  # seekers: below that a pool's memory is not worth a full collection
CARRY_LIMIT = 0.2  # carry shortlists when at most this share of the pool changed; else rank in full


def _rerank_actor(
    engine: Engine,
    actor_id: int,
    *,
    run_id: int,
    day: date,
    top_k: int,
    executor: Executor,
    progress: Progress,
    counts: dict[str, int],
    hashes: list[str],
    cost: dict[str, float] | None = None,
) -> None:
    cost = {} if cost is None else cost
    progress.stage("read", 1)
    with Session(engine) as session:
        pipeline = build_pipeline(
            session, engine, lexical_dense_budget=get_settings().rerank_lexical_dense_mib * 2**20
        )
        seekers = seeker_profiles(session, actor_id)
        vacancies = open_vacancy_profiles(session, actor_id)
    progress.advance()
    cached = pipeline.embedder
    seeker_docs = [seeker_document(s) for s in seekers]  # embedded now, indexed below: made once
    for side, texts in (("document", seeker_docs), ("query", [vacancy_document(v) for v in vacancies])):
        hits, misses = embed_missing(cached, texts, side, executor, progress)
        counts["cache_hits"] += hits
        counts["embedded"] += misses
    store.kill_hook("embedded", 0)
    progress.stage("plan", len(seekers) + len(vacancies))
    digests = [profile_digest(s) for s in seekers]
    pool = IndexedPool(pipeline, pool_digest(seekers, pipeline.scorer.version, day, digests), len(seekers))
    model_version = pipeline.model_version[:64]
    cfg = config_hash(pipeline, top_k)
    ready = store.ready_keys(engine, [int(v.id) for v in vacancies])
    todo: list[tuple[VacancyProfile, str]] = []
    for v in vacancies:
        ih = input_hash_of(v, pool)
        hashes.append(ih)
        found = ready.get(int(v.id))
        if found is not None and found[:3] == (ih, model_version, cfg):
            counts["kept"] += 1
        else:
            todo.append((v, ih))
    counts["seekers"] += len(seekers)
    counts["vacancies"] += len(vacancies)
    progress.advance(len(seekers) + len(vacancies))
    if not todo:
        return
    by_id = {v.id: ih for v, ih in todo}
    snapshot_id = store.save_snapshot(engine, actor_id, pool.digest, [s.id for s in seekers], digests)

    def key_of(v: VacancyProfile) -> str:
        return hashlib.sha256(
            f"{profile_digest(v)}|{model_version}|{cfg}|{day.isoformat()}".encode()
        ).hexdigest()

    # Lists are committed a batch per transaction (store.ShortlistWriter); counted once committed.
    writer = store.ShortlistWriter(engine, run_id=run_id, model_version=model_version, config_hash=cfg)

    def written(ok: bool) -> None:
        counts["written" if ok else "already_written"] += 1
        store.kill_hook("written", counts["written"])
        progress.advance()

    def write(
        v: VacancyProfile, ranked: RankedList | PackedList | store.EncodedList, state: RankState | None
    ) -> None:
        t0 = time.perf_counter()
        stored = (snapshot_id, key_of(v), state.to_bytes()) if state is not None else None
        writer.write(vacancy_id=int(v.id), input_hash=by_id[v.id], ranked=ranked, state=stored, done=written)
        cost["write_ms"] = cost.get("write_ms", 0.0) + (time.perf_counter() - t0) * 1000

    # The whole pool's vectors and arrays, built once and only if something is carried or ranked here
    # (partitions index their own parts); a copy, since partitions are shipped from the unindexed one.
    def index_pool() -> RankingPipeline:
        progress.stage("index", len(seekers))
        built = copy.copy(pipeline).index_seekers(seekers, documents=seeker_docs)
        progress.advance(len(seekers))
        return built

    indexed = functools.cache(index_pool)
    rest = _carry(
        engine,
        indexed,
        todo,
        ready,
        seekers,
        digests,
        top_k,
        snapshot_id,
        key_of,
        write,
        progress,
        counts,
        writer,
    )
    # A cluster's workers read their partitions from the database: the pool never enters its tasks.
    remote = not isinstance(executor, InProcess) and not getattr(executor, "shares_memory", False)
    if remote and seekers:
        scored = score_partitioned(
            pipeline,
            seekers,
            rest,
            top_k,
            executor,
            progress,
            engine=engine,
            actor_id=actor_id,
            digests=digests,
        )
        for v, ranked, state in scored:
            counts["rescored"] += 1
            write(v, ranked, state)
    elif rest:
        for v, ranked, state in score_whole(
            indexed(), seekers, rest, top_k, executor, progress, cost, encode=True
        ):
            counts["rescored"] += 1
            write(v, ranked, state)
    t0 = time.perf_counter()
    writer.flush()
    cost["write_ms"] = cost.get("write_ms", 0.0) + (time.perf_counter() - t0) * 1000
    store.drop_unused_snapshots(engine, actor_id, keep=snapshot_id)


def _carry(
    engine: Engine,
    indexed: Callable[[], RankingPipeline],
    todo: list[tuple[VacancyProfile, str]],
    ready: dict[int, store.Ready],
    seekers: list[SeekerProfile],
    digests: list[str],
    top_k: int,
    snapshot_id: int,
    key_of: Callable[[VacancyProfile], str],
    write: Callable[[VacancyProfile, RankedList, RankState | None], None],
    progress: Progress,
    counts: dict[str, int],
    writer: store.ShortlistWriter,
) -> list[VacancyProfile]:
    """Carry what can be carried from the stored states (in-process: it is light); the rest to rank."""
    states = store.load_states(engine, [int(v.id) for v, _ in todo])

    def kept(ok: bool) -> None:
        counts["carried_unchanged" if ok else "already_written"] += 1
        progress.advance()

    groups: dict[int, list[tuple[VacancyProfile, str, RankState]]] = {}
    rest: list[VacancyProfile] = []
    for v, ih in todo:
        row, current = states.get(int(v.id)), ready.get(int(v.id))
        if row is None or current is None or row.shortlist_id != current.shortlist_id or row.key != key_of(v):
            rest.append(v)
        else:
            groups.setdefault(row.snapshot_id, []).append((v, ih, RankState.from_bytes(row.state)))
    if groups:
        indexed()  # built (and timed as its own stage) before carrying
    progress.stage("carry", sum(len(g) for g in groups.values()))
    for old_snapshot, group in sorted(groups.items()):
        old = store.load_snapshot(engine, old_snapshot)
        change = (
            PoolChange.between(old[0], old[1], [s.id for s in seekers], [d[:32] for d in digests])
            if old is not None
            else None
        )
        if change is None or change.departures + change.arrivals.size > CARRY_LIMIT * max(len(seekers), 1):
            rest += [v for v, _, _ in group]
            continue
        vacs = [v for v, _, _ in group]

        def previous(indices: list[int], vacs: list[VacancyProfile] = vacs) -> list[RankedList | None]:
            ids = [ready[int(vacs[i].id)].shortlist_id for i in indices]
            lists = store.load_ready_lists(engine, ids, indexed().model_version)
            return [lists.get(i) for i in ids]

        carried = Carrier(indexed()).carry_many(
            vacs, [s for _, _, s in group], change, k=top_k, previous=previous
        )
        for (v, ih, _), result in zip(group, carried, strict=True):
            if result.state is None:
                rest.append(v)  # a margin ran out: ranked in full below, which renews its state
                continue
            counts["carried"] += 1
            if result.ranked is None:
                stored = (snapshot_id, key_of(v), result.state.to_bytes())
                writer.keep(
                    vacancy_id=int(v.id),
                    shortlist_id=ready[int(v.id)].shortlist_id,
                    input_hash=ih,
                    state=stored,
                    done=kept,
                )
            else:
                write(v, result.ranked, result.state)
    return rest


def score_whole(
    pipeline: RankingPipeline,
    seekers: list[SeekerProfile],
    vacancies: list[VacancyProfile],
    top_k: int,
    executor: Executor,
    progress: Progress,
    timings: dict[str, float] | None = None,
    *,
    encode: bool = False,
) -> Iterator[tuple[VacancyProfile, PackedList | store.EncodedList, RankState]]:
    """Chunks of vacancies scored on the executor: each list as columns (``PackedList``, which the writer
    takes as it is), with its state. ``pipeline`` is indexed on ``seekers`` (``index_seekers``); its
    lexical matrix is built here, once, not on the workers. ``timings``: the pipeline's milliseconds per
    stage (candidates, features, ...) are added to it. ``encode``: lists to be written come with the JSON
    they are stored as (``store.EncodedList``), encoded on the workers."""
    if not vacancies:
        return
    progress.stage("index_lexical", len(seekers))
    _ = pipeline.seeker_lexical_
    progress.advance(len(seekers))
    progress.stage("score", len(vacancies))
    chunks = chunked(vacancies, SCORE_CHUNK)
    if len(chunks) == 1 and getattr(executor, "shares_memory", False):
        executor = InProcess()  # one chunk (a small pool's): forking workers costs more than it saves
    handle = executor.share(_shippable(pipeline, [], vacancies))  # indexed: needs vacancy vectors only
    try:
        block = similarity_block(executor)
        for i, (results, chunk_ms) in executor.map(_score_chunk, chunks, handle, top_k, block, encode):
            if timings is not None:
                for stage, ms in chunk_ms.items():
                    timings[stage] = timings.get(stage, 0.0) + ms
            for v, (packed, state) in zip(chunks[i], results, strict=True):
                yield v, packed, state
    finally:  # this pool's indexed pipeline: freed before the next pool's
        executor.release(handle)


def score_partitioned(
    pipeline: RankingPipeline,
    seekers: list[SeekerProfile],
    vacancies: list[VacancyProfile],
    top_k: int,
    executor: Executor,
    progress: Progress,
    *,
    engine: Engine,
    actor_id: int,
    digests: Sequence[str],
) -> Iterator[tuple[VacancyProfile, PackedList | store.EncodedList, RankState]]:
    """Seekers partitioned over the workers; partial shortlists and states merged exactly.

    1. each worker reads its partition of ``seekers`` (ordered by id, as ``seeker_profiles`` reads
       them; ``digests`` their profile digests) from ``engine``'s database, checks it is what was read
       here, and indexes it with the vectors cached there (the lexical weights are fixed, so a
       partition scores as the whole pool does); see ``service.jobs.partitions``;
    2. each partition reports its dense and lexical top N per vacancy; merged, they give the whole
       pool's candidate cut-offs;
    3. each partition ranks every vacancy's candidates above the cut-offs and returns its top k and
       its state; the partial top-k lists and states are merged per vacancy
       (``matcher.rank.pipeline.merge_packed``, ``RankState.merge``).

    Seekers changed in the database since they were read here (``PartitionChanged`` on a worker): the
    vacancies not yet ranked are ranked in this process on what was read here, so the run's lists match
    the pool digest it stores, and the next run takes up the change.
    """
    done: set[str] = set()
    try:
        for v, ranked, state in _score_on_partitions(
            pipeline, seekers, vacancies, top_k, executor, progress, engine, actor_id, digests
        ):
            done.add(v.id)
            yield v, ranked, state
    except PartitionChanged as exc:
        progress.event("partition_changed", message=f"{exc}; ranking the rest of this pool here")
        left = [v for v in vacancies if v.id not in done]
        indexed = copy.copy(pipeline).index_seekers(seekers)
        yield from score_whole(indexed, seekers, left, top_k, InProcess(), progress)


def _score_on_partitions(
    pipeline: RankingPipeline,
    seekers: list[SeekerProfile],
    vacancies: list[VacancyProfile],
    top_k: int,
    executor: Executor,
    progress: Progress,
    engine: Engine,
    actor_id: int,
    digests: Sequence[str],
) -> Iterator[tuple[VacancyProfile, PackedList, RankState]]:
    if not vacancies:
        return
    n = min(executor.workers, len(seekers))
    progress.stage("index", len(seekers))
    plan, bounds = plan_partitions(engine, actor_id, seekers, digests, n)
    # The pipeline (taxonomy, weights, vacancy vectors) goes to every worker once; a partition's task
    # carries only its id range, and its worker reads the seekers and their vectors itself.
    template = executor.share(_shippable(pipeline, [], vacancies))
    parts = [executor.place(_index_partition, template, partition) for partition in plan]
    shared_vacancies = executor.share(vacancies)
    try:
        tops: list[Any] = [None] * n
        for i, result in executor.map(_partition_tops, parts, shared_vacancies):
            tops[i] = result
        progress.advance(len(seekers))
        cutoffs = [
            (
                merge_cutoff([t[j][0] for t in tops], pipeline.n_dense),
                merge_cutoff([t[j][1] for t in tops], pipeline.n_lexical),
            )
            for j in range(len(vacancies))
        ]
        ids = [s.id for s in seekers]
        id_rank = np.empty(len(ids), dtype=np.int64)
        id_rank[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(len(ids))
        to_pool = [np.arange(a, b) for a, b in itertools.pairwise(bounds)]
        margin = DEFAULT_MARGIN
        depths = (pipeline.n_dense + margin, pipeline.n_lexical + margin, top_k + margin)
        progress.stage("score", len(vacancies))
        chunks = chunked(list(range(len(vacancies))), SCORE_CHUNK)
        tasks = [(part, [vacancies[j] for j in c], [cutoffs[j] for j in c]) for c in chunks for part in parts]
        partial: dict[int, list[list[tuple[PackedList, RankState]]]] = {}
        for t, results in executor.map(_partition_chunk, tasks, top_k, similarity_block(executor)):
            c = t // n
            partial.setdefault(c, [[] for _ in range(n)])[t % n] = results
            if all(partial[c]):  # every partition has ranked this chunk: merge and hand it on
                for pos, j in enumerate(chunks[c]):
                    per_part = [partial[c][p][pos] for p in range(n)]
                    ranked = merge_packed([r for r, _ in per_part], top_k)
                    state = RankState.merge(
                        [(to_pool[p], st) for p, (_, st) in enumerate(per_part)], depths, ids, id_rank
                    )
                    yield vacancies[j], ranked, state
                del partial[c]
    finally:  # this pool's template, partitions and vacancies: freed before the next pool's
        executor.release(template, *parts, shared_vacancies)


def _index_partition(template: RankingPipeline, partition: Partition) -> RankingPipeline:
    """Runs on a worker: the partition read from the database and indexed."""
    seekers = read_partition(partition)
    namespace = f"{template.embedder.model_id}/document"
    keys = [text_key(seeker_document(s)) for s in seekers]
    cache = _Layered(template.embedder.cache)
    cache.put_many(namespace, read_vectors(partition, namespace, keys))
    part = copy.copy(template)
    part.embedder = CachedEmbedder(template.embedder.embedder, cache)
    return part.index_seekers(seekers)


class _Layered(InMemoryEmbeddingCache):
    """A partition's vectors over the shared template's (which is left as it is)."""

    def __init__(self, base: EmbeddingCache) -> None:
        super().__init__()
        self.base = base

    def get_many(self, namespace: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found = super().get_many(namespace, keys)
        missing = [k for k in keys if k not in found]
        return {**self.base.get_many(namespace, missing), **found} if missing else found


def _partition_tops(partition: RankingPipeline, vacancies: list[VacancyProfile]) -> list[Any]:
    return partition.candidate_tops(vacancies)


def _partition_chunk(
    task: tuple[RankingPipeline, list[VacancyProfile], list[tuple[Cutoff | None, Cutoff | None]]],
    k: int,
    block: int,
) -> list[tuple[PackedList, RankState]]:
    partition, vacancies, cutoffs = task
    return list(partition.rank_many_packed(vacancies, k=k, block=block, cutoffs=cutoffs))


def rerank(
    engine_or_url: Engine | str,
    *,
    top_k: int | None = None,
    executor: Executor | None = None,
    allocation: AllocationConfig | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Bring every open vacancy's READY shortlist up to date; see the module docstring."""
    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    executor = executor or InProcess()
    progress = progress or make_progress("auto")
    k = top_k or get_settings().shortlist_size
    try:
        with Session(engine) as session:
            if is_manual_mode(session):
                progress.event("manual_mode", message="manual mode is on: the re-rank job writes nothing")
                progress.close()
                return RunReport("manual_mode", message="manual mode is on; nothing was written")
        with store.run_lock(engine) as got:
            if not got:
                progress.event("locked", message="another re-rank run is in progress")
                progress.close()
                return RunReport("locked", message="another re-rank run holds the lock; nothing was written")
            return _locked_run(engine, k, executor, allocation, progress)
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()


def _locked_run(
    engine: Engine, k: int, executor: Executor, allocation: AllocationConfig | None, progress: Progress
) -> RunReport:
    started = time.perf_counter()
    stale = store.close_stale_runs(engine, exclusive=engine.dialect.name == "postgresql")
    with Session(engine) as session:
        model_version = build_pipeline(session, engine).model_version
    config = {
        "top_k": k,
        "executor": executor.name,
        "workers": executor.workers,
        "allocation": vars(allocation) if allocation else None,
    }
    run_id = store.start_run(engine, model_version, config)
    progress.event("run_start", run_id=run_id, interrupted_runs_closed=stale, **config)
    with Session(engine) as session:  # so that ranking reads guesses instead of inferring them
        refreshed = refresh_occupation_guesses(session)
    names = (
        "vacancies",
        "seekers",
        "kept",
        "rescored",
        "written",
        "already_written",
        "embedded",
        "cache_hits",
        "carried",
        "carried_unchanged",
    )
    counts = dict.fromkeys(names, 0)
    hashes: list[str] = []
    alloc: dict[str, Any] = {}
    cost: dict[str, float] = {}
    actors: list[dict[str, Any]] = []
    day = date.today()
    per_actor = _open_per_actor(engine)
    total, done = sum(per_actor.values()), 0
    try:
        for actor_id in sorted(per_actor):
            t_actor, before, rss_before = time.perf_counter(), dict(counts), rss_mib()
            cost_before = dict(cost)
            start_window()
            _rerank_actor(
                engine,
                actor_id,
                run_id=run_id,
                day=day,
                top_k=k,
                executor=executor,
                progress=progress,
                counts=counts,
                hashes=hashes,
                cost=cost,
            )
            done += per_actor[actor_id]
            actors.append(
                {
                    "actor": actor_id,
                    "seekers": counts["seekers"] - before["seekers"],
                    "vacancies": counts["vacancies"] - before["vacancies"],
                    "rescored": counts["rescored"] - before["rescored"],
                    "seconds": round(time.perf_counter() - t_actor, 4),
                    "rss_before_mib": round(rss_before, 1),
                    "peak_rss_mib": round(window_peak(), 1),
                    "cost_ms": {k: round(v - cost_before.get(k, 0.0), 1) for k, v in cost.items()},
                }
            )
            if actors[-1]["seekers"] >= RELEASE_FROM:
                release_memory()
            elapsed = time.perf_counter() - started
            progress.event(
                "overall", label="re-rank", done=done, total=total, eta_s=eta_s(done, total, elapsed)
            )
            if allocation is not None:
                progress.stage("allocate", 1)
                alloc[str(actor_id)] = allocate_for_actor(
                    engine, actor_id, allocation.capacity, allocation.factor
                )
                progress.advance()
    except OperationalError as exc:
        message = (
            "the database stayed locked by another writer longer than the busy timeout "
            f"(MATCHER_SQLITE_BUSY_TIMEOUT_MS); run again to resume: {exc.orig}"
        )
        stages = progress.close()
        store.finish_run(
            engine, run_id, status="failed", counts=counts, metrics={"stages": stages}, error=message
        )
        return RunReport("failed", run_id, message, counts, {"stages": stages})
    stages = progress.close()
    seconds = time.perf_counter() - started
    texts = counts["cache_hits"] + counts["embedded"]
    metrics: dict[str, Any] = {
        "seconds": round(seconds, 3),
        "stages": stages,
        "vacancies_per_s": round(counts["rescored"] / seconds, 3) if seconds else 0.0,
        "cache_hit_rate": round(counts["cache_hits"] / texts, 4) if texts else 1.0,
        "occupation_guesses_refreshed": refreshed,
        # What the cost model reads: the pipeline's stages and the writes (ms, summed over the run),
        # each actor's size and time, and the run's peak resident memory (this process).
        "cost_ms": {k: round(v, 1) for k, v in cost.items()},
        "actors": actors,
        "peak_rss_mib": round(
            max([rss_mib("VmHWM")] + [f.get("peak_rss_mib", 0.0) for f in stages.values()]), 1
        ),
    }
    if alloc:
        metrics["allocation"] = alloc
    run_hash = hashlib.sha256("".join(sorted(hashes)).encode()).hexdigest()
    store.finish_run(engine, run_id, status="done", input_hash=run_hash, counts=counts, metrics=metrics)
    progress.event("run_end", run_id=run_id, **counts, seconds=round(seconds, 3))
    return RunReport("done", run_id, "", counts, metrics)


def run_cli(
    database_url: str | None = None,
    scheduler: str | None = None,
    top_k: int | None = None,
    allocate: bool = False,
    capacity: int = 1,
    factor: float = 1.0,
    progress: str = "auto",
    workers: int = 2,
) -> int:
    """The ``matcher rerank`` command: 0 done or manual mode (nothing to do), 1 failed, 2 bad input (an
    unknown or unreachable scheduler), 3 locked."""
    url = database_url or get_settings().database_url
    try:
        executor = make_executor(scheduler, n_workers=workers)
    except ExecutorUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        report = rerank(
            url,
            top_k=top_k,
            executor=executor,
            allocation=AllocationConfig(capacity, factor) if allocate else None,
            progress=make_progress(progress),
        )
    except WorkersLost as exc:  # distributed (issue 26 part B): every Dask worker gone mid-run
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        executor.close()
    if report.message:
        print(report.message, file=sys.stderr)
    if report.status == "done":
        c = report.counts
        print(
            f"run {report.run_id}: {c['vacancies']} vacancies, {c['kept']} kept, {c['carried']} carried "
            f"({c['carried_unchanged']} unchanged), {c['rescored']} ranked in full, {c['written']} written, "
            f"{c['embedded']} texts embedded ({report.metrics['cache_hit_rate']:.0%} cache hits) "
            f"in {report.metrics['seconds']:.1f} s",
            file=sys.stderr,
        )
    return {"done": 0, "manual_mode": 0, "failed": 1, "locked": 3}.get(report.status, 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m service.jobs.rerank", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--scheduler",
        default=None,
        help="in-process (default), local-processes, local-cluster or a Dask scheduler address",
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="workers of local processes or a local cluster"
    )
    parser.add_argument("--top-k", type=int, default=None)
    parser.add_argument("--allocate", action="store_true", help="fair allocation across vacancies")
    parser.add_argument("--capacity", type=int, default=1, help="vacancies per seeker in the allocation")
    parser.add_argument("--factor", type=float, default=1.0, help="seekers proposed per position")
    parser.add_argument("--progress", choices=("auto", "bar", "json", "none"), default="auto")
    a = parser.parse_args(argv)
    return run_cli(
        a.database_url, a.scheduler, a.top_k, a.allocate, a.capacity, a.factor, a.progress, a.workers
    )


if __name__ == "__main__":
    # Run as ``python -m``, this file is ``__main__``: what it defines (``_NoEncoder`` in every shipped
    # pipeline) would pickle as ``__main__._NoEncoder``, which Dask workers cannot load, and a partition
    # moved between workers would stall the run. The module under its own name defines them instead.
    from service.jobs.rerank import main as _main

    sys.exit(_main())
