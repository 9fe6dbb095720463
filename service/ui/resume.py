"""A decision taken while the session expired is not lost: it travels through the login form and is replayed.

When a staff member's session has expired and they submit a decision, the decision's fields are signed
(HMAC with the service's secret key, with the time) and put into the login form as one hidden field; the
page says what will be saved. After a successful login the decision is replayed through the same checks as
a fresh one (reason codes, version, duplicate proposal), as the person who logged in. Nothing is kept on
the server, a stash cannot be forged or altered, and one older than ``MAX_AGE_S`` is dropped with a message.
Only same-origin posts are stashed: a cross-site form cannot queue a decision behind someone's login.
"""

import base64
import hashlib
import hmac
import json
import re
import time
from typing import Any
from urllib.parse import quote, urlencode, urlparse

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session, select

from models import User
from models.enums import Decision, ReasonCode, Role
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


def stash(path: str, form: dict[str, str], now: float | None = None) -> str:
    """The signed, self-contained form of one decision post."""
    payload = {"p": path, "f": {k: form.get(k, "")[:2000] for k in FIELDS}, "t": int(now or time.time())}
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode())
    return f"{body.decode()}.{_mac(body)}"


def unstash(blob: str, now: float | None = None) -> tuple[int, dict[str, str]] | None:
    """(entry id, form fields) of a genuine stash; None for a forged or malformed one; StaleStash if old."""
    body, _, mac = blob.partition(".")
    if not body or not hmac.compare_digest(mac, _mac(body.encode())):
        return None
    try:
        payload: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body.encode()))
    except ValueError:
        return None
    match = DECIDE_PATH.match(str(payload.get("p", "")))
    if match is None:
        return None
    if (now or time.time()) - int(payload.get("t", 0)) > MAX_AGE_S:
        raise StaleStash
    return int(match.group(1)), {k: str(v) for k, v in dict(payload.get("f", {})).items() if k in FIELDS}


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
    if DECIDE_PATH.match(request.url.path) and same_origin(request):
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
            resume=stash(request.url.path, form),
            resume_summary=" ".join(p for p in parts if p),
            status_code=401,
        )
    return RedirectResponse(f"/ui/login?next={quote(page_of(request))}", status_code=303)


def replay_after_login(session: Session, email: str, blob: str, lang: str) -> str | None:
    """Replay a stashed decision as the user who just logged in; the URL that shows its outcome."""
    from service.ui.i18n import translate
    from service.ui.workflow import replay_decision

    try:
        found = unstash(blob)
    except StaleStash:
        return "/ui/?" + urlencode({"error": translate("resume.expired", lang)})
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if found is None or user is None or user.role != Role.STAFF:
        return None
    principal = Principal(role=user.role, organisation_id=user.organisation_id, user_id=user.id)
    entry_id, form = found
    try:
        return replay_decision(session, principal, entry_id, form, lang)
    except MatcherError:  # the entry or its vacancy is gone or not this user's: nothing to replay
        return None
