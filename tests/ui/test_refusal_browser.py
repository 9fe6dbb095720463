"""Structured refusal reasons in real headless Chromium: staff decline one person with a reason and
propose another, the supplier answers "not hired" with a reason from the list, the referring staff read
"Arbetsgivaren tackade nej: saknar körkort B" on the shortlist and the person's page, and the auditor
finds the reasons counted in the fairness view. Each page at 390 and 1280 px, no overflow, axe clean."""

import os
from typing import Any

import pytest
from sqlmodel import Session, col, select

from models import (
    Contract,
    EmploymentRequirement,
    JobSeeker,
    MonitoringAttributes,
    Organisation,
    ReviewDecision,
    Shortlist,
    ShortlistEntry,
    SupplierFeedback,
    User,
    Vacancy,
)
from models.base import pk
from models.enums import ConsentStatus, ShortlistStatus, VacancyStatus
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
AUDITOR = "auditor@matcher.example"
WIDTHS = (390, 1280)


def _setup() -> tuple[int, str, str]:
    """An open placement of the staff's actor with the supplier's contract, wanting licence B, with a
    manual list of two consenting people (monitoring attributes recorded): (vacancy id, ref A, ref B)."""
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        actor = session.exec(select(Organisation).where(Organisation.ref == "ame-sundstad")).one()
        supplier = session.exec(select(User).where(User.email == SUPPLIER)).one()
        candidates = session.exec(
            select(Vacancy)
            .join(Contract, col(Contract.id) == col(Vacancy.contract_id))
            .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Contract.id))
            .where(
                EmploymentRequirement.matching_actor_id == actor.id,
                Contract.supplier_org_id == supplier.organisation_id,
                Vacancy.status == VacancyStatus.OPEN,
            )
            .order_by(col(Vacancy.id))
        ).all()
        assert candidates, "no open placement of the demo supplier for the demo actor"
        vacancy = candidates[len(candidates) // 2]  # other browser tests use the first and the last
        vacancy.licences_required = ["B"]
        session.add(vacancy)
        people = session.exec(
            select(JobSeeker)
            .where(JobSeeker.matching_actor_id == actor.id, JobSeeker.consent == ConsentStatus.GIVEN)
            .order_by(col(JobSeeker.id).desc())
        ).all()[:2]
        for earlier in session.exec(  # another module on this shared server may have ranked it already
            select(Shortlist).where(
                Shortlist.vacancy_id == pk(vacancy), Shortlist.status == ShortlistStatus.READY
            )
        ):
            earlier.status = ShortlistStatus.SUPERSEDED
            session.add(earlier)
        session.flush()
        shortlist = Shortlist(vacancy_id=pk(vacancy), status=ShortlistStatus.READY, model_version="manual",
                              config_hash="", input_hash="",
                              vacancy_version=vacancy.version)  # fmt: skip
        session.add(shortlist)
        session.flush()
        for rank, (person, sex) in enumerate(zip(people, ("female", "male"), strict=True), start=1):
            session.add(ShortlistEntry(shortlist_id=pk(shortlist), seeker_id=pk(person), rank=rank, score=0.0,
                                       source="manual", manual_reason="Sökte själv"))  # fmt: skip
            if (
                session.get(MonitoringAttributes, pk(person)) is None
                and not session.exec(
                    select(MonitoringAttributes).where(MonitoringAttributes.seeker_id == pk(person))
                ).first()
            ):
                session.add(MonitoringAttributes(seeker_id=pk(person), sex=sex, age_band="25-29"))
        session.commit()
        out = (pk(vacancy), people[0].ref, people[1].ref)
    engine.dispose()
    return out


def _check(page: Any, what: str) -> None:
    """No horizontal overflow and no axe violation at 390 and at 1280 px."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        over = int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
        assert over <= 0, f"{what} at {width} px is {over} px too wide"
        assert axe_violations(page) == [], f"{what} at {width} px"
        screenshot(page, f"refusal-{what}-{width}")


def _decide(page: Any, ref: str, decision: str, reason: str, comment: str) -> None:
    row = page.locator(f'#shortlist tr[data-seeker="{ref}"]')
    row.locator("details.decide > summary").click()
    row.get_by_label(decision).check()
    row.get_by_label("Skäl", exact=True).select_option(reason)
    row.get_by_label("Kommentar").fill(comment)
    row.get_by_role("button", name="Spara beslut").click()
    page.wait_for_function(
        "(r) => document.querySelector(`tr[data-seeker='${r}'] .latest`) !== null", arg=ref
    )


def _feedback(vacancy_id: int) -> list[tuple[str, str | None]]:
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        rows = session.exec(select(SupplierFeedback).order_by(col(SupplierFeedback.id))).all()
        out = [(str(r.outcome), r.reason_code) for r in rows]
        assert session.exec(select(ReviewDecision)).first() is not None
    engine.dispose()
    return out


def test_refusal_reasons_reach_the_referring_staff_and_the_auditor(live_server: str, browser: Any) -> None:  # noqa: F811
    base = live_server
    vacancy_id, declined, proposed = _setup()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # axe is injected
    page = context.new_page()

    # Staff decline one person with a reason and propose the other.
    login(page, base, STAFF)
    page.goto(f"{base}/ui/vacancies/{vacancy_id}")
    _decide(page, declined, "Välj bort", "fit_language", "Behöver mer svenska först")
    _decide(page, proposed, "Föreslå för leverantören", "good_fit", "Har städat i tre år")
    page.get_by_role("button", name="Logga ut").click()

    # The supplier answers "not hired" and must say why, from the list.
    login(page, base, SUPPLIER)
    page.goto(f"{base}/ui/vacancies/{vacancy_id}")
    item = page.locator("#proposals > li").first
    item.get_by_label("Utfall").select_option("not_hired")
    item.get_by_role("button", name="Spara återkoppling").click()
    page.locator("[role=alert]", has_text="Välj varför personen inte blev anställd.").first.wait_for()
    item = page.locator("#proposals > li").first
    _check(page, "supplier-reason-missing")
    item.get_by_label("Utfall").select_option("not_hired")
    item.get_by_label("Skäl om personen inte anställs").select_option("no_licence")
    item.get_by_role("button", name="Spara återkoppling").click()
    page.locator("text=Återkopplingen är sparad.").first.wait_for()
    _check(page, "supplier-saved")
    assert _feedback(vacancy_id)[-1] == ("not_hired", "no_licence")
    page.get_by_role("button", name="Logga ut").click()

    # The referring staff read the employer's reason on the list and on the person's page.
    login(page, base, STAFF)
    page.goto(f"{base}/ui/vacancies/{vacancy_id}")
    row = page.locator(f'#shortlist tr[data-seeker="{proposed}"]')
    assert row.locator(".refusal").inner_text() == "Arbetsgivaren tackade nej: saknar körkort B"
    _check(page, "staff-shortlist")
    row.get_by_role("link", name=proposed).click()
    refusals = page.locator("#refusals")
    assert "Arbetsgivaren tackade nej: saknar körkort B" in refusals.inner_text()
    _check(page, "staff-seeker")
    page.goto(f"{base}/ui/vacancies/{vacancy_id}")
    page.locator(f'#shortlist tr[data-seeker="{declined}"]').get_by_role("link", name=declined).click()
    assert "Handläggaren avböjde: svenskan räcker inte för jobbet" in page.locator("#refusals").inner_text()
    page.get_by_role("button", name="Logga ut").click()

    # The auditor finds the reasons counted per group, under the small-group rule.
    login(page, base, AUDITOR)
    page.goto(f"{base}/ui/fairness")
    section = page.locator("#refusal-counts")
    assert "Skäl till nej per grupp" in section.inner_text()
    employer = section.locator('table[data-source="employer"][data-attribute="sex"]')
    licence = employer.locator('tr[data-reason="no_licence"]')
    assert "Saknar körkort eller intyg" in licence.inner_text() and "1" in licence.inner_text()
    staff = section.locator('table[data-source="staff"][data-attribute="sex"]')
    assert "Svenskan räcker inte för jobbet" in staff.inner_text()
    assert "Liten grupp" in staff.inner_text()  # one refusal: counted, no share
    _check(page, "auditor-fairness")
    context.close()
