"""Login, throttling, tokens, API keys, one's own account, limits and settings."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import RateEvent, User
from service.app.main import create_app
from service.auth import throttle
from service.auth.service import LoginThrottled, login
from service.platform.config import DEV_SECRET, Settings, get_settings
from service.platform.db import get_engine
from service.platform.errors import NotAuthenticated
from tests.service.authz_fixtures import (  # noqa: F401
    PASSWORD,
    Seeded,
    client_fixture,
    seeded_fixture,
    sqlite_url_fixture,
)


def _login(client: TestClient, email: str, password: str) -> Any:
    return client.post("/auth/token", data={"username": email, "password": password})


def test_login_gives_a_short_lived_token_that_identifies_the_user(client: TestClient, seeded: Seeded) -> None:
    response = _login(client, "Staff@Example.org ", PASSWORD)  # email case and spaces do not matter
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == get_settings().access_token_minutes * 60
    claims = jwt.decode(body["access_token"], DEV_SECRET, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == get_settings().access_token_minutes * 60
    me = client.get("/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["email"] == "staff@example.org" and me.json()["role"] == "staff"


def test_wrong_password_unknown_user_and_disabled_account_are_401(client: TestClient, seeded: Seeded) -> None:
    assert _login(client, "staff@example.org", "wrong password!!").status_code == 401
    assert _login(client, "nobody@example.org", PASSWORD).status_code == 401
    with Session(get_engine()) as session:
        user = seeded.users["auditor"]
        user.is_active = False
        session.add(user)
        session.commit()
    disabled = _login(client, "auditor@example.org", PASSWORD)
    assert disabled.status_code == 401 and disabled.headers["content-type"] == "application/problem+json"
    # The token issued before the account was disabled stops working too.
    assert client.get("/auth/me", headers=seeded.headers["auditor"]).status_code == 401


def test_repeated_failures_lock_that_client_out_of_the_account_even_for_the_right_password(
    client: TestClient, seeded: Seeded
) -> None:
    for _ in range(get_settings().login_max_failures):
        wrong = _login(client, "staff@example.org", "wrong password!!")
        assert wrong.status_code == 401
    throttled = _login(client, "staff@example.org", PASSWORD)
    assert throttled.status_code == 429
    assert throttled.headers["content-type"] == "application/problem+json"
    retry_after = int(throttled.headers["Retry-After"])
    assert 0 < retry_after <= get_settings().login_lockout_minutes * 60
    assert "too many failed logins" in throttled.json()["detail"]
    # The count is in the database: a new app (another worker, a restart) still refuses.
    with TestClient(create_app()) as other_worker:
        assert _login(other_worker, "staff@example.org", PASSWORD).status_code == 429
    # No email address is stored in the counters.
    with Session(get_engine()) as session:
        keys = {r.key for r in session.exec(select(RateEvent)).all()}
    assert keys and all(k.startswith(throttle.KEY_PREFIX) and "@" not in k for k in keys)


def test_failures_on_other_accounts_from_one_address_lock_no_one_else_out(
    client: TestClient, seeded: Seeded
) -> None:
    """An office behind one address: many failures there, over many accounts, lock no other account."""
    for n in range(get_settings().login_max_failures * throttle.ACCOUNT_FACTOR):
        assert _login(client, f"guess{n % 7}@example.org", "wrong password!!").status_code in (401, 429)
    assert _login(client, "admin@example.org", PASSWORD).status_code == 200


def test_the_lockout_ends_when_the_window_has_passed(client: TestClient, seeded: Seeded) -> None:
    settings = get_settings()
    start = datetime.now(UTC)
    with Session(get_engine()) as session:
        for _ in range(settings.login_max_failures):
            with pytest.raises(NotAuthenticated, match="wrong email"):
                login(session, settings, "officer@example.org", "wrong password!!", "10.0.0.1", now=start)
        with pytest.raises(LoginThrottled) as caught:
            login(session, settings, "officer@example.org", PASSWORD, "10.0.0.1", now=start)
        assert caught.value.retry_after == settings.login_lockout_minutes * 60
        later = start + timedelta(minutes=settings.login_lockout_minutes, seconds=1)
        assert login(session, settings, "officer@example.org", PASSWORD, "10.0.0.1", now=later)
        session.commit()  # as the request's unit of work does
    with Session(get_engine()) as session:  # counts past the window went with the next attempt
        assert session.exec(select(RateEvent)).all() == []


def test_a_successful_login_clears_the_email_count(client: TestClient, seeded: Seeded) -> None:
    settings = get_settings()
    for _ in range(settings.login_max_failures - 1):
        _login(client, "supplier@example.org", "wrong password!!")
    assert _login(client, "supplier@example.org", PASSWORD).status_code == 200
    attempt = throttle.attempt_for(settings, "supplier@example.org", "testclient", None)
    pair, account = (limit.key for limit in attempt.limits)
    with Session(get_engine()) as session:
        left = [r.key for r in session.exec(select(RateEvent)).all()]
    assert pair not in left  # this client's count on the account is gone
    assert left.count(account) == settings.login_max_failures - 1  # the account's failures stay


def _token(secret: str, user: User, **claims: object) -> str:
    """A token as the server signs one for ``user`` (its session key included), then altered."""
    now = datetime.now(UTC)
    base = {
        "sub": str(user.id),
        "role": user.role,
        "org": user.organisation_id,
        "sk": user.session_key,
        "sv": user.session_version,
        "iat": now,
        "exp": now + timedelta(minutes=5),
    }
    return jwt.encode({**base, **claims}, secret, algorithm="HS256")


FORGERIES: dict[str, Callable[[User], str]] = {
    "expired": lambda u: _token(DEV_SECRET, u, exp=datetime.now(UTC) - timedelta(minutes=1)),
    "wrong-key": lambda u: _token("some-other-secret-of-sufficient-length-0123", u),
    "alg-none": lambda u: jwt.encode(
        {"sub": str(u.id), "role": u.role, "sk": u.session_key, "exp": 9999999999}, key="", algorithm="none"
    ),
    "tampered": lambda u: _token(DEV_SECRET, u)[:-4] + "AAAA",
    "no-exp": lambda u: _token(DEV_SECRET, u, exp=None),
    "garbage": lambda u: "not-a-token",
}


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_expired_and_forged_tokens_are_401(client: TestClient, seeded: Seeded, forgery: str) -> None:
    admin = seeded.users["admin"]
    control = _token(DEV_SECRET, admin)
    assert client.get("/auth/me", headers={"Authorization": f"Bearer {control}"}).status_code == 200
    response = client.get("/auth/me", headers={"Authorization": f"Bearer {FORGERIES[forgery](admin)}"})
    assert response.status_code == 401 and response.json()["status"] == 401


def test_api_keys_are_shown_once_stored_hashed_and_revocable(client: TestClient, seeded: Seeded) -> None:
    admin = seeded.headers["admin"]
    created = client.post(
        "/admin/api-keys", json={"name": "nightly", "organisation_id": seeded.a.actor.id}, headers=admin
    )
    assert created.status_code == 201 and created.headers["cache-control"] == "no-store"
    key = created.json()["key"]
    me = client.get("/auth/me", headers={"X-API-Key": key})
    assert me.status_code == 200 and me.json()["role"] == "batch" and me.json()["user_id"] is None
    listed = client.get("/admin/api-keys", headers=admin).json()["items"]
    assert all("key" not in item and "key_hash" not in item for item in listed)
    assert key not in client.get("/admin/api-keys", headers=admin).text
    revoked = client.delete(f"/admin/api-keys/{created.json()['id']}", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert client.get("/auth/me", headers={"X-API-Key": key}).status_code == 401
    assert client.get("/auth/me", headers={"X-API-Key": key[:-2] + "xx"}).status_code == 401


def test_own_account_changes_cannot_assign_role_or_organisation(client: TestClient, seeded: Seeded) -> None:
    staff = seeded.headers["staff"]
    for field, value in (
        ("role", "admin"),
        ("organisation_id", seeded.b.actor.id),
        ("is_active", True),
        ("id", 1),
    ):
        response = client.patch("/auth/me", json={"full_name": "Ny", field: value}, headers=staff)
        assert response.status_code == 422, field
        assert any(e["field"] == field for e in response.json()["errors"])
    assert client.get("/auth/me", headers=staff).json()["role"] == "staff"


def test_own_password_change_needs_the_current_password(client: TestClient, seeded: Seeded) -> None:
    staff = seeded.headers["staff"]
    new = "a brand new passphrase"
    wrong = client.patch("/auth/me", json={"password": new, "current_password": "guess"}, headers=staff)
    assert wrong.status_code == 422
    ok = client.patch(
        "/auth/me", json={"password": new, "current_password": PASSWORD, "full_name": "Sam"}, headers=staff
    )
    assert ok.status_code == 200 and ok.json()["full_name"] == "Sam"
    assert _login(client, "staff@example.org", new).status_code == 200
    assert _login(client, "staff@example.org", PASSWORD).status_code == 401


def test_oversized_body_is_413(client: TestClient, seeded: Seeded) -> None:
    big = "x" * (get_settings().max_body_bytes + 1)
    response = client.post(
        "/admin/users", content=big, headers={**seeded.headers["admin"], "content-type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["title"] == "Payload too large"
    assert response.headers["content-type"] == "application/problem+json"


def test_production_refuses_the_default_or_a_short_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="MATCHER_SECRET_KEY"):
        Settings(env="production")
    with pytest.raises(ValueError, match="MATCHER_SECRET_KEY"):
        Settings(env="production", secret_key="short")
    monkeypatch.setenv("MATCHER_ENV", "production")
    monkeypatch.delenv("MATCHER_SECRET_KEY", raising=False)
    with pytest.raises(ValueError, match="MATCHER_SECRET_KEY"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    assert Settings(env="production", secret_key="s" * 40).env == "production"


def test_development_replaces_the_public_default_secret_with_its_own(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from service.platform import config

    monkeypatch.setattr(config, "LOCAL_SECRET_FILE", tmp_path / ".matcher-secret")
    first = Settings(env="development")
    assert first.secret_key != DEV_SECRET and len(first.secret_key) >= 32
    assert Settings(env="development").secret_key == first.secret_key  # kept across restarts
    assert Settings(env="test").secret_key == DEV_SECRET  # tests sign with the known value


def test_errors_carry_no_stack_trace_or_sql(client: TestClient, seeded: Seeded) -> None:
    response = client.get("/contracts/not-a-number", headers=seeded.headers["admin"])
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    text = response.text.lower()
    assert "traceback" not in text and "select " not in text
