"""The web UI: server-rendered pages over the same domain services as the API."""

from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from service.ui.csrf import csrf_field, csrf_protect
from service.ui.rendering import templates
from service.ui.session import LoginRequired

STATIC = Path(__file__).parent / "static"


def install_ui(app: FastAPI) -> None:
    from service.ui import admin, admin_keys, auditor, dashboard, officer, pages, reports, supplier, workflow

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    templates.env.globals["csrf_field"] = csrf_field
    for module in (pages, dashboard, workflow, auditor, admin, admin_keys, officer, reports, supplier):
        # Every UI route, present and future: unsafe methods need the same origin and a CSRF token.
        app.include_router(module.router, dependencies=[Depends(csrf_protect)])

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        if request.method == "POST":  # a form sent after the session expired: keep what it carried
            from service.ui.resume import login_after_post

            return await login_after_post(request)
        return RedirectResponse(f"/ui/login?next={quote(exc.next_path)}", status_code=303)
