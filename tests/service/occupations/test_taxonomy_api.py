"""POST /enrich and the taxonomy suggestions: any logged-in person, bounded input, ranked output."""

from fastapi.testclient import TestClient

from tests.service.seekers_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture  # noqa: F401


def test_enrich_returns_concepts_with_spans(client: TestClient, world: World) -> None:
    text = "Vi söker en städare med B-körkort som talar arabiska."
    response = client.post("/enrich", json={"text": text}, headers=world.supplier_1_user)
    assert response.status_code == 200, response.text
    concepts = response.json()["concepts"]
    by_type = {c["type"]: c for c in concepts}
    assert by_type["occupation"]["label"] == "Städare"
    assert by_type["licence"]["id"] == "B"
    assert by_type["language"]["id"] == "ar"
    for c in concepts:
        start, end = c["span"]
        assert 0 <= start < end <= len(text)


def test_enrich_refuses_text_over_the_configured_limit(client: TestClient, world: World) -> None:
    limit = client.app.state.settings.max_text_chars  # type: ignore[attr-defined]
    response = client.post("/enrich", json={"text": "städare " * (limit // 8 + 1)}, headers=world.staff_1)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert f"more than the {limit} allowed" in response.json()["detail"]
    assert client.post("/enrich", json={"text": "x", "extra": 1}, headers=world.staff_1).status_code == 422
    assert client.post("/enrich", json={"text": ""}, headers=world.staff_1).json() == {"concepts": []}


def test_every_logged_in_role_may_use_them_and_nobody_else(client: TestClient, world: World) -> None:
    for headers in (world.supplier_1_user, world.staff_1, world.auditor, world.admin):
        assert client.get("/taxonomy/skills", params={"q": "truck"}, headers=headers).status_code == 200
    assert client.get("/taxonomy/skills", params={"q": "truck"}).status_code == 401
    assert client.get("/taxonomy/occupations", params={"q": "städare"}).status_code == 401
    assert client.post("/enrich", json={"text": "städare"}).status_code == 401


def test_occupation_suggestions_are_ranked_exact_first(client: TestClient, world: World) -> None:
    response = client.get(
        "/taxonomy/occupations", params={"q": "städare", "limit": 5}, headers=world.supplier_1_user
    )
    suggestions = response.json()
    assert 1 <= len(suggestions) <= 5
    assert suggestions[0]["label"] == "Städare" and suggestions[0]["score"] == 1.0
    assert suggestions[0]["ssyk4"] == "9111"
    scores = [s["score"] for s in suggestions]
    assert scores == sorted(scores, reverse=True)
    # Misspelt and without diacritics still finds it.
    typo = client.get("/taxonomy/occupations", params={"q": "stadare"}, headers=world.staff_1).json()
    assert "Städare" in [s["label"] for s in typo[:3]]


def test_a_typed_fragment_suggests_titles_that_begin_with_it_not_noise(
    client: TestClient, world: World
) -> None:
    found = client.get(
        "/taxonomy/occupations", params={"q": "lokalvår", "limit": 8}, headers=world.supplier_1_user
    ).json()
    titles = [s["label"] for s in found]
    assert "Lokalvårdare" in titles[:2], titles
    assert {s["occupation"] for s in found} == {"Städare"}  # no Trollkarl, no VD
    assert all(s["ssyk4"] == "9111" for s in found)


def test_skill_suggestions_and_bounds(client: TestClient, world: World) -> None:
    skills = client.get("/taxonomy/skills", params={"q": "truck", "limit": 3}, headers=world.staff_1).json()
    assert len(skills) == 3 and all("truck" in s["label"].lower() for s in skills)
    assert set(skills[0]) == {"id", "label", "score"}
    for params in ({"q": ""}, {"q": "x", "limit": 0}, {"q": "x", "limit": 51}, {}):
        assert client.get("/taxonomy/skills", params=params, headers=world.staff_1).status_code == 422
