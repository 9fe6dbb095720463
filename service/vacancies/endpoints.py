"""/vacancies: suppliers manage their own; staff of the contract's matching actor read and help."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from models.enums import Role, VacancyStatus
from models.vacancy import VacancyCreate, VacancyPublic, VacancyUpdate
from service.auth.deps import Principal, SessionDep, require
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
    rows, total = service.list_vacancies(
        session, principal, offset=page.offset, limit=page.limit, status=status, contract_id=contract_id
    )
    items = [VacancyPublic.model_validate(r) for r in rows]
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.post("", response_model=VacancyPublic, status_code=201)
def create_vacancy(session: SessionDep, principal: SupplierOrStaff, body: VacancyCreate) -> VacancyPublic:
    return VacancyPublic.model_validate(service.create_vacancy(session, principal, body))


@router.get("/{vacancy_id}", response_model=VacancyPublic)
def read_vacancy(session: SessionDep, principal: SupplierOrStaff, vacancy_id: int) -> VacancyPublic:
    return VacancyPublic.model_validate(service.get_vacancy(session, principal, vacancy_id))


@router.patch("/{vacancy_id}", response_model=VacancyPublic)
def update_vacancy(
    session: SessionDep, principal: SupplierOrStaff, vacancy_id: int, body: VacancyUpdate
) -> VacancyPublic:
    return VacancyPublic.model_validate(service.update_vacancy(session, principal, vacancy_id, body))


@router.delete("/{vacancy_id}", status_code=204)
def delete_vacancy(session: SessionDep, principal: SupplierOnly, vacancy_id: int) -> None:
    service.delete_vacancy(session, principal, vacancy_id)
