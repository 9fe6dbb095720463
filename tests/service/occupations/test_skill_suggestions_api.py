"""GET /taxonomy/skills ranks by relevance: "städ" starts with cleaning skills, never city words."""

from fastapi.testclient import TestClient

from matcher import default_taxonomy
from tests.service.seekers_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture  # noqa: F401

STADARE = "KF64_AvU_S4N"


def _cleaning() -> set[str]:
    return {s.label for s in default_taxonomy().skills_of_group("9111")}


def test_stad_suggests_cleaning_skills_first(client: TestClient, world: World) -> None:
    response = client.get("/taxonomy/skills", params={"q": "städ"}, headers=world.staff_1)
    assert response.status_code == 200, response.text
    labels = [s["label"] for s in response.json()]
    assert set(labels[:5]) <= _cleaning(), labels
    assert "Stadsarkeologi" not in labels[:5] and "Bostadsfotografering" not in labels
    assert "Storstädning" in labels  # compounds count


def test_the_chosen_occupation_scopes_the_order(client: TestClient, world: World) -> None:
    kitchen_hand = next(o for o in default_taxonomy().occupations() if o.label == "Köksbiträde")
    params = {"q": "städ", "occupation_id": kitchen_hand.id, "limit": 3}
    labels = [s["label"] for s in client.get("/taxonomy/skills", params=params, headers=world.staff_1).json()]
    assert "Städning och diskning, restaurangkök" in labels[:2]
    cleaner = {"q": "städ", "occupation_id": STADARE}
    labels = [
        s["label"] for s in client.get("/taxonomy/skills", params=cleaner, headers=world.staff_1).json()
    ]
    assert set(labels[:5]) <= _cleaning()
    # An occupation id the taxonomy does not know (a newer version's) changes nothing, and is bounded.
    unknown = client.get(
        "/taxonomy/skills", params={"q": "städ", "occupation_id": "zzzz"}, headers=world.staff_1
    )
    assert unknown.status_code == 200 and set(s["label"] for s in unknown.json()[:5]) <= _cleaning()
    too_long = {"q": "städ", "occupation_id": "x" * 65}
    assert client.get("/taxonomy/skills", params=too_long, headers=world.staff_1).status_code == 422
