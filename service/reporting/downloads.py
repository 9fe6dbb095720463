"""Every visible contract's follow-up as a CSV download: the same bytes and audit event for API and web.

Two files of the same figures: one for a Swedish spreadsheet (``spreadsheet``: semicolons, BOM, Swedish
headers and words, decimal comma) and the machine-readable one (commas, English field names and codes,
decimal point), kept as it was for programs that read it.
"""

from datetime import date
from typing import Literal

from fastapi.responses import Response
from sqlmodel import Session

from service.platform import audit
from service.platform.principal import Principal
from service.reporting.followup import contract_followup, to_csv, to_spreadsheet
from service.reporting.scope import visible_contracts
from service.reporting.spreadsheet import MEDIA_TYPE

Layout = Literal["spreadsheet", "machine"]


def contracts_csv(session: Session, principal: Principal, day: date, layout: Layout = "machine") -> Response:
    """One row per contract the caller may follow up, as of ``day``; the export is audited."""
    rows = [contract_followup(session, c, r, day) for c, r in visible_contracts(session, principal)]
    name = "contracts.csv" if layout == "machine" else "contracts-spreadsheet.csv"
    audit.record(session, principal, "report.export", "report", name, detail={"rows": len(rows)})
    if layout == "machine":
        body: bytes | str = to_csv(rows)
        filename = f"kontraktsuppfoljning-{day}.csv"
    else:
        body = to_spreadsheet(rows)
        filename = f"kontraktsuppfoljning-kalkylark-{day}.csv"
    return Response(
        body,
        media_type=MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
