"""Job seekers: a pseudonymous matching profile kept apart from the person's identity.

``JobSeeker`` is what the engine may see. ``SeekerIdentity`` (name, personal identity number, contact)
is readable only by staff of the owning matching actor. ``MonitoringAttributes`` holds protected
attributes for fairness monitoring only: the engine has no code path to it.
"""

from datetime import date, datetime

from pydantic import field_validator
from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import NEVER_REUSED, StrictSchema, json_field, utcnow, with_examples
from models.enums import ConsentStatus, PlacementKind, TargetGroup
from models.personnummer import normalise
from models.profile_parts import ExperienceIn, JsonList, LanguageLevelIn, check_texts

MAX_TEXT = 20_000


class JobSeekerFields(SQLModel):
    """Fields as supplied by people and files (no database ids)."""

    # Unique within the matching actor (the index on JobSeeker), not across tenants: no ref tells of others.
    ref: str = Field(min_length=1, max_length=64, index=True)
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
    __table_args__ = (
        Index("uq_jobseeker_matching_actor_id_ref", "matching_actor_id", "ref", unique=True),
        NEVER_REUSED,
    )

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
    # Set when this record was merged into another (the survivor): kept, never matched or listed again.
    # No foreign key: SQLite cannot add one to an existing table; the merge and erasure keep it consistent.
    merged_into_id: int | None = Field(default=None, index=True)
    merged_at: datetime | None = None


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
    model_config = with_examples(
        {
            "target_group": "long_term_unemployed",
            "evidence": "Inskriven hos Arbetsförmedlingen sedan 2024-03-11 (intyg)",
            "verified": True,
            "valid_until": "2026-12-31",
        }
    )

    target_group: TargetGroup
    evidence: str = Field(min_length=1, max_length=500)
    verified: bool = True
    valid_until: date | None = None


class SeekerIdentityIn(StrictSchema):
    model_config = with_examples(
        {
            "full_name": "Rahel Karlsson",
            "personal_number": "19860503-9802",
            "email": "rahel.karlsson@example.com",
            "phone": "070-174 06 08",
        }
    )

    full_name: str = Field(min_length=1, max_length=200)
    personal_number: str | None = Field(
        default=None, description="personnummer, YYYYMMDD-NNNN (also YYMMDD-NNNN, with or without dash)"
    )
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)

    @field_validator("personal_number")
    @classmethod
    def _pnr(cls, value: str | None) -> str | None:
        if value is None:
            return None
        number = normalise(value)
        if number is None:
            raise ValueError("personal_number must look like YYYYMMDD-NNNN")
        return number


class JobSeekerCreate(JobSeekerBase, SeekerLists):
    model_config = with_examples(
        {
            "ref": "seeker-0107",
            "matching_actor_id": 14,
            "profile_text": "Vårdbiträde i två år, städat på hotell. Vill jobba med lokalvård.",
            "education_level": "2",
            "municipality_code": "1280",
            "max_commute_km": 15,
            "available_from": "2026-02-01",
            "wanted_extent": 75,
            "registered_at": "2025-09-26",
            "consent": "given",
            "experiences": [{"title": "Vårdbiträde", "years": 2}, {"title": "Hotellstädare", "years": 1}],
            "skills": ["Äldreomsorg", "Hotellstädning"],
            "languages": [{"code": "sv", "level": "B1"}, {"code": "ti", "level": "native"}],
            "licences": ["B"],
            "wanted_kinds": ["employment", "internship"],
            "identity": {
                "full_name": "Rahel Karlsson",
                "personal_number": "19860503-9802",
                "email": "rahel.karlsson@example.com",
                "phone": "070-174 06 08",
            },
            "eligibility": [
                {
                    "target_group": "economic_assistance",
                    "evidence": "Beslut om försörjningsstöd, socialtjänsten Sundstads kommun",
                    "verified": True,
                    "valid_until": "2026-12-31",
                }
            ],
        }
    )

    identity: SeekerIdentityIn | None = None
    eligibility: list[EligibilityIn] = []


class JobSeekerUpdate(StrictSchema):
    model_config = with_examples(
        {"max_commute_km": 25, "licences": ["B", "C1"], "languages": [{"code": "sv", "level": "B2"}]}
    )

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
    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(foreign_key="jobseeker.id", unique=True, ondelete="CASCADE")
    full_name: str = Field(max_length=200)
    personal_number: str | None = Field(default=None, max_length=13)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=32)


class Eligibility(SQLModel, table=True):
    """That the person belongs to a target group, with the evidence seen and until when it holds."""

    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(foreign_key="jobseeker.id", index=True, ondelete="CASCADE")
    target_group: TargetGroup
    evidence: str = Field(max_length=500)
    verified: bool = True
    valid_until: date | None = None
    created_at: datetime = Field(default_factory=utcnow)


class MonitoringAttributes(SQLModel, table=True):
    """Protected attributes, for fairness monitoring by the auditor only; never read by the engine."""

    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(foreign_key="jobseeker.id", unique=True, ondelete="CASCADE")
    sex: str | None = Field(default=None, max_length=16)  # female / male / other / None = unknown
    age_band: str | None = Field(default=None, max_length=16)  # "16-24", "25-29", "30-49", "50+"
    born_abroad: bool | None = None


class SeekerDuplicate(SQLModel, table=True):
    """A probable duplicate found when ``seeker_id`` was registered: ``other_id`` looked like the same person.

    Both are the same matching actor's (never across actors). Open until staff merge or dismiss it.
    """

    __table_args__ = (UniqueConstraint("seeker_id", "other_id"), NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    matching_actor_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    seeker_id: int = Field(foreign_key="jobseeker.id", index=True, ondelete="CASCADE")
    other_id: int = Field(foreign_key="jobseeker.id", index=True, ondelete="CASCADE")
    reason: str = Field(max_length=32)  # name_birth_date / contact / similar_name
    score: float = 0.0
    status: str = Field(default="open", max_length=16)  # open / merged / dismissed
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None
    resolved_by: int | None = None  # the user who merged or dismissed it
