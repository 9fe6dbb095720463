"""Ranked shortlists, their entries and the people's review decisions on them."""

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from models.base import NEVER_REUSED, StrictSchema, json_field, utcnow, with_examples
from models.enums import Decision, ReasonCode, ShortlistStatus
from models.profile_parts import JsonList


class Shortlist(SQLModel, table=True):
    """One ranking of seekers for a vacancy; reviewers only ever see a READY one, and there is at most one."""

    __table_args__ = (
        Index(
            "uq_shortlist_one_ready",
            "vacancy_id",
            unique=True,
            sqlite_where=text("status = 'READY'"),
            postgresql_where=text("status = 'READY'"),
        ),
        NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    vacancy_id: int = Field(foreign_key="vacancy.id", index=True, ondelete="CASCADE")
    status: ShortlistStatus = ShortlistStatus.BUILDING
    model_version: str = Field(max_length=64)
    config_hash: str = Field(max_length=64)
    input_hash: str = Field(max_length=64, index=True)
    run_id: int | None = Field(default=None, foreign_key="rerankrun.id", ondelete="SET NULL")
    # The placement's version this list was ranked on; when ``Vacancy.version`` differs, the list is stale.
    vacancy_version: int = Field(default=1, ge=1)
    created_at: datetime = Field(default_factory=utcnow)


class ShortlistEntry(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("shortlist_id", "seeker_id"), NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    shortlist_id: int = Field(foreign_key="shortlist.id", index=True, ondelete="CASCADE")
    seeker_id: int = Field(foreign_key="jobseeker.id", index=True, ondelete="CASCADE")
    rank: int = Field(ge=1)
    score: float
    intercept: float = 0.0
    contributions: JsonList = json_field()
    reasons: JsonList = json_field()
    matched_skills: list[str] = json_field()
    missing_skills: list[str] = json_field()
    distance_km: float | None = None
    source: str = Field(default="engine", max_length=16)  # engine | manual
    manual_reason: str | None = Field(default=None, max_length=500)
    added_by: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    # Optimistic concurrency: two reviewers deciding at once, one wins.
    version: int = 0


class ReviewDecision(SQLModel, table=True):
    """A person's decision on a shortlist entry; the model never decides."""

    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    entry_id: int = Field(foreign_key="shortlistentry.id", index=True, ondelete="CASCADE")
    reviewer_id: int = Field(foreign_key="user.id", index=True, ondelete="RESTRICT")
    decision: Decision
    reason_code: ReasonCode
    comment: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)


class IdempotencyRecord(SQLModel, table=True):
    """The first answer to a write sent with an idempotency key, so that a retry or a double click gets
    that answer again instead of a second decision or hire. Written in the same transaction as the write
    it answers: a write that failed leaves no record, and its retry runs afresh."""

    __table_args__ = (UniqueConstraint("owner", "key"), NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=40)  # Principal.label: keys are per caller, never shared
    key: str = Field(max_length=100)
    fingerprint: str = Field(max_length=64)  # sha256 of the operation and its body
    status_code: int = 0  # 0 while the claiming transaction has not finished
    response: dict[str, Any] = json_field(default_factory=dict)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class ReviewDecisionCreate(StrictSchema):
    model_config = with_examples(
        {
            "decision": "propose",
            "reason_code": "good_fit",
            "comment": "Har putsat fönster i tre år; vill börja i september.",
            "expected_version": 0,
            "supplier_text": "Tre års erfarenhet av fönsterputs, kan börja 1 september.",
        }
    )

    decision: Decision
    reason_code: ReasonCode
    comment: str = Field(default="", max_length=2000)
    expected_version: int | None = Field(
        default=None,
        ge=0,
        description="the entry's version the decision was made on; omitted = the first decision (version 0)",
    )
    supplier_text: str | None = Field(
        default=None,
        max_length=500,
        description="propose only: a short text for the supplier (redacted again before it is shown)",
    )


class ReviewDecisionPublic(SQLModel):
    id: int
    entry_id: int
    reviewer_id: int
    decision: Decision
    reason_code: ReasonCode
    comment: str
    created_at: datetime
