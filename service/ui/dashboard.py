"""The landing page after login: what each role needs first."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from models.enums import Role
from service.auth.principal import Principal
from service.deps import SessionDep
from service.reporting.followup import contract_followup
from service.reporting.scope import visible_contracts
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
AnyUser = Annotated[
    Principal,
    Depends(ui_require(Role.STAFF, Role.SUPPLIER, Role.PROCUREMENT_OFFICER, Role.ADMIN, Role.AUDITOR)),
]


@router.get("/ui/", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, principal: AnyUser) -> HTMLResponse:
    rows = []
    if principal.role in (Role.STAFF, Role.PROCUREMENT_OFFICER, Role.ADMIN):
        today = date.today()
        rows = [contract_followup(session, c, r, today) for c, r in visible_contracts(session, principal)]
    return render(
        request,
        "dashboard.html",
        title_key="nav.dashboard",
        principal=principal,
        session=session,
        active="dashboard",
        contracts=rows,
    )
