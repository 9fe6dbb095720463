"""A live server on a small seeded SQLite database, and headless Debian Chromium driven by Playwright."""

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tests.conftest import unavailable

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = REPO / "test-output" / "screenshots"
CHROMIUM = os.environ.get("MATCHER_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "demo-password-1"
STAFF = "anna.staff@ame.example"
SUPPLIER = "mirela.supplier@glansholmen.example"
OFFICER = "karin.officer@sundstad.example"
ACTOR = "ame-sundstad"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def small_fixture_db(url: str) -> None:
    """Organisations, contracts, vacancies, 60 seekers of one matching actor, and the demo users."""
    from sqlmodel import Session

    from service.app.seed import load_history
    from service.imports.service import import_records, parse_lines
    from service.platform.db import make_engine
    from service.platform.migrate import upgrade

    fixtures = REPO / "data" / "fixtures"
    lines = []
    for name in ("organisations.jsonl", "contracts.jsonl", "vacancies.jsonl"):
        lines += (fixtures / name).read_text(encoding="utf-8").splitlines()
    seekers = [
        s
        for s in (fixtures / "seekers.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(s)["matching_actor_ref"] == ACTOR
    ]
    lines += seekers[:60]
    users = [
        u
        for u in (fixtures / "history.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(u)["type"] == "user"
    ]
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        import_records(session, parse_lines(lines))
        history = Path(url.removeprefix("sqlite:///")).with_suffix(".users.jsonl")
        history.write_text("\n".join(users), encoding="utf-8")
        load_history(session, history)
        session.commit()
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# Each test module imports these session fixtures, which makes pytest keep one instance per module; a second
# Playwright or server in the same process breaks the first (sync API, global settings), so they share one.
_SHARED: dict[str, Any] = {}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from service.platform.config import get_settings
    from service.platform.db import get_engine

    if "server" in _SHARED:
        yield str(_SHARED["server"])
        return

    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium not found at {CHROMIUM} (Debian package chromium; bash .ci/run installs it)")
    if not AXE.exists():
        unavailable(f"axe-core not found at {AXE} (npm install; make test runs it)")
    url = f"sqlite:///{tmp_path_factory.mktemp('ui') / 'ui.db'}"
    small_fixture_db(url)
    saved = os.environ.get("MATCHER_DATABASE_URL")
    os.environ["MATCHER_DATABASE_URL"] = url
    get_settings.cache_clear()
    get_engine.cache_clear()
    from service.app.main import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    _SHARED["server"] = f"http://127.0.0.1:{port}"
    yield _SHARED["server"]
    _SHARED.pop("server", None)
    server.should_exit = True
    thread.join(timeout=10)
    if saved is None:
        os.environ.pop("MATCHER_DATABASE_URL", None)
    else:
        os.environ["MATCHER_DATABASE_URL"] = saved
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        unavailable(f"Chromium not found at {CHROMIUM}")
    if shutil.which("node") is None and not (REPO / ".venv").exists():
        unavailable("Playwright needs its driver")
    if "browser" in _SHARED:
        yield _SHARED["browser"]
        return
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        _SHARED["browser"] = b
        yield b
        _SHARED.pop("browser", None)
        b.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    # Evaluated through the DevTools protocol, which the pages' CSP (no inline scripts) does not govern.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def screenshot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def login(page: Any, base: str, email: str) -> None:
    page.goto(f"{base}/ui/login")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base}/ui/")


def logout(page: Any) -> None:
    page.get_by_role("button", name="Logga ut").click()


def assert_fits(page: Any, what: str) -> None:
    """The page as a user sees it now: no horizontal overflow, axe-core clean; a screenshot for review."""
    over = int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))
    assert over <= 0, f"{what}: {over} px too wide"
    violations = axe_violations(page)
    assert violations == [], f"{what}: {violations}"
    screenshot(page, what)
