"""What a re-rank run writes: its run record, its shortlists a batch per transaction, and the locks.

A shortlist is written whole (BUILDING, its entries) and flipped to READY with the previous READY list
SUPERSEDED in the same transaction (a batch of lists commits together, see ``ShortlistWriter``), so a
reviewer never sees a half-written list and a run killed at any instant leaves either the old READY
list or the new one. Before writing, the transaction takes the vacancies' write locks and checks
whether a READY list with the same (input hash, model version, config) already exists: a re-run, a
resumed run and a concurrent run all write each list at most once.
"""

from __future__ import annotations

import json
import os
import socket
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import Engine, delete, insert, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from matcher import PackedList, RankedList, ScoredMatch
from matcher.types import Reason, float_list
from models import PoolSnapshot, RerankRun, Shortlist, ShortlistEntry, ShortlistState, Vacancy
from models.base import pk, utcnow
from models.enums import ShortlistStatus
from service.platform.audit import record
from service.platform.config import get_settings
from service.platform.db import EncodedJSON, passes_encoded_json
from service.shortlists.service import (
    contribution_rows,
    match_from_entry,
    reason_dicts,
    reason_rows,
    supersede_many,
)

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


class _Write(NamedTuple):
    vacancy_id: int
    input_hash: str
    ranked: RankedList | PackedList | EncodedList
    state: tuple[int, str, bytes] | None
    ordinal: int
    done: Callable[[bool], None] | None


class _Keep(NamedTuple):
    vacancy_id: int
    shortlist_id: int
    input_hash: str
    state: tuple[int, str, bytes]
    done: Callable[[bool], None] | None


class ShortlistWriter:
    """Shortlists (and kept lists' new states) of one run, committed a batch at a time.

    Each list in a batch gets exactly what a transaction of its own would do: its vacancy locked, the
    check for an equal READY list, entries written, the old READY list superseded with its manual
    additions carried, its state replaced, an audit event, all decided per vacancy after the locks are
    held, so decisions and additions committed by staff before the batch are kept and later ones wait.
    The batch commits whole or not at all: a run killed at any instant leaves each vacancy with its old
    READY list or its new one, and a resumed run redoes only those without an up-to-date READY list.
    ``done`` callbacks get each item's result (False: an equal list was READY already, the vacancy is
    gone, or a kept list was replaced meanwhile) after its batch committed.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        run_id: int,
        model_version: str,
        config_hash: str,
        batch: int | None = None,
        seconds: float | None = None,
    ) -> None:
        self.engine = engine
        self.take_encoded = passes_encoded_json(engine)
        self.run_id = run_id
        self.model_version = model_version
        self.config_hash = config_hash
        # A batch commits in one transaction (one fsync, one lock wait) instead of one per list, which
        # was most of writing's cost at national scale; bounded by count and age, so a kill loses little.
        settings = get_settings()
        self.batch = max(1, settings.rerank_write_batch if batch is None else batch)
        self.seconds = settings.rerank_write_seconds if seconds is None else seconds
        self.ordinal = 0
        self.batches = 0
        self._pending: list[_Write | _Keep] = []
        self._vacancies: set[int] = set()
        self._since = 0.0

    def __enter__(self) -> ShortlistWriter:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is None:  # after an error what is pending is left for the next run to redo
            self.flush()

    def write(
        self,
        *,
        vacancy_id: int,
        input_hash: str,
        ranked: RankedList | PackedList | EncodedList,
        state: tuple[int, str, bytes] | None = None,
        done: Callable[[bool], None] | None = None,
    ) -> None:
        """``ranked``: a re-rank's lists come as columns (``PackedList``), written without a match object."""
        self.ordinal += 1
        self._add(_Write(vacancy_id, input_hash, ranked, state, self.ordinal, done))

    def keep(
        self,
        *,
        vacancy_id: int,
        shortlist_id: int,
        input_hash: str,
        state: tuple[int, str, bytes],
        done: Callable[[bool], None] | None = None,
    ) -> None:
        """The READY list is what the changed pool gives too: record that (its input hash, a new state)."""
        self._add(_Keep(vacancy_id, shortlist_id, input_hash, state, done))

    def _add(self, item: _Write | _Keep) -> None:
        if item.vacancy_id in self._vacancies:
            self.flush()  # a second item for a vacancy must see the first one's result
        if not self._pending:
            self._since = time.monotonic()
        self._pending.append(item)
        self._vacancies.add(item.vacancy_id)
        if len(self._pending) >= self.batch or time.monotonic() - self._since >= self.seconds:
            self.flush()

    def flush(self) -> list[bool]:
        """Commit what is pending in one transaction; each item's result, in the order added."""
        items, self._pending = self._pending, []
        self._vacancies = set()
        if not items:
            return []
        results = self._commit(items)
        self.batches += 1
        for item, ok in zip(items, results, strict=True):
            if item.done is not None:
                item.done(ok)
        return results

    def _commit(self, items: list[_Write | _Keep]) -> list[bool]:
        vacancy_ids = sorted({i.vacancy_id for i in items})
        with Session(self.engine, expire_on_commit=False) as session:
            # The first statement writes: on SQLite that takes the database write lock now (waiting up to
            # the busy timeout), so the checks below read the latest committed state. No BUILDING list is
            # ever committed by this code; one left by anything else is debris.
            session.exec(
                delete(Shortlist).where(
                    col(Shortlist.vacancy_id).in_(vacancy_ids),
                    col(Shortlist.status) == ShortlistStatus.BUILDING,
                )
            )
            # PostgreSQL: the vacancies' row locks, taken in id order (no deadlock between two writers),
            # serialise writers of each vacancy (the API takes them too). The version is the one the
            # profile was read at; an edit racing this run is caught by the next run (input hash differs).
            versions: dict[int, int] = {
                int(vid or 0): int(version)
                for vid, version in session.exec(
                    select(Vacancy.id, Vacancy.version)
                    .where(col(Vacancy.id).in_(vacancy_ids))
                    .order_by(col(Vacancy.id))
                    .with_for_update()
                )
            }
            ready = {
                row.vacancy_id: row
                for row in session.exec(
                    select(Shortlist).where(
                        col(Shortlist.vacancy_id).in_(vacancy_ids), Shortlist.status == ShortlistStatus.READY
                    )
                )
            }
            results = [self._applies(item, versions, ready) for item in items]
            writes = [i for i, ok in zip(items, results, strict=True) if ok and isinstance(i, _Write)]
            keeps = [i for i, ok in zip(items, results, strict=True) if ok and isinstance(i, _Keep)]
            if not writes and not keeps:
                session.rollback()
                return results
            new = self._insert_lists(session, writes, versions)
            for item in keeps:
                ready[item.vacancy_id].input_hash = item.input_hash
                ready[item.vacancy_id].vacancy_version = versions[item.vacancy_id]
                session.add(ready[item.vacancy_id])
            lists = [
                (w.vacancy_id, pk(new[w.vacancy_id]), [int(i) for i in _seeker_ids(w.ranked)]) for w in writes
            ]
            carried = supersede_many(session, lists)
            session.exec(
                update(Shortlist)
                .where(col(Shortlist.id).in_([pk(s) for s in new.values()]))
                .values(status=ShortlistStatus.READY)
            )
            _put_states(
                session,
                [(w.vacancy_id, pk(new[w.vacancy_id]), w.state) for w in writes]
                + [(k.vacancy_id, k.shortlist_id, k.state) for k in keeps],
            )
            for w in writes:
                record(
                    session,
                    None,
                    "shortlist.compute",
                    "shortlist",
                    pk(new[w.vacancy_id]),
                    detail={
                        "vacancy_id": w.vacancy_id,
                        "entries": len(_seeker_ids(w.ranked)),
                        "manual_carried": carried.get(w.vacancy_id, 0),
                        "run_id": self.run_id,
                    },
                )
            session.commit()
        return results

    def _applies(self, item: _Write | _Keep, versions: dict[int, int], ready: dict[int, Shortlist]) -> bool:
        if item.vacancy_id not in versions:
            return False
        current = ready.get(item.vacancy_id)
        if isinstance(item, _Keep):
            return current is not None and pk(current) == item.shortlist_id
        return current is None or (current.input_hash, current.model_version, current.config_hash) != (
            item.input_hash,
            self.model_version,
            self.config_hash,
        )

    def _insert_lists(
        self, session: Session, writes: list[_Write], versions: dict[int, int]
    ) -> dict[int, Shortlist]:
        """The new lists, BUILDING, and their entries (one multi-row insert, not an ORM object each)."""
        new = {
            w.vacancy_id: Shortlist(
                vacancy_id=w.vacancy_id,
                model_version=self.model_version,
                config_hash=self.config_hash,
                input_hash=w.input_hash,
                run_id=self.run_id,
                vacancy_version=versions[w.vacancy_id],
            )
            for w in writes
        }
        session.add_all(new.values())
        session.flush()
        rows = [
            row for w in writes for row in _entry_rows(pk(new[w.vacancy_id]), w.ranked, self.take_encoded)
        ]
        if rows:
            session.execute(_ENTRY_TABLE.insert(), rows)
        for w in writes:
            kill_hook("writing", w.ordinal)
        return new


_ENTRY_TABLE: Any = ShortlistEntry.__table__  # type: ignore[attr-defined]


def _seeker_ids(ranked: RankedList | PackedList | EncodedList) -> list[str]:
    return [m.seeker_id for m in ranked.matches] if isinstance(ranked, RankedList) else ranked.seeker_ids


@dataclass(frozen=True, slots=True)
class EncodedList:
    """A ranked list as its entries' rows hold it, the JSON columns encoded where it was ranked
    (``encoded``): on an engine that passes encoded text on (``passes_encoded_json``), the writer stores
    them as they are. Only what the rows hold travels from a worker: the columns the JSON was encoded from
    as well took a fifth more bytes and 2.7 times as long to unpickle on the one writing process."""

    seeker_ids: list[str]
    ranks: list[int]
    scores: bytes
    intercepts: bytes
    distances_km: list[float | None]
    contributions: list[EncodedJSON]
    reasons: list[EncodedJSON]
    matched_skills: list[EncodedJSON]
    missing_skills: list[EncodedJSON]

    def json_columns(self, encoded: bool) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
        """The four JSON columns: as encoded, or decoded again for an engine that encodes them itself
        (the values encoded, so it writes the same text)."""
        columns = (self.contributions, self.reasons, self.matched_skills, self.missing_skills)
        if encoded:
            return columns
        contributions, reasons, matched, missing = ([json.loads(x) for x in c] for c in columns)
        return contributions, reasons, matched, missing


def encoded(ranked: PackedList) -> EncodedList:
    """``ranked`` as the rows that store it, with their JSON: made by a re-rank's workers, since encoding
    (the floats of every contribution above all) was most of the one writing process's time."""
    contributions, reasons, matched, missing = _json_columns(ranked, _reasons_json)
    return EncodedList(
        ranked.seeker_ids,
        ranked.ranks,
        ranked.scores,
        ranked.intercepts,
        ranked.distances_km,
        [EncodedJSON(json.dumps(c)) for c in contributions],
        reasons,
        [EncodedJSON(json.dumps(m)) for m in matched],
        [EncodedJSON(json.dumps(m)) for m in missing],
    )


@lru_cache(maxsize=65_536)
def _reasons_json(reasons: tuple[Reason, ...]) -> EncodedJSON:
    # A few thousand distinct reason sets recur across a run's lists.
    return EncodedJSON(json.dumps(reason_dicts(reasons)))


def _json_columns(
    ranked: PackedList, reasons: Callable[[tuple[Reason, ...]], Any] = reason_dicts
) -> tuple[list[list[dict[str, Any]]], list[Any], list[list[str]], list[list[str]]]:
    """The entries' contributions, reasons, matched and missing skills as the JSON columns hold them;
    ``reasons`` makes each entry's (``_reasons_json``: already encoded)."""
    return (
        _contributions(ranked),
        [reasons(r) for r in ranked.reasons],
        [list(m) for m in ranked.matched_skills],
        [list(m) for m in ranked.missing_skills],
    )


def _contributions(ranked: PackedList) -> list[list[dict[str, Any]]]:
    _, _, values, shares = ranked.float_columns()
    features, k = ranked.features, len(ranked.features)
    return [
        [
            {"feature": f, "value": v, "contribution": c}
            for f, v, c in zip(features, values[i * k : i * k + k], shares[i * k : i * k + k], strict=True)
        ]
        for i in range(len(ranked.seeker_ids))
    ]


def _entry_rows(
    shortlist_id: int, ranked: RankedList | PackedList | EncodedList, take_encoded: bool = False
) -> list[dict[str, Any]]:
    if isinstance(ranked, RankedList):
        return [_entry_row(shortlist_id, m) for m in ranked.matches]
    # From the columns: the rows ``_entry_row`` makes of ``ranked.ranked()``'s matches, with no match made.
    scores, intercepts = float_list(ranked.scores), float_list(ranked.intercepts)
    columns: tuple[Sequence[Any], Sequence[Any], Sequence[Any], Sequence[Any]]
    if isinstance(ranked, EncodedList):
        columns = ranked.json_columns(encoded=take_encoded)
    else:
        columns = _json_columns(ranked)
    contributions, reasons, matched, missing = columns
    return [
        _row(
            shortlist_id,
            seeker_id,
            ranked.ranks[i],
            scores[i],
            intercepts[i],
            contributions[i],
            reasons[i],
            matched[i],
            missing[i],
            ranked.distances_km[i],
        )
        for i, seeker_id in enumerate(ranked.seeker_ids)
    ]


def _entry_row(shortlist_id: int, m: ScoredMatch) -> dict[str, Any]:
    """``entry_from_match`` as a plain row: building an ORM object per entry was most of a batch's time."""
    return _row(
        shortlist_id,
        m.seeker_id,
        m.rank,
        m.score,
        m.intercept,
        contribution_rows(m),
        reason_rows(m),
        list(m.matched_skills),
        list(m.missing_skills),
        m.distance_km,
    )


def _row(
    shortlist_id: int,
    seeker_id: str,
    rank: int,
    score: float,
    intercept: float,
    contributions: list[dict[str, Any]] | EncodedJSON,
    reasons: list[dict[str, Any]] | EncodedJSON,
    matched_skills: list[str] | EncodedJSON,
    missing_skills: list[str] | EncodedJSON,
    distance_km: float | None,
) -> dict[str, Any]:
    return {
        "shortlist_id": shortlist_id,
        "seeker_id": int(seeker_id),
        "rank": rank,
        "score": score,
        "intercept": intercept,
        "contributions": contributions,
        "reasons": reasons,
        "matched_skills": matched_skills,
        "missing_skills": missing_skills,
        "distance_km": distance_km,
        "source": "engine",
        "manual_reason": None,
        "added_by": None,
        "version": 0,
    }


def _put_states(session: Session, states: list[tuple[int, int, tuple[int, str, bytes] | None]]) -> None:
    """Each vacancy's carry state replaced (or dropped, given None)."""
    if not states:
        return
    session.exec(delete(ShortlistState).where(col(ShortlistState.vacancy_id).in_([v for v, _, _ in states])))
    rows = [
        {"vacancy_id": v, "shortlist_id": sid, "snapshot_id": st[0], "key": st[1], "state": st[2]}
        for v, sid, st in states
        if st is not None
    ]
    if rows:
        session.execute(insert(ShortlistState), rows)


def keep_shortlist(
    engine: Engine, *, vacancy_id: int, shortlist_id: int, input_hash: str, state: tuple[int, str, bytes]
) -> bool:
    """One kept list in a transaction of its own (see ``ShortlistWriter.keep``); False when that list is
    no longer the READY one (another writer got there first)."""
    got: list[bool] = []
    writer = ShortlistWriter(engine, run_id=0, model_version="", config_hash="", batch=1)
    writer.keep(
        vacancy_id=vacancy_id, shortlist_id=shortlist_id, input_hash=input_hash, state=state, done=got.append
    )
    return got[0]


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
    got: list[bool] = []
    writer = ShortlistWriter(
        engine, run_id=run_id, model_version=model_version, config_hash=config_hash, batch=1
    )
    writer.ordinal = ordinal - 1
    writer.write(vacancy_id=vacancy_id, input_hash=input_hash, ranked=ranked, state=state, done=got.append)
    return got[0]
