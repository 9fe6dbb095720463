"""Logging in cannot freeze the service, and throttling stops guessing without locking the rightful user
out: per client and account, a global bound on password checks, X-Forwarded-For only from trusted proxies.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.app.main import create_app
from service.auth import throttle
from service.auth.service import LoginThrottled, login
from service.platform.config import get_settings
from service.platform.db import get_engine
from service.platform.errors import NotAuthenticated
from tests.service.authz_fixtures import PASSWORD, bearer
from tests.service.live_server import LiveServer
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401

WRONG = "not the password!!"


def _login(client: TestClient, email: str, password: str, **headers: str) -> int:
    return client.post(
        "/auth/token", data={"username": email, "password": password}, headers=headers
    ).status_code


def test_a_guessing_client_is_throttled_while_the_rightful_user_still_logs_in(trusted: Trusted) -> None:
    app = trusted.client.app
    attacker = TestClient(app, client=("203.0.113.7", 40000))
    owner = TestClient(app, client=("198.51.100.20", 40000))
    for _ in range(get_settings().login_max_failures):
        assert _login(attacker, "staff@example.org", WRONG) == 401
    assert _login(attacker, "staff@example.org", PASSWORD) == 429  # the guesser gets no further
    assert _login(owner, "staff@example.org", PASSWORD) == 200  # the owner is not locked out


def test_an_account_under_attack_from_many_addresses_still_admits_its_owner(trusted: Trusted) -> None:
    settings = get_settings()
    now = datetime.now(UTC)
    attempts = settings.login_max_failures * throttle.ACCOUNT_FACTOR
    with Session(get_engine()) as session:
        for n in range(attempts):  # one guess from each of many addresses (a botnet)
            with pytest.raises(NotAuthenticated):
                login(session, settings, "officer@example.org", WRONG, f"10.1.{n // 250}.{n % 250}", now=now)
        # Under attack, an address that already failed on the account gets no second guess …
        with pytest.raises(LoginThrottled):
            login(session, settings, "officer@example.org", PASSWORD, "10.1.0.3", now=now)
        # … while the owner's own device, which never failed, logs in.
        assert login(session, settings, "officer@example.org", PASSWORD, "192.0.2.44", now=now)


def test_rotating_x_forwarded_for_gains_nothing_without_a_trusted_proxy(trusted: Trusted) -> None:
    client = trusted.client
    for n in range(get_settings().login_max_failures):
        assert _login(client, "admin@example.org", WRONG, **{"X-Forwarded-For": f"192.0.2.{n}"}) == 401
    assert _login(client, "admin@example.org", PASSWORD, **{"X-Forwarded-For": "192.0.2.99"}) == 429


def test_behind_a_trusted_proxy_each_forwarded_client_counts_apart(
    trusted: Trusted, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATCHER_TRUSTED_PROXIES", '["10.9.0.0/16"]')
    get_settings.cache_clear()
    proxy = TestClient(create_app(), client=("10.9.0.2", 40000))
    spoof = "6.6.6.6, 198.51.100.7"  # the client may claim anything to the left; the proxy appends its peer
    for _ in range(get_settings().login_max_failures):
        assert _login(proxy, "auditor@example.org", WRONG, **{"X-Forwarded-For": spoof}) == 401
    assert (
        _login(proxy, "auditor@example.org", PASSWORD, **{"X-Forwarded-For": "1.2.3.4, 198.51.100.7"}) == 429
    )
    assert _login(proxy, "auditor@example.org", PASSWORD, **{"X-Forwarded-For": "198.51.100.8"}) == 200


def _patient_login(http: httpx.Client, email: str) -> httpx.Response:
    """A login that, as a client should, tries again after ``Retry-After`` when the service is busy."""
    for _ in range(30):
        response = http.post("/auth/token", data={"username": email, "password": PASSWORD})
        if response.status_code != 429:
            return response
        time.sleep(float(response.headers.get("Retry-After", "1")))
    return response


def test_fifty_concurrent_failed_logins_do_not_starve_the_service(db_url: str) -> None:
    """A real server: 50 failed logins at once (unknown e-mails, so nothing is locked), and meanwhile a
    logged-in user's request and a rightful login both answer. No 5xx anywhere."""
    from tests.service.authz_fixtures import seed
    from tests.service.review_fixtures import point_app_at, reset_app

    mp = pytest.MonkeyPatch()
    try:
        point_app_at(db_url, mp)
        with Session(get_engine(), expire_on_commit=False) as session:
            seeded = seed(session)
        staff = bearer(seeded.users["staff"])
        start = threading.Barrier(51)
        with LiveServer(db_url) as server, httpx.Client(base_url=server.base_url, timeout=120) as http:

            def failed(n: int) -> int:
                start.wait()
                body = {"username": f"nobody{n}@example.org", "password": WRONG}
                return http.post("/auth/token", data=body).status_code

            with ThreadPoolExecutor(max_workers=52) as pool:
                flood = [pool.submit(failed, n) for n in range(50)]
                start.wait()
                began = time.monotonic()
                me = http.get("/auth/me", headers=staff)
                me_s = time.monotonic() - began
                rightful = _patient_login(http, "supplier@example.org")
                rightful_s = time.monotonic() - began
                codes = [f.result() for f in flood]
    finally:
        reset_app()
        mp.undo()
    engine = db_url.split(":")[0]
    print(  # the figures, shown with pytest -rP; timings are reported, not asserted
        f"login flood ({engine}): 401={codes.count(401)} 429={codes.count(429)}"
        f" 5xx={sum(c >= 500 for c in codes)}; /auth/me {me.status_code} in {me_s:.2f}s;"
        f" rightful login {rightful.status_code} after {rightful_s:.2f}s"
    )
    assert me.status_code == 200
    assert rightful.status_code == 200
    assert all(code < 500 for code in codes)
    assert set(codes) <= {401, 429} and codes.count(401) >= get_settings().login_concurrency
