"""Contracts and their employment requirement: written by procurement officers, read by the parties."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from models.contract import ContractCreate, ContractPublic
from models.enums import Role
from service.auth.deps import SessionDep, require
from service.contracts import service
from service.contracts.actor_change import ACTION
from service.contracts.service import ContractChange, ContractPartnerView, ContractView, Fulfilment
from service.platform import audit
from service.platform.errors import problem_response
from service.platform.pagination import Page, PageDep
from service.platform.principal import Principal

router = APIRouter(prefix="/contracts", tags=["contracts"])
Officer = Annotated[Principal, Depends(require(Role.PROCUREMENT_OFFICER))]
Reader = Annotated[
    Principal, Depends(require(Role.PROCUREMENT_OFFICER, Role.SUPPLIER, Role.STAFF, Role.ADMIN))
]
FollowUpReader = Annotated[
    Principal, Depends(require(Role.PROCUREMENT_OFFICER, Role.SUPPLIER, Role.STAFF, Role.ADMIN))
]
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("", response_model=Page[ContractPublic] | Page[ContractPartnerView])
def list_contracts(session: SessionDep, principal: Reader, page: PageDep) -> Page[ContractView]:
    """The contracts the caller is party to; matching-actor staff get the view without the value."""
    rows, total = service.list_contracts(session, principal, page.offset, page.limit)
    items = [service.view(principal, c, r) for c, r in rows]
    if principal.role == Role.STAFF:
        return Page[ContractPartnerView](  # type: ignore[return-value]
            items=items, total=total, offset=page.offset, limit=page.limit
        )
    return Page[ContractPublic](  # type: ignore[return-value]
        items=items, total=total, offset=page.offset, limit=page.limit
    )


@router.post("", response_model=ContractPublic, status_code=201)
def create_contract(session: SessionDep, principal: Officer, body: ContractCreate) -> ContractView:
    """A contract of the officer's own authority, with its employment requirement."""
    contract, requirement = service.create_contract(session, principal, body)
    audit.record(session, principal, "contract.create", "contract", contract.id, detail={"ref": contract.ref})
    return service.view(principal, contract, requirement)


@router.get("/{contract_id}", response_model=ContractPublic | ContractPartnerView)
def get_contract(session: SessionDep, principal: Reader, contract_id: Id) -> ContractView:
    """One contract with its employment requirement; matching-actor staff get the view without the value,
    and a contract the caller is no party to is answered 404."""
    contract, requirement = service.get_contract(session, principal, contract_id)
    return service.view(principal, contract, requirement)


@router.patch(
    "/{contract_id}",
    response_model=ContractPublic,
    responses=problem_response(
        409,
        "Conflict",
        "requirement.matching_actor_id: the contract has 3 decisions, 1 proposals, 1 placements about "
        f"people; {ACTION}",
        "/contracts/7",
    ),
)
def update_contract(
    session: SessionDep, principal: Officer, contract_id: Id, change: ContractChange
) -> ContractView:
    """Change a contract of one's own authority, and optionally its requirement.

    The matching actor changes only while no one on the contract has been decided on, added by hand,
    proposed or placed (409 otherwise): a contract's people stay with the actor that worked with them.
    """
    contract, requirement = service.update_contract(session, principal, contract_id, change)
    fields = sorted(change.model_fields_set)
    audit.record(session, principal, "contract.update", "contract", contract_id, detail={"fields": fields})
    return service.view(principal, contract, requirement)


@router.get("/{contract_id}/follow-up", response_model=Fulfilment)
def get_follow_up(
    session: SessionDep,
    principal: FollowUpReader,
    contract_id: Id,
    as_of: Annotated[date | None, Query(description="the day the figures are for; default today")] = None,
) -> Fulfilment:
    """Placements and FTE months against the commitment, threshold and deadline: aggregates only."""
    return service.follow_up(session, principal, contract_id, as_of or date.today())
