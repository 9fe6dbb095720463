"""A day's work per role, walked through the real UI (issue 25): headless Chromium on the shared live
server and its SQLite database, at 1280 and 390 px. Every page visited must fit the width (no horizontal
overflow) and be axe-core clean, and each step must show its outcome the way a user would see it.

The feature tests (test_upload_browser, test_refusal_browser, test_merge_browser, ...) check each
feature in depth; this file checks that the features join up into whole days. Each run makes its own
placements and people (refs carry the role and the width), so the walks run in any order among
themselves. They add keys, users, placements and a merge to the shared server, which other modules count
on not being there: the file is named to run after every other browser module.
"""

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, select

from models import (
    Contract,
    JobSeeker,
    Organisation,
    Proposal,
    SupplierFeedback,
    User,
    Vacancy,
)
from models.base import pk
from models.enums import ConsentStatus, FeedbackOutcome, Role
from models.vacancy import VacancyCreate
from service.organisations.users import ApiKeyCreate, create_api_key, list_api_keys
from service.platform.db import make_engine
from service.platform.principal import Principal
from service.vacancies.service import create_vacancy
from tests.ui.browser import (
    ACTOR,
    OFFICER,
    PASSWORD,
    STAFF,
    SUPPLIER,
    assert_fits,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
)
from tests.ui.test_officer_reports_browser import report_data_fixture  # noqa: F401
from tests.ui.test_paging_browser import ADMIN, _at_least_users

pytestmark = pytest.mark.browser
WIDTHS = [1280, 390]
AUDITOR = "auditor@matcher.example"
CONTRACT_TITLE = "Lokalvård i skolor och förskolor"  # the demo supplier's contract with the demo actor
SUPPLIER_PLACEMENT = "sundstad-2024-017-v01"
# A placement whose list is long enough to decide on, of a supplier the other browser tests leave alone.
STAFF_PLACEMENT, STAFF_SUPPLIER = "sundstadshem-2025-002-v03", "ahmad.supplier@kvarterets.example"


def _engine() -> Any:
    return make_engine(os.environ["MATCHER_DATABASE_URL"])


@contextmanager
def _day(
    browser: Any,  # noqa: F811
    base: str,
    email: str,
    what: str,
    width: int,
    *,
    hold: bool = False,
) -> Iterator[Any]:
    """A page of a fresh browser at ``width``, logged in as ``email``; the login and home pages checked."""
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)  # axe injected
    if hold:
        # The stale list refreshes itself at once where the browser can; holding that back (as a browser
        # without requestSubmit does) lets the walk see the notice and press its button as a person would.
        context.add_init_script("HTMLFormElement.prototype.requestSubmit = undefined;")
    try:
        page = context.new_page()
        page.goto(f"{base}/ui/login")
        assert_fits(page, f"{what}-login-{width}")
        login(page, base, email)
        assert_fits(page, f"{what}-home-{width}")
        yield page
    finally:
        context.close()


def _placement(like: str, ref: str, title: str) -> int:
    """An open placement made the way the API makes one, a copy of the fixture placement ``like``
    (contract, description, occupation, place) with its own ref and title."""
    engine = _engine()
    with Session(engine) as session:
        template = session.exec(select(Vacancy).where(Vacancy.ref == like)).one()
        contract = session.exec(select(Contract).where(Contract.id == template.contract_id)).one()
        fields = template.model_dump(include=set(VacancyCreate.model_fields))
        body = VacancyCreate.model_validate(
            {
                **fields,
                "ref": ref,
                "title": title,
                "status": "open",
                "required_skills": ["Städning", "Golvvård"],
            }
        )
        who = Principal(role=Role.SUPPLIER, organisation_id=contract.supplier_org_id)
        vacancy_id = pk(create_vacancy(session, who, body))
        session.commit()
    engine.dispose()
    return vacancy_id


def _proposal(vacancy_id: int, nth: int) -> tuple[int, str]:
    """The staff's proposal of a consenting person (the nth from the end) for the placement."""
    engine = _engine()
    with Session(engine) as session:
        actor = session.exec(select(Organisation).where(Organisation.ref == ACTOR)).one()
        staff = session.exec(select(User).where(User.email == STAFF)).one()
        seeker = session.exec(
            select(JobSeeker)
            .where(JobSeeker.matching_actor_id == actor.id, JobSeeker.consent == ConsentStatus.GIVEN)
            .order_by(col(JobSeeker.id))
        ).all()[10 + nth]  # a fixture person: other browser tests register and merge the newest
        proposal = Proposal(seeker_id=pk(seeker), vacancy_id=vacancy_id, proposed_by=pk(staff))
        session.add(proposal)
        session.commit()
        out = (pk(proposal), seeker.ref)
    engine.dispose()
    return out


# --- supplier ----------------------------------------------------------------------------------------


def _ads(tmp_path: Path, width: int) -> Path:
    """Two schema.org JobPosting ads, as suppliers publish them; identifiers unique to this run."""
    ads = [
        {
            "@type": "JobPosting",
            "identifier": f"dagen-{width}-{n}",
            "title": title,
            "description": text,
            "datePosted": "2026-11-20",
            "validThrough": "2030-06-30",
            "jobLocation": {"@type": "Place", "address": "Malmö"},
            "employmentType": "Heltid",
        }
        for n, (title, text) in enumerate(
            [
                (f"Lokalvårdare kväll {width}", "Städning av skolor på kvällstid. Du har körkort B."),
                (f"Fönsterputsare {width}", "Fönsterputs i förskolor, dagtid."),
            ]
        )
    ]
    path = tmp_path / f"annonser-{width}.json"
    path.write_text(json.dumps(ads, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_a_suppliers_day(live_server: str, browser: Any, width: int, tmp_path: Path) -> None:  # noqa: F811
    base = live_server
    answered = _placement(SUPPLIER_PLACEMENT, f"dagen-supplier-{width}", f"Lokalvårdare med förslag {width}")
    proposal_id, candidate = _proposal(answered, 0 if width > 500 else 1)
    with _day(browser, base, SUPPLIER, "day-supplier", width) as page:
        # Import the published ads: preview first, nothing saved until confirmed.
        page.goto(f"{base}/ui/vacancies")
        assert_fits(page, f"day-supplier-placements-{width}")
        page.get_by_role("link", name="Ladda upp annonser från fil").click()
        page.wait_for_url("**/ui/upload")
        assert_fits(page, f"day-supplier-upload-{width}")
        page.get_by_label("Avtal som platserna hör till").select_option(label=CONTRACT_TITLE)
        page.get_by_label("Fil").set_input_files(str(_ads(tmp_path, width)))
        page.get_by_role("button", name="Förhandsgranska").click()
        page.wait_for_selector("#upload-rows")
        assert "Nya platser: 2" in page.locator("#upload-counts").inner_text()
        assert "Inget är sparat ännu." in page.content()
        assert_fits(page, f"day-supplier-preview-{width}")
        page.get_by_role("button", name="Bekräfta och spara").click()
        page.wait_for_selector("#upload-result")
        assert "2 nya" in page.locator("#upload-result").inner_text()
        assert_fits(page, f"day-supplier-imported-{width}")
        page.get_by_role("link", name=f"Lokalvårdare kväll {width}").click()
        page.wait_for_selector("#placement-details")
        assert "Städning av skolor på kvällstid" in page.locator("#placement-details").inner_text()
        assert_fits(page, f"day-supplier-placement-{width}")

        # Edit it: what was saved shows on the placement's page.
        page.get_by_role("link", name="Ändra platsen").click()
        page.wait_for_url(re.compile(r".*/ui/vacancies/\d+/edit$"))
        assert_fits(page, f"day-supplier-edit-{width}")
        page.get_by_label("Meriterande kompetenser (kommaseparerade)").fill("Fönsterputs, Golvvård")
        page.get_by_role("button", name="Spara").click()
        page.wait_for_url("**notice=vac.saved**")
        assert "Platsen är sparad." in page.locator("main").inner_text()
        assert "Fönsterputs" in page.locator("#placement-details").inner_text()
        assert_fits(page, f"day-supplier-edited-{width}")

        # Answer the staff's proposal: "hired" needs a start date; "not hired" needs a reason from the list.
        page.goto(f"{base}/ui/vacancies/{answered}")
        item = page.locator(f"#proposal-{proposal_id}")
        assert candidate not in item.inner_text()  # the supplier sees a candidate number, not the ref
        assert_fits(page, f"day-supplier-proposals-{width}")
        item.get_by_label("Utfall").select_option(label="Anställd")
        item.get_by_role("button", name="Spara återkoppling").click()
        page.locator("[role=alert]", has_text="Skriv startdatum när personen är anställd").first.wait_for()
        assert_fits(page, f"day-supplier-hired-refused-{width}")
        item = page.locator(f"#proposal-{proposal_id}")
        item.get_by_label("Utfall").select_option(label="Inte anställd")
        item.get_by_label("Skäl om personen inte anställs").select_option("no_licence")
        item.get_by_role("button", name="Spara återkoppling").click()
        page.locator("text=Återkopplingen är sparad.").first.wait_for()
        assert "Inte anställd" in page.locator(f"#proposal-{proposal_id} .proposal-status").inner_text()
        assert_fits(page, f"day-supplier-answered-{width}")
    engine = _engine()
    with Session(engine) as session:
        saved = session.exec(
            select(SupplierFeedback).where(SupplierFeedback.proposal_id == proposal_id)
        ).all()
    engine.dispose()
    assert [(str(s.outcome), s.reason_code) for s in saved] == [("not_hired", "no_licence")]


# --- staff -------------------------------------------------------------------------------------------


def _luhn(nine: str) -> str:
    digits = [int(d) * (2 - i % 2) for i, d in enumerate(nine)]
    return str((10 - sum(d // 10 + d % 10 for d in digits) % 10) % 10)


def _registered_twice(base: str, width: int) -> tuple[int, int]:
    """One person registered twice through the API, the second time with another personnummer (a typo)."""
    token = httpx.post(f"{base}/auth/token", data={"username": STAFF, "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    actor = httpx.get(f"{base}/auth/me", headers=headers).json()["organisation_id"]
    born, name = ("19830921", "Saga Lindqvist") if width > 500 else ("19841022", "Emil Berglöf")
    ids = []
    for n, serial in enumerate(("238", "246")):
        number = f"{born}-{serial}{_luhn(born[2:] + serial)}"
        identity = {"full_name": name, "personal_number": number, "phone": f"070-555 1{n} {width % 100:02d}"}
        body = {"ref": f"dagen-twice-{width}-{n}", "matching_actor_id": actor, "consent": "given",
                "profile_text": "Lokalvårdare, vill arbeta dagtid.", "municipality_code": "1280",
                "identity": identity}  # fmt: skip
        answer = httpx.post(f"{base}/seekers", json=body, headers=headers)
        assert answer.status_code == 201, answer.text
        ids.append(int(answer.json()["id"]))
    assert answer.json()["possible_duplicates"] == [ids[0]]
    return ids[0], ids[1]


def _compute(page: Any, button: str) -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**notice=prog.done**", timeout=180_000)  # a cold pool embeds its profiles first
    if page.locator("#shortlist > tbody > tr").count() == 0:
        raise AssertionError(f"an empty list: {page.locator('main').inner_text()}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_staff_members_day(live_server: str, browser: Any, width: int) -> None:  # noqa: F811
    base = live_server
    vacancy_id = _placement(STAFF_PLACEMENT, f"dagen-staff-{width}", f"Lokalvårdare skolor {width}")
    first, second = _registered_twice(base, width)
    with _day(browser, base, STAFF, "day-staff", width, hold=True) as page:
        # Read the ad before deciding on it.
        page.goto(f"{base}/ui/vacancies/{vacancy_id}")
        assert page.get_by_role("heading", name="Om platsen").is_visible()
        assert page.locator("#place-description").inner_text().strip()
        required = page.locator("#place-required").inner_text()
        assert "Städning" in required and "Golvvård" in required
        assert_fits(page, f"day-staff-placement-{width}")

        # The shortlist, and a decision on one row, taken in place.
        _compute(page, "Beräkna kortlista")
        assert page.locator("#stale-notice").count() == 0
        assert_fits(page, f"day-staff-shortlist-{width}")
        row = page.locator("#shortlist > tbody > tr").first
        ref = str(row.get_attribute("data-seeker"))
        row.locator("details.decide > summary").click()
        row.get_by_label("Föreslå för leverantören").check()
        row.get_by_label("Skäl", exact=True).select_option("good_fit")
        row.get_by_label("Kommentar").fill("Har städat skolor i två år")
        row.get_by_role("button", name="Spara beslut").click()
        page.locator("#page-status", has_text="föreslagen").wait_for()
        assert "Föreslagen" in page.locator(f'#shortlist tr[data-seeker="{ref}"]').inner_text()
        assert_fits(page, f"day-staff-decided-{width}")

        # The supplier changes the placement in the app's own form...
        with _day(browser, base, STAFF_SUPPLIER, "day-staff-supplier", width) as other:
            other.goto(f"{base}/ui/vacancies/{vacancy_id}/edit")
            assert_fits(other, f"day-staff-supplier-edit-{width}")
            other.get_by_label("Meriterande kompetenser (kommaseparerade)").fill("Trappstädning")
            other.get_by_role("button", name="Spara").click()
            other.wait_for_url("**notice=vac.saved**")

        # ...and staff see the list marked stale, refresh it, and the decision is still there.
        page.goto(f"{base}/ui/vacancies/{vacancy_id}")
        notice = page.locator("#stale-notice")
        assert "Platsen har ändrats sedan listan togs fram" in notice.inner_text()
        assert_fits(page, f"day-staff-stale-{width}")
        _compute(page, "Räkna om listan nu")
        assert page.locator("#stale-notice").count() == 0
        kept = page.locator(f"#shortlist tr[data-seeker='{ref}'], #dropped tr[data-seeker='{ref}']").first
        assert "Föreslagen" in kept.inner_text()
        assert_fits(page, f"day-staff-refreshed-{width}")

        # A person registered twice: compared and merged into one record.
        page.goto(f"{base}/ui/seekers")
        assert_fits(page, f"day-staff-seekers-{width}")
        page.get_by_role("link", name="Möjliga dubbletter att gå igenom").click()
        page.wait_for_url(f"{base}/ui/seekers/duplicates")
        assert_fits(page, f"day-staff-duplicates-{width}")
        page.locator(f"a[href='/ui/seekers/{first}/merge/{second}']").click()
        page.wait_for_url(f"{base}/ui/seekers/{first}/merge/{second}")
        assert_fits(page, f"day-staff-merge-{width}")
        page.get_by_role("button", name="Slå ihop").click()
        page.wait_for_url(f"{base}/ui/seekers/{first}?merged_from={second}")
        assert f"Post {second} var samma person" in page.locator("#merged-notice").inner_text()
        assert_fits(page, f"day-staff-merged-{width}")


# --- officer, auditor, admin -------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_an_officers_day(live_server: str, browser: Any, width: int, report_data: int) -> None:  # noqa: F811
    base = live_server
    with _day(browser, base, OFFICER, "day-officer", width) as page:
        page.goto(f"{base}/ui/contracts")
        assert_fits(page, f"day-officer-contracts-{width}")
        page.get_by_role("link", name="Målgruppsrapport").click()
        assert_fits(page, f"day-officer-report-form-{width}")
        page.get_by_label("År", exact=True).fill("2025")
        page.get_by_label("Kontrakt", exact=True).select_option(str(report_data))
        page.get_by_role("button", name="Visa rapporten").click()
        page.wait_for_selector("#tg-scope")
        everyone = page.locator("table.target-groups").first.locator('tr[data-group="all"]')
        assert everyone.locator("td").nth(0).inner_text() == "3"  # proposed
        assert everyone.locator("td").nth(1).inner_text() == "3"  # hired
        assert_fits(page, f"day-officer-report-{width}")
        with page.expect_download() as download:
            page.get_by_role("link", name="Ladda ned som CSV").click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        assert ";" in text.splitlines()[0] and len(text.splitlines()) > 1  # a Swedish spreadsheet's columns


@pytest.fixture(name="refusal", scope="module")
def refusal_fixture(live_server: str) -> Iterator[None]:  # noqa: F811
    """One proposal the employer declined for want of a licence, recorded as the supplier records it."""
    vacancy_id = _placement(SUPPLIER_PLACEMENT, "dagen-auditor", "Lokalvårdare, förskola")
    proposal_id, _ = _proposal(vacancy_id, 2)
    engine = _engine()
    with Session(engine) as session:
        supplier = session.exec(select(User).where(User.email == SUPPLIER)).one()
        refused = FeedbackOutcome.NOT_HIRED
        session.add(
            SupplierFeedback(
                proposal_id=proposal_id, outcome=refused, reason_code="no_licence", given_by=pk(supplier)
            )
        )
        session.commit()
    engine.dispose()
    yield


@pytest.mark.parametrize("width", WIDTHS)
def test_an_auditors_day(live_server: str, browser: Any, width: int, refusal: None) -> None:  # noqa: F811
    base = live_server
    with _day(browser, base, AUDITOR, "day-auditor", width) as page:
        page.goto(f"{base}/ui/fairness")
        section = page.locator("#refusal-counts")
        assert section.get_by_role("heading", name="Skäl till nej per grupp").is_visible()
        employer = section.locator("#rf-employer + p").inner_text()
        assert int(employer.split()[0]) >= 1, employer
        assert_fits(page, f"day-auditor-fairness-{width}")


def _at_least_keys(n: int) -> int:
    engine = _engine()
    with Session(engine) as session:
        actor = session.exec(select(Organisation).where(Organisation.ref == ACTOR)).one()
        have = list_api_keys(session, 0, 1, include_revoked=True)[1]
        for i in range(max(0, n - have)):
            create_api_key(session, ApiKeyCreate(name=f"Nattkörning {i + 1}", organisation_id=pk(actor)))
        session.commit()
        total = list_api_keys(session, 0, 1, include_revoked=True)[1]
    engine.dispose()
    return total


@pytest.mark.parametrize("width", WIDTHS)
def test_an_admins_day(live_server: str, browser: Any, width: int) -> None:  # noqa: F811
    base = live_server
    users, keys = _at_least_users(60), _at_least_keys(55)
    with _day(browser, base, ADMIN, "day-admin", width) as page:
        for path, name, total in (("users", "users", users), ("api-keys", "keys", keys)):
            page.goto(f"{base}/ui/admin/{path}")
            assert page.locator(f"#{name}-count").inner_text() == f"Visar 1–50 av {total}"
            assert_fits(page, f"day-admin-{name}-1-{width}")
            page.get_by_role("navigation", name="Sidor").get_by_role("link", name="Nästa sida").click()
            page.wait_for_url(re.compile(rf".*/ui/admin/{path}\?page=2$"))
            assert page.locator(f"#{name}-count").inner_text().startswith("Visar 51–")
            assert page.locator(f"#{name} tbody tr").count() == min(50, total - 50)
            assert_fits(page, f"day-admin-{name}-2-{width}")
