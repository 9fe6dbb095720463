"""The contract follow-up for a Swedish spreadsheet (semicolons, BOM, Swedish headers and words, decimal
comma) beside the unchanged machine CSV; no cell of either runs as a formula."""

import csv
import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from models.base import pk
from models.enums import Role
from service.platform.db import get_engine
from service.platform.principal import Principal
from service.reporting.followup import contract_followup, to_csv
from service.reporting.scope import visible_contracts
from service.reporting.spreadsheet import cell, to_spreadsheet_csv
from tests.service.csrf_helpers import ui_headers
from tests.service.reporting_fixtures import app_url_fixture, auth, client_fixture, small_world  # noqa: F401

DAY = "2026-06-30"


@pytest.mark.parametrize(
    ("value", "text"),
    [(27.5, "27,5"), (0.75, "0,75"), (3.0, "3"), (-3.25, "-3,25"), (12, "12"), (None, ""), (True, "ja"),
     (date(2026, 3, 1), "2026-03-01"), ("=1+1", "'=1+1"), ("+46", "'+46"), ("-x", "'-x"), ("@a", "'@a"),
     ("\tx", "'\tx"), ("\rx", "'\rx"), ("Städ = bra", "Städ = bra")],
)  # fmt: skip
def test_a_cell_is_written_as_a_swedish_spreadsheet_reads_it(value: object, text: str) -> None:
    assert cell(value) == text


def test_the_file_is_bom_semicolons_crlf_and_reads_back_as_columns() -> None:
    data = to_spreadsheet_csv(["Kontrakt", "Andel (%)"], [["Städ; skolor", 72.5], ["=HYPERLINK(1)", -1.5]])
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 3
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [["Kontrakt", "Andel (%)"], ["Städ; skolor", "72,5"], ["'=HYPERLINK(1)", "-1,5"]]


def test_the_contract_files_for_spreadsheet_and_machine(client: TestClient) -> None:
    with Session(get_engine()) as session:
        world = small_world(session)
        world.c1.title = "=cmd|' /C calc'!A0"
        session.add(world.c1)
        session.commit()
        headers = auth(session, world.authority_a, Role.PROCUREMENT_OFFICER)
        expected_machine = to_csv(
            contract_followup(session, c, r, date.fromisoformat(DAY))
            for c, r in visible_contracts(
                session, Principal(role=Role.PROCUREMENT_OFFICER, organisation_id=pk(world.authority_a))
            )
        )
    sheet = client.get("/reports/contracts-spreadsheet.csv", params={"as_of": DAY}, headers=headers)
    assert sheet.status_code == 200 and sheet.headers["content-type"] == "text/csv; charset=utf-8"
    assert sheet.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:4] == ["Kontrakt-id", "Referens", "Kontrakt", "Upphandlande myndighet"]
    assert all(len(r) == len(header) for r in rows)
    # C1 by 30 June: P1 (6 months) and P2 (3 months at 50 %) count: 7,5 FTE months. Words, not codes;
    # shares in percent with a decimal comma; ISO dates; the title that starts a formula is text.
    assert row["Referens"] == "C1" and row["Kontrakt"] == "'=cmd|' /C calc'!A0"
    assert row["Heltidsmånader"] == "7,5" and row["Uppfyllelsegräns (%)"] == "75"
    assert row["Status"] in ("I fas", "I riskzonen") and row["Startdatum"] == "2026-01-01"
    assert "Placeringar, anställning" in header and "Placeringar, nyanlända" in header
    assert not any("." in row[h] for h in header if h.startswith(("Prognos", "Heltid", "Månader")))
    # The machine file is unchanged: commas, English names and codes, decimal point, no BOM.
    machine = client.get("/reports/contracts.csv", params={"as_of": DAY}, headers=headers)
    assert machine.text == expected_machine and machine.content.startswith(b"contract_id,ref,title")
    assert "'=cmd|' /C calc'!A0" in machine.text


def test_the_web_links_give_the_spreadsheet_and_the_machine_file(client: TestClient) -> None:
    with Session(get_engine()) as session:
        world = small_world(session)
        session.commit()
        token = auth(session, world.authority_a, Role.PROCUREMENT_OFFICER)["Authorization"].split()[1]
    page = client.get("/ui/contracts", headers=ui_headers(token)).text
    assert 'href="/ui/reports/contracts.csv"' in page and 'href="/ui/reports/contracts-machine.csv"' in page
    assert "maskinläsbar CSV" in page and 'href="/ui/reports/target-groups?year=' in page
    sheet = client.get("/ui/reports/contracts.csv", headers=ui_headers(token))
    assert sheet.content.startswith("\ufeffKontrakt-id;Referens;".encode())
    machine = client.get("/ui/reports/contracts-machine.csv", headers=ui_headers(token))
    assert machine.content.startswith(b"contract_id,ref,title,")
