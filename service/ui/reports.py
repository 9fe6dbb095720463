"""Report downloads on the web: every visible contract's follow-up as CSV, and the annual report.

The same figures and audit events as ``GET /reports/contracts.csv`` and ``matcher report``; the annual
report covers the contracts the caller may follow up.
"""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from models.enums import Role
from service.auth.deps import SessionDep
from service.platform import audit
from service.platform.errors import BadInput
from service.platform.principal import Principal
from service.reporting import downloads
from service.reporting.report import build_pdf, report_html
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
# The same readers as GET /reports/contracts.csv; the annual report is for authorities and admins.
ReportReader = Annotated[Principal, Depends(ui_require(Role.PROCUREMENT_OFFICER, Role.STAFF, Role.ADMIN))]
AnnualReader = Annotated[Principal, Depends(ui_require(Role.PROCUREMENT_OFFICER, Role.ADMIN))]


@router.get("/ui/reports/contracts.csv", response_model=None)
def contracts_csv(session: SessionDep, principal: ReportReader) -> Response:
    return downloads.contracts_csv(session, principal, date.today())


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
