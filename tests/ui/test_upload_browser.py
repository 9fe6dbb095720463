"""A supplier uploads a JobPosting file, reads the preview, confirms, and sees the placements it made.

Real headless Chromium on the shared live server at 1280 and 390 px: no horizontal overflow, axe-core
clean on each step. The supplier (Hamnlagret) is one no other browser test uses.
"""

from pathlib import Path
from typing import Any

import pytest

from tests.ui.browser import (
    axe_violations,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
    screenshot,
)

pytestmark = pytest.mark.browser
SUPPLIER = "tomas.supplier@hamnlagret.example"
FILE = Path(__file__).resolve().parents[1] / "service" / "imports" / "data" / "jobposting_wrapped.json"


def _check(page: Any, what: str) -> None:
    over = int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
    assert over <= 0, f"{what}: {over} px too wide"
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"
    screenshot(page, f"upload-{what}")


def test_a_supplier_uploads_previews_confirms_and_sees_the_placements(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    for width, first in ((1280, True), (390, False)):
        context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)  # axe
        page = context.new_page()
        login(page, live_server, SUPPLIER)
        page.goto(f"{live_server}/ui/vacancies")
        page.get_by_role("link", name="Ladda upp annonser från fil").click()
        page.wait_for_url("**/ui/upload")
        _check(page, f"form-{width}")
        page.get_by_label("Avtal som platserna hör till").select_option(
            label="Lager- och logistiktjänster, centralförrådet"
        )
        page.get_by_label("Fil").set_input_files(str(FILE))
        page.get_by_role("button", name="Förhandsgranska").click()
        page.wait_for_selector("#upload-rows")
        counts = page.locator("#upload-counts").inner_text()
        # The first upload creates two placements; the same file again updates them. An expired ad is skipped.
        assert ("Nya platser: 2" if first else "Platser som uppdateras: 2") in counts, counts
        assert "(hoppas över): 1" in counts, counts
        rows = page.locator("#upload-rows tbody tr")
        assert rows.count() == 3
        assert "Undersköterska till hemtjänsten" in page.locator("#upload-rows").inner_text()
        assert "Inget är sparat ännu." in page.content()
        _check(page, f"preview-{width}")
        page.get_by_role("button", name="Bekräfta och spara").click()
        page.wait_for_selector("#upload-result")
        result = page.locator("#upload-result").inner_text()
        assert ("2 nya" if first else "2 uppdaterade") in result, result
        placements = page.locator("#uploaded-placements li")
        assert placements.count() == 2
        _check(page, f"result-{width}")
        page.get_by_role("link", name="Undersköterska till hemtjänsten").click()
        page.wait_for_selector("#placement-details")
        assert "Du är lugn och tillmötesgående" in page.locator("#placement-details").inner_text()
        assert "Malmö" in page.locator("#placement-details").inner_text()
        _check(page, f"placement-{width}")
        context.close()


def test_a_broken_file_is_refused_in_swedish_and_nothing_is_saved(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    bad = tmp_path / "trasig.jsonl"
    bad.write_text(
        '{"@type": "JobPosting", "identifier": "x1", "title": "Provtitel Zq uppladdning"}\n'
        '{"@type": "JobPosting", "identifier": "x2", "title": ""}\n',
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 390, "height": 800}, bypass_csp=True)
    page = context.new_page()
    login(page, live_server, SUPPLIER)
    page.goto(f"{live_server}/ui/upload")
    page.get_by_label("Avtal som platserna hör till").select_option(
        label="Lager- och logistiktjänster, centralförrådet"
    )
    page.get_by_label("Fil").set_input_files(str(bad))
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_selector("#upload-errors")
    text = page.locator("#upload-errors").inner_text()
    assert "Inget har sparats" in text and "Rad 2, fältet title: Annonsen saknar rubrik." in text
    _check(page, "errors-390")
    page.goto(f"{live_server}/ui/vacancies?q=Provtitel%20Zq")
    assert page.locator("#vacancies").count() == 0  # no placement of the refused file
    context.close()
