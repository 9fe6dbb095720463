"""The cached read of a stored shortlist: one indexed query per request while nothing it shows changed.

A page of a shortlist (entries with explanations, eligibility, decision state) is rendered to JSON once
and kept per process, with a *stamp*: one row read by one query (indexed look-ups only) that changes
whenever anything the page shows changes: the READY list and its entries (manual additions, decision
versions), the vacancy (its version too: a stale list says so) and its requirement, the listed seekers
and those who left the list (their rows, consent and eligibility touch ``updated_at``; eligibility rows
are counted too), decisions and proposals on the vacancy. The day is
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

from sqlalchemy import Row, text
from sqlmodel import Session

from models import User
from service.engine.pools import RankingEngine
from service.platform.principal import Principal
from service.shortlists.views import EntryFilters, shortlist_view

MAX_PAGES = 512  # rendered pages kept per process (least recently used goes first)


@dataclass(frozen=True)
class RenderedPage:
    stamp: tuple[Any, ...]
    body: bytes
    shortlist_id: int
    entries: int


# Plain SQL, compiled once: every look-up goes through an index (primary keys, ``*_id`` indexes and the
# one-READY-list index); building the same statement with the ORM cost 10x the query itself. The status
# is a literal (the enum's stored name) so that SQLite can use the partial index on READY lists.
STAMP_SQL = text(
    """
SELECT u.is_active AS is_active, u.session_version AS session_version, u.role AS role,
  u.organisation_id AS organisation_id, u.session_key AS session_key,
  u.must_change_password AS must_change_password,
  s.id, v.updated_at, v.start_date, v.version, s.vacancy_version, r.id, r.target_groups,
  (SELECT count(e.id) FROM shortlistentry e WHERE e.shortlist_id = s.id),
  (SELECT max(e.id) FROM shortlistentry e WHERE e.shortlist_id = s.id),
  (SELECT sum(e.version) FROM shortlistentry e WHERE e.shortlist_id = s.id),
  (SELECT max(j.updated_at) FROM shortlistentry e JOIN jobseeker j ON j.id = e.seeker_id
    WHERE e.shortlist_id = s.id),
  (SELECT count(g.id) FROM shortlistentry e JOIN eligibility g ON g.seeker_id = e.seeker_id
    WHERE e.shortlist_id = s.id),
  (SELECT max(g.id) FROM shortlistentry e JOIN eligibility g ON g.seeker_id = e.seeker_id
    WHERE e.shortlist_id = s.id),
  (SELECT count(d.id) FROM shortlist s2 JOIN shortlistentry e ON e.shortlist_id = s2.id
    JOIN reviewdecision d ON d.entry_id = e.id WHERE s2.vacancy_id = v.id),
  (SELECT max(d.id) FROM shortlist s2 JOIN shortlistentry e ON e.shortlist_id = s2.id
    JOIN reviewdecision d ON d.entry_id = e.id WHERE s2.vacancy_id = v.id),
  (SELECT count(p.id) FROM proposal p WHERE p.vacancy_id = v.id),
  (SELECT max(p.id) FROM proposal p WHERE p.vacancy_id = v.id),
  (SELECT max(j.updated_at) FROM shortlistentry e JOIN jobseeker j ON j.id = e.seeker_id
    WHERE e.shortlist_id = (SELECT max(s3.id) FROM shortlist s3
      WHERE s3.vacancy_id = v.id AND s3.status = 'SUPERSEDED' AND s3.id < s.id))
FROM vacancy v
JOIN employmentrequirement r ON r.contract_id = v.contract_id
JOIN "user" u ON u.id = :user_id AND u.organisation_id = r.matching_actor_id
LEFT JOIN shortlist s ON s.vacancy_id = v.id AND s.status = 'READY'
WHERE v.id = :vacancy_id
"""
).columns(
    is_active=User.__table__.c.is_active.type,  # type: ignore[attr-defined]
    role=User.__table__.c.role.type,  # type: ignore[attr-defined]
)
USER_COLUMNS = 6  # the caller's row comes first; the rest is the stamp


@dataclass(frozen=True)
class Caller:
    """The user a verified token names, and the session key and version it was issued for."""

    user_id: int
    session_key: str
    session_version: int


class ShortlistPages:
    """Rendered shortlist pages of this process, each valid while its stamp is unchanged."""

    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self.max_pages = max_pages
        self._pages: OrderedDict[tuple[Any, ...], RenderedPage] = OrderedDict()
        self._lock = threading.Lock()
        self.renders = 0  # pages rendered (misses), for tests and logs

    def stamp(self, session: Session, caller: Caller, vacancy_id: int) -> Row[Any] | None:
        """The caller's user row and the page's stamp, if the vacancy is the caller's actor's (one query)."""
        params = {"user_id": caller.user_id, "vacancy_id": vacancy_id}
        return session.connection().execute(STAMP_SQL, params).first()

    def page(
        self,
        session: Session,
        principal: Principal,
        stamp: tuple[Any, ...] | None,
        vacancy_id: int,
        engine: RankingEngine,
        *,
        filters: EntryFilters,
        offset: int,
        limit: int,
    ) -> RenderedPage:
        """The page as JSON bytes; rendered only when ``stamp`` differs from the stored page's."""
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
