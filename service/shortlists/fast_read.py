"""The staff shortlist read in one worker-thread hop: caller check, stamp query, stored page, audit.

FastAPI runs every plain ``def`` dependency in the thread pool, one hop each; the generic chain
(session, settings, principal, role check, engine, pages, paging) made nine hops per read, more than
the read itself. Here the credentials are only *taken* on the event loop (``staff_credentials``, no I/O)
and everything that needs the database runs in one thread-pool call, in one unit of work: the caller is
checked against the user row exactly as ``service.auth.deps.get_principal`` does (active account, current
session; API keys are checked too, and refused: the batch key never reads personal data), then the
cached page is read (``service.shortlists.cached``) and the read is audited through the batched writer.

``ShortlistReadFastPath`` answers the common case before FastAPI is reached at all: a staff bearer token,
plain query parameters, and a page already stored whose stamp still matches. Resolving the route's
parameters and dependencies cost more than everything else a cached read does; here the same checks run
on the raw request, the stamp is read on a driver connection (``loop_connection``), and the stored bytes
go out with the same headers; the read is audited through the batched writer as the route audits it.
Anything else (no token, another parameter or form of one, a miss, a refusal of any kind, no running
audit writer) passes on untouched to the route, which answers it as it always did: the fast path only
ever answers what the route would have answered, with the same bytes.
"""

import re
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine, bindparam, select
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from models import User
from models.enums import PlacementKind, Role, TargetGroup
from service.auth.deps import api_key_header, get_principal, oauth2
from service.auth.first_login import PasswordChangeRequired
from service.auth.sessions import check_session
from service.auth.tokens import decode_access_token
from service.engine.pools import get_ranking_engine
from service.platform.audit import audit_values, record_read
from service.platform.audit_writer import running_writer
from service.platform.config import Settings
from service.platform.db import get_engine, session_scope
from service.platform.errors import Forbidden, MatcherError, NotAuthenticated
from service.platform.principal import Principal
from service.shortlists import views
from service.shortlists.cached import USER_COLUMNS, Caller, driver_stamp, get_shortlist_pages

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


# --- The fast path (see the module docstring) ---------------------------------------------------------

_PATH = re.compile(r"/vacancies/([0-9]{1,18})/shortlist")
_DISTANCE = re.compile(r"[0-9]{1,4}(\.[0-9]{1,6})?")
_TARGET_GROUPS = {g.value: g for g in TargetGroup}
_KINDS = {k.value: k for k in PlacementKind}
_HEADERS = [(b"cache-control", b"no-store"), (b"content-type", b"application/json")]


@dataclass(frozen=True)
class FastRead:
    """A read the fast path may answer: parsed exactly as the route parses it."""

    token: str
    vacancy_id: int
    filters: views.EntryFilters
    offset: int
    limit: int


def fast_read_of(scope: Scope, settings: Settings) -> FastRead | None:
    """The read this request asks for, if it is in the plain form the fast path answers; else None."""
    if scope["method"] != "GET" or scope.get("root_path"):
        return None
    path = _PATH.fullmatch(scope["path"])
    if path is None:
        return None
    token = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            if token is not None:
                return None
            scheme, _, credentials = value.decode("latin-1").partition(" ")
            if scheme.lower() != "bearer" or not credentials or " " in credentials:
                return None
            token = credentials
    if token is None:
        return None
    params = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
    query = dict(params)
    if len(query) != len(params):
        return None  # a repeated parameter: the route decides which one counts
    offset, limit = query.pop("offset", "0"), query.pop("limit", None)
    group, kind = query.pop("target_group", None), query.pop("kind", None)
    distance = query.pop("max_distance_km", None)
    if query.pop("include_excluded", "false") != "false" or query:
        return None
    if not _digits(offset) or int(offset) > 10_000_000:
        return None
    if limit is not None and (not _digits(limit) or int(limit) < 1):
        return None
    size = int(limit) if limit is not None else settings.default_page_size
    if size > settings.max_page_size:
        return None  # the route's error
    if (group is not None and group not in _TARGET_GROUPS) or (kind is not None and kind not in _KINDS):
        return None
    if distance is not None and (_DISTANCE.fullmatch(distance) is None or float(distance) > 2000):
        return None
    filters = views.EntryFilters(
        target_group=_TARGET_GROUPS[group] if group is not None else None,
        max_distance_km=float(distance) if distance is not None else None,
        kind=_KINDS[kind] if kind is not None else None,
    )
    return FastRead(
        token=token, vacancy_id=int(path.group(1)), filters=filters, offset=int(offset), limit=size
    )


def _digits(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 9


# SQLite reads in WAL mode never wait for a writer, and the stamp query takes less time than a hop to
# the thread pool and back: on SQLite the fast path reads on the event loop, on a connection of its own
# (outside the pool, so a pool exhausted by slow requests never holds the loop). PostgreSQL is a network
# round trip away: there the read goes to the thread pool, as the route's does.
_LOOP_CONNECTIONS: "weakref.WeakKeyDictionary[Engine, Any]" = weakref.WeakKeyDictionary()


def loop_connection(engine: Engine) -> Any:
    """The event loop's own driver connection to a SQLite file database; None for any other database."""
    found = _LOOP_CONNECTIONS.get(engine)
    if found is None:
        database = engine.url.database or ""
        if engine.dialect.name != "sqlite" or database in ("", ":memory:") or "memory" in database:
            return None
        found = engine.raw_connection()
        found.detach()  # the pool neither lends nor resets it
        cursor = found.cursor()
        cursor.execute("PRAGMA busy_timeout=0")  # never wait on the loop: a busy database goes to the route
        cursor.close()
        _LOOP_CONNECTIONS[engine] = found
    return found


def stored_answer(settings: Settings, read: FastRead, connection: Any = None) -> bytes | None:
    """The stored page if every check of ``read_shortlist`` passes, audited; None otherwise (the route
    answers). Reads on ``connection`` if given (``loop_connection``), else on one from the pool."""
    engine = get_engine()
    writer = running_writer(engine)
    if writer is None:
        return None  # no batched writer (a script, a test without the lifespan): the route audits
    try:
        caller = _claimed(_verified_claims(settings, read.token))
        try:
            found = driver_stamp(engine, caller, read.vacancy_id, connection)
        except engine.dialect.loaded_dbapi.Error:
            if connection is None:
                raise
            return None  # busy (a rare moment of WAL recovery): the route reads, and may wait
        if found is None or found[1][0] is None:
            return None
        principal = _principal(caller, found[0])
    except MatcherError:
        return None  # the route gives the refusal its answer
    page = get_shortlist_pages().stored(
        engine,
        principal,
        found[1],
        read.vacancy_id,
        filters=read.filters,
        offset=read.offset,
        limit=read.limit,
    )
    if page is None:
        return None
    detail = {"entries": page.entries, "excluded": None}
    writer.submit(audit_values(principal, "shortlist.read", "shortlist", page.shortlist_id, detail=detail))
    return page.body


class ShortlistReadFastPath:
    """ASGI middleware: stored shortlist pages answered before routing (see the module docstring).

    Installed inside the security-headers and body-limit middleware, so its answers carry the same headers.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            settings: Settings = scope["app"].state.settings
            read = fast_read_of(scope, settings)
            if read is not None:
                connection = loop_connection(get_engine())
                if connection is not None:
                    body = stored_answer(settings, read, connection)
                else:
                    body = await run_in_threadpool(stored_answer, settings, read)
                if body is not None:
                    headers = [(b"content-length", str(len(body)).encode()), *_HEADERS]
                    await send({"type": "http.response.start", "status": 200, "headers": headers})
                    await send({"type": "http.response.body", "body": body})
                    return
        await self.app(scope, receive, send)
