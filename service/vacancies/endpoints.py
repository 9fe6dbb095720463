"""/vacancies: suppliers manage their own; staff of the contract's matching actor read and help."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from models.enums import Role, VacancyStatus
from models.vacancy import VacancyCreate, VacancyPublic, VacancyUpdate
from service.auth.deps import Principal, SessionDep, require
from service.platform.errors import problem_response
from service.platform.pagination import Page, PageDep
from service.vacancies import service

router = APIRouter(prefix="/vacancies", tags=["vacancies"])

SupplierOrStaff = Annotated[Principal, Depends(require(Role.SUPPLIER, Role.STAFF))]
SupplierOnly = Annotated[Principal, Depends(require(Role.SUPPLIER))]


@router.get("", response_model=Page[VacancyPublic])
def list_vacancies(
    session: SessionDep,
    principal: SupplierOrStaff,
    page: PageDep,
    status: VacancyStatus | None = None,
    contract_id: Annotated[int | None, Query(ge=1)] = None,
) -> Page[VacancyPublic]:
    """Placements the caller may see: a supplier's own, or those under contracts whose requirement the
    staff's matching actor serves; filter by status and contract."""
    rows, total = service.list_vacancies(
        session, principal, offset=page.offset, limit=page.limit, status=status, contract_id=contract_id
    )
    items = [VacancyPublic.model_validate(r) for r in rows]
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.post("", response_model=VacancyPublic, status_code=201)
def create_vacancy(session: SessionDep, principal: SupplierOrStaff, body: VacancyCreate) -> VacancyPublic:
    """A new placement under a contract the caller may write to (the supplier's own, or as staff of its
    matching actor). Its text is analysed for occupations, skills and languages on save; occupation_id is
    only ever set by a person."""
    return VacancyPublic.model_validate(service.create_vacancy(session, principal, body))


@router.get("/{vacancy_id}", response_model=VacancyPublic)
def read_vacancy(session: SessionDep, principal: SupplierOrStaff, vacancy_id: int) -> VacancyPublic:
    """One placement with its requirements and version; 404 if the caller may not see it."""
    return VacancyPublic.model_validate(service.get_vacancy(session, principal, vacancy_id))


@router.patch("/{vacancy_id}", response_model=VacancyPublic)
def update_vacancy(
    session: SessionDep, principal: SupplierOrStaff, vacancy_id: int, body: VacancyUpdate
) -> VacancyPublic:
    """Change some fields of a placement; fields left out stay as they are, null is refused for required
    ones. A change to anything the ranking reads raises the version and marks its shortlists stale."""
    return VacancyPublic.model_validate(service.update_vacancy(session, principal, vacancy_id, body))


@router.delete(
    "/{vacancy_id}",
    status_code=204,
    responses=problem_response(
        409,
        "Conflict",
        "only draft vacancies can be deleted; this one is open (close it instead)",
        "/vacancies/10",
    ),
)
def delete_vacancy(session: SessionDep, principal: SupplierOnly, vacancy_id: int) -> None:
    """Delete a draft placement of one's own; a published one is closed instead (409)."""
    service.delete_vacancy(session, principal, vacancy_id)
