"""Staff and supplier pages: vacancies, shortlists and decisions, proposals and feedback, seekers.

Pages read through ``service.ui.data`` and change things only through the same domain services as the
API (``service.ui.actions``), so the audit trail and the checks are identical.
"""

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import Session, col, select

from matcher.types import CEFR_LEVELS
from models import Contract, JobSeeker, SeekerIdentity
from models.enums import (
    Decision,
    FeedbackOutcome,
    PlacementKind,
    ReasonCode,
    Role,
    TargetGroup,
    VacancyStatus,
)
from service.audit import record
from service.auth.principal import Principal
from service.deps import SessionDep
from service.errors import MatcherError
from service.ui import actions
from service.ui.data import (
    current_shortlist,
    own_seeker,
    proposals_for_vacancy,
    shortlist_entries,
    vacancy_for,
    visible_vacancies,
)
from service.ui.i18n import language
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
Staff = Annotated[Principal, Depends(ui_require(Role.STAFF))]
Supplier = Annotated[Principal, Depends(ui_require(Role.SUPPLIER))]
StaffOrSupplier = Annotated[Principal, Depends(ui_require(Role.STAFF, Role.SUPPLIER))]


@router.get("/ui/vacancies", response_class=HTMLResponse)
def vacancies(request: Request, session: SessionDep, principal: StaffOrSupplier) -> HTMLResponse:
    return render(
        request,
        "vacancies.html",
        title_key="nav.vacancies",
        principal=principal,
        session=session,
        active="vacancies",
        vacancies=visible_vacancies(session, principal),
    )


@router.get("/ui/vacancies/{vacancy_id:int}", response_class=HTMLResponse)
def vacancy_page(
    request: Request,
    session: SessionDep,
    principal: StaffOrSupplier,
    vacancy_id: int,
    target_group: str = "",
    max_distance_km: float | None = None,
    notice: str = "",
    error: str = "",
) -> HTMLResponse:
    vacancy, contract = vacancy_for(session, principal, vacancy_id)
    common: dict[str, Any] = {
        "principal": principal,
        "session": session,
        "active": "vacancies",
        "vacancy": vacancy,
        "contract": contract,
        "notice": notice,
        "error": error,
    }
    if principal.role == Role.SUPPLIER:
        return render(
            request,
            "vacancy_supplier.html",
            title_key="nav.vacancies",
            **common,
            proposals=proposals_for_vacancy(session, vacancy_id),
            outcomes=[o.value for o in FeedbackOutcome],
        )
    shortlist = current_shortlist(session, vacancy_id)
    entries = shortlist_entries(session, shortlist, date.today()) if shortlist else []
    if target_group:
        entries = [e for e in entries if target_group in e.target_groups]
    if max_distance_km is not None:
        entries = [
            e for e in entries if e.entry.distance_km is not None and e.entry.distance_km <= max_distance_km
        ]
    return render(
        request,
        "vacancy_staff.html",
        title_key="nav.vacancies",
        **common,
        shortlist=shortlist,
        entries=entries,
        lang=language(request),
        decisions=[d.value for d in Decision],
        reason_codes=[r.value for r in ReasonCode],
        target_groups=[g.value for g in TargetGroup],
        filters={"target_group": target_group, "max_distance_km": max_distance_km},
    )


def _back(vacancy_id: int, *, notice: str = "", error: str = "") -> RedirectResponse:
    from urllib.parse import urlencode

    query = urlencode({k: v for k, v in {"notice": notice, "error": error}.items() if v})
    return RedirectResponse(f"/ui/vacancies/{vacancy_id}" + (f"?{query}" if query else ""), status_code=303)


def _act(
    session: Session, vacancy_id: int, action: Callable[[], object], notice: str = "✓"
) -> RedirectResponse:
    """Run a form's action, then back to the vacancy: with its error (and nothing kept) or the notice."""
    try:
        action()
    except MatcherError as exc:
        session.rollback()
        return _back(vacancy_id, error=exc.message)
    return _back(vacancy_id, notice=notice)


@router.post("/ui/vacancies/{vacancy_id:int}/shortlist")
def compute_shortlist(session: SessionDep, principal: Staff, vacancy_id: int) -> RedirectResponse:
    vacancy_for(session, principal, vacancy_id)
    return _act(
        session, vacancy_id, lambda: actions.compute_shortlist(session, principal, vacancy_id), notice=""
    )


@router.post("/ui/entries/{entry_id}/decide")
def decide(
    session: SessionDep,
    principal: Staff,
    entry_id: int,
    decision: Annotated[Decision, Form()],
    reason_code: Annotated[ReasonCode, Form()],
    comment: Annotated[str, Form(max_length=2000)] = "",
    expected_version: Annotated[int | None, Form()] = None,
) -> RedirectResponse:
    vacancy_id = actions.vacancy_of_entry(session, entry_id)
    vacancy_for(session, principal, vacancy_id)
    return _act(
        session,
        vacancy_id,
        lambda: actions.decide(
            session, principal, entry_id, decision, reason_code, comment, expected_version
        ),
    )


@router.post("/ui/vacancies/{vacancy_id:int}/manual")
def add_manual(
    session: SessionDep,
    principal: Staff,
    vacancy_id: int,
    seeker_ref: Annotated[str, Form(max_length=64)],
    reason: Annotated[str, Form(max_length=500)],
) -> RedirectResponse:
    vacancy_for(session, principal, vacancy_id)
    seeker = session.exec(select(JobSeeker).where(JobSeeker.ref == seeker_ref.strip())).first()
    if seeker is None or seeker.matching_actor_id != principal.organisation_id or not reason.strip():
        return _back(vacancy_id, error=f"{seeker_ref}: ?")
    seeker_id = seeker.id or 0
    return _act(
        session,
        vacancy_id,
        lambda: actions.add_manual(session, principal, vacancy_id, seeker_id, reason.strip()),
    )


@router.post("/ui/proposals/{proposal_id}/feedback")
def feedback(
    session: SessionDep,
    principal: Supplier,
    proposal_id: int,
    outcome: Annotated[FeedbackOutcome, Form()],
    reason: Annotated[str, Form(max_length=1000)] = "",
    placement_start: Annotated[str, Form(max_length=10)] = "",
) -> RedirectResponse:
    vacancy_id = actions.vacancy_of_proposal(session, proposal_id)
    vacancy_for(session, principal, vacancy_id)
    try:
        start = date.fromisoformat(placement_start) if placement_start else None
    except ValueError:
        return _back(vacancy_id, error=placement_start)
    return _act(
        session, vacancy_id, lambda: actions.feedback(session, principal, proposal_id, outcome, reason, start)
    )


@router.get("/ui/seekers", response_class=HTMLResponse)
def seekers(request: Request, session: SessionDep, principal: Staff, q: str = "") -> HTMLResponse:
    query = select(JobSeeker).where(JobSeeker.matching_actor_id == principal.organisation_id)
    if q.strip():
        like = f"%{q.strip()[:100]}%"
        query = query.where(col(JobSeeker.ref).ilike(like) | col(JobSeeker.profile_text).ilike(like))
    rows = session.exec(query.order_by(col(JobSeeker.ref)).limit(100)).all()
    record(session, principal, "seeker.list", "seeker", detail={"count": len(rows), "query": bool(q)})
    return render(
        request,
        "seekers.html",
        title_key="nav.seekers",
        principal=principal,
        session=session,
        active="seekers",
        seekers=rows,
        q=q,
    )


def _seeker_page(
    request: Request, session: SessionDep, principal: Principal, seeker_id: int, *, with_identity: bool
) -> HTMLResponse:
    seeker = own_seeker(session, principal, seeker_id)
    # Rank first: the embedding cache commits in its own transaction, which must not wait on ours.
    matches = actions.vacancies_for(session, principal, seeker_id)
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
        matches=matches,
        lang=language(request),
    )


@router.get("/ui/seekers/{seeker_id}", response_class=HTMLResponse)
def seeker_page(request: Request, session: SessionDep, principal: Staff, seeker_id: int) -> HTMLResponse:
    return _seeker_page(request, session, principal, seeker_id, with_identity=False)


@router.post("/ui/seekers/{seeker_id}/identity", response_class=HTMLResponse)
def reveal_identity(request: Request, session: SessionDep, principal: Staff, seeker_id: int) -> HTMLResponse:
    return _seeker_page(request, session, principal, seeker_id, with_identity=True)


def _contracts_for_supplier(session: SessionDep, principal: Principal) -> list[Contract]:
    return list(
        session.exec(
            select(Contract)
            .where(Contract.supplier_org_id == principal.organisation_id)
            .order_by(col(Contract.ref))
        ).all()
    )


def _vacancy_form(
    request: Request,
    session: SessionDep,
    principal: Principal,
    *,
    title_key: str,
    heading: str,
    form: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "vacancy_form.html",
        title_key=title_key,
        principal=principal,
        session=session,
        active="vacancies",
        heading=heading,
        form=form,
        errors=errors,
        status_code=status_code,
        contracts=_contracts_for_supplier(session, principal),
        levels=CEFR_LEVELS[:-1],
        kinds=[k.value for k in PlacementKind],
        statuses=[s.value for s in VacancyStatus],
    )


@router.get("/ui/vacancies/new", response_class=HTMLResponse, name="new_vacancy")
def new_vacancy_form(request: Request, session: SessionDep, principal: Supplier) -> HTMLResponse:
    heading = _t(request, "vac.new")
    return _vacancy_form(
        request, session, principal, title_key="vac.new", heading=heading, form={"status": "open"}, errors={}
    )


def _t(request: Request, key: str) -> str:
    from service.ui.i18n import translate

    return translate(key, language(request))


@router.post("/ui/vacancies/new", response_class=HTMLResponse, response_model=None)
async def create_vacancy(
    request: Request, session: SessionDep, principal: Supplier
) -> HTMLResponse | RedirectResponse:
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        vacancy_id = actions.save_vacancy(session, principal, form, vacancy_id=None)
    except actions.FormErrors as exc:
        session.rollback()
        heading = _t(request, "vac.new")
        return _vacancy_form(
            request,
            session,
            principal,
            title_key="vac.new",
            heading=heading,
            form=form,
            errors=exc.errors,
            status_code=422,
        )
    return _back(vacancy_id, notice="✓")


@router.get("/ui/vacancies/{vacancy_id:int}/edit", response_class=HTMLResponse)
def edit_vacancy_form(
    request: Request, session: SessionDep, principal: Supplier, vacancy_id: int
) -> HTMLResponse:
    vacancy, _ = vacancy_for(session, principal, vacancy_id)
    form = {
        "contract_id": str(vacancy.contract_id),
        "title": vacancy.title,
        "occupation_id": vacancy.occupation_id,
        "description": vacancy.description,
        "required_skills": ", ".join(vacancy.required_skills),
        "swedish_level": vacancy.swedish_level,
        "kind": vacancy.kind,
        "start_date": vacancy.start_date,
        "positions": vacancy.positions,
        "status": vacancy.status,
    }
    return _vacancy_form(
        request, session, principal, title_key="vac.edit", heading=vacancy.title, form=form, errors={}
    )


@router.post("/ui/vacancies/{vacancy_id:int}/edit", response_class=HTMLResponse, response_model=None)
async def update_vacancy(
    request: Request, session: SessionDep, principal: Supplier, vacancy_id: int
) -> HTMLResponse | RedirectResponse:
    vacancy, _ = vacancy_for(session, principal, vacancy_id)
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        actions.save_vacancy(session, principal, form, vacancy_id=vacancy_id)
    except actions.FormErrors as exc:
        session.rollback()
        return _vacancy_form(
            request,
            session,
            principal,
            title_key="vac.edit",
            heading=vacancy.title,
            form=form,
            errors=exc.errors,
            status_code=422,
        )
    return _back(vacancy_id, notice="✓")
