"""Decisions for oversight over HTTP: reasons must explain the decision, a person is proposed once per
placement, and the supplier's outcomes follow a state machine (hired with a placement is final)."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import Proposal, ReviewDecision
from service.platform.db import get_engine
from service.reviews.rules import ALLOWED_REASONS
from tests.service.review_fixtures import (
    World,
    client_fixture,
    entry_version,
    sqlite_url_fixture,
    world_fixture,
)

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]


def _manual_entry(client: TestClient, world: World, name: str) -> int:
    response = client.post(
        f"/vacancies/{world.vacancy.id}/shortlist/manual",
        json={"seeker_id": world.sid(name), "reason": "Känd av handläggaren"},
        headers=world.headers["staff"],
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _decide(client: TestClient, world: World, entry_id: int, decision: str, reason: str):
    body = {"decision": decision, "reason_code": reason, "expected_version": entry_version(entry_id)}
    return client.post(f"/shortlist-entries/{entry_id}/decisions", json=body, headers=world.headers["staff"])


def _decisions() -> int:
    with Session(get_engine()) as session:
        return len(session.exec(select(ReviewDecision)).all())


def test_a_reason_that_contradicts_the_decision_is_refused_and_nothing_is_stored(
    client: TestClient, world: World
) -> None:
    entry_id = _manual_entry(client, world, "cleaner")
    for decision, reason in [
        ("reject", "good_fit"),
        ("reject", "seeker_interested"),
        ("propose", "fit_skills"),
    ]:
        response = _decide(client, world, entry_id, decision, reason)
        assert response.status_code == 422, (decision, reason)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == "reason_code"
    assert _decisions() == 0
    assert _decide(client, world, entry_id, "reject", "fit_skills").status_code == 201
    assert _decide(client, world, entry_id, "hold", "good_fit").status_code == 201
    assert "good_fit" not in ALLOWED_REASONS["reject"] and "other" in ALLOWED_REASONS["reject"]  # type: ignore[index]


def test_the_reason_other_needs_a_comment_saying_what_it_is(client: TestClient, world: World) -> None:
    entry_id = _manual_entry(client, world, "cleaner")
    for comment in ("", "   "):
        body = {"decision": "reject", "reason_code": "other", "comment": comment, "expected_version": 0}
        response = client.post(
            f"/shortlist-entries/{entry_id}/decisions", json=body, headers=world.headers["staff"]
        )
        assert response.status_code == 422, comment
        assert response.json()["errors"][0]["field"] == "comment"
    assert _decisions() == 0
    body = {"decision": "reject", "reason_code": "other", "comment": "Flyttar", "expected_version": 0}
    url = f"/shortlist-entries/{entry_id}/decisions"
    assert client.post(url, json=body, headers=world.headers["staff"]).status_code == 201


def test_a_person_is_proposed_once_per_placement(client: TestClient, world: World) -> None:
    entry_id = _manual_entry(client, world, "cleaner")
    first = _decide(client, world, entry_id, "propose", "good_fit")
    assert first.status_code == 201, first.text
    again = _decide(client, world, entry_id, "propose", "seeker_interested")
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert "already been proposed" in again.json()["detail"]
    assert _decisions() == 1
    # A withdrawn proposal (rejected before the supplier answered) may be made again.
    assert _decide(client, world, entry_id, "reject", "seeker_declined").status_code == 201
    assert _decide(client, world, entry_id, "propose", "good_fit").status_code == 201
    with Session(get_engine()) as session:
        assert [p.status for p in session.exec(select(Proposal)).all()] == ["sent"]


def test_outcomes_are_a_state_machine_and_hired_with_a_placement_is_final(
    client: TestClient, world: World
) -> None:
    entry_id = _manual_entry(client, world, "cleaner")
    proposal_id = _decide(client, world, entry_id, "propose", "good_fit").json()["proposal_id"]
    url = f"/proposals/{proposal_id}/feedback"
    supplier = world.headers["supplier"]

    def answer(outcome: str, start: str | None = None) -> int:
        body = {"outcome": outcome, "reason": "", "placement_start": start}
        return client.post(url, json=body, headers=supplier).status_code

    assert answer("interviewed") == 201
    assert answer("interviewed") == 409  # nothing new to report
    assert answer("hired") == 201  # hired, start date not known yet: no placement
    assert answer("hired", "2026-03-01") == 201  # the start date follows: the placement counts now
    back = client.post(url, json={"outcome": "interviewed", "reason": ""}, headers=supplier)
    assert back.status_code == 409 and "placement counts" in back.json()["detail"]
    assert answer("not_hired") == 409
    with Session(get_engine()) as session:
        assert session.get(Proposal, proposal_id).status == "hired"  # type: ignore[union-attr]
    # Staff cannot propose the hired person again for this placement either.
    assert _decide(client, world, entry_id, "propose", "good_fit").status_code == 409


def test_a_withdrawn_proposal_takes_no_feedback(client: TestClient, world: World) -> None:
    entry_id = _manual_entry(client, world, "cleaner2")
    proposal_id = _decide(client, world, entry_id, "propose", "good_fit").json()["proposal_id"]
    assert _decide(client, world, entry_id, "reject", "seeker_unavailable").status_code == 201
    response = client.post(
        f"/proposals/{proposal_id}/feedback",
        json={"outcome": "interviewed", "reason": ""},
        headers=world.headers["supplier"],
    )
    assert response.status_code == 409
