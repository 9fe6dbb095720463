"""POST /occupation-suggestions: the engine proposes an ad's occupations, ranked, with probabilities."""

from fastapi.testclient import TestClient

from matcher.text.taxonomy import default_taxonomy
from tests.service.seekers_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture  # noqa: F401

AD = {
    "headline": "Undersköterskor till hemtjänsten i Södertälje",
    "text": "Vi söker undersköterskor till vår hemtjänst. Du hjälper brukare med personlig omvårdnad, "
    "delegerade insatser och dokumentation. Körkort B är ett krav.",
}


def test_an_ad_gets_five_ranked_occupations_with_probabilities(client: TestClient, world: World) -> None:
    response = client.post("/occupation-suggestions", json=AD, headers=world.supplier_1_user)
    assert response.status_code == 200, response.text
    suggestions = response.json()["suggestions"]
    assert len(suggestions) == 5
    probabilities = [s["probability"] for s in suggestions]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(0.0 <= p <= 1.0 for p in probabilities) and sum(probabilities) <= 1.0 + 1e-6
    taxonomy = default_taxonomy()
    for s in suggestions:
        occupation = taxonomy.occupation(s["occupation_id"])
        assert occupation is not None and occupation.label == s["label"] and occupation.ssyk4 == s["ssyk4"]
    # An assistant nurse ad: the SSYK-4 group of assistant nurses in home care (5321/5322 family 532).
    assert suggestions[0]["ssyk4"].startswith("532"), suggestions[0]


def test_k_and_the_roles_that_may_ask(client: TestClient, world: World) -> None:
    body = {**AD, "k": 2}
    assert (
        len(client.post("/occupation-suggestions", json=body, headers=world.staff_1).json()["suggestions"])
        == 2
    )
    assert client.post("/occupation-suggestions", json=AD).status_code == 401
    assert client.post("/occupation-suggestions", json=AD, headers=world.auditor).status_code == 403


def test_bad_input_is_a_problem_naming_the_field(client: TestClient, world: World) -> None:
    limit = client.app.state.settings.max_text_chars  # type: ignore[attr-defined]
    cases = [
        ({"headline": "", "text": "  "}, "headline"),
        ({"headline": "x" * 201}, "headline"),
        ({"headline": "Kock", "text": "kock " * (limit // 5 + 1)}, "text"),
        ({"headline": "Kock", "k": 0}, "k"),
        ({"headline": "Kock", "extra": 1}, "extra"),
    ]
    for body, field in cases:
        response = client.post("/occupation-suggestions", json=body, headers=world.supplier_1_user)
        assert response.status_code == 422, body
        assert response.headers["content-type"] == "application/problem+json"
        assert field in response.text
