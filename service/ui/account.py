"""One's own account in the web UI: changing one's password, which a temporary password requires first.

Any logged-in user may open the page; a user whose password an admin chose is sent here by every other
page (``service.ui.session.ui_require``) until they have chosen their own. The current password is
checked through the same throttle as a login (429 with ``Retry-After`` when over the limit).
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from models.enums import Role
from service.auth import device
from service.auth.clients import client_address
from service.auth.deps import SessionDep, SettingsDep
from service.auth.first_login import must_change_password
from service.auth.gate import LoginBusy
from service.auth.service import MeUpdate, current_user, issue_token, update_me
from service.platform.errors import BadInput, TooManyRequests
from service.platform.principal import Principal
from service.ui.i18n import language, translate
from service.ui.rendering import render
from service.ui.session import LoginRequired, local_path, optional_principal, set_session_cookie

PASSWORD_PAGE = "/ui/account/password"
MIN_LENGTH, MAX_LENGTH = 12, 128
router = APIRouter(include_in_schema=False)


def account_holder(
    request: Request, principal: Annotated[Principal | None, Depends(optional_principal)]
) -> Principal:
    """Any logged-in user, a temporary password included (this page is where it gets changed)."""
    if principal is None or principal.user_id is None:
        raise LoginRequired(request.url.path)
    request.state.principal = principal  # who the request's audit event names (service.app.audit_routes)
    return principal


account_holder.allowed_roles = frozenset(r.value for r in Role)  # type: ignore[attr-defined]
Holder = Annotated[Principal, Depends(account_holder)]


def _page(
    request: Request,
    session: Session,
    principal: Principal,
    next_path: str,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "account_password.html",
        title_key="account.password.title",
        principal=principal,
        session=session,
        active="password",
        temporary=must_change_password(session, principal),
        next=local_path(next_path),
        errors=errors or {},
        status_code=status_code,
    )


def throttled_text(exc: TooManyRequests, lang: str) -> str:
    """What a refused password attempt tells the user: how long to wait, in plain words."""
    if isinstance(exc, LoginBusy):
        return translate("login.busy", lang)
    minutes = max(1, ((exc.retry_after or 1) + 59) // 60)
    if minutes == 1:
        return translate("login.throttled.minute", lang)
    return translate("login.throttled.wait", lang).format(minutes=minutes)


@router.get(PASSWORD_PAGE, response_class=HTMLResponse)
def password_page(
    request: Request, session: SessionDep, principal: Holder, next: str = "/ui/"
) -> HTMLResponse:
    return _page(request, session, principal, next)


def _form_errors(new: str, repeat: str, lang: str) -> dict[str, str]:
    if len(new) < MIN_LENGTH:
        return {"new_password": translate("account.password.err.short", lang)}
    if len(new) > MAX_LENGTH:
        return {"new_password": translate("account.password.err.long", lang)}
    if new != repeat:
        return {"new_password_repeat": translate("account.password.err.repeat", lang)}
    return {}


@router.post(PASSWORD_PAGE, response_model=None)
def change_password(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: Holder,
    current_password: Annotated[str, Form(max_length=256)] = "",
    new_password: Annotated[str, Form(max_length=256)] = "",
    new_password_repeat: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=500)] = "/ui/",
) -> Response:
    lang = language(request)
    errors = _form_errors(new_password, new_password_repeat, lang)
    if errors:
        return _page(request, session, principal, next, errors, 422)
    change = MeUpdate(password=new_password, current_password=current_password)
    client = client_address(request, settings)
    try:
        update_me(
            session, settings, principal, change, client=client, device=request.cookies.get(device.COOKIE)
        )
    except TooManyRequests as exc:
        message = throttled_text(exc, lang)
        page = _page(request, session, principal, next, {"current_password": message}, 429)
        page.headers["Retry-After"] = str(exc.retry_after or 1)
        return page
    except BadInput as exc:
        same = any(e.get("field") == "password" for e in exc.errors)
        if same:
            errors = {"new_password": translate("account.password.err.same", lang)}
        else:
            errors = {"current_password": translate("account.password.err.current", lang)}
        return _page(request, session, principal, next, errors, 422)
    user = current_user(session, principal)
    assert user is not None  # account_holder admits users only
    # The change ended every session of the user; this browser carries on with a new one.
    target = local_path(next)
    response = RedirectResponse(
        "/ui/?msg=account.password.changed" if target == "/ui/" else target, status_code=303
    )
    set_session_cookie(response, settings, issue_token(settings, user))
    return response
