"""Every role's main pages fit a phone (390 px) and a desktop (1280 px) without horizontal page overflow.

Wide tables scroll inside their own labelled, focusable box; forms stack; axe-core stays clean at 390 px.
On the shortlist (a card per row on a phone) each row's decision form opens on demand (a <details>), so a
list of 50 rows stays a reasonable page; it opens and saves on a phone, with and without JavaScript.
"""

import os
from typing import Any

import pytest
from sqlmodel import Session, col, select

from models import Contract, EmploymentRequirement, JobSeeker, Organisation, Vacancy
from models.enums import VacancyStatus
from service.platform.db import make_engine
from tests.ui.browser import (
    ACTOR,
    OFFICER,
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
ADMIN = "admin@matcher.example"
WIDTHS = (390, 1280)


def _ids() -> dict[str, int]:
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        actor = session.exec(select(Organisation).where(Organisation.ref == ACTOR)).one()
        supplier = session.exec(select(Organisation).where(Organisation.ref == "glansholmen")).one()
        vacancies = session.exec(
            select(Vacancy.id)
            .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
            .where(EmploymentRequirement.matching_actor_id == actor.id, Vacancy.status == VacancyStatus.OPEN)
            .order_by(col(Vacancy.id))
        ).all()
        own = session.exec(
            select(Vacancy.id)
            .join(Contract, col(Contract.id) == col(Vacancy.contract_id))
            .where(Contract.supplier_org_id == supplier.id)
            .order_by(col(Vacancy.id))
        ).first()
        contract = session.exec(
            select(Contract.id).where(Contract.supplier_org_id == supplier.id).order_by(col(Contract.id))
        ).first()
        seeker = session.exec(
            select(JobSeeker.id).where(JobSeeker.matching_actor_id == actor.id).order_by(col(JobSeeker.id))
        ).first()
    engine.dispose()
    # Other browser tests decide on the first, second and last open placement: this one takes the middle.
    placement = vacancies[len(vacancies) // 2]
    return {
        "placement": int(placement or 0),
        "own": int(own or 0),
        "contract": int(contract or 0),
        "seeker": int(seeker or 0),
    }


def _pages(ids: dict[str, int]) -> dict[str | None, list[str]]:
    return {
        STAFF: [
            "/ui/",
            "/ui/vacancies",
            "/ui/seekers",
            f"/ui/seekers/{ids['seeker']}",
            f"/ui/vacancies/{ids['placement']}",
            "/ui/account/password",
        ],
        SUPPLIER: [
            "/ui/",
            "/ui/vacancies",
            "/ui/vacancies/new",
            f"/ui/vacancies/{ids['own']}",
            "/ui/fulfilment",
        ],
        OFFICER: ["/ui/", "/ui/contracts", "/ui/contracts/new", f"/ui/contracts/{ids['contract']}"],
        AUDITOR: ["/ui/", "/ui/audit", "/ui/fairness"],
        ADMIN: ["/ui/", "/ui/admin", "/ui/admin/users", "/ui/admin/api-keys", "/ui/admin/organisations"],
        None: ["/ui/login", "/ui/accessibility"],
    }


def _overflow(page: Any) -> int:
    """How far the page reaches past the window's width (0 when nothing sticks out)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def _culprits(page: Any) -> list[str]:
    """The outermost elements that reach past the window (for the failure message)."""
    return list(
        page.evaluate(
            """() => {
              const w = window.innerWidth, out = [];
              for (const e of document.body.querySelectorAll('*')) {
                const r = e.getBoundingClientRect();
                const p = e.parentElement.getBoundingClientRect();
                if (r.right > w + 1 && p.right <= w + 1) {
                  const name = `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${e.className}`;
                  out.push(`${name} ${Math.round(r.right)}`);
                }
              }
              return out.slice(0, 5);
            }"""
        )
    )


def _shrunk_charts(page: Any) -> list[float]:
    """The scale of each shown chart drawn at less than 0.9 of its size (12 px text under 11 px)."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('svg.chart')]
                 .filter(s => s.getBoundingClientRect().width > 0)
                 .map(s => s.getBoundingClientRect().width / s.viewBox.baseVal.width)
                 .filter(r => r < 0.9).map(r => Math.round(r * 100) / 100)"""
        )
    )


def _shortlist(page: Any, base: str, placement: int) -> None:
    page.goto(f"{base}/ui/vacancies/{placement}")
    if page.locator("#shortlist > tbody > tr").count() == 0:
        page.get_by_role("button", name="Beräkna kortlista").click()
        page.wait_for_url("**notice=prog.done**", timeout=180_000)  # a cold pool embeds its profiles first
        page.wait_for_selector("#shortlist > tbody > tr")


@pytest.mark.parametrize("who", list(_pages({"placement": 0, "own": 0, "contract": 0, "seeker": 0})),
                         ids=lambda w: (w or "anonymous").split("@")[0])  # fmt: skip
def test_every_main_page_fits_a_phone_and_a_desktop(live_server: str, browser: Any, who: str | None) -> None:  # noqa: F811
    base = live_server
    ids = _ids()
    wide: list[str] = []
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)  # axe
        page = context.new_page()
        if who:
            login(page, base, who)
        for path in _pages(ids)[who]:
            if who == STAFF and path.startswith("/ui/vacancies/"):
                _shortlist(page, base, ids["placement"])
            else:
                page.goto(base + path)
            over = _overflow(page)
            if over > 0:
                wide.append(f"{path} at {width} px: {width + over} px wide {_culprits(page)}")
            shrunk = _shrunk_charts(page)
            if shrunk:  # a chart scaled down shrinks its text with it
                wide.append(f"{path} at {width} px: charts drawn at {shrunk} of their size")
            if width == 390:  # the cards and stacked forms of the phone layout stay accessible
                violations = axe_violations(page)
                if violations:
                    wide.append(f"{path} at {width} px: {violations}")
                name = path.strip("/").replace("/", "-") or "home"
                screenshot(page, f"phone-{(who or 'anonymous').split('@')[0]}-{name}")
        context.close()
    assert wide == [], wide  # too wide, or an accessibility violation


def test_the_shortlist_decision_opens_and_saves_on_a_phone(live_server: str, browser: Any) -> None:  # noqa: F811
    base = live_server
    ids = _ids()
    context = browser.new_context(viewport={"width": 390, "height": 800}, bypass_csp=True)  # axe is injected
    page = context.new_page()
    login(page, base, STAFF)
    _shortlist(page, base, ids["placement"])
    rows = page.locator("#shortlist > tbody > tr")
    # The rows with their forms closed, and with every form open (about the page as it was before).
    heights = """(open) => {
      document.querySelectorAll('details.decide').forEach((d) => { d.open = open; });
      const rows = [...document.querySelectorAll('#shortlist > tbody > tr')];
      const tall = rows.reduce((s, r) => s + r.getBoundingClientRect().height, 0);
      return [tall, document.documentElement.scrollHeight];
    }"""
    (closed, page_closed), (opened, page_opened) = page.evaluate(heights, False), page.evaluate(heights, True)
    print(
        f"shortlist at 390 px: {rows.count()} rows, {closed:.0f} px of rows, page {page_closed} px;"
        f" every form open: {opened:.0f} px of rows, page {page_opened} px"
    )
    assert closed < opened / 2
    page.evaluate("document.querySelectorAll('details.decide').forEach((d) => { d.open = false; })")
    assert _overflow(page) <= 0
    # Closed, the decision form is out of the way; the table scrolls in its own labelled, focusable box.
    box = page.locator(".table-scroll", has=page.locator("#shortlist"))
    assert box.get_attribute("role") == "region" and box.get_attribute("tabindex") == "0"
    assert box.get_attribute("aria-labelledby") == "shortlist-heading"
    row = rows.first
    ref = row.get_attribute("data-seeker")
    form = row.locator("form.decide-form")
    assert not form.is_visible()
    row.locator("details.decide > summary").click()
    assert form.is_visible()
    row.get_by_label("Avvakta").check()
    row.get_by_label("Skäl").select_option("needs_more_info")
    row.get_by_role("button", name="Spara beslut").click()
    page.wait_for_function(
        "(r) => document.querySelector(`tr[data-seeker='${r}'] .latest`) !== null", arg=ref
    )
    assert "Avvakta" in page.locator(f'#shortlist tr[data-seeker="{ref}"] .latest').inner_text()
    assert _overflow(page) <= 0
    assert axe_violations(page) == []
    screenshot(page, "phone-shortlist-decided")
    context.close()

    # Without JavaScript the form opens (a plain <details>) and posts as usual.
    plain = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = plain.new_page()
    login(page, base, STAFF)
    page.goto(f"{base}/ui/vacancies/{ids['placement']}")
    row = page.locator("#shortlist > tbody > tr").nth(1)
    ref = row.get_attribute("data-seeker")
    row.locator("details.decide > summary").click()
    row.get_by_label("Välj bort").check()
    row.get_by_label("Skäl").select_option("not_eligible")
    row.get_by_role("button", name="Spara beslut").click()
    page.wait_for_url("**/ui/vacancies/**")
    assert "Välj bort" in page.locator(f'#shortlist tr[data-seeker="{ref}"] .latest').inner_text()
    assert _overflow(page) <= 0
    plain.close()
