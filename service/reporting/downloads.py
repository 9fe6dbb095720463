"""Every visible contract's follow-up as a CSV download: the same bytes and audit event for API and web."""

from datetime import date

from fastapi.responses import Response
from sqlmodel import Session

from service.platform import audit
from service.platform.principal import Principal
from service.reporting.followup import contract_followup, to_csv
from service.reporting.scope import visible_contracts


def contracts_csv(session: Session, principal: Principal, day: date) -> Response:
    """One row per contract the caller may follow up, as of ``day``; the export is audited."""
    rows = [contract_followup(session, c, r, day) for c, r in visible_contracts(session, principal)]
    audit.record(session, principal, "report.export", "report", "contracts.csv", detail={"rows": len(rows)})
    return Response(
        to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kontraktsuppfoljning-{day}.csv"'},
    )
