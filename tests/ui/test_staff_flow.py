"""The staff decision flow and the supplier's placement form in real headless Chromium (axe-core checked).

Staff find a person by name among more than 1,000 job seekers, decide with a reason (nothing pre-selected,
a missing choice refused in place), see the person marked as proposed on a recomputed list and cannot
propose twice; a decision taken after the session expired is saved after logging in again; the supplier
creates a complete placement. The 1,000 extra seekers have not consented to matching, so the engine does
not embed them (the list and the search are what is exercised); the 60 fixture seekers are ranked.
"""

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from sqlmodel import Session, col, select

from models import (
    EmploymentRequirement,
    JobSeeker,
    Organisation,
    ReviewDecision,
    SeekerIdentity,
    ShortlistEntry,
    Vacancy,
)
from models.enums import ConsentStatus, VacancyStatus
from service.platform.db import make_engine
from tests.ui.browser import (
    PASSWORD,
    STAFF,
    SUPPLIER,
    axe_violations,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
    screenshot,
)

pytestmark = pytest.mark.browser
EXTRA = 1000


FIXTURE_VACANCIES = Path(__file__).resolve().parents[2] / "data" / "fixtures" / "vacancies.jsonl"


def _db() -> Any:
    return make_engine(os.environ["MATCHER_DATABASE_URL"])


@pytest.fixture(scope="module")
def crowd(live_server: str) -> Iterator[int]:  # noqa: F811
    """1,000 more job seekers (with names and identity numbers) for the staff's matching actor."""
    engine = _db()
    with Session(engine) as session:
        actor = session.exec(select(Organisation).where(Organisation.ref == "ame-sundstad")).one()
        for i in range(EXTRA):
            seeker = JobSeeker(
                ref=f"zz-crowd-{i:04d}",
                matching_actor_id=actor.id or 0,
                profile_text="Söker arbete inom handel eller lager.",
                consent=ConsentStatus.PENDING,
            )
            session.add(seeker)
            session.flush()
            session.add(
                SeekerIdentity(
                    seeker_id=seeker.id or 0,
                    full_name=f"Person Mängdsson {i:04d}",
                    personal_number=f"1990{(i % 12) + 1:02d}{(i % 28) + 1:02d}-{i:04d}",
                )
            )
        session.commit()
        listed = select(JobSeeker.id).where(  # merged records (other modules merge) are never listed
            JobSeeker.matching_actor_id == actor.id, col(JobSeeker.merged_into_id).is_(None)
        )
        total = len(session.exec(listed).all())
    engine.dispose()
    yield total


def _open_vacancy() -> int:
    """The last open demo placement of the staff's matching actor (other browser tests use the first, and
    some add placements of their own to this shared server: those are not the demo's)."""
    lines = FIXTURE_VACANCIES.read_text(encoding="utf-8").splitlines()
    demo_refs = [json.loads(line)["ref"] for line in lines]
    engine = _db()
    with Session(engine) as session:
        actor = session.exec(select(Organisation).where(Organisation.ref == "ame-sundstad")).one()
        vacancy_id = session.exec(
            select(Vacancy.id)
            .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
            .where(
                EmploymentRequirement.matching_actor_id == actor.id,
                Vacancy.status == VacancyStatus.OPEN,
                col(Vacancy.ref).in_(demo_refs),
            )
            .order_by(col(Vacancy.id).desc())
        ).first()
    engine.dispose()
    assert vacancy_id is not None
    return int(vacancy_id)


def _name_of(ref: str) -> str:
    engine = _db()
    with Session(engine) as session:
        name = session.exec(
            select(SeekerIdentity.full_name)
            .join(JobSeeker, col(JobSeeker.id) == col(SeekerIdentity.seeker_id))
            .where(JobSeeker.ref == ref)
        ).one()
    engine.dispose()
    return str(name)


def _decisions_on(ref: str) -> list[tuple[str, str, str]]:
    engine = _db()
    with Session(engine) as session:
        rows = session.exec(
            select(ReviewDecision)
            .join(ShortlistEntry, col(ShortlistEntry.id) == col(ReviewDecision.entry_id))
            .join(JobSeeker, col(JobSeeker.id) == col(ShortlistEntry.seeker_id))
            .where(JobSeeker.ref == ref)
            .order_by(col(ReviewDecision.id))
        ).all()
        out = [(str(d.decision), str(d.reason_code), d.comment) for d in rows]
    engine.dispose()
    return out


def _no_violations(page: Any, what: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"


def _in_view(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] < height and box["y"] + box["height"] > 0


def _compute(page: Any) -> None:
    page.get_by_role("button", name="Beräkna kortlista").click()
    try:
        page.wait_for_url("**notice=prog.done**", timeout=180_000)  # a cold pool embeds its profiles first
    except Exception:
        screenshot(page, "DEBUG-progress")
        raise AssertionError(page.locator("main").inner_text()) from None
    page.wait_for_selector("#shortlist > tbody > tr")


def test_staff_find_decide_see_the_marker_and_cannot_propose_twice(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    crowd: int,
) -> None:
    base = live_server
    assert crowd > 1000
    vacancy_id = _open_vacancy()
    page = browser.new_page()
    login(page, base, STAFF)

    page.goto(f"{base}/ui/vacancies/{vacancy_id}")
    _compute(page)
    rows = page.locator("#shortlist > tbody > tr")
    assert rows.count() >= 3
    ref = str(rows.nth(2).get_attribute("data-seeker"))
    name = _name_of(ref)

    # The list shows its total and pages; a search by name finds the one person among 1,000+.
    page.goto(f"{base}/ui/seekers")
    assert f"av {crowd}" in page.locator("#seekers-count").inner_text()
    assert page.locator("#seekers tbody tr").count() == 50
    page.get_by_label("Sök på namn, personnummer, referens eller yrke").fill(name)
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_url("**q=**")
    hit = page.locator(f'#seekers tr[data-seeker="{ref}"]')
    assert hit.count() == 1 and name in hit.inner_text()
    screenshot(page, "staff-seeker-search")
    _no_violations(page, "seeker search")

    # Decide on that person: nothing is pre-selected; saving without a choice is refused in place.
    page.goto(f"{base}/ui/vacancies/{vacancy_id}")
    row = page.locator(f'#shortlist tr[data-seeker="{ref}"]')
    assert row.locator("input[name=decision]:checked").count() == 0
    row.locator("details.decide > summary").click()  # the decision form opens on demand
    row.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    row.get_by_role("button", name="Spara beslut").click()
    page.locator("#page-alert", has_text="Välj ett beslut").wait_for()
    assert "Välj ett beslut" in row.locator(".row-msg").inner_text()
    assert before > 0 and page.evaluate("window.scrollY") >= before  # no jump to the top
    assert _in_view(page, row)  # the row (and its message) is still where the officer is
    assert _decisions_on(ref) == []
    # A reason that contradicts the decision cannot even be picked once "reject" is chosen.
    row.get_by_label("Välj bort").check()
    assert row.locator('option[value="good_fit"]').is_disabled()
    row.get_by_label("Föreslå för leverantören").check()
    row.get_by_label("Skäl").select_option("good_fit")
    row.get_by_label("Kommentar").fill("Har arbetat med fönsterputs")
    row.get_by_role("button", name="Spara beslut").click()
    page.locator("#page-status", has_text="föreslagen").wait_for()  # announced once the row is updated
    row = page.locator(f'#shortlist tr[data-seeker="{ref}"]')
    assert "Föreslagen" in row.inner_text()
    assert page.evaluate("window.scrollY") > 0 and _in_view(page, row.locator(".row-msg"))
    screenshot(page, "staff-decided-in-place")
    assert _decisions_on(ref) == [("propose", "good_fit", "Har arbetat med fönsterputs")]

    # A recomputed list still marks the person, and proposing again is impossible and refused.
    _compute(page)
    row = page.locator(f'#shortlist tr[data-seeker="{ref}"]')
    assert row.get_attribute("data-marker") == "sent"
    assert "Föreslagen" in row.locator(".marker").inner_text()
    row.locator("details.decide > summary").click()  # the decision form opens on demand
    propose = row.locator("input[name=decision][value=propose]")
    assert propose.is_disabled()
    propose.evaluate("e => { e.disabled = false; e.checked = true; }")  # as a crafted post would
    row.get_by_label("Skäl").select_option("seeker_interested")
    row.get_by_role("button", name="Spara beslut").click()
    page.locator("#page-alert", has_text="redan föreslagen").wait_for()
    assert len(_decisions_on(ref)) == 1
    screenshot(page, "staff-recomputed-marked")
    _no_violations(page, "vacancy page after decisions")
    for lang in ("en", "sv"):
        page.context.add_cookies([{"name": "lang", "value": lang, "url": base}])
        page.goto(f"{base}/ui/vacancies/{vacancy_id}")
        page.locator("#shortlist details").first.evaluate("d => d.open = true")
        _no_violations(page, f"vacancy page ({lang})")
        screenshot(page, f"staff-explanation-{lang}")
    page.close()


def test_a_decision_survives_an_expired_session_through_logging_in_again(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    from service.auth.tokens import ALGORITHM
    from service.platform.config import get_settings

    base = live_server
    vacancy_id = _open_vacancy()
    page = browser.new_page()
    login(page, base, STAFF)
    page.goto(f"{base}/ui/vacancies/{vacancy_id}")
    if page.locator("#shortlist").count() == 0:
        _compute(page)
    row = page.locator("#shortlist > tbody > tr").nth(4)
    ref = str(row.get_attribute("data-seeker"))
    row.locator("details.decide > summary").click()  # the decision form opens on demand
    row.get_by_label("Avvakta").check()
    row.get_by_label("Skäl").select_option("needs_more_info")
    row.get_by_label("Kommentar").fill("Väntar på intyg")

    # The session expires while the officer is still choosing: the same login, its time run out.
    secret = get_settings().secret_key
    cookie = next(c for c in page.context.cookies() if c["name"] == "access_token")
    claims = jwt.decode(cookie["value"], secret, algorithms=[ALGORITHM])
    past = datetime.now(UTC) - timedelta(hours=2)
    expired = jwt.encode({**claims, "iat": past, "exp": past + timedelta(minutes=30)}, secret, ALGORITHM)
    page.context.add_cookies([{"name": "access_token", "value": expired, "url": base}])

    row.get_by_role("button", name="Spara beslut").click()
    page.wait_for_selector("#resume-note")
    note = page.locator("#resume-note").inner_text()
    assert "Avvakta" in note and "Väntar på intyg" in note
    assert _decisions_on(ref) == []
    screenshot(page, "staff-session-expired-login")
    _no_violations(page, "login with a kept decision")
    page.get_by_label("E-postadress").fill(STAFF)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"**/ui/vacancies/{vacancy_id}?**")
    assert _decisions_on(ref) == [("hold", "needs_more_info", "Väntar på intyg")]
    row = page.locator(f'#shortlist tr[data-seeker="{ref}"]')
    assert "Beslutet är sparat" in row.locator(".row-msg").inner_text()
    page.close()


def test_the_supplier_creates_a_complete_placement(live_server: str, browser: Any) -> None:  # noqa: F811
    base = live_server
    page = browser.new_page()
    login(page, base, SUPPLIER)
    page.goto(f"{base}/ui/vacancies/new")
    title = page.get_by_label("Yrke / titel")
    title.press_sequentially("lokalvår", delay=20)
    page.locator("#occupation-suggestions option").first.wait_for(state="attached")
    suggested = page.locator("#occupation-suggestions option").evaluate_all("os => os.map(o => o.value)")
    assert "Lokalvårdare" in suggested[:2] and "Trollkarl" not in suggested
    title.fill("Lokalvårdare")
    title.dispatch_event("input")
    page.locator("#occupation_id:not([value=''])").wait_for(state="attached")
    page.get_by_label("Beskrivning").fill("Städning av skolor i Malmö, kvällstid.")
    page.get_by_label("Kommun").select_option(label="Malmö")
    page.get_by_label("Arbetsplatsen kan anpassas").check()
    page.get_by_label("Omfattning (% av heltid)").fill("75")
    page.get_by_label("Längd (månader, tomt = tills vidare)").fill("6")
    page.get_by_label("Start").fill("2026-12-07")
    page.get_by_label("Krav (kompetenser, kommaseparerade)").fill("Städning, Golvvård")
    page.get_by_label("Meriterande kompetenser (kommaseparerade)").fill("Fönsterputs")
    page.get_by_label("B (personbil)").check()
    page.get_by_label("Andra språk som krävs (t.ex. en:B1, ar)").fill("en:A2")
    page.get_by_label("Status").select_option("open")
    _no_violations(page, "placement form")
    screenshot(page, "supplier-placement-form")
    page.get_by_label("Omfattning (% av heltid)").fill("150")
    page.get_by_role("button", name="Spara").click()
    assert "Skriv ett heltal mellan 1 och 100." in page.locator("#extent-error").inner_text()
    _no_violations(page, "placement form with an error")
    page.get_by_label("Omfattning (% av heltid)").fill("75")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**notice=vac.saved**")
    assert "Platsen är sparad." in page.locator("main").inner_text()
    vacancy_id = int(page.url.split("/ui/vacancies/")[1].split("?")[0])
    engine = _db()
    with Session(engine) as session:
        row = session.get(Vacancy, vacancy_id)
        assert row is not None
        assert row.occupation_id and row.municipality_code == "1280" and row.latitude and row.longitude
        assert (row.extent, row.duration_months, row.status) == (75, 6, "open")
        assert row.required_skills == ["Städning", "Golvvård"] and row.desired_skills == ["Fönsterputs"]
        assert row.licences_required == ["B"] and row.other_languages == [{"code": "en", "level": "A2"}]
    engine.dispose()
    page.close()
