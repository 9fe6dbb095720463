"""Shared fixtures for the auth, admin, contract, audit-log and authorization tests.

Two parallel worlds, A (home) and B (other): each has a procuring authority, a supplier and a matching
actor, a contract between them, a vacancy, a seeker with identity and eligibility, a ready shortlist
with one entry, a decision, a proposal with feedback, a placement with a follow-up. World A has a user
of every role and a batch API key; world B has a supplier and a staff user (for cross-organisation
tests). ``victim_*`` rows exist to be deleted or revoked without locking anyone out.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from models import (
    ApiKey,
    Contract,
    Eligibility,
    FollowUp,
    Organisation,
    Placement,
    Proposal,
    ReviewDecision,
    SeekerIdentity,
    Shortlist,
    ShortlistEntry,
    SupplierFeedback,
    User,
)
from models.base import pk
from models.enums import (
    Decision,
    FeedbackOutcome,
    FollowUpStatus,
    OrganisationKind,
    PlacementKind,
    ReasonCode,
    Role,
    ShortlistStatus,
    TargetGroup,
)
from service.auth.tokens import create_access_token, new_api_key
from service.platform.principal import BATCH
from service.platform.security import hash_password
from tests import factories as f

Headers = dict[str, str]
PASSWORD = "correct horse battery staple"
ROLES = (Role.STAFF, Role.SUPPLIER, Role.PROCUREMENT_OFFICER, Role.ADMIN, Role.AUDITOR, BATCH)


@pytest.fixture(name="sqlite_url")
def sqlite_url_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite file the app is pointed at."""
    from service.engine.pools import get_ranking_engine
    from service.platform.config import get_settings
    from service.platform.db import get_engine
    from service.platform.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'authz.db'}"
    upgrade(url)
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    get_ranking_engine().clear()
    yield url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture(name="client")
def client_fixture(sqlite_url: str) -> Iterator[TestClient]:
    from service.app.main import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


@dataclass
class Side:
    """One world's organisations and the ids of its objects, by path-parameter name."""

    authority: Organisation
    supplier: Organisation
    actor: Organisation
    contract: Contract
    ids: dict[str, int] = field(default_factory=dict)


@dataclass
class Seeded:
    a: Side
    b: Side
    headers: dict[str, Headers]  # role → headers of a world-A caller; "b:supplier", "b:staff" for world B
    users: dict[str, User]


def bearer(user: User) -> Headers:
    from service.platform.config import get_settings

    token = create_access_token(
        get_settings(),
        user_id=pk(user),
        role=user.role,
        organisation_id=user.organisation_id,
        session_key=user.session_key,
    )
    return {"Authorization": f"Bearer {token}"}


def make_user(session: Session, org: Organisation, role: Role, email: str | None = None) -> User:
    user = f.user(session, org, role, **({"email": email} if email else {}))
    user.password_hash = hash_password(PASSWORD)
    session.add(user)
    session.flush()
    return user


def _organisations(session: Session, name: str) -> tuple[Organisation, Organisation, Organisation]:
    return (
        f.organisation(session, OrganisationKind.PROCURING_AUTHORITY, name=f"Kommun {name}"),
        f.organisation(session, OrganisationKind.SUPPLIER, name=f"Leverantör {name}"),
        f.organisation(session, OrganisationKind.MATCHING_ACTOR, name=f"Arbetsmarknad {name}"),
    )


def _side(
    session: Session,
    name: str,
    orgs: tuple[Organisation, Organisation, Organisation],
    users: dict[str, User],
) -> Side:
    authority, supplier, actor = orgs
    contract = f.contract(session, authority, supplier, actor)
    vacancy = f.vacancy(session, contract)
    seeker = f.seeker(session, actor)
    session.add(
        SeekerIdentity(seeker_id=pk(seeker), full_name=f"Person {name}", email=f"p{name}@example.org")
    )
    eligibility = Eligibility(
        seeker_id=pk(seeker), target_group=TargetGroup.NEWCOMER, evidence="Etableringsplan"
    )
    shortlist = Shortlist(
        vacancy_id=pk(vacancy),
        status=ShortlistStatus.READY,
        model_version="m",
        config_hash="c",
        input_hash="i",
    )
    session.add_all([eligibility, shortlist])
    session.flush()
    entry = ShortlistEntry(shortlist_id=pk(shortlist), seeker_id=pk(seeker), rank=1, score=0.8)
    session.add(entry)
    session.flush()
    reviewer = users.get("staff") or make_user(session, actor, Role.STAFF)
    supplier_user = users.get("supplier") or make_user(session, supplier, Role.SUPPLIER)
    decision = ReviewDecision(
        entry_id=pk(entry),
        reviewer_id=pk(reviewer),
        decision=Decision.PROPOSE,
        reason_code=ReasonCode.GOOD_FIT,
    )
    proposal = Proposal(
        seeker_id=pk(seeker), vacancy_id=pk(vacancy), entry_id=pk(entry), proposed_by=pk(reviewer)
    )
    placement = Placement(
        seeker_id=pk(seeker),
        vacancy_id=pk(vacancy),
        contract_id=pk(contract),
        kind=PlacementKind.EMPLOYMENT,
        target_group=TargetGroup.NEWCOMER,
        start_date=date(2026, 2, 1),
        end_date=date(2026, 7, 31),
    )
    session.add_all([decision, proposal, placement])
    session.flush()
    session.add(
        SupplierFeedback(proposal_id=pk(proposal), outcome=FeedbackOutcome.HIRED, given_by=pk(supplier_user))
    )
    session.add(
        FollowUp(
            placement_id=pk(placement),
            months_after_end=6,
            status=FollowUpStatus.EMPLOYED,
            recorded_on=date(2027, 2, 1),
        )
    )
    session.flush()
    ids = {
        "contract_id": pk(contract),
        "vacancy_id": pk(vacancy),
        "seeker_id": pk(seeker),
        "eligibility_id": pk(eligibility),
        "shortlist_id": pk(shortlist),
        "entry_id": pk(entry),
        "decision_id": pk(decision),
        "proposal_id": pk(proposal),
        "placement_id": pk(placement),
        "organisation_id": pk(actor),
    }
    return Side(authority=authority, supplier=supplier, actor=actor, contract=contract, ids=ids)


def seed(session: Session) -> Seeded:
    """Both worlds, the users and keys, committed."""
    # World A's users first, so its decision and feedback name them.
    authority, supplier, actor = orgs = _organisations(session, "A")
    users = {
        "staff": make_user(session, actor, Role.STAFF, "staff@example.org"),
        "supplier": make_user(session, supplier, Role.SUPPLIER, "supplier@example.org"),
        "procurement_officer": make_user(session, authority, Role.PROCUREMENT_OFFICER, "officer@example.org"),
        "admin": make_user(session, authority, Role.ADMIN, "admin@example.org"),
        "auditor": make_user(session, authority, Role.AUDITOR, "auditor@example.org"),
    }
    a = _side(session, "A", orgs, users)
    b = _side(session, "B", _organisations(session, "B"), {})
    users["b:supplier"] = make_user(session, b.supplier, Role.SUPPLIER, "supplier-b@example.org")
    users["b:staff"] = make_user(session, b.actor, Role.STAFF, "staff-b@example.org")
    victim_user = make_user(session, actor, Role.STAFF, "victim@example.org")
    victim_org = f.organisation(session, OrganisationKind.SUPPLIER, name="Oanvänd AB")
    key, prefix, key_hash = new_api_key()
    batch_key = ApiKey(name="batch", organisation_id=pk(actor), prefix=prefix, key_hash=key_hash)
    _victim, victim_prefix, victim_hash = new_api_key()
    victim_key = ApiKey(name="victim", organisation_id=pk(actor), prefix=victim_prefix, key_hash=victim_hash)
    session.add_all([batch_key, victim_key])
    session.flush()
    a.ids.update(user_id=pk(victim_user), key_id=pk(victim_key), organisation_id=pk(victim_org))
    headers = {name: bearer(user) for name, user in users.items()}
    headers[BATCH] = {"X-API-Key": key}
    session.commit()
    return Seeded(a=a, b=b, headers=headers, users=users)


@pytest.fixture(name="seeded")
def seeded_fixture(client: TestClient) -> Seeded:
    from service.platform.db import get_engine

    with Session(get_engine(), expire_on_commit=False) as session:
        return seed(session)
