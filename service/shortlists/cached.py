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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Engine, Row, text
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


@dataclass(frozen=True)
class _DriverStamp:
    """``STAMP_SQL`` as the database driver takes it, and the converters of its two typed columns."""

    sql: str
    order: tuple[str, ...] | None  # parameter names in order, for a positional paramstyle
    is_active: Callable[[Any], Any] | None
    role: Callable[[Any], Any] | None


_DRIVER_STAMPS: dict[str, _DriverStamp] = {}


def _driver_stamp(engine: Engine) -> _DriverStamp:
    found = _DRIVER_STAMPS.get(engine.dialect.name)
    if found is None:
        compiled = STAMP_SQL.compile(dialect=engine.dialect)
        columns = User.__table__.c  # type: ignore[attr-defined]
        found = _DriverStamp(
            sql=str(compiled),
            order=tuple(compiled.positiontup or ()) if compiled.positional else None,
            is_active=columns.is_active.type.result_processor(engine.dialect, None),
            role=columns.role.type.result_processor(engine.dialect, None),
        )
        _DRIVER_STAMPS[engine.dialect.name] = found
    return found


class CallerRow(NamedTuple):
    """The caller's columns of the stamp row, by the names ``stamp``'s row has."""

    is_active: Any
    session_version: Any
    role: Any
    organisation_id: Any
    session_key: Any
    must_change_password: Any


def driver_stamp(
    engine: Engine, caller: Caller, vacancy_id: int, connection: Any = None
) -> tuple[CallerRow, tuple[Any, ...]] | None:
    """The row of ``ShortlistPages.stamp`` read on a pooled driver connection, outside any ORM session.

    The hot read's whole database work is this one indexed query; a session and a Core result around it
    cost twice the query itself. The values are those of ``stamp``: the untyped columns come from the
    driver either way, and the two typed ones go through their column types' converters. Returns the
    caller's columns and the stamp, or None where ``stamp`` finds no row. ``connection``: a driver
    connection of the caller's own, outside any transaction (by default one from the pool).
    """
    compiled = _driver_stamp(engine)
    params = {"user_id": caller.user_id, "vacancy_id": vacancy_id}
    args: Any = tuple(params[n] for n in compiled.order) if compiled.order is not None else params
    pooled = connection is None
    if pooled:
        connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        try:
            cursor.execute(compiled.sql, args)
            found = cursor.fetchone()
        finally:
            cursor.close()
    finally:
        if pooled:
            connection.close()  # back to the pool, which ends the read's transaction
    if found is None:
        return None
    user = CallerRow(*found[:USER_COLUMNS])
    if compiled.is_active is not None:
        user = user._replace(is_active=compiled.is_active(user.is_active))
    if compiled.role is not None:
        user = user._replace(role=compiled.role(user.role))
    return user, tuple(found[USER_COLUMNS:])


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
        key = _key(session.get_bind().engine, principal, vacancy_id, filters, offset, limit)
        found = self._stored(key, stamp)
        if found is not None:
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

    def stored(
        self,
        engine: Engine,
        principal: Principal,
        stamp: tuple[Any, ...],
        vacancy_id: int,
        *,
        filters: EntryFilters,
        offset: int,
        limit: int,
    ) -> RenderedPage | None:
        """The stored page if its stamp is ``stamp``; None when it has to be rendered (``page``)."""
        return self._stored(_key(engine, principal, vacancy_id, filters, offset, limit), stamp)

    def _stored(self, key: tuple[Any, ...], stamp: tuple[Any, ...] | None) -> RenderedPage | None:
        if stamp is None or stamp[0] is None:
            return None
        with self._lock:
            found = self._pages.get(key)
            if found is not None and found.stamp == stamp:
                self._pages.move_to_end(key)
                return found
        return None

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


def _key(
    engine: Engine, principal: Principal, vacancy_id: int, filters: EntryFilters, offset: int, limit: int
) -> tuple[Any, ...]:
    return (str(engine.url), principal.organisation_id, vacancy_id, filters, offset, limit, date.today())


_PAGES = ShortlistPages()


def get_shortlist_pages() -> ShortlistPages:
    """The process-wide page cache."""
    return _PAGES
