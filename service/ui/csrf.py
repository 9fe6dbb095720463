"""Cross-site request forgery protection for every form of the web UI, the login form included.

Two checks on every UI request that changes something (POST, PUT, PATCH, DELETE):

1. Origin: a browser names the page a form was posted from (``Origin``, else ``Referer``); it must be this
   very host and port. SameSite cookies alone do not stop another port of the same host (same *site*).
2. Token: the form carries ``csrf_token`` (or the header ``X-CSRF-Token``), an HMAC of a random per-browser
   seed (the HttpOnly cookie ``csrf``) and of the login session id (``sid`` in the access token). Another
   origin can neither read it nor compute it, and a token taken from one's own session fails in another's.

Templates emit the field with ``{{ csrf_field() }}`` inside each ``<form method="post">``; the check is one
dependency (``csrf_protect``) that ``install_ui`` adds to every UI router.
"""

import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import urlsplit

import jwt
from fastapi import Request
from jinja2 import pass_context
from markupsafe import Markup, escape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.auth.clients import request_hosts
from service.auth.tokens import ALGORITHM
from service.platform.config import Settings
from service.platform.errors import Forbidden
from service.ui.session import LoginRequired

COOKIE = "csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def session_id(settings: Settings, access_token: str | None) -> str:
    """The ``sid`` of a valid access token; "" for anonymous visitors (the login form)."""
    if not access_token:
        return ""
    try:
        # An expired session still names its sid: a form posted just after expiry passes this check and
        # reaches the login-required handler, which keeps the unsaved decision (service.ui.resume).
        claims = jwt.decode(
            access_token, settings.secret_key, algorithms=[ALGORITHM], options={"verify_exp": False}
        )
    except jwt.PyJWTError:
        return ""
    return str(claims.get("sid", ""))


def token_for(settings: Settings, seed: str, sid: str) -> str:
    message = f"csrf|{seed}|{sid}".encode()
    return hmac.new(settings.secret_key.encode(), message, hashlib.sha256).hexdigest()


def _seed(request: Request) -> str:
    # A seed made for this very response (first visit) wins over none at all.
    return str(getattr(request.state, "csrf_seed", "") or request.cookies.get(COOKIE, ""))


def csrf_token(request: Request) -> str:
    settings: Settings = request.app.state.settings
    return token_for(settings, _seed(request), session_id(settings, request.cookies.get("access_token")))


@pass_context
def csrf_field(context: Any) -> Markup:
    """The hidden form field; a Jinja global, so ``{{ csrf_field() }}`` works in every template."""
    token = csrf_token(context["request"])
    return Markup(f'<input type="hidden" name="{FIELD}" value="{escape(token)}">')


def _same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another origin (scheme, host or port)."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    if claimed is None:
        return True  # not a browser form post (the token still has to match)
    if claimed == "null":
        return False
    return urlsplit(claimed).netloc.lower() in request_hosts(request, request.app.state.settings)


async def csrf_protect(request: Request) -> None:
    """The dependency on every UI route: unsafe methods need the same origin and a valid token.

    Refused: a logged-in user gets a 403 page; an anonymous visitor (a forged login, say) is sent to the
    login page, as for any page that needs a login. Nothing is changed either way.
    """
    if request.method not in UNSAFE:
        return
    if _same_origin(request):
        sent = request.headers.get(HEADER)
        if sent is None:
            form = await request.form()
            value = form.get(FIELD)
            sent = value if isinstance(value, str) else ""
        if request.cookies.get(COOKIE) and hmac.compare_digest(sent, csrf_token(request)):
            return
    await request.close()  # a refused upload's spooled file is closed now, not left to the collector
    settings: Settings = request.app.state.settings
    if not session_id(settings, request.cookies.get("access_token")):
        raise LoginRequired("/ui/")
    raise Forbidden("the form has expired or was sent from another site; reload the page and try again")


class CsrfSeedMiddleware:
    """Gives every browser that visits a UI page a random ``csrf`` seed cookie (HttpOnly, SameSite=Strict)."""

    def __init__(self, app: ASGIApp, *, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if not (path == "/" or path.startswith("/ui")) or _has_seed(scope):
            await self.app(scope, receive, send)
            return
        seed = secrets.token_urlsafe(24)
        scope.setdefault("state", {})["csrf_seed"] = seed
        cookie = f"{COOKIE}={seed}; Path=/; HttpOnly; SameSite=Strict" + ("; Secure" if self.secure else "")

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"set-cookie", cookie.encode("latin-1"))]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _has_seed(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"cookie" and f"{COOKIE}=".encode() in value:
            return True
    return False
