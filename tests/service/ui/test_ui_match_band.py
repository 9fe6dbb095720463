"""The staff pages show the calibrated band in words and the rank as a rank ("1 av 4"), never a figure
relative to the list; the explanation says how likely a fit is and why a row is held at weak."""

import re

from fastapi.testclient import TestClient

from tests.service.csrf_helpers import with_csrf
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]


def _row(page: str, ref: str) -> str:
    start = page.index(f'data-seeker="{ref}"')
    return page[start : page.index("</tr>", start)]


def _band(row: str) -> str:
    found = re.search(r'data-band="(\w+)"><span aria-hidden="true">[●○]+ </span>(\w+)</span>', row)
    assert found, row[:400]
    return found.group(2)


def test_shortlist_rows_show_band_words_and_rank_of_the_list(client: TestClient, world: World) -> None:
    staff = world.headers["staff"]
    assert client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=staff).status_code == 201
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=with_csrf(staff)).text
    cleaner, cook = _row(page, "seeker-cleaner"), _row(page, "seeker-cook")
    assert _band(cleaner) in {"Stark", "Möjlig"}
    assert _band(cook) == "Svag"
    assert re.search(r"<td[^>]*>[1-4] av 4", cleaner)  # the rank as a rank, not as "100"
    assert "Matchning visar hur troligt det är att personen passar för jobbet" in page
    assert re.search(r"Sannolikhet att personen passar för jobbet: \d+ %", cleaner)
    assert "Visas som svag eftersom varken yrke eller kompetens talar för personen." in cook
    assert "100 = högst" not in page

    in_english = with_csrf({**staff, "Cookie": "lang=en"})
    english = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=in_english).text
    assert _band(_row(english, "seeker-cook")) == "Weak"
    assert re.search(r"<td[^>]*>[1-4] of 4", _row(english, "seeker-cleaner"))


def test_the_seeker_page_shows_the_band_of_each_fitting_placement(client: TestClient, world: World) -> None:
    page = client.get(f"/ui/seekers/{world.sid('cleaner')}", headers=with_csrf(world.headers["staff"])).text
    table = page[page.index('id="fitting-vacancies"') :]
    assert _band(table) in {"Stark", "Möjlig"}
    assert "1 av 1" in table
