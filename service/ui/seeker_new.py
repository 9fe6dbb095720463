"""Staff register a job seeker in the web UI, with the same duplicate checks as the API and the import:
the same personnummer as one of the actor's people is refused on the form with a link to that person;
a probable duplicate is registered and its page says so ("kan vara registrerad två gånger")."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from matcher import default_taxonomy
from models.enums import ConsentStatus, Role
from models.seeker import JobSeekerCreate
from service.auth.deps import SessionDep
from service.platform.errors import BadInput, Conflict
from service.platform.principal import Principal
from service.seekers import service
from service.seekers.duplicates import DuplicateSeeker
from service.ui.i18n import language, translate
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
Staff = Annotated[Principal, Depends(ui_require(Role.STAFF))]
FIELDS = (
    "ref",
    "full_name",
    "personal_number",
    "email",
    "phone",
    "municipality_code",
    "profile_text",
    "consent",
)
MESSAGES = {  # a field's validation error → the message key shown next to it
    "ref": "adm.err.required",
    "full_name": "adm.err.required",
    "personal_number": "newseek.err.pnr",
    "municipality_code": "adm.err.municipality",
    "consent": "newseek.err.consent",
}


def _page(request: Request, session: SessionDep, principal: Principal, **context: Any) -> HTMLResponse:
    return render(
        request,
        "seeker_new.html",
        title_key="newseek.title",
        principal=principal,
        session=session,
        active="seekers",
        consents=[c.value for c in ConsentStatus],
        municipalities=sorted(default_taxonomy().municipalities(), key=lambda m: m.name),
        **context,
    )


@router.get("/ui/seekers/new", response_class=HTMLResponse)
def new_seeker(request: Request, session: SessionDep, principal: Staff) -> HTMLResponse:
    return _page(request, session, principal, form={}, errors={})


def _body(form: dict[str, str], actor_id: int) -> dict[str, Any]:
    identity = {
        "full_name": form["full_name"],
        "personal_number": form["personal_number"] or None,
        "email": form["email"] or None,
        "phone": form["phone"] or None,
    }
    return {
        "ref": form["ref"],
        "matching_actor_id": actor_id,
        "profile_text": form["profile_text"],
        "municipality_code": form["municipality_code"] or None,
        "consent": form["consent"],
        "identity": identity,
    }


@router.post("/ui/seekers/new", response_model=None)
async def create(request: Request, session: SessionDep, principal: Staff) -> Response:
    raw = await request.form()
    form = {k: str(raw.get(k, "")).strip()[: 5000 if k == "profile_text" else 200] for k in FIELDS}
    lang = language(request)
    errors: dict[str, str] = {}
    existing: int | None = None
    try:
        body = JobSeekerCreate.model_validate(_body(form, principal.organisation_id or 0))
        row = service.create_seeker(session, principal, body)
    except ValidationError as exc:
        for e in exc.errors():
            field = str(e["loc"][-1] if e["loc"][0] == "identity" else e["loc"][0])
            errors[field] = translate(MESSAGES.get(field, "adm.err.required"), lang)
    except DuplicateSeeker as exc:
        errors["personal_number"] = translate("newseek.err.duplicate", lang)
        existing = exc.existing_id
    except Conflict:
        errors["ref"] = translate("newseek.err.ref", lang)
    except BadInput as exc:
        if "municipality" in exc.message:
            errors["municipality_code"] = translate("newseek.err.municipality", lang)
        else:
            errors["profile_text"] = translate("newseek.err.profile", lang)
    if errors:
        session.rollback()
        return _page(
            request, session, principal, form=form, errors=errors, existing=existing, status_code=422
        )
    return RedirectResponse(f"/ui/seekers/{row.id}", status_code=303)
