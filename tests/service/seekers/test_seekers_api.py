"""/seekers: staff of the owning actor only, identity kept apart, every personal-data read audited."""

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models import AuditEvent, Eligibility, EmbeddingVector, JobSeeker, SeekerIdentity
from service.platform.audit import seeker_pseudonym
from service.platform.db import get_engine
from service.seekers.service import vector_keys
from tests.service.seekers_fixtures import (  # noqa: F401
    World,
    client_fixture,
    seeker_body,
    sqlite_url_fixture,
    world_fixture,
)


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    assert response.headers["cache-control"] == "no-store"
    return response.json() if response.content else None


def _create(client: TestClient, world: World, **extra: Any) -> dict[str, Any]:
    body = seeker_body(world.actor_1, **extra)
    created: dict[str, Any] = _ok(client.post("/seekers", json=body, headers=world.staff_1), 201)
    return created


def _events(seeker_id: int, action: str | None = None) -> list[AuditEvent]:
    with Session(get_engine()) as session:
        query = select(AuditEvent).where(AuditEvent.subject_seeker == seeker_pseudonym(seeker_id))
        if action:
            query = query.where(AuditEvent.action == action)
        return list(session.exec(query.order_by(col(AuditEvent.id))).all())


def test_the_default_view_has_no_identity_and_no_evidence(client: TestClient, world: World) -> None:
    created = _create(client, world)
    text = str(created)
    for secret in ("Canary", "19900101", "canary@example.org", "070-1234567", "Etableringsplan"):
        assert secret not in text
    assert created["eligibility"] == [
        {
            "id": created["eligibility"][0]["id"],
            "target_group": "newcomer",
            "verified": True,
            "valid_until": None,
            "current": True,
        }
    ]
    with Session(get_engine()) as session:
        ident = session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == created["id"])).one()
        assert ident.full_name == "Canary Zyxwvutsson" and ident.personal_number == "19900101-9801"
        assert session.exec(select(Eligibility).where(Eligibility.seeker_id == created["id"])).one()
        row = session.get(JobSeeker, created["id"])
        assert row is not None and len(row.content_hash) == 64
        assert any(c["type"] == "licence" and c["id"] == "B" for c in row.enrichment)
    assert [e.action for e in _events(created["id"])] == ["seeker.create"]


def test_identity_is_behind_its_own_audited_endpoint(client: TestClient, world: World) -> None:
    created = _create(client, world)
    identity = _ok(client.get(f"/seekers/{created['id']}/identity", headers=world.staff_1))
    assert identity == {
        "seeker_id": created["id"],
        "full_name": "Canary Zyxwvutsson",
        "personal_number": "19900101-9801",
        "email": "canary@example.org",
        "phone": "070-1234567",
    }
    (event,) = _events(created["id"], "seeker.identity.read")
    assert event.object_id is None and event.actor_role == "staff"
    assert "Canary" not in str(event.detail)

    changed = {"full_name": "Ny Persson", "personal_number": "199001019801"}
    assert (
        _ok(client.put(f"/seekers/{created['id']}/identity", json=changed, headers=world.staff_1))[
            "personal_number"
        ]
        == "19900101-9801"
    )
    assert _events(created["id"], "seeker.identity.update")


def test_every_read_of_a_profile_is_audited_including_lists(client: TestClient, world: World) -> None:
    first = _create(client, world)
    second = _create(client, world, ref="s-2", identity=None, eligibility=[])
    _ok(client.get(f"/seekers/{first['id']}", headers=world.staff_1))
    listed = _ok(client.get("/seekers", headers=world.staff_1))
    assert listed["total"] == 2
    assert [e.detail for e in _events(first["id"], "seeker.read")] == [{"via": "profile"}, {"via": "list"}]
    assert [e.detail for e in _events(second["id"], "seeker.read")] == [{"via": "list"}]
    _ok(client.get("/seekers", params={"consent": "withdrawn"}, headers=world.staff_1))
    assert len(_events(second["id"], "seeker.read")) == 1  # nobody was shown, nothing to record


def test_seekers_of_other_actors_answer_404_and_other_roles_403(client: TestClient, world: World) -> None:
    sid = _create(client, world)["id"]
    calls = [
        ("GET", f"/seekers/{sid}", None),
        ("PATCH", f"/seekers/{sid}", {"profile_text": "x"}),
        ("DELETE", f"/seekers/{sid}", None),
        ("GET", f"/seekers/{sid}/identity", None),
        ("PUT", f"/seekers/{sid}/identity", {"full_name": "X"}),
        ("GET", f"/seekers/{sid}/export", None),
        ("PUT", f"/seekers/{sid}/consent", {"consent": "withdrawn"}),
        ("GET", f"/seekers/{sid}/eligibility", None),
        ("POST", f"/seekers/{sid}/eligibility", {"target_group": "youth", "evidence": "x"}),
    ]
    for method, path, body in calls:
        assert client.request(method, path, json=body, headers=world.staff_2).status_code == 404, path
        assert client.request(method, path, json=body, headers=world.supplier_1_user).status_code == 403, path
        assert client.request(method, path, json=body).status_code == 401, path
    assert client.get("/seekers", headers=world.staff_2).json()["total"] == 0
    assert client.get("/seekers", headers=world.auditor).status_code == 403
    with Session(get_engine()) as session:
        assert session.get(JobSeeker, sid) is not None
    assert [e.action for e in _events(sid)] == ["seeker.create"]


def test_staff_register_seekers_only_for_their_own_actor(client: TestClient, world: World) -> None:
    body = seeker_body(world.actor_2)
    response = client.post("/seekers", json=body, headers=world.staff_1)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "matching_actor_id"
    _create(client, world)
    assert client.post("/seekers", json=seeker_body(world.actor_1), headers=world.staff_1).status_code == 409
    bad = seeker_body(world.actor_1, ref="s-x", municipality_code="0000")
    assert client.post("/seekers", json=bad, headers=world.staff_1).status_code == 422
    bad_pnr = seeker_body(world.actor_1, ref="s-y")
    bad_pnr["identity"] = {"full_name": "A", "personal_number": "1990"}
    assert client.post("/seekers", json=bad_pnr, headers=world.staff_1).status_code == 422


def test_eligibility_with_evidence_and_expiry(client: TestClient, world: World) -> None:
    sid = _create(client, world)["id"]
    expired = {
        "target_group": "youth",
        "evidence": "Födelsedatum i folkbokföringen",
        "valid_until": str(date.today() - timedelta(days=1)),
    }
    added = _ok(client.post(f"/seekers/{sid}/eligibility", json=expired, headers=world.staff_1), 201)
    assert added["current"] is False and added["evidence"] == expired["evidence"]
    listed = _ok(client.get(f"/seekers/{sid}/eligibility", headers=world.staff_1))
    assert [(e["target_group"], e["current"]) for e in listed] == [("newcomer", True), ("youth", False)]
    assert _events(sid, "seeker.eligibility.read")
    profile = _ok(client.get(f"/seekers/{sid}", headers=world.staff_1))
    assert all("evidence" not in e for e in profile["eligibility"])
    _ok(client.delete(f"/seekers/{sid}/eligibility/{added['id']}", headers=world.staff_1), 204)
    assert (
        client.delete(f"/seekers/{sid}/eligibility/{added['id']}", headers=world.staff_1).status_code == 404
    )
    assert [
        e["target_group"] for e in _ok(client.get(f"/seekers/{sid}/eligibility", headers=world.staff_1))
    ] == ["newcomer"]


def test_consent_and_profile_updates(client: TestClient, world: World) -> None:
    sid = _create(client, world)["id"]
    withdrawn = _ok(
        client.put(f"/seekers/{sid}/consent", json={"consent": "withdrawn"}, headers=world.staff_1)
    )
    assert withdrawn["consent"] == "withdrawn"
    assert _events(sid, "seeker.consent.update")[0].detail == {"consent": "withdrawn"}
    assert (
        client.put(f"/seekers/{sid}/consent", json={"consent": "maybe"}, headers=world.staff_1).status_code
        == 422
    )
    nulled = client.patch(f"/seekers/{sid}", json={"skills": None}, headers=world.staff_1)
    assert nulled.status_code == 422
    updated = _ok(client.patch(f"/seekers/{sid}", json={"wanted_extent": 50}, headers=world.staff_1))
    assert updated["wanted_extent"] == 50 and updated["skills"] == ["Städning"]
    assert _events(sid, "seeker.update")[0].detail == {"fields": ["wanted_extent"]}


def test_changing_the_text_re_enriches_and_drops_the_superseded_vectors(
    client: TestClient, world: World
) -> None:
    sid = _create(client, world)["id"]
    with Session(get_engine()) as session:
        row = session.get(JobSeeker, sid)
        assert row is not None
        old_hash = row.content_hash
        for key in vector_keys(session, row):
            session.add(EmbeddingVector(model_id="m/document", content_hash=key, dim=1, vector=b"\0\0\0\0"))
        session.add(
            EmbeddingVector(model_id="m/document", content_hash="someone-else", dim=1, vector=b"1234")
        )
        session.commit()
    body = {"profile_text": "Jag har arbetat som lagerarbetare och kört truck."}
    _ok(client.patch(f"/seekers/{sid}", json=body, headers=world.staff_1))
    with Session(get_engine()) as session:
        row = session.get(JobSeeker, sid)
        assert row is not None and row.content_hash != old_hash
        assert any(c["type"] == "occupation" for c in row.enrichment)
        assert [v.content_hash for v in session.exec(select(EmbeddingVector))] == ["someone-else"]


def test_the_view_says_which_occupations_the_typed_titles_were_read_as(
    client: TestClient, world: World
) -> None:
    experiences = [{"title": "sjukhusstädare", "years": 3}, {"title": "Warehouse worker", "years": 1}]
    created = _create(client, world, experiences=experiences, profile_text="")
    read = _ok(client.get(f"/seekers/{created['id']}", headers=world.staff_1))["occupations_read"]
    by_typed = {r["typed"].lower(): r for r in read}
    assert by_typed["sjukhusstädare"]["source"] == "title" and by_typed["sjukhusstädare"]["trusted"]
    assert "städ" in by_typed["sjukhusstädare"]["label"].lower()
    assert all(0 <= r["confidence"] <= 1 and r["occupation_id"] for r in read)
    assert read == created["occupations_read"]
