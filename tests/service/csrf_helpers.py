"""Form posts to the web UI in TestClient tests: the CSRF seed cookie and token a browser would send.

``ui_headers(token)`` → headers with the session cookie (if any), a CSRF seed cookie and the matching
``X-CSRF-Token``, as a page of this app would have given the browser.
"""

from service.platform.config import Settings, get_settings
from service.ui.csrf import COOKIE, session_id, token_for

SEED = "test-seed-0123456789"


def ui_headers(
    access_token: str | None = None, *, settings: Settings | None = None, **cookies: str
) -> dict[str, str]:
    settings = settings or get_settings()
    jar = {COOKIE: SEED, **cookies}
    if access_token:
        jar["access_token"] = access_token
    token = token_for(settings, SEED, session_id(settings, access_token))
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()), "X-CSRF-Token": token}


def with_csrf(headers: dict[str, str], *, settings: Settings | None = None) -> dict[str, str]:
    """``headers`` (a ``Cookie: access_token=…`` header, or API-style ``Authorization``) for a UI post."""
    cookie = headers.get("Cookie", "")
    parts = dict(p.strip().split("=", 1) for p in cookie.split(";") if "=" in p)
    token = (
        parts.pop("access_token", None) or headers.get("Authorization", "").removeprefix("Bearer ") or None
    )
    return ui_headers(token, settings=settings, **parts)
