"""Staff read the whole placement and the whole seeker profile, find a person by name for a manual
addition, and see a list go stale when the placement changes, then refresh with its decisions kept.

Real headless Chromium on the shared live server, axe-core checked. The placement used here belongs to
a supplier no other browser test touches.
"""

import os
from typing import Any

import pytest
from sqlmodel import Session, col, select

from matcher import default_taxonomy
from models import JobSeeker, Organisation, SeekerIdentity, Vacancy
from models.enums import ConsentStatus, Role
from models.vacancy import VacancyUpdate
from service.platform.db import make_engine
from service.platform.principal import Principal
from service.vacancies.service import update_vacancy
from tests.ui.browser import (
    STAFF,
    axe_violations,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
    screenshot,
)

pytestmark = pytest.mark.browser
PLACEMENT = "sundstadshem-2025-002-v02"  # open; two required skills, licence B, Sundstad's municipality


def _engine() -> Any:
    return make_engine(os.environ["MATCHER_DATABASE_URL"])


def _placement() -> Vacancy:
    engine = _engine()
    with Session(engine, expire_on_commit=False) as session:
        row = session.exec(select(Vacancy).where(Vacancy.ref == PLACEMENT)).one()
    engine.dispose()
    return row


def _seeker_with_languages() -> tuple[int, str, list[str]]:
    """A consenting seeker of the staff's actor who speaks another language: (id, name, language names)."""
    engine = _engine()
    with Session(engine) as session:
        actor = session.exec(select(Organisation).where(Organisation.ref == "ame-sundstad")).one()
        rows = session.exec(
            select(JobSeeker, SeekerIdentity)
            .join(SeekerIdentity, col(SeekerIdentity.seeker_id) == col(JobSeeker.id))
            .where(JobSeeker.matching_actor_id == actor.id, JobSeeker.consent == ConsentStatus.GIVEN)
            .order_by(col(JobSeeker.id))
        ).all()
    engine.dispose()
    taxonomy = default_taxonomy()
    for seeker, identity in rows:
        names = [found.label for lang in seeker.languages if (found := taxonomy.language(lang["code"]))]
        if names and any(lang["code"] != "sv" for lang in seeker.languages):
            return int(seeker.id or 0), identity.full_name, names
    raise AssertionError("no seeker with languages in the fixtures")


def _no_violations(page: Any, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def test_staff_read_the_whole_placement_and_seeker_and_add_a_person_found_by_name(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    vacancy = _placement()
    page = browser.new_page()
    login(page, live_server, STAFF)
    page.goto(f"{live_server}/ui/vacancies/{vacancy.id}")

    details = page.locator("#placement-details")
    assert details.get_by_role("heading", name="Om platsen").is_visible()
    first_paragraph = next(p for p in vacancy.description.split("\n") if p.strip())
    assert first_paragraph.strip()[:60] in page.locator("#place-description").inner_text()
    required = page.locator("#place-required").inner_text()
    assert all(skill in required for skill in vacancy.required_skills) and vacancy.required_skills
    assert "Körkort B" in page.locator("#place-licences").inner_text()
    municipality = default_taxonomy().municipality(vacancy.municipality_code or "")
    assert municipality is not None
    assert (
        municipality.name in details.inner_text()
        and str(vacancy.municipality_code) not in details.inner_text()
    )
    _no_violations(page, "the staff placement page")
    screenshot(page, "placement-staff-details")

    # The seeker page: skills, languages by name, licences, eligibility; no monitoring attributes.
    seeker_id, name, languages = _seeker_with_languages()
    page.goto(f"{live_server}/ui/seekers/{seeker_id}")
    spoken = page.locator("#seekd-languages").inner_text()
    assert all(language in spoken for language in languages)
    section = page.locator("#seeker-details").inner_text()
    assert "Målgrupper" in section and "born_abroad" not in section and "age_band" not in section
    _no_violations(page, "the seeker page")
    screenshot(page, "placement-seeker-details")

    # The manual addition: found by name (not by ref), chosen, added with a reason.
    page.goto(f"{live_server}/ui/vacancies/{vacancy.id}")
    page.get_by_label("Sök person (namn, personnummer eller referens)").fill(name)
    page.get_by_role("button", name="Sök", exact=True).click()
    found = page.locator("#manual-found")
    found.get_by_label(name, exact=False).first.check()
    page.get_by_label("Varför (krävs)").fill("Känd från ett tidigare möte, vill pröva fastighet.")
    _no_violations(page, "the manual addition with search hits")
    screenshot(page, "placement-manual-search")
    page.get_by_role("button", name="Lägg till").click()
    page.wait_for_url("**notice=manual.saved**")
    assert page.locator("#shortlist tr[data-seeker]").count() >= 1
    page.close()


def test_a_changed_placement_shows_its_list_stale_and_the_refresh_keeps_decisions(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    vacancy = _placement()
    page = browser.new_page()
    login(page, live_server, STAFF)
    page.goto(f"{live_server}/ui/vacancies/{vacancy.id}")
    page.get_by_role("button", name="Beräkna kortlista").click()
    page.wait_for_url("**notice=prog.done**", timeout=180_000)
    assert page.locator("#stale-notice").count() == 0

    row = page.locator("#shortlist > tbody > tr").first
    ref = str(row.get_attribute("data-seeker"))
    row.locator("details.decide > summary").click()  # the decision form opens on demand
    row.get_by_label("Avvakta").check()
    row.get_by_label("Skäl").select_option("needs_more_info")
    row.get_by_role("button", name="Spara beslut").click()
    page.wait_for_function(
        "(r) => document.querySelector(`tr[data-seeker='${r}'] .latest`) !== null", arg=ref
    )

    # The supplier changes the placement: what the ranking reads is different now.
    engine = _engine()
    with Session(engine) as session:
        supplier = session.exec(select(Organisation).where(Organisation.ref == "kvarterets")).one()
        who = Principal(role=Role.SUPPLIER, organisation_id=int(supplier.id or 0))
        update_vacancy(
            session,
            who,
            int(vacancy.id or 0),
            VacancyUpdate(
                desired_skills=["Trappstädning"], description=vacancy.description + "\nTrappstädning ingår."
            ),
        )
        session.commit()
    engine.dispose()

    # Without JavaScript: the notice and the button say what to do.
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    login(plain, live_server, STAFF)
    plain.goto(f"{live_server}/ui/vacancies/{vacancy.id}")
    notice = plain.locator("#stale-notice")
    assert notice.is_visible()
    assert "Platsen har ändrats sedan listan togs fram" in notice.inner_text()
    assert plain.get_by_role("button", name="Räkna om listan nu").is_visible()
    screenshot(plain, "placement-stale-notice")
    context.close()
    # axe needs script: the same page with the automatic start held back (a browser without requestSubmit).
    held = browser.new_page()
    held.add_init_script("HTMLFormElement.prototype.requestSubmit = undefined;")
    login(held, live_server, STAFF)
    held.goto(f"{live_server}/ui/vacancies/{vacancy.id}")
    assert held.locator("#stale-notice").is_visible()
    _no_violations(held, "the stale list")
    held.close()

    # With JavaScript the list is recomputed at once, with the usual progress, and the decision stays.
    page.goto(f"{live_server}/ui/vacancies/{vacancy.id}")
    page.wait_for_url("**notice=prog.done**", timeout=180_000)
    assert page.locator("#stale-notice").count() == 0
    assert (
        page.locator("#list-changes").inner_text().startswith(("Jämfört med förra listan", "Samma personer"))
    )
    kept = page.locator(f"tr[data-seeker='{ref}'] .latest, #dropped tr[data-seeker='{ref}']")
    assert "Avvakta" in kept.first.inner_text()
    _no_violations(page, "the recomputed list")
    screenshot(page, "placement-recomputed")
    page.close()
