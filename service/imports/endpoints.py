"""Job ads in JobTech's JobSearch/JobStream JSON posted as a contract's placements (supplier or staff)."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel

from models.enums import PlacementKind, Role
from service.auth.deps import Principal, SessionDep, require
from service.imports.jobsearch import import_ads, parse_ads
from service.vacancies.service import _contract_for_writing as contract_for_writing

router = APIRouter(tags=["vacancies"])

SupplierOrStaff = Annotated[Principal, Depends(require(Role.SUPPLIER, Role.STAFF))]


class JobSearchImportResult(BaseModel):
    created: int
    updated: int
    closed: int
    skipped: int
    vacancy_ids: list[int]


@router.post("/contracts/{contract_id}/jobsearch-ads", response_model=JobSearchImportResult)
def import_jobsearch_ads(
    contract_id: int,
    session: SessionDep,
    principal: SupplierOrStaff,
    ads: Annotated[
        list[dict[str, Any]] | dict[str, Any],
        Body(
            description="JobSearch ads: a list of JobAd objects (JobStream), a search result with "
            "``hits``, or one ad. Unknown fields are ignored; errors name the ad (1-based) and field."
        ),
    ],
    kind: PlacementKind = PlacementKind.EMPLOYMENT,
) -> JobSearchImportResult:
    """Create or update the contract's placements from job ads; all ads or none."""
    contract, _ = contract_for_writing(session, principal, contract_id)
    listed = ads if isinstance(ads, list) else ads.get("hits", [ads])
    numbered = list(enumerate(listed if isinstance(listed, list) else [ads], start=1))
    report = import_ads(session, contract, parse_ads(numbered, numbered_by="ad"), kind=kind, numbered_by="ad")
    return JobSearchImportResult(
        created=report.created,
        updated=report.updated,
        closed=report.closed,
        skipped=report.skipped,
        vacancy_ids=report.vacancy_ids,
    )
