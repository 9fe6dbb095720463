"""Property-based API testing with schemathesis over the app's own OpenAPI schema.

For every operation, generated requests (about 10 per operation) as an admin and as staff must never
answer 5xx, and every response, errors included (problem+json, documented once in ``service.app.main``),
must conform to the documented status codes, content types and schemas.
"""

from collections.abc import Callable

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.service.authz_fixtures import Seeded, client_fixture, seeded_fixture, sqlite_url_fixture  # noqa: F401

EXAMPLES_PER_OPERATION = 10


def _fuzz(client: TestClient, headers: dict[str, str]) -> list[str]:
    """Run every operation; return the failures (operation, status, first lines of the message)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) > 40
    # Logging out ends the caller's sessions: fuzz it last, so it does not turn the rest into 401s.
    operations.sort(key=lambda op: op.path == "/auth/logout")

    for operation in operations:

        def run(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            checks: list[Callable[..., object]] = [
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ]
            case.validate_response(response, checks=checks, headers=headers)  # type: ignore[arg-type]

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def fuzz(case: schemathesis.Case) -> None:
            run(case)

        try:
            fuzz()
        except Exception as exc:  # collect every operation's failure, not only the first
            message = str(exc).strip().splitlines()
            failures.append(f"{operation.label}: {' | '.join(message[:6])}")
    return failures


@pytest.mark.parametrize("role", ["admin", "staff", "supplier", "procurement_officer", "auditor", "batch"])
def test_no_server_errors_and_documented_responses(client: TestClient, seeded: Seeded, role: str) -> None:
    failures = _fuzz(client, seeded.headers[role])
    assert failures == [], "\n".join(failures)
