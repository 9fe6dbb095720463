"""Vacancies: suppliers keep their own under their contracts; the matching actor's staff help.

Who sees what is decided in one place (``_visible_contracts``): a supplier user sees the vacancies of
contracts where their organisation is the supplier, a staff member those of contracts whose employment
requirement names their organisation as matching actor. Anything else answers 404, so ids don't leak.
"""

from typing import Any

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from matcher import TextTooLong, default_taxonomy
from models import Contract, EmploymentRequirement, Vacancy
from models.base import patch_values, utcnow
from models.enums import Role, VacancyStatus
from models.vacancy import VacancyCreate, VacancyUpdate
from service.engine.enrichment import enrich_vacancy
from service.platform.errors import BadInput, Conflict, Forbidden, NotFound
from service.platform.pagination import fetch_page
from service.platform.principal import Principal

# Fields a client may change but never clear (the rest are optional and may be set to null).
_NOT_NULL = frozenset(
    {"title", "description", "extent", "kind", "positions", "status", "adaptations_possible", "skills"}
    | {"required_skills", "desired_skills", "other_languages", "licences_required"}
)


def _visible_contracts(principal: Principal) -> SelectOfScalar[int]:
    """The ids of the contracts whose vacancies the caller may see."""
    if principal.role == Role.SUPPLIER:
        return select(Contract.id).where(Contract.supplier_org_id == principal.organisation_id)  # type: ignore[return-value]
    if principal.role == Role.STAFF:
        return select(EmploymentRequirement.contract_id).where(
            EmploymentRequirement.matching_actor_id == principal.organisation_id
        )
    raise Forbidden(f"the role {principal.role!r} has no access to vacancies")


def _contract_for_writing(
    session: Session, principal: Principal, contract_id: int
) -> tuple[Contract, EmploymentRequirement | None]:
    contract = session.exec(
        select(Contract).where(
            Contract.id == contract_id, col(Contract.id).in_(_visible_contracts(principal))
        )
    ).first()
    if contract is None:
        # The same answer for "no such contract" and "not yours".
        raise BadInput(
            f"contract_id: there is no contract {contract_id} you may add vacancies to",
            errors=[{"field": "contract_id", "message": "unknown contract"}],
        )
    requirement = session.exec(
        select(EmploymentRequirement).where(EmploymentRequirement.contract_id == contract_id)
    ).first()
    return contract, requirement


def _check_references(row: Vacancy, requirement: EmploymentRequirement | None) -> None:
    taxonomy = default_taxonomy()
    problems: list[dict[str, Any]] = []
    if row.occupation_id and taxonomy.occupation(row.occupation_id) is None:
        problems.append({"field": "occupation_id", "message": f"unknown occupation {row.occupation_id!r}"})
    if row.municipality_code and taxonomy.municipality(row.municipality_code) is None:
        problems.append(
            {"field": "municipality_code", "message": f"unknown municipality code {row.municipality_code!r}"}
        )
    if requirement is not None and str(row.kind) not in requirement.placement_kinds:
        allowed = ", ".join(requirement.placement_kinds)
        problems.append(
            {"field": "kind", "message": f"the contract's requirement allows only these kinds: {allowed}"}
        )
    if problems:
        first = problems[0]
        raise BadInput(f"{first['field']}: {first['message']}", errors=problems)


def _enrich(row: Vacancy) -> None:
    try:
        enrich_vacancy(row)
    except TextTooLong as exc:
        raise BadInput(f"the vacancy text is too long to analyse: {exc}") from exc


def get_vacancy(session: Session, principal: Principal, vacancy_id: int) -> Vacancy:
    row = session.exec(
        select(Vacancy).where(
            Vacancy.id == vacancy_id, col(Vacancy.contract_id).in_(_visible_contracts(principal))
        )
    ).first()
    if row is None:
        raise NotFound(f"vacancy {vacancy_id} does not exist")
    return row


def list_vacancies(
    session: Session,
    principal: Principal,
    *,
    offset: int,
    limit: int,
    status: VacancyStatus | None = None,
    contract_id: int | None = None,
) -> tuple[list[Vacancy], int]:
    query = select(Vacancy).where(col(Vacancy.contract_id).in_(_visible_contracts(principal)))
    if status is not None:
        query = query.where(Vacancy.status == status)
    if contract_id is not None:
        query = query.where(Vacancy.contract_id == contract_id)
    rows, total = fetch_page(session, query, col(Vacancy.id), offset=offset, limit=limit)
    return list(rows), int(total)


def create_vacancy(session: Session, principal: Principal, data: VacancyCreate) -> Vacancy:
    _, requirement = _contract_for_writing(session, principal, data.contract_id)
    # Refs are the contract's own: another contract's refs neither conflict nor show (no oracle).
    taken = select(Vacancy.id).where(Vacancy.contract_id == data.contract_id, Vacancy.ref == data.ref)
    if session.exec(taken).first() is not None:
        raise Conflict(f"this contract already has a vacancy with ref {data.ref!r}")
    row = Vacancy.model_validate(data.model_dump(mode="json"))
    _check_references(row, requirement)
    _enrich(row)
    session.add(row)
    session.flush()
    return row


def update_vacancy(session: Session, principal: Principal, vacancy_id: int, data: VacancyUpdate) -> Vacancy:
    row = get_vacancy(session, principal, vacancy_id)
    _, requirement = _contract_for_writing(session, principal, row.contract_id)
    for key, value in patch_values(data).items():
        if value is None and key in _NOT_NULL:
            raise BadInput(f"{key}: may not be null", errors=[{"field": key, "message": "may not be null"}])
        setattr(row, key, value)
    _check_references(row, requirement)
    _enrich(row)
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return row


def delete_vacancy(session: Session, principal: Principal, vacancy_id: int) -> None:
    row = get_vacancy(session, principal, vacancy_id)
    if row.status != VacancyStatus.DRAFT:
        raise Conflict(f"only draft vacancies can be deleted; this one is {row.status!s} (close it instead)")
    session.delete(row)
    session.flush()
