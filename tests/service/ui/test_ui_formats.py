"""Pages write figures as the reader's language does and name languages: "2,5 år", "Dari C2", never codes."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from models import JobSeeker
from service.platform.db import get_engine
from tests.service.csrf_helpers import with_csrf
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture
from tests.service.ui.test_ui_decisions import _browser, _entry

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]


def _give_figures(world: World) -> None:
    with Session(get_engine()) as session:
        seeker = session.get(JobSeeker, world.sid("cleaner"))
        assert seeker is not None
        seeker.experiences = [{"title": "Lokalvårdare", "years": 10.0}, {"title": "Städare", "years": 2.5}]
        seeker.languages = [{"code": "sv", "level": "B1"}, {"code": "prs", "level": "C2"}]
        seeker.max_commute_km = 24.4
        session.add(seeker)
        session.commit()


def test_the_seeker_page_writes_years_with_a_decimal_comma_and_languages_by_name(
    client: TestClient, world: World
) -> None:
    _give_figures(world)
    url = f"/ui/seekers/{world.sid('cleaner')}"
    page = client.get(url, headers=with_csrf(world.headers["staff"])).text
    assert "Lokalvårdare (10 år)" in page and "Städare (2,5 år)" in page
    assert "10.0" not in page and "2.5 år" not in page
    assert "24 km" in page and "Dari C2" in page and "prs C2" not in page

    english = client.get(url, headers=with_csrf({**world.headers["staff"], "Cookie": "lang=en"})).text
    assert "(2.5 " in english and "(2,5 " not in english


def test_the_supplier_reads_languages_by_name_and_years_in_swedish(client: TestClient, world: World) -> None:
    _give_figures(world)
    entry_id = _entry(client, world)
    client.post(f"/ui/entries/{entry_id}/decide", data={"decision": "propose", "reason_code": "good_fit",
                "expected_version": "0"}, headers=_browser(world))  # fmt: skip
    supplier = {**with_csrf(world.headers["supplier"]), "Referer": "http://testserver/ui/"}
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=supplier).text
    card = page[page.index('id="proposals"') :]
    assert "Städare (2,5 år)" in card and "Lokalvårdare (10 år)" in card
    assert "Dari C2" in card and "prs" not in card
