"""A procurement contract and its employment requirement (the special contract condition)."""

import re
from datetime import date, datetime
from typing import Self

from pydantic import field_validator, model_validator
from sqlmodel import Field, SQLModel

from models.base import NEVER_REUSED, StrictSchema, json_field, utcnow, with_examples
from models.enums import PlacementKind, TargetGroup

# A CPV code (Common Procurement Vocabulary, Regulation (EC) 213/2008): eight digits, then a dash and the
# check digit, which may be left out. The check digit's algorithm is not published with the vocabulary,
# so it is not verified here.
CPV_CODE = re.compile(r"\d{8}(-\d)?")


def check_cpv(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not CPV_CODE.fullmatch(value):
        raise ValueError("cpv_code: a CPV code is eight digits and a check digit, e.g. 90911200-8")
    return value


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
    __table_args__ = NEVER_REUSED

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

    @field_validator("cpv_code")
    @classmethod
    def _cpv(cls, value: str | None) -> str | None:
        return check_cpv(value)

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class ContractBase(ContractFields):
    procuring_org_id: int = Field(foreign_key="organisation.id", index=True, ondelete="RESTRICT")
    supplier_org_id: int = Field(foreign_key="organisation.id", index=True, ondelete="RESTRICT")


class Contract(ContractBase, table=True):
    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class ContractCreate(ContractBase, StrictSchema):
    model_config = with_examples(
        {
            "ref": "sundstad-2026-031",
            "title": "Lokalvård i skolor och förskolor",
            "cpv_code": "90919300-5",
            "industry": "Städ och lokalvård",
            "value_sek": 96000000,
            "start_date": "2026-03-01",
            "end_date": "2029-02-28",
            "procuring_org_id": 1,
            "supplier_org_id": 5,
            "requirement": {
                "target_groups": ["long_term_unemployed", "newcomer"],
                "placement_kinds": ["employment", "internship"],
                "committed_placements": 6,
                "min_duration_months": 6,
                "first_placement_deadline": "2026-07-01",
                "fulfilment_threshold": 0.75,
                "matching_actor_id": 14,
            },
        }
    )

    requirement: EmploymentRequirementCreate


class ContractUpdate(StrictSchema):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    cpv_code: str | None = Field(default=None, max_length=16)
    industry: str | None = Field(default=None, max_length=100)
    value_sek: int | None = Field(default=None, ge=0)
    end_date: date | None = None

    @field_validator("cpv_code")
    @classmethod
    def _cpv(cls, value: str | None) -> str | None:
        return check_cpv(value)


class ContractPublic(ContractBase):
    model_config = with_examples(
        {
            "id": 1,
            "ref": "sundstad-2024-017",
            "title": "Lokalvård i skolor och förskolor",
            "cpv_code": "90919300-5",
            "industry": "Städ och lokalvård",
            "value_sek": 96000000,
            "start_date": "2024-03-01",
            "end_date": "2027-02-28",
            "procuring_org_id": 1,
            "supplier_org_id": 5,
            "created_at": "2024-02-12T08:00:00Z",
            "requirement": {
                "id": 1,
                "contract_id": 1,
                "target_groups": ["long_term_unemployed", "newcomer", "economic_assistance"],
                "placement_kinds": ["employment", "internship"],
                "committed_placements": 6,
                "committed_fte_months": None,
                "min_duration_months": 6,
                "first_placement_deadline": "2024-07-01",
                "fulfilment_threshold": 0.75,
                "matching_actor_id": 14,
            },
        }
    )

    id: int
    created_at: datetime
    requirement: EmploymentRequirementPublic | None = None
