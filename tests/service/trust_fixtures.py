"""Fixtures for the trust tests: the app on each engine (``db_url``), with the authorization world seeded.

``trusted`` is the app with the authorization world of ``authz_fixtures`` (users of every role with the
password ``PASSWORD``), on SQLite and on PostgreSQL.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.service.authz_fixtures import Seeded, seed
from tests.service.review_fixtures import point_app_at, reset_app


@dataclass
class Trusted:
    client: TestClient
    seeded: Seeded
    url: str


@pytest.fixture(name="trusted")
def trusted_fixture(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Trusted]:
    from service.app.main import create_app
    from service.platform.db import get_engine

    point_app_at(db_url, monkeypatch)
    with Session(get_engine(), expire_on_commit=False) as session:
        seeded = seed(session)
    with TestClient(create_app()) as client:
        yield Trusted(client=client, seeded=seeded, url=db_url)
    reset_app()
