"""The admin's API: organisations, users, the manual-mode switch; and that others cannot use it."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import AuditEvent, User
from service.platform.db import get_engine
from service.platform.security import verify_password
from service.system.service import is_manual_mode
from tests.service.authz_fixtures import (  # noqa: F401
    Seeded,
    client_fixture,
    seeded_fixture,
    sqlite_url_fixture,
)

ORG = {"ref": "kommun-x", "name": "Kommun X", "kind": "procuring_authority", "org_number": "212000-0142"}


def _actions() -> list[str]:
    with Session(get_engine()) as session:
        return [e.action for e in session.exec(select(AuditEvent)).all()]


def test_organisation_crud_and_delete_refused_while_referenced(client: TestClient, seeded: Seeded) -> None:
    admin = seeded.headers["admin"]
    created = client.post("/admin/organisations", json={**ORG, "municipality_code": "1280"}, headers=admin)
    assert created.status_code == 201, created.text
    org_id = created.json()["id"]
    assert client.post("/admin/organisations", json=ORG, headers=admin).status_code == 409  # same ref
    assert client.get(f"/admin/organisations/{org_id}", headers=admin).json()["name"] == "Kommun X"
    renamed = client.patch(f"/admin/organisations/{org_id}", json={"name": "Kommun Y"}, headers=admin)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Kommun Y"
    assert (
        client.patch(f"/admin/organisations/{org_id}", json={"kind": "supplier"}, headers=admin).status_code
        == 422
    )
    assert (
        client.patch(f"/admin/organisations/{org_id}", json={"name": None}, headers=admin).status_code == 422
    )
    listed = client.get("/admin/organisations?kind=procuring_authority", headers=admin).json()
    assert {o["kind"] for o in listed["items"]} == {"procuring_authority"} and listed["total"] == 3
    referenced = client.delete(f"/admin/organisations/{seeded.a.supplier.id}", headers=admin)
    assert referenced.status_code == 409 and "contracts" in referenced.json()["detail"]
    assert client.delete(f"/admin/organisations/{org_id}", headers=admin).status_code == 204
    assert client.get(f"/admin/organisations/{org_id}", headers=admin).status_code == 404
    assert {"organisation.create", "organisation.update", "organisation.delete"} <= set(_actions())


def test_bad_org_number_and_unknown_fields_are_422(client: TestClient, seeded: Seeded) -> None:
    admin = seeded.headers["admin"]
    bad = client.post("/admin/organisations", json={**ORG, "org_number": "212000-0143"}, headers=admin)
    assert bad.status_code == 422 and "check digit" in bad.text
    mass = client.post("/admin/organisations", json={**ORG, "id": 1}, headers=admin)
    assert mass.status_code == 422 and any(e["field"] == "id" for e in mass.json()["errors"])


def test_users_are_created_with_hashed_passwords_never_returned(client: TestClient, seeded: Seeded) -> None:
    admin = seeded.headers["admin"]
    body = {
        "email": "New.Person@Example.org",
        "full_name": "Ny Person",
        "role": "staff",
        "organisation_id": seeded.a.actor.id,
        "password": "a long enough password",
    }
    created = client.post("/admin/users", json=body, headers=admin)
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["email"] == "new.person@example.org"
    assert (
        "password" not in created.text
        and "password_hash" not in created.text
        and "argon2" not in created.text
    )
    with Session(get_engine()) as session:
        row = session.get(User, user["id"])
        assert row is not None and row.password_hash.startswith("$argon2")
        assert verify_password("a long enough password", row.password_hash)
    assert (
        client.post("/auth/token", data={"username": body["email"], "password": body["password"]}).status_code
        == 200
    )
    assert client.post("/admin/users", json=body, headers=admin).status_code == 409  # email taken
    listed = client.get(f"/admin/users?organisation_id={seeded.a.actor.id}&role=staff", headers=admin)
    assert listed.status_code == 200 and "password_hash" not in listed.text
    assert {u["role"] for u in listed.json()["items"]} == {"staff"}


def test_a_role_must_fit_the_kind_of_organisation(client: TestClient, seeded: Seeded) -> None:
    admin = seeded.headers["admin"]
    body = {
        "email": "x@example.org",
        "full_name": "X",
        "role": "staff",
        "organisation_id": seeded.a.supplier.id,
        "password": "a long enough password",
    }
    assert client.post("/admin/users", json=body, headers=admin).status_code == 422
    assert (
        client.post("/admin/users", json={**body, "organisation_id": 999_999}, headers=admin).status_code
        == 422
    )
    assert client.post("/admin/users", json={**body, "password": "short"}, headers=admin).status_code == 422
    assert client.post("/admin/users", json={**body, "password_hash": "x"}, headers=admin).status_code == 422
    staff_id = seeded.users["staff"].id
    assert (
        client.patch(f"/admin/users/{staff_id}", json={"role": "supplier"}, headers=admin).status_code == 422
    )


def test_user_updates_deactivation_and_deletion(client: TestClient, seeded: Seeded) -> None:
    admin = seeded.headers["admin"]
    officer_id = seeded.users["procurement_officer"].id
    changed = client.patch(
        f"/admin/users/{officer_id}", json={"full_name": "Kim", "is_active": False}, headers=admin
    )
    assert changed.status_code == 200 and changed.json()["is_active"] is False
    assert client.get("/contracts", headers=seeded.headers["procurement_officer"]).status_code == 401
    # A user who has decided something cannot be deleted (the trail names them): disable instead.
    staff_id = seeded.users["staff"].id
    assert client.delete(f"/admin/users/{staff_id}", headers=admin).status_code == 409
    victim = seeded.a.ids["user_id"]
    assert client.delete(f"/admin/users/{victim}", headers=admin).status_code == 204
    assert client.get(f"/admin/users/{victim}", headers=admin).status_code == 404
    assert {"user.update", "user.delete"} <= set(_actions())


def test_admins_cannot_lock_themselves_out(client: TestClient, seeded: Seeded) -> None:
    admin = seeded.headers["admin"]
    me = seeded.users["admin"].id
    assert client.patch(f"/admin/users/{me}", json={"role": "auditor"}, headers=admin).status_code == 409
    assert client.patch(f"/admin/users/{me}", json={"is_active": False}, headers=admin).status_code == 409
    assert client.delete(f"/admin/users/{me}", headers=admin).status_code == 409
    assert client.get("/auth/me", headers=admin).json()["role"] == "admin"


def test_manual_mode_switch_is_admin_only_visible_to_all_and_audited(
    client: TestClient, seeded: Seeded
) -> None:
    admin = seeded.headers["admin"]
    status = client.get("/system/status", headers=seeded.headers["staff"])
    assert status.status_code == 200 and status.json()["manual_mode"] is False
    assert (
        client.put("/admin/manual-mode", json={"enabled": True}, headers=seeded.headers["staff"]).status_code
        == 403
    )
    assert client.put("/admin/manual-mode", json={"enabled": "maybe"}, headers=admin).status_code == 422
    assert client.put("/admin/manual-mode", json={"enabled": True, "x": 1}, headers=admin).status_code == 422
    switched = client.put("/admin/manual-mode", json={"enabled": True}, headers=admin)
    assert switched.status_code == 200 and switched.json()["manual_mode"] is True
    for who in ("supplier", "auditor", "batch"):
        assert client.get("/system/status", headers=seeded.headers[who]).json()["manual_mode"] is True
    with Session(get_engine()) as session:
        assert is_manual_mode(session)
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "system.manual_mode")).one()
        assert event.detail == {"from": False, "to": True} and event.actor_user_id == seeded.users["admin"].id
    # In manual mode the engine ranks nothing.
    vacancy = seeded.a.ids["vacancy_id"]
    assert client.post(f"/vacancies/{vacancy}/shortlist", headers=seeded.headers["staff"]).status_code == 503
    assert (
        client.put("/admin/manual-mode", json={"enabled": False}, headers=admin).json()["manual_mode"]
        is False
    )
    assert client.get("/system/status").status_code == 401


def test_only_admins_reach_the_admin_api(client: TestClient, seeded: Seeded) -> None:
    for role in ("staff", "supplier", "procurement_officer", "auditor", "batch"):
        for path in ("/admin/organisations", "/admin/users", "/admin/api-keys"):
            assert client.get(path, headers=seeded.headers[role]).status_code == 403, (role, path)
