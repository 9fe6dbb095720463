"""The landing page after login: what each role needs first."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from models.enums import Role
from service.auth.deps import SessionDep
from service.platform.principal import Principal
from service.reporting.followup import contract_followup
from service.reporting.scope import visible_contracts
from service.ui.data import work_counts
from service.ui.i18n import language, translate
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
AnyUser = Annotated[
    Principal,
    Depends(ui_require(Role.STAFF, Role.SUPPLIER, Role.PROCUREMENT_OFFICER, Role.ADMIN, Role.AUDITOR)),
]


# Messages another page may leave here (``?msg=key``): only these keys, so a link cannot put words of
# its own on the page. True for a problem (an alert), False for news (a status).
MESSAGES = {"account.password.changed": False, "resume.other_user": True, "resume.expired": True}


# Each to-do count opens the list filtered to what it counts.
TODO_LINKS = {
    "open": "/ui/vacancies?status=open",
    "awaiting": "/ui/vacancies?has=awaiting",
    "hired": "/ui/vacancies?has=hired",
}


@router.get("/ui/", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, principal: AnyUser, msg: str = "") -> HTMLResponse:
    rows = []
    if principal.role in (Role.STAFF, Role.PROCUREMENT_OFFICER, Role.ADMIN):
        today = date.today()
        rows = [contract_followup(session, c, r, today) for c, r in visible_contracts(session, principal)]
    counters: list[tuple[str, str]] = []
    if principal.role in (Role.STAFF, Role.SUPPLIER):
        lang = language(request)
        for key, n in work_counts(session, principal).items():
            if n:
                text = translate(f"count.{key}.{'one' if n == 1 else 'many'}", lang).format(n=n)
                counters.append((text, TODO_LINKS[key]))
    return render(
        request,
        "dashboard.html",
        counters=counters,
        title_key="nav.dashboard",
        principal=principal,
        session=session,
        active="dashboard",
        contracts=rows,
        message=translate(msg, language(request)) if msg in MESSAGES else "",
        message_is_problem=MESSAGES.get(msg, False),
    )
