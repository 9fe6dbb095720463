"""Request bodies and role-specific views of the review workflow.

The supplier's view of a proposed candidate (``ProposedCandidate``) is deliberately minimal: what is
needed to judge the fit for the job, and nothing that identifies the person or says why they belong to
a target group. A test pins its keys to an allowlist.
"""

from datetime import date, datetime

from pydantic import BaseModel, Field

from models.base import StrictSchema
from models.enums import Decision, FeedbackOutcome, FollowUpStatus, ProposalStatus, ShortlistStatus
from models.shortlist import ReviewDecisionPublic
from service.shortlists.schemas import ContributionOut, ReasonOut


class ManualEntryCreate(StrictSchema):
    seeker_id: int = Field(ge=1)
    reason: str = Field(min_length=3, max_length=500, description="why this person belongs on the list")


class ManualEntryPublic(BaseModel):
    id: int
    shortlist_id: int
    seeker_id: int
    rank: int
    source: str
    manual_reason: str | None
    version: int


class DecisionResult(BaseModel):
    decision: ReviewDecisionPublic
    entry_version: int = Field(description="send this as expected_version with the next decision")
    proposal_id: int | None = None


class EntryExplanation(BaseModel):
    """Why this seeker is where they are on the list, and what people decided about it."""

    entry_id: int
    shortlist_id: int
    shortlist_status: ShortlistStatus
    vacancy_id: int
    seeker_id: int
    seeker_ref: str
    model_version: str
    source: str
    manual_reason: str | None
    rank: int
    score: float
    intercept: float
    contributions: list[ContributionOut] = Field(description="largest share first")
    reasons: list[ReasonOut]
    matched_skills: list[str]
    missing_skills: list[str]
    distance_km: float | None
    version: int
    decisions: list[ReviewDecisionPublic]


class ExperienceOut(BaseModel):
    title: str
    years: float = 0


class LanguageOut(BaseModel):
    code: str
    level: str | None = None


class ProposedCandidate(BaseModel):
    """The supplier's view (``service.reviews.supplier_view``): a structured summary and at most a short,
    redacted text that staff wrote for suppliers; no name, contact, identity number, profile text,
    eligibility, target group, municipality, other vacancies or scores."""

    proposal_id: int
    candidate_ref: str = Field(description="a pseudonym valid for this vacancy only")
    status: ProposalStatus
    proposed_at: datetime
    supplier_text: str = Field(
        description="written or approved by staff for suppliers, redacted; may be empty"
    )
    experiences: list[ExperienceOut]
    skills: list[str]
    languages: list[LanguageOut] = Field(description="CEFR levels; a mother tongue is shown as C2")
    licences: list[str]
    available_from: date | None
    wanted_extent: int | None
    distance_km: float | None = Field(description="from the person's home area to the workplace")


class FeedbackPublic(BaseModel):
    id: int
    proposal_id: int
    outcome: FeedbackOutcome
    reason: str
    created_at: datetime
    placement_id: int | None = None


class ProposalStaffView(BaseModel):
    id: int
    seeker_id: int
    seeker_ref: str
    vacancy_id: int
    entry_id: int | None
    proposed_by: int
    status: ProposalStatus
    created_at: datetime
    feedback: list[FeedbackPublic]


class FollowUpBody(StrictSchema):
    """A follow-up of a placement (the placement comes from the path)."""

    months_after_end: int = Field(ge=0, le=36)
    status: FollowUpStatus
    left_assistance: bool | None = None
    recorded_on: date


__all__ = [
    "Decision",
    "DecisionResult",
    "EntryExplanation",
    "FeedbackPublic",
    "FollowUpBody",
    "ManualEntryCreate",
    "ManualEntryPublic",
    "ProposalStaffView",
    "ProposedCandidate",
]
