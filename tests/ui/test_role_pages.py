"""Each role's main journey in real headless Chromium, with axe-core on every page in both languages.

The auditor reads the fairness report and finds the read on the audit trail; the admin creates a user
(who then logs in), an API key and switches manual mode with a reason; the procurement officer writes a
contract with its requirement, edits it and downloads the CSV and the annual report; the supplier sees
its fulfilment. Screenshots land in test-output/screenshots (not committed).
"""

import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from models import (
    Contract,
    EmploymentRequirement,
    JobSeeker,
    MonitoringAttributes,
    Organisation,
    Placement,
    Vacancy,
)
from models.base import pk
from service.platform.db import make_engine
from service.reporting.followup import counts_toward
from tests.ui.browser import (
    OFFICER,
    SUPPLIER,
    axe_violations,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
    logout,
    screenshot,
)

pytestmark = pytest.mark.browser
AUDITOR = "auditor@matcher.example"
ADMIN = "admin@matcher.example"
SUPPLIER_ORG = "glansholmen"


def check_page(page: Any, base: str, path: str, name: str) -> None:
    """The page in Swedish and English: no axe violation; a screenshot of the Swedish one."""
    for lang in ("en", "sv"):
        page.context.add_cookies([{"name": "lang", "value": lang, "url": base}])
        page.goto(base + path)
        violations = axe_violations(page)
        assert violations == [], f"{path} ({lang}): {violations}"
    screenshot(page, name)


@pytest.fixture(scope="module")
def history(live_server: str) -> Iterator[dict[str, int]]:  # noqa: F811
    """Monitoring attributes for every seeker and placements for some, under the supplier's contract.

    Men are placed three times as often as women, so the fairness report has something to flag.
    """
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        supplier = session.exec(select(Organisation).where(Organisation.ref == SUPPLIER_ORG)).one()
        vacancy, contract, requirement = session.exec(
            select(Vacancy, Contract, EmploymentRequirement)
            .join(Contract, col(Contract.id) == col(Vacancy.contract_id))
            .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Contract.id))
            .where(Contract.supplier_org_id == supplier.id)
            .order_by(col(Vacancy.id))
        ).first()  # type: ignore[misc]
        seekers = session.exec(select(JobSeeker).order_by(col(JobSeeker.id))).all()
        start = date.today() - timedelta(days=60)
        for i, seeker in enumerate(seekers):
            sex = "female" if i % 2 else "male"
            # Other browser modules share this server and may have recorded some people already.
            attributes = session.exec(
                select(MonitoringAttributes).where(MonitoringAttributes.seeker_id == pk(seeker))
            ).first() or MonitoringAttributes(seeker_id=pk(seeker))
            attributes.sex, attributes.age_band, attributes.born_abroad = sex, "30-49", i % 3 == 0
            session.add(attributes)
            if (sex == "male" and i % 4 == 0) or (sex == "female" and i % 12 == 1):
                session.add(
                    Placement(
                        seeker_id=pk(seeker), vacancy_id=pk(vacancy), contract_id=pk(contract),
                        kind=requirement.placement_kinds[0], target_group=requirement.target_groups[0],
                        start_date=start, end_date=None,
                    )
                )  # fmt: skip
        session.commit()
        placements = session.exec(select(Placement).where(Placement.contract_id == pk(contract))).all()
        counted = sum(counts_toward(p, requirement) for p in placements)
        yield {"contract_id": pk(contract), "counted": counted}
    engine.dispose()


def test_the_auditor_reads_the_fairness_report_and_finds_the_read_on_the_trail(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    history: dict[str, int],
) -> None:
    base = live_server
    page = browser.new_page(bypass_csp=True)  # axe is injected as an inline script
    login(page, base, AUDITOR)
    page.get_by_role("link", name="Likabehandling").first.click()
    page.wait_for_url(f"{base}/ui/fairness")
    assert page.get_by_role("heading", level=1).inner_text() == "Uppföljning av likabehandling"
    hired = page.locator("section", has=page.locator("#stage-hired"))
    women = hired.locator("table.fairness tr", has_text="Kvinna").first
    assert "Under fyra femtedelar" in women.inner_text()  # 1 in 6 placed against 1 in 2
    assert hired.locator("svg[role=img]").count() >= 3
    assert "konfidensintervall" in page.inner_text("main") and "färre än 20" in page.inner_text("main")
    check_page(page, base, "/ui/fairness", "auditor-fairness")

    page.goto(f"{base}/ui/audit")
    page.get_by_label("Händelse").select_option("fairness.read")
    page.get_by_role("button", name="Visa").click()
    rows = page.locator("#audit tbody tr")
    assert rows.count() >= 1 and "fairness.read" in rows.first.inner_text()
    assert "Demo Granskare" in rows.first.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned urvalet som CSV").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("id,at,actor_label") and all("fairness.read" in line for line in lines[1:])
    check_page(page, base, "/ui/audit?action=fairness.read", "auditor-audit-log")
    page.close()


def test_the_admin_creates_a_user_and_a_key_and_switches_manual_mode(live_server: str, browser: Any) -> None:  # noqa: F811
    base = live_server
    page = browser.new_page(bypass_csp=True)  # axe is injected as an inline script
    login(page, base, ADMIN)
    page.get_by_role("link", name="Administration").first.click()
    check_page(page, base, "/ui/admin", "admin-overview")

    # Manual mode: the reason is required, and the switch and its reason are shown afterwards.
    page.get_by_role("button", name="Slå på manuellt läge (stäng av motorn)").click()
    assert page.locator("#reason-error").inner_text() == "Skriv varför du ändrar läget."
    page.get_by_label("Skäl till ändringen").fill("Motorn granskas efter klagomål")
    page.get_by_role("button", name="Slå på manuellt läge (stäng av motorn)").click()
    assert "PÅ" in page.locator("#manual-state").inner_text()
    assert "Motorn granskas efter klagomål" in page.inner_text("main")
    page.get_by_label("Skäl till ändringen").fill("Granskningen klar")
    page.get_by_role("button", name="Slå av manuellt läge (starta motorn)").click()
    assert "av" in page.locator("#manual-state").inner_text()

    page.goto(f"{base}/ui/admin/users")
    page.get_by_label("Namn", exact=True).fill("Eva Testsson")
    page.get_by_label("E-postadress").fill("eva.test@ame.example")
    page.get_by_label("Roll").select_option("staff")
    actor = "Arbetsmarknadsenheten Sundstads kommun"
    page.get_by_label("Organisation").select_option(label=f"{actor} (Matchande aktör)")
    page.get_by_role("button", name="Skapa användaren").click()
    password = page.locator("#temp-password").inner_text()
    assert len(password) >= 12
    assert page.locator('#users tr[data-email="eva.test@ame.example"]').count() == 1
    check_page(page, base, "/ui/admin/users", "admin-users")
    assert page.locator("#temp-password").count() == 0  # shown once, in the answer to the POST only

    page.goto(f"{base}/ui/admin/api-keys")
    page.get_by_label("Namn på nyckeln").fill("Nattlig omrankning")
    page.get_by_role("button", name="Skapa nyckeln").click()
    key = page.locator("#new-key").inner_text()
    assert len(key) > 20
    check_page(page, base, "/ui/admin/api-keys", "admin-keys")
    assert key not in page.content() and "Nattlig omrankning" in page.inner_text("#keys")
    check_page(page, base, "/ui/admin/organisations", "admin-organisations")
    logout(page)

    # The new user's temporary password works once: first of all it has to be changed.
    page.goto(f"{base}/ui/login")
    page.get_by_label("E-postadress").fill("eva.test@ame.example")
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/ui/account/password?next=/ui/")
    assert "Ditt lösenord är tillfälligt" in page.locator("#temporary-note").inner_text()
    page.goto(f"{base}/ui/vacancies")  # every other page waits until it is changed
    page.wait_for_url(f"{base}/ui/account/password?next=/ui/vacancies")
    check_page(page, base, "/ui/account/password", "account-password-temporary")
    page.get_by_label("Nuvarande lösenord").fill(password)
    page.get_by_label("Nytt lösenord", exact=True).fill("Evas egen lösenfras 2026")
    page.get_by_label("Upprepa det nya lösenordet").fill("Evas egen lösenfras 2025")
    page.get_by_role("button", name="Byt lösenord").click()
    assert "Du skrev två olika nya lösenord" in page.locator("#new_password_repeat-error").inner_text()
    assert page.get_by_label("Upprepa det nya lösenordet").get_attribute("aria-invalid") == "true"
    assert axe_violations(page) == []
    page.get_by_label("Nuvarande lösenord").fill(password)
    page.get_by_label("Nytt lösenord", exact=True).fill("Evas egen lösenfras 2026")
    page.get_by_label("Upprepa det nya lösenordet").fill("Evas egen lösenfras 2026")
    page.get_by_role("button", name="Byt lösenord").click()
    page.wait_for_url(f"{base}/ui/?msg=account.password.changed")
    assert page.locator("#page-message").inner_text() == "Ditt lösenord är bytt."
    assert "Eva Testsson" in page.inner_text("header")
    page.goto(f"{base}/ui/vacancies")
    assert page.url == f"{base}/ui/vacancies"  # the service is open to her now
    logout(page)
    page.goto(f"{base}/ui/login")
    page.get_by_label("E-postadress").fill("eva.test@ame.example")
    page.get_by_label("Lösenord").fill("Evas egen lösenfras 2026")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/ui/")
    page.close()


def test_the_officer_writes_a_contract_and_downloads_the_report(live_server: str, browser: Any) -> None:  # noqa: F811
    base = live_server
    page = browser.new_page(bypass_csp=True)  # axe is injected as an inline script
    login(page, base, OFFICER)
    page.get_by_role("link", name="Kontrakt", exact=True).first.click()
    page.get_by_role("link", name="Nytt kontrakt").click()
    check_page(page, base, "/ui/contracts/new", "officer-contract-new")
    page.get_by_role("button", name="Spara").click()  # empty: every missing field is named, nothing saved
    assert page.locator("#f-ref-error").is_visible() and page.locator("#groups-error").is_visible()
    page.get_by_label("Referens").fill("sundstad-2026-901")
    page.get_by_label("Benämning").fill("Fönsterputs i kommunens lokaler")
    page.get_by_label("Leverantör").select_option(label="Glansholmens Städservice AB")
    page.get_by_label("Startdatum").fill("2026-01-01")
    page.get_by_label("Slutdatum").fill("2027-12-31")
    page.get_by_label("Matchande aktör").select_option(label="Arbetsmarknadsenheten Sundstads kommun")
    page.get_by_label("Långtidsarbetslös").check()
    page.get_by_label("Anställning").check()
    page.get_by_label("Åtagande: antal personer").fill("3")
    page.get_by_role("button", name="Spara").click()
    assert page.locator("p.notice").inner_text() == "Kontraktet är sparat."
    assert page.get_by_role("heading", level=1).inner_text() == "Fönsterputs i kommunens lokaler"
    assert page.locator("svg[role=img]").count() >= 1
    contract_path = page.url.removeprefix(base).split("?")[0]
    check_page(page, base, contract_path, "officer-contract")

    page.goto(f"{base}{contract_path}/edit")
    page.get_by_label("Åtagande: antal personer").fill("4")
    page.get_by_role("button", name="Spara").click()
    assert "4" in page.locator("#fulfilment tr", has_text="Placeringar som räknas").inner_text()

    page.goto(f"{base}/ui/contracts")
    check_page(page, base, "/ui/contracts", "officer-contracts")
    assert page.locator('tr[data-contract="sundstad-2026-901"]').count() == 1
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Uppföljning av alla kontrakt (CSV för kalkylprogram)").click()
    sheet = Path(csv_download.value.path()).read_bytes()
    assert sheet.startswith("\ufeff".encode()) and b";" in sheet  # opens as columns in a Swedish spreadsheet
    assert "sundstad-2026-901" in sheet.decode("utf-8-sig")
    page.get_by_label("Format").select_option("pdf")
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Hämta årsrapporten").click()
    assert Path(pdf_download.value.path()).read_bytes().startswith(b"%PDF-")
    page.goto(f"{base}/ui/reports/annual?year={date.today().year}&format=html")
    assert "årsrapport" in page.title() and "sundstad-2026-901" in page.content()
    assert "slattbo-2024-004" not in page.content()  # another authority's contract
    page.close()


def test_the_supplier_sees_its_fulfilment(live_server: str, browser: Any, history: dict[str, int]) -> None:  # noqa: F811
    base = live_server
    page = browser.new_page(bypass_csp=True)  # axe is injected as an inline script
    login(page, base, SUPPLIER)
    page.get_by_role("link", name="Uppfyllelse", exact=True).click()
    page.wait_for_url(f"{base}/ui/fulfilment")
    sections = page.locator("section.contract")
    assert sections.count() >= 1
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        ref = session.get(Contract, history["contract_id"]).ref  # type: ignore[union-attr]
    engine.dispose()
    ours = page.locator(f'section[data-contract="{ref}"]')
    assert int(ours.locator("td.placements").inner_text()) == history["counted"] >= 1
    assert "Första placeringen senast" in ours.inner_text()
    check_page(page, base, "/ui/fulfilment", "supplier-fulfilment")
    page.close()


def test_error_pages_have_no_violations(live_server: str, browser: Any) -> None:  # noqa: F811
    page = browser.new_page(bypass_csp=True)  # axe is injected as an inline script
    login(page, live_server, SUPPLIER)
    check_page(page, live_server, "/ui/contracts", "error-403")
    assert "rollen Leverantör" in page.inner_text("main")
    check_page(page, live_server, "/ui/no-such-page", "error-404")
    page.close()
