"""Shared helpers for the reporting tests: an app on a migrated SQLite file, tokens, a hand-checked world.

The small world (all figures below are worked out by hand in the tests that use it):

- C1 (authority A, supplier S, actor M1), 2026-01-01 – 2027-12-31, commits 4 placements and 24 FTE months
  of employment for newcomers or youth; placements P1 newcomer employment 2026-01-01 – 06-30 at 100 %,
  P2 youth employment from 2026-04-01 (open) at 50 %, P3 newcomer internship 2026-02-01 – 03-31,
  P4 employment without target group 2026-05-01 – 05-31; 4 proposals (one made in August 2026),
  supplier feedback on two of the first three.
- C2 (authority B, supplier S, actor M2), 2026-01-01 – 2026-12-31, commits 10 placements of long-term
  unemployed; P5 employment 2026-03-01 – 08-31.
- Follow-ups: P1 employed at 6 and 12 months, off assistance; P3 studying at 6, unknown at 12;
  P4 on assistance at 6; P5 employed and off assistance at 6, back on assistance at 12.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from models import (
    Contract,
    EmploymentRequirement,
    FollowUp,
    JobSeeker,
    Organisation,
    Placement,
    Proposal,
    SupplierFeedback,
    User,
    Vacancy,
)
from models.base import pk
from models.enums import OrganisationKind, Role
from tests import factories as f


@dataclass
class World:
    authority_a: Organisation
    authority_b: Organisation
    supplier: Organisation
    actor_1: Organisation
    actor_2: Organisation
    c1: Contract
    c2: Contract
    seekers: list[JobSeeker]
    placements: dict[str, Placement]
    staff: User


@pytest.fixture(name="app_url")
def app_url_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite file the app (create_app) is pointed at."""
    from service.platform.config import get_settings
    from service.platform.db import get_engine
    from service.platform.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'reports.db'}"
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    upgrade(url)
    yield url
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture(name="client")
def client_fixture(app_url: str) -> Iterator[TestClient]:
    from service.app.main import create_app

    with TestClient(create_app()) as test_client:
        yield test_client


def auth(session: Session, org: Organisation, role: Role) -> dict[str, str]:
    """Headers with a bearer token of a fresh user of the given role and organisation."""
    from service.auth.tokens import create_access_token
    from service.platform.config import get_settings

    row = f.user(session, org, role)
    session.commit()
    token = create_access_token(
        get_settings(),
        user_id=pk(row),
        role=role,
        organisation_id=pk(org),
        session_key=row.session_key,
    )
    return {"Authorization": f"Bearer {token}"}


def _contract(
    session: Session,
    ref: str,
    authority: Organisation,
    supplier: Organisation,
    actor: Organisation,
    end: date,
    **requirement: object,
) -> Contract:
    row = Contract(
        ref=ref,
        title=f"Kontrakt {ref}",
        procuring_org_id=pk(authority),
        supplier_org_id=pk(supplier),
        start_date=date(2026, 1, 1),
        end_date=end,
    )
    session.add(row)
    session.flush()
    session.add(
        EmploymentRequirement(
            contract_id=pk(row), matching_actor_id=pk(actor), placement_kinds=["employment"], **requirement
        )
    )
    session.flush()
    return row


def _placement(
    session: Session,
    seeker: JobSeeker,
    vacancy: Vacancy,
    kind: str,
    group: str | None,
    start: date,
    end: date | None,
    extent: int = 100,
) -> Placement:
    row = Placement(
        seeker_id=pk(seeker),
        vacancy_id=pk(vacancy),
        contract_id=vacancy.contract_id,
        kind=kind,
        target_group=group,
        start_date=start,
        end_date=end,
        extent=extent,
    )
    session.add(row)
    session.flush()
    return row


def _followup(session: Session, p: Placement, months: int, status: str, left: bool | None) -> None:
    session.add(
        FollowUp(
            placement_id=pk(p),
            months_after_end=months,
            status=status,
            left_assistance=left,
            recorded_on=date(2027, 6, 1),
        )
    )


def small_world(session: Session) -> World:
    authority_a = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY, name="Kommun A")
    authority_b = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY, name="Kommun B")
    supplier = f.organisation(session, OrganisationKind.SUPPLIER, name="Leverantören AB")
    actor_1 = f.organisation(session, OrganisationKind.MATCHING_ACTOR)
    actor_2 = f.organisation(session, OrganisationKind.MATCHING_ACTOR)
    c1 = _contract(
        session, "C1", authority_a, supplier, actor_1, date(2027, 12, 31),
        target_groups=["newcomer", "youth"], committed_placements=4, committed_fte_months=24.0,
    )  # fmt: skip
    c2 = _contract(
        session, "C2", authority_b, supplier, actor_2, date(2026, 12, 31),
        target_groups=["long_term_unemployed"], committed_placements=10,
    )  # fmt: skip
    v1, v2 = f.vacancy(session, c1), f.vacancy(session, c2)
    seekers = [f.seeker(session, actor_1) for _ in range(5)]
    d, emp = date, "employment"
    p = {
        "P1": _placement(session, seekers[0], v1, emp, "newcomer", d(2026, 1, 1), d(2026, 6, 30)),
        "P2": _placement(session, seekers[1], v1, emp, "youth", d(2026, 4, 1), None, 50),
        "P3": _placement(session, seekers[2], v1, "internship", "newcomer", d(2026, 2, 1), d(2026, 3, 31)),
        "P4": _placement(session, seekers[3], v1, emp, None, d(2026, 5, 1), d(2026, 5, 31)),
        "P5": _placement(session, seekers[4], v2, emp, "long_term_unemployed", d(2026, 3, 1), d(2026, 8, 31)),
    }  # fmt: skip
    staff = f.user(session, actor_1, Role.STAFF)
    supplier_user = f.user(session, supplier, Role.SUPPLIER)
    made = [date(2026, 1, 15), date(2026, 3, 1), date(2026, 4, 1), date(2026, 8, 1)]
    for i, (seeker, day) in enumerate(zip(seekers, made, strict=False)):
        proposal = Proposal(
            seeker_id=pk(seeker),
            vacancy_id=pk(v1),
            proposed_by=pk(staff),
            created_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        )
        session.add(proposal)
        session.flush()
        if i in (0, 2, 3):  # the August proposal's feedback falls outside a June follow-up
            session.add(
                SupplierFeedback(proposal_id=pk(proposal), outcome="hired", given_by=pk(supplier_user))
            )
    _followup(session, p["P1"], 6, "employed", True)
    _followup(session, p["P1"], 12, "employed", True)
    _followup(session, p["P3"], 6, "studying", None)
    _followup(session, p["P3"], 12, "unknown", None)
    _followup(session, p["P4"], 6, "on_assistance", False)
    _followup(session, p["P5"], 6, "employed", True)
    _followup(session, p["P5"], 12, "on_assistance", False)
    session.flush()
    return World(authority_a, authority_b, supplier, actor_1, actor_2, c1, c2, seekers, p, staff)
