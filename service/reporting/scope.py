"""Which contracts a caller may see in reports, and month arithmetic shared by every figure."""

from datetime import date, timedelta

from sqlmodel import Session, col, select

from models import Contract, EmploymentRequirement
from models.enums import Role
from service.platform.errors import Forbidden
from service.platform.principal import Principal

# An average Gregorian month; only used for the part of a month left over after whole calendar months.
DAYS_PER_MONTH = 365.2425 / 12


def months_between(start: date, stop: date) -> float:
    """Calendar months from ``start`` to ``stop`` (exclusive), fractional for the remaining days; >= 0.

    Whole calendar months count exactly (1 Jan → 1 Jul is 6.0) so hand-checked figures stay round.
    """
    if stop <= start:
        return 0.0
    whole = (stop.year - start.year) * 12 + (stop.month - start.month)
    return max(0.0, whole + (stop.day - start.day) / DAYS_PER_MONTH)


def day_after(day: date) -> date:
    """End dates are inclusive (last working day); intervals in the reports are half-open."""
    return day + timedelta(days=1)


def visible_contracts(session: Session, principal: Principal) -> list[tuple[Contract, EmploymentRequirement]]:
    """Contracts (with their requirement) the caller may follow up, ordered by reference.

    Procurement officers see their own organisation's contracts, staff those whose requirement names
    their matching actor, admins (and the annual report, ``principal=None`` handled by callers) all.
    """
    query = select(Contract, EmploymentRequirement).join(
        EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Contract.id)
    )
    if principal.role == Role.PROCUREMENT_OFFICER:
        query = query.where(Contract.procuring_org_id == principal.organisation_id)
    elif principal.role == Role.STAFF:
        query = query.where(EmploymentRequirement.matching_actor_id == principal.organisation_id)
    elif principal.role not in (Role.ADMIN, Role.AUDITOR):
        raise Forbidden(f"reports are not available to the role {principal.role!r}")
    return [(c, r) for c, r in session.exec(query.order_by(col(Contract.ref))).all()]


SYSTEM = Principal(role=Role.ADMIN, organisation_id=0)  # the annual report and CLI: every contract
