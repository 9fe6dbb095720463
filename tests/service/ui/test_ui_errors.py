"""Every error on a web page is an HTML page in the user's language; the API keeps problem+json."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from models.enums import OrganisationKind, Role
from service.platform.db import get_engine
from tests import factories as f
from tests.service.seekers_fixtures import (  # noqa: F401
    World,
    auth,
    client_fixture,
    make_app,
    sqlite_url_fixture,
    world_fixture,
)

PROBLEM = "application/problem+json"


def cookie(headers: dict[str, str], lang: str | None = None) -> dict[str, str]:
    token = headers["Authorization"].removeprefix("Bearer ")
    return {"Cookie": f"access_token={token}" + (f"; lang={lang}" if lang else "")}


def officer(world: World) -> dict[str, str]:
    with Session(get_engine(), expire_on_commit=False) as session:
        authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
        headers = auth(session, authority, Role.PROCUREMENT_OFFICER)
        session.commit()
    return headers


def html(response: object) -> str:
    assert response.headers["content-type"].startswith("text/html"), response.headers  # type: ignore[attr-defined]
    text: str = response.text  # type: ignore[attr-defined]
    assert '<html lang="' in text and "{{" not in text
    return text


@pytest.mark.parametrize(
    ("lang", "heading", "marker"),
    [("sv", "Sidan finns inte", 'lang="sv"'), ("en", "Page not found", 'lang="en"')],
)
def test_an_unknown_page_is_a_404_page_in_the_users_language(
    client: TestClient, world: World, lang: str, heading: str, marker: str
) -> None:
    response = client.get("/ui/no-such-page", headers=cookie(world.staff_1, lang))
    assert response.status_code == 404
    text = html(response)
    assert heading in text and marker in text
    assert "Not Found" not in text and '"detail"' not in text


def test_a_missing_record_is_a_404_page_with_the_menu(client: TestClient, world: World) -> None:
    response = client.get("/ui/vacancies/987654", headers=cookie(world.staff_1))
    assert response.status_code == 404
    text = html(response)
    assert "Sidan finns inte" in text and "Logga ut" in text  # still logged in: the menu stays


def test_a_wrong_method_is_a_405_page(client: TestClient, world: World) -> None:
    response = client.post("/ui/seekers", headers=cookie(world.staff_1, "en"))
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]
    assert "This cannot be done this way" in html(response)


def test_a_forbidden_page_names_the_role_in_words_not_as_an_enum(client: TestClient, world: World) -> None:
    headers = officer(world)
    response = client.get("/ui/seekers", headers=cookie(headers))
    assert response.status_code == 403
    text = html(response)
    assert "Du har inte behörighet" in text and "rollen Upphandlare" in text
    assert "Role." not in text and "procurement_officer" not in text
    english = client.get("/ui/seekers", headers=cookie(headers, "en"))
    assert "the role Procurement officer" in html(english)


def test_a_malformed_query_is_a_422_page(client: TestClient, world: World) -> None:
    response = client.get("/ui/vacancies/1?max_distance_km=far", headers=cookie(world.staff_1))
    assert response.status_code == 422
    assert "Uppgifterna kunde inte användas" in html(response)


@pytest.fixture
def failing_client(sqlite_url: str) -> Iterator[TestClient]:
    app = make_app()

    @app.get("/ui/test-failure")
    def _fail() -> None:
        raise RuntimeError("SELECT secret FROM somewhere")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_an_unexpected_error_is_a_500_page_without_the_trace(failing_client: TestClient) -> None:
    response = failing_client.get("/ui/test-failure", headers={"Cookie": "lang=en"})
    assert response.status_code == 500
    text = html(response)
    assert "Something went wrong on our side" in text and "secret" not in text


def test_the_api_keeps_problem_details(client: TestClient, world: World) -> None:
    for path in ("/no-such-route", "/contracts/987654"):
        response = client.get(path, headers=world.admin)
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["status"] == 404
