"""The cached read of a stored shortlist: one indexed query per request while nothing it shows changed.

A page of a shortlist (entries with explanations, eligibility, decision state) is rendered to JSON once
and kept per process, with a *stamp*: one row read by one query (indexed look-ups only) that changes
whenever anything the page shows changes: the READY list and its entries (manual additions, decision
versions), the vacancy and its requirement, the listed seekers (their rows, consent and eligibility
touch ``updated_at``; eligibility rows are counted too), decisions and proposals on the vacancy. The day is
part of the key, since eligibility is judged on a date. The stamp is read *before* a page is rendered,
so a change racing a render makes the stored stamp stale, never the page.

A request whose stamp matches is answered with the stored bytes: no entry is decoded, validated or
serialised again. Each worker process keeps its own pages; the stamp lives in the database, so workers
never serve each other's stale pages.
"""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from models import (
    Eligibility,
    EmploymentRequirement,
    JobSeeker,
    Proposal,
    ReviewDecision,
    Shortlist,
    ShortlistEntry,
    Vacancy,
)
from models.enums import ShortlistStatus
from service.auth.principal import Principal
from service.engine import RankingEngine
from service.shortlists.views import EntryFilters, shortlist_view

MAX_PAGES = 512  # rendered pages kept per process (least recently used goes first)


@dataclass(frozen=True)
class RenderedPage:
    stamp: tuple[Any, ...]
    body: bytes
    shortlist_id: int
    entries: int


def _stamp_query(vacancy_id: int, organisation_id: int) -> Any:
    entry, seeker, elig = ShortlistEntry, JobSeeker, Eligibility
    other_list = aliased(Shortlist)
    listed = col(entry.shortlist_id) == col(Shortlist.id)
    decisions = (
        select(ReviewDecision.id)
        .join(entry, col(entry.id) == col(ReviewDecision.entry_id))
        .join(other_list, col(other_list.id) == col(entry.shortlist_id))
        .where(col(other_list.vacancy_id) == col(Vacancy.id))
        .subquery()
    )
    proposals = col(Proposal.vacancy_id) == col(Vacancy.id)
    return (
        select(  # type: ignore[call-overload]
            Shortlist.id,
            Vacancy.updated_at,
            Vacancy.start_date,
            EmploymentRequirement.id,
            EmploymentRequirement.target_groups,
            select(func.count(col(entry.id))).where(listed).scalar_subquery(),
            select(func.max(col(entry.id))).where(listed).scalar_subquery(),
            select(func.sum(col(entry.version))).where(listed).scalar_subquery(),
            select(func.max(col(seeker.updated_at)))
            .join(entry, col(entry.seeker_id) == col(seeker.id))
            .where(listed)
            .scalar_subquery(),
            select(func.count(col(elig.id)))
            .join(entry, col(entry.seeker_id) == col(elig.seeker_id))
            .where(listed)
            .scalar_subquery(),
            select(func.max(col(elig.id)))
            .join(entry, col(entry.seeker_id) == col(elig.seeker_id))
            .where(listed)
            .scalar_subquery(),
            select(func.count()).select_from(decisions).scalar_subquery(),
            select(func.max(decisions.c.id)).scalar_subquery(),
            select(func.count(col(Proposal.id))).where(proposals).scalar_subquery(),
            select(func.max(col(Proposal.id))).where(proposals).scalar_subquery(),
        )
        .select_from(Vacancy)
        .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
        .outerjoin(
            Shortlist,
            and_(
                col(Shortlist.vacancy_id) == col(Vacancy.id), col(Shortlist.status) == ShortlistStatus.READY
            ),
        )
        .where(Vacancy.id == vacancy_id, EmploymentRequirement.matching_actor_id == organisation_id)
    )


class ShortlistPages:
    """Rendered shortlist pages of this process, each valid while its stamp is unchanged."""

    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self.max_pages = max_pages
        self._pages: OrderedDict[tuple[Any, ...], RenderedPage] = OrderedDict()
        self._lock = threading.Lock()
        self.renders = 0  # pages rendered (misses), for tests and logs

    def read(
        self,
        session: Session,
        principal: Principal,
        vacancy_id: int,
        engine: RankingEngine,
        *,
        filters: EntryFilters,
        offset: int,
        limit: int,
    ) -> RenderedPage:
        """The page as JSON bytes; rendered (and stamped) only when something it shows changed."""
        row = session.exec(_stamp_query(vacancy_id, principal.organisation_id)).first()
        bind = session.get_bind()
        key = (
            str(bind.engine.url),
            principal.organisation_id,
            vacancy_id,
            filters,
            offset,
            limit,
            date.today(),
        )
        stamp = tuple(row) if row is not None else None
        if stamp is not None and stamp[0] is not None:
            with self._lock:
                found = self._pages.get(key)
                if found is not None and found.stamp == stamp:
                    self._pages.move_to_end(key)
                    return found
        # Not the actor's vacancy, or no list yet: the full view raises the right error.
        page = shortlist_view(
            session, principal, vacancy_id, engine, filters=filters, offset=offset, limit=limit, audit=False
        )
        rendered = RenderedPage(
            stamp=stamp or (),
            body=page.model_dump_json().encode(),
            shortlist_id=page.id,
            entries=len(page.entries),
        )
        with self._lock:
            self.renders += 1
            if stamp is not None and stamp[0] == page.id:
                self._pages[key] = rendered
                self._pages.move_to_end(key)
                while len(self._pages) > self.max_pages:
                    self._pages.popitem(last=False)
        return rendered

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


_PAGES = ShortlistPages()


def get_shortlist_pages() -> ShortlistPages:
    """The process-wide page cache."""
    return _PAGES
