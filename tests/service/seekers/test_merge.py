"""Merging two records of one person: chosen values kept, history moved, the other record kept as merged
(410 naming the survivor), consent the stricter, every step audited, all in one transaction."""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models import (
    AuditEvent,
    Eligibility,
    JobSeeker,
    Placement,
    Proposal,
    ReviewDecision,
    SeekerDuplicate,
    SeekerIdentity,
    Shortlist,
    ShortlistEntry,
)
from models.base import pk
from models.enums import Role
from service.engine.pools import seeker_profiles
from service.platform.audit import seeker_pseudonym
from service.platform.db import get_engine
from tests import factories as f
from tests.service.seekers_fixtures import (  # noqa: F401
    World,
    any_client_fixture,
    any_world_fixture,
    create_seeker,
    seeker_body,
)


def _entry(session: Session, shortlist: Shortlist, seeker_id: int) -> ShortlistEntry:
    entry = ShortlistEntry(shortlist_id=pk(shortlist), seeker_id=seeker_id, rank=1, score=0.7)
    session.add(entry)
    session.flush()
    return entry


def _history(world: World, keep_id: int, gone_id: int) -> dict[str, int]:
    """The merged record: a decided entry, a proposal and a placement on one placement; and an entry on a
    list where the survivor is too (that one cannot move)."""
    with Session(get_engine()) as session:
        reviewer = f.user(session, world.actor_1, Role.STAFF)
        lists = []
        for title in ("Lokalvårdare", "Kock"):
            vacancy = f.vacancy(session, world.c1, title=title)
            shortlist = Shortlist(
                vacancy_id=pk(vacancy), status="ready", model_version="m", config_hash="c", input_hash="i"
            )
            session.add(shortlist)
            session.flush()
            lists.append((vacancy, shortlist))
        (v1, s1), (_, s2) = lists
        entry = _entry(session, s1, gone_id)
        session.add(
            ReviewDecision(
                entry_id=pk(entry), reviewer_id=pk(reviewer), decision="propose", reason_code="good_fit"
            )
        )
        proposal = Proposal(
            seeker_id=gone_id, vacancy_id=pk(v1), entry_id=pk(entry), proposed_by=pk(reviewer)
        )
        session.add(proposal)
        session.add(
            Placement(
                seeker_id=gone_id, vacancy_id=pk(v1), contract_id=pk(world.c1), kind="employment",
                target_group="newcomer", start_date=date(2026, 2, 1),
            )
        )  # fmt: skip
        _entry(session, s2, keep_id)
        clash = _entry(session, s2, gone_id)
        session.commit()
        return {"entry": pk(entry), "clash": pk(clash), "proposal": pk(proposal)}


def _events(seeker_id: int, action: str) -> list[AuditEvent]:
    with Session(get_engine()) as session:
        query = select(AuditEvent).where(
            AuditEvent.subject_seeker == seeker_pseudonym(seeker_id), AuditEvent.action == action
        )
        return list(session.exec(query).all())


def test_a_merge_keeps_choices_moves_history_and_takes_the_stricter_consent(
    any_client: TestClient, world: World
) -> None:
    keep = create_seeker(any_client, world, "k-1", personal_number="19860503-9802", phone="070-1")
    gone = create_seeker(
        any_client, world, "k-2", personal_number="19860503-9810", phone="070-2222222", consent="pending"
    )
    ids = _history(world, keep, gone)
    body = {"survivor_id": keep, "merged_id": gone, "keep": {"phone": "merged", "ref": "merged"}}
    response = any_client.post("/seeker-merges", json=body, headers=world.staff_1)
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["consent"] == "pending"  # given + pending: never more than the person gave
    assert result["moved"]["shortlistentry"] == 1 and result["kept_on_merged"] == {
        "shortlistentry": 1,
        "seekeridentity": 1,
    }
    assert result["moved"]["proposal"] == 1 and result["moved"]["placement"] == 1
    assert result["moved"]["eligibility"] == 1

    with Session(get_engine()) as session:
        survivor = session.get(JobSeeker, keep)
        merged = session.get(JobSeeker, gone)
        assert survivor is not None and merged is not None
        assert survivor.ref == "k-2" and survivor.consent == "pending"
        assert merged.merged_into_id == keep and merged.merged_at is not None and merged.ref != "k-2"
        ident = session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == keep)).one()
        assert ident.phone == "070-2222222" and ident.personal_number == "19860503-9802"
        entry = session.get(ShortlistEntry, ids["entry"])
        clash = session.get(ShortlistEntry, ids["clash"])
        assert entry is not None and entry.seeker_id == keep  # with its decision
        assert clash is not None and clash.seeker_id == gone  # the survivor is on that list already
        assert session.get(Proposal, ids["proposal"]).seeker_id == keep  # type: ignore[union-attr]
        assert len(session.exec(select(Eligibility).where(Eligibility.seeker_id == keep)).all()) == 2
        flags = session.exec(select(SeekerDuplicate)).all()
        assert [fl.status for fl in flags] == ["merged"]
        # Pending now: the engine ranks neither record until the person consents.
        assert seeker_profiles(session, pk(world.actor_1)) == []

    # The old id answers clearly; the list shows the person once.
    old = any_client.get(f"/seekers/{gone}", headers=world.staff_1)
    assert old.status_code == 410 and old.json()["merged_into"] == keep
    assert old.json()["merged_into_url"] == f"/seekers/{keep}"
    assert any_client.patch(f"/seekers/{gone}", json={"skills": []}, headers=world.staff_1).status_code == 410
    listed = any_client.get("/seekers", headers=world.staff_1).json()
    assert [s["id"] for s in listed["items"]] == [keep]
    # Both trails name the merge; the survivor's export holds the merged record and its trail.
    assert _events(keep, "seeker.merge") and _events(gone, "seeker.merge")
    export = any_client.get(f"/seekers/{keep}/export", headers=world.staff_1).json()
    assert [m["id"] for m in export["merged_records"]] == [gone]
    assert any(e["subject_seeker"] == seeker_pseudonym(gone) for e in export["audit_events"])
    # Merging again is refused; erasing the survivor erases the merged record too.
    again = any_client.post("/seeker-merges", json=body, headers=world.staff_1)
    assert again.status_code == 410
    assert any_client.delete(f"/seekers/{keep}", headers=world.staff_1).status_code == 204
    with Session(get_engine()) as session:
        assert session.get(JobSeeker, gone) is None and session.get(JobSeeker, keep) is None


def test_a_merge_never_creates_consent(any_client: TestClient, world: World) -> None:
    keep = create_seeker(any_client, world, "c-1", personal_number="19860503-9802", consent="withdrawn")
    gone = create_seeker(any_client, world, "c-2", personal_number="19860503-9810")
    response = any_client.post(
        "/seeker-merges", json={"survivor_id": gone, "merged_id": keep}, headers=world.staff_1
    )
    assert response.status_code == 200 and response.json()["consent"] == "withdrawn"


def test_the_engine_ranks_a_merged_person_once(any_client: TestClient, world: World) -> None:
    keep = create_seeker(any_client, world, "e-1", personal_number="19860503-9802")
    gone = create_seeker(any_client, world, "e-2", personal_number="19860503-9810")
    merged = any_client.post(
        "/seeker-merges", json={"survivor_id": keep, "merged_id": gone}, headers=world.staff_1
    )
    assert merged.status_code == 200 and merged.json()["consent"] == "given"
    with Session(get_engine()) as session:
        assert [p.id for p in seeker_profiles(session, pk(world.actor_1))] == [str(keep)]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"merged_id": "same"}, 422, "merged_id"),
        ({"keep": {"consent": "merged"}}, 422, "keep.consent"),
        ({"keep": {"phone": "theirs"}}, 422, "keep.phone"),
        ({"survivor_id": 999_999}, 404, None),
    ],
)
def test_bad_merges_are_problems(
    any_client: TestClient, world: World, change: dict[str, Any], status: int, field: str | None
) -> None:
    a = create_seeker(any_client, world, "b-1", personal_number="19860503-9802")
    b = create_seeker(any_client, world, "b-2", personal_number="19860503-9810")
    body: dict[str, Any] = {"survivor_id": a, "merged_id": b, **change}
    if body["merged_id"] == "same":
        body["merged_id"] = a
    response = any_client.post("/seeker-merges", json=body, headers=world.staff_1)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    if field:
        assert field in {e["field"] for e in response.json()["errors"]} or field in response.json()["detail"]


def test_another_actors_person_cannot_be_merged(any_client: TestClient, world: World) -> None:
    a = create_seeker(any_client, world, "t-1", personal_number="19860503-9802")
    theirs = seeker_body(world.actor_2, ref="t-2")
    b = any_client.post("/seekers", json=theirs, headers=world.staff_2).json()["id"]
    response = any_client.post(
        "/seeker-merges", json={"survivor_id": a, "merged_id": b}, headers=world.staff_1
    )
    assert response.status_code == 404
    supplier = any_client.post(
        "/seeker-merges", json={"survivor_id": a, "merged_id": b}, headers=world.supplier_1_user
    )
    assert supplier.status_code == 403


def test_a_merge_that_fails_half_way_changes_nothing(
    any_client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    keep = create_seeker(any_client, world, "x-1", personal_number="19860503-9802")
    gone = create_seeker(any_client, world, "x-2", personal_number="19860503-9810")
    ids = _history(world, keep, gone)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    # After the history has moved and the record is marked: the last step before the audit events.
    monkeypatch.setattr("service.seekers.merge.drop_pool_snapshots", fail)
    with pytest.raises(RuntimeError):
        any_client.post(
            "/seeker-merges", json={"survivor_id": keep, "merged_id": gone}, headers=world.staff_1
        )
    with Session(get_engine()) as session:
        merged = session.get(JobSeeker, gone)
        assert merged is not None and merged.merged_into_id is None and merged.ref == "x-2"
        assert session.get(ShortlistEntry, ids["entry"]).seeker_id == gone  # type: ignore[union-attr]
        events = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "seeker.merge")).all()
        assert events == []


def test_retention_erases_a_merged_record_only_with_its_survivor(
    any_client: TestClient, world: World
) -> None:
    from datetime import UTC, datetime, timedelta

    from service.seekers.privacy import purge_expired

    keep = create_seeker(any_client, world, "r-1", personal_number="19860503-9802")
    gone = create_seeker(any_client, world, "r-2", personal_number="19860503-9810")
    any_client.post("/seeker-merges", json={"survivor_id": keep, "merged_id": gone}, headers=world.staff_1)
    now = datetime.now(UTC)
    with Session(get_engine()) as session:
        merged = session.get(JobSeeker, gone)
        assert merged is not None
        merged.updated_at = now - timedelta(days=800)  # the merged record alone is old: it stays
        session.add(merged)
        session.commit()
        assert purge_expired(session, now, 365) == []
        session.commit()
        survivor = session.get(JobSeeker, keep)
        assert survivor is not None
        survivor.updated_at = now - timedelta(days=800)
        session.add(survivor)
        session.commit()
        assert purge_expired(session, now, 365) == [keep]
        session.commit()
    with Session(get_engine()) as session:
        assert session.get(JobSeeker, gone) is None and session.get(JobSeeker, keep) is None
