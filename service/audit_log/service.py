"""Reading the audit trail with filters. There is nothing here that edits it: the trail is append-only."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from models import AuditEvent
from service.platform.errors import BadInput
from service.platform.pagination import fetch_page


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    object_type: str | None = None
    subject_seeker: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    actor: str | None = None  # an actor label: "user:12", "apikey:3", "system"
    object_id: str | None = None


def _utc(moment: datetime | None) -> datetime | None:
    # A time without an offset is read as UTC (the trail is stored in UTC).
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment.astimezone(UTC)


def list_events(
    session: Session, where: AuditFilter, offset: int, limit: int
) -> tuple[list[AuditEvent], int]:
    """A page of events, newest first, and the total matching the filter."""
    since, until = _utc(where.since), _utc(where.until)
    if since is not None and until is not None and until < since:
        raise BadInput("to is before from", errors=[{"field": "to", "message": "before from"}])
    query = select(AuditEvent)
    for column, value in (
        (AuditEvent.action, where.action),
        (AuditEvent.object_type, where.object_type),
        (AuditEvent.subject_seeker, where.subject_seeker),
        (AuditEvent.actor_label, where.actor),
        (AuditEvent.object_id, where.object_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if since is not None:
        query = query.where(col(AuditEvent.at) >= since)
    if until is not None:
        query = query.where(col(AuditEvent.at) < until)
    order = (col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    rows, total = fetch_page(session, query, *order, offset=offset, limit=limit)
    return list(rows), total
