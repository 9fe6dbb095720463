"""No cold start a person sees: every matching actor's pools are indexed in the background.

At start-up ``PoolWarmer`` indexes each matching actor's seeker pool and open-vacancy pool through the
process's ``RankingEngine`` (vectors come from the database cache, so a restart embeds nothing twice), and
the app's lifespan waits for that first pass (bounded by ``MATCHER_WARMUP_WAIT_S``) before it serves.
Afterwards the warmer polls a cheap change token per actor (counts and latest ``updated_at``/ids of the
actor's seekers, eligibility and open vacancies, the active scorer, the day) every
``MATCHER_WARMUP_INTERVAL_S`` and re-indexes the pools whose token moved, so a profile edit is indexed
before the next shortlist asks for it. Requests still check the pool digest themselves: the warmer only
decides *when* indexing happens, never what a request ranks on.
"""

import logging
import threading
from datetime import date
from typing import Any, Self

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from models import Eligibility, EmploymentRequirement, JobSeeker, ScorerModel, Vacancy
from models.enums import ConsentStatus, VacancyStatus
from service.engine.pools import RankingEngine

log = logging.getLogger("service.engine.warmup")


def change_tokens(session: Session) -> dict[tuple[str, int], tuple[Any, ...]]:
    """Per (side, actor): a value that changes whenever that pool's inputs may have changed."""
    day = date.today()
    scorer = session.exec(select(func.max(col(ScorerModel.id))).where(ScorerModel.active == True)).one()  # noqa: E712
    tokens: dict[tuple[str, int], tuple[Any, ...]] = {}
    seekers = session.exec(
        select(
            JobSeeker.matching_actor_id,
            func.count(col(JobSeeker.id)),
            func.max(col(JobSeeker.id)),
            func.max(col(JobSeeker.updated_at)),
        )
        .where(JobSeeker.consent == ConsentStatus.GIVEN)
        .group_by(col(JobSeeker.matching_actor_id))
    ).all()
    eligibility = dict(
        (actor, (n, last))
        for actor, n, last in session.exec(
            select(
                JobSeeker.matching_actor_id, func.count(col(Eligibility.id)), func.max(col(Eligibility.id))
            )
            .join(JobSeeker, col(JobSeeker.id) == col(Eligibility.seeker_id))
            .group_by(col(JobSeeker.matching_actor_id))
        ).all()
    )
    for actor, n, last_id, last_at in seekers:
        tokens[("seekers", actor)] = (day, scorer, n, last_id, last_at, eligibility.get(actor))
    vacancies = session.exec(
        select(
            EmploymentRequirement.matching_actor_id,
            func.count(col(Vacancy.id)),
            func.max(col(Vacancy.id)),
            func.max(col(Vacancy.updated_at)),
        )
        .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
        .where(
            Vacancy.status == VacancyStatus.OPEN, col(EmploymentRequirement.matching_actor_id).is_not(None)
        )
        .group_by(col(EmploymentRequirement.matching_actor_id))
    ).all()
    for owner, n, last_id, last_at in vacancies:
        if owner is not None:
            tokens[("vacancies", owner)] = (day, scorer, n, last_id, last_at)
    return tokens


class PoolWarmer:
    """Indexes every actor's pools at start-up and re-indexes them as profiles change (one thread)."""

    def __init__(self, ranking: RankingEngine, db: Engine, *, interval_s: float = 2.0) -> None:
        self.ranking = ranking
        self.db = db
        self.interval_s = interval_s
        self.ready = threading.Event()  # set after the first full pass
        self.passes = 0
        self._stop = threading.Event()
        self._seen: dict[tuple[str, int], tuple[Any, ...]] = {}
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="pool-warmer", daemon=True)
            self._thread.start()
        return self

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self.ready.wait(timeout)

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def warm_changed(self) -> int:
        """Index the pools whose change token moved since the last pass; how many were looked at."""
        with Session(self.db) as session:
            tokens = change_tokens(session)
            changed = [key for key, token in tokens.items() if self._seen.get(key) != token]
            # Seeker pools first (a shortlist waits on them), the largest first; more pools than the engine
            # keeps would only evict each other.
            changed.sort(key=lambda key: (key[0] != "seekers", -int(tokens[key][2])))
            changed = changed[: self.ranking.max_pools]
            for side, actor in changed:
                if self._stop.is_set():
                    break
                if side == "seekers":
                    self.ranking.seekers(session, actor)
                else:
                    self.ranking.vacancies(session, actor)
                self._seen[(side, actor)] = tokens[(side, actor)]
        return len(changed)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.warm_changed()
            except Exception:
                # A warm-up failure costs speed, never correctness: requests index on their own.
                log.exception("warming the ranking pools failed; retrying")
            self.passes += 1
            self.ready.set()
            self._stop.wait(self.interval_s)
