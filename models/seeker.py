"""Job seekers: a pseudonymous matching profile kept apart from the person's identity.

``JobSeeker`` is what the engine may see. ``SeekerIdentity`` (name, personal identity number, contact)
is readable only by staff of the owning matching actor. ``MonitoringAttributes`` holds protected
attributes for fairness monitoring only: the engine has no code path to it.
"""

import re
from datetime import date, datetime

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from models.base import StrictSchema, json_field, utcnow
from models.enums import ConsentStatus, PlacementKind, TargetGroup
from models.profile_parts import ExperienceIn, JsonList, LanguageLevelIn, check_texts

MAX_TEXT = 20_000


class JobSeekerFields(SQLModel):
    """Fields as supplied by people and files (no database ids)."""

    ref: str = Field(min_length=1, max_length=64, unique=True, index=True)
    profile_text: str = Field(default="", max_length=MAX_TEXT)
    education_level: str | None = Field(default=None, max_length=32)
    municipality_code: str | None = Field(default=None, min_length=4, max_length=4)
    max_commute_km: float | None = Field(default=None, ge=0, le=500)
    available_from: date | None = None
    wanted_extent: int | None = Field(default=None, ge=1, le=100)
    registered_at: date | None = None
    consent: ConsentStatus = ConsentStatus.PENDING


class JobSeekerBase(JobSeekerFields):
    matching_actor_id: int = Field(foreign_key="organisation.id", index=True, ondelete="RESTRICT")


class JobSeeker(JobSeekerBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    experiences: JsonList = json_field()
    skills: list[str] = json_field()
    languages: JsonList = json_field()
    licences: list[str] = json_field()
    wanted_kinds: list[str] = json_field()
    enrichment: JsonList = json_field()
    content_hash: str = Field(default="", max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SeekerLists(StrictSchema):
    experiences: list[ExperienceIn] = []
    skills: list[str] = []
    languages: list[LanguageLevelIn] = []
    licences: list[str] = []
    wanted_kinds: list[PlacementKind] = []

    @field_validator("skills", "licences")
    @classmethod
    def _texts(cls, values: list[str]) -> list[str]:
        return check_texts(values)


class EligibilityIn(StrictSchema):
    target_group: TargetGroup
    evidence: str = Field(min_length=1, max_length=500)
    verified: bool = True
    valid_until: date | None = None


class SeekerIdentityIn(StrictSchema):
    full_name: str = Field(min_length=1, max_length=200)
    personal_number: str | None = Field(default=None, description="personnummer, YYYYMMDD-NNNN")
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)

    @field_validator("personal_number")
    @classmethod
    def _pnr(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"\d{8}-?\d{4}", value):
            raise ValueError("personal_number must look like YYYYMMDD-NNNN")
        return value if "-" in value else f"{value[:8]}-{value[8:]}"


class JobSeekerCreate(JobSeekerBase, SeekerLists):
    identity: SeekerIdentityIn | None = None
    eligibility: list[EligibilityIn] = []


class JobSeekerUpdate(StrictSchema):
    profile_text: str | None = Field(default=None, max_length=MAX_TEXT)
    experiences: list[ExperienceIn] | None = None
    education_level: str | None = Field(default=None, max_length=32)
    skills: list[str] | None = None
    languages: list[LanguageLevelIn] | None = None
    licences: list[str] | None = None
    municipality_code: str | None = Field(default=None, min_length=4, max_length=4)
    max_commute_km: float | None = Field(default=None, ge=0, le=500)
    available_from: date | None = None
    wanted_extent: int | None = Field(default=None, ge=1, le=100)
    wanted_kinds: list[PlacementKind] | None = None
    consent: ConsentStatus | None = None


class JobSeekerPublic(JobSeekerBase):
    id: int
    experiences: list[ExperienceIn]
    skills: list[str]
    languages: list[LanguageLevelIn]
    licences: list[str]
    wanted_kinds: list[PlacementKind]
    created_at: datetime
    updated_at: datetime


class SeekerIdentity(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(foreign_key="jobseeker.id", unique=True, ondelete="CASCADE")
    full_name: str = Field(max_length=200)
    personal_number: str | None = Field(default=None, max_length=13)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)


class Eligibility(SQLModel, table=True):
    """That the person belongs to a target group, with the evidence seen and until when it holds."""

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(foreign_key="jobseeker.id", index=True, ondelete="CASCADE")
    target_group: TargetGroup
    evidence: str = Field(max_length=500)
    verified: bool = True
    valid_until: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class MonitoringAttributes(SQLModel, table=True):
    """Protected attributes, for fairness monitoring by the auditor only; never read by the engine."""

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(foreign_key="jobseeker.id", unique=True, ondelete="CASCADE")
    sex: str | None = Field(default=None, max_length=16)  # female / male / other / None = unknown
    age_band: str | None = Field(default=None, max_length=16)  # "16-24", "25-29", "30-49", "50+"
    born_abroad: bool | None = None
