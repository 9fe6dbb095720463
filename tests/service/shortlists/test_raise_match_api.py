"""What would raise a match, over HTTP: the costliest gap per shortlist entry and a seeker's guidance."""

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models import AuditEvent
from service.engine.enrichment import enrich_vacancy
from service.platform.audit_writer import flush_all
from service.platform.db import get_engine
from service.system.service import set_manual_mode
from tests import factories as f
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]


def _entries(client: TestClient, world: World) -> dict[str, dict]:
    computed = client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"])
    assert computed.status_code in (200, 201), computed.text
    body = client.get(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"]).json()
    return {e["seeker_ref"]: e for e in body["entries"]}


def test_each_entry_names_the_missing_requirement_that_costs_the_most(
    client: TestClient, world: World
) -> None:
    entries = _entries(client, world)
    # The cook has no cleaning skill, which the placement requires: that costs more than anything else.
    cook = entries["seeker-cook"]["raise_match"]
    assert cook["kind"] == "required_skill" and "städ" in cook["label_sv"].lower()
    assert cook["gain"] > 0 and cook["unblocks"] == []
    # The truck driver lives in Stockholm, far beyond a commute to Malmö; the skill still costs more.
    driver = entries["seeker-driver"]["raise_match"]
    assert driver["kind"] == "required_skill"
    # Every field is there for every entry (null where nothing the ad asks for is missing).
    assert all("raise_match" in e for e in entries.values())


def _placements_requiring_b(world: World, n: int) -> list[int]:
    ids = []
    with Session(get_engine()) as session:
        for i in range(n):
            row = f.vacancy(
                session,
                world.contract,
                title="Lokalvårdare med bil",
                description=f"Städning i hemtjänsten, egen bil i tjänsten, område {i + 1}.",
                required_skills=["städning"],
                licences_required=["B"],
                municipality_code="1280",
            )
            enrich_vacancy(row)
            session.add(row)
            ids.append(int(row.id or 0))
        session.commit()
    return ids


def test_guidance_names_the_b_licence_that_would_open_three_placements(
    client: TestClient, world: World
) -> None:
    opened = _placements_requiring_b(world, 3)
    seeker_id = world.sid("cleaner2")  # no driving licence
    response = client.get(f"/seekers/{seeker_id}/guidance", headers=world.headers["staff"])
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["seeker_id"] == seeker_id and body["placements"] == 4
    best = body["items"][0]
    assert (best["kind"], best["code"], best["label_sv"]) == ("licence", "B", "körkort B")
    assert best["opened"] == 3 and sorted(best["opened_vacancy_ids"]) == sorted(opened)
    assert flush_all()
    with Session(get_engine()) as session:
        events = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "seeker.guidance")).all()
    # One event, naming the person by pseudonym only.
    assert len(events) == 1 and events[0].subject_seeker and str(seeker_id) != events[0].subject_seeker


def test_someone_who_holds_what_the_placements_ask_gets_no_licence_advice(
    client: TestClient, world: World
) -> None:
    _placements_requiring_b(world, 3)
    body = client.get(f"/seekers/{world.sid('cleaner')}/guidance", headers=world.headers["staff"]).json()
    assert all(item["kind"] != "licence" for item in body["items"])


def test_guidance_is_for_staff_of_the_seekers_actor_only(client: TestClient, world: World) -> None:
    url = f"/seekers/{world.sid('cleaner2')}/guidance"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=world.headers["supplier"]).status_code == 403
    assert client.get(url, headers=world.headers["other_staff"]).status_code == 404
    assert (
        client.get(f"/seekers/{world.sid('no_consent')}/guidance", headers=world.headers["staff"]).status_code
        == 409
    )
    assert client.get(url + "?limit=0", headers=world.headers["staff"]).status_code == 422
    with Session(get_engine()) as session:
        set_manual_mode(session, True, user_id=None)
        session.commit()
    assert client.get(url, headers=world.headers["staff"]).status_code == 503
