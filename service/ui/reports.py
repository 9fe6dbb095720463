"""Report downloads on the web: every visible contract's follow-up as CSV (for a spreadsheet, and the
machine-readable file), the annual report, and the target-group report (page, PDF, CSV).

The same figures and audit events as ``GET /reports/contracts.csv``, ``/reports/target-groups`` and
``matcher report``; every report covers the contracts the caller may follow up.
"""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from models import Organisation
from models.enums import Role
from service.auth.deps import SessionDep
from service.platform import audit, formats
from service.platform.errors import BadInput
from service.platform.principal import Principal
from service.reporting import downloads
from service.reporting.report import build_pdf, report_html
from service.reporting.scope import visible_contracts
from service.reporting.spreadsheet import MEDIA_TYPE
from service.reporting.target_group_export import report_page, title, to_spreadsheet
from service.reporting.target_groups import (
    FIRST_YEAR,
    LAST_YEAR,
    GroupFigures,
    TargetGroupReport,
    target_group_report,
)
from service.ui.charts import Bar, bar_chart
from service.ui.i18n import language, translate
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
# The same readers as GET /reports/contracts.csv; the annual report is for authorities and admins.
ReportReader = Annotated[Principal, Depends(ui_require(Role.PROCUREMENT_OFFICER, Role.STAFF, Role.ADMIN))]
AnnualReader = Annotated[Principal, Depends(ui_require(Role.PROCUREMENT_OFFICER, Role.ADMIN))]


@router.get("/ui/reports/contracts.csv", response_model=None)
def contracts_csv(session: SessionDep, principal: ReportReader) -> Response:
    """For a spreadsheet: semicolons, BOM, Swedish headers, decimal comma (``reporting.spreadsheet``)."""
    return downloads.contracts_csv(session, principal, date.today(), layout="spreadsheet")


@router.get("/ui/reports/contracts-machine.csv", response_model=None)
def contracts_machine_csv(session: SessionDep, principal: ReportReader) -> Response:
    """The machine-readable file, byte for byte that of ``GET /reports/contracts.csv``."""
    return downloads.contracts_csv(session, principal, date.today(), layout="machine")


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


def _whole(raw: str, lo: int, hi: int) -> int | None:
    """``raw`` as a whole number in [lo, hi]; blank is None; anything else raises ValueError."""
    raw = raw.strip()
    if not raw:
        return None
    value = int(raw)
    if not lo <= value <= hi:
        raise ValueError(raw)
    return value


def _charts(report: TargetGroupReport, lang: str) -> dict[str, Any]:
    t = lambda key: translate(key, lang)  # noqa: E731
    hired_groups = [g for g in report.groups if g.hired]
    top = max([g.hired for g in hired_groups] + [1])
    hired = [Bar(_label(g, lang), g.hired, str(g.hired)) for g in hired_groups]
    work = [
        # No one followed up: no bar and the words "no data"; a small n: a grey bar with its n.
        Bar(_label(g, lang), g.share_6 or 0.0, _share(g.share_6, g.followed_6, lang), tone=_tone(g))
        for g in hired_groups
    ]
    return {
        "hired": bar_chart(hired, name=t("tgr.chart.hired"), scale_max=top) if hired else None,
        "work": bar_chart(work, name=t("tgr.chart.work6"), scale_max=1.0, value_w=130) if work else None,
    }


def _tone(g: GroupFigures) -> str:
    return "muted" if g.small_6 else "normal"


def _label(g: GroupFigures, lang: str) -> str:
    key = "tgr.group.none" if g.group == "none" else ("tgr.all" if g.group == "all" else f"group.{g.group}")
    return translate(key, lang)


def _share(share: float | None, n: int, lang: str) -> str:
    if n == 0:
        return translate("tgr.no_data", lang)
    return f"{formats.percent(share, lang)} (n\xa0=\xa0{n})"


def _choices(session: Session, principal: Principal) -> tuple[list[Any], list[Organisation]]:
    contracts = [c for c, _ in visible_contracts(session, principal)]
    ids = {c.supplier_org_id for c in contracts}
    query = select(Organisation).where(col(Organisation.id).in_(ids)).order_by(col(Organisation.name))
    return contracts, list(session.exec(query).all())


@router.get("/ui/reports/target-groups", response_model=None)
def target_groups(
    request: Request,
    session: SessionDep,
    principal: ReportReader,
    year: str = "",
    contract: str = "",
    supplier: str = "",
    format: str = "html",
) -> Response:
    lang = language(request)
    errors: dict[str, str] = {}
    values: dict[str, int | None] = {}
    for name, raw, lo, hi, message in (
        ("year", year, FIRST_YEAR, LAST_YEAR, "tgr.err.year"),
        ("contract", contract, 1, 2**62, "tgr.err.contract"),
        ("supplier", supplier, 1, 2**62, "tgr.err.supplier"),
    ):
        try:
            values[name] = _whole(raw, lo, hi)
        except ValueError:
            errors[name] = translate(message, lang)
    if format not in ("html", "pdf", "csv"):
        raise BadInput(f"no target-group report in format {format}")
    report = None
    if not errors:
        # An unseen or unknown contract or supplier is answered 404, as in the API (ids do not leak).
        report = target_group_report(
            session,
            principal,
            year=values["year"],
            contract_id=values["contract"],
            supplier_id=values["supplier"],
        )
        if format != "html":
            audit.record(session, principal, "report.export", "report", f"target-groups.{format}")
            return _download(report, format)
    contracts, suppliers = _choices(session, principal)
    return render(
        request,
        "officer_target_groups.html",
        title_key="tgr.title",
        principal=principal,
        session=session,
        active="contracts",
        report=report,
        errors=errors,
        form={"year": year, "contract": contract, "supplier": supplier},
        contracts=contracts,
        suppliers=suppliers,
        this_year=date.today().year,
        charts=_charts(report, lang) if report else {},
        share=lambda share, n: _share(share, n, lang),
        group_label=lambda g: _label(g, lang),
        query="&".join(
            f"{k}={v}"
            for k, v in (("year", year), ("contract", contract), ("supplier", supplier))
            if v.strip()
        ),
        status_code=422 if errors else 200,
    )


def _download(report: TargetGroupReport, format: str) -> Response:
    stem = f"malgrupper-{report.year or 'alla-ar'}"
    headers = {"Content-Disposition": f'attachment; filename="{stem}.{format}"', "Cache-Control": "no-store"}
    if format == "csv":
        return Response(to_spreadsheet(report), media_type=MEDIA_TYPE, headers=headers)
    return Response(
        build_pdf(report_page(report, title(report))), media_type="application/pdf", headers=headers
    )
