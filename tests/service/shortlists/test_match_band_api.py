"""The calibrated match band over HTTP: every engine row has a band and a probability that mean the same
on every list; people with nothing about the occupation or skills are weak; hand-added rows and lists
of another scorer get none rather than a wrong one."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from matcher.rank.calibration import has_job_evidence
from models import Shortlist
from service.platform.db import get_engine
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]


def _read(client: TestClient, world: World) -> dict:
    staff = world.headers["staff"]
    assert client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=staff).status_code in (200, 201)
    response = client.get(f"/vacancies/{world.vacancy.id}/shortlist", headers=staff)
    assert response.status_code == 200, response.text
    return response.json()


def test_shortlist_entries_carry_a_calibrated_band_and_probability(client: TestClient, world: World) -> None:
    entries = _read(client, world)["entries"]
    assert entries
    for e in entries:
        assert e["match_band"] in {"strong", "possible", "weak"}
        assert 0.0 <= e["match_probability"] <= 1.0
        if not has_job_evidence(e["contributions"], e["matched_skills"]):
            assert e["match_band"] == "weak"
    # Sorted by score, so by probability: the calibration is monotone.
    probabilities = [e["match_probability"] for e in entries]
    assert probabilities == sorted(probabilities, reverse=True)
    by_ref = {e["seeker_ref"]: e for e in entries}
    # The cleaners fit this cleaning placement; the cook and the truck driver do not.
    assert by_ref["seeker-cleaner"]["match_band"] != "weak"
    assert by_ref["seeker-cook"]["match_band"] == "weak" and by_ref["seeker-driver"]["match_band"] == "weak"


def test_a_hand_added_row_has_no_band(client: TestClient, world: World) -> None:
    _read(client, world)
    manual = {"seeker_id": world.sid("not_eligible"), "reason": "Känd sedan tidigare praktik"}
    url = f"/vacancies/{world.vacancy.id}/shortlist"
    assert client.post(f"{url}/manual", json=manual, headers=world.headers["staff"]).status_code == 201
    entries = client.get(url, headers=world.headers["staff"]).json()["entries"]
    added = next(e for e in entries if e["source"] == "manual")
    assert added["match_band"] is None and added["match_probability"] is None


def test_a_list_of_another_scorer_gets_no_band_rather_than_a_wrong_one(
    client: TestClient, world: World
) -> None:
    _read(client, world)
    with Session(get_engine()) as session:
        shortlist = session.exec(select(Shortlist).where(Shortlist.vacancy_id == world.vacancy.id)).one()
        shortlist.model_version = "0123456789abcdef+" + shortlist.model_version.split("+", 1)[1]
        session.add(shortlist)
        session.commit()
    url = f"/vacancies/{world.vacancy.id}/shortlist?limit=10"  # another page: not served from the cache
    entries = client.get(url, headers=world.headers["staff"]).json()["entries"]
    assert entries and all(e["match_band"] is None and e["match_probability"] is None for e in entries)


def test_vacancies_for_a_seeker_carry_the_band(client: TestClient, world: World) -> None:
    response = client.get(f"/seekers/{world.sid('cleaner')}/vacancies", headers=world.headers["staff"])
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["match_band"] in {"strong", "possible"} and 0.25 <= item["match_probability"] <= 1.0
