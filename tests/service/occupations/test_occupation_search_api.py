"""GET /taxonomy/occupations/search: the whole taxonomy, each occupation once with its SSYK-4 group."""

from fastapi.testclient import TestClient

from tests.service.seekers_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture  # noqa: F401

CLEANER = "KF64_AvU_S4N"
URL = "/taxonomy/occupations/search"


def test_any_logged_in_person_may_search_and_nobody_else(client: TestClient, world: World) -> None:
    for headers in (world.supplier_1_user, world.staff_1, world.auditor, world.admin):
        assert client.get(URL, params={"q": "städ"}, headers=headers).status_code == 200
    assert client.get(URL, params={"q": "städ"}).status_code == 401


def test_search_finds_occupations_by_label_and_alias_best_first(client: TestClient, world: World) -> None:
    found = client.get(URL, params={"q": "stadare", "limit": 5}, headers=world.staff_1).json()
    assert found[0] == {
        "id": CLEANER,
        "label": "Städare",
        "ssyk4": "9111",
        "group": found[0]["group"],
        "matched": None,
        "score": 1.0,
    }
    assert found[0]["group"]  # the SSYK-4 group's label
    assert 1 < len(found) <= 5 and len({f["id"] for f in found}) == len(found)
    alias = client.get(URL, params={"q": "Lokalvårdare"}, headers=world.supplier_1_user).json()
    assert alias[0]["id"] == CLEANER and alias[0]["matched"] == "Lokalvårdare"


def test_search_bounds(client: TestClient, world: World) -> None:
    bad: list[dict[str, str | int]] = [{"q": ""}, {"q": "x", "limit": 0}, {"q": "x", "limit": 51}, {}]
    bad.append({"q": "x" * 201})
    for params in bad:
        assert client.get(URL, params=params, headers=world.staff_1).status_code == 422
    assert client.get(URL, params={"q": "qqqqzzzz"}, headers=world.staff_1).json() == []
