"""The audit trail, for auditors: read-only (no endpoint edits it; the database refuses updates too)."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from models.audit import AuditEventPublic
from models.enums import Role
from service.audit_log.service import AuditFilter, list_events
from service.auth.deps import SessionDep, require
from service.platform.pagination import Page, PageDep
from service.platform.principal import Principal

router = APIRouter(tags=["audit"])


@router.get("/audit-events", response_model=Page[AuditEventPublic])
def list_audit_events(
    response: Response,
    session: SessionDep,
    page: PageDep,
    principal: Annotated[Principal, Depends(require(Role.AUDITOR))],
    action: Annotated[str | None, Query(max_length=64)] = None,
    object_type: Annotated[str | None, Query(max_length=64)] = None,
    subject_seeker: Annotated[str | None, Query(max_length=64, description="a seeker pseudonym")] = None,
    since: Annotated[
        datetime | None, Query(alias="from", description="inclusive; UTC without offset")
    ] = None,
    until: Annotated[datetime | None, Query(alias="to", description="exclusive")] = None,
) -> Page[AuditEventPublic]:
    """Events newest first. Only auditors read the trail, and nobody changes it."""
    where = AuditFilter(action, object_type, subject_seeker, since, until)
    rows, total = list_events(session, where, page.offset, page.limit)
    response.headers["Cache-Control"] = "no-store"
    return Page(
        items=[AuditEventPublic.model_validate(r, from_attributes=True) for r in rows],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )
