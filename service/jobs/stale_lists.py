"""Stale shortlists recomputed in the background, so a changed placement never keeps an old list unseen.

A list is stale when its placement changed after it was ranked (``service.shortlists.changes``). The
pages and the API say so at once; ``StaleListRefresher`` (started with the pool warmer, same interval)
finds such lists and ranks them again through the same service call as a person's "compute", on behalf
of the placement's matching actor (audited as ``system``). Decisions are stored per seeker and placement,
so the new list shows every decision already made; nothing happens in manual mode.
"""

import logging
import threading
from typing import Self

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from models import EmploymentRequirement, Shortlist, Vacancy
from models.enums import ShortlistStatus, VacancyStatus
from service.engine.pools import RankingEngine
from service.platform.errors import MatcherError
from service.platform.principal import BATCH, Principal
from service.shortlists.service import compute_shortlist
from service.system.service import is_manual_mode

log = logging.getLogger("service.jobs.stale_lists")


def stale_lists(session: Session) -> list[tuple[int, int]]:
    """(vacancy id, matching actor id) of every READY list ranked on an older version of its placement."""
    rows = session.exec(
        select(Shortlist.vacancy_id, EmploymentRequirement.matching_actor_id)
        .join(Vacancy, col(Vacancy.id) == col(Shortlist.vacancy_id))
        .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
        .where(
            Shortlist.status == ShortlistStatus.READY,
            col(Shortlist.vacancy_version) != col(Vacancy.version),
            col(Vacancy.status).not_in([VacancyStatus.FILLED, VacancyStatus.CLOSED]),
            col(EmploymentRequirement.matching_actor_id).is_not(None),
        )
        .order_by(col(Shortlist.vacancy_id))
    ).all()
    return [(int(vacancy_id), int(actor)) for vacancy_id, actor in rows if actor is not None]


def refresh_stale(db: Engine, ranking: RankingEngine) -> int:
    """Rank every stale list again, each in its own transaction; how many were recomputed."""
    with Session(db) as session:
        if is_manual_mode(session):
            return 0
        todo = stale_lists(session)
    done = 0
    for vacancy_id, actor in todo:
        with Session(db) as session:
            try:
                compute_shortlist(session, Principal(role=BATCH, organisation_id=actor), vacancy_id, ranking)
                session.commit()
                done += 1
            except MatcherError as exc:  # closed meanwhile, manual mode switched on: the next pass sees it
                session.rollback()
                log.info("stale shortlist of vacancy %s not recomputed: %s", vacancy_id, exc.message)
    return done


class StaleListRefresher:
    """Recomputes stale lists every ``interval_s`` seconds (one thread)."""

    def __init__(self, ranking: RankingEngine, db: Engine, *, interval_s: float = 2.0) -> None:
        self.ranking = ranking
        self.db = db
        self.interval_s = interval_s
        self.passes = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="stale-lists", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                refresh_stale(self.db, self.ranking)
            except Exception:
                # The list stays marked stale on every page; a person can still recompute it.
                log.exception("recomputing stale shortlists failed; retrying")
            self.passes += 1
