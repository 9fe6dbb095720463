"""Target-group reports for funders and the council (JSON, spreadsheet CSV, tagged PDF), and the contract
follow-up as a Swedish spreadsheet file beside the machine-readable ``/reports/contracts.csv``."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from models.enums import Role
from service.auth.deps import Principal, SessionDep, require
from service.platform import audit
from service.reporting.downloads import contracts_csv
from service.reporting.report import build_pdf
from service.reporting.spreadsheet import MEDIA_TYPE
from service.reporting.target_group_export import report_page, title, to_spreadsheet
from service.reporting.target_groups import FIRST_YEAR, LAST_YEAR, TargetGroupReport, target_group_report

router = APIRouter(tags=["reports"])

Reader = Annotated[Principal, Depends(require(Role.PROCUREMENT_OFFICER, Role.STAFF, Role.ADMIN))]
Year = Annotated[
    int | None,
    Query(ge=FIRST_YEAR, le=LAST_YEAR, description="the calendar year; default every year", examples=[2026]),
]
ContractId = Annotated[int | None, Query(description="one contract only", examples=[1])]
SupplierId = Annotated[int | None, Query(description="one supplier's contracts only", examples=[3])]
AsOf = Annotated[date | None, Query(description="the day the figures are computed for; default today")]
SPREADSHEET_EXAMPLE = (
    "\ufeffAvgränsning;Del;Målgrupp;Föreslagna;Anställda;Uppföljda efter 6 månader;…\r\n"
    "Totalt;Hela urvalet;Nyanlända;14;6;5;4;80;2;1;50;ja\r\n"
)
PDF: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "a tagged PDF (PDF/UA-1) in Swedish: structure tree, /Lang sv, the title shown",
        "content": {
            "application/pdf": {"schema": {"type": "string", "format": "binary"}, "example": "%PDF-1.7 …"}
        },
    }
}
CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "semicolon-separated UTF-8 with BOM, Swedish headers, decimal comma",
        "content": {"text/csv": {"example": SPREADSHEET_EXAMPLE}},
    }
}


def _report(
    session: SessionDep,
    principal: Reader,
    year: Year = None,
    contract_id: ContractId = None,
    supplier_id: SupplierId = None,
    as_of: AsOf = None,
) -> TargetGroupReport:
    """The report the query asks for: one set of parameters for the JSON, the CSV and the PDF."""
    return target_group_report(
        session, principal, year=year, contract_id=contract_id, supplier_id=supplier_id, as_of=as_of
    )


Report = Annotated[TargetGroupReport, Depends(_report)]


@router.get("/reports/target-groups", response_model=TargetGroupReport)
def get_target_groups(report: Report) -> TargetGroupReport:
    """Per target group (newcomers, youth, long-term unemployed, economic assistance, …): how many were
    proposed, hired, and in work 6 and 12 months after the placement, over the caller's contracts, by
    contract, supplier and year. Shares over fewer than five follow-ups are marked ``small``; a share is
    ``null`` when nobody was followed up. A contract or supplier the caller cannot see answers 404."""
    return report


@router.get("/reports/target-groups.csv", response_class=Response, responses=CSV)
def export_target_groups(session: SessionDep, principal: Reader, report: Report) -> Response:
    """The target-group report as a CSV file for a Swedish spreadsheet, one line per group and part."""
    audit.record(session, principal, "report.export", "report", "target-groups.csv")
    return _attachment(to_spreadsheet(report), MEDIA_TYPE, f"malgrupper-{report.year or 'alla-ar'}.csv")


@router.get("/reports/target-groups.pdf", response_class=Response, responses=PDF)
def export_target_groups_pdf(session: SessionDep, principal: Reader, report: Report) -> Response:
    """The target-group report as a tagged, accessible PDF in Swedish, with its chart and tables."""
    audit.record(session, principal, "report.export", "report", "target-groups.pdf")
    pdf = build_pdf(report_page(report, title(report)))
    return _attachment(pdf, "application/pdf", f"malgrupper-{report.year or 'alla-ar'}.pdf")


@router.get("/reports/contracts-spreadsheet.csv", response_class=Response, responses=CSV)
def export_contracts_spreadsheet(session: SessionDep, principal: Reader, as_of: AsOf = None) -> Response:
    """The contract follow-up of ``/reports/contracts.csv`` for a Swedish spreadsheet: semicolons, a
    BOM, Swedish headers and words, shares in percent with a decimal comma. ``/reports/contracts.csv``
    stays the machine-readable file."""
    return contracts_csv(session, principal, as_of or date.today(), layout="spreadsheet")


def _attachment(body: bytes | str, media_type: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(body, media_type=media_type, headers=headers)
