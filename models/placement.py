"""What happens after a decision: proposals to suppliers, their feedback, placements, follow-ups."""

from datetime import date, datetime
from typing import Self

from pydantic import model_validator
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import StrictSchema, utcnow
from models.enums import FeedbackOutcome, FollowUpStatus, PlacementKind, ProposalStatus, TargetGroup


class Proposal(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("seeker_id", "vacancy_id"),)

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
    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True, ondelete="CASCADE")
    outcome: FeedbackOutcome
    reason: str = Field(default="", max_length=1000)
    given_by: int = Field(foreign_key="user.id", ondelete="RESTRICT")
    created_at: datetime = Field(default_factory=utcnow)


class SupplierFeedbackCreate(StrictSchema):
    outcome: FeedbackOutcome
    reason: str = Field(default="", max_length=1000)
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
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class PlacementCreate(PlacementBase, StrictSchema):
    pass


class PlacementPublic(PlacementBase):
    id: int


class FollowUpBase(SQLModel):
    placement_id: int = Field(foreign_key="placement.id", index=True, ondelete="CASCADE")
    months_after_end: int = Field(ge=0, le=36)
    status: FollowUpStatus
    # Whether the person was on economic assistance before the placement and is off it now.
    left_assistance: bool | None = None
    recorded_on: date


class FollowUp(FollowUpBase, table=True):
    __table_args__ = (UniqueConstraint("placement_id", "months_after_end"),)

    id: int | None = Field(default=None, primary_key=True)


class FollowUpCreate(FollowUpBase, StrictSchema):
    pass


class FollowUpPublic(FollowUpBase):
    id: int
