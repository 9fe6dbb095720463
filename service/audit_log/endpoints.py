"""The audit trail, for auditors: read-only (no endpoint edits it; the database refuses updates too)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlmodel import col, func, select

from models import AuditEvent
from models.audit import AuditEventPublic
from models.enums import Role
from service.auth.principal import Principal
from service.deps import SessionDep, require
from service.pagination import Page, PageDep

router = APIRouter(tags=["audit"])


@router.get("/audit-events", response_model=Page[AuditEventPublic])
def list_audit_events(
    response: Response,
    session: SessionDep,
    page: PageDep,
    principal: Annotated[Principal, Depends(require(Role.AUDITOR))],
    action: Annotated[str | None, Query(max_length=64)] = None,
    object_type: Annotated[str | None, Query(max_length=64)] = None,
    subject_seeker: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[datetime | None, Query(alias="from")] = None,
    until: Annotated[datetime | None, Query(alias="to")] = None,
) -> Page[AuditEventPublic]:
    query = select(AuditEvent)
    for column, value in (
        (AuditEvent.action, action),
        (AuditEvent.object_type, object_type),
        (AuditEvent.subject_seeker, subject_seeker),
    ):
        if value is not None:
            query = query.where(column == value)
    if since is not None:
        query = query.where(col(AuditEvent.at) >= since)
    if until is not None:
        query = query.where(col(AuditEvent.at) < until)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .offset(page.offset)
        .limit(page.limit)
    ).all()
    response.headers["Cache-Control"] = "no-store"
    return Page(
        items=[AuditEventPublic.model_validate(r, from_attributes=True) for r in rows],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )
