"""The role pages' forms and filters through the same services as the API: checks, audit and errors.

Browser journeys are in tests/ui/test_role_pages.py; these are the cases a journey does not walk.
"""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import AuditEvent, Contract, EmploymentRequirement, Organisation, User
from models.enums import OrganisationKind, Role
from service.platform.db import get_engine
from tests import factories as f
from tests.service.csrf_helpers import with_csrf
from tests.service.seekers_fixtures import (  # noqa: F401
    World,
    auth,
    client_fixture,
    sqlite_url_fixture,
    world_fixture,
)


def cookie(headers: dict[str, str], lang: str | None = None) -> dict[str, str]:
    token = headers["Authorization"].removeprefix("Bearer ")
    return {"Cookie": f"access_token={token}" + (f"; lang={lang}" if lang else "")}


def post(headers: dict[str, str]) -> dict[str, str]:
    return with_csrf(cookie(headers))


def events(action: str) -> list[AuditEvent]:
    with Session(get_engine()) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_the_audit_log_pages_through_a_filtered_trail_like_every_other_list(
    client: TestClient, world: World
) -> None:
    from service.platform.audit import record

    with Session(get_engine()) as session:
        for n in range(60):
            record(session, None, "test.paging", "thing", n)
        session.commit()
    first = client.get("/ui/audit?action=test.paging", headers=cookie(world.auditor)).text
    assert "Visar 1–50 av 60 händelser." in first
    assert 'href="?action=test.paging&amp;page=2" rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/ui/audit?action=test.paging&page=2", headers=cookie(world.auditor)).text
    assert (
        "Visar 51–60 av 60 händelser." in second
        and 'href="?action=test.paging&amp;page=1" rel="prev"' in second
    )
    past = client.get("/ui/audit?action=test.paging&page=9", headers=cookie(world.auditor)).text
    assert "Visar 51–60 av 60 händelser." in past  # a page past the end shows the last one


def test_the_audit_log_filters_by_actor_email_and_object(client: TestClient, world: World) -> None:
    # Two admins' actions on the trail: one creates a user, the other switches manual mode.
    client.put("/admin/manual-mode", json={"enabled": False}, headers=world.admin)
    with Session(get_engine()) as session:
        admin_email = session.exec(select(User).where(User.role == Role.ADMIN)).one().email
    page = client.get(f"/ui/audit?actor={admin_email}", headers=cookie(world.auditor))
    assert page.status_code == 200 and "system.manual_mode" in page.text
    nobody = client.get("/ui/audit?actor=nobody@example.org", headers=cookie(world.auditor))
    assert "Inga händelser matchar urvalet." in nobody.text
    by_object = client.get(
        "/ui/audit?object_type=system&object_id=manual_mode", headers=cookie(world.auditor)
    )
    assert "Visar 1–1 av 1 händelser." in by_object.text
    bad = client.get("/ui/audit?from=2026-02-30", headers=cookie(world.auditor))
    assert bad.status_code == 422 and "Skriv datumet som ÅÅÅÅ-MM-DD." in bad.text


def test_the_audit_csv_is_the_selection_and_its_export_is_itself_audited(
    client: TestClient, world: World
) -> None:
    client.put("/admin/manual-mode", json={"enabled": True}, headers=world.admin)
    response = client.get("/ui/audit.csv?action=system.manual_mode", headers=cookie(world.auditor))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    lines = response.text.splitlines()
    assert len(lines) == 2 and "system.manual_mode" in lines[1]
    assert [e.detail for e in events("audit.export")] == [{"rows": 1}]


def test_the_admin_user_form_names_bad_fields_in_swedish_and_saves_nothing(
    client: TestClient, world: World
) -> None:
    with Session(get_engine()) as session:
        before = len(session.exec(select(User)).all())
        supplier_org = world.supplier_1.id
    response = client.post(
        "/ui/admin/users",
        data={
            "full_name": "",
            "email": "not-an-address",
            "role": "staff",
            "organisation_id": str(supplier_org),
        },
        headers=post(world.admin),
    )
    assert response.status_code == 422
    assert "Skriv en giltig e-postadress." in response.text and "Fältet måste fyllas i." in response.text
    wrong_org = client.post(
        "/ui/admin/users",
        data={
            "full_name": "Ny",
            "email": "ny@example.org",
            "role": "staff",
            "organisation_id": str(supplier_org),
        },
        headers=post(world.admin),
    )
    assert wrong_org.status_code == 422 and "Rollen passar inte organisationens typ" in wrong_org.text
    with Session(get_engine()) as session:
        assert len(session.exec(select(User)).all()) == before
    assert events("user.create") == []


def test_manual_mode_needs_a_reason_and_keeps_it_on_the_trail(client: TestClient, world: World) -> None:
    empty = client.post(
        "/ui/admin/manual-mode", data={"enabled": "true", "reason": " "}, headers=post(world.admin)
    )
    assert empty.status_code == 422 and events("system.manual_mode") == []
    done = client.post(
        "/ui/admin/manual-mode",
        data={"enabled": "true", "reason": "Felaktiga förslag granskas"},
        headers=post(world.admin),
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert client.get("/system/status", headers=world.admin).json()["manual_mode"] is True
    [event] = events("system.manual_mode")
    assert event.detail == {"from": False, "to": True, "reason": "Felaktiga förslag granskas"}


def officer_of(organisation_id: int) -> dict[str, str]:
    with Session(get_engine(), expire_on_commit=False) as session:
        org = session.get(Organisation, organisation_id)
        assert org is not None
        headers = auth(session, org, Role.PROCUREMENT_OFFICER)
        session.commit()
    return headers


def contract_form(supplier_id: int, **extra: str) -> dict[str, str | list[str]]:
    return {
        "ref": "web-2026-1",
        "title": "Fönsterputs",
        "supplier_org_id": str(supplier_id),
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "target_groups": ["youth", "newcomer"],
        "placement_kinds": ["employment"],
        "committed_placements": "3",
        "min_duration_months": "6",
        "fulfilment_threshold_pct": "75",
    } | extra


def test_the_contract_form_goes_through_the_contract_service(client: TestClient, world: World) -> None:
    officer = officer_of(world.c1.procuring_org_id)
    # The service's check: the supplier must be an organisation of the kind supplier.
    wrong = client.post("/ui/contracts/new", data=contract_form(world.actor_1.id or 0), headers=post(officer))
    assert wrong.status_code == 422 and "Välj en leverantör i listan." in wrong.text
    missing = client.post(
        "/ui/contracts/new",
        data=contract_form(world.supplier_1.id or 0, committed_placements="", target_groups=[]),
        headers=post(officer),
    )
    assert "Välj minst en målgrupp." in missing.text and "Ange ett åtagande" in missing.text
    assert events("contract.create") == []
    made = client.post(
        "/ui/contracts/new",
        data=contract_form(world.supplier_1.id or 0, fulfilment_threshold_pct="80"),
        headers=post(officer),
        follow_redirects=False,
    )
    assert made.status_code == 303
    with Session(get_engine()) as session:
        contract = session.exec(select(Contract).where(Contract.ref == "web-2026-1")).one()
        requirement = session.exec(
            select(EmploymentRequirement).where(EmploymentRequirement.contract_id == contract.id)
        ).one()
    assert requirement.fulfilment_threshold == 0.8 and sorted(requirement.target_groups) == [
        "newcomer",
        "youth",
    ]
    assert [e.object_id for e in events("contract.create")] == [str(contract.id)]
    # An officer of another authority: the contract is answered as missing, as in the API.
    colleague = officer_of(world.c1.procuring_org_id)  # same authority: may read it
    with Session(get_engine(), expire_on_commit=False) as session:
        authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
        session.commit()
    stranger = officer_of(authority.id or 0)
    assert client.get(f"/ui/contracts/{contract.id}/edit", headers=cookie(stranger)).status_code == 404
    assert client.get(f"/ui/contracts/{contract.id}", headers=cookie(colleague)).status_code == 200


def test_a_password_reset_is_confirmed_then_shows_a_working_password_once(
    client: TestClient, world: World
) -> None:
    from service.platform.security import verify_password

    with Session(get_engine()) as session:
        user = session.exec(select(User).where(User.role == Role.STAFF)).first()
        assert user is not None
        user_id, old_hash = user.id, user.password_hash
    confirm = client.get(f"/ui/admin/users/{user_id}/reset", headers=cookie(world.admin))
    assert confirm.status_code == 200 and "slutar gälla direkt" in confirm.text
    with Session(get_engine()) as session:
        assert session.get(User, user_id).password_hash == old_hash  # type: ignore[union-attr]  # asking changes nothing
    done = client.post(f"/ui/admin/users/{user_id}/reset", headers=post(world.admin))
    assert done.status_code == 200 and done.headers["cache-control"] == "no-store"
    password = done.text.split('id="temp-password">', 1)[1].split("<", 1)[0]
    with Session(get_engine()) as session:
        assert verify_password(password, session.get(User, user_id).password_hash)  # type: ignore[union-attr, arg-type]
    assert [e.detail for e in events("user.update")] == [{"fields": ["password"]}]


def test_revoking_a_key_is_confirmed_first_and_then_stops_the_key(client: TestClient, world: World) -> None:
    created = client.post(
        "/admin/api-keys", json={"name": "Natt", "organisation_id": world.actor_1.id}, headers=world.admin
    ).json()
    confirm = client.get(f"/ui/admin/api-keys/{created['id']}/revoke", headers=cookie(world.admin))
    assert confirm.status_code == 200 and "kan inte återställas" in confirm.text
    assert client.get("/system/status", headers={"X-API-Key": created["key"]}).status_code == 200
    done = client.post(
        f"/ui/admin/api-keys/{created['id']}/revoke", headers=post(world.admin), follow_redirects=False
    )
    assert done.status_code == 303
    assert client.get("/system/status", headers={"X-API-Key": created["key"]}).status_code == 401
    again = client.get(f"/ui/admin/api-keys/{created['id']}/revoke", headers=cookie(world.admin))
    assert again.status_code == 404 and "Sidan finns inte" in again.text
