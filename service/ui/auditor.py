"""The auditor's pages: the audit trail (filters, paging, CSV export) and the fairness report.

Both read through the same services as the API (``service.audit_log.service``,
``service.reporting.fairness``) and log their reads the same way.
"""

import io
import json
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from models import AuditEvent, User
from models.enums import Role
from models.placement import RefusalReason
from service.audit_log.service import AuditFilter, list_events
from service.auth.deps import SessionDep
from service.platform import audit
from service.platform.errors import BadInput
from service.platform.formats import decimal, percent
from service.platform.principal import Principal
from service.reporting.csv_cells import csv_writer
from service.reporting.fairness import FOUR_FIFTHS, FairnessReport, fairness_report
from service.reviews.refusals import LABELS
from service.ui.charts import Bar, Marker, bar_chart
from service.ui.i18n import has_message, language, translate
from service.ui.paging import PAGE_SIZE, clamp, paging
from service.ui.rendering import render
from service.ui.session import ui_require

router = APIRouter(include_in_schema=False)
Auditor = Annotated[Principal, Depends(ui_require(Role.AUDITOR))]
EXPORT_MAX = 50_000


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value.strip() else None
    except ValueError:
        return None


def _audit_filter(session: Session, form: dict[str, str], errors: dict[str, str], lang: str) -> AuditFilter:
    """The page's fields as the service's filter; a bad field is named in ``errors``, not guessed."""
    since, until = _day(form["from"]), _day(form["to"])
    for name, parsed in (("from", since), ("to", until)):
        if form[name].strip() and parsed is None:
            errors[name] = translate("aud.bad_date", lang)
    actor = form["actor"].strip() or None
    if actor and "@" in actor:
        user = session.exec(select(User).where(User.email == actor.lower())).first()
        actor = f"user:{user.id}" if user else "user:none"
    return AuditFilter(
        action=form["action"] or None,
        object_type=form["object_type"].strip() or None,
        since=datetime.combine(since, time.min) if since else None,
        until=datetime.combine(until + timedelta(days=1), time.min) if until else None,
        actor=actor,
        object_id=form["object_id"].strip() or None,
    )


def _form(request: Request) -> dict[str, str]:
    fields = ("actor", "action", "object_type", "object_id", "from", "to")
    return {k: request.query_params.get(k, "")[:100] for k in fields}


def _distinct(session: Session, column: Any) -> list[str]:
    return sorted(str(a) for a in session.exec(select(column).distinct()).all())


def _names(session: Session, rows: list[AuditEvent]) -> dict[int, str]:
    ids = {r.actor_user_id for r in rows if r.actor_user_id is not None}
    users = session.exec(select(User).where(col(User.id).in_(ids))).all() if ids else []
    return {u.id: f"{u.full_name} <{u.email}>" for u in users if u.id is not None}


@router.get("/ui/audit", response_class=HTMLResponse)
def audit_log(request: Request, session: SessionDep, principal: Auditor, page: int = 1) -> HTMLResponse:
    lang = language(request)
    form, errors = _form(request), dict[str, str]()
    where = _audit_filter(session, form, errors, lang)
    rows: list[AuditEvent] = []
    total = 0
    if not errors:
        try:
            rows, total = list_events(session, where, (max(page, 1) - 1) * PAGE_SIZE, PAGE_SIZE)
            if not rows and total:  # a page past the end (the log shrank, or a typed URL): the last page
                rows, total = list_events(session, where, clamp(page, total)[1], PAGE_SIZE)
        except BadInput:
            errors["to"] = translate("aud.to_before_from", lang)
    query = urlencode({k: v for k, v in form.items() if v})
    return render(
        request,
        "auditor_log.html",
        title_key="aud.title",
        principal=principal,
        session=session,
        active="audit",
        form=form,
        errors=errors,
        actions=_distinct(session, AuditEvent.action),
        object_types=_distinct(session, AuditEvent.object_type),
        rows=rows,
        names=_names(session, rows),
        paging=paging(total, page, form),
        query=query,
        role_name=lambda r: translate(f"role.{r}", lang) if has_message(f"role.{r}") else r,
        detail=lambda d: json.dumps(d, ensure_ascii=False, sort_keys=True)[:300],
        status_code=422 if errors else 200,
    )


@router.get("/ui/audit.csv", response_model=None)
def audit_csv(request: Request, session: SessionDep, principal: Auditor) -> Response:
    lang = language(request)
    errors: dict[str, str] = {}
    where = _audit_filter(session, _form(request), errors, lang)
    if errors:
        raise BadInput(next(iter(errors.values())))
    rows, total = list_events(session, where, 0, EXPORT_MAX)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(
        [
            "id",
            "at",
            "actor_label",
            "actor_role",
            "action",
            "object_type",
            "object_id",
            "subject_seeker",
            "detail",
        ]
    )
    for r in rows:
        writer.writerow(
            [
                r.id,
                r.at.isoformat(),
                r.actor_label,
                r.actor_role,
                r.action,
                r.object_type,
                r.object_id or "",
                r.subject_seeker or "",
                json.dumps(r.detail, ensure_ascii=False, sort_keys=True),
            ]
        )
    # Exporting the trail is itself an event on the trail.
    audit.record(session, principal, "audit.export", "report", "audit.csv", detail={"rows": len(rows)})
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="granskningslogg-{date.today()}.csv"',
            "Cache-Control": "no-store",
            "X-Total-Count": str(total),
        },
    )


def _group_label(group: str, lang: str) -> str:
    """``female & born_abroad`` → ``Kvinna & Född utomlands``; age bands stay as written."""
    parts = []
    for part in group.split(" & "):
        key = f"fair.g.{part}"
        parts.append(translate(key, lang) if key in _KNOWN_GROUPS else part)
    return " & ".join(parts)


def _reason_label(code: str, lang: str) -> str:
    """A refusal reason's label in the reader's language; ``no_code`` for refusals from before codes."""
    try:
        sv, en = LABELS[RefusalReason(code)]
    except ValueError:
        return translate("refusal.fair.no_code", lang)
    return (sv if lang == "sv" else en).capitalize()


_KNOWN_GROUPS = {f"fair.g.{g}" for g in ("female", "male", "other", "born_abroad", "born_in_sweden")}


def _charts(report: FairnessReport, lang: str) -> dict[tuple[str, str], Any]:
    """Per stage and attribute: impact ratios with their intervals against the four-fifths line."""
    out = {}
    marker = [Marker(FOUR_FIFTHS, translate("fair.four_fifths_short", lang))]
    for stage in report.stages:
        for attr in stage.attributes:
            bars = [
                Bar(
                    label=_group_label(g.group, lang),
                    value=g.impact_ratio or 0.0,
                    text=decimal(g.impact_ratio, 2, lang) if g.impact_ratio is not None else "–",
                    low=g.ratio_ci_low,
                    high=g.ratio_ci_high,
                    tone="muted" if g.small else ("bad" if g.below_four_fifths else "normal"),
                )
                for g in attr.groups
            ]
            name = translate("fair.chart_name", lang).format(
                stage=translate(f"fair.stage.{stage.stage}", lang),
                attribute=translate(f"fair.attr.{attr.attribute}", lang),
            )
            out[(stage.stage, attr.attribute)] = bar_chart(bars, name=name, scale_max=1.5, markers=marker)
    return out


@router.get("/ui/fairness", response_class=HTMLResponse)
def fairness(request: Request, session: SessionDep, principal: Auditor) -> HTMLResponse:
    lang = language(request)
    raw = {k: request.query_params.get(k, "")[:10] for k in ("from", "to")}
    end = _day(raw["to"]) or date.today()
    start = _day(raw["from"]) or end - timedelta(days=365)
    errors = {k: translate("aud.bad_date", lang) for k in raw if raw[k] and _day(raw[k]) is None}
    if start > end:
        errors["to"] = translate("aud.to_before_from", lang)
    report = None
    if not errors:
        # As in the API: reading protected attributes, even aggregated, is logged like personal data.
        audit.record(
            session,
            principal,
            "fairness.read",
            "report",
            "fairness",
            detail={"from": str(start), "to": str(end)},
        )
        report = fairness_report(session, start, end)
    return render(
        request,
        "auditor_fairness.html",
        title_key="fair.title",
        principal=principal,
        session=session,
        active="fairness",
        form={"from": raw["from"] or str(start), "to": raw["to"] or str(end)},
        errors=errors,
        report=report,
        charts=_charts(report, lang) if report else {},
        group_label=lambda g: _group_label(g, lang),
        reason_label=lambda code: _reason_label(code, lang),
        pct=lambda v: percent(v, lang),
        num=lambda v, d: decimal(v, d, lang),
        status_code=422 if errors else 200,
    )
