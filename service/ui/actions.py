"""What the pages change: computing shortlists, decisions, manual additions, feedback, vacancies.

Each action checks the caller, writes its audit event in the same transaction and only flushes; the
request session commits.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from matcher import CEFR_LEVELS
from matcher.rank.calibration import MatchEstimate, has_job_evidence
from models import Proposal, Shortlist, ShortlistEntry, Vacancy
from models.base import pk, utcnow
from models.enums import Decision, FeedbackOutcome, ProposalStatus, ReasonCode
from models.placement import RefusalReason, SupplierFeedbackCreate
from models.shortlist import ReviewDecisionCreate
from models.vacancy import VacancyCreate, VacancyUpdate
from service.engine.pools import get_ranking_engine
from service.platform.audit import record
from service.platform.errors import BadInput, NotFound
from service.platform.principal import Principal
from service.reviews import service as reviews
from service.reviews.outcomes import give_feedback_once
from service.reviews.schemas import DecisionResult, ManualEntryCreate
from service.shortlists import service as shortlists
from service.shortlists.schemas import VacancyMatch
from service.system.service import is_manual_mode
from service.ui.explain_view import MatchLabel, match_label
from service.vacancies import service as vacancies


def compute_shortlist(session: Session, principal: Principal, vacancy_id: int) -> Shortlist:
    shortlist, _cached = shortlists.compute_shortlist(session, principal, vacancy_id, get_ranking_engine())
    return shortlist


def vacancy_of_entry(session: Session, entry_id: int) -> int:
    row = session.exec(
        select(Shortlist.vacancy_id)
        .join(ShortlistEntry, col(ShortlistEntry.shortlist_id) == col(Shortlist.id))
        .where(ShortlistEntry.id == entry_id)
    ).first()
    if row is None:
        raise NotFound(f"shortlist entry {entry_id} does not exist")
    return int(row)


def vacancy_of_proposal(session: Session, proposal_id: int) -> int:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFound(f"proposal {proposal_id} does not exist")
    return proposal.vacancy_id


def decide(
    session: Session,
    principal: Principal,
    entry_id: int,
    decision: Decision,
    reason_code: ReasonCode,
    comment: str,
    expected_version: int | None,
    supplier_text: str | None = None,
    idempotency_key: str | None = None,
) -> DecisionResult:
    body = ReviewDecisionCreate(
        decision=decision,
        reason_code=reason_code,
        comment=comment,
        expected_version=expected_version,
        supplier_text=supplier_text if decision == Decision.PROPOSE and supplier_text else None,
    )
    # The form's key (one per rendered form): a double click or a resent form answers as the first post.
    result, _replayed = reviews.decide_once(session, principal, entry_id, body, idempotency_key)
    return result


def add_manual(session: Session, principal: Principal, vacancy_id: int, seeker_id: int, reason: str) -> None:
    reviews.add_manual(session, principal, vacancy_id, ManualEntryCreate(seeker_id=seeker_id, reason=reason))


def feedback(
    session: Session,
    principal: Principal,
    proposal_id: int,
    outcome: FeedbackOutcome,
    reason: str,
    placement_start: date | None,
    reason_code: RefusalReason | None = None,
    idempotency_key: str | None = None,
) -> None:
    body = SupplierFeedbackCreate(
        outcome=outcome, reason=reason, reason_code=reason_code, placement_start=placement_start
    )
    give_feedback_once(session, principal, proposal_id, body, idempotency_key)


@dataclass
class MatchView:
    match: MatchLabel  # the calibrated band, comparable across lists
    rank: int  # among the placements shown
    reasons: list[dict[str, Any]]
    marker: ProposalStatus | None  # this seeker's proposal for the vacancy, if any


def vacancies_for(session: Session, principal: Principal, seeker_id: int) -> list[tuple[MatchView, Vacancy]]:
    if is_manual_mode(session):
        return []
    found = shortlists.vacancies_for_seeker(session, principal, seeker_id, get_ranking_engine(), k=10)
    rows = session.exec(
        select(Proposal.vacancy_id, Proposal.status).where(
            Proposal.seeker_id == seeker_id, Proposal.status != ProposalStatus.WITHDRAWN
        )
    ).all()
    markers = {int(v): ProposalStatus(s) for v, s in rows}
    out = []
    for m in found.items:
        vacancy = session.get(Vacancy, m.vacancy_id)
        if vacancy is not None:
            reasons = [r.model_dump() for r in m.reasons]
            view = MatchView(_label(m), m.rank, reasons, markers.get(m.vacancy_id))
            out.append((view, vacancy))
    return out


def _label(m: VacancyMatch) -> MatchLabel:
    if m.match_band is None or m.match_probability is None:
        return match_label(None)
    evidence = has_job_evidence([c.model_dump() for c in m.contributions], m.matched_skills)
    return match_label(MatchEstimate(m.match_probability, m.match_band, evidence))


class FormErrors(Exception):
    """Bad fields of a form: field name → a translation key (``ferr.…``) or a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors


def _date_field(form: dict[str, Any], name: str, errors: dict[str, str]) -> str | None:
    """A date typed in a form (YYYY-MM-DD), or None; a malformed one is named in ``errors``."""
    value = str(form.get(name, "")).strip()
    if not value:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        errors[name] = "ferr.date"
        return None
    return value


def _int_field(form: dict[str, Any], name: str, lo: int, hi: int, errors: dict[str, str]) -> int | None:
    raw = str(form.get(name, "")).strip()
    if not raw:
        return None
    if not raw.isdigit() or not lo <= int(raw) <= hi:
        errors[name] = f"ferr.number|{lo}|{hi}"
        return None
    return int(raw)


def _languages(raw: str, errors: dict[str, str]) -> list[dict[str, str | None]]:
    """ "en:B1, ar" → [{"code": "en", "level": "B1"}, {"code": "ar", "level": None}]."""
    out: list[dict[str, str | None]] = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        raw_code, _, raw_level = part.partition(":")
        code, level = raw_code.strip().lower(), raw_level.strip().upper() or None
        if not code.isalpha() or len(code) not in (2, 3) or (level and level not in CEFR_LEVELS):
            errors["other_languages"] = "ferr.languages"
            return []
        out.append({"code": code, "level": level})
    return out


def _values(form: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """Form fields → the vacancy service's fields; problems the service cannot name go to ``errors``."""
    from matcher import default_taxonomy

    def skills(name: str) -> list[str]:
        return [s.strip() for s in str(form.get(name, "")).split(",") if s.strip()]

    municipality = str(form.get("municipality_code", "")).strip() or None
    place = default_taxonomy().municipality(municipality) if municipality else None
    if municipality and place is None:
        errors["municipality_code"] = "ferr.municipality"
    start, deadline = (_date_field(form, name, errors) for name in ("start_date", "application_deadline"))
    licences = [str(x) for x in form.get("licences_required", []) if str(x)]
    if any(x not in LICENCES for x in licences):
        errors["licences_required"] = "ferr.licences"
    level = str(form.get("swedish_level", "")) or None
    if level and level not in CEFR_LEVELS:
        errors["swedish_level"] = "ferr.level"
        level = None
    return {
        "title": str(form.get("title", "")).strip(),
        "description": str(form.get("description", "")),
        "occupation_id": form.get("occupation_id") or None,
        "municipality_code": municipality if place else None,
        # The workplace's coordinates: the municipality's centroid (no address geocoding offline).
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "extent": _int_field(form, "extent", 1, 100, errors) or 100,
        "duration_months": _int_field(form, "duration_months", 1, 120, errors),
        "required_skills": skills("required_skills"),
        "desired_skills": skills("desired_skills"),
        "licences_required": licences,
        "other_languages": _languages(str(form.get("other_languages", "")), errors),
        "adaptations_possible": bool(form.get("adaptations_possible")),
        "swedish_level": level,
        "kind": form.get("kind") or "employment",
        "start_date": start,
        "application_deadline": deadline,
        "positions": _int_field(form, "positions", 1, 500, errors) or 1,
        "status": form.get("status") or "draft",
    }


def save_vacancy(
    session: Session, principal: Principal, form: dict[str, Any], *, vacancy_id: int | None
) -> int:
    """Create or update a supplier's vacancy from form fields through the same service the API uses;
    FormErrors names each bad field (all of them at once, as far as they can be checked together)."""
    errors: dict[str, str] = {}
    values = _values(form, errors)
    if not values["title"]:
        errors["title"] = "ferr.title"
    contract_id = int(form["contract_id"]) if str(form.get("contract_id", "")).isdigit() else 0
    if errors:
        raise FormErrors(errors)
    try:
        if vacancy_id is None:
            ref = f"web-{principal.organisation_id}-{utcnow().strftime('%Y%m%d%H%M%S%f')}"
            create = VacancyCreate.model_validate({**values, "ref": ref, "contract_id": contract_id})
            row = vacancies.create_vacancy(session, principal, create)
        else:
            current = vacancies.get_vacancy(session, principal, vacancy_id)
            if contract_id != current.contract_id:
                # As in the API: a placement belongs to the contract whose requirement it counts for.
                raise FormErrors({"contract_id": "ferr.contract_fixed"})
            row = vacancies.update_vacancy(
                session, principal, vacancy_id, VacancyUpdate.model_validate(values)
            )
    except ValidationError as exc:
        raise FormErrors(
            {FORM_FIELD.get(str(e["loc"][0]), str(e["loc"][0])): "ferr.invalid" for e in exc.errors()}
        ) from exc
    except BadInput as exc:
        fields = {
            FORM_FIELD.get(str(e["field"]), str(e["field"])): FIELD_MESSAGES.get(
                str(e["field"]), "ferr.invalid"
            )
            for e in exc.errors
        }
        raise FormErrors(fields or {"description": "ferr.too_long"}) from exc
    record(session, principal, "vacancy.save", "vacancy", pk(row))
    return pk(row)


LICENCES = ("B", "BE", "C", "CE", "D", "TRUCK", "YKB", "ADR")
FIELD_MESSAGES = {
    "contract_id": "ferr.contract",
    "kind": "ferr.kind",
    "occupation_id": "ferr.occupation",
    "municipality_code": "ferr.municipality",
}
FORM_FIELD = {"occupation_id": "title"}  # the occupation is picked through the title field


__all__ = ["BadInput", "FormErrors"]
