"""Writing the audit trail.

Actions are audited in the caller's transaction, so the event and the action stand or fall together.
Reads of personal data that change nothing (a cached shortlist read) go through ``AuditWriter`` instead
(``service.platform.audit_writer``): queued and committed in batches, so a read costs no commit of its own.
"""

import hashlib
import hmac
from typing import Any

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
    return event


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
    detail: dict[str, Any] | None = None,
) -> None:
    """Audit a read of personal data: batched by the running ``AuditWriter`` of this database, if any.

    Without one (a script, a test without the app's lifespan) the event joins the caller's transaction.
    """
    values = audit_values(principal, action, object_type, object_id, detail=detail)
    writer = running_writer(session.get_bind())
    if writer is None:
        session.add(AuditEvent(**values))
    else:
        writer.submit(values)
