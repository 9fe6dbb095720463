"""Staff and supplier pages: vacancies, shortlists and decisions, proposals and feedback.

Pages read through ``service.ui.data`` and change things only through the same domain services as the
API (``service.ui.actions``), so the audit trail and the checks are identical. Seekers' pages live in
``service.ui.seeker_pages``, the supplier's placement form in ``service.ui.vacancy_form`` and the
shortlist's progress in ``service.ui.progress``; their routers are included here.
"""

import secrets
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlmodel import Session, select

from matcher import default_taxonomy
from models import JobSeeker
from models.enums import Decision, FeedbackOutcome, ProposalStatus, ReasonCode, Role, TargetGroup
from models.placement import RefusalReason
from service.auth.deps import SessionDep
from service.occupations import suggestions as occupation_suggestions
from service.platform.errors import BadInput, Conflict, MatcherError
from service.platform.principal import Principal
from service.reviews.idempotency import HEADER, KEY_MAX
from service.reviews.outcomes import next_outcomes
from service.reviews.refusal_views import employer_refusals
from service.reviews.refusals import EMPLOYER_REASONS, LABELS
from service.reviews.rules import ALLOWED_REASONS, STANDING
from service.seekers.consent import ConsentMissing
from service.ui import (
    actions,
    guidance_view,
    occupation,
    occupation_search,
    placement_page,
    progress,
    seeker_pages,
    vacancy_form,
)
from service.ui.data import (
    HAS_PROPOSALS,
    awaiting_feedback,
    current_shortlist,
    placed_seekers,
    shortlist_entries,
    vacancy_for,
    visible_vacancies,
)
from service.ui.i18n import language, translate
from service.ui.paging import PAGE_SIZE, paging
from service.ui.profile_view import placement_details
from service.ui.proposal_paging import supplier_proposals
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
for _sub in (
    seeker_pages.router,
    vacancy_form.router,
    progress.router,
    occupation.router,
    occupation_search.router,
):
    router.include_router(_sub)
Staff = Annotated[Principal, Depends(ui_require(Role.STAFF))]
Supplier = Annotated[Principal, Depends(ui_require(Role.SUPPLIER))]
StaffOrSupplier = Annotated[Principal, Depends(ui_require(Role.STAFF, Role.SUPPLIER))]
# Notices travel as keys, never as text in the URL (nobody can make the page say something else).
NOTICES = (
    "dec.saved",
    "dec.saved.proposed",
    "vac.saved",
    "prog.done",
    "fb.saved",
    "manual.saved",
    "occ.confirmed",
)
ERRORS = ("occ.err.none", "occ.err.unknown", "occ.err.failed")


@router.get("/ui/vacancies", response_class=HTMLResponse)
def vacancies(
    request: Request,
    session: SessionDep,
    principal: StaffOrSupplier,
    q: str = "",
    status: str = "",
    sort: str = "status",
    page: int = 1,
    has: str = "",
) -> HTMLResponse:
    page = max(1, page)
    has = has if has in HAS_PROPOSALS else ""
    rows, total = visible_vacancies(
        session, principal, q=q, status=status, sort=sort, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
        has=has,
    )  # fmt: skip
    waiting = awaiting_feedback(session, [v.id or 0 for v, _ in rows])
    return render(
        request,
        "vacancies.html",
        title_key="nav.vacancies",
        principal=principal,
        session=session,
        active="vacancies",
        vacancies=rows,
        waiting=waiting,
        paging=paging(total, page, {"q": q, "status": status, "sort": sort, "has": has}),
        filters={"q": q, "status": status, "sort": sort, "has": has},
        statuses=["open", "draft", "filled", "closed"],
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
    entry: int | None = None,
    find: str = "",
) -> HTMLResponse:
    return _vacancy_page(
        request,
        session,
        principal,
        vacancy_id,
        filters={"target_group": target_group, "max_distance_km": max_distance_km},
        notice=translate(notice, language(request)) if notice in NOTICES else "",
        error=translate(error, language(request)) if error in ERRORS else error,
        entry_id=entry,
        find=find,
    )


def _vacancy_page(
    request: Request,
    session: Session,
    principal: Principal,
    vacancy_id: int,
    *,
    filters: dict[str, Any],
    notice: str = "",
    error: str = "",
    entry_id: int | None = None,
    entry_form: dict[str, str] | None = None,
    status_code: int = 200,
    find: str = "",
) -> HTMLResponse:
    vacancy, contract = vacancy_for(session, principal, vacancy_id)
    # A row's own message shows in that row; a page-wide one (no row) at the top.
    common: dict[str, Any] = {
        "principal": principal,
        "session": session,
        "active": "vacancies",
        "vacancy": vacancy,
        "contract": contract,
        "notice": notice if entry_id is None else "",
        "error": error if entry_id is None else "",
        "status_code": status_code,
    }
    if principal.role == Role.SUPPLIER:
        placed = placed_seekers(session, vacancy_id)
        asked = request.query_params.get("page", "1")
        proposals, proposal_paging = supplier_proposals(
            session, vacancy_id, int(asked) if asked.isdigit() else 1, entry_id
        )
        return render(
            request,
            "vacancy_supplier.html",
            title_key="nav.vacancies",
            **common,
            proposals=proposals,
            paging=proposal_paging,
            next_outcomes={
                p.id: [o.value for o in next_outcomes(p.status, placed=p.seeker_id in placed)]
                for p, _ in proposals
            },
            outcomes=[o.value for o in FeedbackOutcome],
            # The placement as the supplier saved it, and the answered row's own message and typed values.
            details=placement_details(vacancy),
            occupation_label=_occupation_label(vacancy.occupation_id),
            row={
                "id": entry_id,
                "notice": notice,
                "error": error,
                "form": entry_form or {},
                "field": (entry_form or {}).get("_field", ""),
            },
            refusal_reasons=[(r.value, LABELS[r]) for r in EMPLOYER_REASONS],
            new_key=new_form_key,
        )
    shortlist = current_shortlist(session, vacancy_id)
    entries = shortlist_entries(session, shortlist, date.today()) if shortlist else []
    if filters.get("target_group"):
        entries = [e for e in entries if filters["target_group"] in e.target_groups]
    max_km = filters.get("max_distance_km")
    if max_km is not None:
        entries = [e for e in entries if e.entry.distance_km is not None and e.entry.distance_km <= max_km]
    return render(
        request,
        "vacancy_staff.html",
        title_key="nav.vacancies",
        **common,
        occupation=occupation_suggestions.status(vacancy.title, vacancy.description, vacancy.occupation_id),
        shortlist=shortlist,
        entries=entries,
        gaps=guidance_view.entry_gap_lines(session, vacancy, entries),
        decisions=[d.value for d in Decision],
        reason_codes=[r.value for r in ReasonCode],
        reasons_for={r.value: [d.value for d in Decision if r in ALLOWED_REASONS[d]] for r in ReasonCode},
        standing=[s.value for s in STANDING],
        target_groups=[g.value for g in TargetGroup],
        filters=filters,
        row={"id": entry_id, "notice": notice, "error": error, "form": entry_form or {}},
        refusals=employer_refusals(session, vacancy),
        new_key=new_form_key,
        **placement_page.staff_context(session, principal, vacancy, shortlist, entries, find[:100]),
    )


def _occupation_label(occupation_id: str | None) -> str:
    found = default_taxonomy().occupation(occupation_id) if occupation_id else None
    return found.label if found else ""


def _back(
    vacancy_id: int, *, notice: str = "", error: str = "", entry: int | None = None
) -> RedirectResponse:
    params = {k: v for k, v in {"notice": notice, "error": error}.items() if v}
    if entry is not None:
        params["entry"] = str(entry)
    url = f"/ui/vacancies/{vacancy_id}" + (f"?{urlencode(params)}" if params else "")
    return RedirectResponse(url + (f"#entry-{entry}" if entry is not None else ""), status_code=303)


@router.post("/ui/vacancies/{vacancy_id:int}/shortlist")
def compute_shortlist(
    request: Request, session: SessionDep, principal: Staff, vacancy_id: int
) -> RedirectResponse:
    vacancy_for(session, principal, vacancy_id)
    try:
        actions.compute_shortlist(session, principal, vacancy_id)
    except MatcherError as exc:
        session.rollback()
        return _back(vacancy_id, error=progress.shortlist_error(exc, language(request)))
    return _back(vacancy_id, notice="prog.done")


def run_decision(
    session: Session, principal: Principal, entry_id: int, form: dict[str, str], lang: str
) -> tuple[bool, str]:
    """Check and store one decision from form fields: (saved, message in the user's language).

    The same checks as the API (``service.reviews``), with messages a case officer can act on; on a
    refusal nothing is kept.
    """

    def t(key: str) -> str:
        return translate(key, lang)

    decision = form.get("decision", "")
    reason = form.get("reason_code", "")
    if decision not in Decision.__members__.values():
        return False, t("dec.err.none")
    if reason not in ReasonCode.__members__.values():
        return False, t("dec.err.reason")
    if ReasonCode(reason) not in ALLOWED_REASONS[Decision(decision)]:
        return False, t("dec.err.mismatch")
    if reason == ReasonCode.OTHER and not form.get("comment", "").strip():
        return False, t("dec.err.other_comment")
    version = form.get("expected_version", "")
    key = form.get("idempotency_key", "").strip()
    try:
        result = actions.decide(
            session,
            principal,
            entry_id,
            Decision(decision),
            ReasonCode(reason),
            form.get("comment", "")[:2000],
            int(version) if version.isdigit() else None,
            form.get("supplier_text", "").strip()[:500] or None,
            idempotency_key=key[:KEY_MAX] or None,
        )
    except BadInput as exc:
        session.rollback()
        if any(e.get("field") == HEADER for e in exc.errors):
            return False, t("refusal.err.resent")
        return False, exc.message
    except Conflict as exc:
        session.rollback()
        if any(e.get("field") == "decision" for e in exc.errors):
            return False, t("dec.err.already")
        if "replaced" in exc.message:
            return False, t("dec.err.replaced")
        if "consent" in exc.message:
            return False, t("dec.err.consent")
        return False, t("dec.err.stale")
    except MatcherError as exc:
        session.rollback()
        return False, exc.message
    proposed = decision == Decision.PROPOSE and result.proposal_id is not None
    saved = t("dec.saved.proposed") if proposed else t("dec.saved")
    return True, saved + ("" if proposed else f": {t('dec.' + decision)} ({t('reason.' + reason)}).")


@router.post("/ui/entries/{entry_id:int}/decide", response_model=None)
async def decide(request: Request, session: SessionDep, principal: Staff, entry_id: int) -> Response:
    vacancy_id = actions.vacancy_of_entry(session, entry_id)
    vacancy_for(session, principal, vacancy_id)
    form = {k: str(v) for k, v in (await request.form()).items() if k != "csrf_token"}
    lang = language(request)
    saved, message = run_decision(session, principal, entry_id, form, lang)
    if request.headers.get("x-requested-with") == "fetch":  # app.js: answered in place
        return JSONResponse({"ok": saved, "message": message}, status_code=200 if saved else 422)
    if saved:
        key = "dec.saved.proposed" if form.get("decision") == Decision.PROPOSE else "dec.saved"
        return _back(vacancy_id, notice=key, entry=entry_id)
    # Without JavaScript: the page again, the refused row keeping what was chosen and saying why.
    return _vacancy_page(
        request,
        session,
        principal,
        vacancy_id,
        filters={},
        error=message,
        entry_id=entry_id,
        entry_form=form,
        status_code=422,
    )


def replay_decision(
    session: Session, principal: Principal, entry_id: int, form: dict[str, str], lang: str
) -> str:
    """A stashed decision, replayed after login as a new one: the URL to show its outcome in place."""
    vacancy_id = actions.vacancy_of_entry(session, entry_id)
    vacancy_for(session, principal, vacancy_id)
    with session.begin_nested():  # a refused decision must not undo the login's own writes
        saved, message = run_decision(session, principal, entry_id, form, lang)
    if saved:
        key = "dec.saved.proposed" if form.get("decision") == Decision.PROPOSE else "dec.saved"
        return _back(vacancy_id, notice=key, entry=entry_id).headers["location"]
    return _back(vacancy_id, error=message, entry=entry_id).headers["location"]


@router.post("/ui/vacancies/{vacancy_id:int}/manual")
def add_manual(
    request: Request,
    session: SessionDep,
    principal: Staff,
    vacancy_id: int,
    seeker_ref: Annotated[str, Form(max_length=64)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
) -> RedirectResponse:
    lang = language(request)
    vacancy_for(session, principal, vacancy_id)
    ref = seeker_ref.strip()
    own = select(JobSeeker).where(
        JobSeeker.matching_actor_id == principal.organisation_id, JobSeeker.ref == ref
    )
    seeker = session.exec(own).first()
    if seeker is None:
        return _back(vacancy_id, error=translate("manual.err.unknown", lang).format(ref=ref[:64]))
    if len(reason.strip()) < 3:
        return _back(vacancy_id, error=translate("manual.err.reason", lang))
    seeker_id = seeker.id or 0
    try:
        actions.add_manual(session, principal, vacancy_id, seeker_id, reason.strip())
    except MatcherError as exc:
        session.rollback()
        key = "dec.err.consent" if isinstance(exc, ConsentMissing) else "manual.err.taken"
        return _back(vacancy_id, error=translate(key, lang) if isinstance(exc, Conflict) else exc.message)
    return _back(vacancy_id, notice="manual.saved")


@router.post("/ui/proposals/{proposal_id}/feedback", response_model=None)
def feedback(
    request: Request,
    session: SessionDep,
    principal: Supplier,
    proposal_id: int,
    outcome: Annotated[str, Form(max_length=32)] = "",
    reason: Annotated[str, Form(max_length=1000)] = "",
    placement_start: Annotated[str, Form(max_length=10)] = "",
    reason_code: Annotated[str, Form(max_length=32)] = "",
    idempotency_key: Annotated[str, Form(max_length=KEY_MAX)] = "",
) -> HTMLResponse | RedirectResponse:
    lang = language(request)
    vacancy_id = actions.vacancy_of_proposal(session, proposal_id)
    vacancy_for(session, principal, vacancy_id)
    typed = {
        "outcome": outcome,
        "reason": reason,
        "placement_start": placement_start,
        "reason_code": reason_code,
    }

    def refuse(message: str, fld: str = "") -> HTMLResponse:
        # The same page again with the row's own message and everything typed kept (nothing lost).
        return _vacancy_page(
            request, session, principal, vacancy_id, filters={}, error=message, entry_id=proposal_id,
            entry_form={**typed, "_field": fld}, status_code=422,
        )  # fmt: skip

    try:
        start = date.fromisoformat(placement_start) if placement_start else None
    except ValueError:
        return refuse(translate("ferr.date", lang), "placement_start")
    if outcome not in FeedbackOutcome.__members__.values():
        return refuse(translate("fb.err.outcome", lang), "outcome")
    if outcome == FeedbackOutcome.HIRED and start is None:
        # A hire without its start date counts for nothing towards the requirement: ask for it now.
        return refuse(translate("fb.err.start_needed", lang), "placement_start")
    refusal = _refusal_choice(outcome, reason_code, reason)
    if refusal is not None and refusal.startswith("refusal.err."):
        return refuse(
            translate(refusal, lang), "reason_code" if refusal == "refusal.err.choose" else "reason"
        )
    try:
        actions.feedback(
            session,
            principal,
            proposal_id,
            FeedbackOutcome(outcome),
            reason,
            start,
            RefusalReason(refusal) if refusal else None,
            idempotency_key.strip() or None,
        )
    except MatcherError as exc:
        session.rollback()
        return _to_proposal(vacancy_id, proposal_id, error=_feedback_error(exc, lang))
    return _to_proposal(vacancy_id, proposal_id, notice="fb.saved")


def _to_proposal(vacancy_id: int, proposal_id: int, *, notice: str = "", error: str = "") -> RedirectResponse:
    """Back to the answered proposal's row (its message shows there), not the top of a long list."""
    params = {k: v for k, v in {"notice": notice, "error": error}.items() if v} | {"entry": str(proposal_id)}
    url = f"/ui/vacancies/{vacancy_id}?{urlencode(params)}#proposal-{proposal_id}"
    return RedirectResponse(url, status_code=303)


def _refusal_choice(outcome: str, reason_code: str, reason: str) -> str | None:
    """The chosen refusal code, None where the outcome has none, or a ``refusal.err.`` key."""
    if outcome != FeedbackOutcome.NOT_HIRED:
        return None  # the field shows with every answer; only "not hired" keeps it
    if reason_code not in {r.value for r in EMPLOYER_REASONS}:
        return "refusal.err.choose"
    if reason_code == RefusalReason.OTHER and not reason.strip():
        return "refusal.err.other"
    return reason_code


def new_form_key() -> str:
    """A fresh idempotency key for one rendered form: its double submission records one answer."""
    return secrets.token_urlsafe(18)


def _feedback_error(exc: MatcherError, lang: str) -> str:
    """The service's refusal of a supplier's answer, in the supplier's language."""
    message = exc.message
    if any(e.get("field") == HEADER for e in exc.errors):
        return translate("refusal.err.resent", lang)
    if "withdrawn" in message:
        return translate("fb.err.withdrawn", lang)
    if "placement" in message and exc.status_code == 409:
        return translate("fb.err.placed", lang)
    if "placement_start" in message:
        return translate("fb.err.start", lang)
    if exc.status_code == 409:
        return translate("fb.err.state", lang)
    return message


__all__ = ["ProposalStatus", "replay_decision", "router"]
