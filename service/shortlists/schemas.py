"""What staff see of shortlists: ranked entries with their explanations, eligibility and decision state."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from models.enums import Decision, ReasonCode, ShortlistStatus


class ContributionOut(BaseModel):
    feature: str
    value: float
    contribution: float


class ReasonOut(BaseModel):
    code: str
    sv: str
    en: str
    positive: bool


class EligibilitySummary(BaseModel):
    """Which of the requirement's target groups the seeker verifiably belongs to (no evidence text)."""

    eligible: bool
    target_groups: list[str]


class DecisionState(BaseModel):
    """The latest decision on this seeker for this vacancy (on any of its shortlists), and the proposal."""

    decision: Decision | None = None
    reason_code: ReasonCode | None = None
    reviewer_id: int | None = None
    decided_at: datetime | None = None
    proposal_id: int | None = None


class ShortlistEntryPublic(BaseModel):
    id: int
    seeker_id: int
    seeker_ref: str
    rank: int
    score: float
    intercept: float
    contributions: list[ContributionOut]
    reasons: list[ReasonOut]
    matched_skills: list[str]
    missing_skills: list[str]
    distance_km: float | None
    source: str
    manual_reason: str | None
    eligibility: EligibilitySummary
    decision_state: DecisionState
    version: int


class ExcludedSeeker(BaseModel):
    """A seeker the hard constraints filtered out, computed on request and never stored."""

    seeker_id: int
    seeker_ref: str
    score: float
    excluded_reasons: list[str]
    reasons: list[ReasonOut]


class ShortlistPublic(BaseModel):
    id: int
    vacancy_id: int
    status: ShortlistStatus
    model_version: str
    config_hash: str
    input_hash: str
    created_at: datetime
    cached: bool = False
    entries: list[ShortlistEntryPublic]
    total: int
    offset: int
    limit: int
    excluded: list[ExcludedSeeker] | None = None


class VacancyMatch(BaseModel):
    vacancy_id: int
    vacancy_ref: str
    title: str
    kind: str
    start_date: date | None
    rank: int
    score: float
    intercept: float
    contributions: list[ContributionOut]
    reasons: list[ReasonOut]
    matched_skills: list[str]
    missing_skills: list[str]
    distance_km: float | None


class SeekerVacancies(BaseModel):
    seeker_id: int
    model_version: str
    items: list[VacancyMatch]


def as_reasons(rows: list[dict[str, Any]]) -> list[ReasonOut]:
    return [ReasonOut.model_validate(r) for r in rows]


def as_contributions(rows: list[dict[str, Any]]) -> list[ContributionOut]:
    return [ContributionOut.model_validate(r) for r in rows]


class ShortlistSummary(BaseModel):
    """The answer to computing a shortlist: no personal data (the batch key sees this too)."""

    id: int
    vacancy_id: int
    status: ShortlistStatus
    model_version: str
    config_hash: str
    input_hash: str
    created_at: datetime
    entries: int
    cached: bool
