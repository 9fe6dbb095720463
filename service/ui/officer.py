"""The procurement officer's pages: contracts with their employment requirement (create, edit), each
contract's follow-up with charts, the CSV of every contract and the annual report (HTML and PDF).

Writes go through ``service.contracts.service`` (the API's checks: own authority only, organisations of
the right kind, the requirement kept whole) and write the same audit events as ``/contracts``.
"""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session, select
from starlette.datastructures import FormData

from models import Contract, EmploymentRequirement, Organisation
from models.contract import ContractCreate
from models.enums import OrganisationKind, PlacementKind, Role, TargetGroup
from service import audit
from service.auth.principal import Principal
from service.contracts import service as contracts
from service.contracts.service import ContractChange, RequirementUpdate
from service.deps import SessionDep
from service.errors import BadInput, Conflict
from service.reporting.followup import contract_followup, to_csv
from service.reporting.report import build_pdf, report_html
from service.reporting.scope import visible_contracts
from service.ui.charts import Bar, Marker, bar_chart, decimal, percent
from service.ui.i18n import language, translate
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
Officer = Annotated[Principal, Depends(ui_require(Role.PROCUREMENT_OFFICER))]
# The same readers as GET /reports/contracts.csv and the annual report in the CLI.
ReportReader = Annotated[Principal, Depends(ui_require(Role.PROCUREMENT_OFFICER, Role.STAFF, Role.ADMIN))]
AnnualReader = Annotated[Principal, Depends(ui_require(Role.PROCUREMENT_OFFICER, Role.ADMIN))]
CONTRACT_FIELDS = ("title", "cpv_code", "industry", "value_sek", "end_date")
REQUIREMENT_NUMBERS = ("committed_placements", "committed_fte_months", "min_duration_months")
FORECAST_CAP = 2.0  # a linear forecast early in a contract runs away; above 200 % it is worded, not shown
MODEL_ERRORS = {  # whole-object checks of the models → the field the page marks, and the message key
    "committed_placements and/or": ("committed_placements", "off.err.commitment"),
    "target group": ("target_groups", "off.err.groups"),
    "placement kind": ("placement_kinds", "off.err.kinds"),
    "end_date is before": ("end_date", "off.err.end_before_start"),
}


def _orgs(session: Session, kind: OrganisationKind) -> list[Organisation]:
    query = select(Organisation).where(Organisation.kind == kind).order_by(Organisation.name)
    return list(session.exec(query).all())


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _requirement(form: FormData) -> dict[str, Any]:
    threshold = _blank(str(form.get("fulfilment_threshold_pct", "")))
    return {
        "matching_actor_id": _blank(str(form.get("matching_actor_id", ""))),
        "target_groups": form.getlist("target_groups"),
        "placement_kinds": form.getlist("placement_kinds"),
        **{k: _blank(str(form.get(k, ""))) for k in (*REQUIREMENT_NUMBERS, "first_placement_deadline")},
        "fulfilment_threshold": _threshold(threshold),
    }


def _threshold(pct: str | None) -> float | str | None:
    # The page asks for a percentage (75); the model stores a share (0.75).
    try:
        return float(pct.replace(",", ".")) / 100 if pct else None
    except ValueError:
        return pct


def _field_errors(exc: ValidationError | BadInput, lang: str) -> dict[str, str]:
    items = (
        [(".".join(str(p) for p in e["loc"]), str(e["msg"])) for e in exc.errors()]
        if isinstance(exc, ValidationError)
        else [(str(e.get("field", "")), str(e.get("message", ""))) for e in exc.errors]
    )
    out: dict[str, str] = {}
    for loc, message in items:
        for needle, (field, key) in MODEL_ERRORS.items():
            if needle in message:
                out.setdefault(field, translate(key, lang))
                break
        else:
            field = loc.split(".")[-1] if loc else "title"
            field = "fulfilment_threshold_pct" if field == "fulfilment_threshold" else field
            out.setdefault(field, translate(f"off.err.{field}", lang) if f"off.err.{field}" in _KEYS else
                           translate("adm.err.invalid", lang))  # fmt: skip
    return out


_KEYS = {
    f"off.err.{k}"
    for k in ("ref", "title", "supplier_org_id", "matching_actor_id", "start_date", "end_date", "value_sek",
              "committed_placements", "committed_fte_months", "min_duration_months",
              "first_placement_deadline", "fulfilment_threshold_pct", "cpv_code")
}  # fmt: skip


def _missing_choices(form: FormData, lang: str) -> dict[str, str]:
    """The requirement's model names one missing part at a time; the page names all of them at once."""
    out = {}
    if not form.getlist("target_groups"):
        out["target_groups"] = translate("off.err.groups", lang)
    if not form.getlist("placement_kinds"):
        out["placement_kinds"] = translate("off.err.kinds", lang)
    if not _blank(str(form.get("committed_placements", ""))) and not _blank(
        str(form.get("committed_fte_months", ""))
    ):
        out["committed_placements"] = translate("off.err.commitment", lang)
    return out


def _form_page(
    request: Request, session: Session, principal: Principal, *, contract: Contract | None,
    form: dict[str, Any], errors: dict[str, str], status_code: int = 200,
) -> HTMLResponse:  # fmt: skip
    return render(
        request, "officer_contract_form.html", title_key="off.edit" if contract else "off.new",
        principal=principal, session=session, active="contracts", contract=contract, form=form,
        errors=errors, status_code=status_code,
        suppliers=_orgs(session, OrganisationKind.SUPPLIER),
        actors=_orgs(session, OrganisationKind.MATCHING_ACTOR),
        groups=[g.value for g in TargetGroup], kinds=[k.value for k in PlacementKind],
    )  # fmt: skip


def _form_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: str(v)[:300] for k, v in form.items() if k != "csrf_token"}
    values["target_groups"] = form.getlist("target_groups")
    values["placement_kinds"] = form.getlist("placement_kinds")
    return values


@router.get("/ui/contracts", response_class=HTMLResponse)
def contract_list(
    request: Request, session: SessionDep, principal: Officer, notice: str = ""
) -> HTMLResponse:
    today = date.today()
    rows = [contract_followup(session, c, r, today) for c, r in visible_contracts(session, principal)]
    return render(
        request, "officer_contracts.html", title_key="nav.contracts", principal=principal, session=session,
        active="contracts", rows=rows, notice=notice, year=today.year, pct=_forecast_text(request),
        num=_num(request),
    )  # fmt: skip


def _forecast_text(request: Request) -> Any:
    lang = language(request)

    def text(value: float | None) -> str:
        if value is not None and value > FORECAST_CAP:
            return translate("off.over_cap", lang)
        return percent(value)

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
    data = {
        **{k: _blank(str(raw.get(k, ""))) for k in ("ref", "title", "cpv_code", "industry", "value_sek")},
        **{k: _blank(str(raw.get(k, ""))) for k in ("start_date", "end_date", "supplier_org_id")},
        "procuring_org_id": principal.organisation_id,
        "requirement": _requirement(raw),
    }
    try:
        body = ContractCreate.model_validate(data)
        contract, _ = contracts.create_contract(session, principal, body)
    except (ValidationError, BadInput) as exc:
        errors = _missing_choices(raw, lang) | _field_errors(exc, lang)
    except Conflict:
        errors = {"ref": translate("off.err.ref_taken", lang)}
    else:
        audit.record(
            session, principal, "contract.create", "contract", contract.id, detail={"ref": contract.ref}
        )
        return RedirectResponse(f"/ui/contracts/{contract.id}?notice=saved", status_code=303)
    session.rollback()
    return _form_page(
        request, session, principal, contract=None, form=_form_values(raw), errors=errors, status_code=422
    )


def _existing_form(contract: Contract, requirement: EmploymentRequirement | None) -> dict[str, Any]:
    form: dict[str, Any] = {k: "" if v is None else str(v) for k, v in contract.model_dump().items()}
    if requirement is not None:
        form.update({k: "" if v is None else str(v) for k, v in requirement.model_dump().items()})
        form["target_groups"] = list(requirement.target_groups)
        form["placement_kinds"] = list(requirement.placement_kinds)
        form["fulfilment_threshold_pct"] = f"{100 * requirement.fulfilment_threshold:g}"
    return form


@router.get("/ui/contracts/{contract_id:int}/edit", response_class=HTMLResponse)
def edit_contract(
    request: Request, session: SessionDep, principal: Officer, contract_id: int
) -> HTMLResponse:
    contract, requirement = contracts.get_contract(session, principal, contract_id)
    form = _existing_form(contract, requirement)
    return _form_page(request, session, principal, contract=contract, form=form, errors={})


@router.post("/ui/contracts/{contract_id:int}/edit", response_model=None)
async def update_contract(
    request: Request, session: SessionDep, principal: Officer, contract_id: int
) -> HTMLResponse | RedirectResponse:
    contract, _ = contracts.get_contract(session, principal, contract_id)
    raw = await request.form()
    lang = language(request)
    values = {k: _blank(str(raw.get(k, ""))) for k in CONTRACT_FIELDS}
    try:
        change = ContractChange.model_validate(
            {**values, "requirement": RequirementUpdate.model_validate(_requirement(raw))}
        )
        contracts.update_contract(session, principal, contract_id, change)
    except (ValidationError, BadInput) as exc:
        errors = _missing_choices(raw, lang) | _field_errors(exc, lang)
    else:
        fields = sorted(change.model_fields_set)
        audit.record(
            session, principal, "contract.update", "contract", contract_id, detail={"fields": fields}
        )
        return RedirectResponse(f"/ui/contracts/{contract_id}?notice=saved", status_code=303)
    session.rollback()
    return _form_page(
        request, session, principal, contract=contract, form=_form_values(raw), errors=errors, status_code=422
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
        text = f"{figures.fte_months:.0f} / {fulfilment.committed_fte_months:.0f}"
        progress.append(Bar(t("off.chart.fte"), share, text))
    forecast = fulfilment.forecast_fulfilment
    if forecast is not None:
        tone = "good" if forecast >= fulfilment.fulfilment_threshold else "bad"
        text = percent(forecast, cap=FORECAST_CAP)
        progress.append(Bar(t("off.chart.forecast"), forecast, text, tone=tone))
    markers = [
        Marker(fulfilment.fulfilment_threshold, percent(fulfilment.fulfilment_threshold)),
        Marker(1.0, "100 %"),
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
        request, "officer_contract.html", title_key="off.followup", principal=principal, session=session,
        active="contracts", contract=contract, requirement=requirement, fulfilment=fulfilment,
        figures=figures, charts=charts, notice=notice, pct=_forecast_text(request), num=_num(request),
        supplier=session.get(Organisation, contract.supplier_org_id),
        actor=_actor(session, requirement),
    )  # fmt: skip


def _actor(session: Session, requirement: EmploymentRequirement | None) -> Organisation | None:
    if requirement is None or requirement.matching_actor_id is None:
        return None
    return session.get(Organisation, requirement.matching_actor_id)


@router.get("/ui/reports/contracts.csv", response_model=None)
def contracts_csv(session: SessionDep, principal: ReportReader) -> Response:
    day = date.today()
    rows = [contract_followup(session, c, r, day) for c, r in visible_contracts(session, principal)]
    audit.record(session, principal, "report.export", "report", "contracts.csv", detail={"rows": len(rows)})
    return Response(
        to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kontraktsuppfoljning-{day}.csv"'},
    )


@router.get("/ui/reports/annual", response_model=None)
def annual_report(
    request: Request, session: SessionDep, principal: AnnualReader, year: int = 0, format: str = "html"
) -> Response:
    year = year or date.today().year
    if not 2000 <= year <= 2100 or format not in ("html", "pdf"):
        raise BadInput(f"no report for year {year} in format {format}")
    page = report_html(session, year, principal=principal)
    audit.record(session, principal, "report.export", "report", f"annual-{year}.{format}")
    if format == "html":
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})
    return Response(
        build_pdf(page),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="arsrapport-{year}.pdf"',
            "Cache-Control": "no-store",
        },
    )
