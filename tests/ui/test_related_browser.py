"""Related occupations in the real browser: the seeker page's block (occupations read from the typing,
related occupations with open placements, links that lead there) and a thin shortlist's block, at 1280
and 390 px, without horizontal overflow and axe-clean within the blocks.

The data added here (a contract whose requirement wants the target group "other", two placements, a
seeker who typed "sjukhus städare") lives in this module's own live server database.
"""

import os
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, select

from matcher import default_taxonomy
from models import Eligibility, EmploymentRequirement, Organisation
from models.enums import TargetGroup
from service.engine.enrichment import enrich_seeker, enrich_vacancy
from service.platform.db import make_engine
from tests import factories as f
from tests.ui.browser import (
    AXE,
    STAFF,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
    screenshot,
)

pytestmark = pytest.mark.browser
WIDTHS = (1280, 390)


def _occupation(label: str) -> str:
    found = default_taxonomy().occupation_by_label(label)
    assert found is not None
    return found.id


def _setup() -> tuple[int, int, int]:
    """(seeker id, related placement id, thin placement id), added once per module database."""
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        org = {o.ref: o for o in session.exec(select(Organisation)).all()}
        contract = f.contract(session, org["sundstad"], org["glansholmen"], org["ame-sundstad"])
        requirement = session.exec(
            select(EmploymentRequirement).where(EmploymentRequirement.contract_id == contract.id)
        ).one()
        requirement.target_groups = [TargetGroup.OTHER.value]
        session.add(requirement)
        # The fixture's people in that group: their proof has run out, so the list will be thin.
        for e in session.exec(select(Eligibility).where(Eligibility.target_group == TargetGroup.OTHER)).all():
            e.valid_until = date(2020, 1, 1)
            session.add(e)
        related = f.vacancy(
            session, contract, title="Städare, kontor i Sundstad", occupation_id=_occupation("Städare")
        )
        thin = f.vacancy(
            session,
            contract,
            title="Sjukhusstädare, Sundstads lasarett",
            occupation_id=_occupation("Sjukhusstädare"),
            municipality_code="1280",
        )
        for row in (related, thin):
            enrich_vacancy(row)
            session.add(row)
        seeker = f.seeker(
            session,
            org["ame-sundstad"],
            ref="typed-hospital-cleaner",
            profile_text="Jag har jobbat på sjukhus.",
            experiences=[{"title": "sjukhus städare", "years": 3}],
            municipality_code="1280",
        )
        enrich_seeker(seeker)
        session.add(seeker)
        session.flush()
        session.add(
            Eligibility(
                seeker_id=int(seeker.id or 0), target_group=TargetGroup.OTHER, evidence="Intyg", verified=True
            )
        )
        session.commit()
        ids = int(seeker.id or 0), int(related.id or 0), int(thin.id or 0)
    engine.dispose()
    return ids


def _block_violations(page: Any, selector: str) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "s => axe.run(document.querySelector(s), {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})",
        selector,
    )
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def _overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_staff_see_related_occupations_on_the_seeker_page_and_on_a_thin_shortlist(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    seeker_id, related_id, thin_id = _setup()
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        login(page, live_server, STAFF)
        page.goto(f"{live_server}/ui/seekers/{seeker_id}")
        typed = page.locator("#typed-occupations")
        assert "Sjukhusstädare" in typed.inner_text() and "skrev: sjukhus städare" in typed.inner_text()
        block = page.locator("#related-list")
        item = block.locator(f'li[data-occupation="{_occupation("Städare")}"]')
        assert "nära yrke" in item.inner_text()
        assert _block_violations(page, "#related-occupations") == []
        assert _overflow(page) <= 0, f"seeker page overflows at {width} px"
        screenshot(page, f"related-seeker-{width}")
        item.get_by_role("link", name="Städare, kontor i Sundstad").click()
        page.wait_for_url(f"{live_server}/ui/vacancies/{related_id}")

        page.goto(f"{live_server}/ui/vacancies/{thin_id}")
        if width == WIDTHS[0]:  # compute once; the second width reads the same list
            page.get_by_role("button", name="Beräkna kortlista").click()
        page.wait_for_selector("#thin-related", timeout=60_000)
        rows = page.locator("#shortlist > tbody > tr").count()
        assert rows < 5
        thin = page.locator("#thin-related")
        assert "Få kandidater; närliggande yrken:" in thin.inner_text()
        assert thin.locator(f'li[data-occupation="{_occupation("Städare")}"]').count() == 1
        assert "typed-hospital-cleaner" not in thin.inner_text()  # counts, never a person
        # The person who typed "sjukhus städare" is on the list, the reason naming the occupation.
        row = page.locator('tr[data-seeker="typed-hospital-cleaner"]')
        assert "Har arbetat som Sjukhusstädare i 3 år" in row.inner_text()
        assert _block_violations(page, "#thin-related") == []
        assert _overflow(page) <= 0, f"placement page overflows at {width} px"
        screenshot(page, f"related-thin-shortlist-{width}")
        page.close()
