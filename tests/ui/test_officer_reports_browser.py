"""The officer opens the target-group report from the contract list, at 1280 and 390 px: it fits without
horizontal overflow, passes axe-core, shows the figures of placements made for the test, and writes
"no data" where nobody was followed up. The rows added here are removed afterwards (shared live DB)."""

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import delete
from sqlmodel import Session, col, select

from models import (
    Contract,
    EmploymentRequirement,
    FollowUp,
    JobSeeker,
    Organisation,
    Placement,
    Proposal,
    User,
    Vacancy,
)
from models.base import pk
from service.platform.db import make_engine
from tests.ui.browser import (
    ACTOR,
    OFFICER,
    STAFF,
    axe_violations,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
    screenshot,
)

pytestmark = pytest.mark.browser
REF = "tgr-browser-test"


@pytest.fixture(name="report_data")
def report_data_fixture(live_server: str) -> Iterator[int]:  # noqa: F811
    """A contract of the officer's authority with three hires (two newcomers, one young person) and
    follow-ups for the newcomers only; yields the contract's id and removes everything after."""
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        officer = session.exec(select(User).where(User.email == OFFICER)).one()
        staff = session.exec(select(User).where(User.email == STAFF)).one()
        actor = session.exec(select(Organisation).where(Organisation.ref == ACTOR)).one()
        supplier = session.exec(select(Organisation).where(Organisation.ref == "glansholmen")).one()
        seekers = session.exec(
            select(JobSeeker).where(JobSeeker.matching_actor_id == actor.id).order_by(col(JobSeeker.id))
        ).all()[-3:]
        contract = Contract(
            ref=REF,
            title="Målgruppstest: lokalvård",
            procuring_org_id=officer.organisation_id,
            supplier_org_id=pk(supplier),
            start_date=date(2025, 1, 1),
            end_date=date(2027, 12, 31),
        )
        session.add(contract)
        session.flush()
        session.add(
            EmploymentRequirement(
                contract_id=pk(contract),
                matching_actor_id=pk(actor),
                placement_kinds=["employment"],
                target_groups=["newcomer", "youth"],
                committed_placements=3,
            )
        )
        vacancy = Vacancy(
            ref=REF,
            contract_id=pk(contract),
            title="Lokalvårdare",
            description="Städning av skolor.",
            kind="employment",
        )
        session.add(vacancy)
        session.flush()
        for seeker, group in zip(seekers, ("newcomer", "newcomer", "youth"), strict=True):
            session.add(
                Proposal(
                    seeker_id=pk(seeker),
                    vacancy_id=pk(vacancy),
                    proposed_by=pk(staff),
                    created_at=datetime(2025, 2, 1, 12, tzinfo=UTC),
                )
            )
            placement = Placement(
                seeker_id=pk(seeker),
                vacancy_id=pk(vacancy),
                contract_id=pk(contract),
                kind="employment",
                target_group=group,
                start_date=date(2025, 3, 1),
                end_date=date(2025, 5, 31),
            )
            session.add(placement)
            session.flush()
            if group == "newcomer":
                status = "employed" if seeker is seekers[0] else "unemployed"
                session.add(
                    FollowUp(
                        placement_id=pk(placement),
                        months_after_end=6,
                        status=status,
                        recorded_on=date(2025, 12, 1),
                    )
                )
        session.commit()
        contract_id, vacancy_id = pk(contract), pk(vacancy)
    yield contract_id
    with Session(engine) as session:
        placements = select(Placement.id).where(Placement.contract_id == contract_id)
        session.execute(delete(FollowUp).where(col(FollowUp.placement_id).in_(placements)))
        session.execute(delete(Placement).where(col(Placement.contract_id) == contract_id))
        session.execute(delete(Proposal).where(col(Proposal.vacancy_id) == vacancy_id))
        session.execute(delete(Vacancy).where(col(Vacancy.contract_id) == contract_id))
        session.execute(
            delete(EmploymentRequirement).where(col(EmploymentRequirement.contract_id) == contract_id)
        )
        session.execute(delete(Contract).where(col(Contract.id) == contract_id))
        session.commit()
    engine.dispose()


def test_the_officer_reads_the_target_group_report_on_a_phone_and_a_desktop(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    report_data: int,
) -> None:
    base = live_server
    problems: list[str] = []
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)  # axe
        page = context.new_page()
        login(page, base, OFFICER)
        page.goto(f"{base}/ui/contracts")
        page.get_by_role("link", name="Målgruppsrapport").click()
        page.get_by_label("År", exact=True).fill("2025")
        page.get_by_label("Kontrakt", exact=True).select_option(str(report_data))
        page.get_by_role("button", name="Visa rapporten").click()
        page.wait_for_selector("#tg-scope")
        total = page.locator("table.target-groups").first
        newcomers = total.locator('tr[data-group="newcomer"]')
        everyone = total.locator('tr[data-group="all"]')
        assert everyone.locator("td").nth(0).inner_text() == "3"  # proposed, each proposal once
        assert newcomers.locator("td").nth(1).inner_text() == "2"  # hired
        assert "50" in newcomers.locator("td").nth(2).inner_text()  # 1 of 2 followed up in work
        youth = total.locator('tr[data-group="youth"]')
        assert youth.locator("td").nth(2).inner_text().startswith("inga uppgifter")
        over = int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
        if over > 0:
            problems.append(f"{width} px: {over} px too wide")
        violations = axe_violations(page)
        if violations:
            problems.append(f"{width} px: {violations}")
        screenshot(page, f"officer-target-groups-{width}")
        # The PDF and spreadsheet links answer with their files.
        for name, kind in (("Ladda ned som PDF", "application/pdf"), ("Ladda ned som CSV", "text/csv")):
            href = page.get_by_role("link", name=name).get_attribute("href")
            answer = page.request.get(base + str(href))
            assert answer.ok and answer.headers["content-type"].startswith(kind)
        context.close()
    assert problems == [], problems
