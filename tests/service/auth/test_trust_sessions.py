"""Tokens carry the user's session version: logout, a password change and an admin reset end every token
at once, on the API and in the browser session (both engines)."""

from fastapi.testclient import TestClient

from tests.service.authz_fixtures import PASSWORD
from tests.service.csrf_helpers import ui_headers
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401

NEW_PASSWORD = "an entirely new passphrase"


def _token(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _me(client: TestClient, headers: dict[str, str]) -> int:
    return client.get("/auth/me", headers=headers).status_code


def test_logout_ends_every_token_of_the_user_at_once(trusted: Trusted) -> None:
    client = trusted.client
    laptop, phone = _token(client, "staff@example.org"), _token(client, "staff@example.org")
    assert _me(client, laptop) == 200 and _me(client, phone) == 200
    assert client.post("/auth/logout", headers=laptop).status_code == 204
    assert _me(client, laptop) == 401 and _me(client, phone) == 401
    again = _token(client, "staff@example.org")  # logging in again works
    assert _me(client, again) == 200
    # Another user's session is untouched.
    assert _me(client, trusted.seeded.headers["supplier"]) == 200


def test_a_password_change_and_an_admin_reset_end_old_tokens(trusted: Trusted) -> None:
    client = trusted.client
    old = _token(client, "staff@example.org")
    changed = client.patch(
        "/auth/me", json={"password": NEW_PASSWORD, "current_password": PASSWORD}, headers=old
    )
    assert changed.status_code == 200
    assert _me(client, old) == 401  # the very token that changed it, and any stolen copy
    fresh = _token(client, "staff@example.org", NEW_PASSWORD)
    assert _me(client, fresh) == 200

    admin = trusted.seeded.headers["admin"]
    staff_id = trusted.seeded.users["staff"].id
    reset = client.patch(f"/admin/users/{staff_id}", json={"password": PASSWORD}, headers=admin)
    assert reset.status_code == 200, reset.text
    assert _me(client, fresh) == 401
    assert _me(client, _token(client, "staff@example.org")) == 200


def test_logging_out_of_the_web_ui_ends_the_session_cookie(trusted: Trusted) -> None:
    client = trusted.client
    token = _token(client, "supplier@example.org")["Authorization"].removeprefix("Bearer ")
    page = ui_headers(token)
    assert client.get("/ui/", headers=page, follow_redirects=False).status_code == 200
    out = client.post("/ui/logout", headers=page, follow_redirects=False)
    assert out.status_code == 303
    # A copy of the old cookie (a shared computer, a stolen cookie) no longer opens anything.
    again = client.get("/ui/", headers=page, follow_redirects=False)
    assert again.status_code == 303 and "/ui/login" in again.headers["location"]
    assert _me(client, {"Authorization": f"Bearer {token}"}) == 401
