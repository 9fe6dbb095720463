"""Deny by default, checked over every route the app has, whoever wrote it.

(a) every route outside the public allowlists declares its roles with ``require(...)``;
(b) every route × every caller: anonymous → 401 (UI pages: a redirect to the login page), a role outside
    the declared set → 403, a declared role → neither;
(c) callers of organisation B never reach organisation A's objects by id: 403 or 404, never 2xx.
"""

import re
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from service.app.main import create_app
from service.app.routes import PUBLIC_PATHS, api_routes, declared_roles
from service.platform.principal import BATCH
from tests.service.authz_fixtures import (  # noqa: F401
    ROLES,
    Seeded,
    client_fixture,
    seeded_fixture,
    sqlite_url_fixture,
)
from tests.service.csrf_helpers import ui_headers

# Web pages anyone may open (the login flow, the language switch, the accessibility statement).
UI_PUBLIC_PATHS = frozenset({"/", "/ui/login", "/ui/logout", "/ui/language", "/ui/accessibility"})
PARAM = re.compile(r"{(\w+)(?::\w+)?}")
# Valid bodies for PUT/PATCH routes whose body has required fields, so the object check is reached in (c).
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PUT", "/seekers/{seeker_id}/consent"): {"consent": "withdrawn"},
    ("PUT", "/seekers/{seeker_id}/identity"): {"full_name": "Någon Annan"},
    ("PUT", "/admin/manual-mode"): {"enabled": False},
}


def is_public(route: APIRoute) -> bool:
    return route.path in PUBLIC_PATHS or route.path in UI_PUBLIC_PATHS


def fill(path: str, ids: dict[str, int]) -> str:
    """The path with each parameter replaced by a seeded id (unknown names: the first id; 404 is fine)."""
    first = next(iter(ids.values()))
    return PARAM.sub(lambda m: str(ids.get(m.group(1), first)), path)


def call(client: TestClient, method: str, url: str, headers: dict[str, str], body: Any = None) -> Any:
    return client.request(method, url, headers=headers, json=body, follow_redirects=False)


def as_ui(headers: dict[str, str]) -> dict[str, str]:
    """The web pages read the same token from a cookie (with the CSRF token a page would have given the
    browser); API keys have no web session."""
    token = headers.get("Authorization", "").removeprefix("Bearer ")
    return ui_headers(token) if token else {}


def test_every_route_declares_its_roles() -> None:
    routes = api_routes(create_app().routes)
    assert len(routes) > 40  # the walk sees the included routers
    undeclared = [
        f"{sorted(r.methods or ())} {r.path}"
        for r in routes
        if not is_public(r) and declared_roles(r.dependant) is None
    ]
    assert undeclared == []


def test_public_routes_are_only_the_allowlisted_ones() -> None:
    paths = {r.path for r in api_routes(create_app().routes) if declared_roles(r.dependant) is None}
    assert paths <= PUBLIC_PATHS | UI_PUBLIC_PATHS


def _ordered(routes: list[APIRoute]) -> list[tuple[str, APIRoute]]:
    # Deletions last (nested objects before their parents), so what they remove is there for the rest.
    pairs = [(m, r) for r in routes for m in sorted((r.methods or set()) - {"HEAD", "OPTIONS"})]

    def key(pair: tuple[str, APIRoute]) -> tuple[bool, bool, int, str]:
        deletes = pair[0] == "DELETE"
        # Logging out ends the caller's sessions (every token of the user): it goes very last.
        logout = pair[1].path == "/auth/logout"
        return logout, deletes, -pair[1].path.count("/") if deletes else 0, pair[1].path

    return sorted(pairs, key=key)


def test_every_route_admits_exactly_its_declared_roles(client: TestClient, seeded: Seeded) -> None:
    failures: list[str] = []
    checked = 0
    for method, route in _ordered([r for r in api_routes(client.app.routes) if not is_public(r)]):  # type: ignore[attr-defined]
        roles = declared_roles(route.dependant)
        assert roles is not None
        url = fill(route.path, seeded.a.ids)
        ui = not route.include_in_schema
        anonymous = call(client, method, url, {})
        if ui:
            if anonymous.status_code != 303 or "/ui/login" not in anonymous.headers.get("location", ""):
                failures.append(
                    f"{method} {url} anonymous: {anonymous.status_code}, not a redirect to log in"
                )
        elif anonymous.status_code != 401:
            failures.append(f"{method} {url} anonymous: {anonymous.status_code}")
        for role in ROLES:
            headers = seeded.headers[str(role)]
            if ui and role == BATCH:
                continue  # no web session for machine clients (they are anonymous there, checked above)
            status = call(client, method, url, as_ui(headers) if ui else headers).status_code
            checked += 1
            if str(role) in roles and status in (401, 403):
                failures.append(f"{method} {url} {role} (declared): {status}")
            if str(role) not in roles and status != 403:
                failures.append(f"{method} {url} {role} (not declared): {status}")
    assert checked > 200
    assert failures == []


def test_callers_of_another_organisation_never_reach_its_objects(client: TestClient, seeded: Seeded) -> None:
    """Supplier and staff of world B, with world A's ids in the path: 403 or 404, every time."""
    failures: list[str] = []
    routes = [r for r in api_routes(client.app.routes) if PARAM.search(r.path) and not is_public(r)]  # type: ignore[attr-defined]
    checked = 0
    for method, route in _ordered(routes):
        if method not in ("GET", "PUT", "PATCH", "DELETE"):
            continue
        url = fill(route.path, seeded.a.ids)
        body = BODIES.get((method, route.path), {}) if method in ("PUT", "PATCH") else None
        for who in ("b:supplier", "b:staff"):
            headers = seeded.headers[who]
            headers = headers if route.include_in_schema else as_ui(headers)
            response = call(client, method, url, headers, body)
            checked += 1
            if response.status_code not in (403, 404):
                failures.append(f"{method} {url} {who}: {response.status_code} {response.text[:120]}")
    assert checked > 30
    assert failures == []


def test_seeded_objects_are_reachable_by_their_own_organisation(client: TestClient, seeded: Seeded) -> None:
    """The ids used above are real: world A's own callers read them (so the 404s in (c) mean something)."""
    ids = seeded.a.ids
    own = {
        f"/vacancies/{ids['vacancy_id']}": "staff",
        f"/seekers/{ids['seeker_id']}": "staff",
        f"/contracts/{ids['contract_id']}": "supplier",
        f"/contracts/{ids['contract_id']}/follow-up": "procurement_officer",
        f"/shortlist-entries/{ids['entry_id']}/explanation": "staff",
        f"/vacancies/{ids['vacancy_id']}/proposals": "supplier",
    }
    for url, role in own.items():
        assert client.get(url, headers=seeded.headers[role]).status_code == 200, url
