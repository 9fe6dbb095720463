"""The supplier's page: how far each of its contracts has come against the employment requirement.

The figures are the API's ``GET /contracts/{id}/follow-up`` (aggregates only), for the contracts the
supplier is party to (``service.contracts.service``).
"""

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from models import Contract, EmploymentRequirement
from models.base import pk
from models.enums import Role
from service.auth.deps import SessionDep
from service.contracts import service as contracts
from service.contracts.service import Fulfilment
from service.platform.formats import decimal, percent
from service.platform.principal import Principal
from service.ui.charts import Bar, Marker, bar_chart
from service.ui.i18n import language, translate
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
Supplier = Annotated[Principal, Depends(ui_require(Role.SUPPLIER))]
FORECAST_CAP = 2.0


@dataclass
class ContractFulfilment:
    contract: Contract
    requirement: EmploymentRequirement
    fulfilment: Fulfilment
    days_left: int
    chart: Any


def _chart(f: Fulfilment, lang: str) -> Any:
    bars = []
    if f.committed_placements:
        bars.append(
            Bar(
                translate("off.chart.placements", lang),
                f.placements / f.committed_placements,
                f"{f.placements} / {f.committed_placements}",
            )
        )
    if f.committed_fte_months:
        bars.append(
            Bar(
                translate("off.chart.fte", lang),
                f.fte_months / f.committed_fte_months,
                f"{decimal(f.fte_months, 0, lang)} / {decimal(f.committed_fte_months, 0, lang)}",
            )
        )
    if f.forecast_fulfilment is not None:
        tone = "good" if f.forecast_fulfilment >= f.fulfilment_threshold else "bad"
        text = percent(f.forecast_fulfilment, lang, cap=FORECAST_CAP)
        bars.append(Bar(translate("off.chart.forecast", lang), f.forecast_fulfilment, text, tone=tone))
    markers = [
        Marker(f.fulfilment_threshold, percent(f.fulfilment_threshold, lang)),
        Marker(1.0, percent(1.0, lang)),
    ]
    return bar_chart(bars, name=translate("off.chart.progress", lang), scale_max=1.5, markers=markers)


@router.get("/ui/fulfilment", response_class=HTMLResponse)
def fulfilment(request: Request, session: SessionDep, principal: Supplier) -> HTMLResponse:
    lang = language(request)
    today = date.today()
    rows = []
    for contract, requirement in contracts.list_contracts(session, principal, 0, 1000)[0]:
        if requirement is None:
            continue
        figures = contracts.follow_up(session, principal, pk(contract), today)
        rows.append(
            ContractFulfilment(
                contract, requirement, figures, (contract.end_date - today).days, _chart(figures, lang)
            )
        )
    return render(
        request,
        "supplier_fulfilment.html",
        title_key="sup.title",
        principal=principal,
        session=session,
        active="fulfilment",
        rows=rows,
        today=today,
        num=lambda value, digits: decimal(value, digits, lang),
        pct=lambda v: (
            translate("off.over_cap", lang) if v is not None and v > FORECAST_CAP else percent(v, lang)
        ),
    )
