"""No CSV this service writes lets a spreadsheet run a formula, whatever line ending its reader assumes."""

import csv
import io
import re

import pytest
from sqlmodel import Session

from models import AuditEvent, Contract
from models.base import utcnow
from service.platform.db import get_engine
from service.reporting.csv_cells import csv_writer, safe_cell
from tests.service.csrf_helpers import ui_headers
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Whatever a reader takes for a row boundary: CRLF, a bare CR, a bare LF.
ROWS = re.compile(r"\r\n|\r|\n")


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_starting_a_formula_is_text(start: str) -> None:
    assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    assert safe_cell(f"Städ {start}1") == f"Städ {start}1"  # only a cell's (or a line's) start counts
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5 and safe_cell("Städare") == "Städare"


def _formula_rows(text: str) -> list[str]:
    """Rows (split at any line ending) whose first cell, unquoted, starts a formula."""
    rows = [row.lstrip('"') for row in ROWS.split(text)]
    return [row for row in rows if row.startswith(("=", "+", "-", "@"))]


def test_a_line_break_inside_a_cell_never_starts_a_formula_row() -> None:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["\r=1+1", "a\n+SUM(A1)", "x\r\n@y", 3])
    text = buffer.getvalue()
    assert _formula_rows(text) == []
    # A reader that honours quotes reads one row of four cells back, each line's formula neutralised.
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["'\r'=1+1", "a\n'+SUM(A1)", "x\r\n'@y", "3"]]


def test_the_contracts_and_audit_csv_neutralise_a_title_starting_with_cr(trusted: Trusted) -> None:
    """On SQLite and PostgreSQL, through the API and the web UI."""
    client, seeded = trusted.client, trusted.seeded
    with Session(get_engine()) as session:
        contract = session.get(Contract, seeded.a.contract.id)
        assert contract is not None
        contract.title = "\r=1+1"
        session.add(contract)
        session.add(
            AuditEvent(at=utcnow(), actor_label="\r@SUM(1)", actor_role="staff", action="x", object_type="y")
        )
        session.commit()
    officer = seeded.headers["procurement_officer"]
    contracts = client.get("/reports/contracts.csv", headers=officer)
    assert contracts.status_code == 200 and "'\r'=1+1" in contracts.text
    auditor_token = seeded.headers["auditor"]["Authorization"].removeprefix("Bearer ")
    trail = client.get("/ui/audit.csv", headers=ui_headers(auditor_token))
    assert trail.status_code == 200 and "'\r'@SUM(1)" in trail.text
    for text in (contracts.text, trail.text):
        assert _formula_rows(text) == []
