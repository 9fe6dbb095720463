"""The admin's pages: the manual-mode switch, organisations and users (API keys: ``admin_keys``).

Changes go through the same services as ``/admin/...`` in the API and write the same audit events.
Secrets (a new user's or a reset password, a new API key) are shown once, in the response to the POST
that made them, and never stored in clear or put in a URL.
"""

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlmodel import Session, col, select

from models import AuditEvent, Organisation
from models.enums import OrganisationKind, Role
from models.organisation import OrganisationCreate, UserCreate, UserUpdate
from service.auth.deps import SessionDep
from service.organisations import service as organisations
from service.organisations import users
from service.platform import audit
from service.platform.errors import BadInput, Conflict
from service.platform.principal import Principal
from service.system.service import is_manual_mode, manual_mode_setting, set_manual_mode
from service.ui.i18n import language, translate
from service.ui.paging import PAGE_SIZE, clamp, paging
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
Admin = Annotated[Principal, Depends(ui_require(Role.ADMIN))]
FIELD_KEYS = {  # a field's validation error → the message key shown next to it
    "email": "adm.err.email",
    "password": "adm.err.password",
    "full_name": "adm.err.required",
    "name": "adm.err.required",
    "ref": "adm.err.ref",
    "org_number": "adm.err.org_number",
    "municipality_code": "adm.err.municipality",
    "organisation_id": "adm.err.organisation",
    "role": "adm.err.required",
    "kind": "adm.err.required",
}


def form_fields(raw: Any) -> dict[str, str]:
    return {k: str(v)[:300] for k, v in raw.items() if k != "csrf_token"}


def _field_errors(exc: ValidationError, lang: str) -> dict[str, str]:
    out = {}
    for e in exc.errors():
        field = str(e["loc"][0]) if e["loc"] else "form"
        out[field] = translate(FIELD_KEYS.get(field, "adm.err.invalid"), lang)
    return out


def all_organisations(session: Session) -> list[Organisation]:
    """Every organisation, for the forms' choice lists (a choice list cannot be paged; none is left out)."""
    total = organisations.list_organisations(session, 0, 1)[1]
    return organisations.list_organisations(session, 0, max(total, 1))[0]


def _manual_reason(session: Session) -> str:
    """The reason given with the last switch (kept on the audit trail, which cannot be edited)."""
    event = session.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "system.manual_mode")
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    ).first()
    return str(event.detail.get("reason", "")) if event else ""


def admin_page(
    request: Request, session: Session, principal: Principal, template: str, **context: Any
) -> HTMLResponse:
    return render(
        request,
        template,
        title_key=context.pop("title_key"),
        principal=principal,
        session=session,
        active="admin",
        **context,
    )


@router.get("/ui/admin", response_class=HTMLResponse)
def overview(request: Request, session: SessionDep, principal: Admin, notice: str = "") -> HTMLResponse:
    return _manual_page(request, session, principal, notice=notice)


def _manual_page(
    request: Request, session: Session, principal: Principal, *, status_code: int = 200, **context: Any
) -> HTMLResponse:
    setting = manual_mode_setting(session)
    return admin_page(
        request,
        session,
        principal,
        "admin_overview.html",
        title_key="adm.title",
        manual=is_manual_mode(session),
        changed_at=setting.updated_at if setting else None,
        reason=_manual_reason(session),
        status_code=status_code,
        **context,
    )


@router.post("/ui/admin/manual-mode", response_model=None)
async def switch_manual_mode(
    request: Request, session: SessionDep, principal: Admin
) -> HTMLResponse | RedirectResponse:
    form = form_fields(await request.form())
    lang = language(request)
    enabled = form.get("enabled") == "true"
    reason = form.get("reason", "").strip()
    if not reason:
        return _manual_page(
            request,
            session,
            principal,
            errors={"reason": translate("adm.manual.reason_needed", lang)},
            form=form,
            status_code=422,
        )
    before = is_manual_mode(session)
    set_manual_mode(session, enabled, user_id=principal.user_id)
    # The same event as PUT /admin/manual-mode, with the reason the page asks for.
    audit.record(
        session,
        principal,
        "system.manual_mode",
        "system",
        "manual_mode",
        detail={"from": before, "to": enabled, "reason": reason},
    )
    return RedirectResponse("/ui/admin?notice=manual", status_code=303)


@router.get("/ui/admin/organisations", response_class=HTMLResponse)
def organisation_list(request: Request, session: SessionDep, principal: Admin, page: int = 1) -> HTMLResponse:
    return _org_page(request, session, principal, form={}, errors={}, page=page)


def _org_page(
    request: Request, session: Session, principal: Principal, *, page: int = 1, **context: Any
) -> HTMLResponse:
    total = organisations.list_organisations(session, 0, 1)[1]
    page, offset = clamp(page, total)
    return admin_page(
        request,
        session,
        principal,
        "admin_organisations.html",
        title_key="adm.orgs",
        organisations=organisations.list_organisations(session, offset, PAGE_SIZE)[0],
        kinds=[k.value for k in OrganisationKind],
        total=total,
        paging=paging(total, page, {}),
        **context,
    )


@router.post("/ui/admin/organisations", response_class=HTMLResponse)
async def create_organisation(request: Request, session: SessionDep, principal: Admin) -> HTMLResponse:
    form = form_fields(await request.form())
    lang = language(request)
    errors: dict[str, str] = {}
    try:
        body = OrganisationCreate.model_validate(
            {**form, "municipality_code": form.get("municipality_code") or None}
        )
        org = organisations.create_organisation(session, body)
        audit.record(
            session, principal, "organisation.create", "organisation", org.id, detail={"ref": org.ref}
        )
    except ValidationError as exc:
        errors = _field_errors(exc, lang)
    except Conflict as exc:
        field = "ref" if "reference" in exc.message else "org_number"
        errors = {field: translate("adm.err.taken", lang)}
    if errors:
        session.rollback()
        return _org_page(request, session, principal, form=form, errors=errors, status_code=422)
    notice = translate("adm.orgs.created", lang).format(name=org.name)
    return _org_page(request, session, principal, form={}, errors={}, notice=notice)


@router.get("/ui/admin/users", response_class=HTMLResponse)
def user_list(request: Request, session: SessionDep, principal: Admin, page: int = 1) -> HTMLResponse:
    return _user_page(request, session, principal, form={}, errors={}, page=page)


def _user_page(
    request: Request, session: Session, principal: Principal, *, page: int = 1, **context: Any
) -> HTMLResponse:
    orgs = all_organisations(session)
    total = users.list_users(session, 0, 1)[1]
    page, offset = clamp(page, total)
    return admin_page(
        request,
        session,
        principal,
        "admin_users.html",
        title_key="adm.users",
        users=users.list_users(session, offset, PAGE_SIZE)[0],
        organisations=orgs,
        total=total,
        paging=paging(total, page, {}),
        org_names={o.id: o.name for o in orgs},
        roles=[r.value for r in Role],
        **context,
    )


def _temporary_password() -> str:
    return secrets.token_urlsafe(12)  # 16 random characters, handed over by the admin


@router.post("/ui/admin/users", response_class=HTMLResponse)
async def create_user(request: Request, session: SessionDep, principal: Admin) -> HTMLResponse:
    form = form_fields(await request.form())
    lang = language(request)
    password = _temporary_password()
    errors: dict[str, str] = {}
    try:
        body = UserCreate.model_validate({**form, "password": password, "is_active": True})
        user = users.create_user(session, body)
        audit.record(session, principal, "user.create", "user", user.id, detail={"role": str(user.role)})
    except ValidationError as exc:
        errors = _field_errors(exc, lang)
    except Conflict:
        errors = {"email": translate("adm.err.email_taken", lang)}
    except BadInput:
        errors = {"organisation_id": translate("adm.err.role_org", lang)}
    if errors:
        session.rollback()
        return _user_page(request, session, principal, form=form, errors=errors, status_code=422)
    secret = {"email": user.email, "password": password}
    return _user_page(request, session, principal, form={}, errors={}, secret=secret, created=True)


@router.get("/ui/admin/users/{user_id:int}/reset", response_class=HTMLResponse)
def confirm_reset(request: Request, session: SessionDep, principal: Admin, user_id: int) -> HTMLResponse:
    """A reset cannot be undone (the old password stops working), so it is asked for twice."""
    user = users.get_user(session, user_id)
    question = text(request, "adm.users.reset.confirm").format(name=user.full_name, email=user.email)
    return confirm_page(
        request,
        session,
        principal,
        "adm.users.reset",
        question,
        "adm.users.reset.do",
        f"/ui/admin/users/{user_id}/reset",
        "/ui/admin/users",
        section="users",
    )


def text(request: Request, key: str) -> str:
    return translate(key, language(request))


def confirm_page(
    request: Request,
    session: Session,
    principal: Principal,
    heading: str,
    question: str,
    confirm: str,
    action: str,
    back: str,
    *,
    section: str,
) -> HTMLResponse:
    return admin_page(
        request,
        session,
        principal,
        "admin_confirm.html",
        title_key=heading,
        heading=text(request, heading),
        question=question,
        confirm=text(request, confirm),
        action=action,
        back=back,
        section=section,
    )


@router.post("/ui/admin/users/{user_id:int}/reset", response_class=HTMLResponse)
def reset_password(request: Request, session: SessionDep, principal: Admin, user_id: int) -> HTMLResponse:
    password = _temporary_password()
    user = users.update_user(session, principal, user_id, UserUpdate(password=password))
    audit.record(session, principal, "user.update", "user", user.id, detail={"fields": ["password"]})
    secret = {"email": user.email, "password": password}
    return _user_page(request, session, principal, form={}, errors={}, secret=secret, created=False)


@router.post("/ui/admin/users/{user_id:int}/active", response_model=None)
async def set_active(
    request: Request, session: SessionDep, principal: Admin, user_id: int
) -> HTMLResponse | RedirectResponse:
    active = (await request.form()).get("active") == "true"
    try:
        user = users.update_user(session, principal, user_id, UserUpdate(is_active=active))
    except Conflict:
        session.rollback()
        error = translate("adm.err.self", language(request))
        return _user_page(request, session, principal, form={}, errors={}, error=error, status_code=409)
    audit.record(session, principal, "user.update", "user", user.id, detail={"fields": ["is_active"]})
    return RedirectResponse("/ui/admin/users", status_code=303)
