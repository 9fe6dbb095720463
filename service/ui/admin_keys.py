"""The admin's page for machine clients' API keys: create (the key is shown once), list and revoke.

Through ``service.organisations.users`` with the same audit events as ``/admin/api-keys``.
"""

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from models import ApiKey
from service.auth.deps import SessionDep
from service.organisations import users
from service.organisations.users import ApiKeyCreate
from service.platform import audit
from service.platform.errors import BadInput, NotFound
from service.platform.principal import Principal
from service.ui.admin import Admin, admin_page, all_organisations, confirm_page, form_fields, text
from service.ui.handoff import hand_over_key, one_time_key
from service.ui.i18n import language, translate
from service.ui.paging import PAGE_SIZE, clamp, paging

router = APIRouter(include_in_schema=False)


@router.get("/ui/admin/api-keys", response_class=HTMLResponse)
def key_list(
    request: Request, session: SessionDep, principal: Admin, page: int = 1, shown: str = ""
) -> HTMLResponse:
    # A key just made is shown once, here, after the redirect: a reload shows it no more, makes none.
    new_key = one_time_key(session, principal, shown) if shown else None
    return _key_page(request, session, principal, form={}, errors={}, page=page, new_key=new_key)


def _key_page(
    request: Request, session: Session, principal: Principal, *, page: int = 1, **context: Any
) -> HTMLResponse:
    orgs = all_organisations(session)
    total = users.list_api_keys(session, 0, 1, include_revoked=True)[1]
    page, offset = clamp(page, total)
    return admin_page(
        request,
        session,
        principal,
        "admin_keys.html",
        title_key="adm.keys",
        keys=users.list_api_keys(session, offset, PAGE_SIZE, include_revoked=True)[0],
        paging=paging(total, page, {}),
        organisations=orgs,
        org_names={o.id: o.name for o in orgs},
        **context,
    )


@router.post("/ui/admin/api-keys", response_class=HTMLResponse, response_model=None)
async def create_key(request: Request, session: SessionDep, principal: Admin) -> Response:
    form = form_fields(await request.form())
    lang = language(request)
    try:
        org_id = int(form.get("organisation_id", "0") or 0)
        created = users.create_api_key(
            session, ApiKeyCreate(name=form.get("name", "").strip(), organisation_id=org_id)
        )
    except (ValidationError, ValueError):
        errors = {"name": translate("adm.err.required", lang)}
    except BadInput:
        errors = {"organisation_id": translate("adm.err.organisation", lang)}
    else:
        audit.record(
            session, principal, "apikey.create", "api_key", created.id, detail={"prefix": created.prefix}
        )
        # POST-redirect-GET: reloading the page that shows the key never posts the form again.
        token = hand_over_key(session, principal, created.name, created.key)
        return RedirectResponse(f"/ui/admin/api-keys?{urlencode({'shown': token})}", status_code=303)
    session.rollback()
    return _key_page(request, session, principal, form=form, errors=errors, status_code=422)


@router.get("/ui/admin/api-keys/{key_id:int}/revoke", response_class=HTMLResponse)
def confirm_revoke(request: Request, session: SessionDep, principal: Admin, key_id: int) -> HTMLResponse:
    """Revoking cannot be undone either: the machine client stops working until it gets a new key."""
    key = session.get(ApiKey, key_id)
    if key is None or key.revoked_at is not None:
        raise NotFound(f"API key {key_id} does not exist or is revoked")
    question = text(request, "adm.keys.revoke.confirm").format(name=key.name, prefix=key.prefix)
    return confirm_page(
        request,
        session,
        principal,
        "adm.keys.revoke",
        question,
        "adm.keys.revoke.do",
        f"/ui/admin/api-keys/{key_id}/revoke",
        "/ui/admin/api-keys",
        section="keys",
    )


@router.post("/ui/admin/api-keys/{key_id:int}/revoke", response_model=None)
def revoke_key(session: SessionDep, principal: Admin, key_id: int) -> Response:
    users.revoke_api_key(session, key_id)
    audit.record(session, principal, "apikey.revoke", "api_key", key_id)
    return RedirectResponse("/ui/admin/api-keys", status_code=303)
