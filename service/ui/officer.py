"""The procurement officer's pages: contracts with their employment requirement (create, edit), each
contract's follow-up with charts, the CSV of every contract and the annual report (HTML and PDF).

Writes go through ``service.contracts.service`` (the API's checks: own authority only, organisations of
the right kind, the requirement kept whole) and write the same audit events as ``/contracts``.
"""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlmodel import Session, select

from models import Contract, EmploymentRequirement, Organisation
from models.contract import ContractCreate
from models.enums import OrganisationKind, PlacementKind, Role, TargetGroup
from service.auth.deps import SessionDep
from service.contracts import service as contracts
from service.contracts.actor_change import ActorChangeRefused
from service.contracts.service import ContractChange, RequirementUpdate
from service.platform import audit
from service.platform.errors import BadInput, Conflict
from service.platform.formats import decimal, percent
from service.platform.principal import Principal
from service.reporting.followup import contract_followup
from service.reporting.scope import visible_contracts
from service.ui import contract_form
from service.ui.charts import Bar, Marker, bar_chart
from service.ui.i18n import language, translate
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
Officer = Annotated[Principal, Depends(ui_require(Role.PROCUREMENT_OFFICER))]
# The same readers as GET /reports/contracts.csv and the annual report in the CLI.
ReportReader = Annotated[Principal, Depends(ui_require(Role.PROCUREMENT_OFFICER, Role.STAFF, Role.ADMIN))]
AnnualReader = Annotated[Principal, Depends(ui_require(Role.PROCUREMENT_OFFICER, Role.ADMIN))]
FORECAST_CAP = 2.0  # a linear forecast early in a contract runs away; above 200 % it is worded, not shown


def _orgs(session: Session, kind: OrganisationKind) -> list[Organisation]:
    query = select(Organisation).where(Organisation.kind == kind).order_by(Organisation.name)
    return list(session.exec(query).all())


def _form_page(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    contract: Contract | None,
    form: dict[str, Any],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "officer_contract_form.html",
        title_key="off.edit" if contract else "off.new",
        principal=principal,
        session=session,
        active="contracts",
        contract=contract,
        form=form,
        errors=errors,
        status_code=status_code,
        suppliers=_orgs(session, OrganisationKind.SUPPLIER),
        actors=_orgs(session, OrganisationKind.MATCHING_ACTOR),
        groups=[g.value for g in TargetGroup],
        kinds=[k.value for k in PlacementKind],
    )


@router.get("/ui/contracts", response_class=HTMLResponse)
def contract_list(
    request: Request, session: SessionDep, principal: Officer, notice: str = ""
) -> HTMLResponse:
    today = date.today()
    rows = [contract_followup(session, c, r, today) for c, r in visible_contracts(session, principal)]
    return render(
        request,
        "officer_contracts.html",
        title_key="nav.contracts",
        principal=principal,
        session=session,
        active="contracts",
        rows=rows,
        notice=notice,
        year=today.year,
        pct=_forecast_text(request),
        num=_num(request),
    )


def _forecast_text(request: Request) -> Any:
    lang = language(request)

    def text(value: float | None) -> str:
        if value is not None and value > FORECAST_CAP:
            return translate("off.over_cap", lang)
        return percent(value, lang)

    return text


def _num(request: Request) -> Any:
    lang = language(request)
    return lambda value, digits: decimal(value, digits, lang)


@router.get("/ui/contracts/new", response_class=HTMLResponse)
def new_contract(request: Request, session: SessionDep, principal: Officer) -> HTMLResponse:
    form = {"fulfilment_threshold_pct": "75", "min_duration_months": "6"}
    return _form_page(request, session, principal, contract=None, form=form, errors={})


@router.post("/ui/contracts/new", response_model=None)
async def create_contract(
    request: Request, session: SessionDep, principal: Officer
) -> HTMLResponse | RedirectResponse:
    raw = await request.form()
    lang = language(request)
    data = contract_form.create_data(raw, principal.organisation_id)
    try:
        body = ContractCreate.model_validate(data)
        contract, _ = contracts.create_contract(session, principal, body)
    except (ValidationError, BadInput) as exc:
        errors = contract_form.missing_choices(raw, lang) | contract_form.field_errors(exc, lang)
    except Conflict:
        errors = {"ref": translate("off.err.ref_taken", lang)}
    else:
        audit.record(
            session, principal, "contract.create", "contract", contract.id, detail={"ref": contract.ref}
        )
        return RedirectResponse(f"/ui/contracts/{contract.id}?notice=saved", status_code=303)
    session.rollback()
    return _form_page(
        request,
        session,
        principal,
        contract=None,
        form=contract_form.form_values(raw),
        errors=errors,
        status_code=422,
    )


@router.get("/ui/contracts/{contract_id:int}/edit", response_class=HTMLResponse)
def edit_contract(
    request: Request, session: SessionDep, principal: Officer, contract_id: int
) -> HTMLResponse:
    contract, requirement = contracts.get_contract(session, principal, contract_id)
    form = contract_form.existing_form(contract, requirement)
    return _form_page(request, session, principal, contract=contract, form=form, errors={})


@router.post("/ui/contracts/{contract_id:int}/edit", response_model=None)
async def update_contract(
    request: Request, session: SessionDep, principal: Officer, contract_id: int
) -> HTMLResponse | RedirectResponse:
    contract, _ = contracts.get_contract(session, principal, contract_id)
    raw = await request.form()
    lang = language(request)
    status_code = 422
    values = {k: contract_form.blank(str(raw.get(k, ""))) for k in contract_form.CONTRACT_FIELDS}
    try:
        change = ContractChange.model_validate(
            {**values, "requirement": RequirementUpdate.model_validate(contract_form.requirement(raw))}
        )
        contracts.update_contract(session, principal, contract_id, change)
    except (ValidationError, BadInput) as exc:
        errors = contract_form.missing_choices(raw, lang) | contract_form.field_errors(exc, lang)
    except ActorChangeRefused:
        errors, status_code = {"matching_actor_id": translate("off.err.actor_move", lang)}, 409
    else:
        fields = sorted(change.model_fields_set)
        audit.record(
            session, principal, "contract.update", "contract", contract_id, detail={"fields": fields}
        )
        return RedirectResponse(f"/ui/contracts/{contract_id}?notice=saved", status_code=303)
    session.rollback()
    return _form_page(
        request,
        session,
        principal,
        contract=contract,
        form=contract_form.form_values(raw),
        errors=errors,
        status_code=status_code,
    )


def _followup_charts(figures: Any, fulfilment: Any, lang: str) -> dict[str, Any]:
    t = lambda key: translate(key, lang)  # noqa: E731
    progress = []
    if fulfilment.committed_placements:
        share = figures.placements / fulfilment.committed_placements
        text = f"{figures.placements} / {fulfilment.committed_placements}"
        progress.append(Bar(t("off.chart.placements"), share, text))
    if fulfilment.committed_fte_months:
        share = figures.fte_months / fulfilment.committed_fte_months
        text = f"{decimal(figures.fte_months, 0, lang)} / {decimal(fulfilment.committed_fte_months, 0, lang)}"
        progress.append(Bar(t("off.chart.fte"), share, text))
    forecast = fulfilment.forecast_fulfilment
    if forecast is not None:
        tone = "good" if forecast >= fulfilment.fulfilment_threshold else "bad"
        text = percent(forecast, lang, cap=FORECAST_CAP)
        progress.append(Bar(t("off.chart.forecast"), forecast, text, tone=tone))
    markers = [
        Marker(fulfilment.fulfilment_threshold, percent(fulfilment.fulfilment_threshold, lang)),
        Marker(1.0, percent(1.0, lang)),
    ]
    charts = {"progress": bar_chart(progress, name=t("off.chart.progress"), scale_max=1.5, markers=markers)}
    for name, tallies, prefix in (
        ("groups", figures.by_target_group, "group."),
        ("kinds", figures.by_kind, "kind."),
    ):
        bars = [Bar(_label(prefix + k, lang), v.placements, str(v.placements)) for k, v in tallies.items()]
        top = max([b.value for b in bars] + [1])
        charts[name] = bar_chart(bars, name=t(f"off.chart.{name}"), scale_max=top)
    return charts


_LABELS = {f"group.{g.value}" for g in TargetGroup} | {f"kind.{k.value}" for k in PlacementKind}


def _label(key: str, lang: str) -> str:
    return translate(key if key in _LABELS else "off.unknown_group", lang)


@router.get("/ui/contracts/{contract_id:int}", response_class=HTMLResponse)
def contract_page(
    request: Request, session: SessionDep, principal: Officer, contract_id: int, notice: str = ""
) -> HTMLResponse:
    contract, requirement = contracts.get_contract(session, principal, contract_id)
    fulfilment = figures = None
    charts: dict[str, Any] = {}
    if requirement is not None:
        today = date.today()
        fulfilment = contracts.follow_up(session, principal, contract_id, today)
        figures = contract_followup(session, contract, requirement, today)
        charts = _followup_charts(figures, fulfilment, language(request))
    return render(
        request,
        "officer_contract.html",
        title_key="off.followup",
        principal=principal,
        session=session,
        active="contracts",
        contract=contract,
        requirement=requirement,
        fulfilment=fulfilment,
        figures=figures,
        charts=charts,
        notice=notice,
        pct=_forecast_text(request),
        num=_num(request),
        supplier=session.get(Organisation, contract.supplier_org_id),
        actor=_actor(session, requirement),
    )


def _actor(session: Session, requirement: EmploymentRequirement | None) -> Organisation | None:
    if requirement is None or requirement.matching_actor_id is None:
        return None
    return session.get(Organisation, requirement.matching_actor_id)
