"""Error pages for the web UI: HTML in the user's language, never JSON, never an enum or a stack trace.

``service.app.main`` routes every error on a ``/ui/`` path here; the API keeps answering problem+json.
"""

from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from service.platform.errors import MatcherError
from service.platform.principal import Principal
from service.ui.i18n import language, translate

# Statuses with a page of their own; anything else falls back to the nearest class (4xx or 5xx).
KNOWN = frozenset({400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503})
# Only these errors carry a message worth showing (which record conflicts, which value is bad); it is
# written for developers in English, so it sits in a collapsed "technical details" block.
DETAILED = frozenset({409, 422})


def is_ui_path(path: str) -> bool:
    return path == "/ui" or path.startswith("/ui/")


def _principal(request: Request) -> tuple[Principal | None, Session | None]:
    """The logged-in user, if any, so the page keeps its menu; never fails (the error may be the DB's)."""
    from service.platform.db import get_engine
    from service.ui.session import optional_principal

    session = Session(get_engine())
    try:
        return optional_principal(request, session, request.app.state.settings), session
    except Exception:  # an error page must render whatever else is broken
        session.close()
        return None, None


def ui_error_response(
    request: Request, status: int, exc: Exception | None = None, headers: Mapping[str, str] | None = None
) -> HTMLResponse:
    """The error page for ``status``, in the language of the request's cookie."""
    from service.ui.rendering import render

    lang = language(request)
    key = status if status in KNOWN else (500 if status >= 500 else 400)
    principal, session = (None, None) if status >= 500 else _principal(request)
    try:
        message = translate(f"err.{key}.text", lang)
        # A page refused for the role (GET) names the role; a refused form (POST) may be a stale token.
        if key == 403 and principal is not None and request.method == "GET":
            role = translate(f"role.{principal.role}", lang)
            message = translate("err.403.role", lang).format(role=role)
        detail = exc.message if isinstance(exc, MatcherError) and key in DETAILED else ""
        response = render(
            request,
            "error.html",
            title_key=f"err.{key}.title",
            principal=principal,
            session=session,
            heading=translate(f"err.{key}.title", lang),
            message=message,
            detail=detail,
            status=status,
            status_code=status,
        )
    finally:
        if session is not None:
            session.close()
    for name, value in (headers or {}).items():
        response.headers[name] = value  # e.g. Allow on 405
    return response
