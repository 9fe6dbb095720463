"""`matcher train` reads the review history with the vectors the shortlists already stored, and says so."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from service.engine.training import decision_history
from service.platform.db import get_engine
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]


def _decide(client: TestClient, world: World, name: str, decision: str, reason: str) -> None:
    entry = client.post(
        f"/vacancies/{world.vacancy.id}/shortlist/manual",
        json={"seeker_id": world.sid(name), "reason": "Känd av handläggaren"},
        headers=world.headers["staff"],
    )
    assert entry.status_code == 201, entry.text
    body = {"decision": decision, "reason_code": reason, "expected_version": 0}
    url = f"/shortlist-entries/{entry.json()['id']}/decisions"
    response = client.post(url, json=body, headers=world.headers["staff"])
    assert response.status_code == 201, response.text


def test_the_history_reuses_stored_vectors_and_reports_progress(client: TestClient, world: World) -> None:
    _decide(client, world, "cleaner", "propose", "good_fit")
    first: list[str] = []
    with Session(get_engine()) as session:
        decisions = decision_history(session, first.append)
    assert [d.decision for d in decisions] == ["propose"]
    assert first[0].startswith("1 decisions, 1 placements, 1 job seekers")
    again: list[str] = []
    with Session(get_engine()) as session:
        assert decision_history(session, again.append) == decisions
    assert again[-1].endswith("0 texts embedded"), again  # every vector came from the cache
