"""Staff find a person registered twice and merge the records in a real browser (headless Chromium), on a
desktop (1280 px) and a phone (390 px): no horizontal overflow, axe-core clean, the old address leads on."""

import re
from typing import Any

import httpx
import pytest

from tests.ui.browser import (
    PASSWORD,
    STAFF,
    axe_violations,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
    screenshot,
)

pytestmark = pytest.mark.browser


def _overflow(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def _twice(base: str, width: int) -> tuple[int, int]:
    """One person registered twice by staff (the second time with a mistyped personnummer)."""
    token = httpx.post(f"{base}/auth/token", data={"username": STAFF, "password": PASSWORD}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    me = httpx.get(f"{base}/auth/me", headers=headers).json()
    ids = []
    # Each run its own person (the same name born the same year would be flagged against the other run).
    day, name = ("0214", "Ingegärd Bäckström") if width > 500 else ("0315", "Lennart Sjöholm")
    numbers = ((f"1979{day}-9838", "070-555 01 01"), (f"1979{day}-9846", "070-555 02 02"))
    for n, (pnr, phone) in enumerate(numbers):
        body = {
            "ref": f"twice-{width}-{n}",
            "matching_actor_id": me["organisation_id"],
            "profile_text": "Lokalvårdare i fem år på sjukhus och skolor, vill arbeta heltid i Sundstad."
            if n == 0
            else "Städerska, sjukhusstädning. Kan börja direkt.",
            "municipality_code": "1280",
            "consent": "given",
            "identity": {"full_name": name, "personal_number": pnr, "phone": phone},
        }
        response = httpx.post(f"{base}/seekers", json=body, headers=headers)
        assert response.status_code == 201, response.text
        ids.append(int(response.json()["id"]))
    assert response.json()["possible_duplicates"] == [ids[0]]
    return ids[0], ids[1]


@pytest.mark.parametrize("width", [1280, 390])
def test_staff_merge_a_duplicate(live_server: str, browser: Any, width: int) -> None:  # noqa: F811
    base = live_server
    first, second = _twice(base, width)
    context = browser.new_context(
        viewport={"width": width, "height": 900}, bypass_csp=True
    )  # axe is injected
    page = context.new_page()
    try:
        login(page, base, STAFF)
        page.goto(f"{base}/ui/seekers")
        page.get_by_role("link", name="Möjliga dubbletter att gå igenom").click()
        page.wait_for_url(f"{base}/ui/seekers/duplicates")
        item = page.locator(f"li.dup-item:has(a[href='/ui/seekers/{first}/merge/{second}'])")
        assert "Samma namn och födelsedatum" in item.inner_text()
        assert _overflow(page) <= 0 and axe_violations(page) == []
        screenshot(page, f"merge-list-{width}")

        item.get_by_role("link", name="Jämför och slå ihop").click()
        page.wait_for_url(f"{base}/ui/seekers/{first}/merge/{second}")
        assert _overflow(page) <= 0, "the merge screen sticks out"
        assert axe_violations(page) == []
        screenshot(page, f"merge-screen-{width}")
        # Keep the second record's phone and profile text; the first record stays.
        page.get_by_role("group", name="Telefon").get_by_label("070-555 02 02").check()
        page.get_by_role("group", name="Profiltext").get_by_text("Städerska").click()
        assert "samma i båda (har samtyckt)" in page.locator("#merge-consent").inner_text()
        page.get_by_role("button", name="Slå ihop").click()
        page.wait_for_url(f"{base}/ui/seekers/{first}?merged_from={second}")
        assert f"Post {second} var samma person" in page.locator("#merged-notice").inner_text()
        assert page.get_by_text("Städerska, sjukhusstädning").first.is_visible()
        assert _overflow(page) <= 0 and axe_violations(page) == []
        screenshot(page, f"merge-done-{width}")
        # The merged record's old address leads to the person.
        page.goto(f"{base}/ui/seekers/{second}")
        page.wait_for_url(f"{base}/ui/seekers/{first}?merged_from={second}")
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_staff_register_a_person_and_the_same_personnummer_is_refused(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    width: int,
) -> None:
    base = live_server
    day = "0412" if width > 500 else "0517"
    context = browser.new_context(
        viewport={"width": width, "height": 900}, bypass_csp=True
    )  # axe is injected
    page = context.new_page()

    def register(ref: str, number: str) -> None:
        page.goto(f"{base}/ui/seekers")
        page.get_by_role("link", name="Registrera arbetssökande").click()
        page.wait_for_url(f"{base}/ui/seekers/new")
        page.get_by_label("Referens").fill(ref)
        page.get_by_label("Namn").fill("Tove Åkerlund")
        page.get_by_label("Personnummer").fill(number)
        page.get_by_label("Kommun", exact=True).select_option(label="Malmö")
        page.get_by_label("Samtycke").select_option("given")
        page.get_by_role("button", name="Registrera").click()

    try:
        login(page, base, STAFF)
        register(f"new-{width}-a", f"1988{day}-9818")
        page.wait_for_url(re.compile(r".*/ui/seekers/\d+$"))
        first = page.url.rsplit("/", 1)[-1]
        register(f"new-{width}-b", f"88{day}9818")  # the same number, written without century and dash
        error = page.locator("#n-personal_number-error")
        assert error.inner_text() == "Personen finns redan hos er med det här personnumret."
        assert page.locator("#existing-person a").get_attribute("href") == f"/ui/seekers/{first}"
        assert _overflow(page) <= 0 and axe_violations(page) == []
        screenshot(page, f"register-duplicate-{width}")
    finally:
        context.close()
