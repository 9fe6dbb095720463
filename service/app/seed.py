"""Load the demo fixtures: the import files, then the demo users and the review/placement history."""

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from models import (
    FollowUp,
    JobSeeker,
    MonitoringAttributes,
    Organisation,
    Placement,
    Proposal,
    ReviewDecision,
    Shortlist,
    ShortlistEntry,
    SupplierFeedback,
    User,
    Vacancy,
)
from models.base import pk
from models.enums import Decision, FeedbackOutcome, ProposalStatus, ShortlistStatus
from service.imports.service import import_records, jsonl_lines, parse_lines
from service.platform.config import REPO_ROOT
from service.platform.security import hash_password

FIXTURES = REPO_ROOT / "data" / "fixtures"
IMPORT_FILES = ("organisations.jsonl", "contracts.jsonl", "vacancies.jsonl", "seekers.jsonl")
HISTORY_MODEL = "history"


def load_fixtures(session: Session, directory: Path = FIXTURES) -> dict[str, int]:
    lines: list[str] = []
    for name in IMPORT_FILES:
        lines.extend(jsonl_lines((directory / name).read_text(encoding="utf-8")))
    report = import_records(session, parse_lines(lines))
    counts = {k: report.created[k] + report.updated[k] for k in report.created}
    history = directory / "history.jsonl"
    if history.exists():
        counts.update(load_history(session, history))
    return counts


def _by_ref(session: Session, model: Any) -> dict[str, Any]:
    return {row.ref: row for row in session.exec(select(model)).all()}


def load_history(session: Session, path: Path) -> dict[str, int]:
    """Users, decisions, placements, follow-ups and monitoring rows; idempotent."""
    items = [json.loads(line) for line in jsonl_lines(path.read_text(encoding="utf-8")) if line.strip()]
    orgs = _by_ref(session, Organisation)
    users = {u.email: u for u in session.exec(select(User)).all()}
    for it in (i for i in items if i["type"] == "user"):
        if it["email"] not in users:
            user = User(
                email=it["email"],
                full_name=it["full_name"],
                role=it["role"],
                organisation_id=orgs[it["org_ref"]].id,
                password_hash=hash_password(it["password"]),
            )
            session.add(user)
            users[user.email] = user
    session.flush()
    if session.exec(select(Shortlist).where(Shortlist.model_version == HISTORY_MODEL)).first() is not None:
        return {"users": len(users)}
    vacancies = _by_ref(session, Vacancy)
    seekers = _by_ref(session, JobSeeker)
    counts = {"users": len(users), "decisions": 0, "placements": 0, "followups": 0, "monitoring": 0}
    lists: dict[str, Shortlist] = {}
    rank: dict[str, int] = {}
    placements: dict[tuple[str, str], Placement] = {}
    for it in items:
        kind = it["type"]
        if kind == "decision":
            _history_decision(session, it, vacancies, seekers, users, lists, rank)
            counts["decisions"] += 1
        elif kind == "placement":
            vac = vacancies[it["vacancy_ref"]]
            row = Placement(
                seeker_id=pk(seekers[it["seeker_ref"]]),
                vacancy_id=pk(vac),
                contract_id=vac.contract_id,
                kind=it["kind"],
                target_group=it.get("target_group"),
                start_date=date.fromisoformat(it["start_date"]),
                end_date=date.fromisoformat(it["end_date"]) if it.get("end_date") else None,
                extent=it.get("extent", 100),
            )
            session.add(row)
            session.flush()
            placements[(it["seeker_ref"], it["vacancy_ref"])] = row
            counts["placements"] += 1
        elif kind == "followup":
            placement = placements[(it["seeker_ref"], it["vacancy_ref"])]
            session.add(
                FollowUp(
                    placement_id=pk(placement),
                    months_after_end=it["months_after_end"],
                    status=it["status"],
                    left_assistance=it.get("left_assistance"),
                    recorded_on=date.fromisoformat(it["recorded_on"]),
                )
            )
            counts["followups"] += 1
        elif kind == "monitoring":
            session.add(
                MonitoringAttributes(
                    seeker_id=pk(seekers[it["seeker_ref"]]),
                    sex=it.get("sex"),
                    age_band=it.get("age_band"),
                    born_abroad=it.get("born_abroad"),
                )
            )
            counts["monitoring"] += 1
    session.flush()
    return counts


def _history_decision(
    session: Session,
    it: dict[str, Any],
    vacancies: dict[str, Vacancy],
    seekers: dict[str, JobSeeker],
    users: dict[str, User],
    lists: dict[str, Shortlist],
    rank: dict[str, int],
) -> None:
    vac = vacancies[it["vacancy_ref"]]
    when = datetime.fromisoformat(it["decided_on"]).replace(tzinfo=UTC)
    if vac.ref not in lists:
        sl = Shortlist(
            vacancy_id=pk(vac),
            status=ShortlistStatus.SUPERSEDED,
            model_version=HISTORY_MODEL,
            config_hash="",
            input_hash="",
            created_at=when,
        )
        session.add(sl)
        session.flush()
        lists[vac.ref] = sl
    rank[vac.ref] = rank.get(vac.ref, 0) + 1
    # The history's lists were ranked by the engine and reviewed from the top, in the order decided:
    # recorded as engine entries, so the demo's fairness report has a "shortlisted" stage (top 10).
    entry = ShortlistEntry(
        shortlist_id=pk(lists[vac.ref]),
        seeker_id=pk(seekers[it["seeker_ref"]]),
        rank=rank[vac.ref],
        score=0.0,
        source="engine",
    )
    session.add(entry)
    session.flush()
    reviewer = users[it["reviewer_email"]]
    session.add(
        ReviewDecision(
            entry_id=pk(entry),
            reviewer_id=pk(reviewer),
            decision=it["decision"],
            reason_code=it["reason_code"],
            comment=it.get("comment", ""),
            created_at=when,
        )
    )
    if it["decision"] == Decision.PROPOSE:
        outcome = it.get("outcome")
        status = ProposalStatus(outcome) if outcome else ProposalStatus.SENT
        proposal = Proposal(
            seeker_id=entry.seeker_id,
            vacancy_id=pk(vac),
            entry_id=pk(entry),
            proposed_by=pk(reviewer),
            status=status,
            created_at=when,
        )
        session.add(proposal)
        session.flush()
        if outcome:
            supplier = next(
                (
                    u
                    for u in users.values()
                    if u.role == "supplier" and u.organisation_id == _supplier_of(session, vac)
                ),
                reviewer,
            )
            session.add(
                SupplierFeedback(
                    proposal_id=pk(proposal),
                    outcome=FeedbackOutcome(outcome),
                    given_by=pk(supplier),
                    created_at=when,
                )
            )


def _supplier_of(session: Session, vac: Vacancy) -> int | None:
    from models import Contract

    contract = session.get(Contract, vac.contract_id)
    return contract.supplier_org_id if contract else None
