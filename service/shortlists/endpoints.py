"""Shortlists: compute and store (staff, batch key), read with explanations (staff), seeker's vacancies."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from sqlmodel import func, select

from models import ShortlistEntry
from models.base import pk
from models.enums import PlacementKind, Role, TargetGroup
from service.audit import record_read
from service.deps import BATCH, Principal, SessionDep, require
from service.engine import RankingEngine, get_ranking_engine
from service.pagination import PageDep
from service.shortlists import service, views
from service.shortlists.cached import ShortlistPages, get_shortlist_pages
from service.shortlists.schemas import SeekerVacancies, ShortlistPublic, ShortlistSummary

router = APIRouter(tags=["shortlists"])

Staff = Annotated[Principal, Depends(require(Role.STAFF))]
StaffOrBatch = Annotated[Principal, Depends(require(Role.STAFF, BATCH))]
EngineDep = Annotated[RankingEngine, Depends(get_ranking_engine)]
PagesDep = Annotated[ShortlistPages, Depends(get_shortlist_pages)]


@router.post(
    "/vacancies/{vacancy_id}/shortlist",
    response_model=ShortlistSummary,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "an identical shortlist (same inputs and model) already exists"}},
)
def compute_shortlist(
    vacancy_id: int, session: SessionDep, principal: StaffOrBatch, engine: EngineDep, response: Response
) -> ShortlistSummary:
    shortlist, cached = service.compute_shortlist(session, principal, vacancy_id, engine)
    if cached:
        response.status_code = status.HTTP_200_OK
    count = session.exec(
        select(func.count()).select_from(ShortlistEntry).where(ShortlistEntry.shortlist_id == shortlist.id)
    ).one()
    return ShortlistSummary(
        id=pk(shortlist),
        vacancy_id=shortlist.vacancy_id,
        status=shortlist.status,
        model_version=shortlist.model_version,
        config_hash=shortlist.config_hash,
        input_hash=shortlist.input_hash,
        created_at=shortlist.created_at,
        entries=int(count),
        cached=cached,
    )


@router.get("/vacancies/{vacancy_id}/shortlist", response_model=ShortlistPublic)
def get_shortlist(
    vacancy_id: int,
    session: SessionDep,
    principal: Staff,
    engine: EngineDep,
    pages: PagesDep,
    page_: PageDep,
    response: Response,
    target_group: TargetGroup | None = None,
    max_distance_km: Annotated[float | None, Query(ge=0, le=2000)] = None,
    kind: PlacementKind | None = None,
    include_excluded: Annotated[
        bool, Query(description="also rank the seekers the hard constraints filter out (computed now)")
    ] = False,
) -> ShortlistPublic | Response:
    filters = views.EntryFilters(target_group=target_group, max_distance_km=max_distance_km, kind=kind)
    if not include_excluded:
        # The cached read: one indexed query, the stored page's bytes, the read audited in a batch.
        page = pages.read(
            session, principal, vacancy_id, engine, filters=filters, offset=page_.offset, limit=page_.limit
        )
        record_read(
            session,
            principal,
            "shortlist.read",
            "shortlist",
            page.shortlist_id,
            detail={"entries": page.entries, "excluded": None},
        )
        return Response(page.body, media_type="application/json", headers={"Cache-Control": "no-store"})
    response.headers["Cache-Control"] = "no-store"
    return views.shortlist_view(
        session,
        principal,
        vacancy_id,
        engine,
        filters=filters,
        offset=page_.offset,
        limit=page_.limit,
        include_excluded=include_excluded,
    )


@router.get("/seekers/{seeker_id}/vacancies", response_model=SeekerVacancies)
def get_vacancies_for_seeker(
    seeker_id: int,
    session: SessionDep,
    principal: Staff,
    engine: EngineDep,
    response: Response,
    k: Annotated[int, Query(ge=1, le=50)] = 20,
) -> SeekerVacancies:
    response.headers["Cache-Control"] = "no-store"
    return service.vacancies_for_seeker(session, principal, seeker_id, engine, k)
