"""The admin pages through a long user list in a real browser (headless Chromium), on a desktop (1280 px)
and a phone (390 px): totals, next/previous links, no horizontal overflow, axe-core clean."""

import os
import re
from typing import Any

import pytest
from sqlmodel import Session, select

from models import Organisation, User
from models.enums import Role
from service.platform.db import make_engine
from tests import factories as f
from tests.ui.browser import (
    ACTOR,
    axe_violations,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
    screenshot,
)

pytestmark = pytest.mark.browser
ADMIN = "admin@matcher.example"


def _overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def _at_least_users(n: int) -> int:
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        have = len(session.exec(select(User.id)).all())
        actor = session.exec(select(Organisation).where(Organisation.ref == ACTOR)).one()
        for _ in range(max(0, n - have)):
            f.user(session, actor, Role.STAFF)
        session.commit()
        total = len(session.exec(select(User.id)).all())
    engine.dispose()
    return total


@pytest.mark.parametrize("width", [1280, 390])
def test_admin_pages_through_users(live_server: str, browser: Any, width: int) -> None:  # noqa: F811
    base = live_server
    total = _at_least_users(75)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, bypass_csp=True
    )  # axe is injected
    page = context.new_page()
    try:
        login(page, base, ADMIN)
        page.goto(f"{base}/ui/admin/users")
        assert page.locator("#users-count").inner_text() == f"Visar 1–50 av {total}"
        first = set(page.locator("#users tbody tr").evaluate_all("rows => rows.map(r => r.dataset.email)"))
        assert len(first) == 50
        assert _overflow(page) <= 0 and axe_violations(page) == []
        page.get_by_role("navigation", name="Sidor").get_by_role("link", name="Nästa sida").click()
        page.wait_for_url(re.compile(r".*/ui/admin/users\?page=2$"))
        second = set(page.locator("#users tbody tr").evaluate_all("rows => rows.map(r => r.dataset.email)"))
        assert second and not first & second
        assert page.locator("#users-count").inner_text().startswith("Visar 51–")
        assert _overflow(page) <= 0 and axe_violations(page) == []
        screenshot(page, f"admin-users-page-2-{width}")
        page.get_by_role("link", name="Föregående sida").click()
        page.wait_for_url(re.compile(r".*/ui/admin/users\?page=1$"))
    finally:
        context.close()
