"""The fast path of the cached shortlist read (``service.shortlists.fast_read.ShortlistReadFastPath``):
the same bytes and headers as the route, every read audited, and everything it does not answer passed on
to the route untouched. On SQLite and PostgreSQL: the stamp is read on a driver connection there."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models import AuditEvent, User
from service.auth.tokens import decode_access_token
from service.platform.audit_writer import flush_all
from service.platform.config import get_settings
from service.platform.db import get_engine
from service.shortlists import fast_read
from service.shortlists.cached import Caller, driver_stamp, get_shortlist_pages
from tests.service.review_fixtures import World, make_client, point_app_at, reset_app, world_with_users

# Headers that differ between any two responses.
_PER_RESPONSE = {"date", "server"}


@pytest.fixture(name="app")
def app_fixture(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, World]]:
    point_app_at(db_url, monkeypatch)
    get_shortlist_pages().clear()
    world = world_with_users(db_url)
    with make_client() as client:
        yield client, world
    reset_app()


@pytest.fixture(name="answered")
def answered_fixture(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The bodies the fast path answered (each call of ``stored_answer`` that returned a page)."""
    bodies: list[bytes] = []
    real = fast_read.stored_answer

    def counting(*args: Any) -> bytes | None:
        body = real(*args)
        if body is not None:
            bodies.append(body)
        return body

    monkeypatch.setattr(fast_read, "stored_answer", counting)
    return bodies


def _token(world: World) -> str:
    return world.headers["staff"]["Authorization"].removeprefix("Bearer ")


def _by_route(client: TestClient, world: World, query: str = "") -> Any:
    """The same read through the route: the token as the browser's cookie, which the fast path leaves."""
    client.cookies.set("access_token", _token(world))
    try:
        return client.get(f"/vacancies/{world.vacancy.id}/shortlist{query}")
    finally:
        client.cookies.clear()


def _headers(response: Any) -> list[tuple[str, str]]:
    return sorted((k, v) for k, v in response.headers.items() if k not in _PER_RESPONSE)


def _reads() -> list[dict[str, Any]]:
    with Session(get_engine()) as session:
        events = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "shortlist.read")).all()
        return [{"actor": e.actor_label, "object": e.object_id, **e.detail} for e in events]


def test_a_stored_page_is_answered_with_the_routes_bytes_and_headers(
    app: tuple[TestClient, World], answered: list[bytes]
) -> None:
    client, world = app
    url = f"/vacancies/{world.vacancy.id}/shortlist"
    assert client.post(url, headers=world.headers["staff"]).is_success
    for query in ("", "?limit=2", "?target_group=youth&offset=1", "?max_distance_km=25.5&kind=employment"):
        routed = _by_route(client, world, query)  # renders and stores the page
        assert routed.status_code == 200, routed.text
        fast = client.get(url + query, headers=world.headers["staff"])
        assert fast.status_code == 200 and answered[-1] == fast.content
        assert fast.content == routed.content
        assert _headers(fast) == _headers(routed)
    assert len(answered) == 4
    assert json.loads(answered[1])["entries"] and len(json.loads(answered[1])["entries"]) == 2
    # The default page and the same page asked for by its default size are one page.
    assert client.get(url + "?limit=25", headers=world.headers["staff"]).content == answered[0]
    assert len(answered) == 5

    assert flush_all()
    reads = _reads()
    assert len(reads) == 9  # 4 by the route, 5 by the fast path: every read audited
    user_id = decode_access_token(get_settings(), _token(world))["sub"]
    assert {r["actor"] for r in reads} == {f"user:{user_id}"}
    fast_events = reads[1::2][:4]  # in order: route, fast, route, fast, ...
    assert [e["entries"] for e in fast_events] == [len(json.loads(b)["entries"]) for b in answered[:4]]


def test_everything_else_is_answered_by_the_route(
    app: tuple[TestClient, World], answered: list[bytes]
) -> None:
    client, world = app
    url = f"/vacancies/{world.vacancy.id}/shortlist"
    staff = world.headers["staff"]
    assert client.get(url, headers=staff).status_code == 404  # no list yet
    assert client.post(url, headers=staff).is_success
    assert client.get(url, headers=staff).status_code == 200  # first read: rendered by the route
    assert answered == []
    assert client.get(url, headers=staff).status_code == 200
    assert len(answered) == 1

    passed_on = {
        "?include_excluded=true": 200,  # computed now, never stored
        "?limit=1000": 422,  # above the largest page
        "?limit=0": 422,
        "?offset=-1": 422,
        "?target_group=nobody": 422,
        "?max_distance_km=1e2": 200,  # a form the fast path leaves to the route
        "?limit=2&limit=3": 200,  # repeated
        "?unknown=1": 200,
    }
    for query, status in passed_on.items():
        response = client.get(url + query, headers=staff)
        assert response.status_code == status, (query, response.text)
    assert len(answered) == 1

    # Refusals come from the route, in its words, even with the page stored.
    other = client.get(url, headers=world.headers["other_staff"])
    assert other.status_code == 404 and other.headers["content-type"] == "application/problem+json"
    assert client.get(url, headers=world.headers["supplier"]).status_code == 403
    assert client.get(url, headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert client.get(url, headers={"Authorization": "Basic eDp5"}).status_code == 401
    user_id = int(decode_access_token(get_settings(), _token(world))["sub"])
    with Session(get_engine()) as session:
        user = session.get(User, user_id)
        assert user is not None
        user.must_change_password = True
        session.add(user)
        session.commit()
    refused = client.get(url, headers=staff)
    assert refused.status_code == 403 and refused.json()["title"] == "Password change required"
    assert len(answered) == 1


def test_the_driver_stamp_is_the_sessions_stamp(app: tuple[TestClient, World]) -> None:
    """The fast path compares its stamp with the one the route stored the page under: they must agree
    value for value on each database (datetimes, counts, sums, the typed role and active flag)."""
    client, world = app
    claims = decode_access_token(get_settings(), _token(world))
    caller = Caller(user_id=int(claims["sub"]), session_key=str(claims["sk"]), session_version=claims["sv"])
    vacancy_id = int(world.vacancy.id or 0)
    pages = get_shortlist_pages()

    def both() -> tuple[Any, Any]:
        with Session(get_engine()) as session:
            row = pages.stamp(session, caller, vacancy_id)
        assert row is not None
        found = driver_stamp(get_engine(), caller, vacancy_id)
        assert found is not None
        return tuple(row), (*found[0], *found[1])

    before, driver = both()
    assert driver == before and before[6] is None  # no READY list yet
    assert client.post(f"/vacancies/{vacancy_id}/shortlist", headers=world.headers["staff"]).is_success
    after, driver = both()
    assert driver == after and after[6] is not None and after != before
    assert driver_stamp(get_engine(), caller, vacancy_id + 1000) is None
