"""/vacancies: suppliers see and manage only their own contracts' vacancies; the actor's staff help."""

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from models import Vacancy
from models.base import pk
from service.platform.db import get_engine
from tests.service.seekers_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture  # noqa: F401

CLEANER = "KF64_AvU_S4N"  # JobTech occupation "Städare"


def _body(contract_id: int, ref: str = "v-1", **extra: Any) -> dict[str, Any]:
    body = {
        "ref": ref,
        "contract_id": contract_id,
        "title": "Lokalvårdare",
        "description": "Städning av skolor i Malmö. B-körkort krävs.",
        "municipality_code": "1280",
        "required_skills": ["Städning"],
    }
    return body | extra


def _create(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/vacancies", json=body, headers=headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def test_supplier_creates_a_vacancy_that_is_enriched_and_private_to_its_organisation(
    client: TestClient, world: World
) -> None:
    created = _create(client, world.supplier_1_user, _body(pk(world.c1), occupation_id=CLEANER))
    assert created["status"] == "draft" and created["occupation_id"] == CLEANER
    assert "enrichment" not in created
    with Session(get_engine()) as session:
        row = session.get(Vacancy, created["id"])
        assert row is not None and len(row.content_hash) == 64
        assert any(c["type"] == "occupation" for c in row.enrichment)
        assert any(c["type"] == "licence" and c["id"] == "B" for c in row.enrichment)

    path = f"/vacancies/{created['id']}"
    assert client.get(path, headers=world.supplier_1_user).json()["title"] == "Lokalvårdare"
    assert client.get(path, headers=world.supplier_2_user).status_code == 404
    assert client.get("/vacancies", headers=world.supplier_2_user).json()["total"] == 0
    listed = client.get("/vacancies", headers=world.supplier_1_user).json()
    assert [v["id"] for v in listed["items"]] == [created["id"]]


def test_a_supplier_cannot_add_vacancies_to_another_suppliers_contract(
    client: TestClient, world: World
) -> None:
    response = client.post("/vacancies", json=_body(pk(world.c2)), headers=world.supplier_1_user)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "no contract" in response.json()["detail"]
    missing = client.post("/vacancies", json=_body(99_999), headers=world.supplier_1_user)
    assert missing.json()["detail"] == response.json()["detail"].replace(str(pk(world.c2)), "99999")


def test_staff_of_the_matching_actor_read_create_and_update_but_others_do_not(
    client: TestClient, world: World
) -> None:
    by_supplier = _create(client, world.supplier_1_user, _body(pk(world.c1)))
    by_staff = _create(client, world.staff_1, _body(pk(world.c1), ref="v-2", title="Fönsterputsare"))
    listed = client.get("/vacancies", headers=world.staff_1).json()
    assert {v["id"] for v in listed["items"]} == {by_supplier["id"], by_staff["id"]}
    updated = client.patch(f"/vacancies/{by_supplier['id']}", json={"positions": 3}, headers=world.staff_1)
    assert updated.status_code == 200 and updated.json()["positions"] == 3

    assert client.get(f"/vacancies/{by_supplier['id']}", headers=world.staff_2).status_code == 404
    assert client.get("/vacancies", headers=world.staff_2).json()["items"] == []
    assert (
        client.post("/vacancies", json=_body(pk(world.c1), ref="v-3"), headers=world.staff_2).status_code
        == 422
    )
    # Deleting is the supplier's own business.
    assert client.delete(f"/vacancies/{by_staff['id']}", headers=world.staff_1).status_code == 403


def test_other_roles_and_anonymous_callers_are_refused(client: TestClient, world: World) -> None:
    assert client.get("/vacancies").status_code == 401
    assert client.get("/vacancies", headers=world.auditor).status_code == 403
    assert client.post("/vacancies", json=_body(pk(world.c1)), headers=world.admin).status_code == 403


def test_references_are_validated_against_taxonomy_and_requirement(client: TestClient, world: World) -> None:
    cases = {
        "occupation_id": _body(pk(world.c1), occupation_id="no-such-id"),
        "municipality_code": _body(pk(world.c1), municipality_code="9999"),
        "kind": _body(pk(world.c2), kind="internship"),
    }
    headers = {"occupation_id": world.supplier_1_user, "municipality_code": world.supplier_1_user}
    for fld, body in cases.items():
        response = client.post("/vacancies", json=body, headers=headers.get(fld, world.supplier_2_user))
        assert response.status_code == 422, (fld, response.text)
        assert response.json()["errors"][0]["field"] == fld
    # The same kind is fine where the requirement allows it.
    _create(client, world.supplier_1_user, _body(pk(world.c1), kind="internship"))
    # And an update is checked the same way.
    created = _create(client, world.supplier_2_user, _body(pk(world.c2), ref="v-9"))
    response = client.patch(
        f"/vacancies/{created['id']}", json={"kind": "internship"}, headers=world.supplier_2_user
    )
    assert response.status_code == 422


def test_bad_bodies_are_rejected(client: TestClient, world: World) -> None:
    headers = world.supplier_1_user
    assert client.post("/vacancies", json=_body(pk(world.c1), salary=1), headers=headers).status_code == 422
    created = _create(client, headers, _body(pk(world.c1)))
    assert client.post("/vacancies", json=_body(pk(world.c1)), headers=headers).status_code == 409
    response = client.patch(f"/vacancies/{created['id']}", json={"title": None}, headers=headers)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "title"


def test_an_update_re_enriches_changed_text(client: TestClient, world: World) -> None:
    created = _create(client, world.supplier_1_user, _body(pk(world.c1)))
    with Session(get_engine()) as session:
        before = session.get(Vacancy, created["id"])
        assert before is not None
        old_hash = before.content_hash
    body = {"description": "Lagerarbete med truck. Truckkort A och B krävs."}
    assert (
        client.patch(f"/vacancies/{created['id']}", json=body, headers=world.supplier_1_user).status_code
        == 200
    )
    with Session(get_engine()) as session:
        after = session.get(Vacancy, created["id"])
        assert after is not None and after.content_hash != old_hash
        assert any(c["type"] == "licence" and c["id"].startswith("TRUCK") for c in after.enrichment)


def test_filters_by_status_and_contract(client: TestClient, world: World) -> None:
    draft = _create(client, world.staff_1, _body(pk(world.c1), ref="v-a"))
    opened = _create(client, world.staff_1, _body(pk(world.c1), ref="v-b", status="open"))
    by_status = client.get("/vacancies", params={"status": "open"}, headers=world.staff_1).json()
    assert [v["id"] for v in by_status["items"]] == [opened["id"]]
    by_contract = client.get("/vacancies", params={"contract_id": pk(world.c1)}, headers=world.staff_1).json()
    assert {v["id"] for v in by_contract["items"]} == {draft["id"], opened["id"]}
    other = client.get("/vacancies", params={"contract_id": pk(world.c2)}, headers=world.staff_1).json()
    assert other["total"] == 0
    paged = client.get("/vacancies", params={"limit": 1}, headers=world.staff_1).json()
    assert paged["total"] == 2 and len(paged["items"]) == 1
    assert client.get("/vacancies", params={"limit": 10_000}, headers=world.staff_1).status_code == 422


def test_only_drafts_can_be_deleted(client: TestClient, world: World) -> None:
    headers = world.supplier_1_user
    opened = _create(client, headers, _body(pk(world.c1), ref="v-open", status="open"))
    draft = _create(client, headers, _body(pk(world.c1), ref="v-draft"))
    assert client.delete(f"/vacancies/{opened['id']}", headers=headers).status_code == 409
    assert client.delete(f"/vacancies/{draft['id']}", headers=world.supplier_2_user).status_code == 404
    assert client.delete(f"/vacancies/{draft['id']}", headers=headers).status_code == 204
    assert client.get(f"/vacancies/{draft['id']}", headers=headers).status_code == 404
