"""The person's rights: a complete export, an erasure that leaves no trace, retention, audited reads."""

import json
import zlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import JSON, String, Table, Text
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from models import AuditEvent, EmbeddingVector, JobSeeker, Placement, PoolSnapshot, SeekerIdentity
from models.base import pk
from service.jobs.progress import Silent
from service.jobs.rerank import rerank
from service.platform.audit import seeker_pseudonym
from service.platform.db import get_engine
from service.seekers.privacy import EXPORT_SECTIONS, purge_command, purge_expired
from service.seekers.service import vector_keys
from tests import factories as f
from tests.service.seekers_fixtures import (  # noqa: F401
    CANARY_SECRETS,
    World,
    any_client_fixture,
    build_world,
    client_fixture,
    give_history,
    seeker_body,
    sqlite_url_fixture,
    world_fixture,
)


def _tables_about_seekers() -> list[Table]:
    """jobseeker and every table that refers to it, directly or through another such table, in FK order."""
    found = ["jobseeker"]
    for table in SQLModel.metadata.sorted_tables:
        if any(fk.column.table.name in found for fk in table.foreign_keys) and table.name not in found:
            found.append(table.name)
    return [SQLModel.metadata.tables[name] for name in found]


def _row_ids_about(session: Session, seeker_id: int) -> dict[str, set[int]]:
    ids: dict[str, set[int]] = {"jobseeker": {seeker_id}}
    for table in _tables_about_seekers()[1:]:
        mine: set[int] = set()
        for fk in table.foreign_keys:
            parents = ids.get(fk.column.table.name)
            if parents:
                query = select(table.c.id).where(fk.parent.in_(parents))
                mine |= {int(i) for i in session.exec(query)}  # type: ignore[call-overload]
        ids[table.name] = mine
    return ids


def _setup(client: TestClient, world: World) -> tuple[int, int]:
    canary = client.post("/seekers", json=seeker_body(world.actor_1), headers=world.staff_1).json()["id"]
    other = seeker_body(world.actor_1, ref="s-other")
    other["identity"] = {"full_name": "Kontroll Kontrollsson", "personal_number": "19850505-1234"}
    other_id = client.post("/seekers", json=other, headers=world.staff_1).json()["id"]
    with Session(get_engine()) as session:
        give_history(session, world, canary)
    return canary, other_id


def test_export_holds_every_row_of_every_table_that_refers_to_the_person(
    client: TestClient, world: World
) -> None:
    canary, _ = _setup(client, world)
    response = client.get(f"/seekers/{canary}/export", headers=world.staff_1)
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    doc: dict[str, Any] = response.json()

    tables = {t.name for t in _tables_about_seekers()}
    assert tables == set(EXPORT_SECTIONS.values()), "a table refers to seekers but has no export section"
    with Session(get_engine()) as session:
        held = _row_ids_about(session, canary)
        row = session.get(JobSeeker, canary)
        assert row is not None
        n_vectors = len(vector_keys(session, row))
    for section, table in EXPORT_SECTIONS.items():
        assert held[table], f"the test world has no {table} row"
        value = doc[section]
        exported = {value["id"]} if isinstance(value, dict) else {r["id"] for r in value}
        assert held[table] <= exported, section

    assert doc["identity"]["full_name"] == "Canary Zyxwvutsson"
    assert doc["eligibility"][0]["evidence"].startswith("Etableringsplan")
    assert doc["monitoring_attributes"]["age_band"] == "25-29"
    (entry,) = doc["shortlist_entries"]
    assert entry["vacancy_title"] == "Lokalvårdare skolor" and entry["score"] == 0.81
    assert entry["reasons"][0]["en"] == "Has cleaning experience"
    assert doc["review_decisions"][0]["comment"] == "Canary Zyxwvutsson är intresserad"
    assert doc["profile_sent_to"] == ["Städbolaget Ett AB"]
    assert doc["proposals"][0]["sent_to"] == "Städbolaget Ett AB"
    assert doc["supplier_feedback"][0]["outcome"] == "hired"
    assert doc["follow_ups"][0]["status"] == "employed"
    assert len(doc["embedding_vectors"]) == n_vectors >= 1
    assert doc["controller"] == "Arbetsmarknadsenheten Ett"
    assert {"ranking", "rights"} <= set(doc["about"]["sv"]) and {"ranking", "rights"} <= set(
        doc["about"]["en"]
    )
    actions = [e["action"] for e in doc["audit_events"]]
    assert (
        actions[0] == "seeker.create" and "shortlist.manual_add" in actions and actions[-1] == "seeker.export"
    )
    assert all(e["subject_seeker"] == seeker_pseudonym(canary) for e in doc["audit_events"])
    assert "Kontroll" not in response.text


def _text_dump(session: Session) -> str:
    """Every text and JSON value of every table, as one string."""
    parts: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
        if columns:
            for row in session.connection().execute(sa_select(*columns)):
                parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def test_erasure_leaves_no_trace_of_the_person(any_client: TestClient) -> None:
    client = any_client
    with Session(get_engine(), expire_on_commit=False) as session:
        world = build_world(session)
    canary, other = _setup(client, world)
    rerank(get_engine(), progress=Silent())  # the batch job's pool snapshot lists the person's id
    assert str(canary) in snapshot_ids()
    with Session(get_engine()) as session:
        row = session.get(JobSeeker, canary)
        assert row is not None
        keys = vector_keys(session, row)
        dump = _text_dump(session)
        assert (
            "Canary Zyxwvutsson" in dump and "19900101-9801" in dump
        )  # the dump sees them before  # the dump does see the name before

    response = client.delete(f"/seekers/{canary}", headers=world.staff_1)
    assert response.status_code == 204 and response.headers["cache-control"] == "no-store"
    assert client.get(f"/seekers/{canary}", headers=world.staff_1).status_code == 404

    with Session(get_engine()) as session:
        dump = _text_dump(session)
        for secret in CANARY_SECRETS:
            assert secret.lower() not in dump.lower(), secret
        assert "Canary" not in dump
        held = _row_ids_about(session, canary)
        assert all(not ids for name, ids in held.items() if name != "jobseeker")
        assert session.get(JobSeeker, canary) is None
        assert str(canary) not in snapshot_ids()
        assert not session.exec(
            select(EmbeddingVector).where(col(EmbeddingVector.content_hash).in_(keys))
        ).all()
        # The other person is untouched.
        assert session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == other)).one()
        # The trail survives, by pseudonym only, ending with the erasure.
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.subject_seeker == seeker_pseudonym(canary))
            .order_by(col(AuditEvent.id))
        ).all()
        assert events[0].action == "seeker.create" and events[-1].action == "seeker.erase"
        manual = next(e for e in events if e.action == "shortlist.manual_add")
        assert manual.detail == {"reason": "[erased]", "rank": 1}
        erase = events[-1]
        assert erase.detail["reason"] == "request" and erase.detail["deleted"]["placement"] == 1
        assert erase.detail["placements_kept_for_statistics"][0]["contract_id"] == pk(world.c1)


def snapshot_ids() -> set[str]:
    with Session(get_engine()) as session:
        return {
            seeker_id
            for snapshot in session.exec(select(PoolSnapshot)).all()
            for seeker_id, _ in json.loads(zlib.decompress(snapshot.seekers))
        }


def test_every_personal_data_read_is_audited(client: TestClient, world: World) -> None:
    canary, _ = _setup(client, world)
    reads = {
        f"/seekers/{canary}": "seeker.read",
        "/seekers": "seeker.read",
        f"/seekers/{canary}/identity": "seeker.identity.read",
        f"/seekers/{canary}/eligibility": "seeker.eligibility.read",
        f"/seekers/{canary}/export": "seeker.export",
    }
    for path, action in reads.items():
        with Session(get_engine()) as session:
            query = select(AuditEvent).where(
                AuditEvent.action == action, AuditEvent.subject_seeker == seeker_pseudonym(canary)
            )
            before = len(session.exec(query).all())
        assert client.get(path, headers=world.staff_1).status_code == 200
        with Session(get_engine()) as session:
            assert len(session.exec(query).all()) == before + 1, path


def _age(session: Session, seeker_id: int, days: int, now: datetime) -> None:
    row = session.get(JobSeeker, seeker_id)
    assert row is not None
    row.updated_at = now - timedelta(days=days)
    session.add(row)


def test_retention_purges_stale_seekers_without_an_active_placement(client: TestClient, world: World) -> None:
    now = datetime(2029, 1, 1, tzinfo=UTC)
    with Session(get_engine()) as session:
        stale, recent, working, ended = (f.seeker(session, world.actor_1) for _ in range(4))
        vacancy = f.vacancy(session, world.c1)
        for person, end in ((working, None), (ended, date(2028, 1, 31))):
            session.add(
                Placement(
                    seeker_id=pk(person),
                    vacancy_id=pk(vacancy),
                    contract_id=pk(world.c1),
                    kind="employment",
                    start_date=date(2026, 1, 1),
                    end_date=end,
                )
            )
        for person, days in ((stale, 800), (recent, 100), (working, 800), (ended, 800)):
            _age(session, pk(person), days, now)
        session.commit()
        ids = {
            name: pk(p) for name, p in (("stale", stale), ("recent", recent), ("w", working), ("e", ended))
        }

    with Session(get_engine()) as session:
        erased = purge_expired(session, now, retention_days=730)
        session.commit()
    assert sorted(erased) == sorted([ids["stale"], ids["e"]])
    with Session(get_engine()) as session:
        assert {pk(r) for r in session.exec(select(JobSeeker))} == {ids["recent"], ids["w"]}
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "seeker.erase")).first()
        assert event is not None and event.actor_label == "system" and event.detail["reason"] == "retention"
    # The CLI entry uses the configured retention (730 days) and the real clock: nobody left is that old.
    assert purge_command() == []
