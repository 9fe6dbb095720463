"""The ranking engine inside the API process: one model, indexed seeker and vacancy pools per matching actor.

Loading the embedding model takes seconds and indexing a thousand seekers longer still, so both happen
once per process: the embedder and taxonomy are cached by ``service.engine.ranking``, and each matching
actor's pool is kept indexed until a content digest of its inputs (or the active scorer) changes.
Vectors go through ``service.engine.ranking.DatabaseEmbeddingCache`` (the EmbeddingVector table), so a new
process re-embeds nothing that was embedded before.

Rows become matcher inputs only through ``service.engine.translate``. Ranking must run before the request's
session writes anything: the vector cache commits in its own session, and SQLite has one writer.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from matcher import RankingPipeline, SeekerProfile, VacancyProfile
from matcher.rank.gc_tuning import no_collections
from models import Eligibility, EmploymentRequirement, JobSeeker, Vacancy
from models.base import pk
from models.enums import ConsentStatus, VacancyStatus
from service.engine.enrichment import stable_json
from service.engine.ranking import build_pipeline
from service.engine.translate import to_seeker_profile, to_vacancy_profile

MAX_POOLS = 32  # pools (two per matching actor) kept indexed per process; least recently used goes first


@dataclass(frozen=True)
class IndexedPool:
    """A pipeline indexed on one actor's pool, and the digest of exactly what it was indexed on."""

    pipeline: RankingPipeline
    digest: str
    size: int


def profile_digest(profile: SeekerProfile | VacancyProfile) -> str:
    """sha256 of everything the engine reads of one profile (concepts follow from the text)."""
    # Fields walked shallowly (``asdict`` deep-copies: 3x slower over a pool of 50,000).
    fields_ = {f.name: getattr(profile, f.name) for f in fields(profile) if f.name != "concepts"}
    return hashlib.sha256(stable_json(fields_, default=_plain).encode()).hexdigest()


def _plain(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    return str(value)


def pool_digest(
    profiles: Sequence[SeekerProfile | VacancyProfile],
    scorer_version: str,
    day: date,
    digests: Sequence[str] | None = None,
) -> str:
    """The digest of a pool; ``digests``: the profiles' own digests, when already computed."""
    digest = hashlib.sha256(f"{scorer_version}|{day.isoformat()}".encode())
    for d in digests if digests is not None else (profile_digest(p) for p in profiles):
        digest.update(d.encode())
    return digest.hexdigest()


def eligibility_by_seeker(session: Session, seeker_ids: Sequence[int]) -> dict[int, list[Eligibility]]:
    found: dict[int, list[Eligibility]] = {}
    ids = list(seeker_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.exec(
            select(Eligibility).where(col(Eligibility.seeker_id).in_(chunk)).order_by(col(Eligibility.id))
        ).all()
        for row in rows:
            found.setdefault(row.seeker_id, []).append(row)
    return found


def seeker_profiles(session: Session, actor_id: int) -> list[SeekerProfile]:
    """The actor's seekers who consented to matching, as the engine sees them (ordered by id)."""
    with no_collections():
        rows = session.exec(
            select(JobSeeker)
            .where(JobSeeker.matching_actor_id == actor_id, JobSeeker.consent == ConsentStatus.GIVEN)
            .where(col(JobSeeker.merged_into_id).is_(None))  # a merged record is its survivor now
            .order_by(col(JobSeeker.id))
        ).all()
        elig = eligibility_by_seeker(session, [pk(r) for r in rows])
        return [to_seeker_profile(r, elig.get(pk(r), [])) for r in rows]


def open_vacancy_profiles(session: Session, actor_id: int) -> list[VacancyProfile]:
    """Open vacancies under contracts whose requirement names the actor as matching actor."""
    with no_collections():
        rows = session.exec(
            select(Vacancy, EmploymentRequirement)
            .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
            .where(EmploymentRequirement.matching_actor_id == actor_id, Vacancy.status == VacancyStatus.OPEN)
            .order_by(col(Vacancy.id))
        ).all()
        return [to_vacancy_profile(v, r) for v, r in rows]


class RankingEngine:
    """Per-process pools: ``seekers(...)`` and ``vacancies(...)`` give an actor's indexed pipeline."""

    def __init__(self, max_pools: int = MAX_POOLS) -> None:
        self.max_pools = max_pools
        self._lock = threading.Lock()  # the pool table
        self._build_lock = threading.Lock()  # indexing
        self._pools: OrderedDict[tuple[str, int, str], IndexedPool] = OrderedDict()
        self.builds = 0  # how many times a pool was (re)indexed, for tests and logs

    def seekers(self, session: Session, actor_id: int) -> IndexedPool:
        return self._pool(session, "seekers", actor_id, seeker_profiles(session, actor_id))

    def vacancies(self, session: Session, actor_id: int) -> IndexedPool:
        return self._pool(session, "vacancies", actor_id, open_vacancy_profiles(session, actor_id))

    def _pool(
        self,
        session: Session,
        side: str,
        actor_id: int,
        profiles: Sequence[SeekerProfile] | Sequence[VacancyProfile],
    ) -> IndexedPool:
        bind = session.get_bind()
        pipeline = build_pipeline(session, bind if isinstance(bind, Engine) else None)
        digest = pool_digest(profiles, pipeline.scorer.version, date.today())
        # The database is part of the key: ids are only unique within one.
        key = (side, actor_id, str(bind.engine.url))
        found = self._current(key, digest)
        if found is not None:
            return found
        # One build at a time (indexing is CPU-bound; parallel builds would only thrash), but a look-up of
        # a pool that is already current never waits behind another pool's build (the warmer's, say).
        with self._build_lock:
            found = self._current(key, digest)  # built by someone else while we waited
            if found is not None:
                return found
            if side == "seekers":
                pipeline.index_seekers([p for p in profiles if isinstance(p, SeekerProfile)])
                # The lexical index and its posting lists are built with the pool (by the warmer, in the
                # background), not by the first shortlist a person waits for.
                pipeline.seeker_lexical_.with_postings()
            else:
                pipeline.index_vacancies([p for p in profiles if isinstance(p, VacancyProfile)])
            pool = IndexedPool(pipeline, digest, len(profiles))
            with self._lock:
                self._pools[key] = pool
                self._pools.move_to_end(key)
                while len(self._pools) > self.max_pools:
                    self._pools.popitem(last=False)
                self.builds += 1
            return pool

    def _current(self, key: tuple[str, int, str], digest: str) -> IndexedPool | None:
        with self._lock:
            found = self._pools.get(key)
            if found is not None and found.digest == digest:
                self._pools.move_to_end(key)
                return found
        return None

    def clear(self) -> None:
        with self._lock:
            self._pools.clear()


_ENGINE = RankingEngine()


def get_ranking_engine() -> RankingEngine:
    """The process-wide engine (the API, the UI and batch jobs share it)."""
    return _ENGINE


def shortlist_input_hash(vacancy: VacancyProfile, pool: IndexedPool) -> str:
    """What a shortlist was computed from: the vacancy and the seeker pool digest (which includes the day)."""
    return hashlib.sha256(f"{profile_digest(vacancy)}|{pool.digest}".encode()).hexdigest()


def config_hash(pipeline: RankingPipeline, k: int) -> str:
    """The pipeline's settings: equal hashes with equal inputs and model give equal shortlists."""
    config = {
        "k": k,
        "n_dense": pipeline.n_dense,
        "n_lexical": pipeline.n_lexical,
        "start_grace_days": pipeline.start_grace_days,
        "taxonomy": getattr(pipeline.taxonomy, "version", ""),
        "lexical": pipeline.lexical_weights.version_,
    }
    return hashlib.sha256(stable_json(config).encode()).hexdigest()
