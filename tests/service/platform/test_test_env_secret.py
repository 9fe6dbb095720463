"""``MATCHER_ENV=test`` outside the test suite refuses the public development secret, as production does;
a server with a secret of its own refuses tokens signed with the public one."""

from collections.abc import Iterator

import jwt
import pytest
from fastapi.testclient import TestClient

from service.app.main import create_app
from service.platform.config import DEV_SECRET, PYTEST_FLAG, Settings
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401


@pytest.fixture(name="outside_the_suite")
def outside_the_suite_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(PYTEST_FLAG, raising=False)
    monkeypatch.delenv("MATCHER_SECRET_KEY", raising=False)
    yield


@pytest.mark.usefixtures("outside_the_suite")
def test_the_test_environment_refuses_the_public_secret_outside_the_suite(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ValueError, match="MATCHER_SECRET_KEY"):
        Settings(env="test")
    monkeypatch.setenv("MATCHER_ENV", "test")
    with pytest.raises(ValueError, match="MATCHER_SECRET_KEY"):
        Settings(_env_file=None)  # type: ignore[call-arg]
    assert Settings(env="test", secret_key="t" * 40).secret_key == "t" * 40
    # The suite itself says so explicitly (tests/conftest.py), and only then is the known value used.
    monkeypatch.setenv(PYTEST_FLAG, "1")
    assert Settings(env="test").secret_key == DEV_SECRET


def test_a_token_signed_with_the_public_secret_is_refused_by_a_test_server_with_its_own(
    trusted: Trusted,
) -> None:
    """On SQLite and PostgreSQL: a staff token signed with the public secret is 401 there; the same
    claims signed with the server's own key are 200."""
    own = Settings(env="test", secret_key="own-test-secret-" + "x" * 32)
    staff = trusted.seeded.headers["staff"]["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(staff, DEV_SECRET, algorithms=["HS256"])  # what the suite signed, with DEV_SECRET
    with TestClient(create_app(own)) as client:
        forged = client.get("/auth/me", headers={"Authorization": f"Bearer {staff}"})
        assert forged.status_code == 401
        resigned = jwt.encode(claims, own.secret_key, algorithm="HS256")
        assert client.get("/auth/me", headers={"Authorization": f"Bearer {resigned}"}).status_code == 200
