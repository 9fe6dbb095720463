"""Contracts with their employment requirement: who may write, who may read which view, and fulfilment.

Procurement officers write the contracts of their own procuring authority. Readers: the procuring
authority's officers, the supplier (a party to the contract), the staff of the requirement's matching
actor, and admins. Matching-actor staff get a view without the contract value: they need the commitment
to plan placements, not the price (data minimisation). The supplier is a party to the contract and knows
its value, so it gets the full view. Any contract a caller may not read is answered as missing (404).
"""

from datetime import date
from typing import Any, TypeVar

from pydantic import Field, ValidationError
from sqlalchemy import ColumnElement
from sqlmodel import Session, SQLModel, col, select

from models import Contract, EmploymentRequirement, Organisation, Placement
from models.base import StrictSchema, patch_values, pk, with_examples
from models.contract import (
    ContractCreate,
    ContractFields,
    ContractPublic,
    ContractUpdate,
    EmploymentRequirementCreate,
    EmploymentRequirementPublic,
)
from models.enums import OrganisationKind, PlacementKind, Role, TargetGroup
from service.contracts.actor_change import change_actor
from service.platform.errors import BadInput, Conflict, Forbidden, NotFound
from service.platform.pagination import fetch_page
from service.platform.principal import Principal
from service.reporting.followup import contract_followup, counts_toward

SQLModelT = TypeVar("SQLModelT", bound=SQLModel)
MAX_ID = 2**31 - 1  # PostgreSQL ids are int4; larger numbers cannot name a row


class RequirementUpdate(StrictSchema):
    target_groups: list[TargetGroup] | None = None
    placement_kinds: list[PlacementKind] | None = None
    committed_placements: int | None = Field(default=None, ge=0, le=100_000)
    committed_fte_months: float | None = Field(default=None, ge=0, le=1_000_000)
    min_duration_months: int | None = Field(default=None, ge=0, le=120)
    first_placement_deadline: date | None = None
    fulfilment_threshold: float | None = Field(default=None, gt=0, le=1)
    matching_actor_id: int | None = None


class ContractChange(ContractUpdate):
    """A contract update, optionally with changes to its employment requirement."""

    model_config = with_examples(
        {"end_date": "2027-08-31", "requirement": {"committed_placements": 8, "fulfilment_threshold": 0.8}}
    )

    requirement: RequirementUpdate | None = None


class ContractPartnerView(SQLModel):
    """The matching actor's view: the contract and its commitment, without the contract value."""

    model_config = with_examples(
        {
            "id": 1,
            "ref": "sundstad-2024-017",
            "title": "Lokalvård i skolor och förskolor",
            "cpv_code": "90919300-5",
            "industry": "Städ och lokalvård",
            "start_date": "2024-03-01",
            "end_date": "2027-02-28",
            "procuring_org_id": 1,
            "supplier_org_id": 5,
            "requirement": {
                "id": 1,
                "contract_id": 1,
                "target_groups": ["long_term_unemployed", "newcomer", "economic_assistance"],
                "placement_kinds": ["employment", "internship"],
                "committed_placements": 6,
                "committed_fte_months": None,
                "min_duration_months": 6,
                "first_placement_deadline": "2024-07-01",
                "fulfilment_threshold": 0.75,
                "matching_actor_id": 14,
            },
        }
    )

    id: int
    ref: str
    title: str
    cpv_code: str | None
    industry: str | None
    start_date: date
    end_date: date
    procuring_org_id: int
    supplier_org_id: int
    requirement: EmploymentRequirementPublic | None = None


ContractView = ContractPublic | ContractPartnerView


class Fulfilment(SQLModel):
    """Aggregate fulfilment of a contract's employment requirement; no person-level data."""

    model_config = with_examples(
        {
            "contract_id": 1,
            "as_of": "2026-12-06",
            "committed_placements": 6,
            "committed_fte_months": None,
            "placements": 4,
            "fte_months": 27.5,
            "fulfilment_threshold": 0.75,
            "forecast_fulfilment": 0.81,
            "first_placement_deadline": "2024-07-01",
            "first_placement_deadline_met": True,
            "on_track": True,
        }
    )

    contract_id: int
    as_of: date
    committed_placements: int | None
    committed_fte_months: float | None
    placements: int  # placements counting toward the commitment (required kind and target group)
    fte_months: float
    fulfilment_threshold: float
    forecast_fulfilment: float | None  # the lower of the forecast/commitment ratios at the current pace
    first_placement_deadline: date | None
    first_placement_deadline_met: bool | None  # None while the deadline has not passed
    on_track: bool


def _organisation(session: Session, organisation_id: int | None, kind: OrganisationKind, field: str) -> None:
    org = (
        session.get(Organisation, organisation_id) if organisation_id and organisation_id <= MAX_ID else None
    )
    if org is None or org.kind != kind:
        message = f"must name an organisation of the kind {kind.value}"
        raise BadInput(f"{field} {message}", errors=[{"field": field, "message": message}])


def _validated(model: type[SQLModelT], data: dict[str, Any], prefix: str = "") -> SQLModelT:
    """The merged object validated whole; its errors as a 422 naming the fields."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = [
            {"field": prefix + ".".join(str(p) for p in e["loc"]), "message": e["msg"]} for e in exc.errors()
        ]
        raise BadInput(errors[0]["message"] if errors else "invalid", errors=errors) from exc


def _readable(principal: Principal) -> ColumnElement[bool] | None:
    """The condition on (Contract, EmploymentRequirement) rows the caller may read; None = all."""
    org = principal.organisation_id
    if principal.role == Role.ADMIN:
        return None
    if principal.role == Role.PROCUREMENT_OFFICER:
        return col(Contract.procuring_org_id) == org
    if principal.role == Role.SUPPLIER:
        return col(Contract.supplier_org_id) == org
    if principal.role == Role.STAFF:
        return col(EmploymentRequirement.matching_actor_id) == org
    raise Forbidden(f"contracts are not available to the role {principal.role!r}")


def view(principal: Principal, contract: Contract, requirement: EmploymentRequirement | None) -> ContractView:
    """The response for this caller: the partner view for matching-actor staff, the full one otherwise."""
    req = (
        EmploymentRequirementPublic.model_validate(requirement, from_attributes=True) if requirement else None
    )
    data = {**contract.model_dump(), "requirement": req}
    if principal.role == Role.STAFF:
        return ContractPartnerView.model_validate(data)
    return ContractPublic.model_validate(data)


def list_contracts(
    session: Session, principal: Principal, offset: int, limit: int
) -> tuple[list[tuple[Contract, EmploymentRequirement | None]], int]:
    query = select(Contract, EmploymentRequirement).outerjoin(
        EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Contract.id)
    )
    condition = _readable(principal)
    if condition is not None:
        query = query.where(condition)
    rows, total = fetch_page(session, query, col(Contract.ref), offset=offset, limit=limit)
    return [(c, r) for c, r in rows], total


def get_contract(
    session: Session, principal: Principal, contract_id: int
) -> tuple[Contract, EmploymentRequirement | None]:
    """The contract and its requirement if the caller may read it; 404 otherwise (ids do not leak)."""
    query = (
        select(Contract, EmploymentRequirement)
        .outerjoin(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Contract.id))
        .where(col(Contract.id) == contract_id)
    )
    condition = _readable(principal)
    if condition is not None:
        query = query.where(condition)
    row = session.exec(query).first() if 1 <= contract_id <= MAX_ID else None
    if row is None:
        raise NotFound(f"contract {contract_id} does not exist")
    return row[0], row[1]


def create_contract(
    session: Session, principal: Principal, body: ContractCreate
) -> tuple[Contract, EmploymentRequirement]:
    """A contract of the caller's own procuring authority, with its employment requirement."""
    if body.procuring_org_id != principal.organisation_id:
        raise Forbidden("procurement officers create contracts of their own organisation only")
    _organisation(session, body.supplier_org_id, OrganisationKind.SUPPLIER, "supplier_org_id")
    if body.requirement.matching_actor_id is not None:
        _organisation(
            session, body.requirement.matching_actor_id, OrganisationKind.MATCHING_ACTOR,
            "requirement.matching_actor_id",
        )  # fmt: skip
    if session.exec(select(Contract).where(Contract.ref == body.ref)).first() is not None:
        raise Conflict(f"a contract with the reference {body.ref!r} exists")
    contract = Contract.model_validate(body.model_dump(exclude={"requirement"}))
    session.add(contract)
    session.flush()
    requirement = EmploymentRequirement.model_validate(
        {**body.requirement.model_dump(mode="json"), "contract_id": pk(contract)}
    )
    session.add(requirement)
    session.flush()
    return contract, requirement


def update_contract(
    session: Session, principal: Principal, contract_id: int, change: ContractChange
) -> tuple[Contract, EmploymentRequirement | None]:
    """Change a contract of one's own authority (and its requirement); the result is validated whole."""
    contract, requirement = get_contract(session, principal, contract_id)
    values = change.model_dump(exclude_unset=True, exclude={"requirement"})
    for name in ("title", "end_date"):
        if name in values and values[name] is None:
            raise BadInput(f"{name} may not be null", errors=[{"field": name, "message": "may not be null"}])
    merged = {**contract.model_dump(include=set(ContractFields.model_fields)), **values}
    _validated(ContractFields, merged)  # e.g. the end date stays after the start date
    for name, value in values.items():
        setattr(contract, name, value)
    session.add(contract)
    if change.requirement is not None:
        requirement = _update_requirement(session, contract, requirement, change.requirement)
    session.flush()
    return contract, requirement


def _update_requirement(
    session: Session, contract: Contract, current: EmploymentRequirement | None, change: RequirementUpdate
) -> EmploymentRequirement:
    values = patch_values(change)
    base = current.model_dump(exclude={"id", "contract_id"}) if current else {}
    # The commitment stays whole (at least one commitment, target group and placement kind).
    merged = _validated(EmploymentRequirementCreate, {**base, **values}, "requirement.")
    if "matching_actor_id" in values and merged.matching_actor_id is not None:
        _organisation(
            session,
            merged.matching_actor_id,
            OrganisationKind.MATCHING_ACTOR,
            "requirement.matching_actor_id",
        )
    if current is not None and merged.matching_actor_id != current.matching_actor_id:
        change_actor(session, pk(contract))  # 409 while people would follow the contract
    row = current or EmploymentRequirement(contract_id=pk(contract), target_groups=[], placement_kinds=[])
    for name, value in patch_values(merged, exclude_unset=False).items():
        setattr(row, name, value)
    session.add(row)
    return row


def follow_up(session: Session, principal: Principal, contract_id: int, as_of: date) -> Fulfilment:
    """Placements and FTE months against the commitment, for every party to the contract and admins.

    The supplier is a party too: it fulfils the requirement and needs to see how far it has come. The
    figures are aggregates; the supplier knows its own hires already.
    """
    contract, requirement = get_contract(session, principal, contract_id)
    if requirement is None:
        raise NotFound(f"contract {contract_id} has no employment requirement")
    figures = contract_followup(session, contract, requirement, as_of)
    deadline = requirement.first_placement_deadline
    met: bool | None = None
    if deadline is not None and (deadline < as_of or figures.placements > 0):
        met = _first_counting_start(session, contract, requirement, deadline)
    return Fulfilment(
        contract_id=pk(contract),
        as_of=as_of,
        committed_placements=requirement.committed_placements,
        committed_fte_months=requirement.committed_fte_months,
        placements=figures.placements,
        fte_months=figures.fte_months,
        fulfilment_threshold=requirement.fulfilment_threshold,
        forecast_fulfilment=figures.forecast_fulfilment,
        first_placement_deadline=deadline,
        first_placement_deadline_met=met,
        on_track=figures.status == "on_track" and met is not False,
    )


def _first_counting_start(
    session: Session, contract: Contract, requirement: EmploymentRequirement, deadline: date
) -> bool:
    """Whether a placement counting toward the requirement started on or before the deadline."""
    placements = session.exec(
        select(Placement).where(Placement.contract_id == pk(contract), col(Placement.start_date) <= deadline)
    ).all()
    return any(counts_toward(p, requirement) for p in placements)
