"""The engine proposes a placement's occupation, a person confirms it — in real headless Chromium.

The supplier pastes an ad and gets the five likeliest occupations with their probabilities, one click
sets one; staff see whether a placement's occupation is confirmed or read from the ad, confirm one on the
shortlist page, and the list is ranked again with the confirmed occupation as its reason.
"""

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, col, select

from models import EmploymentRequirement, Organisation, Shortlist, ShortlistEntry, Vacancy
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
AD_TITLE = "Undersköterskor till hemtjänsten i Sundstad"
AD_TEXT = (
    "Vi söker undersköterskor till vår hemtjänst. Du hjälper brukare med personlig omvårdnad, "
    "delegerade insatser och dokumentation. Körkort B är ett krav."
)


def _engine() -> Any:
    return make_engine(os.environ["MATCHER_DATABASE_URL"])


@pytest.fixture
def inferred_vacancy(live_server: str) -> Iterator[int]:  # noqa: F811
    """A new open placement of the staff's matching actor whose occupation nobody has confirmed."""
    engine = _engine()
    with Session(engine) as session:
        actor = session.exec(select(Organisation).where(Organisation.ref == "ame-sundstad")).one()
        contract_id = session.exec(
            select(EmploymentRequirement.contract_id).where(
                EmploymentRequirement.matching_actor_id == actor.id
            )
        ).first()
        assert contract_id is not None
        row = Vacancy(
            ref=f"occ-confirm-{uuid.uuid4().hex[:8]}",
            contract_id=contract_id,
            title=AD_TITLE,
            description=AD_TEXT,
            status=VacancyStatus.OPEN,
        )
        enrich_vacancy(row)
        session.add(row)
        session.commit()
        vacancy_id = int(row.id or 0)
    engine.dispose()
    yield vacancy_id


def test_a_pasted_ad_gets_five_proposals_and_one_click_confirms(browser: Any, live_server: str) -> None:  # noqa: F811
    page = browser.new_page()
    login(page, live_server, SUPPLIER)
    page.goto(f"{live_server}/ui/vacancies/new")
    page.get_by_label("Beskrivning").fill(AD_TEXT)
    page.get_by_label("Yrke / titel").fill(AD_TITLE)
    buttons = page.locator("#occupation-proposals button[data-occupation-id]")
    buttons.nth(4).wait_for(state="visible")
    assert buttons.count() == 5
    labels = buttons.all_inner_texts()
    assert all(text.startswith("Välj: ") and "% sannolikhet" in text for text in labels)
    assert "Undersköterska" in labels[0] or "undersköterska" in labels[0].lower(), labels
    buttons.nth(0).click()
    chosen = buttons.nth(0).get_attribute("data-occupation-id")
    assert page.locator("#occupation_id").input_value() == chosen
    assert buttons.nth(0).get_attribute("aria-pressed") == "true"
    assert page.locator("#occupation-chosen").inner_text().startswith("Valt yrke: ")
    assert axe_violations(page) == []
    screenshot(page, "occupation-proposals")
    page.close()


def test_staff_see_inferred_and_confirm_which_reranks(
    browser: Any,  # noqa: F811
    live_server: str,  # noqa: F811
    inferred_vacancy: int,
) -> None:
    page = browser.new_page()
    login(page, live_server, STAFF)
    page.goto(f"{live_server}/ui/vacancies/{inferred_vacancy}")
    state = page.locator("#occ-state")
    assert state.get_attribute("data-state") == "inferred"
    assert state.inner_text().startswith("Yrke tolkat ur annonsen") and "%" in state.inner_text()
    radios = page.locator("input[name=occupation_id]")
    assert radios.count() == 5 and not any(r.is_checked() for r in radios.all())  # nothing pre-selected
    assert axe_violations(page) == []
    page.get_by_role("button", name="Bekräfta yrket och beräkna listan").click()
    assert "Välj ett yrke först." in page.locator("#page-alert").inner_text()
    chosen = radios.nth(0).get_attribute("value")
    radios.nth(0).check()
    page.get_by_role("button", name="Bekräfta yrket och beräkna listan").click()
    page.locator("#occ-state[data-state=confirmed]").wait_for(timeout=180_000)  # ranks the list again
    assert "listan är beräknad på nytt" in page.locator("#page-status").inner_text()
    assert "Bekräftat yrke: " in page.locator("#shortlist").inner_text()
    screenshot(page, "occupation-confirmed")
    engine = _engine()
    with Session(engine) as session:
        assert session.get(Vacancy, inferred_vacancy).occupation_id == chosen  # type: ignore[union-attr]
        shortlist = session.exec(
            select(Shortlist)
            .where(Shortlist.vacancy_id == inferred_vacancy)
            .order_by(col(Shortlist.id).desc())
        ).first()
        assert shortlist is not None
        entries = session.exec(
            select(ShortlistEntry).where(ShortlistEntry.shortlist_id == shortlist.id)
        ).all()
    engine.dispose()
    assert entries
    page.close()
