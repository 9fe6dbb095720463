"""Reports of accessibility problems sent through the web form, for admins and auditors to read.

They are kept in their own table (not the audit trail): anyone may send one, so they are rate-limited
and must not be able to flood the trail. The sender's contact is shown as given; nothing else about the
sender is stored but their role.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel
from sqlmodel import col, select

from models import AccessibilityReport
from models.base import pk, with_examples
from models.enums import Role
from service.auth.deps import SessionDep, require
from service.platform.pagination import Page, PageDep, fetch_page
from service.platform.principal import Principal

router = APIRouter(tags=["accessibility"])


class AccessibilityReportPublic(BaseModel):
    model_config = with_examples(
        {
            "id": 2,
            "message": "Knappen Föreslå går inte att nå med tangentbordet på mobilen.",
            "contact": "anna@example.com",
            "sender_role": "staff",
            "created_at": "2026-11-20T13:05:00Z",
        }
    )

    id: int
    message: str
    contact: str
    sender_role: str
    created_at: datetime


@router.get("/accessibility-reports", response_model=Page[AccessibilityReportPublic])
def list_accessibility_reports(
    response: Response,
    session: SessionDep,
    page: PageDep,
    _principal: Annotated[Principal, Depends(require(Role.ADMIN, Role.AUDITOR))],
) -> Page[AccessibilityReportPublic]:
    """Accessibility problems people reported through the web form (the accessibility statement's
    feedback link), newest first, with the contact they left."""
    rows, total = fetch_page(
        session,
        select(AccessibilityReport),
        col(AccessibilityReport.id).desc(),
        offset=page.offset,
        limit=page.limit,
    )
    response.headers["Cache-Control"] = "no-store"
    items = [
        AccessibilityReportPublic(
            id=pk(r), message=r.message, contact=r.contact, sender_role=r.sender_role, created_at=r.created_at
        )
        for r in rows
    ]
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)
