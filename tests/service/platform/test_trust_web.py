"""The web-facing defences: CSRF (another site, another port of this host, login CSRF), framing and
security headers, a chunked body over the limit, CSV formula injection, the accessibility form flood,
and API docs without a CDN."""

import re

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from models import AccessibilityReport, AuditEvent, Contract, Vacancy
from service.app.main import create_app
from service.platform.config import Settings
from service.platform.db import get_engine
from tests.service.authz_fixtures import (  # noqa: F401
    Seeded,
    client_fixture,
    seeded_fixture,
    sqlite_url_fixture,
)
from tests.service.csrf_helpers import ui_headers
from tests.service.live_server import LiveServer

HOST = "http://testserver"


def _titles() -> list[str]:
    with Session(get_engine()) as session:
        return list(session.exec(select(Vacancy.title).order_by(col(Vacancy.id))).all())


def _token_of(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def test_forms_posted_from_another_site_or_another_port_are_refused(
    client: TestClient, seeded: Seeded
) -> None:
    page = ui_headers(_token_of(seeded.headers["supplier"]))
    form = {"title": "Förfalskad", "contract_id": str(seeded.a.contract.id), "kind": "employment"}
    before = _titles()
    for origin in ("https://evil.example", "http://testserver:8001", "null"):
        forged = client.post(
            "/ui/vacancies/new", data=form, headers={**page, "Origin": origin}, follow_redirects=False
        )
        assert forged.status_code == 403, origin
    # Same origin but no token (a form another port planted in the page, a replayed request): refused too.
    no_token = {"Cookie": page["Cookie"], "Origin": HOST}
    assert (
        client.post("/ui/vacancies/new", data=form, headers=no_token, follow_redirects=False).status_code
        == 403
    )
    # A token from another session does not fit this one.
    other = ui_headers(_token_of(seeded.headers["b:supplier"]))
    mixed = {"Cookie": page["Cookie"], "X-CSRF-Token": other["X-CSRF-Token"], "Origin": HOST}
    assert (
        client.post("/ui/vacancies/new", data=form, headers=mixed, follow_redirects=False).status_code == 403
    )
    assert _titles() == before


def test_login_csrf_is_refused_and_a_real_login_form_works(client: TestClient, seeded: Seeded) -> None:
    credentials = {"username": "staff@example.org", "password": "correct horse battery staple"}
    forged = client.post(
        "/ui/login", data=credentials, headers={"Origin": "https://evil.example"}, follow_redirects=False
    )
    assert forged.status_code == 303 and "access_token" not in forged.headers.get("set-cookie", "")
    assert "/ui/login" in forged.headers["location"]
    browser = TestClient(client.app, base_url=HOST)
    page = browser.get("/ui/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None and "csrf" in browser.cookies
    ok = browser.post(
        "/ui/login",
        data={**credentials, "csrf_token": token.group(1)},
        headers={"Origin": HOST},
        follow_redirects=False,
    )
    assert ok.status_code == 303 and "access_token=" in ok.headers["set-cookie"]


def test_every_response_carries_security_headers_and_pages_cannot_be_framed(
    client: TestClient, seeded: Seeded
) -> None:
    responses = [
        client.get("/ui/login"),
        client.get("/auth/me", headers=seeded.headers["staff"]),
        client.get("/no-such-path"),
        client.post("/auth/token", data={"username": "x@example.org", "password": "y"}),
    ]
    for response in responses:
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_a_chunked_body_over_the_limit_is_413_before_it_is_read_whole(sqlite_url: str) -> None:
    sent = 0

    def twenty_megabytes():  # no Content-Length: the body is streamed in chunks
        nonlocal sent
        for _ in range(20):
            sent += 1_000_000
            yield b"x" * 1_000_000

    with LiveServer(sqlite_url) as server:
        try:
            response = httpx.post(
                f"{server.base_url}/auth/token",
                content=twenty_megabytes(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                timeout=60,
            )
            status = response.status_code
            assert response.headers["content-type"] == "application/problem+json"
        except httpx.WriteError:  # the server answered 413 and closed before the client finished sending
            status = 413
        assert status == 413
        assert httpx.get(f"{server.base_url}/health").status_code == 200


def test_csv_cells_cannot_start_a_formula(client: TestClient, seeded: Seeded) -> None:
    with Session(get_engine()) as session:
        contract = session.get(Contract, seeded.a.contract.id)
        assert contract is not None
        contract.title = '=HYPERLINK("http://evil.example","Klicka")'
        session.add(contract)
        session.commit()
    response = client.get("/reports/contracts.csv", headers=seeded.headers["procurement_officer"])
    assert response.status_code == 200
    cells = [cell for line in response.text.splitlines() for cell in line.split(",")]
    assert not [c for c in cells if c.lstrip('"').startswith(("=", "+", "@"))]
    assert "'=HYPERLINK" in response.text


def test_anonymous_accessibility_reports_are_rate_limited_and_kept_out_of_the_audit_trail(
    client: TestClient, seeded: Seeded
) -> None:
    anonymous = ui_headers()
    limit = Settings().a11y_reports_per_client_hour
    codes = [
        client.post(
            "/ui/accessibility", data={"message": f"Knappen syns inte {n}"}, headers=anonymous
        ).status_code
        for n in range(limit + 3)
    ]
    assert codes == [200] * limit + [429] * 3
    with Session(get_engine()) as session:
        assert session.exec(select(func.count()).select_from(AccessibilityReport)).one() == limit
        flood = select(func.count()).where(col(AuditEvent.action).startswith("accessibility"))
        assert session.exec(flood).one() == 0
    read = client.get("/accessibility-reports", headers=seeded.headers["admin"])
    assert read.status_code == 200 and read.json()["total"] == limit
    assert read.json()["items"][0]["sender_role"] == "anonymous"
    assert client.get("/accessibility-reports", headers=seeded.headers["supplier"]).status_code == 403


def test_api_docs_are_served_from_the_package_and_off_in_production(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources)  # nothing from another host (no CDN)
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert client.get("/redoc").status_code == 404
    production = TestClient(create_app(Settings(env="production", secret_key="p" * 40)))
    assert production.get("/docs").status_code == 404
    # The schema goes with the docs: it maps every route and role, so production keeps it to itself.
    assert production.get("/openapi.json").status_code == 404
    opened = Settings(env="production", secret_key="p" * 40, docs_enabled=True)
    assert TestClient(create_app(opened)).get("/openapi.json").status_code == 200


def test_a_write_that_cannot_commit_is_an_error_not_a_success(
    client: TestClient, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    import service.auth.deps

    class FailingCommit(service.auth.deps.Session):  # type: ignore[misc,name-defined]
        def commit(self) -> None:
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    staff = seeded.headers["staff"]
    monkeypatch.setattr(service.auth.deps, "Session", FailingCommit)
    as_a_real_client = TestClient(client.app, raise_server_exceptions=False)
    response = as_a_real_client.post("/auth/logout", headers=staff)
    monkeypatch.undo()
    assert response.status_code == 500 and response.headers["content-type"] == "application/problem+json"
    assert client.get("/auth/me", headers=staff).status_code == 200  # the logout did not happen
