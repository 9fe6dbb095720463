"""What happens after a decision: proposals to suppliers, their feedback, placements, follow-ups."""

from datetime import date, datetime
from enum import StrEnum
from typing import Self

from pydantic import model_validator
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import NEVER_REUSED, StrictSchema, utcnow, with_examples
from models.enums import (
    FeedbackOutcome,
    FollowUpStatus,
    PlacementKind,
    ProposalStatus,
    ReasonCode,
    TargetGroup,
)


class RefusalReason(StrEnum):
    """Why a candidate was turned down, by staff or by the employer: one vocabulary, so that the referring
    staff, the fairness view and the reports count the same things. Stored as its string value."""

    NO_LICENCE = "no_licence"
    MISSING_SKILL = "missing_skill"
    LANGUAGE_LEVEL = "language_level"
    HOURS_TRAVEL = "hours_travel"
    EXPERIENCE = "experience"
    NOT_ELIGIBLE = "not_eligible"
    SEEKER_DECLINED = "seeker_declined"
    SEEKER_UNAVAILABLE = "seeker_unavailable"
    POSITION_FILLED = "position_filled"
    OTHER = "other"


# The refusal reason each staff rejection code counts as (every code a rejection may carry).
STAFF_REFUSALS: dict[ReasonCode, RefusalReason] = {
    ReasonCode.FIT_LICENCE: RefusalReason.NO_LICENCE,
    ReasonCode.FIT_SKILLS: RefusalReason.MISSING_SKILL,
    ReasonCode.FIT_LANGUAGE: RefusalReason.LANGUAGE_LEVEL,
    ReasonCode.FIT_DISTANCE: RefusalReason.HOURS_TRAVEL,
    ReasonCode.FIT_EXPERIENCE: RefusalReason.EXPERIENCE,
    ReasonCode.NOT_ELIGIBLE: RefusalReason.NOT_ELIGIBLE,
    ReasonCode.SEEKER_DECLINED: RefusalReason.SEEKER_DECLINED,
    ReasonCode.SEEKER_UNAVAILABLE: RefusalReason.SEEKER_UNAVAILABLE,
    ReasonCode.OTHER: RefusalReason.OTHER,
}


class Proposal(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("seeker_id", "vacancy_id"), NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(foreign_key="jobseeker.id", index=True, ondelete="CASCADE")
    vacancy_id: int = Field(foreign_key="vacancy.id", index=True, ondelete="CASCADE")
    entry_id: int | None = Field(default=None, foreign_key="shortlistentry.id", ondelete="SET NULL")
    proposed_by: int = Field(foreign_key="user.id", ondelete="RESTRICT")
    status: ProposalStatus = ProposalStatus.SENT
    created_at: datetime = Field(default_factory=utcnow)
    # The only free text a supplier sees: written or approved by staff, redacted again when shown.
    supplier_text: str | None = Field(default=None, max_length=500)


class SupplierFeedback(SQLModel, table=True):
    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True, ondelete="CASCADE")
    outcome: FeedbackOutcome
    reason: str = Field(default="", max_length=1000)
    # A RefusalReason value on "not_hired" (a string column: the vocabulary may grow without a migration);
    # None on other outcomes and on refusals recorded before reasons were structured (free text only).
    reason_code: str | None = Field(default=None, max_length=32)
    given_by: int = Field(foreign_key="user.id", ondelete="RESTRICT")
    created_at: datetime = Field(default_factory=utcnow)


class SupplierFeedbackCreate(StrictSchema):
    model_config = with_examples(
        {"outcome": "hired", "reason": "Bra intervju, börjar 1 september.", "placement_start": "2026-09-01"},
        {"outcome": "not_hired", "reason_code": "no_licence", "reason": "Behöver B-körkort från start."},
    )

    outcome: FeedbackOutcome
    reason: str = Field(
        default="",
        max_length=1000,
        description="free text; on not_hired a short addition to reason_code (required with 'other'), "
        "stored redacted",
    )
    reason_code: RefusalReason | None = Field(
        default=None,
        description="not_hired only, and required there: why the employer declined "
        "(GET /refusal-reasons lists the codes with their Swedish and English labels)",
    )
    placement_start: date | None = None


class PlacementBase(SQLModel):
    seeker_id: int = Field(foreign_key="jobseeker.id", index=True, ondelete="CASCADE")
    vacancy_id: int = Field(foreign_key="vacancy.id", index=True, ondelete="RESTRICT")
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="RESTRICT")
    kind: PlacementKind
    target_group: TargetGroup | None = None
    start_date: date
    end_date: date | None = None
    extent: int = Field(default=100, ge=1, le=100)

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class Placement(PlacementBase, table=True):
    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class PlacementCreate(PlacementBase, StrictSchema):
    model_config = with_examples(
        {
            "seeker_id": 30,
            "vacancy_id": 10,
            "contract_id": 1,
            "kind": "internship",
            "target_group": "newcomer",
            "start_date": "2026-09-01",
            "end_date": "2026-11-30",
            "extent": 75,
        }
    )


class PlacementPublic(PlacementBase):
    model_config = with_examples(
        {
            "id": 15,
            "seeker_id": 30,
            "vacancy_id": 10,
            "contract_id": 1,
            "kind": "internship",
            "target_group": "newcomer",
            "start_date": "2026-09-01",
            "end_date": "2026-11-30",
            "extent": 75,
        }
    )

    id: int


class FollowUpBase(SQLModel):
    placement_id: int = Field(foreign_key="placement.id", index=True, ondelete="CASCADE")
    months_after_end: int = Field(ge=0, le=36)
    status: FollowUpStatus
    # Whether the person was on economic assistance before the placement and is off it now.
    left_assistance: bool | None = None
    recorded_on: date


class FollowUp(FollowUpBase, table=True):
    __table_args__ = (UniqueConstraint("placement_id", "months_after_end"), NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)


class FollowUpCreate(FollowUpBase, StrictSchema):
    pass


class FollowUpPublic(FollowUpBase):
    model_config = with_examples(
        {
            "id": 4,
            "placement_id": 15,
            "months_after_end": 6,
            "status": "employed",
            "left_assistance": True,
            "recorded_on": "2027-06-01",
        }
    )

    id: int
