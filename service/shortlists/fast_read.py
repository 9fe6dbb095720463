"""The staff shortlist read in one worker-thread hop: caller check, stamp query, stored page, audit.

FastAPI runs every plain ``def`` dependency in the thread pool, one hop each; the generic chain
(session, settings, principal, role check, engine, pages, paging) made nine hops per read, more than
the read itself. Here the credentials are only *taken* on the event loop (``staff_credentials``, no I/O)
and everything that needs the database runs in one thread-pool call, in one unit of work: the caller is
checked against the user row exactly as ``service.auth.deps.get_principal`` does (active account, current
session; API keys are checked too, and refused: the batch key never reads personal data), then the
cached page is read (``service.shortlists.cached``) and the read is audited through the batched writer.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import bindparam, select

from models import User
from models.enums import Role
from service.auth.deps import api_key_header, get_principal, oauth2
from service.auth.first_login import PasswordChangeRequired
from service.auth.sessions import check_session
from service.auth.tokens import decode_access_token
from service.engine.pools import get_ranking_engine
from service.platform.audit import record_read
from service.platform.config import Settings
from service.platform.db import session_scope
from service.platform.errors import Forbidden, NotAuthenticated
from service.platform.principal import Principal
from service.shortlists import views
from service.shortlists.cached import USER_COLUMNS, Caller, get_shortlist_pages

NO_STORE = {"Cache-Control": "no-store"}


@dataclass(frozen=True)
class Credentials:
    """What the caller presented; checked against the database inside the read's unit of work."""

    token: str | None
    api_key: str | None


async def staff_credentials(
    request: Request,
    token: Annotated[str | None, Depends(oauth2)],
    api_key: Annotated[str | None, Depends(api_key_header)],
) -> Credentials:
    """Staff only; the check itself happens with the read (``read_shortlist``)."""
    token = token or request.cookies.get("access_token")  # a GET: the browser session may read
    if not token and not api_key:
        raise NotAuthenticated("log in or present an API key")
    return Credentials(token=token, api_key=api_key)


staff_credentials.allowed_roles = frozenset({Role.STAFF})  # type: ignore[attr-defined]


_USER = select(  # type: ignore[call-overload]
    User.__table__.c.is_active,  # type: ignore[attr-defined]
    User.__table__.c.session_version,  # type: ignore[attr-defined]
    User.__table__.c.role,  # type: ignore[attr-defined]
    User.__table__.c.organisation_id,  # type: ignore[attr-defined]
    User.__table__.c.session_key,  # type: ignore[attr-defined]
    User.__table__.c.must_change_password,  # type: ignore[attr-defined]
).where(User.__table__.c.id == bindparam("user_id"))  # type: ignore[attr-defined]


_CLAIMS: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()  # verified tokens, until they expire
_CLAIMS_LOCK = threading.Lock()
MAX_TOKENS = 4096


def _verified_claims(settings: Settings, token: str) -> dict[str, Any]:
    """``decode_access_token``, remembered per token until its expiry (a signature check per read is waste).

    Only the signature and expiry are remembered; the account and its session are checked on every read.
    """
    key = (settings.secret_key, token)
    with _CLAIMS_LOCK:
        claims = _CLAIMS.get(key)
    if claims is not None and float(claims.get("exp", 0)) > time.time():
        return claims
    claims = decode_access_token(settings, token)  # raises NotAuthenticated when invalid or expired
    with _CLAIMS_LOCK:
        _CLAIMS[key] = claims
        while len(_CLAIMS) > MAX_TOKENS:
            _CLAIMS.popitem(last=False)
    return claims


def _claimed(claims: dict[str, Any]) -> Caller:
    try:
        return Caller(
            user_id=int(claims["sub"]),
            session_key=str(claims["sk"]),
            session_version=int(claims.get("sv", 0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise NotAuthenticated("the access token is not valid") from exc


def _principal(caller: Caller, row: Any) -> Principal:
    """The checks of ``service.auth.sessions.principal_from_claims`` on a user row (Core); staff only."""
    if row is None or not row.is_active:
        raise NotAuthenticated("the account no longer exists or is disabled")
    check_session(caller.session_key, caller.session_version, row.session_key, row.session_version)
    if row.role != Role.STAFF:
        raise Forbidden(f"this action is not allowed for the role {str(row.role)!r}")
    if row.must_change_password:
        raise PasswordChangeRequired()
    return Principal(role=row.role, organisation_id=row.organisation_id, user_id=caller.user_id)


def read_shortlist(
    request: Request,
    credentials: Credentials,
    vacancy_id: int,
    *,
    filters: views.EntryFilters,
    offset: int,
    limit: int,
    include_excluded: bool,
) -> Response:
    """Run in the thread pool: the whole read in one unit of work (and one query when the page is cached)."""
    settings: Settings = request.app.state.settings
    engine = get_ranking_engine()
    pages = get_shortlist_pages()
    with session_scope() as session:
        if not credentials.token:
            principal = get_principal(request, session, settings, None, credentials.api_key)
            raise Forbidden(f"this action is not allowed for the role {principal.role!r}")  # the batch key
        caller = _claimed(_verified_claims(settings, credentials.token))
        row = None if include_excluded else pages.stamp(session, caller, vacancy_id)
        if row is None:  # another actor's vacancy, none at all, or a live read: check the caller by itself
            principal = _principal(
                caller, session.connection().execute(_USER, {"user_id": caller.user_id}).first()
            )
            stamp = None
        else:
            principal = _principal(caller, row)
            stamp = tuple(row[USER_COLUMNS:])
        if include_excluded:  # computed now, never cached
            full = views.shortlist_view(
                session,
                principal,
                vacancy_id,
                engine,
                filters=filters,
                offset=offset,
                limit=limit,
                include_excluded=True,
            )
            return JSONResponse(full.model_dump(mode="json"), headers=NO_STORE)
        page = pages.page(
            session, principal, stamp, vacancy_id, engine, filters=filters, offset=offset, limit=limit
        )
        record_read(
            session,
            principal,
            "shortlist.read",
            "shortlist",
            page.shortlist_id,
            detail={"entries": page.entries, "excluded": None},
        )
    return Response(page.body, media_type="application/json", headers=NO_STORE)
