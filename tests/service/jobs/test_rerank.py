"""The batch re-rank job on real databases: crash-safety, concurrency, incrementality, Dask, manual mode."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from matcher.rank.incremental import RankState
from models import (
    Eligibility,
    JobSeeker,
    Organisation,
    RerankRun,
    Shortlist,
    ShortlistEntry,
    ShortlistState,
    Vacancy,
)
from models.enums import ConsentStatus, OrganisationKind, ShortlistStatus
from service.engine.enrichment import enrich_seeker, enrich_vacancy
from service.jobs.executors import DaskExecutor, InProcess, LocalProcesses
from service.jobs.progress import Silent
from service.jobs.rerank import AllocationConfig, RunReport, rerank
from service.platform.config import REPO_ROOT
from service.platform.db import make_engine
from service.platform.migrate import upgrade
from service.system.service import set_manual_mode
from tests import factories

OCCUPATIONS = [
    ("Lokalvårdare", "Jag har arbetat som städare på skolor och kontor i {n} år."),
    ("Kock", "Kock på restaurang, {n} år i storkök och à la carte."),
    ("Lagerarbetare", "Lagerarbete med truckkort, plock och packning i {n} år."),
    ("Barnskötare", "Barnskötare på förskola, {n} års erfarenhet av barngrupper."),
    ("Butikssäljare", "Säljare i butik, kassa och kundservice i {n} år."),
    ("Undersköterska", "Undersköterska inom hemtjänst och äldreomsorg, {n} år."),
    ("Snickare", "Snickare, bygg och renovering sedan {n} år."),
]


def populate(url: str, n_seekers: int = 49) -> None:
    """Three contracts' worth of vacancies (one per occupation but the last) and a pool of seekers."""
    engine = make_engine(url)
    with Session(engine) as session:
        authority = factories.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
        supplier = factories.organisation(session, OrganisationKind.SUPPLIER)
        actor = factories.organisation(session, OrganisationKind.MATCHING_ACTOR)
        contract = factories.contract(session, authority, supplier, actor)
        for i, (title, _) in enumerate(OCCUPATIONS[:-1]):
            row = factories.vacancy(
                session,
                contract,
                title=title,
                description=f"Vi söker en {title.lower()} till Malmö.",
                positions=1 + i % 2,
            )
            enrich_vacancy(row)
            session.add(row)
        for i in range(n_seekers):
            title, text = OCCUPATIONS[i % len(OCCUPATIONS)]
            row = factories.seeker(
                session,
                actor,
                profile_text=text.format(n=1 + i % 9),
                experiences=[{"title": title, "years": 1 + i % 5}],
            )
            enrich_seeker(row)
            session.add(row)
            session.flush()
            if i % 6 != 5:  # most are eligible under the contract's target groups
                session.add(
                    Eligibility(
                        seeker_id=row.id, target_group="newcomer" if i % 2 else "youth", evidence="intyg"
                    )
                )
        session.commit()
    engine.dispose()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    populate(url)
    return path


@pytest.fixture
def fresh(template: Path, tmp_path: Path) -> Iterator[str]:
    """A copy of the populated template (SQLite), as a URL."""
    path = tmp_path / "run.db"
    shutil.copy(template, path)
    yield f"sqlite:///{path}"


def ready_lists(url: str) -> dict[int, list[tuple[object, ...]]]:
    """Per vacancy the entries of its READY list; asserts exactly one READY list each and no BUILDING."""
    engine = make_engine(url)
    with Session(engine) as session:
        lists = session.exec(select(Shortlist).where(Shortlist.status != ShortlistStatus.SUPERSEDED)).all()
        assert all(s.status == ShortlistStatus.READY for s in lists), "a BUILDING list was committed"
        vacancy_ids = [s.vacancy_id for s in lists]
        assert len(vacancy_ids) == len(set(vacancy_ids)), "a vacancy has two READY lists"
        out = {}
        for s in lists:
            entries = session.exec(
                select(ShortlistEntry)
                .where(ShortlistEntry.shortlist_id == s.id)
                .order_by(col(ShortlistEntry.rank))
            ).all()
            # Explanations too: a carried list reuses stored ones, and they must be what ranking gives.
            out[s.vacancy_id] = [
                (e.seeker_id, e.rank, e.score, e.contributions, e.reasons, e.matched_skills, e.distance_km)
                for e in entries
            ]
    engine.dispose()
    return out


def count(url: str, model: type) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        n = len(session.exec(select(model)).all())
    engine.dispose()
    return n


def run(url: str, **kw: object) -> RunReport:
    return rerank(url, progress=Silent(), **kw)  # type: ignore[arg-type]


def run_subprocess(url: str, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MATCHER_ENV": "test", "HF_HUB_OFFLINE": "1"}
    env.pop("MATCHER_RERANK_KILL_AT", None)
    if kill_at:
        env["MATCHER_RERANK_KILL_AT"] = kill_at
    return subprocess.run(
        [sys.executable, "-m", "service.jobs.rerank", "--database-url", url, "--progress", "json"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_run_writes_every_shortlist_and_a_rerun_keeps_them(fresh: str) -> None:
    first = run(fresh, allocation=AllocationConfig(capacity=1, factor=2.0))
    assert first.status == "done"
    assert first.counts["vacancies"] == 6 and first.counts["written"] == 6 and first.counts["kept"] == 0
    lists = ready_lists(fresh)
    assert len(lists) == 6 and all(0 < len(entries) <= 50 for entries in lists.values())
    for entries in lists.values():
        assert [e[1] for e in entries] == list(range(1, len(entries) + 1))
        assert [e[2] for e in entries] == sorted((e[2] for e in entries), reverse=True)
    alloc = first.metrics["allocation"]["3"]
    assert alloc["global"]["proposals"] >= alloc["greedy"]["proposals"]
    assert set(first.metrics["stages"]) >= {"embed_document", "embed_query", "index", "score"}

    second = run(fresh)
    assert second.counts["kept"] == 6 and second.counts["rescored"] == 0 and second.counts["embedded"] == 0
    assert second.metrics["cache_hit_rate"] == 1.0
    assert ready_lists(fresh) == lists
    assert count(fresh, Shortlist) == 6
    engine = make_engine(fresh)
    with Session(engine) as session:
        runs = session.exec(select(RerankRun).order_by(col(RerankRun.id))).all()
        assert [r.status for r in runs] == ["done", "done"]
        assert runs[0].counts["written"] == 6 and "stages" in runs[0].metrics
    engine.dispose()


def test_incremental_run_rescores_only_what_changed(fresh: str) -> None:
    run(fresh)
    before = ready_lists(fresh)
    engine = make_engine(fresh)
    with Session(engine) as session:
        vacancy = session.exec(select(Vacancy).order_by(col(Vacancy.id))).first()
        assert vacancy is not None
        vacancy.description = "Vi söker en lokalvårdare med B-körkort till Lund."
        enrich_vacancy(vacancy)
        session.add(vacancy)
        session.commit()
        changed_id = vacancy.id
    report = run(fresh)
    assert report.counts["rescored"] == 1 and report.counts["kept"] == 5
    assert report.counts["embedded"] == 1  # the one new vacancy text
    after = ready_lists(fresh)
    assert {v: e for v, e in after.items() if v != changed_id} == {
        v: e for v, e in before.items() if v != changed_id
    }
    # A seeker change changes the pool every vacancy is ranked from: the six lists are carried over from their
    # stored states (nothing ranked in full), one text embedded.
    with Session(engine) as session:
        seeker = session.exec(select(JobSeeker).order_by(col(JobSeeker.id))).first()
        assert seeker is not None
        seeker.profile_text = "Städare och fönsterputsare i tio år."
        enrich_seeker(seeker)
        session.add(seeker)
        session.commit()
    engine.dispose()
    report = run(fresh)
    assert report.counts["carried"] == 6 and report.counts["rescored"] == 0 and report.counts["embedded"] == 1
    written = report.counts["written"]
    assert report.counts["carried_unchanged"] == 6 - written
    assert count(fresh, Shortlist) == 6 + 1 + written  # superseded lists stay for the record


def full_rerank_of(url: str, tmp_path: Path, **kw: object) -> dict[int, list[tuple[object, ...]]]:
    """The READY lists a run gives on a copy of this database without any carry state (ranked in full)."""
    path = tmp_path / "full.db"
    shutil.copy(url.removeprefix("sqlite:///"), path)
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        for row in session.exec(select(ShortlistState)).all():
            session.delete(row)
        session.commit()
    engine.dispose()
    report = run(f"sqlite:///{path}", **kw)
    assert report.counts["carried"] == 0
    return ready_lists(f"sqlite:///{path}")


def test_seeker_changes_are_carried_exactly(fresh: str, tmp_path: Path) -> None:
    """Seekers edited, withdrawn and added: the carried lists are the lists of a full re-rank."""
    run(fresh, top_k=5)
    engine = make_engine(fresh)
    with Session(engine) as session:
        seekers = session.exec(select(JobSeeker).order_by(col(JobSeeker.id))).all()
        seekers[0].profile_text = "Kock i storkök, tio år."
        seekers[3].profile_text = "Lokalvårdare, städning av kontor och skolor i fem år."
        seekers[10].consent = ConsentStatus.WITHDRAWN  # leaves the pool
        for row in (seekers[0], seekers[3], seekers[10]):
            enrich_seeker(row)
            session.add(row)
        actor = session.get(Organisation, seekers[0].matching_actor_id)
        assert actor is not None
        added = factories.seeker(session, actor, profile_text="Lagerarbetare med truckkort A och B, åtta år.")
        enrich_seeker(added)
        session.add(added)
        session.flush()
        session.add(Eligibility(seeker_id=added.id, target_group="newcomer", evidence="intyg"))
        session.commit()
    engine.dispose()
    expected = full_rerank_of(fresh, tmp_path, top_k=5)
    report = run(fresh, top_k=5)
    assert report.counts["carried"] == 6 and report.counts["rescored"] == 0
    assert report.counts["written"] >= 1 and report.counts["carried_unchanged"] >= 1, report.counts
    assert ready_lists(fresh) == expected
    again = run(fresh, top_k=5)  # nothing changed since: every list kept
    assert again.counts["kept"] == 6 and again.counts["carried"] == 0


@pytest.mark.parametrize("kill_at", ["embedded:0", "writing:2", "written:4"])
def test_killed_run_resumes_to_the_uninterrupted_result(
    kill_at: str, template: Path, tmp_path: Path, fresh: str
) -> None:
    run(fresh)
    expected = ready_lists(fresh)
    path = tmp_path / "killed.db"
    shutil.copy(template, path)
    url = f"sqlite:///{path}"
    killed = run_subprocess(url, kill_at)
    assert killed.returncode == -9, killed.stderr[-2000:]
    written_before = count(url, Shortlist)
    resumed = run(url)
    assert resumed.status == "done"
    assert resumed.counts["kept"] == written_before and resumed.counts["written"] == 6 - written_before
    assert ready_lists(url) == expected
    engine = make_engine(url)
    with Session(engine) as session:
        statuses = [r.status for r in session.exec(select(RerankRun).order_by(col(RerankRun.id))).all()]
    engine.dispose()
    assert statuses == ["interrupted", "done"]


def test_two_concurrent_runs_write_each_list_once(fresh: str, template: Path, tmp_path: Path) -> None:
    reference = tmp_path / "reference.db"
    shutil.copy(template, reference)
    run(f"sqlite:///{reference}")
    results: list[list[subprocess.CompletedProcess[str]]] = [[], []]
    threads = [threading.Thread(target=lambda r=r: r.append(run_subprocess(fresh))) for r in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r[0].returncode for r in results] == [0, 0], [r[0].stderr[-1000:] for r in results]
    assert count(fresh, Shortlist) == 6
    assert ready_lists(fresh) == ready_lists(f"sqlite:///{reference}")
    logs = [r[0].stderr for r in results]
    assert all('"event": "run_end"' in log for log in logs)  # JSON log lines off a terminal
    # The two share the work (whichever writes a list first), but together write each list once.
    assert sum(int(log.split(" written")[0].rsplit(" ", 1)[1]) for log in logs) == 6


def test_concurrent_runs_on_each_engine(db_url: str) -> None:
    populate(db_url, n_seekers=14)
    reports: list[RunReport] = []
    threads = [threading.Thread(target=lambda: reports.append(run(db_url))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r.status for r in reports)
    # PostgreSQL: the advisory lock turns one away. SQLite: both finish, each list written once.
    assert statuses in (["done", "done"], ["done", "locked"])
    assert sum(r.counts.get("written", 0) for r in reports) == 6
    assert count(db_url, Shortlist) == 6 and len(ready_lists(db_url)) == 6


@pytest.mark.parametrize("executor_name", ["dask", "local-processes"])
def test_other_executors_give_the_in_process_result(
    executor_name: str, template: Path, tmp_path: Path, fresh: str
) -> None:
    """Dask partitions the seekers and merges; forked processes rank chunks of vacancies over the whole
    pool they inherit. Either way: the in-process lists and states."""
    run(fresh, executor=InProcess())
    other = tmp_path / "other.db"
    shutil.copy(template, other)
    # Port 8787 (Dask's default for its HTTP server) held by something else on the machine, as another
    # cluster or test may hold it: the run must not depend on it.
    blocker = socket.socket()
    with contextlib.suppress(OSError):
        blocker.bind(("0.0.0.0", 8787))
        blocker.listen()
    try:
        executor = (
            DaskExecutor("local-cluster", n_workers=2, processes=False)
            if executor_name == "dask"
            else LocalProcesses(2)
        )
    finally:
        blocker.close()
    try:
        report = run(f"sqlite:///{other}", executor=executor)
        # Each pool's template, index and vacancies are let go when the pool is done: a national run
        # holding every pool's until the end grew by gigabytes (the Dask scheduler keeps what tasks carry).
        assert _held(executor) == [], _held(executor)
    finally:
        executor.close()
    assert report.status == "done" and report.counts["written"] == 6
    assert ready_lists(f"sqlite:///{other}") == ready_lists(fresh)
    # The states are the in-process ones, so the next run carries from either alike.
    assert states(f"sqlite:///{other}") == states(fresh)


def _held(executor: DaskExecutor | LocalProcesses) -> list[str]:
    """What the executor still keeps for the run: the Dask cluster's keys (the embedder, shared once for
    every pool, excepted), or the values kept for forked workers."""
    if isinstance(executor, LocalProcesses):
        from service.jobs.executors import _SHARED

        return [type(v).__name__ for v in _SHARED.values()]
    deadline = time.monotonic() + 10
    while True:  # the scheduler forgets released keys a moment later
        held = sorted(
            str(k) for keys in executor.client.has_what().values() for k in keys if "Embedder" not in str(k)
        )
        if not held or time.monotonic() > deadline:
            return held
        time.sleep(0.1)


def states(url: str) -> dict[int, list[tuple[list[int], list[float], object]]]:
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(ShortlistState)).all()
        out = {}
        for row in rows:
            state = RankState.from_bytes(row.state)
            parts = (state.dense, state.lexical, state.scored)
            out[row.vacancy_id] = [(p.rows.tolist(), p.scores.tolist(), p.floor) for p in parts]
    engine.dispose()
    return out


def test_manual_mode_writes_nothing(fresh: str) -> None:
    engine = make_engine(fresh)
    with Session(engine) as session:
        set_manual_mode(session, True, user_id=None)
        session.commit()
    engine.dispose()
    report = run(fresh)
    assert report.status == "manual_mode" and report.run_id is None
    assert count(fresh, Shortlist) == 0 and count(fresh, RerankRun) == 0


def test_a_pool_that_empties_and_refills_is_handled(fresh: str, tmp_path: Path) -> None:
    """Everyone withdraws: every list becomes empty (no state carried from nothing); they come back:
    the lists are what a full re-rank gives."""
    run(fresh)
    engine = make_engine(fresh)
    with Session(engine) as session:
        for seeker in session.exec(select(JobSeeker)).all():
            seeker.consent = ConsentStatus.WITHDRAWN
            session.add(seeker)
        session.commit()
    report = run(fresh)
    assert report.status == "done" and report.counts["seekers"] == 0
    assert all(entries == [] for entries in ready_lists(fresh).values())
    with Session(engine) as session:
        for seeker in session.exec(select(JobSeeker)).all():
            seeker.consent = ConsentStatus.GIVEN
            session.add(seeker)
        session.commit()
    engine.dispose()
    expected = full_rerank_of(fresh, tmp_path)
    assert run(fresh).status == "done"
    assert ready_lists(fresh) == expected


def test_carried_lists_equal_a_full_rerank_on_each_engine(db_url: str) -> None:
    populate(db_url, n_seekers=21)
    run(db_url, top_k=5)
    engine = make_engine(db_url)
    with Session(engine) as session:
        seekers = session.exec(select(JobSeeker).order_by(col(JobSeeker.id))).all()
        seekers[1].profile_text = "Kock och diskare i storkök, sex år."
        seekers[2].consent = ConsentStatus.WITHDRAWN
        for row in seekers[1:3]:
            enrich_seeker(row)
            session.add(row)
        session.commit()
    carried = run(db_url, top_k=5)
    assert carried.counts["carried"] == 6 and carried.counts["rescored"] == 0
    lists = ready_lists(db_url)
    with Session(engine) as session:  # forget the states and the lists: the next run ranks in full
        for state in session.exec(select(ShortlistState)).all():
            session.delete(state)
        for shortlist in session.exec(select(Shortlist).where(Shortlist.status == ShortlistStatus.READY)):
            shortlist.status = ShortlistStatus.SUPERSEDED
            session.add(shortlist)
        session.commit()
    engine.dispose()
    full = run(db_url, top_k=5)
    assert full.counts["rescored"] == 6 and full.counts["carried"] == 0
    assert ready_lists(db_url) == lists
