"""A procurement contract and its employment requirement (the special contract condition)."""

from datetime import date, datetime
from typing import Self

from pydantic import model_validator
from sqlmodel import Field, SQLModel

from models.base import StrictSchema, json_field, utcnow
from models.enums import PlacementKind, TargetGroup


class RequirementFields(SQLModel):
    target_groups: list[TargetGroup] = json_field()
    placement_kinds: list[PlacementKind] = json_field()
    committed_placements: int | None = Field(default=None, ge=0, le=100_000)
    committed_fte_months: float | None = Field(default=None, ge=0, le=1_000_000)
    min_duration_months: int = Field(default=6, ge=0, le=120)
    first_placement_deadline: date | None = None
    fulfilment_threshold: float = Field(default=0.75, gt=0, le=1)

    @model_validator(mode="after")
    def _has_commitment(self) -> Self:
        if self.committed_placements is None and self.committed_fte_months is None:
            raise ValueError("a requirement needs committed_placements and/or committed_fte_months")
        if not self.target_groups:
            raise ValueError("a requirement needs at least one target group")
        if not self.placement_kinds:
            raise ValueError("a requirement needs at least one placement kind")
        return self


class EmploymentRequirementBase(RequirementFields):
    matching_actor_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="RESTRICT")


class EmploymentRequirement(EmploymentRequirementBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Stored as JSON strings; the Create/Public schemas validate them as enums.
    target_groups: list[str] = json_field()  # type: ignore[assignment]
    placement_kinds: list[str] = json_field()  # type: ignore[assignment]
    contract_id: int = Field(foreign_key="contract.id", unique=True, ondelete="CASCADE")


class EmploymentRequirementCreate(EmploymentRequirementBase, StrictSchema):
    pass


class EmploymentRequirementPublic(EmploymentRequirementBase):
    id: int
    contract_id: int


class ContractFields(SQLModel):
    ref: str = Field(min_length=1, max_length=64, unique=True, index=True)
    title: str = Field(min_length=1, max_length=300)
    cpv_code: str | None = Field(default=None, max_length=16)
    industry: str | None = Field(default=None, max_length=100)
    value_sek: int | None = Field(default=None, ge=0)
    start_date: date
    end_date: date

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class ContractBase(ContractFields):
    procuring_org_id: int = Field(foreign_key="organisation.id", index=True, ondelete="RESTRICT")
    supplier_org_id: int = Field(foreign_key="organisation.id", index=True, ondelete="RESTRICT")


class Contract(ContractBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class ContractCreate(ContractBase, StrictSchema):
    requirement: EmploymentRequirementCreate


class ContractUpdate(StrictSchema):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    cpv_code: str | None = Field(default=None, max_length=16)
    industry: str | None = Field(default=None, max_length=100)
    value_sek: int | None = Field(default=None, ge=0)
    end_date: date | None = None


class ContractPublic(ContractBase):
    id: int
    created_at: datetime
    requirement: EmploymentRequirementPublic | None = None
