"""The placement's occupation in the forms: searched in the whole taxonomy, shown with its group, kept.

Without JavaScript: the supplier's search button re-renders the form with the results and saves nothing,
a result's button sets the occupation; staff get a search page that confirms like the shortlist page.
"""

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models import Vacancy
from service.platform.db import get_engine
from tests.service.csrf_helpers import with_csrf
from tests.service.seekers_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture  # noqa: F401
from tests.service.ui.test_ui_vacancy_form import CLEANER, form

BABYSITTER_Q = "barnskötare"


def rows() -> list[Vacancy]:
    with Session(get_engine()) as session:
        return list(session.exec(select(Vacancy).order_by(col(Vacancy.id))).all())


def test_the_form_shows_the_chosen_occupation_with_its_group(client: TestClient, world: World) -> None:
    headers = with_csrf(world.supplier_1_user)
    page = client.get("/ui/vacancies/new", headers=headers)
    assert "Inget yrke är valt ännu." in page.text and 'id="occupation_q"' in page.text
    client.post("/ui/vacancies/new", data=form(world.c1.id or 0), headers=headers, follow_redirects=False)
    [row] = rows()
    edit = client.get(f"/ui/vacancies/{row.id}/edit", headers=headers)
    assert "Valt yrke: Städare (yrkesgrupp 9111" in edit.text


def test_searching_without_javascript_shows_results_and_saves_nothing(
    client: TestClient, world: World
) -> None:
    headers = with_csrf(world.supplier_1_user)
    data = form(world.c1.id or 0, occupation_q=BABYSITTER_Q, occupation_search="1")
    page = client.post("/ui/vacancies/new", data=data, headers=headers)
    assert page.status_code == 200 and rows() == []
    assert 'name="occupation_pick"' in page.text and "Barnskötare (yrkesgrupp" in page.text
    assert "Valt yrke: Städare" in page.text  # the current one stays until one is picked
    picked = page.text.split('name="occupation_pick" value="')[1].split('"')[0]
    page = client.post(
        "/ui/vacancies/new", data=data | {"occupation_pick": picked, "occupation_search": ""}, headers=headers
    )
    assert page.status_code == 200 and rows() == []
    assert f'id="occupation_id" name="occupation_id" value="{picked}"' in page.text
    assert "Valt yrke: Barnskötare" in page.text
    saved = client.post(
        "/ui/vacancies/new", data=form(world.c1.id or 0, occupation_id=picked), headers=headers
    )
    assert saved.status_code == 200 and [r.occupation_id for r in rows()] == [picked]


def test_a_title_edit_keeps_the_occupation(client: TestClient, world: World) -> None:
    headers = with_csrf(world.supplier_1_user)
    client.post("/ui/vacancies/new", data=form(world.c1.id or 0), headers=headers, follow_redirects=False)
    [row] = rows()
    client.post(
        f"/ui/vacancies/{row.id}/edit", data=form(world.c1.id or 0, title="LOKALVÅRDARE"), headers=headers
    )
    [row] = rows()
    assert (row.title, row.occupation_id) == ("LOKALVÅRDARE", CLEANER)


def test_the_search_fragment_and_the_chosen_fragment(client: TestClient, world: World) -> None:
    headers = with_csrf(world.supplier_1_user)
    pick = client.get("/ui/occupation-search", params={"q": "städare"}, headers=headers)
    assert pick.status_code == 200 and f'data-occupation-id="{CLEANER}"' in pick.text
    confirm = client.get("/ui/occupation-search", params={"q": "städare", "mode": "confirm"}, headers=headers)
    assert f'type="radio" name="occupation_id" id="occ-s-1" value="{CLEANER}"' in confirm.text
    none = client.get("/ui/occupation-search", params={"q": "qqqqzzzz"}, headers=headers)
    assert "Inget yrke matchar." in none.text
    chosen = client.get("/ui/occupation-chosen", params={"id": CLEANER}, headers=headers)
    assert chosen.text.strip().startswith("Valt yrke: Städare (yrkesgrupp 9111")
    assert client.get(
        "/ui/occupation-search", params={"q": "x"}, headers=with_csrf(world.auditor)
    ).status_code in (
        303,
        403,
    )


def test_staff_search_page_confirms_through_the_shortlist_page(client: TestClient, world: World) -> None:
    supplier = with_csrf(world.supplier_1_user)
    client.post("/ui/vacancies/new", data=form(world.c1.id or 0), headers=supplier, follow_redirects=False)
    [row] = rows()
    page = client.get(
        f"/ui/vacancies/{row.id}/occupation-search",
        params={"q": BABYSITTER_Q},
        headers=with_csrf(world.staff_1),
    )
    assert page.status_code == 200, page.text
    assert "Valt yrke: Städare" in page.text and 'action="/ui/vacancies/' in page.text
    assert 'type="radio" name="occupation_id"' in page.text
    other = client.get(f"/ui/vacancies/{row.id}/occupation-search", headers=with_csrf(world.staff_2))
    assert other.status_code in (403, 404)
