"""The auditor's read-only audit log: filters, pagination, and that nothing edits the trail."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from models import AuditEvent
from service.app.main import create_app
from service.platform.audit import seeker_pseudonym
from service.platform.db import get_engine
from tests.service.authz_fixtures import (  # noqa: F401
    Seeded,
    client_fixture,
    seeded_fixture,
    sqlite_url_fixture,
)
from tests.service.test_authorization_matrix import api_routes

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(name="events")
def events_fixture(seeded: Seeded) -> list[AuditEvent]:
    seeker_1, seeker_2 = seeker_pseudonym(1), seeker_pseudonym(2)
    rows = [
        AuditEvent(at=T0, actor_label="user:1", actor_role="staff", action="seeker.read",
                   object_type="seeker", subject_seeker=seeker_1),
        AuditEvent(at=T0 + timedelta(hours=1), actor_label="user:1", actor_role="staff",
                   action="decision.create", object_type="shortlist_entry", object_id="5",
                   subject_seeker=seeker_1),
        AuditEvent(at=T0 + timedelta(days=1), actor_label="user:2", actor_role="staff", action="seeker.read",
                   object_type="seeker", subject_seeker=seeker_2),
    ]  # fmt: skip
    with Session(get_engine(), expire_on_commit=False) as session:
        session.add_all(rows)
        session.commit()
    return rows


def _ids(client: TestClient, seeded: Seeded, query: str) -> list[int]:
    response = client.get(f"/audit-events?{query}", headers=seeded.headers["auditor"])
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json()["items"]]


def test_filters_by_action_object_seeker_and_time(
    client: TestClient, seeded: Seeded, events: list[AuditEvent]
) -> None:
    first, second, third = (e.id for e in events)
    assert _ids(client, seeded, "action=seeker.read") == [third, first]  # newest first
    assert _ids(client, seeded, "object_type=shortlist_entry") == [second]
    assert _ids(client, seeded, f"subject_seeker={seeker_pseudonym(1)}") == [second, first]
    assert _ids(client, seeded, "from=2026-05-01T12:30:00Z&to=2026-05-02T00:00:00Z") == [second]
    # A time without an offset is UTC; one with an offset is converted.
    assert _ids(client, seeded, "from=2026-05-01T12:30:00&to=2026-05-01T15:30:00%2B02:00") == [second]
    response = client.get(
        "/audit-events?from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z", headers=seeded.headers["auditor"]
    )
    assert response.status_code == 422


def test_pages_have_a_hard_maximum(client: TestClient, seeded: Seeded, events: list[AuditEvent]) -> None:
    auditor = seeded.headers["auditor"]
    page = client.get("/audit-events?action=seeker.read&limit=1&offset=1", headers=auditor)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert page.json()["total"] == 2 and [e["id"] for e in page.json()["items"]] == [events[0].id]
    assert client.get("/audit-events?limit=1000", headers=auditor).status_code == 422


def test_only_auditors_read_the_trail(client: TestClient, seeded: Seeded) -> None:
    for role in ("staff", "supplier", "procurement_officer", "admin", "batch"):
        assert client.get("/audit-events", headers=seeded.headers[role]).status_code == 403, role
    assert client.get("/audit-events").status_code == 401


def test_no_endpoint_edits_or_deletes_the_trail_and_the_database_refuses_updates(
    client: TestClient, seeded: Seeded, events: list[AuditEvent]
) -> None:
    routes = [r for r in api_routes(create_app().routes) if r.path.startswith("/audit")]
    assert {m for r in routes for m in r.methods or ()} == {"GET"}
    event_id = events[0].id
    assert client.delete(f"/audit-events/{event_id}", headers=seeded.headers["auditor"]).status_code in (
        404,
        405,
    )
    with pytest.raises(DBAPIError, match="append-only"), get_engine().begin() as conn:
        conn.execute(text("UPDATE auditevent SET action = 'x' WHERE id = :id"), {"id": event_id})


def test_admin_actions_reach_the_trail(client: TestClient, seeded: Seeded) -> None:
    client.put("/admin/manual-mode", json={"enabled": True}, headers=seeded.headers["admin"])
    client.put("/admin/manual-mode", json={"enabled": False}, headers=seeded.headers["admin"])
    listed = client.get("/audit-events?action=system.manual_mode", headers=seeded.headers["auditor"]).json()
    assert [e["detail"]["to"] for e in listed["items"]] == [False, True]
    assert {e["actor_role"] for e in listed["items"]} == {"admin"}
