"""Every router of the app, registered in one place."""

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy import text

from service.audit_log.endpoints import router as audit_router
from service.auth.endpoints import router as auth_router
from service.contracts.endpoints import router as contracts_router
from service.imports.endpoints import router as imports_router
from service.occupations.endpoints import router as occupation_router
from service.occupations.search_endpoints import router as occupation_search_router
from service.occupations.taxonomy_endpoints import router as taxonomy_router
from service.organisations.endpoints import router as organisations_router
from service.platform.db import get_engine
from service.reporting.endpoints import router as reporting_router
from service.reporting.target_group_endpoints import router as target_group_router
from service.reviews.endpoints import router as reviews_router
from service.seekers.duplicate_endpoints import router as seeker_duplicates_router
from service.seekers.endpoints import router as seekers_router
from service.shortlists.endpoints import router as shortlists_router
from service.system.accessibility_reports import router as accessibility_router
from service.system.endpoints import router as system_router
from service.vacancies.endpoints import router as vacancies_router

# Routes anyone may call without credentials; every other route must declare its roles.
PUBLIC_PATHS = frozenset(
    {"/health", "/auth/token", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json", "/favicon.ico"}
)


def register_routes(app: FastAPI) -> None:
    @app.get(
        "/health",
        tags=["system"],
        responses={200: {"content": {"application/json": {"example": {"status": "ok"}}}}},
    )
    def health() -> dict[str, str]:
        """Liveness and database check for load balancers and monitoring: 200 with status ok when the
        database answers; no login needed."""
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok"}

    # The shortlist read is the hottest route: matched first (no other route's path overlaps its paths).
    for router in (
        shortlists_router,
        auth_router,
        organisations_router,
        contracts_router,
        vacancies_router,
        imports_router,
        seekers_router,
        seeker_duplicates_router,
        reviews_router,
        audit_router,
        accessibility_router,
        system_router,
        reporting_router,
        target_group_router,
        taxonomy_router,
        occupation_search_router,
        occupation_router,
    ):
        app.include_router(router)
    document_roles(app)


def declared_roles(dependant: Any) -> frozenset[str] | None:
    """The roles of the first ``require(...)`` dependency found (depth first), or None if there is none."""
    for dep in getattr(dependant, "dependencies", []):
        roles = getattr(dep.call, "allowed_roles", None)
        if roles is not None:
            return frozenset(str(r) for r in roles)
        nested = declared_roles(dep)
        if nested is not None:
            return nested
    return None


def api_routes(routes: Iterable[Any]) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI may keep those as lazy branches)."""
    out: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            out.append(route)
        elif hasattr(route, "original_router"):
            out.extend(api_routes(route.original_router.routes))
    return out


def document_roles(app: FastAPI) -> None:
    """Every API operation's summary and description name who may call it, from the roles it declares."""
    for route in api_routes(app.routes):
        if not route.include_in_schema:
            continue
        # Routers are module objects shared by every app built in a process: derive from the originals.
        plain = route.__dict__.setdefault("plain_doc", (route.summary, route.description))
        roles = declared_roles(route.dependant)
        who = "anyone, no login" if roles is None else ", ".join(sorted(roles))
        summary = plain[0] or route.name.replace("_", " ").capitalize()
        route.summary = f"{summary} ({who})"
        first = (plain[1] or "").strip()
        line = "**Who may call it:** " + (who if roles is not None else "anyone; no login needed")
        route.description = f"{first}\n\n{line}" if first else line
