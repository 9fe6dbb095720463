"""End to end in real headless Chromium: staff proposes, the supplier hires, the dashboard moves.

Also: axe-core finds no WCAG 2.0/2.1 A or AA violation on any page, for any role, and the main actions
work from the keyboard alone. Screenshots land in test-output/screenshots (not committed).
"""

import os
import re
from typing import Any

import pytest
from sqlmodel import Session, col, select

from models import Contract, Organisation, Vacancy
from models.enums import VacancyStatus
from service.platform.db import make_engine
from tests.ui.browser import (
    OFFICER,
    STAFF,
    SUPPLIER,
    axe_violations,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
    logout,
    screenshot,
)

pytestmark = pytest.mark.browser


def _target_vacancy() -> tuple[int, str]:
    """An open vacancy under the cleaning contract of the supplier 'glansholmen'."""
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        supplier = session.exec(select(Organisation).where(Organisation.ref == "glansholmen")).one()
        vacancy, contract = session.exec(
            select(Vacancy, Contract)
            .join(Contract, col(Contract.id) == col(Vacancy.contract_id))
            .where(Contract.supplier_org_id == supplier.id, Vacancy.status == VacancyStatus.OPEN)
            .order_by(col(Vacancy.id))
        ).first()  # type: ignore[misc]
    engine.dispose()
    return vacancy.id, contract.ref  # type: ignore[return-value]


def _placements_cell(page: Any, contract_ref: str) -> int:
    text = page.locator(f'tr[data-contract="{contract_ref}"] td.placements').inner_text()
    return int(text.split("/")[0].strip())


def test_staff_proposes_supplier_hires_and_fulfilment_moves(live_server: str, browser: Any) -> None:  # noqa: F811
    base = live_server
    vacancy_id, contract_ref = _target_vacancy()
    page = browser.new_page()
    login(page, base, STAFF)
    before = _placements_cell(page, contract_ref)
    screenshot(page, "staff-dashboard")

    page.goto(f"{base}/ui/vacancies")
    page.locator(f'a[href="/ui/vacancies/{vacancy_id}"]').click()
    page.get_by_role("button", name="Beräkna kortlista").click()
    page.wait_for_url("**notice=prog.done**", timeout=180_000)  # the first list warms the pool
    page.wait_for_selector("#shortlist > tbody > tr")
    rows = page.locator("#shortlist > tbody > tr")
    assert rows.count() >= 2
    screenshot(page, "staff-shortlist")
    second = rows.nth(1)
    candidate = second.get_attribute("data-seeker")
    # The rank reads as a rank on the list ("2 av 8"), never as a score out of 100.
    assert re.fullmatch(r"2 av \d+", second.locator("td").first.inner_text().strip())
    second.locator("details.decide > summary").click()  # the decision form opens on demand
    second.get_by_label("Föreslå för leverantören").check()
    second.get_by_label("Skäl").select_option("good_fit")
    second.get_by_label("Kommentar").fill("Lång erfarenhet av lokalvård")
    second.get_by_role("button", name="Spara beslut").click()
    page.locator("#page-status", has_text="föreslagen").wait_for()
    logout(page)

    login(page, base, SUPPLIER)
    page.goto(f"{base}/ui/vacancies/{vacancy_id}")
    cards = page.locator("#proposals > li")
    assert cards.count() == 1
    # The supplier sees the per-vacancy pseudonym only, never the stable seeker ref.
    assert (cards.first.get_attribute("data-candidate") or "").startswith("K-") and candidate
    assert candidate not in cards.first.inner_text()
    body = cards.first.inner_text()
    assert not re.search(r"\d{8}-\d{4}", body)  # minimised view: no identity number
    screenshot(page, "supplier-proposals")
    cards.first.get_by_label("Utfall").select_option("hired")
    cards.first.get_by_label("Startdatum").fill("2026-11-02")
    cards.first.get_by_role("button", name="Spara återkoppling").click()
    page.wait_for_selector('p.notice[role="status"]')
    assert "Anställd" in page.locator("#proposals .proposal-status").first.inner_text()
    logout(page)

    login(page, base, STAFF)
    assert _placements_cell(page, contract_ref) == before + 1
    page.close()


PAGES = {
    STAFF: ["/ui/", "/ui/vacancies", "/ui/seekers", "/ui/accessibility"],
    SUPPLIER: ["/ui/", "/ui/vacancies", "/ui/vacancies/new", "/ui/accessibility"],
    OFFICER: ["/ui/", "/ui/accessibility"],
    None: ["/ui/login", "/ui/accessibility"],
}


@pytest.mark.parametrize("who", list(PAGES), ids=lambda w: w or "anonymous")
def test_every_page_has_no_wcag_a_or_aa_violations(live_server: str, browser: Any, who: str | None) -> None:  # noqa: F811
    page = browser.new_page()
    if who:
        login(page, live_server, who)
    paths = list(PAGES[who])
    if who == STAFF:
        vacancy_id, _ = _target_vacancy()
        page.goto(f"{live_server}/ui/vacancies/{vacancy_id}")
        page.get_by_role("button", name="Beräkna kortlista").click()
        page.wait_for_url("**notice=prog.done**", timeout=180_000)  # axe checks the list too
        paths.append(f"/ui/vacancies/{vacancy_id}")
        page.goto(f"{live_server}/ui/seekers")
        first = page.locator("#seekers tbody a").first.get_attribute("href")
        paths.append(str(first))
    if who == SUPPLIER:
        vacancy_id, _ = _target_vacancy()
        paths += [f"/ui/vacancies/{vacancy_id}", f"/ui/vacancies/{vacancy_id}/edit"]
    for path in paths:
        for lang in ("sv", "en"):
            page.context.add_cookies([{"name": "lang", "value": lang, "url": live_server}])
            page.goto(live_server + path)
            violations = axe_violations(page)
            assert violations == [], f"{path} ({lang}): {violations}"
        screenshot(page, f"{(who or 'anonymous').split('@')[0]}{path.replace('/', '_')}")
    page.context.add_cookies([{"name": "lang", "value": "sv", "url": live_server}])
    page.close()


def test_login_and_decisions_work_from_the_keyboard(live_server: str, browser: Any) -> None:  # noqa: F811
    page = browser.new_page()
    page.goto(f"{live_server}/ui/login")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.className") == "skip"
    page.get_by_label("E-postadress").focus()
    page.keyboard.type(STAFF)
    page.keyboard.press("Tab")
    page.keyboard.type("demo-password-1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/ui/")
    vacancy_id, _ = _target_vacancy()
    page.goto(f"{live_server}/ui/vacancies/{vacancy_id}")
    page.get_by_role("button", name="Beräkna kortlista").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**notice=prog.done**", timeout=180_000)  # computed (the first list warms the pool)
    page.wait_for_selector("#shortlist > tbody > tr")
    first = page.locator("#shortlist > tbody > tr").first
    first.locator("details.decide > summary").focus()
    page.keyboard.press("Enter")  # opens the decision form
    first.get_by_label("Avvakta").focus()
    page.keyboard.press("Space")  # nothing is pre-selected: the officer chooses
    page.keyboard.press("Tab")  # reason
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # comment
    page.keyboard.type("Tangentbord")
    page.keyboard.press("Enter")  # submits the form
    page.locator("#page-status", has_text="Beslutet är sparat").wait_for()
    page.close()
