"""No cold start: the app indexes every actor's pools before it serves, and again as profiles change."""

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from models import JobSeeker
from models.base import pk, utcnow
from service.engine.enrichment import enrich_seeker
from service.engine.pools import get_ranking_engine
from service.engine.warmup import PoolWarmer
from service.platform.config import get_settings
from service.platform.db import get_engine
from tests.service.review_fixtures import World, make_client, sqlite_url_fixture, world_fixture

__all__ = ["sqlite_url_fixture", "world_fixture"]


@pytest.fixture
def warm_settings(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("MATCHER_WARMUP", "true")
    monkeypatch.setenv("MATCHER_WARMUP_INTERVAL_S", "0.2")
    get_settings.cache_clear()
    return world


def _wait_for(condition: object, what: str) -> None:
    """Wait for the background thread (an event, not a speed: the deadline only stops a hung test)."""
    deadline = time.monotonic() + 300
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def test_pools_are_ready_before_the_first_request_and_kept_current(warm_settings: World) -> None:
    world = warm_settings
    ranking = get_ranking_engine()
    before = ranking.builds  # the engine is the process's: earlier tests may have built pools
    with make_client() as client:
        # Start-up is over (the lifespan waited for the first pass); no request has been served yet.
        warmer = client.app.state.pool_warmer  # type: ignore[attr-defined]
        assert isinstance(warmer, PoolWarmer) and warmer.ready.is_set()
        built = ranking.builds
        assert (
            built - before == 3
        )  # both actors' seeker pools, and the open vacancies of the one with a contract
        url = f"/vacancies/{world.vacancy.id}/shortlist"
        first = client.post(url, headers=world.headers["staff"])
        assert first.status_code == 201, first.text
        assert ranking.builds == built  # the first shortlist indexed nothing: the pool was warm

        with Session(get_engine()) as session:
            cook = session.get(JobSeeker, world.sid("cook"))
            assert cook is not None
            cook.profile_text = "Lokalvårdare och städare på sjukhus i Malmö, tidigare kock."
            enrich_seeker(cook)
            cook.updated_at = utcnow()  # as the seeker service does on every change
            session.add(cook)
            session.commit()
        _wait_for(lambda: ranking.builds == built + 1, "the warmer to index the changed pool")
        again = client.post(url, headers=world.headers["staff"])
        assert again.status_code == 201 and not again.json()["cached"]
        assert ranking.builds == built + 1  # the changed profile was indexed before it was asked for


def test_a_current_pool_is_served_while_another_pool_is_being_built(warm_settings: World) -> None:
    import threading

    world = warm_settings
    ranking = get_ranking_engine()
    with Session(get_engine()) as session:
        built = ranking.seekers(session, pk(world.actor))
    served: list[object] = []

    def look_up() -> None:
        with Session(get_engine()) as session:
            served.append(ranking.seekers(session, pk(world.actor)))

    # Another pool's build holds the build lock (the warmer indexing a large actor, say).
    with ranking._build_lock:
        reader = threading.Thread(target=look_up)
        reader.start()
        reader.join(timeout=120)  # a deadlock guard, not a speed: the look-up must not need the lock
        assert not reader.is_alive()
    assert served == [built]


def test_the_api_schema_is_built_with_the_pools_before_serving(warm_settings: World) -> None:
    # Made on the first request instead, it holds the event loop (every other request) for a second.
    with make_client() as client:
        app: Any = client.app
        assert app.openapi_schema is not None
        assert client.get("/openapi.json").json() == app.openapi_schema
    from service.app.main import create_app
    from service.platform.config import Settings

    production = create_app(Settings(env="production", secret_key="p" * 40, warmup=True))
    with TestClient(production):
        assert production.openapi_schema is None  # no docs, no schema to build
