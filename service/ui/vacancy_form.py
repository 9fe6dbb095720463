"""The supplier's placement form: create and edit a placement with everything the engine reads.

Workplace (municipality → coordinates from the taxonomy's municipality centroids, so distances work),
extent, duration, start, required and desired skills, licences, languages; saved through the same vacancy
service as the API (``service.ui.actions.save_vacancy``), each bad field answered in the user's language.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlmodel import col, select

from matcher import CEFR_LEVELS, default_taxonomy
from models import Contract
from models.enums import PlacementKind, Role, VacancyStatus
from service.auth.deps import SessionDep
from service.occupations.search import occupation_summary, search_occupations
from service.platform.principal import Principal
from service.ui import actions
from service.ui.data import vacancy_for
from service.ui.i18n import language, translate
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
Supplier = Annotated[Principal, Depends(ui_require(Role.SUPPLIER))]


def _contracts(session: SessionDep, principal: Principal) -> list[Contract]:
    query = select(Contract).where(Contract.supplier_org_id == principal.organisation_id)
    return list(session.exec(query.order_by(col(Contract.ref))).all())


def _form_page(
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
    lang = language(request)
    municipalities = sorted(default_taxonomy().municipalities(), key=lambda m: m.name)
    return render(
        request,
        "vacancy_form.html",
        title_key=title_key,
        principal=principal,
        session=session,
        active="vacancies",
        heading=heading,
        form=form,
        errors={k: _message(v, lang) for k, v in errors.items()},
        status_code=status_code,
        contracts=_contracts(session, principal),
        levels=CEFR_LEVELS[:-1],
        kinds=[k.value for k in PlacementKind],
        statuses=[s.value for s in VacancyStatus],
        municipalities=municipalities,
        licences=actions.LICENCES,
        **_occupation_context(form),
    )


def _occupation_context(form: dict[str, Any]) -> dict[str, Any]:
    """The chosen occupation (label and SSYK-4 group) and the search's results, for the form."""
    q = str(form.get("occupation_q", "")).strip()
    current = str(form.get("occupation_id") or "")
    return {
        "occ_chosen": occupation_summary(current),
        "occ_q": q,
        "occ_hits": search_occupations(q, 10) if q else [],
        "occ_mode": "pick",
        "occ_current": current,
    }


def _occupation_step(form: dict[str, Any]) -> bool:
    """Whether the form was sent to search for or pick an occupation (without JavaScript), not to save.
    A pick sets the occupation in the form; nothing else of it changes and nothing is saved yet."""
    pick = str(form.get("occupation_pick", ""))
    if pick:
        form["occupation_id"] = pick
    return bool(pick or form.get("occupation_search"))


def _message(error: str, lang: str) -> str:
    """A field error as text: ``ferr.key`` or ``ferr.key|arg|arg`` (lo, hi) through the translation table."""
    if not error.startswith("ferr."):
        return error
    key, *args = error.split("|")
    text = translate(key, lang)
    return text.format(lo=args[0], hi=args[1]) if len(args) == 2 else text


@router.get("/ui/vacancies/new", response_class=HTMLResponse, name="new_vacancy")
def new_vacancy_form(request: Request, session: SessionDep, principal: Supplier) -> HTMLResponse:
    form = {"status": "open", "extent": "100", "positions": "1", "licences_required": []}
    heading = translate("vac.new", language(request))
    return _form_page(request, session, principal, title_key="vac.new", heading=heading, form=form, errors={})


async def _posted(request: Request) -> dict[str, Any]:
    data = await request.form()
    form: dict[str, Any] = {k: str(v) for k, v in data.items() if k != "licences_required"}
    form["licences_required"] = [str(v) for v in data.getlist("licences_required")]
    return form


@router.post("/ui/vacancies/new", response_class=HTMLResponse, response_model=None)
async def create_vacancy(
    request: Request, session: SessionDep, principal: Supplier
) -> HTMLResponse | RedirectResponse:
    form = await _posted(request)
    if _occupation_step(form):
        heading = translate("vac.new", language(request))
        return _form_page(
            request, session, principal, title_key="vac.new", heading=heading, form=form, errors={}
        )
    try:
        vacancy_id = actions.save_vacancy(session, principal, form, vacancy_id=None)
    except actions.FormErrors as exc:
        session.rollback()
        heading = translate("vac.new", language(request))
        return _form_page(
            request,
            session,
            principal,
            title_key="vac.new",
            heading=heading,
            form=form,
            errors=exc.errors,
            status_code=422,
        )
    return RedirectResponse(f"/ui/vacancies/{vacancy_id}?notice=vac.saved", status_code=303)


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
        "municipality_code": vacancy.municipality_code or "",
        "extent": str(vacancy.extent),
        "duration_months": str(vacancy.duration_months or ""),
        "required_skills": ", ".join(vacancy.required_skills),
        "desired_skills": ", ".join(vacancy.desired_skills),
        "licences_required": list(vacancy.licences_required),
        "other_languages": ", ".join(
            lang["code"] + (f":{lang['level']}" if lang.get("level") else "")
            for lang in vacancy.other_languages
        ),
        "adaptations_possible": "on" if vacancy.adaptations_possible else "",
        "swedish_level": vacancy.swedish_level,
        "kind": vacancy.kind,
        "start_date": vacancy.start_date,
        "application_deadline": vacancy.application_deadline,
        "positions": vacancy.positions,
        "status": vacancy.status,
    }
    return _form_page(
        request, session, principal, title_key="vac.edit", heading=vacancy.title, form=form, errors={}
    )


@router.post("/ui/vacancies/{vacancy_id:int}/edit", response_class=HTMLResponse, response_model=None)
async def update_vacancy(
    request: Request, session: SessionDep, principal: Supplier, vacancy_id: int
) -> HTMLResponse | RedirectResponse:
    vacancy, _ = vacancy_for(session, principal, vacancy_id)
    form = await _posted(request)
    if _occupation_step(form):
        return _form_page(
            request, session, principal, title_key="vac.edit", heading=vacancy.title, form=form, errors={}
        )
    try:
        actions.save_vacancy(session, principal, form, vacancy_id=vacancy_id)
    except actions.FormErrors as exc:
        session.rollback()
        return _form_page(
            request,
            session,
            principal,
            title_key="vac.edit",
            heading=vacancy.title,
            form=form,
            errors=exc.errors,
            status_code=422,
        )
    return RedirectResponse(f"/ui/vacancies/{vacancy_id}?notice=vac.saved", status_code=303)
