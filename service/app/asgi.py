"""ASGI entry point for uvicorn: ``uvicorn service.app.asgi:app``."""

from service.app.main import create_app

app = create_app()
