"""What a re-rank run writes: its run record, one transaction per shortlist, and the locks around them.

A shortlist is written whole (BUILDING, its entries) and flipped to READY with the previous READY list
SUPERSEDED in the same transaction, so a reviewer never sees a half-written list and a run killed at
any instant leaves either the old READY list or the new one. Before writing, the transaction takes the
vacancy's write lock and checks whether a READY list with the same (input hash, model version, config)
already exists: a re-run, a resumed run and a concurrent run all write each list at most once.
"""

from __future__ import annotations

import json
import os
import socket
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy import Engine, delete, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from matcher import RankedList
from models import PoolSnapshot, RerankRun, Shortlist, ShortlistEntry, ShortlistState, Vacancy
from models.base import pk, utcnow
from models.enums import ShortlistStatus
from service.platform.audit import record
from service.shortlists.service import entry_from_match, match_from_entry, supersede

# Arbitrary constant that names "the re-rank job" among PostgreSQL advisory locks.
RUN_LOCK_KEY = 7_431_902_117


def kill_hook(point: str, n: int = 0) -> None:
    """Test hook: ``MATCHER_RERANK_KILL_AT=point:n`` SIGKILLs this process there (crash-safety tests)."""
    wanted = os.environ.get("MATCHER_RERANK_KILL_AT")
    if wanted and wanted == f"{point}:{n}":
        os.kill(os.getpid(), 9)


@contextmanager
def run_lock(engine: Engine) -> Iterator[bool]:
    """PostgreSQL: a session advisory lock, so one run at a time (released if the process dies).

    SQLite has no such lock; there concurrent runs are safe anyway because each shortlist transaction
    takes the single write lock (waiting up to the busy timeout) and re-checks before writing.
    """
    if engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect() as conn:
        got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": RUN_LOCK_KEY}).scalar())
        conn.commit()
        try:
            yield got
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": RUN_LOCK_KEY})
                conn.commit()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def close_stale_runs(engine: Engine, *, exclusive: bool) -> int:
    """Mark runs left 'running' by a dead process as 'interrupted'; how many.

    With the PostgreSQL run lock held (``exclusive``) every other running record is stale; otherwise
    only those started on this host by a process that no longer exists.
    """
    host = socket.gethostname()
    closed = 0
    with Session(engine) as session:
        for run in session.exec(select(RerankRun).where(RerankRun.status == "running")).all():
            proc: Any = run.metrics.get("process", {})
            dead = exclusive or (
                isinstance(proc, dict) and proc.get("host") == host and not _alive(int(proc.get("pid", 0)))
            )
            if dead:
                run.status = "interrupted"
                run.finished_at = utcnow()
                session.add(run)
                closed += 1
        session.commit()
    return closed


def start_run(engine: Engine, model_version: str, config: dict[str, Any]) -> int:
    with Session(engine) as session:
        run = RerankRun(
            model_version=model_version[:64],
            metrics={"process": {"host": socket.gethostname(), "pid": os.getpid()}, "config": config},
        )
        session.add(run)
        session.commit()
        return pk(run)


def finish_run(
    engine: Engine,
    run_id: int,
    *,
    status: str,
    input_hash: str = "",
    counts: dict[str, Any] | None = None,
    metrics: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    with Session(engine) as session:
        run = session.get(RerankRun, run_id)
        if run is None:
            return
        run.status = status
        run.finished_at = utcnow()
        run.input_hash = input_hash
        run.counts = dict(counts or {})
        run.metrics = {**run.metrics, **(metrics or {})}
        run.error = error[:2000] if error else None
        session.add(run)
        session.commit()


class Ready(NamedTuple):
    """A vacancy's READY shortlist: what it was computed from, and its id."""

    input_hash: str
    model_version: str
    config_hash: str
    shortlist_id: int


class StateRow(NamedTuple):
    shortlist_id: int
    snapshot_id: int
    key: str
    state: bytes


def ready_keys(engine: Engine, vacancy_ids: list[int]) -> dict[int, Ready]:
    """Each vacancy's READY shortlist (input hash, model version, config hash, id)."""
    found: dict[int, Ready] = {}
    with Session(engine) as session:
        for start in range(0, len(vacancy_ids), 500):
            rows = session.exec(
                select(Shortlist)
                .where(
                    col(Shortlist.vacancy_id).in_(vacancy_ids[start : start + 500]),
                    Shortlist.status == ShortlistStatus.READY,
                )
                .order_by(col(Shortlist.id))
            ).all()
            for row in rows:
                found[row.vacancy_id] = Ready(row.input_hash, row.model_version, row.config_hash, pk(row))
    return found


def load_ready_lists(engine: Engine, shortlist_ids: list[int], model_version: str) -> dict[int, RankedList]:
    """The engine entries of these shortlists, as the matcher's ranked lists (by shortlist id)."""
    found: dict[int, list[ShortlistEntry]] = {i: [] for i in shortlist_ids}
    vacancy_of: dict[int, int] = {}
    with Session(engine) as session:
        for start in range(0, len(shortlist_ids), 500):
            chunk = shortlist_ids[start : start + 500]
            for sid, vid in session.exec(
                select(Shortlist.id, Shortlist.vacancy_id).where(col(Shortlist.id).in_(chunk))
            ):
                vacancy_of[int(sid or 0)] = vid
            for entry in session.exec(
                select(ShortlistEntry)
                .where(col(ShortlistEntry.shortlist_id).in_(chunk), ShortlistEntry.source == "engine")
                .order_by(col(ShortlistEntry.shortlist_id), col(ShortlistEntry.rank))
            ):
                found[entry.shortlist_id].append(entry)
    return {
        sid: RankedList(
            query_id=str(vacancy_of[sid]),
            model_version=model_version,
            matches=tuple(match_from_entry(vacancy_of[sid], e) for e in entries),
        )
        for sid, entries in found.items()
        if sid in vacancy_of
    }


def save_snapshot(
    engine: Engine, actor_id: int, digest: str, seeker_ids: Sequence[str], digests: Sequence[str]
) -> int:
    """The id of the actor's pool snapshot with this digest, stored first if new."""
    query = select(PoolSnapshot.id).where(
        PoolSnapshot.matching_actor_id == actor_id, PoolSnapshot.digest == digest
    )
    with Session(engine) as session:
        found = session.exec(query).first()
        if found is not None:
            return int(found)
        payload = json.dumps([[i, d[:32]] for i, d in zip(seeker_ids, digests, strict=True)])
        session.add(
            PoolSnapshot(matching_actor_id=actor_id, digest=digest, seekers=zlib.compress(payload.encode()))
        )
        try:
            session.commit()
        except IntegrityError:  # a concurrent run stored the same snapshot first
            session.rollback()
    with Session(engine) as session:
        stored = session.exec(query).one()
        assert stored is not None
        return int(stored)


def load_snapshot(engine: Engine, snapshot_id: int) -> tuple[list[str], list[str]] | None:
    """(seeker ids, digest prefixes) of a snapshot; None when it is gone."""
    with Session(engine) as session:
        row = session.get(PoolSnapshot, snapshot_id)
        if row is None:
            return None
        pairs = json.loads(zlib.decompress(row.seekers))
    return [p[0] for p in pairs], [p[1] for p in pairs]


def load_states(engine: Engine, vacancy_ids: list[int]) -> dict[int, StateRow]:
    found: dict[int, StateRow] = {}
    with Session(engine) as session:
        for start in range(0, len(vacancy_ids), 500):
            rows = session.exec(
                select(ShortlistState).where(
                    col(ShortlistState.vacancy_id).in_(vacancy_ids[start : start + 500])
                )
            ).all()
            for row in rows:
                found[row.vacancy_id] = StateRow(row.shortlist_id, row.snapshot_id, row.key, row.state)
    return found


def drop_unused_snapshots(engine: Engine, actor_id: int, keep: int) -> int:
    """Delete the actor's snapshots that no state refers to (but ``keep``); how many."""
    with Session(engine) as session:
        used = select(ShortlistState.snapshot_id).distinct()
        result = session.exec(
            delete(PoolSnapshot).where(
                col(PoolSnapshot.matching_actor_id) == actor_id,
                col(PoolSnapshot.id) != keep,
                col(PoolSnapshot.id).not_in(used),
            )
        )
        session.commit()
        return int(result.rowcount or 0)


def _put_state(
    session: Session, vacancy_id: int, shortlist_id: int, state: tuple[int, str, bytes] | None
) -> None:
    session.exec(delete(ShortlistState).where(col(ShortlistState.vacancy_id) == vacancy_id))
    if state is not None:
        snapshot_id, key, payload = state
        session.add(
            ShortlistState(
                vacancy_id=vacancy_id,
                shortlist_id=shortlist_id,
                snapshot_id=snapshot_id,
                key=key,
                state=payload,
            )
        )


def keep_shortlist(
    engine: Engine, *, vacancy_id: int, shortlist_id: int, input_hash: str, state: tuple[int, str, bytes]
) -> bool:
    """The READY list is what the changed pool gives too: record that (its input hash, a new state).

    False when that list is no longer the READY one (another writer got there first).
    """
    with Session(engine) as session:
        version = session.exec(
            select(Vacancy.version).where(Vacancy.id == vacancy_id).with_for_update()
        ).first()
        if version is None:
            return False
        shortlist = session.get(Shortlist, shortlist_id)
        if shortlist is None or shortlist.status != ShortlistStatus.READY:
            session.rollback()
            return False
        shortlist.input_hash = input_hash
        shortlist.vacancy_version = version
        session.add(shortlist)
        _put_state(session, vacancy_id, shortlist_id, state)
        session.commit()
    return True


def write_shortlist(
    engine: Engine,
    *,
    run_id: int,
    vacancy_id: int,
    input_hash: str,
    model_version: str,
    config_hash: str,
    ranked: RankedList,
    ordinal: int,
    state: tuple[int, str, bytes] | None = None,
) -> bool:
    """Store one shortlist as READY in its own transaction; False when an equal one is already READY."""
    with Session(engine, expire_on_commit=False) as session:
        # The first statement writes: on SQLite that takes the database write lock now (waiting up to the
        # busy timeout), so the check below reads the latest committed state. No BUILDING list is ever
        # committed by this code; one left by anything else is debris.
        session.exec(
            delete(Shortlist).where(
                col(Shortlist.vacancy_id) == vacancy_id, col(Shortlist.status) == ShortlistStatus.BUILDING
            )
        )
        # PostgreSQL: the vacancy's row lock serialises writers of this vacancy (the API takes it too).
        # Its version is the one the profile was read at; an edit racing this run is caught by the next
        # run (the input hash differs).
        version = session.exec(
            select(Vacancy.version).where(Vacancy.id == vacancy_id).with_for_update()
        ).first()
        if version is None:
            session.rollback()
            return False
        same = session.exec(
            select(Shortlist.id).where(
                Shortlist.vacancy_id == vacancy_id,
                Shortlist.status == ShortlistStatus.READY,
                Shortlist.input_hash == input_hash,
                Shortlist.model_version == model_version,
                Shortlist.config_hash == config_hash,
            )
        ).first()
        if same is not None:
            session.rollback()
            return False
        shortlist = Shortlist(
            vacancy_id=vacancy_id,
            model_version=model_version,
            config_hash=config_hash,
            input_hash=input_hash,
            run_id=run_id,
            vacancy_version=version,
        )
        session.add(shortlist)
        session.flush()
        for match in ranked.matches:
            session.add(entry_from_match(pk(shortlist), match))
        session.flush()
        kill_hook("writing", ordinal)
        carried = supersede(session, vacancy_id, shortlist, len(ranked.matches))
        shortlist.status = ShortlistStatus.READY
        session.add(shortlist)
        _put_state(session, vacancy_id, pk(shortlist), state)
        record(
            session,
            None,
            "shortlist.compute",
            "shortlist",
            pk(shortlist),
            detail={
                "vacancy_id": vacancy_id,
                "entries": len(ranked.matches),
                "manual_carried": carried,
                "run_id": run_id,
            },
        )
        session.commit()
    return True
