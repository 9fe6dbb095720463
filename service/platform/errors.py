"""The error hierarchy, mapped to RFC 9457 problem details in one place (``service.app.main``)."""

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

PROBLEM = "application/problem+json"


class MatcherError(Exception):
    """Base of every error the service reports to a client."""

    status_code = 400
    title = "Bad request"

    def __init__(self, message: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class BadInput(MatcherError):
    """The input is well-formed but not acceptable (bad file line, unknown reference)."""

    status_code = 422
    title = "Unprocessable input"


class NotAuthenticated(MatcherError):
    """No valid credentials were presented."""

    status_code = 401
    title = "Not authenticated"


class Forbidden(MatcherError):
    """The caller is known but may not do this."""

    status_code = 403
    title = "Forbidden"


class NotFound(MatcherError):
    """No such object, or not one the caller may know of."""

    status_code = 404
    title = "Not found"


class Conflict(MatcherError):
    """The action conflicts with the current state (a concurrent decision, dependent rows)."""

    status_code = 409
    title = "Conflict"


class PayloadTooLarge(MatcherError):
    """The request body is over the configured limit."""

    status_code = 413
    title = "Payload too large"


class TooManyRequests(MatcherError):
    """Throttled (repeated failed logins); ``retry_after`` seconds, when known, go out as ``Retry-After``."""

    status_code = 429
    title = "Too many requests"
    retry_after: int | None = None


class Unavailable(MatcherError):
    """The engine is switched off (manual mode) or not ready."""

    status_code = 503
    title = "Service unavailable"


class Problem(BaseModel):
    """The body of every error response (RFC 9457 problem details); documented once for the OpenAPI schema."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str
    errors: list[dict[str, str]] | None = None  # {"field": ..., "message": ...}; no $defs, as it is inlined


def problem(status: int, title: str, detail: str, request: Request, **extra: Any) -> JSONResponse:
    """An RFC 9457 problem-details response for ``request``."""
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def problem_response(status: int, title: str, detail: str, instance: str) -> dict[int | str, dict[str, Any]]:
    """A ``responses=`` entry for the API documentation: this error, as problem details, with an example."""
    example = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    schema = Problem.model_json_schema()
    return {status: {"description": title, "content": {PROBLEM: {"schema": schema, "example": example}}}}
