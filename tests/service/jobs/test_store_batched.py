"""Shortlists written a batch per transaction: kills between and inside batches, staff additions and
decisions made while a batch is pending, and every item's result, on SQLite and PostgreSQL."""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from matcher.types import Contribution, PackedList, Reason
from models import (
    AuditEvent,
    PoolSnapshot,
    RerankRun,
    ReviewDecision,
    Shortlist,
    ShortlistEntry,
    ShortlistState,
    Vacancy,
)
from models.enums import Decision, OrganisationKind, ReasonCode, Role, ShortlistStatus
from service.jobs import store
from service.jobs.progress import Silent
from service.jobs.rerank import rerank
from service.platform.config import REPO_ROOT
from service.platform.db import make_engine
from service.platform.migrate import upgrade
from service.shortlists.service import entry_from_match
from tests import factories
from tests.service.jobs.test_rerank import count, populate, ready_lists


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("batched") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    populate(url)
    return path


@pytest.fixture(scope="module")
def expected(template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, list[tuple[object, ...]]]:
    """The READY lists of an undisturbed run (one batch)."""
    path = tmp_path_factory.mktemp("undisturbed") / "run.db"
    shutil.copy(template, path)
    report = rerank(f"sqlite:///{path}", progress=Silent())
    assert report.status == "done" and report.counts["written"] == 6
    return ready_lists(f"sqlite:///{path}")


def killed_run(url: str, kill_at: str, batch: int) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "MATCHER_ENV": "test",
        "HF_HUB_OFFLINE": "1",
        "MATCHER_RERANK_KILL_AT": kill_at,
        "MATCHER_RERANK_WRITE_BATCH": str(batch),
        "MATCHER_RERANK_WRITE_SECONDS": "600",
    }
    return subprocess.run(
        [sys.executable, "-m", "service.jobs.rerank", "--database-url", url, "--progress", "json"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("kill_at", "committed"),
    [
        ("written:2", 2),  # between batches: the first batch of two committed, then killed
        ("writing:3", 2),  # inside the second batch, its first list's entries written: nothing of it stays
        ("writing:4", 2),  # inside the second batch, its second list written too
        ("written:3", 4),  # after the second batch's commit, while its lists are being counted
    ],
)
def test_a_run_killed_between_or_inside_batches_resumes_to_the_undisturbed_rows(
    kill_at: str,
    committed: int,
    template: Path,
    tmp_path: Path,
    expected: dict[int, list[tuple[object, ...]]],
) -> None:
    path = tmp_path / "killed.db"
    shutil.copy(template, path)
    url = f"sqlite:///{path}"
    killed = killed_run(url, kill_at, batch=2)
    assert killed.returncode == -9, killed.stderr[-2000:]
    assert count(url, Shortlist) == committed  # whole batches only; ready_lists: never a BUILDING one
    assert len(ready_lists(url)) == committed
    resumed = rerank(url, progress=Silent())
    assert resumed.status == "done"
    assert resumed.counts["kept"] == committed and resumed.counts["written"] == 6 - committed
    assert ready_lists(url) == expected
    assert count(url, Shortlist) == 6 and count(url, ShortlistState) == 6
    engine = make_engine(url)
    with Session(engine) as session:
        statuses = [r.status for r in session.exec(select(RerankRun).order_by(col(RerankRun.id))).all()]
        audited = session.exec(select(AuditEvent).where(AuditEvent.action == "shortlist.compute")).all()
    engine.dispose()
    assert statuses == ["interrupted", "done"]
    assert len(audited) == 6  # an event per list committed, none for the batch that was lost


def test_entry_rows_fill_every_column_as_the_model_would() -> None:
    columns = {c.name for c in store._ENTRY_TABLE.columns} - {"id"}
    ranked = store.ScoredMatch("1", "2", 1, 0.5, -0.1, (), (), ("städning",), (), 3.0)
    row = store._entry_row(7, ranked)
    assert set(row) == columns
    assert row == entry_from_match(7, ranked).model_dump(exclude={"id"})


def test_a_list_as_columns_is_written_as_its_matches_would_be() -> None:
    """A re-rank's lists reach the writer as columns (``PackedList``): the same rows, no match made."""
    reasons = (
        Reason("experience", "Har arbetat som städare i 2 år", "Has worked as a cleaner for 2 years", True),
    )
    matches = tuple(
        store.ScoredMatch(
            "9",
            str(seeker),
            rank,
            0.25 * rank - 0.1,
            -0.1,
            tuple(Contribution(f, 0.1 * j + rank, 0.3 * j - rank) for j, f in enumerate(("a", "b", "c"))),
            reasons if rank == 1 else (),
            ("städning",) if rank == 1 else (),
            ("truckkort",),
            None if rank == 2 else 4.5,
        )
        for rank, seeker in enumerate((31, 7), start=1)
    )
    ranked = store.RankedList("9", "m1", matches)
    packed = PackedList.of(ranked)
    assert packed is not None
    assert (
        store._entry_rows(5, packed)
        == store._entry_rows(5, ranked)
        == [store._entry_row(5, m) for m in matches]
    )
    assert store._seeker_ids(packed) == store._seeker_ids(ranked) == ["31", "7"]


def test_batches_keep_staff_additions_and_decisions_made_while_pending(db_url: str) -> None:
    populate(db_url, n_seekers=14)
    assert rerank(db_url, progress=Silent()).counts["written"] == 6
    engine = make_engine(db_url)
    with Session(engine, expire_on_commit=False) as session:
        old = {s.vacancy_id: s for s in session.exec(select(Shortlist)).all()}
        ranked = store.load_ready_lists(engine, [int(s.id or 0) for s in old.values()], "m2")
        run_id = int(session.exec(select(RerankRun.id)).one() or 0)
        staff = factories.user(
            session, factories.organisation(session, OrganisationKind.MATCHING_ACTOR), Role.STAFF
        )
        session.commit()
        staff_id = int(staff.id or 0)
    first, second = sorted(old)[:2]
    writer = store.ShortlistWriter(engine, run_id=run_id, model_version="m2", config_hash="c2", batch=50)
    results: list[tuple[int, bool]] = []

    def answered(vid: int) -> Callable[[bool], None]:
        return lambda ok: results.append((vid, ok))

    for vid in sorted(old):
        lst = ranked[int(old[vid].id or 0)]
        # The new ranking leaves out the list's last seeker; a staff addition of that seeker is carried.
        writer.write(
            vacancy_id=vid,
            input_hash="h2",
            ranked=replace(lst, matches=lst.matches[:-1]),
            state=None,
            done=answered(vid),
        )
    assert results == [] and count(db_url, Shortlist) == 6  # pending, nothing written yet
    # Meanwhile staff decide on the first list and add the left-out seeker by hand to the second.
    with Session(engine) as session:
        entry = session.exec(
            select(ShortlistEntry)
            .where(ShortlistEntry.shortlist_id == old[first].id)
            .order_by(col(ShortlistEntry.rank))
        ).first()
        assert entry is not None
        session.add(
            ReviewDecision(
                entry_id=int(entry.id or 0),
                reviewer_id=staff_id,
                decision=Decision.PROPOSE,
                reason_code=ReasonCode.GOOD_FIT,
            )
        )
        last = session.exec(
            select(ShortlistEntry)
            .where(ShortlistEntry.shortlist_id == old[second].id)
            .order_by(col(ShortlistEntry.rank).desc())
        ).first()
        assert last is not None
        last.source, last.manual_reason, last.added_by = "manual", "Känd sedan tidigare", staff_id
        session.add(last)
        session.commit()
        decided_entry, manual_seeker = int(entry.id or 0), last.seeker_id
    assert writer.flush() == [True] * 6 and sorted(results) == [(v, True) for v in sorted(old)]
    assert writer.batches == 1
    with Session(engine, expire_on_commit=False) as session:
        lists = session.exec(select(Shortlist).order_by(col(Shortlist.id))).all()
        assert [s.status for s in lists] == [ShortlistStatus.SUPERSEDED] * 6 + [ShortlistStatus.READY] * 6
        new = {s.vacancy_id: s for s in lists[6:]}
        assert all(
            s.input_hash == "h2" and s.model_version == "m2" and s.run_id == run_id for s in new.values()
        )
        versions = dict(session.exec(select(Vacancy.id, Vacancy.version)).all())
        assert all(s.vacancy_version == versions[v] for v, s in new.items())
        carried = session.exec(
            select(ShortlistEntry).where(
                ShortlistEntry.shortlist_id == new[second].id, ShortlistEntry.source == "manual"
            )
        ).all()
        n_engine = len(ranked[int(old[second].id or 0)].matches) - 1
        assert [(e.seeker_id, e.rank, e.manual_reason, e.added_by) for e in carried] == [
            (manual_seeker, n_engine + 1, "Känd sedan tidigare", staff_id)
        ]
        decision = session.exec(select(ReviewDecision).where(ReviewDecision.entry_id == decided_entry)).one()
        decided = session.get(ShortlistEntry, decision.entry_id)
        assert decided is not None and decided.shortlist_id == old[first].id  # on the list it was made on
        for vid, s in new.items():
            entries = session.exec(
                select(ShortlistEntry)
                .where(ShortlistEntry.shortlist_id == s.id, ShortlistEntry.source == "engine")
                .order_by(col(ShortlistEntry.rank))
            ).all()
            want = ranked[int(old[vid].id or 0)].matches[:-1]
            made = [entry_from_match(0, m) for m in want]
            assert [(e.seeker_id, e.rank, e.score, e.reasons, e.contributions) for e in entries] == [
                (m.seeker_id, m.rank, m.score, m.reasons, m.contributions) for m in made
            ]
        assert session.exec(select(ShortlistState)).all() == []  # written without a state: none left
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "shortlist.compute")).all()
        assert len(events) == 12 and {e.detail["manual_carried"] for e in events[6:]} == {0, 1}

    # Again in one batch: equal lists are not written twice; a kept list's new state is recorded, a
    # keep of a list that is no longer READY is refused; each item gets its own answer.
    with Session(engine) as session:
        snapshot = int(session.exec(select(PoolSnapshot.id)).first() or 0)
    answers: list[bool] = []
    writer = store.ShortlistWriter(engine, run_id=run_id, model_version="m2", config_hash="c2", batch=50)
    lst = ranked[int(old[first].id or 0)]
    writer.write(vacancy_id=first, input_hash="h2", ranked=lst, done=answers.append)
    state = (snapshot, "k", b"s")
    writer.keep(
        vacancy_id=second,
        shortlist_id=int(new[second].id or 0),
        input_hash="h3",
        state=state,
        done=answers.append,
    )
    third = sorted(old)[2]
    writer.keep(
        vacancy_id=third,
        shortlist_id=int(old[third].id or 0),
        input_hash="h3",
        state=state,
        done=answers.append,
    )
    writer.write(
        vacancy_id=third, input_hash="h3", ranked=ranked[int(old[third].id or 0)], done=answers.append
    )
    assert writer.batches == 1 and answers == [False, True, False]  # a second item for a vacancy flushed
    writer.flush()
    assert answers == [False, True, False, True]
    assert count(db_url, Shortlist) == 13
    with Session(engine) as session:
        kept = session.get(Shortlist, new[second].id)
        assert kept is not None and kept.input_hash == "h3" and kept.status == ShortlistStatus.READY
        states = session.exec(select(ShortlistState)).all()
        assert [(s.vacancy_id, s.shortlist_id, s.key) for s in states] == [(second, new[second].id, "k")]
    engine.dispose()


def test_lists_encoded_by_the_workers_are_stored_as_the_writer_stores_lists(db_url: str) -> None:
    """A re-rank's workers send each list with the JSON its entries are stored as (``store.encoded``):
    stored as they are by the engines the service makes, re-encoded by any other engine; either way
    the rows read back as the list written, on SQLite and PostgreSQL."""
    from sqlmodel import create_engine

    from service.platform.db import passes_encoded_json

    populate(db_url, n_seekers=14)
    assert rerank(db_url, progress=Silent()).counts["written"] == 6  # the job's lists come encoded
    engine = make_engine(db_url)
    plain_engine = create_engine(db_url)  # SQLAlchemy's own JSON serializer
    assert passes_encoded_json(engine) and not passes_encoded_json(plain_engine)
    with Session(engine) as session:
        ids = [int(s.id or 0) for s in session.exec(select(Shortlist)).all()]
        run_id = int(session.exec(select(RerankRun.id)).one() or 0)
    before = store.load_ready_lists(engine, ids, "m2")
    assert sum(len(r.matches) for r in before.values()) > 20
    assert any(m.reasons for r in before.values() for m in r.matches)
    for round_, (target, encode) in enumerate(((engine, True), (plain_engine, True), (engine, False))):
        writer = store.ShortlistWriter(target, run_id=run_id, model_version="m2", config_hash="c2")
        for ranked in before.values():
            packed = PackedList.of(ranked)
            assert packed is not None
            writer.write(
                vacancy_id=int(ranked.query_id),
                input_hash=f"h{round_}",
                ranked=store.encoded(packed) if encode else packed,
            )
        writer.flush()
        with Session(engine) as session:
            now = [
                int(s.id or 0)
                for s in session.exec(select(Shortlist).where(Shortlist.status == ShortlistStatus.READY))
            ]
        after = store.load_ready_lists(engine, now, "m2")
        assert sorted(after.values(), key=lambda r: r.query_id) == sorted(
            before.values(), key=lambda r: r.query_id
        ), (target is engine, encode)
    plain_engine.dispose()
    engine.dispose()
