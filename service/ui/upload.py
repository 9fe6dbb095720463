"""Upload job ads in the web UI (suppliers and staff): choose a file, see what it will do, then confirm.

The file (JobSearch/JobStream JSON, or schema.org JobPosting JSON-LD; the format is recognised) is read
and checked whole first: with any error nothing is kept and every error is listed (line or ad, field),
as the command line and the API do. A valid file waits on the server (``models.FormHandoff``) under a
random token bound to the user who sent it; the preview page (a GET, so it survives a reload) shows what
will be created, updated and closed, and only the confirm button writes, through the same import as the
API. Confirming twice writes once: the second finds the upload done and shows its result.
"""

import hashlib
import re
import secrets
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session, col, delete, select

from matcher import default_taxonomy
from models import Contract, FormHandoff, Vacancy
from models.base import pk, utcnow
from models.enums import PlacementKind, Role
from service.auth.deps import SessionDep
from service.imports.jobposting import is_jobposting_file, parse_postings, read_postings
from service.imports.jobsearch import _Mapped, import_ads, parse_ads, read_ads
from service.platform import audit
from service.platform.errors import BadInput, MatcherError, NotFound
from service.platform.principal import Principal
from service.ui.i18n import language, translate
from service.ui.rendering import render
from service.ui.session import ui_require
from service.vacancies.service import _contract_for_writing, _visible_contracts

router = APIRouter(include_in_schema=False)
Uploader = Annotated[Principal, Depends(ui_require(Role.SUPPLIER, Role.STAFF))]
PURPOSE = "upload"
# Below the service's request limit (1 MB by default), so the page, not the server, says it is too big.
MAX_UPLOAD_BYTES = 900_000
KEEP = timedelta(hours=2)  # an unconfirmed upload is forgotten after this
PREVIEW_ROWS = 500


def _contracts(session: Session, principal: Principal) -> list[Contract]:
    query = select(Contract).where(col(Contract.id).in_(_visible_contracts(principal)))
    return list(session.exec(query.order_by(col(Contract.title))).all())


def _form(
    request: Request,
    session: Session,
    principal: Principal,
    *,
    form: dict[str, str],
    errors: list[str] | None = None,
    problem: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    return render(
        request,
        "upload.html",
        title_key="upl.title",
        principal=principal,
        session=session,
        active="vacancies",
        step="form",
        form=form,
        contracts=_contracts(session, principal),
        kinds=[k.value for k in PlacementKind],
        problem=problem,
        errors=errors or [],
        max_bytes=MAX_UPLOAD_BYTES,
        max_kb=MAX_UPLOAD_BYTES // 1000,
        status_code=status_code,
    )


@router.get("/ui/upload", response_class=HTMLResponse)
def upload_form(request: Request, session: SessionDep, principal: Uploader) -> HTMLResponse:
    return _form(request, session, principal, form={"kind": PlacementKind.EMPLOYMENT.value})


def _read(text: str) -> tuple[str, str, list[_Mapped]]:
    """(format, numbered_by, mapped ads) of an upload; BadInput with every problem if any."""
    if is_jobposting_file(text):
        numbered_by, ads = read_postings(text)
        return "jobposting", numbered_by, parse_postings(ads, numbered_by=numbered_by)
    numbered_by, ads = read_ads(text)
    return "jobsearch", numbered_by, parse_ads(ads, numbered_by=numbered_by)


@router.post("/ui/upload", response_class=HTMLResponse, response_model=None)
async def upload_preview(
    request: Request, session: SessionDep, principal: Uploader
) -> HTMLResponse | RedirectResponse:
    lang = language(request)
    data = await request.form()
    form = {"contract_id": str(data.get("contract_id", "")), "kind": str(data.get("kind", ""))}
    upload = data.get("file")
    filename, raw = "", b""
    if upload is not None and not isinstance(upload, str):
        filename = upload.filename or ""
        raw = await upload.read(MAX_UPLOAD_BYTES + 1)
        await upload.close()

    def refuse(problem_key: str, errors: list[str] | None = None, **args: Any) -> HTMLResponse:
        problem = translate(problem_key, lang).format(**args)
        return _form(request, session, principal, form=form, errors=errors, problem=problem, status_code=422)

    try:
        contract, requirement = _contract_for_writing(session, principal, int(form["contract_id"] or 0))
    except (ValueError, BadInput):
        return refuse("upl.err.contract")
    if form["kind"] not in {k.value for k in PlacementKind}:
        return refuse("upl.err.kind")
    if requirement is not None and form["kind"] not in requirement.placement_kinds:
        allowed = ", ".join(translate(f"kind.{k}", lang) for k in requirement.placement_kinds)
        return refuse("upl.err.kind_contract", allowed=allowed)
    if not filename:
        return refuse("upl.err.nofile")
    if len(raw) > MAX_UPLOAD_BYTES:
        return refuse("upl.err.size", kb=MAX_UPLOAD_BYTES // 1000)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return refuse("upl.err.encoding")
    try:
        fmt, _, _ = _read(text)
    except BadInput as exc:
        return refuse("upl.err.file", errors=error_lines(exc, lang))
    if principal.user_id is None:
        raise NotFound("uploads belong to a signed-in user")
    session.exec(delete(FormHandoff).where(col(FormHandoff.created_at) < utcnow() - KEEP))  # type: ignore[call-overload]
    token = secrets.token_urlsafe(32)
    audit.record(
        session, principal, "upload.preview", "contract", pk(contract),
        detail={"format": fmt, "bytes": len(raw), "kind": form["kind"]},
    )  # fmt: skip
    session.add(
        FormHandoff(
            token=token,
            user_id=principal.user_id,
            purpose=PURPOSE,
            body=text,
            digest=hashlib.sha256(text.encode()).hexdigest(),
            meta={
                "contract_id": pk(contract),
                "kind": form["kind"],
                "format": fmt,
                "filename": filename[-120:],
            },
        )
    )
    return RedirectResponse(f"/ui/upload/{token}", status_code=303)


def _handoff(session: Session, principal: Principal, token: str) -> FormHandoff:
    """The user's own upload under this token (anyone else's, or an old one, is not found)."""
    row = session.exec(
        select(FormHandoff).where(
            FormHandoff.token == token,
            FormHandoff.user_id == principal.user_id,
            FormHandoff.purpose == PURPOSE,
        )
    ).first()
    if row is None or (row.done_at is None and row.created_at < utcnow() - KEEP):
        raise NotFound("this upload does not exist or has expired; choose the file again")
    if row.done_at is None and hashlib.sha256(row.body.encode()).hexdigest() != row.digest:
        raise NotFound("this upload was changed after it was checked; choose the file again")
    return row


def _plan(session: Session, contract_id: int, mapped: list[_Mapped], lang: str) -> list[dict[str, str]]:
    """What confirming will do with each ad, as import_ads will do it: create, update, close or skip."""
    refs = [m.ref for m in mapped]
    existing = {
        v.ref: v
        for v in session.exec(
            select(Vacancy).where(Vacancy.contract_id == contract_id, col(Vacancy.ref).in_(refs))
        ).all()
    }
    taxonomy = default_taxonomy()
    rows = []
    for m in mapped:
        row = existing.get(m.ref)
        action = ("close" if row else "skip") if m.removed else ("update" if row else "create")
        municipality = taxonomy.municipality(m.values.get("municipality_code") or "")
        occupation = taxonomy.occupation(m.values.get("occupation_id") or "")
        rows.append(
            {
                "action": action,
                "title": m.values.get("title") or (row.title if row else m.ref),
                "municipality": municipality.name if municipality else "",
                "occupation": occupation.label if occupation else translate("upl.occupation.text", lang),
                "vacancy_id": str(row.id) if row else "",
            }
        )
    return rows


@router.get("/ui/upload/{token}", response_class=HTMLResponse)
def upload_page(request: Request, session: SessionDep, principal: Uploader, token: str) -> HTMLResponse:
    lang = language(request)
    handoff = _handoff(session, principal, token)
    meta = handoff.meta
    contract, _ = _contract_for_writing(session, principal, int(meta["contract_id"]))
    common: dict[str, Any] = {
        "principal": principal,
        "session": session,
        "active": "vacancies",
        "contract": contract,
        "meta": meta,
        "token": token,
        "kinds": [],
    }
    if handoff.done_at is not None:
        ids = [int(i) for i in handoff.result.get("vacancy_ids", [])]
        placements = session.exec(select(Vacancy).where(col(Vacancy.id).in_(ids or [-1]))).all()
        return render(
            request,
            "upload.html",
            title_key="upl.done.title",
            step="done",
            result=handoff.result,
            placements=sorted(placements, key=lambda v: ids.index(pk(v))),
            **common,
        )
    try:
        _, _, mapped = _read(handoff.body)
    except BadInput as exc:  # a taxonomy change since the check: start again, nothing was written
        return render(
            request,
            "upload.html",
            title_key="upl.title",
            step="form",
            form={"contract_id": str(meta["contract_id"]), "kind": meta["kind"]},
            contracts=_contracts(session, principal),
            problem=translate("upl.err.file", lang),
            errors=error_lines(exc, lang),
            max_bytes=MAX_UPLOAD_BYTES,
            max_kb=MAX_UPLOAD_BYTES // 1000,
            status_code=422,
            **{k: v for k, v in common.items() if k != "kinds"},
            kinds=[k.value for k in PlacementKind],
        )
    rows = _plan(session, pk(contract), mapped, lang)
    counts = {a: sum(r["action"] == a for r in rows) for a in ("create", "update", "close", "skip")}
    return render(
        request,
        "upload.html",
        title_key="upl.preview.title",
        step="preview",
        rows=rows[:PREVIEW_ROWS],
        more=max(0, len(rows) - PREVIEW_ROWS),
        counts=counts,
        **common,
    )


@router.post("/ui/upload/{token}/confirm", response_model=None)
def upload_confirm(request: Request, session: SessionDep, principal: Uploader, token: str) -> Response:
    handoff = _handoff(session, principal, token)
    if handoff.done_at is None:
        meta = handoff.meta
        contract, _ = _contract_for_writing(session, principal, int(meta["contract_id"]))
        try:
            fmt, numbered_by, mapped = _read(handoff.body)
            report = import_ads(
                session,
                contract,
                mapped,
                kind=PlacementKind(meta["kind"]),
                numbered_by=numbered_by,
                principal=principal,
                source=fmt,
            )
        except MatcherError as exc:  # the contract changed since the preview (its kinds, say)
            session.rollback()
            lang = language(request)
            errors = error_lines(exc, lang) if isinstance(exc, BadInput) else [exc.message]
            form = {"contract_id": str(meta["contract_id"]), "kind": str(meta["kind"])}
            problem = translate("upl.err.file", lang)
            return _form(
                request, session, principal, form=form, errors=errors, problem=problem, status_code=422
            )
        handoff.result = {
            "created": report.created,
            "updated": report.updated,
            "closed": report.closed,
            "skipped": report.skipped,
            "vacancy_ids": report.vacancy_ids,
        }
        handoff.body = ""  # the file has done its work; only the outcome is kept
        handoff.done_at = utcnow()
        session.add(handoff)
    else:
        request.state.audited = True  # a second click imported nothing: nothing to record
    return RedirectResponse(f"/ui/upload/{token}", status_code=303)


# The importers' messages (English, for the API and the command line) in the user's language.
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^not valid JSON"), "upl.msg.json"),
    (re.compile(r"^an ad needs a (title|headline)"), "upl.msg.title"),
    (re.compile(r"^an ad needs an identifier"), "upl.msg.identifier"),
    (re.compile(r"^the same ad is also at \w+ (?P<n>\d+)"), "upl.msg.duplicate"),
    (re.compile(r"^not a date"), "upl.msg.date"),
    (re.compile(r"^ends before datePosted"), "upl.msg.ends"),
    (re.compile(r"^expected JobPosting"), "upl.msg.type"),
    (re.compile(r"^expected a JobPosting object"), "upl.msg.type"),
    (re.compile(r"^unknown municipality code"), "upl.msg.municipality"),
    (re.compile(r"^unknown driving licence"), "upl.msg.licence"),
    (re.compile(r"^unknown language"), "upl.msg.language"),
    (re.compile(r"^not a whole number|^Input should be a valid integer"), "upl.msg.number"),
    (re.compile(r"^Field required"), "upl.msg.required"),
    (re.compile(r"^String should have at most (?P<n>\d+)"), "upl.msg.too_long"),
    (re.compile(r"^Input should be (less|greater)"), "upl.msg.range"),
    (re.compile(r"^expected latitude and longitude|^expected \[longitude, latitude\]"), "upl.msg.geo"),
    (re.compile(r"^allowed: "), "upl.msg.kinds"),
]


def error_lines(exc: BadInput, lang: str) -> list[str]:
    """Each problem as one line for people: "Rad 3, fältet title: Annonsen saknar rubrik."."""
    lines = []
    for problem in exc.errors or []:
        where = next(((k, problem[k]) for k in ("line", "ad") if k in problem), None)
        message = str(problem.get("message", ""))
        # Anything not listed is still said in the user's language, with the technical words after it.
        text = translate("upl.msg.other", lang).format(original=message)
        for pattern, key in _MESSAGES:
            if m := pattern.search(message):
                text = translate(key, lang).format(n=m.groupdict().get("n", ""), original=message)
                break
        fld = str(problem.get("field", ""))
        head = translate(f"upl.where.{where[0]}", lang).format(n=where[1]) if where else ""
        field_text = translate("upl.where.field", lang).format(field=fld) if fld and fld != "(line)" else ""
        lines.append(
            ", ".join(p for p in (head, field_text) if p) + (": " if head or field_text else "") + text
        )
    if not lines:
        message = exc.message
        if "no JobPosting" in message:
            message = translate("upl.msg.empty", lang)
        for pattern, key in _MESSAGES:
            if pattern.search(message):
                message = translate(key, lang).format(n="", original=message)
                break
        lines.append(message)
    return lines


__all__ = ["MAX_UPLOAD_BYTES", "error_lines", "router"]
