"""Seeker partitions read by the workers themselves: the same seekers the driver reads, and a change
in between refused. (That no seeker's data reaches the cluster: ``test_distributed_rerank``.)"""

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from matcher import SeekerProfile
from models import JobSeeker
from models.enums import ConsentStatus
from service.engine.pools import profile_digest, seeker_profiles
from service.jobs.partitions import (
    PartitionChanged,
    database_url,
    plan_partitions,
    read_partition,
    seeker_profiles_between,
)
from service.platform.db import make_engine
from tests.service.jobs.test_rerank import populate


def actor_of_seekers(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        actor = session.exec(select(JobSeeker.matching_actor_id)).first()
    engine.dispose()
    assert actor is not None
    return actor


def driver_read(url: str, actor_id: int) -> tuple[list[SeekerProfile], list[str]]:
    engine = make_engine(url)
    with Session(engine) as session:
        seekers = seeker_profiles(session, actor_id)
    engine.dispose()
    return seekers, [profile_digest(s) for s in seekers]


def test_the_partitions_are_the_driver_read_split_by_id(db_url: str) -> None:
    """Withdrawn consent and merged records are left out in a range exactly as in the whole read."""
    populate(db_url, n_seekers=20)
    actor_id = actor_of_seekers(db_url)
    engine = make_engine(db_url)
    with Session(engine) as session:
        rows = session.exec(select(JobSeeker).order_by(col(JobSeeker.id))).all()
        rows[3].consent = ConsentStatus.WITHDRAWN
        rows[8].merged_into_id = rows[9].id
        session.add_all([rows[3], rows[8]])
        session.commit()
    seekers, digests = driver_read(db_url, actor_id)
    assert len(seekers) == 18
    plan, bounds = plan_partitions(engine, actor_id, seekers, digests, 3)
    assert bounds == [0, 6, 12, 18] and [p.size for p in plan] == [6, 6, 6]
    read = [s for p in plan for s in read_partition(p)]
    assert [s.id for s in read] == [s.id for s in seekers]
    assert [profile_digest(s) for s in read] == digests
    with Session(engine) as session:  # a range's edges are inclusive, and only the actor's seekers count
        inner = seeker_profiles_between(session, actor_id, int(seekers[1].id), int(seekers[2].id))
        assert [s.id for s in inner] == [seekers[1].id, seekers[2].id]
        assert seeker_profiles_between(session, actor_id + 1000, 0, 10**9) == []
    engine.dispose()


@pytest.mark.parametrize(
    "change",
    [
        lambda row: setattr(row, "profile_text", row.profile_text + " Jag har C-körkort."),
        lambda row: setattr(row, "consent", ConsentStatus.WITHDRAWN),
    ],
    ids=["edited", "consent-withdrawn"],
)
def test_a_partition_changed_since_the_driver_read_is_refused(
    db_url: str, change: Callable[[JobSeeker], None]
) -> None:
    populate(db_url, n_seekers=8)
    actor_id = actor_of_seekers(db_url)
    seekers, digests = driver_read(db_url, actor_id)
    engine = make_engine(db_url)
    plan, _ = plan_partitions(engine, actor_id, seekers, digests, 2)
    with Session(engine) as session:
        row = session.get(JobSeeker, int(seekers[5].id))
        assert row is not None
        change(row)
        session.add(row)
        session.commit()
    engine.dispose()
    assert len(read_partition(plan[0])) == 4  # the other partition is as it was
    with pytest.raises(PartitionChanged, match="changed while the re-rank ran: run it again"):
        read_partition(plan[1])


def test_workers_cannot_read_an_in_memory_database(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read an in-memory SQLite database"):
        database_url(make_engine("sqlite://"))
    # A relative SQLite path is made absolute: workers may run elsewhere.
    relative = make_engine("sqlite:///run.db")
    assert database_url(relative).endswith(str(Path.cwd() / "run.db"))
    relative.dispose()
