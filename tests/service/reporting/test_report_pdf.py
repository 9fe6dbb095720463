"""The annual report's PDF shows every column of the contract table, and runaway forecasts are worded."""

import io
import re
from datetime import date

from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session

from models.base import pk
from models.enums import Role
from service.platform.principal import Principal
from service.reporting.report import build_pdf, report_html
from tests import factories as f
from tests.service.reporting_fixtures import _placement, small_world


def test_the_contract_table_has_every_column_on_a_landscape_page(engine: Engine) -> None:
    with Session(engine) as session:
        small_world(session)
        page = report_html(session, 2026, today=date(2026, 6, 30))
    reader = PdfReader(io.BytesIO(build_pdf(page)))
    [table] = [p for p in reader.pages if "Kontrakt C1" in p.extract_text()]
    assert table.mediabox.width > table.mediabox.height  # landscape
    text = table.extract_text()
    for header in ("Kontrakt", "Leverantör", "Period", "Åtagande", "Prognos", "Status"):
        assert header in text
    # The last columns, which the portrait layout cut off: status and the supplier's feedback rate.
    assert "I fas" in text and "I riskzonen" in text
    assert "67 %" in text.replace("\xa0", " ")  # C1: feedback on 2 of the 3 proposals made by 30 June


def test_a_runaway_forecast_is_worded_not_printed(engine: Engine) -> None:
    with Session(engine) as session:
        world = small_world(session)
        vacancy = f.vacancy(session, world.c2)
        # Six people placed in C2's first quarter: at that pace the forecast is 240 % of the commitment.
        for seeker in [f.seeker(session, world.actor_2) for _ in range(5)]:
            _placement(session, seeker, vacancy, "employment", "long_term_unemployed", date(2026, 3, 1), None)
        page = report_html(session, 2026, today=date(2026, 3, 31))
    assert "över 200\xa0%" in page  # Swedish: a non-breaking space before the sign
    shown = [int(n) for n in re.findall(r">\s*(\d+)\xa0%<", page)]
    assert shown and max(shown) <= 200


def test_an_officers_report_covers_only_the_own_authoritys_contracts(engine: Engine) -> None:
    with Session(engine) as session:
        world = small_world(session)
        officer = Principal(role=Role.PROCUREMENT_OFFICER, organisation_id=pk(world.authority_a))
        own = report_html(session, 2026, today=date(2026, 6, 30), principal=officer)
        everything = report_html(session, 2026, today=date(2026, 6, 30))
    assert "Kontrakt C1" in own and "Kontrakt C2" not in own
    assert "Kontrakt C1" in everything and "Kontrakt C2" in everything
