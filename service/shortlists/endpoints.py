"""Shortlists: compute and store (staff, batch key), read with explanations (staff), seeker's vacancies."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from sqlmodel import func, select
from starlette.concurrency import run_in_threadpool

from models import ShortlistEntry
from models.base import pk
from models.enums import PlacementKind, Role, TargetGroup
from service.auth.deps import BATCH, Principal, SessionDep, require
from service.engine.pools import RankingEngine, get_ranking_engine
from service.platform.pagination import page_params
from service.shortlists import fast_read, guidance, service, views
from service.shortlists.schemas import SeekerVacancies, ShortlistPublic, ShortlistSummary

router = APIRouter(tags=["shortlists"])

Staff = Annotated[Principal, Depends(require(Role.STAFF))]
StaffOrBatch = Annotated[Principal, Depends(require(Role.STAFF, BATCH))]
EngineDep = Annotated[RankingEngine, Depends(get_ranking_engine)]
StaffReader = Annotated[fast_read.Credentials, Depends(fast_read.staff_credentials)]


@router.post(
    "/vacancies/{vacancy_id}/shortlist",
    response_model=ShortlistSummary,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "an identical shortlist (same inputs and model) already exists"}},
)
def compute_shortlist(
    vacancy_id: int, session: SessionDep, principal: StaffOrBatch, engine: EngineDep, response: Response
) -> ShortlistSummary:
    """Rank the matching actor's consenting seekers for this placement and store the list (201); the same
    inputs and model give the stored list back (200). The engine proposes, people decide; 503 in manual
    mode. A batch key may call this, never decide."""
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
        vacancy_version=shortlist.vacancy_version,
        entries=int(count),
        cached=cached,
    )


@router.get("/vacancies/{vacancy_id}/shortlist", response_model=ShortlistPublic)
async def get_shortlist(
    vacancy_id: int,
    request: Request,
    credentials: StaffReader,
    target_group: TargetGroup | None = None,
    max_distance_km: Annotated[float | None, Query(ge=0, le=2000)] = None,
    kind: PlacementKind | None = None,
    include_excluded: Annotated[
        bool, Query(description="also rank the seekers the hard constraints filter out (computed now)")
    ] = False,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """The latest shortlist of a placement, one page of entries with their scores, reasons in Swedish and
    English, eligibility and decision state; filter by target group, distance and kind. Stale when the
    placement changed after ranking. Each read of a person is audited."""
    # One thread-pool hop for the whole read (service.shortlists.fast_read); the stored page when cached.
    page = page_params(request, offset, limit)
    filters = views.EntryFilters(target_group=target_group, max_distance_km=max_distance_km, kind=kind)
    response = await run_in_threadpool(
        fast_read.read_shortlist,
        request,
        credentials,
        vacancy_id,
        filters=filters,
        offset=page.offset,
        limit=page.limit,
        include_excluded=include_excluded,
    )
    request.state.audited = True  # in fast_read's own unit of work (see service.app.audit_routes)
    return response


@router.get("/seekers/{seeker_id}/vacancies", response_model=SeekerVacancies)
def get_vacancies_for_seeker(
    seeker_id: int,
    session: SessionDep,
    principal: Staff,
    engine: EngineDep,
    response: Response,
    k: Annotated[int, Query(ge=1, le=50)] = 20,
) -> SeekerVacancies:
    """The open placements that suit this seeker best (at most k), ranked by the same engine, with
    reasons; for staff of the seeker's matching actor."""
    response.headers["Cache-Control"] = "no-store"
    return service.vacancies_for_seeker(session, principal, seeker_id, engine, k)


@router.get("/seekers/{seeker_id}/guidance", response_model=guidance.SeekerGuidance)
def get_seeker_guidance(
    seeker_id: int,
    session: SessionDep,
    principal: Staff,
    engine: EngineDep,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=20)] = guidance.MAX_ITEMS,
) -> guidance.SeekerGuidance:
    """What this person could add (a licence, a Swedish level, another language, a skill) to fit the most
    of the matching actor's open placements: per addition, the placements it would open (hard constraints
    passed and the list's last score reached) and those it would raise, best first. For staff of the
    seeker's matching actor; audited."""
    response.headers["Cache-Control"] = "no-store"
    return guidance.guidance_for_seeker(session, principal, seeker_id, engine, limit)
