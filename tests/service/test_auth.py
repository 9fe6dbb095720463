"""Login, tokens, throttling, deny-by-default routes, limits and unknown fields."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlmodel import Session

from models.enums import OrganisationKind, Role
from service.auth.login import reset_throttle
from service.config import DEV_SECRET, Settings, get_settings
from service.db import get_engine
from service.main import create_app
from service.routes import PUBLIC_PATHS
from service.security import hash_password
from tests import factories as f
from tests.service.seekers_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture  # noqa: F401

PASSWORD = "correct horse battery staple"


@pytest.fixture(name="user_email")
def user_email_fixture(client: TestClient) -> str:
    reset_throttle()
    with Session(get_engine()) as session:
        org = f.organisation(session, OrganisationKind.MATCHING_ACTOR)
        user = f.user(session, org, Role.STAFF, email="login@example.org")
        user.password_hash = hash_password(PASSWORD)
        session.add(user)
        session.commit()
    return "login@example.org"


def _login(client: TestClient, email: str, password: str) -> object:
    return client.post("/auth/token", data={"username": email, "password": password})


def test_login_gives_a_short_lived_token_that_identifies_the_user(
    client: TestClient, user_email: str
) -> None:
    response = _login(client, user_email, PASSWORD)
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["expires_in"] == get_settings().access_token_minutes * 60
    me = client.get("/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["email"] == user_email and me.json()["role"] == "staff"


def test_wrong_password_is_401_and_repeated_failures_are_throttled(
    client: TestClient, user_email: str
) -> None:
    for _ in range(get_settings().login_max_failures):
        wrong = _login(client, user_email, "wrong password!!")
        assert wrong.status_code == 401  # type: ignore[attr-defined]
        assert wrong.headers["content-type"] == "application/problem+json"  # type: ignore[attr-defined]
    throttled = _login(client, user_email, PASSWORD)
    assert throttled.status_code == 429  # type: ignore[attr-defined]
    assert "too many failed logins" in throttled.json()["detail"]  # type: ignore[attr-defined]


def _token(secret: str, **claims: object) -> str:
    now = datetime.now(UTC)
    base = {"sub": "1", "role": "admin", "org": 1, "iat": now, "exp": now + timedelta(minutes=5)}
    return jwt.encode({**base, **claims}, secret, algorithm="HS256")


@pytest.mark.parametrize(
    "token",
    [
        _token(DEV_SECRET, exp=datetime.now(UTC) - timedelta(minutes=1)),  # expired
        _token("some-other-secret-of-sufficient-length-0123"),  # forged
        jwt.encode({"sub": "1", "role": "admin", "exp": 9999999999}, key="", algorithm="none"),  # unsigned
        _token(DEV_SECRET)[:-4] + "AAAA",  # tampered signature
        "not-a-token",
    ],
    ids=["expired", "forged", "alg-none", "tampered", "garbage"],
)
def test_expired_and_forged_tokens_are_401(client: TestClient, world: World, token: str) -> None:
    response = client.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["status"] == 401


def api_routes(routes: list[object]) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI keeps those as lazy branches)."""
    out: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            out.append(route)
        elif hasattr(route, "original_router"):
            out.extend(api_routes(route.original_router.routes))
    return out


def test_every_api_route_declares_its_roles() -> None:
    """Deny by default: a route without a role declaration fails this test."""

    def declared(dependant: object) -> bool:
        for dep in getattr(dependant, "dependencies", []):
            if hasattr(dep.call, "allowed_roles") or declared(dep):
                return True
        return False

    routes = api_routes(create_app().routes)
    assert len(routes) > 40  # the walk sees the included routers
    undeclared = [
        f"{sorted(r.methods)} {r.path}"
        for r in routes
        if r.path not in PUBLIC_PATHS
        and not r.path.startswith("/ui")
        and r.path != "/"
        and not declared(r.dependant)
    ]
    assert undeclared == []


def test_anonymous_calls_to_protected_routes_are_401(client: TestClient) -> None:
    for path in ("/vacancies", "/seekers", "/audit-events", "/reports/contracts", "/auth/me", "/proposals"):
        response = client.get(path)
        assert response.status_code == 401, path


def test_oversized_body_is_413_and_unknown_fields_422(client: TestClient, world: World) -> None:
    big = "x" * (get_settings().max_body_bytes + 1)
    response = client.post(
        "/enrich", content=big, headers={**world.staff_1, "content-type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["title"] == "Payload too large"
    body = {"ref": "v-x", "contract_id": world.c1.id, "title": "Städare", "id": 999, "status": "open"}
    mass = client.post("/vacancies", json=body, headers=world.supplier_1_user)
    assert mass.status_code == 422
    assert any(e["field"] == "id" for e in mass.json()["errors"])


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(ValueError, match="MATCHER_SECRET_KEY"):
        Settings(env="production")
    assert Settings(env="production", secret_key="s" * 40).env == "production"


def test_no_stack_trace_or_sql_in_error_responses(client: TestClient, world: World) -> None:
    response = client.get("/vacancies/not-a-number", headers=world.staff_1)
    assert response.status_code == 422
    text = response.text.lower()
    assert "traceback" not in text and "select " not in text


def test_only_auditors_read_the_audit_log(client: TestClient, world: World) -> None:
    assert client.get("/audit-events", headers=world.staff_1).status_code == 403
    assert client.get("/audit-events", headers=world.admin).status_code == 403
    client.get("/seekers?limit=5", headers=world.staff_1)
    page = client.get("/audit-events?limit=1000", headers=world.auditor)
    assert page.status_code == 422  # over the hard maximum page size
    listed = client.get("/audit-events?limit=50", headers=world.auditor)
    assert listed.status_code == 200 and listed.headers["cache-control"] == "no-store"
    assert {"items", "total", "offset", "limit"} <= set(listed.json())
    routes = [r for r in api_routes(create_app().routes) if r.path.startswith("/audit-events")]
    assert {m for r in routes for m in r.methods} == {"GET"}  # no endpoint edits or deletes the trail
