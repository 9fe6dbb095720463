"""Searching the whole taxonomy for a placement's occupation, in the supplier's form and on staff's page.

``GET /ui/occupation-search`` answers the forms' script with the matching occupations as an HTML fragment
(buttons for the supplier's form, radios for staff's confirm form), worded by the server's translation
table; ``GET /ui/occupation-chosen`` words one chosen occupation (label and SSYK-4 group) for the form.
``GET /ui/vacancies/{id}/occupation-search`` is the same search as a page, for staff without JavaScript;
it confirms through the shortlist page's ``POST /ui/vacancies/{id}/occupation``.
"""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from service.auth.deps import SessionDep
from service.occupations.search import occupation_summary, search_occupations
from service.platform.principal import Principal
from service.ui.rendering import render
from service.ui.session import ui_require
from service.vacancies import service as vacancies

router = APIRouter(include_in_schema=False)
StaffOrSupplier = Annotated[Principal, Depends(ui_require("staff", "supplier"))]
Staff = Annotated[Principal, Depends(ui_require("staff"))]
SearchText = Annotated[str, Query(max_length=200)]
RESULTS = 10  # enough to find a specialisation, few enough to read


@router.get("/ui/occupation-search", response_class=HTMLResponse)
def occupation_search_fragment(
    request: Request,
    principal: StaffOrSupplier,
    q: SearchText = "",
    mode: Literal["pick", "confirm"] = "pick",
    current: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    q = q.strip()
    return render(
        request,
        "_occupation_search.html",
        title_key="occs.results",
        occ_q=q,
        occ_hits=search_occupations(q, RESULTS) if q else [],
        occ_mode=mode,
        occ_current=current,
    )


@router.get("/ui/occupation-chosen", response_class=HTMLResponse)
def occupation_chosen_fragment(
    request: Request, principal: StaffOrSupplier, id: Annotated[str, Query(max_length=32)] = ""
) -> HTMLResponse:
    return render(
        request, "_occupation_chosen.html", title_key="occ.chosen", occ_chosen=occupation_summary(id)
    )


@router.get("/ui/vacancies/{vacancy_id:int}/occupation-search", response_class=HTMLResponse)
def occupation_search_page(
    request: Request, session: SessionDep, principal: Staff, vacancy_id: int, q: SearchText = ""
) -> HTMLResponse:
    vacancy = vacancies.get_vacancy(session, principal, vacancy_id)
    q = q.strip()
    return render(
        request,
        "occupation_search_page.html",
        title_key="occs.page",
        principal=principal,
        session=session,
        active="vacancies",
        vacancy=vacancy,
        occ_chosen=occupation_summary(vacancy.occupation_id),
        occ_q=q,
        occ_hits=search_occupations(q, RESULTS) if q else [],
        occ_mode="confirm",
        occ_current=vacancy.occupation_id or "",
    )
