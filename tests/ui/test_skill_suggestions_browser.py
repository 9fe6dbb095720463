"""In Chromium: the placement form's skill suggestions for "städ" start with cleaning skills, and the staff
seeker page says what would open more placements.

Real headless Chromium on the shared live server, axe-core checked.
"""

from typing import Any

import pytest

from matcher import default_taxonomy
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


def _suggested(page: Any, field: Any, typed: str) -> list[str]:
    options = page.locator("#skill-suggestions option")
    field.press_sequentially(typed, delay=20)
    options.first.wait_for(state="attached")
    page.wait_for_function(
        "t => [...document.querySelectorAll('#skill-suggestions option')].some(o => o.value.toLowerCase()"
        ".includes(t))",
        arg=typed,
    )
    return [str(v) for v in options.evaluate_all("os => os.map(o => o.value)")]


def test_skill_suggestions_for_stad_start_with_cleaning_skills(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    cleaning = {s.label for s in default_taxonomy().skills_of_group("9111")}
    page = browser.new_page()
    login(page, live_server, SUPPLIER)
    page.goto(f"{live_server}/ui/vacancies/new")
    suggested = _suggested(page, page.get_by_label("Krav (kompetenser, kommaseparerade)"), "städ")
    assert suggested and set(suggested[:5]) <= cleaning, suggested
    assert not {"Stadsarkeologi", "Bostadsfotografering"} & set(suggested)
    screenshot(page, "supplier-skill-suggestions")
    assert axe_violations(page) == []
    page.close()


def test_the_staff_seeker_page_gives_guidance(live_server: str, browser: Any) -> None:  # noqa: F811
    page = browser.new_page()
    login(page, live_server, STAFF)
    page.goto(f"{live_server}/ui/seekers")
    page.locator("table a[href^='/ui/seekers/']").first.click()
    heading = page.locator("#guidance-heading")
    heading.wait_for()
    assert heading.inner_text() == "Det här skulle ge fler platser"
    lines = page.locator("#guidance li").all_inner_texts() or [page.locator("#guidance").inner_text()]
    assert lines and all(line.startswith(("Med ", "Ingen enskild")) for line in lines), lines
    screenshot(page, "staff-seeker-guidance")
    assert axe_violations(page) == []
    page.close()
