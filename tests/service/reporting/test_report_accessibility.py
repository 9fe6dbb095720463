"""The annual and target-group PDFs are tagged (PDF/UA-1: structure tree, language, title); the annual
report tells "no data" (n = 0) from "0 % of one person" (n = 1); page 1 is not left empty; a contract
that has not started reads "Inte påbörjat", not "Inte i fas"."""

import io
import re
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session

from models import Contract, EmploymentRequirement
from models.base import pk
from models.enums import Role
from service.platform.db import get_engine
from service.reporting.report import build_pdf, report_html
from service.reporting.scope import SYSTEM
from service.reporting.target_group_export import report_page, title
from service.reporting.target_groups import target_group_report
from tests.service.csrf_helpers import ui_headers
from tests.service.reporting_fixtures import app_url_fixture, auth, client_fixture, small_world  # noqa: F401

END = date(2026, 12, 31)


def _structure(node: Any, found: dict[str, list[Any]]) -> None:
    """Every structure element's type (``/H1``, ``/Table``, ``/Figure``) with its ``/Alt`` text."""
    node = node.get_object()
    if "/S" in node:
        found.setdefault(str(node["/S"]), []).append(node.get("/Alt"))
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        if kid is not None and hasattr(kid.get_object(), "keys"):
            _structure(kid, found)


def _assert_tagged(pdf: bytes, title_text: str) -> dict[str, list[Any]]:
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata is not None and reader.metadata.title == title_text
    found: dict[str, list[Any]] = {}
    _structure(root["/StructTreeRoot"], found)
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"} <= found.keys()
    assert all(alt for alt in found["/Figure"])  # every chart carries its text alternative
    return found


def test_the_annual_report_is_a_tagged_pdf(engine: Engine) -> None:
    with Session(engine) as session:
        small_world(session)
        page = report_html(session, 2026, today=END)
    found = _assert_tagged(build_pdf(page), "Sysselsättningskrav – årsrapport 2026")
    assert "/L" in found and "/LI" in found
    reader = PdfReader(io.BytesIO(build_pdf(page)))
    # Page 1 carries the summary and the fulfilment section, not the summary alone.
    first = reader.pages[0].extract_text()
    assert "Sammanfattning" in first and "1. Uppfyllelse per kontrakt" in first
    # The method list stays on one page: no bullet left alone at a page's foot or head.
    method = [i for i, p in enumerate(reader.pages) if "Metod och förbehåll" in p.extract_text()]
    assert len(method) == 1 and "revisor" in reader.pages[method[0]].extract_text()


def test_the_target_group_report_is_a_tagged_pdf(engine: Engine) -> None:
    with Session(engine) as session:
        small_world(session)
        report = target_group_report(session, SYSTEM, year=2026, as_of=END)
    _assert_tagged(build_pdf(report_page(report, title(report))), "Målgrupper i sysselsättningskrav – 2026")


def test_no_data_and_zero_of_one_are_written_differently(engine: Engine) -> None:
    with Session(engine) as session:
        small_world(session)
        page = report_html(session, 2026, today=END)
    # P4 (no target group): on assistance at 6 months (0 % of 1), no follow-up at 12 months (no data).
    outcomes = page.split("3. Utfall efter avslutad placering")[1]
    row = re.search(r"<tr><td>Okänd målgrupp</td>.*?</tr>", outcomes, re.S)
    assert row is not None
    cells = re.findall(r'<td class="num">(.*?)</td>', row.group(0))
    assert cells[1] == "0\xa0% (n\xa0=\xa01)" and cells[2] == "inga uppgifter"
    assert "(n=0)" not in page and "– (n" not in page


def _future_contract(session: Session, authority_id: int, supplier_id: int, actor_id: int) -> Contract:
    start = date.today() + timedelta(days=60)
    contract = Contract(
        ref="FUT-1",
        title="Kontrakt som inte har börjat",
        procuring_org_id=authority_id,
        supplier_org_id=supplier_id,
        start_date=start,
        end_date=start + timedelta(days=700),
    )
    session.add(contract)
    session.flush()
    session.add(
        EmploymentRequirement(
            contract_id=pk(contract),
            matching_actor_id=actor_id,
            placement_kinds=["employment"],
            target_groups=["newcomer"],
            committed_placements=3,
        )
    )
    session.commit()
    return contract


def test_a_contract_not_started_reads_not_started(client: TestClient) -> None:
    with Session(get_engine()) as session:
        world = small_world(session)
        future = _future_contract(session, pk(world.authority_a), pk(world.supplier), pk(world.actor_1))
        officer = auth(session, world.authority_a, Role.PROCUREMENT_OFFICER)["Authorization"].split()[1]
        supplier = auth(session, world.supplier, Role.SUPPLIER)["Authorization"].split()[1]
        future_id = pk(future)
    page = client.get(f"/ui/contracts/{future_id}", headers=ui_headers(officer)).text
    status = page.split('id="followup-status"')[1].split("</p>")[0]
    assert "Inte påbörjat" in status and "Inte i fas" not in status
    listing = client.get("/ui/contracts", headers=ui_headers(officer)).text
    row = listing.split('data-contract="FUT-1"')[1].split("</tr>")[0]
    assert "Inte påbörjat" in row and "Risk" not in row
    fulfilment = client.get("/ui/fulfilment", headers=ui_headers(supplier)).text
    section = fulfilment.split('data-contract="FUT-1"')[1].split("</section>")[0]
    assert "Inte påbörjat" in section and "Inte i fas" not in section
    english = client.get(f"/ui/contracts/{future_id}", headers=ui_headers(officer, lang="en")).text
    assert "Not started" in english.split('id="followup-status"')[1].split("</p>")[0]


def test_the_english_pages_write_english_dates(client: TestClient) -> None:
    with Session(get_engine()) as session:
        world = small_world(session)
        session.commit()
        officer = auth(session, world.authority_a, Role.PROCUREMENT_OFFICER)["Authorization"].split()[1]
        supplier = auth(session, world.supplier, Role.SUPPLIER)["Authorization"].split()[1]
        c1 = pk(world.c1)
    for path, token in (
        (f"/ui/contracts/{c1}", officer),
        ("/ui/contracts", officer),
        ("/ui/fulfilment", supplier),
    ):
        english = client.get(path, headers=ui_headers(token, lang="en")).text
        swedish = client.get(path, headers=ui_headers(token)).text
        assert "01/01/2026" in english and "31/12/2027" in english, path
        assert "2026-01-01" not in english, path
        assert "2026-01-01" in swedish and "01/01/2026" not in swedish, path
