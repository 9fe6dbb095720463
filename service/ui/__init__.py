"""The web UI: server-rendered pages over the same domain services as the API."""

from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from service.ui.csrf import csrf_field, csrf_protect
from service.ui.rendering import templates
from service.ui.session import LoginRequired, PasswordChangeFirst

STATIC = Path(__file__).parent / "static"


def install_ui(app: FastAPI) -> None:
    from service.ui import (
        account,
        admin,
        admin_keys,
        auditor,
        dashboard,
        officer,
        pages,
        reports,
        supplier,
        upload,
        workflow,
    )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def _favicon() -> FileResponse:
        # Browsers ask for it on every site whether a page names it or not.
        return FileResponse(
            STATIC / "favicon.ico", media_type="image/x-icon", headers={"Cache-Control": "max-age=86400"}
        )

    templates.env.globals["csrf_field"] = csrf_field
    modules = (
        pages,
        account,
        dashboard,
        workflow,
        auditor,
        admin,
        admin_keys,
        officer,
        reports,
        supplier,
        upload,
    )
    for module in modules:
        # Every UI route, present and future: unsafe methods need the same origin and a CSRF token.
        app.include_router(module.router, dependencies=[Depends(csrf_protect)])

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        if request.method == "POST":  # a form sent after the session expired: keep what it carried
            from service.ui.resume import login_after_post

            return await login_after_post(request)
        return RedirectResponse(f"/ui/login?next={quote(exc.next_path)}", status_code=303)

    @app.exception_handler(PasswordChangeFirst)
    async def _password_first(request: Request, exc: PasswordChangeFirst) -> Response:
        # A temporary password: every page waits until the user has chosen their own (then returns to
        # the page asked for; never to a POST-only address).
        back = exc.next_path if request.method == "GET" else "/ui/"
        return RedirectResponse(f"{account.PASSWORD_PAGE}?next={quote(back)}", status_code=303)
