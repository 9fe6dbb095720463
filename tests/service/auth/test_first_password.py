"""A password an admin chose (creation or reset) is temporary: until the user has chosen their own, the
API refuses everything else with a 403 problem, and the web UI sends them to its password page, which
every user has."""

from typing import Any

from fastapi.testclient import TestClient

from tests.service.authz_fixtures import PASSWORD
from tests.service.csrf_helpers import ui_headers
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401

TEMPORARY = "temporary-passphrase-0001"
OWN = "my own passphrase of choice"


def _token(client: TestClient, email: str, password: str) -> str:
    response = client.post("/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _new_staff(trusted: Trusted, email: str) -> int:
    body = {
        "email": email,
        "full_name": "Ny Handläggare",
        "role": "staff",
        "organisation_id": trusted.seeded.a.actor.id,
        "password": TEMPORARY,
    }
    created = trusted.client.post("/admin/users", json=body, headers=trusted.seeded.headers["admin"])
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def _refused(response: Any) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Password change required" and "PATCH /auth/me" in problem["detail"]


def test_a_new_user_must_change_the_temporary_password_before_anything_else(trusted: Trusted) -> None:
    client, ids = trusted.client, trusted.seeded.a.ids
    _new_staff(trusted, "new.staff@example.org")
    temporary = _bearer(_token(client, "new.staff@example.org", TEMPORARY))
    me = client.get("/auth/me", headers=temporary)
    assert me.status_code == 200 and me.json()["must_change_password"] is True
    _refused(client.get("/vacancies", headers=temporary))
    _refused(client.get(f"/vacancies/{ids['vacancy_id']}/shortlist", headers=temporary))  # the fast read
    _refused(client.get(f"/seekers/{ids['seeker_id']}", headers=temporary))
    _refused(client.post(f"/vacancies/{ids['vacancy_id']}/shortlist", headers=temporary))
    same = client.patch(
        "/auth/me", json={"password": TEMPORARY, "current_password": TEMPORARY}, headers=temporary
    )
    assert same.status_code == 422 and same.json()["errors"][0]["field"] == "password"
    changed = client.patch(
        "/auth/me", json={"password": OWN, "current_password": TEMPORARY}, headers=temporary
    )
    assert changed.status_code == 200 and changed.json()["must_change_password"] is False
    assert client.get("/auth/me", headers=temporary).status_code == 401  # the change ended that session
    own = _bearer(_token(client, "new.staff@example.org", OWN))
    assert client.get("/vacancies", headers=own).status_code == 200
    assert client.get(f"/vacancies/{ids['vacancy_id']}/shortlist", headers=own).status_code in (200, 404)
    assert client.post("/auth/logout", headers=own).status_code == 204


def test_a_reset_by_an_admin_is_temporary_too_and_logging_out_stays_possible(trusted: Trusted) -> None:
    client = trusted.client
    user_id = _new_staff(trusted, "reset.staff@example.org")
    first = _bearer(_token(client, "reset.staff@example.org", TEMPORARY))
    assert (
        client.patch(
            "/auth/me", json={"password": OWN, "current_password": TEMPORARY}, headers=first
        ).status_code
        == 200
    )
    own = _bearer(_token(client, "reset.staff@example.org", OWN))
    assert client.get("/vacancies", headers=own).status_code == 200
    reset = client.patch(
        f"/admin/users/{user_id}", json={"password": TEMPORARY}, headers=trusted.seeded.headers["admin"]
    )
    assert reset.status_code == 200
    again = _bearer(_token(client, "reset.staff@example.org", TEMPORARY))
    _refused(client.get("/vacancies", headers=again))
    assert client.post("/auth/logout", headers=again).status_code == 204
    # Users the admin did not give a password to are not affected.
    assert client.get("/vacancies", headers=trusted.seeded.headers["staff"]).status_code == 200


def test_the_web_ui_sends_a_temporary_password_to_the_password_page(trusted: Trusted) -> None:
    client = trusted.client
    _new_staff(trusted, "ui.staff@example.org")
    form = {"username": "ui.staff@example.org", "password": TEMPORARY, "next": "/ui/vacancies"}
    login = client.post("/ui/login", data=form, headers=ui_headers(None), follow_redirects=False)
    assert login.status_code == 303 and login.headers["location"] == "/ui/account/password?next=/ui/vacancies"
    cookie = login.cookies["access_token"]
    page = client.get("/ui/vacancies", headers=ui_headers(cookie), follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/ui/account/password?next=/ui/vacancies"
    form_page = client.get("/ui/account/password?next=/ui/vacancies", headers=ui_headers(cookie))
    assert form_page.status_code == 200 and "Ditt lösenord är tillfälligt" in form_page.text
    # The API, reached with the browser's cookie, refuses too.
    _refused(client.get("/vacancies", headers=ui_headers(cookie)))


def _change(client: TestClient, cookie: str, current: str, new: str, repeat: str) -> Any:
    body = {"current_password": current, "new_password": new, "new_password_repeat": repeat, "next": "/ui/"}
    return client.post("/ui/account/password", data=body, headers=ui_headers(cookie), follow_redirects=False)


def test_every_user_changes_their_password_on_a_plain_swedish_page(trusted: Trusted) -> None:
    client = trusted.client
    for role in ("staff", "supplier", "procurement_officer", "admin", "auditor"):
        email = trusted.seeded.users[role].email
        cookie = _token(client, email, PASSWORD)
        page = client.get("/ui/account/password", headers=ui_headers(cookie))
        assert page.status_code == 200, role
        assert "Nuvarande lösenord" in page.text and "Upprepa det nya lösenordet" in page.text
        assert 'href="/ui/account/password"' in page.text  # in every page's header
    cookie = _token(client, "staff@example.org", PASSWORD)
    cases = [
        (PASSWORD, "short", "short", "Det nya lösenordet måste ha minst 12 tecken."),
        (PASSWORD, OWN, OWN + "!", "Du skrev två olika nya lösenord."),
        (PASSWORD, PASSWORD, PASSWORD, "Det nya lösenordet måste vara ett annat än det nuvarande."),
        ("not the password!!", OWN, OWN, "Det nuvarande lösenordet stämmer inte."),
    ]
    for current, new, repeat, message in cases:
        refused = _change(client, cookie, current, new, repeat)
        assert refused.status_code == 422 and message in refused.text, message
        assert "Lösenordet är inte bytt." in refused.text
    changed = _change(client, cookie, PASSWORD, OWN, OWN)
    assert changed.status_code == 303 and changed.headers["location"] == "/ui/?msg=account.password.changed"
    fresh = changed.cookies["access_token"]
    welcome = client.get(changed.headers["location"], headers=ui_headers(fresh))
    assert welcome.status_code == 200 and "Ditt lösenord är bytt." in welcome.text
    assert client.get("/auth/me", headers=_bearer(cookie)).status_code == 401  # older sessions ended
    assert (
        client.post("/auth/token", data={"username": "staff@example.org", "password": PASSWORD}).status_code
        == 401
    )
    _token(client, "staff@example.org", OWN)


def test_the_password_page_is_throttled_like_the_login(trusted: Trusted) -> None:
    client = trusted.client
    cookie = _token(client, "auditor@example.org", PASSWORD)
    for _ in range(5):
        assert _change(client, cookie, "not the password!!", OWN, OWN).status_code == 422
    throttled = _change(client, cookie, PASSWORD, OWN, OWN)
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
    assert "För många misslyckade försök. Försök igen om 15 minuter." in throttled.text


def test_the_password_page_needs_a_login(trusted: Trusted) -> None:
    answer = trusted.client.get("/ui/account/password", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/ui/login")
