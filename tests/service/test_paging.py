"""Every list that can grow is paged, none stops at a cap: the API's ``offset``/``limit`` with
``next_offset`` and problem details for bad values; the admin's users, organisations and API keys, and
staff's possible duplicates, in pages of 50 with links (SQLite and PostgreSQL)."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from models import SeekerDuplicate
from models.base import pk
from models.enums import OrganisationKind, Role
from service.organisations import users
from service.organisations.users import ApiKeyCreate
from service.platform.db import get_engine
from tests import factories as f
from tests.service.csrf_helpers import with_csrf
from tests.service.seekers_fixtures import World, any_client_fixture, build_world  # noqa: F401


@pytest.fixture(name="world")
def _world(any_client: TestClient) -> World:
    with Session(get_engine(), expire_on_commit=False) as session:
        return build_world(session)


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def test_api_lists_walk_to_the_end_with_next_offset(any_client: TestClient, world: World) -> None:
    with Session(get_engine()) as session:
        for i in range(7):
            f.seeker(session, world.actor_1, ref=f"p-{i}")
        session.commit()
    seen: list[str] = []
    offset: int | None = 0
    pages = 0
    while offset is not None:
        page = any_client.get(f"/seekers?limit=3&offset={offset}", headers=world.staff_1).json()
        assert page["total"] == 7 and page["limit"] == 3
        seen += [s["ref"] for s in page["items"]]
        offset = page["next_offset"]
        pages += 1
    assert pages == 3 and sorted(seen) == [f"p-{i}" for i in range(7)]


@pytest.mark.parametrize(
    ("query", "status"),
    [("limit=0", 422), ("limit=101", 422), ("offset=-1", 422), ("offset=abc", 422), ("limit=x", 422)],
)
def test_bad_paging_values_are_problems(
    any_client: TestClient, world: World, query: str, status: int
) -> None:
    for route, headers in (("/seekers", world.staff_1), ("/admin/users", world.admin)):
        problem = _problem(any_client.get(f"{route}?{query}", headers=headers), status)
        assert problem["detail"]


def _shown(html: str) -> str:
    found = re.search(r'id="(?:users|keys|organisations|duplicates|proposals)-count">([^<]+)<', html)
    assert found, html[:400]
    return found.group(1)


def test_admin_pages_through_users_keys_and_organisations(any_client: TestClient, world: World) -> None:
    with Session(get_engine()) as session:
        for _ in range(118):
            f.user(session, world.actor_1, Role.STAFF)
        for i in range(55):
            f.organisation(session, OrganisationKind.SUPPLIER, name=f"Leverantör {i:02d}")
        for i in range(52):
            users.create_api_key(
                session, ApiKeyCreate(name=f"nyckel-{i:02d}", organisation_id=pk(world.actor_1))
            )
        session.commit()
    headers = with_csrf(world.admin)
    first = any_client.get("/ui/admin/users", headers=headers).text
    total = int(_shown(first).rsplit(" ", 1)[-1])
    assert total >= 118 and _shown(first).startswith("Visar 1–50 av")
    assert 'rel="next"' in first and 'rel="prev"' not in first
    pages = -(-total // 50)
    emails: set[str] = set()
    for n in range(1, pages + 1):
        html = any_client.get(f"/ui/admin/users?page={n}", headers=headers).text
        emails |= set(re.findall(r'<tr data-email="([^"]+)"', html))
    assert len(emails) == total  # every user on some page, none twice, none cut off
    last = any_client.get(f"/ui/admin/users?page={pages}", headers=headers).text
    assert 'rel="next"' not in last and 'rel="prev"' in last
    # A page past the end shows the last page; a page that is not a number is an error page.
    assert _shown(any_client.get("/ui/admin/users?page=999", headers=headers).text) == _shown(last)
    bad = any_client.get("/ui/admin/users?page=abc", headers=headers)
    assert bad.status_code == 422 and "text/html" in bad.headers["content-type"]

    keys = any_client.get("/ui/admin/api-keys?page=2", headers=headers).text
    assert _shown(keys) == "Visar 51–52 av 52"
    orgs = any_client.get("/ui/admin/organisations?page=2", headers=headers).text
    assert _shown(orgs).startswith("Visar 51–")
    # The forms' choice lists hold every organisation, not only one page's.
    form = any_client.get("/ui/admin/users", headers=headers).text
    assert form.count("Leverantör ") >= 55


def test_possible_duplicates_are_paged_for_their_own_actor(any_client: TestClient, world: World) -> None:
    with Session(get_engine()) as session:
        for _ in range(51):
            one, two = f.seeker(session, world.actor_1), f.seeker(session, world.actor_1)
            session.add(
                SeekerDuplicate(
                    matching_actor_id=pk(world.actor_1), seeker_id=pk(two), other_id=pk(one), reason="contact"
                )
            )
        session.commit()
    headers = with_csrf(world.staff_1)
    first = any_client.get("/ui/seekers/duplicates", headers=headers).text
    assert _shown(first) == "Visar 1–50 av 51" and 'rel="next"' in first
    second = any_client.get("/ui/seekers/duplicates?page=2", headers=headers).text
    assert _shown(second) == "Visar 51–51 av 51"
    assert "Möjliga dubbletter att gå igenom: 51" in any_client.get("/ui/seekers", headers=headers).text
    other = any_client.get("/ui/seekers/duplicates", headers=with_csrf(world.staff_2)).text
    assert "Inga träffar." in other
    api = any_client.get("/seeker-duplicates?limit=50", headers=world.staff_1).json()
    assert api["total"] == 51 and api["next_offset"] == 50


def test_the_supplier_pages_through_proposed_candidates(any_client: TestClient, world: World) -> None:
    from models import Proposal

    with Session(get_engine()) as session:
        vacancy = f.vacancy(session, world.c1, title="Lokalvårdare")
        staff = f.user(session, world.actor_1, Role.STAFF)
        ids = []
        for _ in range(53):
            seeker = f.seeker(session, world.actor_1)
            proposal = Proposal(seeker_id=pk(seeker), vacancy_id=pk(vacancy), proposed_by=pk(staff))
            session.add(proposal)
            session.flush()
            ids.append(pk(proposal))
        session.commit()
        vacancy_id = pk(vacancy)
    headers = with_csrf(world.supplier_1_user)

    def shown(html: str) -> list[int]:
        return [int(i) for i in re.findall(r'id="proposal-(\d+)"', html)]

    first = any_client.get(f"/ui/vacancies/{vacancy_id}", headers=headers).text
    second = any_client.get(f"/ui/vacancies/{vacancy_id}?page=2", headers=headers).text
    assert _shown(first) == "Visar 1–50 av 53" and 'rel="next"' in first
    assert shown(first) == ids[:50] and shown(second) == ids[50:]
