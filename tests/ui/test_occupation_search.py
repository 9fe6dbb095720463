"""The placement's occupation searched in the whole taxonomy and kept through title edits — in Chromium.

Staff find an occupation that is not among the five proposals by typing in the search field and confirm
it; a supplier picks one by search in the placement form; editing a placement's title (its
capitalisation, or the title itself) keeps the occupation that was confirmed, and says so.
"""

import os
import uuid
from typing import Any

import pytest
from sqlmodel import Session, select

from models import Contract, Vacancy
from models.enums import VacancyStatus
from service.engine.enrichment import enrich_vacancy
from service.platform.db import make_engine
from tests.ui.browser import (
    STAFF,
    SUPPLIER,
    axe_violations,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
    screenshot,
)

pytestmark = pytest.mark.browser
CONTRACT = "sundstad-2024-017"  # Glansholmen's cleaning contract, matched by AME Sundstad
CLEANER = "KF64_AvU_S4N"  # "Städare", SSYK 9111
TEXT = "Vi söker en lokalvårdare till skolor och förskolor i Sundstad. Körkort B är meriterande."


def _engine() -> Any:
    return make_engine(os.environ["MATCHER_DATABASE_URL"])


def _vacancy(title: str, occupation_id: str | None) -> int:
    engine = _engine()
    with Session(engine) as session:
        contract = session.exec(select(Contract).where(Contract.ref == CONTRACT)).one()
        row = Vacancy(
            ref=f"occ-search-{uuid.uuid4().hex[:8]}",
            contract_id=int(contract.id or 0),
            title=title,
            description=TEXT,
            occupation_id=occupation_id,
            status=VacancyStatus.OPEN,
        )
        enrich_vacancy(row)
        session.add(row)
        session.commit()
        vacancy_id = int(row.id or 0)
    engine.dispose()
    return vacancy_id


def _stored(vacancy_id: int) -> Vacancy:
    engine = _engine()
    with Session(engine) as session:
        row = session.get(Vacancy, vacancy_id)
        assert row is not None
    engine.dispose()
    return row


def test_staff_pick_an_occupation_by_search(browser: Any, live_server: str) -> None:  # noqa: F811
    vacancy_id = _vacancy("Fönsterputsare till skolor", None)
    page = browser.new_page()
    login(page, live_server, STAFF)
    page.goto(f"{live_server}/ui/vacancies/{vacancy_id}")
    assert page.locator("#occ-state").get_attribute("data-state") == "inferred"
    page.get_by_label("Sök bland alla yrken").fill("fönsterputs")
    result = page.locator("#occ-search-results input[name=occupation_id]").first
    result.wait_for(state="visible")
    label = page.locator("#occ-search-results label").first.inner_text()
    assert label.startswith("Fönsterputsare (yrkesgrupp 9120"), label
    chosen = result.get_attribute("value")
    page.locator("#occ-search-results label").first.click()
    assert result.is_checked()
    assert axe_violations(page) == []
    screenshot(page, "occupation-search-staff")
    page.get_by_role("button", name="Bekräfta yrket och beräkna listan").click()
    page.locator("#occ-state[data-state=confirmed]").wait_for(timeout=180_000)  # ranks the list again
    assert "Fönsterputsare" in page.locator("#occ-state").inner_text()
    assert _stored(vacancy_id).occupation_id == chosen
    page.close()


def test_a_supplier_picks_an_occupation_by_search_in_the_form(browser: Any, live_server: str) -> None:  # noqa: F811
    page = browser.new_page()
    login(page, live_server, SUPPLIER)
    page.goto(f"{live_server}/ui/vacancies/new")
    assert page.locator("#occupation-chosen").inner_text() == "Inget yrke är valt ännu."
    search = page.get_by_label("Sök bland alla yrken")
    search.fill("fönsterputs")
    search.press("Enter")  # searches in place, never submits the form
    button = page.locator("#occupation-search-results button[data-occupation-id]").first
    button.wait_for(state="visible")
    button.click()
    assert page.url.endswith("/ui/vacancies/new")
    assert page.locator("#occupation_id").input_value() == button.get_attribute("data-occupation-id")
    assert button.get_attribute("aria-pressed") == "true"
    assert (
        page.locator("#occupation-chosen")
        .inner_text()
        .startswith("Valt yrke: Fönsterputsare (yrkesgrupp 9120")
    )
    assert axe_violations(page) == []
    page.close()


def test_a_title_edit_keeps_the_confirmed_occupation(browser: Any, live_server: str) -> None:  # noqa: F811
    vacancy_id = _vacancy("Lokalvårdare", CLEANER)
    page = browser.new_page()
    login(page, live_server, SUPPLIER)
    page.goto(f"{live_server}/ui/vacancies/{vacancy_id}/edit")
    chosen = page.locator("#occupation-chosen")
    assert chosen.inner_text().startswith("Valt yrke: Städare (yrkesgrupp 9111")
    title = page.get_by_label("Yrke / titel")
    title.fill("LOKALVÅRDARE")  # only the capitalisation: this used to clear the occupation
    page.locator("#occupation-suggestions option").first.wait_for(state="attached")
    assert page.locator("#occupation_id").input_value() == CLEANER
    assert page.locator("#occupation-kept").is_visible()
    # A real change of title: new proposals, the occupation kept (and marked where it is proposed).
    title.fill("Städare till sjukhuset")
    proposals = page.locator("#occupation-proposals button[data-occupation-id]")
    proposals.first.wait_for(state="visible")
    assert page.locator("#occupation_id").input_value() == CLEANER
    for button in proposals.all():
        pressed = button.get_attribute("aria-pressed") == "true"
        assert pressed == (button.get_attribute("data-occupation-id") == CLEANER)
    assert chosen.inner_text().startswith("Valt yrke: Städare (yrkesgrupp 9111")
    screenshot(page, "occupation-kept")
    title.press("Enter")  # saves, as before the search's own buttons came into the form
    page.wait_for_url(f"**/ui/vacancies/{vacancy_id}?notice=*")
    stored = _stored(vacancy_id)
    assert (stored.title, stored.occupation_id) == ("Städare till sjukhuset", CLEANER)
    page.close()
