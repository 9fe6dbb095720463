"""Staff pages for possible duplicates ("möjliga dubbletter"): the list, the side-by-side merge screen, and
dismissing a flag. Names and personnummer are shown to compare, so each person shown is an identity read
on the audit trail; the merge itself goes through ``service.seekers.merge`` (one transaction, audited).
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, func, select

from models import JobSeeker, SeekerDuplicate, SeekerIdentity
from models.enums import Role
from service.auth.deps import SessionDep
from service.platform.audit import record
from service.platform.errors import BadInput
from service.platform.principal import Principal
from service.seekers import merge
from service.seekers.service import SeekerMerged, owned_seeker
from service.ui.i18n import language
from service.ui.paging import PAGE_SIZE, paging
from service.ui.profile_view import language_name, municipality_name
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
Staff = Annotated[Principal, Depends(ui_require(Role.STAFF))]
LIST_FIELDS = frozenset({"experiences", "skills", "languages", "licences", "wanted_kinds"})


def open_flag_count(session: Session, principal: Principal) -> int:
    """How many possible duplicates are open for the actor."""
    query = select(func.count()).where(
        SeekerDuplicate.matching_actor_id == principal.organisation_id, SeekerDuplicate.status == "open"
    )
    return int(session.exec(query).one())


def flags_of(session: Session, principal: Principal, seeker_id: int) -> list[dict[str, Any]]:
    """The person's open possible duplicates, each with the other record's id and ref."""
    query = select(SeekerDuplicate).where(
        SeekerDuplicate.matching_actor_id == principal.organisation_id,
        SeekerDuplicate.status == "open",
        (col(SeekerDuplicate.seeker_id) == seeker_id) | (col(SeekerDuplicate.other_id) == seeker_id),
    )
    out = []
    for flag in session.exec(query.order_by(col(SeekerDuplicate.id))).all():
        other_id = flag.other_id if flag.seeker_id == seeker_id else flag.seeker_id
        other = session.get(JobSeeker, other_id)
        out.append({"flag": flag, "other_id": other_id, "other_ref": other.ref if other else str(other_id)})
    return out


def _people(session: Session, ids: set[int]) -> dict[int, tuple[JobSeeker, SeekerIdentity | None]]:
    seekers = session.exec(select(JobSeeker).where(col(JobSeeker.id).in_(ids))).all()
    idents = {
        i.seeker_id: i
        for i in session.exec(select(SeekerIdentity).where(col(SeekerIdentity.seeker_id).in_(ids)))
    }
    return {int(s.id or 0): (s, idents.get(int(s.id or 0))) for s in seekers}


@router.get("/ui/seekers/duplicates", response_class=HTMLResponse)
def duplicates(
    request: Request, session: SessionDep, principal: Staff, page: int = 1, notice: str = ""
) -> HTMLResponse:
    page = max(1, page)
    rows, total = merge.open_flags(session, principal, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    people = _people(session, {r.seeker_id for r in rows} | {r.other_id for r in rows})
    for seeker_id in sorted(people):
        record(session, principal, "seeker.identity.read", "seeker", seeker_id, seeker_id=seeker_id,
               detail={"via": "duplicates"})  # fmt: skip
    record(session, principal, "seeker.duplicates.list", "seeker", detail={"count": len(rows)})
    return render(
        request,
        "seeker_duplicates.html",
        title_key="dup.title",
        principal=principal,
        session=session,
        active="seekers",
        rows=rows,
        people=people,
        notice=notice,
        paging=paging(total, page, {}),
    )


def _value(seeker: JobSeeker, ident: SeekerIdentity | None, name: str) -> Any:
    if name in merge.IDENTITY_FIELDS:
        return getattr(ident, name) if ident else None
    return getattr(seeker, name)


def _shown(name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if name == "experiences":
        return ", ".join(f"{x.get('title', '')} ({x.get('years', '')})" for x in value)
    if name == "languages":
        return ", ".join(f"{language_name(str(x.get('code', '')))} {x.get('level', '')}" for x in value)
    if name == "municipality_code":
        return f"{municipality_name(value)} ({value})"  # the name staff know, the code to tell two apart
    if name in LIST_FIELDS:
        return ", ".join(str(v) for v in value)
    return str(value)


@router.get("/ui/seekers/{seeker_id:int}/merge/{other_id:int}", response_model=None)
def merge_screen(
    request: Request, session: SessionDep, principal: Staff, seeker_id: int, other_id: int
) -> Response:
    try:
        return _merge_page(request, session, principal, seeker_id, other_id)
    except SeekerMerged as exc:
        # Merged already (by a colleague, or in a second tab): the person lives on in the survivor.
        return _to_survivor(exc)


def _to_survivor(exc: SeekerMerged) -> RedirectResponse:
    return RedirectResponse(f"/ui/seekers/{exc.survivor_id}?merged_from={exc.merged_id}", status_code=303)


def _merge_page(
    request: Request,
    session: Session,
    principal: Principal,
    seeker_id: int,
    other_id: int,
) -> HTMLResponse:
    # The older record is offered as the one that stays: its id is the one links and lists know.
    first = owned_seeker(session, principal, min(seeker_id, other_id))
    second = owned_seeker(session, principal, max(seeker_id, other_id))
    if first.id == second.id:
        raise BadInput("a record cannot be merged with itself")
    idents = (merge.identity_of(session, int(first.id or 0)), merge.identity_of(session, int(second.id or 0)))
    sides = merge.default_sides(first, second, idents)
    fields = []
    for name in merge.IDENTITY_FIELDS + merge.PROFILE_FIELDS:
        a, b = _value(first, idents[0], name), _value(second, idents[1], name)
        fields.append(
            {
                "name": name,
                "a": _shown(name, a),
                "b": _shown(name, b),
                "same": a == b,
                "pick": "b" if sides[name] == "merged" else "a",
            }
        )
    for person in (first, second):
        record(session, principal, "seeker.identity.read", "seeker", person.id, seeker_id=person.id,
               detail={"via": "merge"})  # fmt: skip
    consent = merge.stricter(first.consent, second.consent)
    return render(
        request,
        "seeker_merge.html",
        title_key="dup.merge.title",
        principal=principal,
        session=session,
        active="seekers",
        first=first,
        second=second,
        fields=fields,
        consent=consent,
        lang=language(request),
    )


@router.post("/ui/seekers/{seeker_id:int}/merge/{other_id:int}", response_model=None)
async def merge_post(
    request: Request, session: SessionDep, principal: Staff, seeker_id: int, other_id: int
) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    first, second = min(seeker_id, other_id), max(seeker_id, other_id)
    survivor, merged = (second, first) if form.get("survivor") == "b" else (first, second)
    keep: dict[str, merge.Side] = {}
    for name in merge.IDENTITY_FIELDS + merge.PROFILE_FIELDS:
        pick = form.get(f"keep_{name}")
        if pick in ("a", "b"):
            chosen = first if pick == "a" else second
            keep[name] = "survivor" if chosen == survivor else "merged"
    try:
        merge.merge_seekers(
            session, principal, merge.MergeRequest(survivor_id=survivor, merged_id=merged, keep=keep)
        )
    except SeekerMerged as exc:
        session.rollback()
        # Its own event, so that the route's declared "seeker.merge" is not written for a merge refused.
        record(session, principal, "seeker.merge.refused", "seeker", exc.merged_id, seeker_id=exc.merged_id,
               detail={"reason": "already_merged", "survivor_id": exc.survivor_id})  # fmt: skip
        return _to_survivor(exc)
    return RedirectResponse(f"/ui/seekers/{survivor}?merged_from={merged}", status_code=303)


@router.post("/ui/seekers/duplicates/{duplicate_id:int}/dismiss", response_model=None)
def dismiss(session: SessionDep, principal: Staff, duplicate_id: int) -> RedirectResponse:
    merge.dismiss_flag(session, principal, duplicate_id)
    return RedirectResponse("/ui/seekers/duplicates?notice=dismissed", status_code=303)
