"""create_app(): routers, the one error handler, limits, and the health check."""

import logging
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.app.audit_routes import audit_request
from service.app.lifespan import lifespan
from service.platform.config import Settings, get_settings
from service.platform.errors import PROBLEM, MatcherError, Problem, TooManyRequests, problem
from service.ui.error_pages import is_ui_path, ui_error_response

log = logging.getLogger("service")
# Every operation documents its errors as problem details, instead of FastAPI's default 422 body.
_PROBLEM_SCHEMA = {"content": {PROBLEM: {"schema": Problem.model_json_schema()}}}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"description": "client error (problem details)", **_PROBLEM_SCHEMA},
    "5XX": {"description": "server error or engine in manual mode (problem details)", **_PROBLEM_SCHEMA},
}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MatcherError)
    async def _matcher_error(request: Request, exc: MatcherError) -> Response:
        wait = exc.retry_after if isinstance(exc, TooManyRequests) else None
        headers = {"Retry-After": str(wait)} if wait is not None else {}
        if is_ui_path(request.url.path):
            return ui_error_response(request, exc.status_code, exc, headers=headers)
        extra = {"errors": exc.errors} if exc.errors else {}
        response = problem(exc.status_code, exc.title, exc.message, request, **extra)
        response.headers.update(headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if is_ui_path(request.url.path):
            return ui_error_response(request, 422)
        errors = [
            {"field": ".".join(str(p) for p in e["loc"] if p != "body"), "message": e["msg"]}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"field": "", "message": "invalid request"}
        detail = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        return problem(422, "Invalid request", detail, request, errors=errors)

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def _out_of_range(request: Request, exc: Exception) -> Response:
        # An id beyond what the database stores cannot name an existing object.
        if is_ui_path(request.url.path):
            return ui_error_response(request, 404)
        return problem(404, "Not found", "No such object.", request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if is_ui_path(request.url.path):
            return ui_error_response(request, exc.status_code, headers=exc.headers)
        return problem(exc.status_code, str(exc.detail), str(exc.detail), request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # Never leak a stack trace or SQL to the client; the log has it.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        if is_ui_path(request.url.path):
            return ui_error_response(request, 500)
        return problem(500, "Internal server error", "An unexpected error occurred.", request)


def _install_limits(app: FastAPI, settings: Settings) -> None:
    from service.platform.middleware import BodyLimitMiddleware, SecurityHeadersMiddleware
    from service.shortlists.fast_read import ShortlistReadFastPath
    from service.ui.csrf import CsrfSeedMiddleware

    # Added last = outermost: security headers wrap everything, the body limit wraps the app.
    app.add_middleware(ShortlistReadFastPath)  # stored shortlist pages, answered before routing
    app.add_middleware(CsrfSeedMiddleware, secure=settings.env == "production")
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Sysselsättningskrav matcher",
        version="0.1.0",
        description="Matching job seekers and placements under employment requirements in procurement.",
        responses=ERROR_RESPONSES,
        lifespan=lifespan,
        # Every route that writes or reads personal data is audited here, in one place.
        dependencies=[Depends(audit_request, scope="function")],
        # The schema maps every route and role: served with the docs only (off by default in production).
        openapi_url="/openapi.json" if settings.show_docs else None,
        docs_url=None,  # Swagger UI 5 from an installed package instead of a CDN (service.app.api_docs)
        redoc_url=None,
    )
    app.state.settings = settings
    _install_error_handlers(app)
    _install_limits(app, settings)
    if settings.show_docs:
        from service.app.api_docs import install_docs

        install_docs(app)

    from service.app.routes import register_routes

    register_routes(app)
    from service.app.openapi_examples import keep_example_nulls

    keep_example_nulls(app)
    from service.ui import install_ui

    install_ui(app)
    return app
