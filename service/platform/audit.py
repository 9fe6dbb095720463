"""Writing the audit trail.

Actions are audited in the caller's transaction, so the event and the action stand or fall together.
Reads of personal data that change nothing (a cached shortlist read) go through ``AuditWriter`` instead
(``service.platform.audit_writer``): queued and committed in batches, so a read costs no commit of its own.

Every route that writes or reads personal data is audited by one request hook as well
(``service.app.audit_routes``); events written here mark the request's session, so that hook adds its
generic event only where the handler recorded none with more detail.
"""

import hashlib
import hmac
from typing import Any

from sqlalchemy import event
from sqlmodel import Session

from models import AuditEvent
from models.base import utcnow
from service.platform.audit_writer import running_writer
from service.platform.config import get_settings
from service.platform.principal import Principal


def seeker_pseudonym(seeker_id: int) -> str:
    """A keyed hash of the seeker: links a person's events together without naming the person.

    After erasure nothing in the database maps it back to anyone.
    """
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"seeker:{seeker_id}".encode(), hashlib.sha256).hexdigest()[:32]


def record(
    session: Session,
    principal: Principal | None,
    action: str,
    object_type: str,
    object_id: int | str | None = None,
    *,
    seeker_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    # Seekers are referred to only by pseudonym, so the trail survives erasure without identifying anyone.
    event = AuditEvent(
        **audit_values(principal, action, object_type, object_id, seeker_id=seeker_id, detail=detail)
    )
    session.add(event)
    mark_audited(session)
    return event


# The mark of an event outside any transaction of the session (queued to the batched writer): no
# rollback of the session takes it back.
_OUTSIDE = object()


def mark_audited(session: Session) -> None:
    """Note on the session that it has audited what it did (see the module docstring)."""
    session.info["audited_in"] = session.get_transaction() or _OUTSIDE
    if not session.info.get("audit_commit_watched"):
        session.info["audit_commit_watched"] = True
        event.listen(session, "before_commit", _committing)


def _committing(session: Session) -> None:
    # The marked transaction commits: its events are durable from here on, whatever follows.
    if session.info.get("audited_in") is session.get_transaction():
        session.info["audited_in"] = _OUTSIDE


def was_audited(session: Session) -> bool:
    """True once an event was recorded, unless it was rolled back with its transaction since (then the
    request's hook records one)."""
    marked = session.info.get("audited_in")
    if marked is None or marked is _OUTSIDE:
        return marked is _OUTSIDE
    current = session.get_transaction()
    return current is not None and marked is current and current.is_active


def audit_values(
    principal: Principal | None,
    action: str,
    object_type: str,
    object_id: int | str | None = None,
    *,
    seeker_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The column values of the event ``record`` adds (``at`` is now)."""
    return {
        "at": utcnow(),
        "actor_user_id": principal.user_id if principal else None,
        "actor_label": principal.label if principal else "system",
        "actor_role": principal.role if principal else "system",
        "action": action,
        "object_type": object_type,
        "object_id": None if object_type == "seeker" else (str(object_id) if object_id is not None else None),
        "subject_seeker": seeker_pseudonym(seeker_id) if seeker_id is not None else None,
        "detail": detail or {},
    }


def record_read(
    session: Session,
    principal: Principal | None,
    action: str,
    object_type: str,
    object_id: int | str | None = None,
    *,
    seeker_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Audit a read of personal data: batched by the running ``AuditWriter`` of this database, if any.

    Without one (a script, a test without the app's lifespan) the event joins the caller's transaction.
    """
    values = audit_values(principal, action, object_type, object_id, seeker_id=seeker_id, detail=detail)
    mark_audited(session)
    writer = running_writer(session.get_bind())
    if writer is None:
        session.add(AuditEvent(**values))
    else:
        writer.submit(values)
