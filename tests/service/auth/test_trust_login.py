"""Logging in cannot freeze the service, and throttling stops guessing without locking the rightful user
out: per client and account, a global bound on password checks, X-Forwarded-For only from trusted proxies.
"""

import contextlib
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from service.app.main import create_app
from service.auth import device, throttle
from service.auth.service import LoginThrottled, login
from service.platform.config import get_settings
from service.platform.db import get_engine
from service.platform.errors import NotAuthenticated
from tests.service.authz_fixtures import PASSWORD, bearer
from tests.service.csrf_helpers import ui_headers
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


def test_an_account_under_attack_from_many_addresses_admits_its_owner_on_a_known_device(
    trusted: Trusted,
) -> None:
    settings = get_settings()
    now = datetime.now(UTC)
    owner = "officer@example.org"
    owner_device = device.issue(settings, owner)
    attempts = settings.login_max_failures * throttle.ACCOUNT_FACTOR
    with Session(get_engine()) as session:
        for n in range(attempts):  # one guess from each of many addresses (a botnet)
            with pytest.raises(NotAuthenticated):
                login(session, settings, "officer@example.org", WRONG, f"10.1.{n // 250}.{n % 250}", now=now)
        # The account is now closed to every device it does not know, a fresh address included …
        with pytest.raises(LoginThrottled):
            login(session, settings, "officer@example.org", PASSWORD, "192.0.2.44", now=now)
        # … and a device cookie of another account, or a forged one, is no key to it …
        for cookie in (device.issue(settings, "staff@example.org"), owner_device[:-4] + "0000"):
            with pytest.raises(LoginThrottled):
                login(
                    session, settings, "officer@example.org", PASSWORD, "192.0.2.44", device=cookie, now=now
                )
        # … while the owner's own device, even after a typing mistake, logs in.
        with pytest.raises(NotAuthenticated):
            login(session, settings, "officer@example.org", WRONG, "10.1.0.3", device=owner_device, now=now)
        assert login(
            session, settings, "officer@example.org", PASSWORD, "10.1.0.3", device=owner_device, now=now
        )


def test_a_known_device_has_a_limit_of_its_own(trusted: Trusted) -> None:
    """The device cookie bypasses the account's lockout, never its own per-(account, device) limit."""
    settings = get_settings()
    now = datetime.now(UTC)
    cookie = device.issue(settings, "auditor@example.org")
    with Session(get_engine()) as session:
        for _ in range(settings.login_max_failures):
            with pytest.raises(NotAuthenticated):
                login(session, settings, "auditor@example.org", WRONG, "192.0.2.9", device=cookie, now=now)
        with pytest.raises(LoginThrottled):
            login(session, settings, "auditor@example.org", PASSWORD, "192.0.2.9", device=cookie, now=now)
        # The device's failures were its own: the same address without the cookie still may try.
        assert login(session, settings, "auditor@example.org", PASSWORD, "192.0.2.9", now=now)


def test_an_office_behind_one_address_is_not_locked_out(trusted: Trusted) -> None:
    """Many failures from one address (one NAT), over several accounts, lock only the accounts tried."""
    office = TestClient(trusted.client.app, client=("198.51.100.1", 40000))
    limit = get_settings().login_max_failures
    for n in range(limit * 5):  # 25 failures on five colleagues' accounts, five each
        assert _login(office, f"colleague{n % 5}@example.org", WRONG) == 401
    assert _login(office, "colleague0@example.org", WRONG) == 429  # that pair is locked …
    assert _login(office, "staff@example.org", PASSWORD) == 200  # … no one else behind the address is
    assert _login(office, "supplier@example.org", PASSWORD) == 200


def test_the_api_and_the_login_form_answer_429_with_retry_after(trusted: Trusted) -> None:
    client = TestClient(trusted.client.app, client=("203.0.113.50", 40000))
    for _ in range(get_settings().login_max_failures):
        assert _login(client, "admin@example.org", WRONG) == 401
    api = client.post("/auth/token", data={"username": "admin@example.org", "password": PASSWORD})
    assert api.status_code == 429 and api.headers["content-type"] == "application/problem+json"
    assert 0 < int(api.headers["Retry-After"]) <= get_settings().login_lockout_minutes * 60
    form = {"username": "admin@example.org", "password": PASSWORD, "next": "/ui/"}
    page = client.post("/ui/login", data=form, headers=ui_headers(None), follow_redirects=False)
    assert page.status_code == 429 and page.headers["content-type"].startswith("text/html")
    assert 0 < int(page.headers["Retry-After"]) <= get_settings().login_lockout_minutes * 60
    assert "För många misslyckade försök. Försök igen om 15 minuter." in page.text
    assert "access_token" not in page.headers.get("set-cookie", "")


def test_current_password_checks_go_through_the_login_throttle(trusted: Trusted) -> None:
    """Guessing through ``PATCH /auth/me`` counts as guessing at the login, with the same limit."""
    client = TestClient(trusted.client.app, client=("203.0.113.60", 40000))
    staff = trusted.seeded.headers["staff"]
    body = {"password": "a brand new passphrase", "current_password": WRONG}
    for _ in range(get_settings().login_max_failures):
        wrong = client.patch("/auth/me", json=body, headers=staff)
        assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "current_password"
    right = {**body, "current_password": PASSWORD}
    throttled = client.patch("/auth/me", json=right, headers=staff)
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
    assert _login(client, "staff@example.org", PASSWORD) == 429  # the same counter as the login
    assert client.get("/auth/me", headers=staff).status_code == 200  # nothing changed meanwhile


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


def _checks(log: Path) -> list[str]:
    """The password checks the server made, in order ("ok" or "wrong"), from every worker process."""
    return log.read_text().split() if log.exists() else []


def _process_group(pgid: int) -> int:
    count = 0
    for name in os.listdir("/proc"):
        if name.isdigit():
            with contextlib.suppress(ProcessLookupError):
                count += os.getpgid(int(name)) == pgid
    return count


def test_forty_parallel_guesses_on_two_workers_get_no_more_checks_than_the_limit(
    db_url: str, tmp_path: Path
) -> None:
    """A real server with two uvicorn worker processes: 40 wrong passwords at once on one account from
    one address get at most ``login_max_failures`` password checks (counted by the server itself, in
    test settings), every other answer is 429 with ``Retry-After``, and the owner, on the device they
    logged in from before, logs in during the flood."""
    from tests.service.authz_fixtures import seed
    from tests.service.review_fixtures import point_app_at, reset_app

    email, guesses = "staff@example.org", 40
    log = tmp_path / "password-checks.log"
    mp = pytest.MonkeyPatch()
    try:
        point_app_at(db_url, mp)
        with Session(get_engine(), expire_on_commit=False) as session:
            seed(session)
        env = {"MATCHER_PASSWORD_CHECK_LOG": str(log)}
        server = LiveServer(db_url, env=env, workers=2)
        with server, httpx.Client(base_url=server.base_url, timeout=120) as owner:
            known = owner.post("/auth/token", data={"username": email, "password": PASSWORD})
            assert known.status_code == 200 and device.COOKIE in owner.cookies
            quiet_began = time.monotonic()  # the same login with no flood, for comparison
            quiet = owner.post("/auth/token", data={"username": email, "password": PASSWORD})
            assert quiet.status_code == 200
            quiet_s = time.monotonic() - quiet_began
            before = len(_checks(log))
            start = threading.Barrier(guesses + 1)

            def guess(_: int) -> httpx.Response:
                with httpx.Client(base_url=server.base_url, timeout=120) as http:  # no device cookie
                    start.wait()
                    return http.post("/auth/token", data={"username": email, "password": WRONG})

            with ThreadPoolExecutor(max_workers=guesses + 1) as pool:
                flood = [pool.submit(guess, n) for n in range(guesses)]
                start.wait()
                began = time.monotonic()
                rightful = owner.post("/auth/token", data={"username": email, "password": PASSWORD})
                rightful_s = time.monotonic() - began
                answers = [f.result() for f in flood]
            assert server.process is not None and server.process.pid is not None
            processes = _process_group(server.process.pid)
    finally:
        reset_app()
        mp.undo()
    checks = _checks(log)[before:]
    codes = [a.status_code for a in answers]
    limit = get_settings().login_max_failures
    engine = db_url.split(":")[0]
    print(  # the figures, shown with pytest -rP; the owner's time is reported, bounded only generously
        f"{guesses} parallel guesses, 2 workers ({engine}): wrong-password checks={checks.count('wrong')}"
        f" (limit {limit}), 401={codes.count(401)} 429={codes.count(429)};"
        f" owner on a known device {rightful.status_code} in {rightful_s:.2f}s (no flood: {quiet_s:.2f}s)"
    )
    assert processes >= 3  # the supervisor and two workers
    assert checks.count("wrong") <= limit
    assert codes.count(401) == checks.count("wrong")  # every 401 was a check, and no check went unsaid
    assert set(codes) <= {401, 429}
    assert all(int(a.headers["Retry-After"]) > 0 for a in answers if a.status_code == 429)
    assert rightful.status_code == 200 and checks.count("ok") == 1
    assert rightful_s < 30
