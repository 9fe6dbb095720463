"""No identity can be inherited (both engines): a deleted user's token never becomes the next user's, ids
are never handed out twice, and deactivation and re-activation end every earlier token, on the API, the
staff shortlist read (its own session check) and the web UI."""

from fastapi.testclient import TestClient

from models.enums import Role
from service.auth.tokens import create_access_token
from service.platform.config import get_settings
from tests.service.authz_fixtures import PASSWORD
from tests.service.csrf_helpers import ui_headers
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401


def _login(client: TestClient, email: str) -> str:
    response = client.post("/auth/token", data={"username": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _create_user(trusted: Trusted, email: str, role: Role, organisation_id: int) -> int:
    body = {
        "email": email,
        "full_name": "Ny Användare",
        "role": role.value,
        "organisation_id": organisation_id,
        "password": PASSWORD,
    }
    response = trusted.client.post("/admin/users", json=body, headers=trusted.seeded.headers["admin"])
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_a_deleted_users_token_does_not_become_the_next_users_token(trusted: Trusted) -> None:
    client, admin = trusted.client, trusted.seeded.headers["admin"]
    supplier_org = trusted.seeded.a.supplier.id or 0
    authority = trusted.seeded.a.authority.id or 0
    supplier_id = _create_user(trusted, "gone@example.org", Role.SUPPLIER, supplier_org)
    old = _bearer(_login(client, "gone@example.org"))
    assert client.get("/auth/me", headers=old).status_code == 200
    assert client.get("/admin/users", headers=old).status_code == 403  # a supplier, as it should be

    assert client.delete(f"/admin/users/{supplier_id}", headers=admin).status_code == 204
    admin_id = _create_user(trusted, "new-admin@example.org", Role.ADMIN, authority)

    assert admin_id > supplier_id  # the deleted user's id is not handed out again (SQLite reused it)
    assert client.get("/admin/users", headers=old).status_code == 401
    assert client.get("/auth/me", headers=old).status_code == 401


def test_a_token_names_one_account_even_if_an_id_and_version_came_back(trusted: Trusted) -> None:
    """Tokens carry the account's random session key: the same id and session version are not enough."""
    client, user = trusted.client, trusted.seeded.users["admin"]
    settings = get_settings()
    current, other = (
        create_access_token(
            settings,
            user_id=user.id or 0,
            role=user.role,
            organisation_id=user.organisation_id,
            session_key=key,
        )
        for key in (user.session_key, "0" * 32)
    )
    assert client.get("/admin/users", headers=_bearer(current)).status_code == 200
    assert client.get("/admin/users", headers=_bearer(other)).status_code == 401


def test_deactivation_and_reactivation_end_every_earlier_token(trusted: Trusted) -> None:
    client, admin = trusted.client, trusted.seeded.headers["admin"]
    victim_id = trusted.seeded.a.ids["user_id"]  # staff of world A's matching actor
    shortlist = f"/vacancies/{trusted.seeded.a.ids['vacancy_id']}/shortlist"
    token = _login(client, "victim@example.org")
    before = _login(client, "victim@example.org")

    def status(token: str) -> tuple[int, int, str]:
        page = client.get("/ui/", headers=ui_headers(token), follow_redirects=False)
        landing = "login" if "/ui/login" in page.headers.get("location", "") else str(page.status_code)
        me = client.get("/auth/me", headers=_bearer(token)).status_code
        return me, client.get(shortlist, headers=_bearer(token)).status_code, landing

    assert status(token) == (200, 200, "200")
    off = client.patch(f"/admin/users/{victim_id}", json={"is_active": False}, headers=admin)
    assert off.status_code == 200, off.text
    assert status(token) == (401, 401, "login")
    on = client.patch(f"/admin/users/{victim_id}", json={"is_active": True}, headers=admin)
    assert on.status_code == 200, on.text
    assert status(token) == (401, 401, "login")  # re-activation does not revive a token
    assert status(before) == (401, 401, "login")
    assert status(_login(client, "victim@example.org")) == (200, 200, "200")


def test_saving_an_unchanged_active_flag_keeps_sessions(trusted: Trusted) -> None:
    client, admin = trusted.client, trusted.seeded.headers["admin"]
    token = _bearer(_login(client, "victim@example.org"))
    victim_id = trusted.seeded.a.ids["user_id"]
    same = client.patch(f"/admin/users/{victim_id}", json={"is_active": True}, headers=admin)
    assert same.status_code == 200, same.text
    assert client.get("/auth/me", headers=token).status_code == 200
