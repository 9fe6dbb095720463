"""Shortlists over HTTP with the real engine (shipped embedding model) on a real SQLite database."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from models import AuditEvent, JobSeeker, Shortlist, ShortlistEntry, Vacancy
from models.enums import ShortlistStatus, VacancyStatus
from service.engine.enrichment import enrich_seeker
from service.engine.pools import get_ranking_engine
from service.platform.audit_writer import flush_all
from service.platform.db import get_engine
from service.system.service import set_manual_mode
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]

RANKED = {"cleaner", "cleaner2", "cook", "driver"}  # consented and eligible


def _compute(client: TestClient, world: World, who: str = "staff") -> dict:
    response = client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers[who])
    assert response.status_code in (200, 201), response.text
    return response.json()


def _read(client: TestClient, world: World, query: str = "") -> dict:
    response = client.get(f"/vacancies/{world.vacancy.id}/shortlist{query}", headers=world.headers["staff"])
    assert response.status_code == 200, response.text
    return response.json()


def test_compute_then_read_ranks_only_consenting_eligible_seekers_of_the_actor(
    client: TestClient, world: World
) -> None:
    first = client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"])
    assert first.status_code == 201
    summary = first.json()
    assert summary["status"] == "ready" and not summary["cached"]
    assert summary["entries"] == len(RANKED)

    response = client.get(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"])
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["id"] == summary["id"] and body["model_version"] == summary["model_version"]
    refs = [e["seeker_ref"] for e in body["entries"]]
    assert set(refs) == {f"seeker-{n}" for n in RANKED}
    assert [e["rank"] for e in body["entries"]] == [1, 2, 3, 4]
    scores = [e["score"] for e in body["entries"]]
    assert scores == sorted(scores, reverse=True)
    # The cleaners fit a cleaning job better than the cook and the truck driver.
    assert set(refs[:2]) == {"seeker-cleaner", "seeker-cleaner2"}
    top = body["entries"][0]
    assert top["score"] == pytest.approx(
        top["intercept"] + sum(c["contribution"] for c in top["contributions"])
    )
    assert top["reasons"] and all(r["sv"] and r["en"] for r in top["reasons"])
    assert "städning" in top["matched_skills"]
    assert top["eligibility"]["eligible"] and top["eligibility"]["target_groups"]
    assert top["decision_state"] == {
        "decision": None,
        "reason_code": None,
        "reviewer_id": None,
        "decided_at": None,
        "proposal_id": None,
    }
    assert flush_all()  # reads are audited in batches
    with Session(get_engine()) as session:
        actions = session.exec(select(AuditEvent.action)).all()
    assert "shortlist.compute" in actions and "shortlist.read" in actions


def test_identical_inputs_return_the_stored_shortlist_and_changes_supersede_it(
    client: TestClient, world: World
) -> None:
    first = _compute(client, world)
    builds = get_ranking_engine().builds
    again = client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"])
    assert again.status_code == 200 and again.json()["cached"] and again.json()["id"] == first["id"]
    assert get_ranking_engine().builds == builds  # the indexed pool was reused, nothing re-embedded

    with Session(get_engine()) as session:
        cook = session.get(JobSeeker, world.sid("cook"))
        assert cook is not None
        cook.profile_text = "Lokalvårdare och städare på sjukhus i Malmö, tidigare kock."
        enrich_seeker(cook)
        session.add(cook)
        session.commit()
    changed = _compute(client, world)
    assert get_ranking_engine().builds == builds + 1
    assert changed["id"] != first["id"] and not changed["cached"]
    assert changed["input_hash"] != first["input_hash"]
    with Session(get_engine()) as session:
        statuses = dict(session.exec(select(Shortlist.id, Shortlist.status)).all())
        assert statuses == {first["id"]: ShortlistStatus.SUPERSEDED, changed["id"]: ShortlistStatus.READY}
    assert _read(client, world)["id"] == changed["id"]


def test_a_recomputed_list_keeps_the_people_staff_added_by_hand(client: TestClient, world: World) -> None:
    first = _compute(client, world)
    added = client.post(
        f"/vacancies/{world.vacancy.id}/shortlist/manual",
        json={"seeker_id": world.sid("not_eligible"), "reason": "Känd av handläggaren"},
        headers=world.headers["staff"],
    )
    assert added.status_code == 201, added.text
    with Session(get_engine()) as session:
        vacancy = session.get(Vacancy, world.vacancy.id)
        assert vacancy is not None
        vacancy.description += " Kvällsarbete."
        session.add(vacancy)
        session.commit()
    changed = _compute(client, world)
    assert changed["id"] != first["id"]
    entries = _read(client, world)["entries"]
    manual = [e for e in entries if e["source"] == "manual"]
    assert [(e["seeker_ref"], e["rank"]) for e in manual] == [("seeker-not_eligible", len(RANKED) + 1)]
    assert manual[0]["manual_reason"] == "Känd av handläggaren"
    again = _compute(client, world)  # nothing changed: the same list, the addition not doubled
    assert again["cached"] and len(_read(client, world)["entries"]) == len(RANKED) + 1


def test_excluded_seekers_are_shown_on_request_with_reasons_and_never_stored(
    client: TestClient, world: World
) -> None:
    _compute(client, world)
    body = _read(client, world, "?include_excluded=true")
    excluded = {e["seeker_ref"]: e["excluded_reasons"] for e in body["excluded"]}
    assert excluded == {"seeker-not_eligible": ["not_eligible"]}
    assert _read(client, world)["excluded"] is None
    with Session(get_engine()) as session:
        stored = session.exec(select(func.count()).select_from(ShortlistEntry)).one()
    assert stored == len(RANKED)


def test_filters_narrow_the_entries(client: TestClient, world: World) -> None:
    _compute(client, world)
    youth = _read(client, world, "?target_group=youth")
    assert {e["seeker_ref"] for e in youth["entries"]} == {"seeker-cleaner2", "seeker-driver"}
    assert youth["total"] == 2
    near = _read(client, world, "?max_distance_km=30")
    assert "seeker-driver" not in {e["seeker_ref"] for e in near["entries"]}  # Stockholm is far from Malmö
    assert all(e["distance_km"] is not None and e["distance_km"] <= 30 for e in near["entries"])
    paged = _read(client, world, "?limit=2&offset=1")
    assert [e["rank"] for e in paged["entries"]] == [2, 3] and paged["total"] == 4


def test_who_may_compute_and_read(client: TestClient, world: World) -> None:
    url = f"/vacancies/{world.vacancy.id}/shortlist"
    assert client.post(url).status_code == 401
    assert client.post(url, headers=world.headers["supplier"]).status_code == 403
    assert client.post(url, headers=world.headers["other_staff"]).status_code == 404
    assert client.post(url, headers=world.headers["batch"]).status_code == 201
    # The batch key computes but never reads personal data.
    assert client.get(url, headers=world.headers["batch"]).status_code == 403
    assert client.get(url, headers=world.headers["other_staff"]).status_code == 404
    assert client.get(url, headers=world.headers["officer"]).status_code == 403
    assert client.get("/vacancies/999999/shortlist", headers=world.headers["staff"]).status_code == 404


def test_manual_mode_answers_503_for_ranking_but_stored_lists_stay_readable(
    client: TestClient, world: World
) -> None:
    _compute(client, world)
    with Session(get_engine()) as session:
        set_manual_mode(session, True, user_id=None)
        session.commit()
    response = client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"])
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert "manual mode" in response.json()["detail"]
    assert len(_read(client, world)["entries"]) == len(RANKED)
    url = f"/vacancies/{world.vacancy.id}/shortlist?include_excluded=true"
    assert client.get(url, headers=world.headers["staff"]).status_code == 503
    seeker_url = f"/seekers/{world.sid('cleaner')}/vacancies"
    assert client.get(seeker_url, headers=world.headers["staff"]).status_code == 503


def test_closed_vacancies_are_not_shortlisted(client: TestClient, world: World) -> None:
    with Session(get_engine()) as session:
        vacancy = session.get(Vacancy, world.vacancy.id)
        assert vacancy is not None
        vacancy.status = VacancyStatus.FILLED
        session.add(vacancy)
        session.commit()
    response = client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"])
    assert response.status_code == 409


def test_vacancies_for_a_seeker_are_computed_with_explanations(client: TestClient, world: World) -> None:
    url = f"/seekers/{world.sid('cleaner')}/vacancies"
    response = client.get(url, headers=world.headers["staff"])
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    body = response.json()
    assert [v["vacancy_id"] for v in body["items"]] == [world.vacancy.id]
    assert body["items"][0]["reasons"] and body["model_version"]
    assert client.get(url, headers=world.headers["other_staff"]).status_code == 404
    assert client.get(url, headers=world.headers["batch"]).status_code == 403
    # An ineligible seeker is offered nothing under a requirement that needs eligibility.
    blocked = client.get(f"/seekers/{world.sid('not_eligible')}/vacancies", headers=world.headers["staff"])
    assert blocked.json()["items"] == []
    with Session(get_engine()) as session:
        assert (
            session.exec(select(func.count()).where(col(AuditEvent.action) == "seeker.vacancies")).one() == 2
        )
