"""The device cookie (OWASP): a signed mark, set after a successful login, that this device knows the account.

A login that presents a genuine device cookie for the account it names counts its failures against that
device only (``service.auth.throttle``): while others guess the password and the account is locked for
unknown devices, its owner on their own device still logs in. The cookie names the account by a hash
(no email address), a random device id and its issue time, signed with the service's secret key; it is
HttpOnly and SameSite=Strict, and it grants nothing else (it is no session).
"""

import hashlib
import hmac
import secrets
import time

from fastapi import Response

from service.platform.config import Settings

COOKIE = "login_device"
MAX_AGE_S = 90 * 86400


def _account(email: str) -> str:
    return hashlib.sha256(f"device-account:{email.strip().lower()}".encode()).hexdigest()[:32]


def _mac(settings: Settings, body: str) -> str:
    return hmac.new(settings.secret_key.encode(), f"login-device|{body}".encode(), hashlib.sha256).hexdigest()


def issue(settings: Settings, email: str, now: float | None = None) -> str:
    """A new device cookie value for the account ``email``."""
    body = f"{_account(email)}.{secrets.token_urlsafe(16)}.{int(now or time.time())}"
    return f"{body}.{_mac(settings, body)}"


def known_device(settings: Settings, email: str, cookie: str | None, now: float | None = None) -> str | None:
    """The device id when ``cookie`` is a genuine, unexpired device cookie for ``email``; else None."""
    if not cookie or len(cookie) > 300:
        return None
    body, _, mac = cookie.rpartition(".")
    if not body or not hmac.compare_digest(mac, _mac(settings, body)):
        return None
    parts = body.split(".")
    if len(parts) != 3:
        return None
    account, device, issued = parts
    if not hmac.compare_digest(account, _account(email)) or not issued.isdigit():
        return None
    if (now or time.time()) - int(issued) > MAX_AGE_S:
        return None
    return device


def remember(response: Response, settings: Settings, email: str) -> None:
    """Set (or renew) the device cookie after a successful login."""
    response.set_cookie(
        COOKIE,
        issue(settings, email),
        max_age=MAX_AGE_S,
        httponly=True,
        samesite="strict",
        secure=settings.env == "production",
    )
