"""The decision stash belongs to the staff member whose session expired: it is never minted for an
anonymous visitor (or a forged or non-staff session), and a login by anyone else replays nothing."""

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import ReviewDecision, User
from service.auth.tokens import ALGORITHM
from service.platform.config import get_settings
from service.platform.db import get_engine
from service.platform.security import hash_password
from service.ui.resume import stash, unstash
from tests.service.csrf_helpers import ui_headers
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]
PASSWORD = "a-long-test-password-1"
DECISION = {"decision": "propose", "reason_code": "seeker_interested", "comment": "Ringde i morse"}


def _entry(client: TestClient, world: World) -> int:
    response = client.post(
        f"/vacancies/{world.vacancy.id}/shortlist/manual",
        json={"seeker_id": world.sid("cleaner"), "reason": "Känd av handläggaren"},
        headers=world.headers["staff"],
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _claims(world: World, who: str) -> dict[str, Any]:
    token = world.headers[who]["Authorization"].removeprefix("Bearer ")
    return dict(jwt.decode(token, get_settings().secret_key, algorithms=[ALGORITHM]))


def _with_password(world: World, who: str) -> str:
    """The email of ``who``, whose password is now PASSWORD."""
    with Session(get_engine()) as session:
        user = session.get(User, int(_claims(world, who)["sub"]))
        assert user is not None
        user.password_hash = hash_password(PASSWORD)
        session.add(user)
        session.commit()
        return user.email


def _expired(claims: dict[str, Any], secret: str | None = None) -> str:
    past = datetime.now(UTC) - timedelta(hours=1)
    return jwt.encode(
        {**claims, "iat": past, "exp": past + timedelta(minutes=5)},
        secret or get_settings().secret_key,
        ALGORITHM,
    )


def _decide(client: TestClient, world: World, entry_id: int, token: str | None) -> Any:
    page = f"http://testserver/ui/vacancies/{world.vacancy.id}"
    headers = {**ui_headers(token), "Referer": page, "Origin": "http://testserver"}
    return client.post(
        f"/ui/entries/{entry_id}/decide", data=DECISION, headers=headers, follow_redirects=False
    )


def _decisions() -> list[ReviewDecision]:
    with Session(get_engine()) as session:
        return list(session.exec(select(ReviewDecision)).all())


def test_an_expired_staff_session_stashes_the_decision_for_that_user_only(
    client: TestClient, world: World
) -> None:
    entry_id = _entry(client, world)
    claims = _claims(world, "staff")
    kept = _decide(client, world, entry_id, _expired(claims))
    assert kept.status_code == 401 and 'name="resume"' in kept.text
    blob = kept.text.split('name="resume" value="')[1].split('"')[0]
    found = unstash(blob)
    assert found is not None and found.user == claims["sub"] and found.entry_id == entry_id


def test_no_stash_is_minted_without_a_genuine_staff_session(client: TestClient, world: World) -> None:
    entry_id = _entry(client, world)
    claims = _claims(world, "staff")
    supplier = _claims(world, "supplier")
    for token in (
        None,  # an anonymous visitor
        _expired(claims, secret="another-secret-that-is-long-enough-0123456789"),  # forged
        _expired(supplier),  # a genuine session, but not one that takes decisions
    ):
        answer = _decide(client, world, entry_id, token)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/ui/login")
        assert "resume" not in answer.headers["location"] and 'name="resume"' not in answer.text
    assert _decisions() == []


def test_a_stash_made_by_one_staff_member_is_not_saved_by_another_who_logs_in(
    client: TestClient, world: World
) -> None:
    entry_id = _entry(client, world)
    kept = _decide(client, world, entry_id, _expired(_claims(world, "staff")))
    blob = kept.text.split('name="resume" value="')[1].split('"')[0]
    colleague = _with_password(world, "staff2")  # same organisation, same browser
    form = {"username": colleague, "password": PASSWORD, "next": "/ui/", "resume": blob}
    answer = client.post("/ui/login", data=form, headers=ui_headers(None), follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/ui/?msg=resume.other_user"
    assert _decisions() == []
    cookie = answer.cookies.get("access_token")
    shown = client.get(answer.headers["location"], headers=ui_headers(cookie))
    assert "gjordes av en annan användare. Det har inte sparats." in shown.text
    # The one who made it still can, by logging in themselves.
    owner = _with_password(world, "staff")
    mine = client.post(
        "/ui/login", data={**form, "username": owner}, headers=ui_headers(None), follow_redirects=False
    )
    assert mine.status_code == 303 and "notice=dec.saved.proposed" in mine.headers["location"]
    [stored] = _decisions()
    assert stored.reviewer_id == int(_claims(world, "staff")["sub"])


def test_a_stash_naming_no_user_or_signed_for_another_replays_nothing(
    client: TestClient, world: World
) -> None:
    entry_id = _entry(client, world)
    email = _with_password(world, "staff")
    path = f"/ui/entries/{entry_id}/decide"
    other = stash(path, DECISION, _claims(world, "staff2")["sub"])
    nobody = stash(path, DECISION, "")
    for blob, location in ((other, "/ui/?msg=resume.other_user"), (nobody, "/ui/")):
        form = {"username": email, "password": PASSWORD, "next": "/ui/", "resume": blob}
        answer = client.post("/ui/login", data=form, headers=ui_headers(None), follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == location
    assert _decisions() == []
