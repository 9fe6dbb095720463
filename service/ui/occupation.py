"""The engine proposes a vacancy's occupation, a person confirms it (the form and the shortlist page).

``POST /ui/occupation-proposals`` answers the placement form's script with the top five occupations of
what was pasted (an HTML fragment, so that the server's translation table words it);
``POST /ui/vacancies/{id}/occupation`` lets staff confirm or change a vacancy's occupation from the
shortlist page, then ranks that vacancy again.
"""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from models.vacancy import VacancyUpdate
from service.auth.deps import SessionDep, SettingsDep
from service.occupations import suggestions as occupation_suggestions
from service.occupations.search import occupation_summary
from service.occupations.throttle import check_suggestion_rate
from service.platform.errors import MatcherError
from service.platform.principal import Principal
from service.ui import actions
from service.ui.rendering import render
from service.ui.session import ui_require
from service.vacancies import service as vacancies

router = APIRouter(include_in_schema=False)
StaffOrSupplier = Annotated[Principal, Depends(ui_require("staff", "supplier"))]
Staff = Annotated[Principal, Depends(ui_require("staff"))]


@router.post("/ui/occupation-proposals", response_class=HTMLResponse)
def occupation_proposals(
    request: Request,
    session: SessionDep,
    principal: StaffOrSupplier,
    settings: SettingsDep,
    title: Annotated[str, Form(max_length=200)] = "",
    description: Annotated[str, Form()] = "",
) -> HTMLResponse:
    proposals = []
    if title.strip() or description.strip():
        check_suggestion_rate(session, principal, settings)
        proposals = occupation_suggestions.suggest(
            title, description[: settings.max_text_chars], k=5, max_text_chars=settings.max_text_chars
        )
    # Each with its SSYK-4 group, which the form shows for the chosen occupation.
    summaries = {g.occupation_id: occupation_summary(g.occupation_id) for g in proposals}
    return render(
        request,
        "_occupation_proposals.html",
        title_key="occ.proposals",
        proposals=proposals,
        summaries=summaries,
    )


@router.post("/ui/vacancies/{vacancy_id:int}/occupation")
def confirm_occupation(
    session: SessionDep,
    principal: Staff,
    vacancy_id: int,
    occupation_id: Annotated[str, Form(max_length=32)] = "",
) -> RedirectResponse:
    if not occupation_id:
        return RedirectResponse(f"/ui/vacancies/{vacancy_id}?error=occ.err.none", status_code=303)
    try:
        vacancies.update_vacancy(session, principal, vacancy_id, VacancyUpdate(occupation_id=occupation_id))
        # Committed before ranking: on SQLite the ranking's vector cache writes through a connection of
        # its own, which would wait on this session's write lock.
        session.commit()
    except MatcherError as exc:
        session.rollback()
        key = "occ.err.unknown" if "occupation" in exc.message else "occ.err.failed"
        return RedirectResponse(f"/ui/vacancies/{vacancy_id}?error={key}", status_code=303)
    try:
        actions.compute_shortlist(session, principal, vacancy_id)
    except MatcherError as exc:
        session.rollback()
        return RedirectResponse(f"/ui/vacancies/{vacancy_id}?{urlencode({'error': exc.message})}", 303)
    return RedirectResponse(f"/ui/vacancies/{vacancy_id}?notice=occ.confirmed", status_code=303)
