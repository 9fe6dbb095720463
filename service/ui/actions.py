"""What the pages change: computing shortlists, decisions, manual additions, feedback, vacancies.

Each action checks the caller, writes its audit event in the same transaction and only flushes; the
request session commits.
"""

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from models import Proposal, Shortlist, ShortlistEntry, Vacancy
from models.base import pk, utcnow
from models.enums import Decision, FeedbackOutcome, ReasonCode
from models.placement import SupplierFeedbackCreate
from models.shortlist import ReviewDecisionCreate
from models.vacancy import VacancyCreate, VacancyUpdate
from service.audit import record
from service.auth.principal import Principal
from service.engine import get_ranking_engine
from service.errors import BadInput, NotFound
from service.reviews import service as reviews
from service.reviews.outcomes import give_feedback
from service.reviews.schemas import ManualEntryCreate
from service.shortlists import service as shortlists
from service.system.service import is_manual_mode
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
) -> None:
    body = ReviewDecisionCreate(
        decision=decision, reason_code=reason_code, comment=comment, expected_version=expected_version
    )
    reviews.decide(session, principal, entry_id, body)


def add_manual(session: Session, principal: Principal, vacancy_id: int, seeker_id: int, reason: str) -> None:
    reviews.add_manual(session, principal, vacancy_id, ManualEntryCreate(seeker_id=seeker_id, reason=reason))


def feedback(
    session: Session,
    principal: Principal,
    proposal_id: int,
    outcome: FeedbackOutcome,
    reason: str,
    placement_start: date | None,
) -> None:
    body = SupplierFeedbackCreate(outcome=outcome, reason=reason, placement_start=placement_start)
    give_feedback(session, principal, proposal_id, body)


@dataclass
class MatchView:
    percent: int
    reasons: list[dict[str, Any]]


def vacancies_for(session: Session, principal: Principal, seeker_id: int) -> list[tuple[MatchView, Vacancy]]:
    if is_manual_mode(session):
        return []
    found = shortlists.vacancies_for_seeker(session, principal, seeker_id, get_ranking_engine(), k=10)
    out = []
    for m in found.items:
        vacancy = session.get(Vacancy, m.vacancy_id)
        if vacancy is not None:
            view = MatchView(round(100 / (1 + math.exp(-m.score))), [r.model_dump() for r in m.reasons])
            out.append((view, vacancy))
    return out


class FormErrors(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors


def save_vacancy(
    session: Session, principal: Principal, form: dict[str, str], *, vacancy_id: int | None
) -> int:
    """Create or update a supplier's vacancy from form fields through the same service the API uses;
    FormErrors names each bad field."""
    values: dict[str, Any] = {
        "title": form.get("title", "").strip(),
        "description": form.get("description", ""),
        "occupation_id": form.get("occupation_id") or None,
        "required_skills": [s.strip() for s in form.get("required_skills", "").split(",") if s.strip()],
        "swedish_level": form.get("swedish_level") or None,
        "kind": form.get("kind") or "employment",
        "start_date": form.get("start_date") or None,
        "positions": form.get("positions") or 1,
        "status": form.get("status") or "draft",
    }
    contract_id = int(form["contract_id"]) if form.get("contract_id", "").isdigit() else 0
    try:
        if vacancy_id is None:
            ref = f"web-{principal.organisation_id}-{utcnow().strftime('%Y%m%d%H%M%S%f')}"
            create = VacancyCreate.model_validate({**values, "ref": ref, "contract_id": contract_id})
            row = vacancies.create_vacancy(session, principal, create)
        else:
            current = vacancies.get_vacancy(session, principal, vacancy_id)
            if contract_id != current.contract_id:
                # As in the API: a placement belongs to the contract whose requirement it counts for.
                raise FormErrors({"contract_id": CONTRACT_FIXED})
            row = vacancies.update_vacancy(
                session, principal, vacancy_id, VacancyUpdate.model_validate(values)
            )
    except ValidationError as exc:
        raise FormErrors({str(e["loc"][0]): e["msg"] for e in reversed(exc.errors())}) from exc
    except BadInput as exc:
        fields = {
            FORM_FIELD.get(str(e["field"]), str(e["field"])): FIELD_MESSAGES.get(
                str(e["field"]), str(e["message"])
            )
            for e in exc.errors
        }
        raise FormErrors(fields or {"description": exc.message}) from exc
    record(session, principal, "vacancy.save", "vacancy", pk(row))
    return pk(row)


CONTRACT_FIXED = (
    "En plats kan inte flyttas till ett annat kontrakt. / A placement cannot move to another contract."
)
FIELD_MESSAGES = {
    "contract_id": "Välj ett av era kontrakt. / Choose one of your contracts.",
    "kind": "Kontraktet tillåter inte den formen. / The contract does not allow this kind.",
    "occupation_id": "Okänt yrke: välj ett i listan. / Unknown occupation: pick one from the list.",
}
FORM_FIELD = {"occupation_id": "title"}  # the occupation is picked through the title field


__all__ = ["BadInput", "FormErrors"]
