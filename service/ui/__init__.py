"""The web UI: server-rendered pages over the same domain services as the API."""

from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from service.errors import MatcherError
from service.ui.session import LoginRequired

STATIC = Path(__file__).parent / "static"


def install_ui(app: FastAPI) -> None:
    from service.ui import dashboard, pages, workflow

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (pages, dashboard, workflow):
        app.include_router(module.router)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> RedirectResponse:
        return RedirectResponse(f"/ui/login?next={quote(exc.next_path)}", status_code=303)


def ui_error_page(request: Request, exc: MatcherError) -> HTMLResponse:
    from service.ui.rendering import render

    response = render(
        request,
        "error.html",
        title_key="error.generic",
        heading=exc.title,
        message=exc.message,
        status_code=exc.status_code,
    )
    return response
