"""Seeker partitions that Dask workers read for themselves from the database.

The driver reads the pool once (it plans, digests and writes), splits it into ranges of seeker ids
and sends each task only a ``Partition``: the database URL, the actor, the id range and the digest of
what the driver read there. A worker opens its own engine (one per database, kept for the worker's
life), reads the range with the query and the row-to-profile translation the driver uses
(``service.engine.pools.seeker_profiles``), checks the digest and takes the vectors from the embedding
cache in the database, which the driver filled before any task started. No seeker's data is in the
task graph, so the scheduler holds recipes of a few hundred bytes, and a partition lost with its
worker is read again by another.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Engine, event
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlmodel import Session, col

from matcher import SeekerProfile
from models import JobSeeker
from service.engine.pools import profile_digest, seeker_profiles
from service.engine.ranking import DatabaseEmbeddingCache
from service.platform.db import make_engine

MAX_ENGINES = 4  # databases a worker keeps connections to (a long-lived cluster serves one or two)


class PartitionChanged(RuntimeError):
    """A partition's seekers changed between the driver's read and the worker's: run again."""


@dataclass(frozen=True)
class Partition:
    """One range of an actor's pool: what a worker needs to read it, and what it must find there."""

    database: str  # the URL workers connect to (absolute, for a SQLite file)
    actor_id: int
    first_id: int
    last_id: int
    size: int
    digest: str  # sha256 of the range's profile digests, in id order


def partition_digest(digests: Sequence[str]) -> str:
    return hashlib.sha256("".join(digests).encode()).hexdigest()


def database_url(engine: Engine) -> str:
    """The URL a worker process opens for ``engine``'s database."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        if url.database in (None, "", ":memory:") or "mode=memory" in str(url):
            raise ValueError(
                "Dask workers cannot read an in-memory SQLite database: use a SQLite file or PostgreSQL, "
                "or run in-process or on local processes"
            )
        # Workers may start in another directory; a SQLite file must be on a disk they share.
        url = url.set(database=os.path.abspath(str(url.database)))
    return url.render_as_string(hide_password=False)


def plan_partitions(
    engine: Engine, actor_id: int, seekers: Sequence[SeekerProfile], digests: Sequence[str], n: int
) -> tuple[list[Partition], list[int]]:
    """``n`` contiguous ranges of ``seekers`` (ordered by id, as ``seeker_profiles`` reads them) and the
    offsets where they start and end in it."""
    if len(digests) != len(seekers):
        raise ValueError("one digest per seeker")
    ids = [int(s.id) for s in seekers]
    if any(a >= b for a, b in itertools.pairwise(ids)):
        raise ValueError("seekers must be ordered by id, as seeker_profiles reads them")
    url = database_url(engine)
    bounds = [len(seekers) * i // n for i in range(n + 1)]
    partitions = [
        Partition(url, actor_id, ids[a], ids[b - 1], b - a, partition_digest(digests[a:b]))
        for a, b in itertools.pairwise(bounds)
    ]
    return partitions, bounds


_ENGINES: OrderedDict[str, Engine] = OrderedDict()
_ENGINES_LOCK = threading.Lock()  # a local cluster's workers are threads of one process


def worker_engine(url: str) -> Engine:
    """This process's engine for ``url``: made at a worker's first partition, reused by the next."""
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = _ENGINES[url] = make_engine(url)
            while len(_ENGINES) > MAX_ENGINES:
                _ENGINES.popitem(last=False)[1].dispose()
        _ENGINES.move_to_end(url)
        return engine


def seeker_profiles_between(
    session: Session, actor_id: int, first_id: int, last_id: int
) -> list[SeekerProfile]:
    """``seeker_profiles`` (the same query and translation) restricted to ids ``first_id..last_id``."""
    criteria = with_loader_criteria(JobSeeker, col(JobSeeker.id).between(first_id, last_id))

    def in_range(state: ORMExecuteState) -> None:
        if state.is_select:
            state.statement = state.statement.options(criteria)

    event.listen(session, "do_orm_execute", in_range)
    try:
        return seeker_profiles(session, actor_id)
    finally:
        event.remove(session, "do_orm_execute", in_range)


def read_partition(partition: Partition) -> list[SeekerProfile]:
    """The partition's seekers as the driver read them; ``PartitionChanged`` if they are not."""
    with Session(worker_engine(partition.database)) as session:
        seekers = seeker_profiles_between(session, partition.actor_id, partition.first_id, partition.last_id)
    found = partition_digest([profile_digest(s) for s in seekers])
    if len(seekers) != partition.size or found != partition.digest:
        raise PartitionChanged(
            f"seekers {partition.first_id}..{partition.last_id} of matching actor {partition.actor_id} "
            "changed while the re-rank ran: run it again (the lists written so far stay)"
        )
    return seekers


def read_vectors(partition: Partition, namespace: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
    """The cached vectors of ``keys`` (the driver embedded every missing text before the tasks)."""
    return DatabaseEmbeddingCache(worker_engine(partition.database)).get_many(namespace, keys)
