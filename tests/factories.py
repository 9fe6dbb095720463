"""Small factories for valid rows; each returns the flushed row."""

from datetime import date
from itertools import count
from typing import Any

from sqlmodel import Session

from models import Contract, EmploymentRequirement, JobSeeker, Organisation, User, Vacancy
from models.enums import OrganisationKind, Role

_seq = count(1)
# Valid (Luhn) fictional org numbers.
ORG_NUMBERS = ["212000-0142", "556677-8899", "559000-0006", "202100-5489", "556016-0680"]


def valid_org_number(n: int) -> str:
    base = f"55{n:07d}"
    total = 0
    for i, ch in enumerate(base):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    check = (10 - total % 10) % 10
    return f"{base[:6]}-{base[6:]}{check}"


def organisation(session: Session, kind: OrganisationKind, **kw: Any) -> Organisation:
    n = next(_seq)
    row = Organisation(
        ref=kw.pop("ref", f"org-{n}"),
        name=kw.pop("name", f"Org {n}"),
        kind=kind,
        org_number=valid_org_number(n),
        **kw,
    )
    session.add(row)
    session.flush()
    return row


def user(session: Session, org: Organisation, role: Role, **kw: Any) -> User:
    n = next(_seq)
    row = User(
        email=kw.pop("email", f"user{n}@example.org"),
        full_name=f"User {n}",
        role=role,
        organisation_id=org.id,
        password_hash="x",
        **kw,
    )
    session.add(row)
    session.flush()
    return row


def contract(
    session: Session, authority: Organisation, supplier: Organisation, actor: Organisation
) -> Contract:
    n = next(_seq)
    row = Contract(
        ref=f"c-{n}",
        title="Städtjänster",
        procuring_org_id=authority.id,
        supplier_org_id=supplier.id,
        cpv_code="90910000",
        value_sek=12_000_000,
        start_date=date(2026, 1, 1),
        end_date=date(2028, 12, 31),
    )
    session.add(row)
    session.flush()
    session.add(
        EmploymentRequirement(
            contract_id=row.id,
            target_groups=["newcomer", "youth"],
            placement_kinds=["employment"],
            committed_placements=4,
            min_duration_months=6,
            matching_actor_id=actor.id,
        )
    )
    session.flush()
    return row


def vacancy(session: Session, contract_row: Contract, **kw: Any) -> Vacancy:
    n = next(_seq)
    row = Vacancy(
        ref=kw.pop("ref", f"v-{n}"),
        contract_id=contract_row.id,
        title=kw.pop("title", "Lokalvårdare"),
        description=kw.pop("description", "Städning av skolor i Malmö."),
        status="open",
        **kw,
    )
    session.add(row)
    session.flush()
    return row


def seeker(session: Session, actor: Organisation, **kw: Any) -> JobSeeker:
    n = next(_seq)
    row = JobSeeker(
        ref=kw.pop("ref", f"s-{n}"),
        matching_actor_id=actor.id,
        profile_text=kw.pop("profile_text", "Jag har arbetat som städare i 3 år."),
        consent="given",
        **kw,
    )
    session.add(row)
    session.flush()
    return row
