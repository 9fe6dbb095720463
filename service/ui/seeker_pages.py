"""Staff pages for job seekers: a list that scales (search, filters, sorting, paging) and one person's page.

Searching by name or personal identity number reads identity data, so every person found that way gets a
``seeker.identity.read`` event (``via: search``); the list itself is one ``seeker.list`` event.
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import select

from models import JobSeeker, SeekerIdentity
from models.enums import ConsentStatus, Role
from service.auth.deps import SessionDep
from service.platform.audit import record
from service.platform.principal import Principal
from service.reviews.refusal_views import seeker_refusals
from service.seekers.search import SORTS, search_seekers
from service.ui import actions, related_view, seeker_merge, seeker_new
from service.ui.data import own_seeker
from service.ui.guidance_view import guidance_lines
from service.ui.i18n import language
from service.ui.paging import PAGE_SIZE, paging
from service.ui.profile_view import seeker_details
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
router.include_router(seeker_merge.router)  # before /ui/seekers/{id}: "duplicates" is no id anyway
router.include_router(seeker_new.router)
Staff = Annotated[Principal, Depends(ui_require(Role.STAFF))]


@router.get("/ui/seekers", response_class=HTMLResponse)
def seekers(
    request: Request,
    session: SessionDep,
    principal: Staff,
    q: str = "",
    consent: str = "",
    sort: str = "ref",
    page: int = 1,
) -> HTMLResponse:
    page = max(1, page)
    chosen = ConsentStatus(consent) if consent in ConsentStatus.__members__.values() else None
    found = search_seekers(
        session,
        principal,
        q=q[:100],
        consent=chosen,
        sort=sort,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    for seeker_id in found.names:
        record(session, principal, "seeker.identity.read", "seeker", seeker_id, seeker_id=seeker_id,
               detail={"via": "search"})  # fmt: skip
    record(session, principal, "seeker.list", "seeker", detail={"count": len(found.rows), "query": bool(q)})
    return render(
        request,
        "seekers.html",
        title_key="nav.seekers",
        principal=principal,
        session=session,
        active="seekers",
        seekers=found.rows,
        names=found.names,
        proposals=found.proposals,
        q=q,
        filters={"q": q, "consent": consent, "sort": sort},
        sorts=list(SORTS),
        consents=[c.value for c in ConsentStatus],
        paging=paging(found.total, page, {"q": q, "consent": consent, "sort": sort}),
        open_duplicates=seeker_merge.open_flag_count(session, principal),
    )


def _merged_redirect(session: SessionDep, principal: Principal, seeker_id: int) -> Response | None:
    """A merged record's page moved for good to its survivor's (the same person)."""
    row = session.get(JobSeeker, seeker_id)
    if row is not None and row.matching_actor_id == principal.organisation_id and row.merged_into_id:
        return RedirectResponse(f"/ui/seekers/{row.merged_into_id}?merged_from={seeker_id}", status_code=301)
    return None


def _seeker_page(
    request: Request, session: SessionDep, principal: Principal, seeker_id: int, *, with_identity: bool
) -> HTMLResponse:
    seeker = own_seeker(session, principal, seeker_id)
    # Rank first: the embedding cache commits in its own transaction, which must not wait on ours.
    matches = actions.vacancies_for(session, principal, seeker_id)
    guidance = guidance_lines(session, principal, seeker, language(request))
    identity = None
    if with_identity:
        identity = session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == seeker_id)).first()
    action = "seeker.identity.read" if with_identity else "seeker.read"
    record(session, principal, action, "seeker", seeker_id, seeker_id=seeker_id)
    return render(
        request,
        "seeker.html",
        title_key="nav.seekers",
        principal=principal,
        session=session,
        active="seekers",
        seeker=seeker,
        identity=identity,
        details=seeker_details(session, seeker, date.today()),
        matches=matches,
        guidance=guidance,
        lang=language(request),
        refusals=seeker_refusals(session, principal, seeker_id),
        duplicate_flags=seeker_merge.flags_of(session, principal, seeker_id),
        seeker_related=related_view.related_for_seeker_page(session, principal, seeker),
        merged_from=request.query_params.get("merged_from", "")[:12],
    )


@router.get("/ui/seekers/{seeker_id:int}", response_model=None)
def seeker_page(request: Request, session: SessionDep, principal: Staff, seeker_id: int) -> Response:
    moved = _merged_redirect(session, principal, seeker_id)
    return moved or _seeker_page(request, session, principal, seeker_id, with_identity=False)


@router.post("/ui/seekers/{seeker_id:int}/identity", response_model=None)
def reveal_identity(request: Request, session: SessionDep, principal: Staff, seeker_id: int) -> Response:
    moved = _merged_redirect(session, principal, seeker_id)
    if moved is not None:
        moved.status_code = 303  # a POST is not repeated at the new address
        return moved
    return _seeker_page(request, session, principal, seeker_id, with_identity=True)
