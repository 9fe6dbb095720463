"""The last open consent paths (both engines): once a person withdraws consent, a follow-up on their
placement is 409, ``GET /placements`` no longer lists them, their entry's explanation is 409 and adding them
by hand is 409 (a problem, as every other step about them); each step worked while they consented."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from tests.service.csrf_helpers import with_csrf
from tests.service.review_fixtures import World, make_client, point_app_at, reset_app, world_with_users


@dataclass
class Setup:
    client: TestClient
    world: World


@pytest.fixture(name="setup")
def setup_fixture(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    point_app_at(db_url, monkeypatch)
    world = world_with_users(db_url)
    with make_client() as client:
        yield Setup(client, world)
    reset_app()


def _placement(s: Setup, name: str) -> int:
    w = s.world
    body = {
        "seeker_id": w.sid(name),
        "vacancy_id": w.vacancy.id,
        "contract_id": w.contract.id,
        "kind": "employment",
        "start_date": "2026-03-01",
        "end_date": "2026-08-31",
    }
    response = s.client.post("/placements", json=body, headers=w.headers["staff"])
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _follow_up(s: Setup, placement_id: int, months: int) -> int:
    body = {"months_after_end": months, "status": "employed", "recorded_on": "2027-03-01"}
    url = f"/placements/{placement_id}/follow-ups"
    return s.client.post(url, json=body, headers=s.world.headers["staff"]).status_code


def _manual(s: Setup, name: str) -> tuple[int, str]:
    body = {"seeker_id": s.world.sid(name), "reason": "Känd från tidigare uppdrag"}
    url = f"/vacancies/{s.world.vacancy.id}/shortlist/manual"
    response = s.client.post(url, json=body, headers=s.world.headers["staff"])
    return response.status_code, response.text if response.status_code != 201 else str(response.json()["id"])


def _withdraw(s: Setup, name: str) -> None:
    url = f"/seekers/{s.world.sid(name)}/consent"
    response = s.client.put(url, json={"consent": "withdrawn"}, headers=s.world.headers["staff"])
    assert response.status_code == 200, response.text


def _listed(s: Setup) -> set[int]:
    response = s.client.get("/placements", headers=s.world.headers["staff"])
    assert response.status_code == 200, response.text
    assert response.json()["total"] == len(response.json()["items"])
    return {int(p["seeker_id"]) for p in response.json()["items"]}


def _is_consent_problem(response_status: int, body: dict[str, object], content_type: str) -> bool:
    return response_status == 409 and content_type == "application/problem+json" and "consent" in str(body)


def test_a_withdrawn_persons_placement_takes_no_follow_up_and_leaves_the_list(setup: Setup) -> None:
    s, w = setup, setup.world
    withdrawn, staying = _placement(s, "cook"), _placement(s, "cleaner")
    assert _follow_up(s, withdrawn, 0) == 201  # while they consent
    assert _listed(s) == {w.sid("cook"), w.sid("cleaner")}

    _withdraw(s, "cook")
    body = {"months_after_end": 6, "status": "employed", "recorded_on": "2027-03-01"}
    refused = s.client.post(f"/placements/{withdrawn}/follow-ups", json=body, headers=w.headers["staff"])
    assert _is_consent_problem(refused.status_code, refused.json(), refused.headers["content-type"])
    assert _listed(s) == {w.sid("cleaner")}
    assert _follow_up(s, staying, 6) == 201  # the others' follow-up goes on


def test_a_withdrawn_persons_explanation_and_manual_addition_are_refused(setup: Setup) -> None:
    s, w = setup, setup.world
    status, entry = _manual(s, "cook")
    assert status == 201, entry
    url = f"/shortlist-entries/{entry}/explanation"
    assert s.client.get(url, headers=w.headers["staff"]).status_code == 200  # while they consent

    _withdraw(s, "cook")
    _withdraw(s, "cleaner")
    explanation = s.client.get(url, headers=w.headers["staff"])
    kind = explanation.headers["content-type"]
    assert _is_consent_problem(explanation.status_code, explanation.json(), kind)
    assert "Känd från tidigare uppdrag" not in explanation.text
    added = s.client.post(
        f"/vacancies/{w.vacancy.id}/shortlist/manual",
        json={"seeker_id": w.sid("cleaner"), "reason": "Känd från tidigare uppdrag"},
        headers=w.headers["staff"],
    )
    assert _is_consent_problem(added.status_code, added.json(), added.headers["content-type"])
    assert _manual(s, "driver")[0] == 201  # someone who consents is still added


def test_the_staff_page_says_a_withdrawn_person_cannot_be_added(setup: Setup) -> None:
    s, w = setup, setup.world
    _withdraw(s, "cleaner")
    headers = with_csrf(w.headers["staff"])
    posted = s.client.post(
        f"/ui/vacancies/{w.vacancy.id}/manual",
        data={"seeker_ref": "seeker-cleaner", "reason": "Känd från tidigare uppdrag"},
        headers=headers,
        follow_redirects=False,
    )
    assert posted.status_code == 303
    response = s.client.get(posted.headers["location"], headers=headers)
    assert response.status_code == 200
    assert "Personen har inte samtyckt till matchning." in response.text
    assert "Personen finns redan på kortlistan." not in response.text  # a 409 that is not a duplicate
