"""The match band in real headless Chromium: each ranked row reads stark / möjlig / svag in words with its
rank "N av M", the full explanation says how likely a fit is, and the page stays axe-core clean."""

import os
import re
from typing import Any

import pytest
from sqlmodel import Session, col, select

from models import EmploymentRequirement, Organisation, Vacancy
from models.enums import VacancyStatus
from service.platform.db import make_engine
from tests.ui.browser import (
    STAFF,
    axe_violations,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
    screenshot,
)

pytestmark = pytest.mark.browser
WORDS = {"Stark", "Möjlig", "Svag"}


def _second_open_vacancy() -> int:
    """An open placement of the staff's matching actor other than the first and the last, which other
    browser tests decide on (the only one when there is just one)."""
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        actor = session.exec(select(Organisation).where(Organisation.ref == "ame-sundstad")).one()
        ids = session.exec(
            select(Vacancy.id)
            .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
            .where(EmploymentRequirement.matching_actor_id == actor.id, Vacancy.status == VacancyStatus.OPEN)
            .order_by(col(Vacancy.id))
        ).all()
    engine.dispose()
    assert ids
    chosen = ids[1] if len(ids) > 2 else ids[0]
    assert chosen is not None
    return int(chosen)


def test_staff_read_the_band_in_words_and_the_rank_of_the_list(live_server: str, browser: Any) -> None:  # noqa: F811
    page = browser.new_page()
    login(page, live_server, STAFF)
    page.goto(f"{live_server}/ui/vacancies/{_second_open_vacancy()}")
    if page.locator("#shortlist > tbody > tr").count() == 0:
        page.get_by_role("button", name="Beräkna kortlista").click()
        page.wait_for_url("**notice=prog.done**", timeout=180_000)
        page.wait_for_selector("#shortlist > tbody > tr")
    rows = page.locator("#shortlist > tbody > tr")
    n = rows.count()
    cells = [rows.nth(i).locator("[data-band]") for i in range(n)]
    # A row added by hand has no band; every ranked row has one word (the dots beside it are hidden).
    bands = [c.inner_text().split()[-1] for c in cells if c.count()]
    assert bands and set(bands) <= WORDS, bands
    first = rows.nth(0).locator("td").first.inner_text()
    assert re.match(rf"1 av {n}\b", first), first
    assert "Matchning visar hur troligt det är" in page.locator("#match-band-help").inner_text()

    details = rows.nth(0).locator("details:not(.decide)")  # the explanation, not the decision
    details.locator("summary").click()
    assert re.search(r"Sannolikhet att personen passar för jobbet: \d+ %", details.inner_text())
    screenshot(page, "staff-match-band")
    assert axe_violations(page) == []
