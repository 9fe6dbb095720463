"""Request bodies and role-specific views of the review workflow.

The supplier's view of a proposed candidate (``ProposedCandidate``) is deliberately minimal: what is
needed to judge the fit for the job, and nothing that identifies the person or says why they belong to
a target group. A test pins its keys to an allowlist.
"""

from datetime import date, datetime

from pydantic import BaseModel, Field

from models.base import StrictSchema, with_examples
from models.enums import Decision, FeedbackOutcome, FollowUpStatus, ProposalStatus, ShortlistStatus
from models.placement import RefusalReason
from models.shortlist import ReviewDecisionPublic
from service.reviews.refusals import RefusalText
from service.shortlists.schemas import EXAMPLE_CONTRIBUTIONS, EXAMPLE_REASONS, ContributionOut, ReasonOut


class ManualEntryCreate(StrictSchema):
    model_config = with_examples(
        {"seeker_id": 42, "reason": "Har sökt platsen själv och har lång erfarenhet av fönsterputs."}
    )

    seeker_id: int = Field(ge=1)
    reason: str = Field(min_length=3, max_length=500, description="why this person belongs on the list")


class ManualEntryPublic(BaseModel):
    model_config = with_examples(
        {
            "id": 863,
            "shortlist_id": 41,
            "seeker_id": 42,
            "rank": 51,
            "source": "manual",
            "manual_reason": "Har sökt platsen själv och har lång erfarenhet av fönsterputs.",
            "version": 0,
        }
    )

    id: int
    shortlist_id: int
    seeker_id: int
    rank: int
    source: str
    manual_reason: str | None
    version: int


class DecisionResult(BaseModel):
    model_config = with_examples(
        {
            "decision": {
                "id": 57,
                "entry_id": 812,
                "reviewer_id": 1,
                "decision": "propose",
                "reason_code": "good_fit",
                "comment": "Har putsat fönster i tre år; vill börja i september.",
                "created_at": "2026-12-06T09:20:11Z",
            },
            "entry_version": 1,
            "proposal_id": 23,
        }
    )

    decision: ReviewDecisionPublic
    entry_version: int = Field(description="send this as expected_version with the next decision")
    proposal_id: int | None = None


class EntryExplanation(BaseModel):
    """Why this seeker is where they are on the list, and what people decided about it."""

    model_config = with_examples(
        {
            "entry_id": 812,
            "shortlist_id": 41,
            "shortlist_status": "ready",
            "vacancy_id": 10,
            "seeker_id": 30,
            "seeker_ref": "seeker-0092",
            "model_version": "bd51223f0245b2d7+static/static:585dd0e22ae97f74",
            "source": "engine",
            "manual_reason": None,
            "rank": 1,
            "score": 0.71,
            "intercept": -7.0,
            "contributions": EXAMPLE_CONTRIBUTIONS,
            "reasons": EXAMPLE_REASONS,
            "matched_skills": ["Fönsterputsning"],
            "missing_skills": ["Liftkörning efter husvägg"],
            "distance_km": 4.7,
            "version": 1,
            "decisions": [
                {
                    "id": 57,
                    "entry_id": 812,
                    "reviewer_id": 1,
                    "decision": "propose",
                    "reason_code": "good_fit",
                    "comment": "Har putsat fönster i tre år; vill börja i september.",
                    "created_at": "2026-12-06T09:20:11Z",
                }
            ],
        }
    )

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

    model_config = with_examples(
        {
            "proposal_id": 23,
            "candidate_ref": "K-7F3A2C",
            "status": "sent",
            "proposed_at": "2026-12-06T09:20:11Z",
            "supplier_text": "Tre års erfarenhet av fönsterputs, kan börja 1 september.",
            "experiences": [{"title": "Fönsterputsare", "years": 3.0}],
            "skills": ["Fönsterputsning", "Höghöjdsarbete"],
            "languages": [{"code": "sv", "level": "B1"}, {"code": "ar", "level": "C2"}],
            "licences": ["B"],
            "available_from": "2026-09-01",
            "wanted_extent": 100,
            "distance_km": 4.7,
        }
    )

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
    model_config = with_examples(
        {
            "id": 9,
            "proposal_id": 23,
            "outcome": "hired",
            "reason": "Bra intervju, börjar 1 september.",
            "reason_code": None,
            "refusal": None,
            "created_at": "2026-12-10T14:02:00Z",
            "placement_id": 15,
        },
        {
            "id": 10,
            "proposal_id": 24,
            "outcome": "not_hired",
            "reason": "Behöver köra från första dagen.",
            "reason_code": "no_licence",
            "refusal": {
                "source": "employer",
                "code": "no_licence",
                "detail": "Behöver köra från första dagen.",
                "sv": "Arbetsgivaren tackade nej: saknar körkort B (Behöver köra från första dagen.)",
                "en": "The employer declined: no driving licence B (Behöver köra från första dagen.)",
            },
            "created_at": "2026-12-11T10:15:00Z",
            "placement_id": None,
        },
    )

    id: int
    proposal_id: int
    outcome: FeedbackOutcome
    reason: str
    reason_code: RefusalReason | None = Field(
        default=None, description="not_hired: the employer's reason (None on refusals from before codes)"
    )
    refusal: RefusalText | None = Field(
        default=None, description="not_hired: the reason as staff read it, in Swedish and English"
    )
    created_at: datetime
    placement_id: int | None = None


class ProposalStaffView(BaseModel):
    model_config = with_examples(
        {
            "id": 23,
            "seeker_id": 30,
            "seeker_ref": "seeker-0092",
            "vacancy_id": 10,
            "entry_id": 812,
            "proposed_by": 1,
            "status": "interviewed",
            "created_at": "2026-12-06T09:20:11Z",
            "feedback": [
                {
                    "id": 8,
                    "proposal_id": 23,
                    "outcome": "interviewed",
                    "reason": "Intervju 8 december.",
                    "created_at": "2026-12-08T16:30:00Z",
                    "placement_id": None,
                }
            ],
        }
    )

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

    model_config = with_examples(
        {"months_after_end": 6, "status": "employed", "left_assistance": True, "recorded_on": "2027-09-01"}
    )

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
