"""Public pages and the login flow of the web UI."""

from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from models import AccessibilityReport
from models.base import utcnow
from service.auth import device
from service.auth.clients import client_address
from service.auth.deps import SessionDep, SettingsDep
from service.auth.first_login import must_change_password
from service.auth.sessions import end_sessions, principal_from_token
from service.platform import ratelimit
from service.platform.errors import NotAuthenticated, TooManyRequests
from service.platform.principal import Principal
from service.platform.ratelimit import network_of, rate_key
from service.ui.account import PASSWORD_PAGE, throttled_text
from service.ui.i18n import LANGUAGES, language, translate
from service.ui.rendering import render
from service.ui.session import COOKIE, local_path, optional_principal, set_session_cookie, user_of

router = APIRouter(include_in_schema=False)
OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]


@router.get("/", response_class=RedirectResponse)
def root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=303)


@router.get("/ui/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/ui/") -> HTMLResponse:
    return render(request, "login.html", title_key="login.title", next=local_path(next), error=None, email="")


@router.post("/ui/login", response_model=None)
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=500)] = "/ui/",
    resume: Annotated[str, Form(max_length=8000)] = "",
) -> Response:
    from service.auth.service import login as authenticate
    from service.ui.resume import replay_after_login

    lang = language(request)
    client = client_address(request, settings)
    wait: int | None = None
    try:
        token = authenticate(
            session, settings, username, password, client, device=request.cookies.get(device.COOKIE)
        )
    except TooManyRequests as exc:
        wait, status, error = exc.retry_after or 1, 429, throttled_text(exc, lang)
    except NotAuthenticated:
        error, status = translate("login.failed", lang), 401
    else:
        principal = principal_from_token(session, settings, token)
        if must_change_password(session, principal):
            # A temporary password: the user's own comes first (a kept decision is dropped with it).
            target: str | None = f"{PASSWORD_PAGE}?next={quote(local_path(next))}"
        else:
            # A decision the expired session could not save is saved now, through the same checks.
            target = replay_after_login(session, principal, resume, lang) if resume else None
        response = RedirectResponse(target or local_path(next), status_code=303)
        set_session_cookie(response, settings, token)
        device.remember(response, settings, username)  # this device may log in while others guess
        return response
    page = render(
        request,
        "login.html",
        title_key="login.title",
        next=local_path(next),
        error=error,
        email=username,
        resume=resume,
        status_code=status,
    )
    if wait is not None:
        page.headers["Retry-After"] = str(wait)
    return page


@router.post("/ui/logout")
def logout(session: SessionDep, principal: OptionalPrincipal) -> RedirectResponse:
    if principal is not None and (user := user_of(session, principal)) is not None:
        end_sessions(session, user)  # the token dies now, not when it expires
    response = RedirectResponse("/ui/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.post("/ui/language")
def switch_language(
    lang: Annotated[str, Form(max_length=2)] = "sv", next: Annotated[str, Form(max_length=500)] = "/ui/"
) -> RedirectResponse:
    response = RedirectResponse(local_path(next), status_code=303)
    response.set_cookie("lang", lang if lang in LANGUAGES else "sv", samesite="strict", max_age=365 * 86400)
    return response


def _accessibility_page(
    request: Request, session: Session, principal: Principal | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    return render(
        request,
        "accessibility.html",
        title_key="a11y.title",
        principal=principal,
        session=session,
        status_code=status_code,
        **context,
    )


@router.get("/ui/accessibility", response_class=HTMLResponse)
def accessibility(request: Request, session: SessionDep, principal: OptionalPrincipal) -> HTMLResponse:
    return _accessibility_page(request, session, principal)


@router.post("/ui/accessibility", response_class=HTMLResponse)
def report_accessibility_problem(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: OptionalPrincipal,
    message: Annotated[str, Form(max_length=4000)] = "",
    contact: Annotated[str, Form(max_length=254)] = "",
) -> HTMLResponse:
    if not message.strip():
        error = translate("a11y.report.empty", language(request))
        return _accessibility_page(request, session, principal, 422, error=error)
    # Anyone may send one: counted per client address and network (never in all: a few addresses would
    # silence everyone), and stored in a table of its own, so a flood neither grows the append-only
    # audit trail nor slows it down.
    now = utcnow()
    address = client_address(request, settings)
    keys = {
        rate_key("a11y-ip", address): settings.a11y_reports_per_client_hour,
        rate_key("a11y-net", network_of(address)): settings.a11y_reports_per_network_hour,
    }
    if not ratelimit.within_limits(session, keys, timedelta(hours=1), now):
        error = translate("a11y.report.throttled", language(request))
        return _accessibility_page(request, session, principal, 429, error=error)
    ratelimit.purge(session, "a11y", now - timedelta(hours=1))
    ratelimit.count(session, list(keys), now)
    session.add(
        AccessibilityReport(
            message=message, contact=contact, sender_role=principal.role if principal else "anonymous"
        )
    )
    return _accessibility_page(request, session, principal, thanks=True)
