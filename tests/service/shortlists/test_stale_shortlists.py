"""A placement edit marks its shortlist stale at once; the recomputation keeps the decisions made.

On SQLite and PostgreSQL, with the real engine: the supplier edits the placement over the API, the staff
read says ``stale`` with the version the list was ranked on, the background refresh ranks it again, and
the new list shows the decisions already made, what changed, and who left the list.
"""

import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import AuditEvent
from service.engine.pools import get_ranking_engine
from service.imports.service import export_records, import_records, parse_lines
from service.jobs.progress import Silent
from service.jobs.rerank import rerank
from service.jobs.stale_lists import refresh_stale, stale_lists
from service.platform.config import get_settings
from service.platform.db import get_engine
from tests.service.review_fixtures import World, make_client, point_app_at, reset_app, world_with_users


@pytest.fixture(name="app")
def app_fixture(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, World]]:
    point_app_at(db_url, monkeypatch)
    world = world_with_users(db_url)
    with make_client() as client:
        yield client, world
    reset_app()


@pytest.fixture(name="warm_app")
def warm_app_fixture(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, World]]:
    """The app as it serves: pool warmer and stale-list refresh running beside it."""
    point_app_at(db_url, monkeypatch)
    monkeypatch.setenv("MATCHER_WARMUP", "true")
    monkeypatch.setenv("MATCHER_WARMUP_INTERVAL_S", "0.2")
    get_settings.cache_clear()
    world = world_with_users(db_url)
    with make_client() as client:
        yield client, world
    reset_app()


def _read(client: TestClient, world: World) -> dict:
    response = client.get(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"])
    assert response.status_code == 200, response.text
    return response.json()


def _version(client: TestClient, world: World) -> int:
    response = client.get(f"/vacancies/{world.vacancy.id}", headers=world.headers["supplier"])
    assert response.status_code == 200, response.text
    return int(response.json()["version"])


def _edit(client: TestClient, world: World, **changes: object) -> None:
    response = client.patch(f"/vacancies/{world.vacancy.id}", json=changes, headers=world.headers["supplier"])
    assert response.status_code == 200, response.text


def _decide(client: TestClient, world: World, entry: dict, decision: str, reason: str) -> None:
    response = client.post(
        f"/shortlist-entries/{entry['id']}/decisions",
        json={"decision": decision, "reason_code": reason, "expected_version": entry["version"]},
        headers=world.headers["staff"],
    )
    assert response.status_code == 201, response.text


def _decided(client: TestClient, world: World) -> dict:
    """A computed list with the cleaner proposed and the cook rejected."""
    computed = client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"])
    assert computed.status_code == 201, computed.text
    assert computed.json()["vacancy_version"] == _version(client, world)
    first = _read(client, world)
    assert not first["stale"] and first["vacancy_version"] == first["placement_version"]
    assert first["previous_id"] is None and first["dropped"] == []
    assert all(e["change"] is None for e in first["entries"])
    by_ref = {e["seeker_ref"]: e for e in first["entries"]}
    _decide(client, world, by_ref["seeker-cleaner"], "propose", "good_fit")
    _decide(client, world, by_ref["seeker-cook"], "reject", "fit_skills")
    return first


def test_an_edit_marks_the_list_stale_and_the_recomputation_keeps_decisions(
    app: tuple[TestClient, World],
) -> None:
    client, world = app
    first = _decided(client, world)
    version = _version(client, world)

    # Saving what is already there, or only the status, changes nothing the ranking reads.
    _edit(client, world, title="Lokalvårdare", status="open")
    assert _version(client, world) == version and not _read(client, world)["stale"]

    _edit(client, world, description="Städning och golvvård på skolor i Malmö.", desired_skills=["golvvård"])
    assert _version(client, world) == version + 1
    stale = _read(client, world)
    assert stale["stale"] and stale["id"] == first["id"]
    assert stale["vacancy_version"] == version and stale["placement_version"] == version + 1

    with Session(get_engine()) as session:
        assert stale_lists(session) == [(world.vacancy.id, world.actor.id)]
    assert refresh_stale(get_engine(), get_ranking_engine()) == 1
    assert refresh_stale(get_engine(), get_ranking_engine()) == 0  # nothing stale any more

    fresh = _read(client, world)
    assert fresh["id"] != first["id"] and fresh["previous_id"] == first["id"]
    assert not fresh["stale"] and fresh["vacancy_version"] == version + 1
    states = {e["seeker_ref"]: e["decision_state"]["decision"] for e in fresh["entries"]}
    assert states["seeker-cleaner"] == "propose" and states["seeker-cook"] == "reject"
    assert {e["seeker_ref"] for e in fresh["entries"]} == {e["seeker_ref"] for e in first["entries"]}
    before = {e["seeker_ref"]: e["rank"] for e in first["entries"]}
    for e in fresh["entries"]:
        assert e["previous_rank"] == before[e["seeker_ref"]]
        assert e["change"] == ("same" if e["rank"] == e["previous_rank"] else "moved")
    assert fresh["dropped"] == []
    with Session(get_engine()) as session:
        actors = session.exec(select(AuditEvent.actor_label).where(AuditEvent.action == "shortlist.compute"))
        assert sorted(actors.all()) == ["system", f"user:{_staff_user(session, world)}"]


def test_people_who_leave_the_recomputed_list_are_listed_with_their_decisions(
    app: tuple[TestClient, World],
) -> None:
    client, world = app
    _decided(client, world)
    _edit(client, world, licences_required=["C"])  # only the truck driver holds C
    assert _read(client, world)["stale"]
    assert refresh_stale(get_engine(), get_ranking_engine()) == 1
    fresh = _read(client, world)
    assert [e["seeker_ref"] for e in fresh["entries"]] == ["seeker-driver"]
    driver = fresh["entries"][0]
    assert driver["change"] in ("same", "moved") and driver["previous_rank"] is not None
    dropped = {d["seeker_ref"]: d for d in fresh["dropped"]}
    assert set(dropped) == {"seeker-cleaner", "seeker-cleaner2", "seeker-cook"}
    assert dropped["seeker-cleaner"]["decision_state"]["decision"] == "propose"
    assert dropped["seeker-cook"]["decision_state"]["decision"] == "reject"
    assert dropped["seeker-cleaner2"]["decision_state"]["decision"] is None
    assert [d["previous_rank"] for d in fresh["dropped"]] == sorted(
        d["previous_rank"] for d in fresh["dropped"]
    )


def test_an_edit_back_to_what_was_ranked_makes_the_list_current_again(app: tuple[TestClient, World]) -> None:
    client, world = app
    first = _decided(client, world)
    _edit(client, world, extent=50)
    assert _read(client, world)["stale"]
    _edit(client, world, extent=75)  # as ranked: same input, so the stored list is current again
    again = client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"])
    assert again.status_code == 200 and again.json()["cached"], again.text
    current = _read(client, world)
    assert current["id"] == first["id"] and not current["stale"]


def test_no_recomputation_in_manual_mode_or_for_a_closed_placement(app: tuple[TestClient, World]) -> None:
    client, world = app
    _decided(client, world)
    _edit(client, world, desired_skills=["golvvård"], status="closed")
    assert _read(client, world)["stale"]
    assert refresh_stale(get_engine(), get_ranking_engine()) == 0


def test_an_import_that_changes_the_placement_marks_its_list_stale(app: tuple[TestClient, World]) -> None:
    client, world = app
    _decided(client, world)
    version = _version(client, world)
    with Session(get_engine()) as session:
        records = [r for r in export_records(session) if r["type"] != "seeker"]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    with Session(get_engine()) as session:  # the same file again: nothing changed, nothing stale
        import_records(session, parse_lines(lines))
        session.commit()
    assert _version(client, world) == version and not _read(client, world)["stale"]
    for r in records:
        if r["type"] == "vacancy":
            r["description"] += " Arbetet sker främst kvällstid."
    with Session(get_engine()) as session:
        import_records(session, parse_lines([json.dumps(r, ensure_ascii=False) for r in records]))
        session.commit()
    assert _version(client, world) == version + 1 and _read(client, world)["stale"]


def test_the_batch_rerank_brings_a_stale_list_up_to_date_and_keeps_decisions(
    app: tuple[TestClient, World],
) -> None:
    client, world = app
    _decided(client, world)
    _edit(client, world, description="Städning och golvvård på förskolor i Malmö.")
    assert _read(client, world)["stale"]
    report = rerank(get_engine(), progress=Silent())
    assert report.status == "done", report
    fresh = _read(client, world)
    assert not fresh["stale"] and fresh["vacancy_version"] == fresh["placement_version"]
    states = {e["seeker_ref"]: e["decision_state"]["decision"] for e in fresh["entries"]}
    assert states["seeker-cleaner"] == "propose" and states["seeker-cook"] == "reject"


def test_the_running_service_recomputes_a_stale_list_by_itself(warm_app: tuple[TestClient, World]) -> None:
    client, world = warm_app
    first = _decided(client, world)
    _edit(client, world, desired_skills=["golvvård"])
    deadline = time.monotonic() + 300  # only stops a hung test: the refresh is an event, not a speed
    while (fresh := _read(client, world))["stale"]:
        assert time.monotonic() < deadline, "the stale list was never recomputed"
        time.sleep(0.1)
    assert fresh["previous_id"] == first["id"]
    states = {e["seeker_ref"]: e["decision_state"]["decision"] for e in fresh["entries"]}
    assert states["seeker-cleaner"] == "propose" and states["seeker-cook"] == "reject"


def _staff_user(session: Session, world: World) -> int:
    label = session.exec(
        select(AuditEvent.actor_user_id).where(AuditEvent.action == "decision.create")
    ).first()
    assert label is not None
    return int(label)
