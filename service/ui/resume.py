"""A decision taken while the session expired is not lost: it travels through the login form and is replayed.

When a staff member's session has expired and they submit a decision, the decision's fields are signed
(HMAC with the service's secret key, with the time and the user the expired session belonged to) and put
into the login form as one hidden field; the page says what will be saved. After a successful login the
decision is replayed through the same checks as a fresh one (reason codes, version, duplicate proposal),
only when the person who logged in is the one who made it. Nothing is kept on the server, a stash cannot
be forged or altered, and one older than ``MAX_AGE_S`` is dropped with a message. Only same-origin posts
from a genuine (if expired) staff session are stashed: neither an anonymous visitor nor a cross-site form
can queue a decision behind someone's login.
"""

import base64
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlparse

import jwt
from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from models.enums import Decision, ReasonCode, Role
from service.auth.tokens import ALGORITHM
from service.platform.config import get_settings
from service.platform.errors import MatcherError
from service.platform.principal import Principal

MAX_AGE_S = 2 * 3600
DECIDE_PATH = re.compile(r"^/ui/entries/(\d+)/decide$")
FIELDS = ("decision", "reason_code", "comment", "supplier_text", "expected_version")
DECISIONS = frozenset(d.value for d in Decision)
REASONS = frozenset(r.value for r in ReasonCode)


class StaleStash(Exception):
    """The stash is valid but older than MAX_AGE_S."""


def _mac(body: bytes) -> str:
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"resume:" + body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Stashed:
    """A genuine stash: the entry, the form's fields and the id of the user who made it."""

    entry_id: int
    form: dict[str, str]
    user: str


def stash(path: str, form: dict[str, str], user: str, now: float | None = None) -> str:
    """The signed, self-contained form of one decision post by ``user`` (the token's ``sub``)."""
    fields = {k: form.get(k, "")[:2000] for k in FIELDS}
    payload = {"p": path, "f": fields, "u": user, "t": int(now or time.time())}
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode())
    return f"{body.decode()}.{_mac(body)}"


def unstash(blob: str, now: float | None = None) -> Stashed | None:
    """The contents of a genuine stash; None for a forged, malformed or ownerless one; StaleStash if old."""
    body, _, mac = blob.partition(".")
    if not body or not hmac.compare_digest(mac, _mac(body.encode())):
        return None
    try:
        payload: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body.encode()))
    except ValueError:
        return None
    match = DECIDE_PATH.match(str(payload.get("p", "")))
    user = str(payload.get("u") or "")
    if match is None or not user:
        return None
    if (now or time.time()) - int(payload.get("t", 0)) > MAX_AGE_S:
        raise StaleStash
    form = {k: str(v) for k, v in dict(payload.get("f", {})).items() if k in FIELDS}
    return Stashed(entry_id=int(match.group(1)), form=form, user=user)


def stash_owner(request: Request) -> str | None:
    """The user (``sub``) of the request's session cookie when it is a genuine staff session, expired
    or not; None for anyone else (an anonymous visitor, a forged or foreign token)."""
    settings = request.app.state.settings
    token = request.cookies.get("access_token")
    if not token:
        return None
    try:
        # Expiry is not checked: an expired session is exactly when a decision needs keeping.
        claims = jwt.decode(token, settings.secret_key, algorithms=[ALGORITHM], options={"verify_exp": False})
    except jwt.PyJWTError:
        return None
    if claims.get("role") != Role.STAFF or not claims.get("sub"):
        return None
    return str(claims["sub"])


def same_origin(request: Request) -> bool:
    """True when the browser says the post came from this site (Origin, else Referer)."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return False
    return urlparse(source).netloc == request.headers.get("host", request.url.netloc)


def page_of(request: Request) -> str:
    """The local page a form was posted from (where to return after login), else the start page."""
    referer = urlparse(request.headers.get("referer", ""))
    if same_origin(request) and referer.path.startswith("/ui/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/ui/"


async def login_after_post(request: Request) -> Response:
    """The answer to a post whose session has expired: for a decision, the login page carrying it;
    for anything else, the login page returning to the page the form was on (never to a POST-only URL)."""
    from service.ui.i18n import language, translate
    from service.ui.rendering import render

    lang = language(request)
    owner = stash_owner(request)
    if DECIDE_PATH.match(request.url.path) and same_origin(request) and owner is not None:
        form = {k: str(v) for k, v in (await request.form()).items()}
        parts = [translate(f"dec.{form.get('decision')}", lang) if form.get("decision") in DECISIONS else ""]
        if form.get("reason_code") in REASONS:
            parts.append(f"({translate('reason.' + form['reason_code'], lang)})")
        if form.get("comment"):
            parts.append(f"– {form['comment'][:200]}")
        return render(
            request,
            "login.html",
            title_key="login.title",
            next=page_of(request),
            error=translate("session.expired", lang),
            email="",
            resume=stash(request.url.path, form, owner),
            resume_summary=" ".join(p for p in parts if p),
            status_code=401,
        )
    return RedirectResponse(f"/ui/login?next={quote(page_of(request))}", status_code=303)


def replay_after_login(session: Session, principal: Principal, blob: str, lang: str) -> str | None:
    """Replay a stashed decision for the staff member who just logged in, if they made it; the URL that
    shows its outcome (or why it was not saved), None when there is nothing to replay."""
    from service.ui.workflow import replay_decision

    try:
        found = unstash(blob)
    except StaleStash:
        return "/ui/?" + urlencode({"msg": "resume.expired"})
    if found is None or principal.role != Role.STAFF:
        return None
    if found.user != str(principal.user_id):  # made by someone else on this browser: never theirs to save
        return "/ui/?" + urlencode({"msg": "resume.other_user"})
    try:
        return replay_decision(session, principal, found.entry_id, found.form, lang)
    except MatcherError:  # the entry or its vacancy is gone or not this user's: nothing to replay
        return None
