"""``/docs`` in a real browser (headless Chromium): Swagger UI renders the OpenAPI 3.1 document offline,
under the app's Content-Security-Policy, and lists every operation with its description and example."""

from typing import Any

import httpx
import pytest

from tests.ui.browser import SHOTS, browser, live_server, screenshot  # noqa: F401

pytestmark = pytest.mark.browser


def test_docs_render_every_operation_offline(live_server: str, browser: Any) -> None:  # noqa: F811
    spec = httpx.get(f"{live_server}/openapi.json", timeout=30).json()
    assert spec["openapi"].startswith("3.1")
    operations = sum(1 for item in spec["paths"].values() for method in item if method != "parameters")

    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(f"{live_server}/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    count = page.locator(".opblock").count()
    assert count >= operations, (count, operations)
    assert page.get_by_text("Unable to render").count() == 0
    assert page.locator(".information-container .title").inner_text().startswith("Sysselsättningskrav")
    assert hosts == {live_server.split("/")[2]}  # nothing from a CDN or any other host
    assert errors == [], errors  # no CSP violation, no script error

    # An operation opens with its description and its request example (not a generated placeholder).
    page.locator("#operations-vacancies-create_vacancy_vacancies_post .opblock-summary").click()
    block = page.locator("#operations-vacancies-create_vacancy_vacancies_post")
    description = block.locator(".opblock-description").first
    description.wait_for()
    assert "placement under a contract" in description.inner_text()
    assert "Lärlingsplats kock" in block.locator(".opblock-section-request-body").inner_text()
    block.screenshot(path=str(SHOTS / "api-docs-create-vacancy.png"))

    # A read shows its documented answer: the shortlist with reasons in plain words.
    read = page.locator("#operations-shortlists-get_shortlist_vacancies__vacancy_id__shortlist_get")
    read.locator(".opblock-summary").click()
    read.locator(".responses-wrapper").wait_for()
    assert "Bor 5 km från arbetsplatsen" in read.locator(".responses-wrapper").inner_text()
    screenshot(page, "api-docs")
    context.close()
