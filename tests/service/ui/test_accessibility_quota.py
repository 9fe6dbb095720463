"""Anonymous accessibility reports are limited per address and per network, never by one quota for all:
twenty addresses cannot silence everyone else, one network cannot flood. SQLite and PostgreSQL."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.platform.config import Settings
from tests.service.csrf_helpers import ui_headers
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401


def _report(app: FastAPI, address: str, n: int) -> int:
    client = TestClient(app, client=(address, 50000))
    data = {"message": f"Knappen för att skicka syns inte ({address}, {n})"}
    return client.post("/ui/accessibility", data=data, headers=ui_headers()).status_code


def test_twenty_addresses_do_not_use_up_the_quota_of_everyone_else(trusted: Trusted) -> None:
    app: FastAPI = trusted.client.app  # type: ignore[assignment]
    settings = Settings()
    per_client, per_network = settings.a11y_reports_per_client_hour, settings.a11y_reports_per_network_hour
    # Twenty addresses in twenty networks, each up to its own limit (100 reports, once the global quota).
    for host in range(20):
        address = f"198.{18 + host % 2}.{host}.7"
        assert [_report(app, address, n) for n in range(per_client)] == [200] * per_client
        assert _report(app, address, per_client) == 429  # this address has had its share
    # Someone else, elsewhere, is still heard.
    assert _report(app, "203.0.113.9", 0) == 200
    # Many addresses of one network share that network's limit; other networks are not affected.
    sent = [_report(app, f"192.0.2.{10 + n}", 0) for n in range(per_network + 2)]
    assert sent == [200] * per_network + [429] * 2
    assert _report(app, "2001:db8:1::5", 0) == 200
