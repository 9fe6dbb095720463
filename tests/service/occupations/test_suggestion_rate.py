"""Occupation suggestions are rate-limited per user or API key, in the API and the web form alike
(counted in the database: every worker process shares the count). On SQLite and PostgreSQL."""

from fastapi.testclient import TestClient

from service.app.main import create_app
from service.platform.config import Settings
from tests.service.csrf_helpers import ui_headers
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401

LIMIT = 3
AD = {"headline": "Lokalvårdare till skolor i Malmö", "text": "Du städar klassrum och korridorer."}


def test_suggestions_beyond_the_limit_are_429_with_retry_after(trusted: Trusted) -> None:
    seeded = trusted.seeded
    with TestClient(create_app(Settings(occupation_suggestions_per_minute=LIMIT))) as client:
        staff, supplier = seeded.headers["staff"], seeded.headers["supplier"]
        codes = [client.post("/occupation-suggestions", json=AD, headers=staff).status_code for _ in range(5)]
        assert codes == [200] * LIMIT + [429] * 2
        refused = client.post("/occupation-suggestions", json=AD, headers=staff)
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["Retry-After"]) > 0
        # Counted per caller: another user is not held up by this one.
        assert client.post("/occupation-suggestions", json=AD, headers=supplier).status_code == 200
        # The web form's proposals share the count with the API (same person, same limit).
        token = staff["Authorization"].removeprefix("Bearer ")
        form = {"title": AD["headline"], "description": AD["text"]}
        page = client.post("/ui/occupation-proposals", data=form, headers=ui_headers(token))
        assert page.status_code == 429 and page.headers["content-type"].startswith("text/html")
        supplier_token = supplier["Authorization"].removeprefix("Bearer ")
        fine = client.post("/ui/occupation-proposals", data=form, headers=ui_headers(supplier_token))
        assert fine.status_code == 200
