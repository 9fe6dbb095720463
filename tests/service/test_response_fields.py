"""Responses contain exactly the fields each role may see.

Every JSON GET route of the API is called as every role with world A's ids. The keys of each 200
answer (as paths: ``items[].seeker_id``) must all be in the declared allowlist for that route and
role, ``response_fields.json``: a new field reaches a role only by being added there, in review.
Independently of that file, ``NEVER`` lists what a role must not receive anywhere.

After a deliberate change, rewrite the allowlist with
``MATCHER_WRITE_RESPONSE_FIELDS=1 pytest tests/service/test_response_fields.py`` and review its diff.
"""

import json
import os
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.service.authz_fixtures import (  # noqa: F401
    ROLES,
    Seeded,
    client_fixture,
    seeded_fixture,
    sqlite_url_fixture,
)
from tests.service.test_authorization_matrix import api_routes, fill

ALLOWLIST = Path(__file__).with_name("response_fields.json")
# Free-form maps whose keys are data (feature names, group codes, JSON details), not fields.
OPAQUE = ("detail", "by_kind", "by_group", "feature_weights", "parameters", "metrics", "config")

IDENTITY = {"full_name", "personal_number", "email", "phone"}
MONITORING = {"sex", "age_band", "born_abroad", "country_of_birth"}
SECRETS = {"password_hash", "key_hash", "password"}
# Users' accounts carry the user's own name and email, which are not a job seeker's identity.
ACCOUNT_ROUTES = ("GET /auth/me", "GET /admin/users")
NEVER: dict[str, set[str]] = {
    # The supplier's minimised view: no identity, no eligibility or its evidence, no scores.
    "supplier": IDENTITY | MONITORING | SECRETS | {"evidence", "eligibility", "target_group", "score"},
    "procurement_officer": IDENTITY | MONITORING | SECRETS | {"evidence", "profile_text"},
    "batch": IDENTITY | MONITORING | SECRETS | {"evidence"},
    "staff": MONITORING | SECRETS,
    "admin": MONITORING | SECRETS | {"evidence", "profile_text"},
    "auditor": IDENTITY | SECRETS | {"evidence", "profile_text"},
}


def key_paths(value: Any, prefix: str = "") -> set[str]:
    """Every key in a JSON value as a dotted path; list items share one ``[]`` path."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            out.add(path)
            if key not in OPAQUE:
                out |= key_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            out |= key_paths(item, f"{prefix}[]")
    return out


def observed(client: TestClient, seeded: Seeded) -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {}
    for route in api_routes(client.app.routes):  # type: ignore[attr-defined]
        if "GET" not in route.methods or not route.include_in_schema:
            continue
        for role in ROLES:
            response = client.get(fill(route.path, seeded.a.ids), headers=seeded.headers[str(role)])
            if response.status_code != 200 or "json" not in response.headers.get("content-type", ""):
                continue
            found.setdefault(f"GET {route.path}", {})[str(role)] = sorted(key_paths(response.json()))
    return found


def test_each_role_receives_only_its_allowlisted_fields(client: TestClient, seeded: Seeded) -> None:
    found = observed(client, seeded)
    assert len(found) > 20  # the walk reached the API (ids resolved, roles admitted)
    if os.environ.get("MATCHER_WRITE_RESPONSE_FIELDS"):
        ALLOWLIST.write_text(json.dumps(found, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    allowed = json.loads(ALLOWLIST.read_text())
    extra = [
        f"{route} as {role}: {sorted(set(paths) - set(allowed.get(route, {}).get(role, [])))}"
        for route, by_role in found.items()
        for role, paths in by_role.items()
        if set(paths) - set(allowed.get(route, {}).get(role, []))
    ]
    assert extra == [], "fields not in response_fields.json:\n" + "\n".join(extra)


def test_no_role_is_ever_allowed_what_it_must_not_see() -> None:
    allowed = json.loads(ALLOWLIST.read_text())
    leaks = [
        f"{route} as {role}: {path}"
        for route, by_role in allowed.items()
        for role, paths in by_role.items()
        for path in paths
        if path.rsplit(".", 1)[-1].removesuffix("[]")
        in (NEVER[role] - IDENTITY if route.startswith(ACCOUNT_ROUTES) else NEVER[role])
    ]
    assert leaks == []


def test_the_walk_sees_personal_data_where_staff_may_see_it(client: TestClient, seeded: Seeded) -> None:
    """The allowlist check has teeth: staff do receive identity fields from the identity route."""
    found = observed(client, seeded)
    identity = found["GET /seekers/{seeker_id}/identity"]
    assert set(identity["staff"]) >= IDENTITY
    assert set(identity) == {"staff"}
