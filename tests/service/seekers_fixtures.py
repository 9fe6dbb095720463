"""Shared helpers for the vacancy, seeker, privacy and taxonomy API tests.

The world: one authority; suppliers S1 and S2; matching actors M1 and M2; contract C1 (S1, actor M1,
employment or internship) and C2 (S2, actor M2, employment only). A user per role and organisation.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import Contract, EmploymentRequirement, Organisation
from models.base import pk
from models.enums import OrganisationKind, Role
from service.platform.principal import Principal
from tests import factories as f

Headers = dict[str, str]


@dataclass
class World:
    supplier_1: Organisation
    supplier_2: Organisation
    actor_1: Organisation
    actor_2: Organisation
    c1: Contract
    c2: Contract
    supplier_1_user: Headers
    supplier_2_user: Headers
    staff_1: Headers
    staff_2: Headers
    auditor: Headers
    admin: Headers


def point_app_at(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.platform.config import get_settings
    from service.platform.db import get_engine

    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()


def release_app() -> None:
    from service.platform.config import get_settings
    from service.platform.db import get_engine

    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def make_app() -> FastAPI:
    from service.app.main import create_app

    return create_app()


@pytest.fixture(name="sqlite_url")
def sqlite_url_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite file the app is pointed at."""
    from service.platform.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'api.db'}"
    point_app_at(url, monkeypatch)
    upgrade(url)
    yield url
    release_app()


@pytest.fixture(name="client")
def client_fixture(sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(make_app()) as test_client:
        yield test_client


def auth(session: Session, org: Organisation, role: Role) -> Headers:
    """Headers with a bearer token of a fresh user of the given role and organisation."""
    from service.auth.tokens import create_access_token
    from service.platform.config import get_settings

    row = f.user(session, org, role)
    token = create_access_token(
        get_settings(),
        user_id=pk(row),
        role=role,
        organisation_id=pk(org),
        session_key=row.session_key,
    )
    return {"Authorization": f"Bearer {token}"}


def _contract(
    session: Session, authority: Organisation, supplier: Organisation, actor: Organisation, kinds: list[str]
) -> Contract:
    row = f.contract(session, authority, supplier, actor)
    query = select(EmploymentRequirement).where(EmploymentRequirement.contract_id == row.id)
    requirement = session.exec(query).one()
    requirement.placement_kinds = kinds
    session.add(requirement)
    session.flush()
    return row


def build_world(session: Session) -> World:
    authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
    s1 = f.organisation(session, OrganisationKind.SUPPLIER, name="Städbolaget Ett AB")
    s2 = f.organisation(session, OrganisationKind.SUPPLIER, name="Bygg Två AB")
    m1 = f.organisation(session, OrganisationKind.MATCHING_ACTOR, name="Arbetsmarknadsenheten Ett")
    m2 = f.organisation(session, OrganisationKind.MATCHING_ACTOR, name="Arbetsmarknadsenheten Två")
    c1 = _contract(session, authority, s1, m1, ["employment", "internship"])
    c2 = _contract(session, authority, s2, m2, ["employment"])
    world = World(
        supplier_1=s1,
        supplier_2=s2,
        actor_1=m1,
        actor_2=m2,
        c1=c1,
        c2=c2,
        supplier_1_user=auth(session, s1, Role.SUPPLIER),
        supplier_2_user=auth(session, s2, Role.SUPPLIER),
        staff_1=auth(session, m1, Role.STAFF),
        staff_2=auth(session, m2, Role.STAFF),
        auditor=auth(session, authority, Role.AUDITOR),
        admin=auth(session, authority, Role.ADMIN),
    )
    session.commit()
    return world


@pytest.fixture(name="world")
def world_fixture(client: TestClient) -> World:
    from service.platform.db import get_engine

    with Session(get_engine(), expire_on_commit=False) as session:
        return build_world(session)


def seeker_body(actor: Organisation, ref: str = "s-1", **extra: object) -> dict[str, object]:
    body: dict[str, object] = {
        "ref": ref,
        "matching_actor_id": pk(actor),
        "profile_text": "Jag har arbetat som städare i tre år och har B-körkort.",
        "municipality_code": "1280",
        "skills": ["Städning"],
        "languages": [{"code": "sv", "level": "B1"}],
        "consent": "given",
        "identity": {
            "full_name": "Canary Zyxwvutsson",
            "personal_number": "19900101-9801",
            "email": "canary@example.org",
            "phone": "070-1234567",
        },
        "eligibility": [
            {
                "target_group": "newcomer",
                "evidence": "Etableringsplan från Arbetsförmedlingen",
                "valid_until": None,
            }
        ],
    }
    body.update(extra)
    return body


TODAY = date.today()


@pytest.fixture(name="any_client")
def any_client_fixture(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The app on a migrated database of each engine (SQLite, and PostgreSQL when configured)."""
    point_app_at(db_url, monkeypatch)
    with TestClient(make_app()) as test_client:
        yield test_client
    release_app()


@pytest.fixture(name="world")
def any_world_fixture(any_client: TestClient) -> World:
    """``build_world`` on the database ``any_client`` serves (SQLite, and PostgreSQL when configured)."""
    from service.platform.db import get_engine

    with Session(get_engine(), expire_on_commit=False) as session:
        return build_world(session)


def create_seeker(client: TestClient, world: World, ref: str, **identity: object) -> int:
    """One of actor M1's people, created over the API: Åsa Öberg unless ``identity`` says otherwise."""
    body = seeker_body(world.actor_1, ref=ref, consent=identity.pop("consent", "given"))
    body["identity"] = {"full_name": "Åsa Öberg", **identity}
    response = client.post("/seekers", json=body, headers=world.staff_1)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


CANARY_SECRETS = ("Canary Zyxwvutsson", "Zyxwvutsson", "19900101-9801", "199001019801", "canary@example.org")


def give_history(session: Session, world: World, seeker_id: int) -> None:
    """Everything that can refer to a seeker: ranking, review, proposal, feedback, placement, follow-up,
    monitoring, cached vectors and audit events (two of them naming the person in free text)."""
    from models import (
        EmbeddingVector,
        FollowUp,
        JobSeeker,
        MonitoringAttributes,
        Placement,
        Proposal,
        ReviewDecision,
        SeekerDuplicate,
        Shortlist,
        ShortlistEntry,
        SupplierFeedback,
    )
    from service.platform.audit import record
    from service.seekers.service import vector_keys

    seeker = session.get(JobSeeker, seeker_id)
    assert seeker is not None
    reviewer = f.user(session, world.actor_1, Role.STAFF)
    supplier_user = f.user(session, world.supplier_1, Role.SUPPLIER)
    vacancy = f.vacancy(session, world.c1, title="Lokalvårdare skolor")
    shortlist = Shortlist(
        vacancy_id=pk(vacancy), status="ready", model_version="m1", config_hash="c", input_hash="i"
    )
    session.add(shortlist)
    session.flush()
    entry = ShortlistEntry(
        shortlist_id=pk(shortlist),
        seeker_id=seeker_id,
        rank=1,
        score=0.81,
        reasons=[{"sv": "Har erfarenhet av städning", "en": "Has cleaning experience"}],
        matched_skills=["Städning"],
        source="manual",
        manual_reason="Canary Zyxwvutsson ringde själv",
    )
    session.add(entry)
    session.flush()
    session.add(
        ReviewDecision(
            entry_id=pk(entry),
            reviewer_id=pk(reviewer),
            decision="propose",
            reason_code="good_fit",
            comment="Canary Zyxwvutsson är intresserad",
        )
    )
    proposal = Proposal(
        seeker_id=seeker_id, vacancy_id=pk(vacancy), entry_id=pk(entry), proposed_by=pk(reviewer)
    )
    session.add(proposal)
    session.flush()
    session.add(
        SupplierFeedback(
            proposal_id=pk(proposal),
            outcome="hired",
            reason="Canary började på måndag",
            given_by=pk(supplier_user),
        )
    )
    placement = Placement(
        seeker_id=seeker_id,
        vacancy_id=pk(vacancy),
        contract_id=pk(world.c1),
        kind="employment",
        target_group="newcomer",
        start_date=date(2026, 2, 1),
        end_date=date(2026, 7, 31),
    )
    session.add(placement)
    session.flush()
    session.add(
        FollowUp(
            placement_id=pk(placement), months_after_end=6, status="employed", recorded_on=date(2027, 2, 1)
        )
    )
    session.add(MonitoringAttributes(seeker_id=seeker_id, sex="female", age_band="25-29", born_abroad=True))
    lookalike = f.seeker(session, world.actor_1)  # flagged as a possible duplicate of the person
    session.add(
        SeekerDuplicate(
            matching_actor_id=seeker.matching_actor_id,
            seeker_id=pk(lookalike),
            other_id=seeker_id,
            reason="contact",
        )
    )
    for key in vector_keys(session, seeker):
        session.add(EmbeddingVector(model_id="model/document", content_hash=key, dim=1, vector=b"\0\0\0\0"))
    reviewer_principal = Principal(role=Role.STAFF, organisation_id=pk(world.actor_1), user_id=pk(reviewer))
    record(
        session,
        reviewer_principal,
        "shortlist.manual_add",
        "shortlist",
        pk(shortlist),
        seeker_id=seeker_id,
        detail={"reason": "Canary Zyxwvutsson ringde själv", "rank": 1},
    )
    record(session, None, "note", "other", detail={"text": "samtal med 19900101-9801"})
    session.commit()
