"""Every router of the app, registered in one place."""

from fastapi import FastAPI
from sqlalchemy import text

from service.accessibility_reports import router as accessibility_router
from service.audit_log.endpoints import router as audit_router
from service.auth.endpoints import router as auth_router
from service.contracts.endpoints import router as contracts_router
from service.db import get_engine
from service.imports.endpoints import router as imports_router
from service.occupation_api import router as occupation_router
from service.organisations.endpoints import router as organisations_router
from service.reporting.endpoints import router as reporting_router
from service.reviews.endpoints import router as reviews_router
from service.seekers.endpoints import router as seekers_router
from service.shortlists.endpoints import router as shortlists_router
from service.system.endpoints import router as system_router
from service.taxonomy_api import router as taxonomy_router
from service.vacancies.endpoints import router as vacancies_router

# Routes anyone may call without credentials; every other route must declare its roles.
PUBLIC_PATHS = frozenset(
    {"/health", "/auth/token", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"}
)


def register_routes(app: FastAPI) -> None:
    @app.get("/health", tags=["system"])
    def health() -> dict[str, str]:
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
        reviews_router,
        audit_router,
        accessibility_router,
        system_router,
        reporting_router,
        taxonomy_router,
        occupation_router,
    ):
        app.include_router(router)
