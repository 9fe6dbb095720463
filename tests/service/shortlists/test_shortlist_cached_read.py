"""The cached shortlist read: stored bytes while nothing shown changed, a fresh page when anything did,
every read audited (batched: committed by the writer, at the latest when the app shuts down)."""

from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from models import AuditEvent
from service.platform.audit_writer import flush_all
from service.platform.db import get_engine
from service.shortlists.cached import get_shortlist_pages
from tests.service.review_fixtures import (
    World,
    client_fixture,
    make_client,
    sqlite_url_fixture,
    world_fixture,
)

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]


def _reads() -> int:
    with Session(get_engine()) as session:
        return session.exec(
            select(func.count()).select_from(AuditEvent).where(col(AuditEvent.action) == "shortlist.read")
        ).one()


def _get(client: TestClient, world: World, query: str = "") -> bytes:
    response = client.get(f"/vacancies/{world.vacancy.id}/shortlist{query}", headers=world.headers["staff"])
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-type"] == "application/json"
    return response.content


def _entries(body: bytes) -> dict[str, dict]:
    import json

    return {e["seeker_ref"].removeprefix("seeker-"): e for e in json.loads(body)["entries"]}


def test_an_unchanged_list_is_served_from_the_stored_page(client: TestClient, world: World) -> None:
    pages = get_shortlist_pages()
    assert client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"]).is_success
    renders = pages.renders
    first = _get(client, world)
    assert pages.renders == renders + 1
    assert _get(client, world) == first and _get(client, world) == first
    assert pages.renders == renders + 1  # no entry decoded, validated or serialised again
    # Pages and filters are cached apart.
    assert len(_entries(_get(client, world, "?limit=2"))) == 2
    assert set(_entries(_get(client, world, "?target_group=youth"))) == {"cleaner2", "driver"}
    assert pages.renders == renders + 3
    assert flush_all()
    assert _reads() == 5  # every read audited, cached or not


def test_anything_the_page_shows_renders_it_again(client: TestClient, world: World) -> None:
    pages = get_shortlist_pages()
    staff = world.headers["staff"]
    assert client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=staff).is_success
    entries = _entries(_get(client, world))
    cleaner = entries["cleaner"]

    # A decision: the entry's decision state and version.
    body = {"decision": "hold", "reason_code": "needs_more_info", "expected_version": cleaner["version"]}
    response = client.post(f"/shortlist-entries/{cleaner['id']}/decisions", json=body, headers=staff)
    assert response.status_code == 201, response.text
    renders = pages.renders
    after = _entries(_get(client, world))["cleaner"]
    assert after["decision_state"]["decision"] == "hold" and pages.renders == renders + 1

    # Eligibility of a listed seeker: the eligibility summary and the target-group filter.
    cook = world.sid("cook")
    youth = {"target_group": "youth", "evidence": "Intyg", "verified": True}
    assert client.post(f"/seekers/{cook}/eligibility", json=youth, headers=staff).status_code == 201
    assert "cook" in _entries(_get(client, world, "?target_group=youth"))
    assert "youth" in _entries(_get(client, world))["cook"]["eligibility"]["target_groups"]

    # A manual addition: a new entry on the same list.
    manual = {"seeker_id": world.sid("not_eligible"), "reason": "Känd sedan tidigare praktik"}
    added = client.post(f"/vacancies/{world.vacancy.id}/shortlist/manual", json=manual, headers=staff)
    assert added.status_code == 201, added.text
    assert "not_eligible" in _entries(_get(client, world))
    # And unchanged again: served from the page.
    renders = pages.renders
    _get(client, world)
    assert pages.renders == renders


def test_reads_queued_at_shutdown_are_written(sqlite_url: str, world: World) -> None:
    with make_client() as client:
        assert client.post(
            f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"]
        ).is_success
        for _ in range(3):
            _get(client, world)
    # No flush asked for: the app's shutdown wrote what was queued.
    assert _reads() == 3


def test_other_actors_and_missing_lists_still_answer_404(client: TestClient, world: World) -> None:
    url = f"/vacancies/{world.vacancy.id}/shortlist"
    assert client.get(url, headers=world.headers["staff"]).status_code == 404  # nothing computed yet
    assert client.post(url, headers=world.headers["staff"]).is_success
    assert client.get(url, headers=world.headers["staff"]).status_code == 200
    other = client.get(url, headers=world.headers["other_staff"])
    assert other.status_code == 404 and other.headers["content-type"] == "application/problem+json"


def test_the_caller_is_checked_on_every_read_even_when_the_page_is_cached(
    client: TestClient, world: World
) -> None:
    from models import User
    from service.auth.tokens import decode_access_token
    from service.platform.config import get_settings

    url = f"/vacancies/{world.vacancy.id}/shortlist"
    staff = world.headers["staff"]
    assert client.post(url, headers=staff).is_success
    assert client.get(url, headers=staff).status_code == 200  # page and token now remembered
    assert client.get(url, headers=world.headers["supplier"]).status_code == 403
    assert client.get(url, headers=world.headers["batch"]).status_code == 403
    assert client.get(url, headers={"X-API-Key": "mk_notakey_123456"}).status_code == 401
    assert client.get(url, headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert client.get(url).status_code == 401

    token = staff["Authorization"].removeprefix("Bearer ")
    user_id = int(decode_access_token(get_settings(), token)["sub"])
    with Session(get_engine()) as session:
        user = session.get(User, user_id)
        assert user is not None
        user.session_version += 1  # logged out everywhere
        session.add(user)
        session.commit()
    ended = client.get(url, headers=staff)
    assert ended.status_code == 401 and "session has ended" in ended.json()["detail"]
    with Session(get_engine()) as session:
        user = session.get(User, user_id)
        assert user is not None
        user.session_version -= 1
        user.is_active = False
        session.add(user)
        session.commit()
    assert client.get(url, headers=staff).status_code == 401
