"""Every router of the app, registered in one place."""

from fastapi import FastAPI
from sqlalchemy import text

from service.db import get_engine


def register_routes(app: FastAPI) -> None:
    @app.get("/health", tags=["system"])
    def health() -> dict[str, str]:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok"}
