"""Every table stores and returns its values on SQLite and PostgreSQL alike."""

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session, SQLModel, select

from models import (
    ApiKey,
    AuditEvent,
    Eligibility,
    EmbeddingVector,
    EmploymentRequirement,
    FollowUp,
    MonitoringAttributes,
    Placement,
    PoolSnapshot,
    Proposal,
    RerankRun,
    ReviewDecision,
    ScorerModel,
    SeekerIdentity,
    Shortlist,
    ShortlistEntry,
    ShortlistState,
    SupplierFeedback,
    SystemSetting,
)
from models.base import pk
from models.enums import OrganisationKind, Role, ShortlistStatus
from models.handoff import FormHandoff
from models.seeker import SeekerDuplicate
from models.shortlist import IdempotencyRecord
from models.trust import AccessibilityReport, RateEvent
from service.platform.db import make_engine
from tests import factories as f


def _populate(session: Session) -> dict[str, object]:
    authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY, name="Malmö stad")
    supplier = f.organisation(session, OrganisationKind.SUPPLIER, name="Städ & Service AB")
    actor = f.organisation(session, OrganisationKind.MATCHING_ACTOR, name="Arbetsmarknadsenheten")
    staff = f.user(session, actor, Role.STAFF, email="staff@example.org")
    f.user(session, supplier, Role.SUPPLIER)
    contract = f.contract(session, authority, supplier, actor)
    vacancy = f.vacancy(
        session,
        contract,
        required_skills=["Truckkort A"],
        other_languages=[{"code": "en", "level": "B1"}],
        latitude=55.6,
        longitude=13.0,
        start_date=date(2026, 3, 1),
        enrichment=[{"id": "x", "type": "skill"}],
    )
    seeker = f.seeker(
        session,
        actor,
        profile_text="Städerska, 5 år. Svenska B1, arabiska modersmål. 😀 مرحبا",
        experiences=[{"title": "Städerska", "years": 5.0, "occupation_id": None}],
        languages=[{"code": "sv", "level": "B1"}, {"code": "ar", "level": "native"}],
    )
    session.add(SeekerIdentity(seeker_id=seeker.id, full_name="Åsa Öberg", personal_number="19900101-9801"))
    session.add(
        Eligibility(
            seeker_id=seeker.id,
            target_group="newcomer",
            evidence="Etableringsplan",
            valid_until=date(2027, 1, 1),
        )
    )
    session.add(MonitoringAttributes(seeker_id=seeker.id, sex="female", age_band="30-49", born_abroad=True))
    run = RerankRun(model_version="m1", counts={"vacancies": 1})
    session.add(run)
    session.flush()
    shortlist = Shortlist(
        vacancy_id=vacancy.id, model_version="m1", config_hash="c", input_hash="i", run_id=run.id
    )
    session.add(shortlist)
    session.flush()
    entry = ShortlistEntry(
        shortlist_id=shortlist.id,
        seeker_id=seeker.id,
        rank=1,
        score=0.8125,
        intercept=-1.5,
        contributions=[{"feature": "occupation_fit", "value": 1.0, "contribution": 2.3125}],
        reasons=[{"code": "occ", "sv": "Har arbetat som städare", "en": "Has worked as a cleaner"}],
        matched_skills=["Truckkort A"],
        distance_km=12.5,
    )
    session.add(entry)
    session.flush()
    session.add(
        ReviewDecision(entry_id=entry.id, reviewer_id=staff.id, decision="propose", reason_code="good_fit")
    )
    proposal = Proposal(seeker_id=seeker.id, vacancy_id=vacancy.id, entry_id=entry.id, proposed_by=staff.id)
    session.add(proposal)
    session.flush()
    session.add(SupplierFeedback(proposal_id=proposal.id, outcome="hired", given_by=staff.id))
    placement = Placement(
        seeker_id=seeker.id,
        vacancy_id=vacancy.id,
        contract_id=contract.id,
        kind="employment",
        target_group="newcomer",
        start_date=date(2026, 4, 1),
        end_date=date(2026, 10, 1),
    )
    session.add(placement)
    session.flush()
    session.add(
        FollowUp(
            placement_id=placement.id,
            months_after_end=6,
            status="employed",
            left_assistance=True,
            recorded_on=date(2027, 4, 2),
        )
    )
    session.add(
        AuditEvent(
            actor_label="user:1",
            actor_role="staff",
            action="seeker.read",
            object_type="seeker",
            detail={"fields": ["identity"]},
        )
    )
    session.add(EmbeddingVector(model_id="m", content_hash="h", dim=2, vector=b"\x00\x00\x80?\x00\x00\x00@"))
    snapshot = PoolSnapshot(
        matching_actor_id=actor.id, digest="d", seekers=b"x\x9c\x8b\x8e\x05\x00\x01\x15\x00\xb9"
    )
    session.add(snapshot)
    session.flush()
    session.add(
        ShortlistState(
            vacancy_id=vacancy.id,
            shortlist_id=shortlist.id,
            snapshot_id=snapshot.id,
            key="k",
            state=b"\x00\x01",
        )
    )
    session.add(ScorerModel(version="v1", payload={"weights": [0.5, -0.25]}, active=True))
    session.add(SystemSetting(key="manual_mode", value="false"))
    session.add(ApiKey(name="batch", organisation_id=actor.id, prefix="ab12cd", key_hash="h"))
    session.add(RateEvent(key="login|" + "0" * 58))
    session.add(AccessibilityReport(message="Knappen går inte att nå med tangentbordet.", contact="a@b.se"))
    twin = f.seeker(session, actor, profile_text="Städare")
    session.add(
        SeekerDuplicate(
            matching_actor_id=actor.id,
            seeker_id=pk(twin),
            other_id=seeker.id,
            reason="similar_name",
            score=91.5,
        )
    )
    session.add(
        IdempotencyRecord(
            owner="user:1", key="k-1", fingerprint="f" * 64, status_code=201, response={"id": 1, "ok": True}
        )
    )
    session.add(
        FormHandoff(
            token="t" * 43, user_id=staff.id, purpose="upload", body="{}", digest="d" * 64, meta={"n": 1}
        )
    )
    session.flush()
    return {"vacancy": vacancy.id, "seeker": seeker.id}


def test_every_table_round_trips(engine: Engine) -> None:
    with Session(engine, expire_on_commit=False) as session:
        written: list[SQLModel] = []
        event.listen(session, "pending_to_persistent", lambda _s, obj: written.append(obj))
        _populate(session)
        session.commit()
        expected = {(type(o), inspect(o).identity): o.model_dump(warnings=False) for o in written}
    assert {type(o).__tablename__ for o in written} == set(SQLModel.metadata.tables)  # type: ignore[attr-defined]
    with Session(engine) as fresh:
        for (model, pk), values in expected.items():
            row = fresh.get(model, pk)
            assert row is not None, f"{model.__name__} {pk} missing"
            assert row.model_dump(warnings=False) == values, model.__name__
    with Session(engine) as fresh:
        ident = fresh.exec(select(SeekerIdentity)).one()
        assert ident.full_name == "Åsa Öberg"
        req = fresh.exec(select(EmploymentRequirement)).one()
        assert req.target_groups == ["newcomer", "youth"]
        entry = fresh.exec(select(ShortlistEntry)).one()
        assert entry.score == 0.8125 and entry.contributions[0]["contribution"] == 2.3125
        assert isinstance(fresh.exec(select(AuditEvent)).one().at, datetime)


def test_deleting_an_organisation_with_contracts_is_refused_by_the_database(engine: Engine) -> None:
    with Session(engine) as session:
        authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
        supplier = f.organisation(session, OrganisationKind.SUPPLIER)
        actor = f.organisation(session, OrganisationKind.MATCHING_ACTOR)
        f.contract(session, authority, supplier, actor)
        session.commit()
        with pytest.raises(IntegrityError):
            session.execute(text("DELETE FROM organisation WHERE id = :id"), {"id": supplier.id})
            session.flush()


def test_a_vacancy_has_at_most_one_ready_shortlist(engine: Engine) -> None:
    with Session(engine) as session:
        authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
        supplier = f.organisation(session, OrganisationKind.SUPPLIER)
        actor = f.organisation(session, OrganisationKind.MATCHING_ACTOR)
        vacancy = f.vacancy(session, f.contract(session, authority, supplier, actor))
        for status in (ShortlistStatus.READY, ShortlistStatus.SUPERSEDED, ShortlistStatus.SUPERSEDED):
            session.add(
                Shortlist(
                    vacancy_id=pk(vacancy), status=status, model_version="m", config_hash="", input_hash=""
                )
            )
        session.commit()  # any number of superseded lists beside the READY one
        session.add(
            Shortlist(
                vacancy_id=pk(vacancy),
                status=ShortlistStatus.READY,
                model_version="m",
                config_hash="",
                input_hash="",
            )
        )
        with pytest.raises(IntegrityError):
            session.commit()


def test_audit_events_cannot_be_updated(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(AuditEvent(actor_label="system", actor_role="system", action="x", object_type="y"))
        session.commit()
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text("UPDATE auditevent SET action = 'tampered'"))
            session.flush()


def test_sqlite_connections_use_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() > 0
    engine.dispose()
