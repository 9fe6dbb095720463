"""A placement offer (vacancy) under a contract."""

from datetime import date, datetime

from pydantic import field_validator
from sqlmodel import Field, SQLModel

from models.base import StrictSchema, json_field, utcnow
from models.enums import PlacementKind, VacancyStatus
from models.profile_parts import JsonList, LanguageLevelIn, check_cefr, check_texts

MAX_TEXT = 20_000


class VacancyFields(SQLModel):
    """Fields as supplied by people and files (no database ids)."""

    ref: str = Field(min_length=1, max_length=64, unique=True, index=True)
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=MAX_TEXT)
    occupation_id: str | None = Field(
        default=None, max_length=32, description="JobTech occupation concept id"
    )
    swedish_level: str | None = Field(default=None, description="minimum CEFR level of Swedish")
    municipality_code: str | None = Field(default=None, min_length=4, max_length=4)
    latitude: float | None = Field(default=None, ge=55, le=70)
    longitude: float | None = Field(default=None, ge=10, le=25)
    start_date: date | None = None
    extent: int = Field(default=100, ge=1, le=100, description="percent of full time")
    duration_months: int | None = Field(default=None, ge=1, le=120)
    kind: PlacementKind = PlacementKind.EMPLOYMENT
    positions: int = Field(default=1, ge=1, le=500)
    adaptations_possible: bool = False
    status: VacancyStatus = VacancyStatus.DRAFT

    @field_validator("swedish_level")
    @classmethod
    def _sv(cls, value: str | None) -> str | None:
        return check_cefr(value)


class VacancyBase(VacancyFields):
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="RESTRICT")


class Vacancy(VacancyBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    skills: list[str] = json_field()
    required_skills: list[str] = json_field()
    desired_skills: list[str] = json_field()
    other_languages: JsonList = json_field()
    licences_required: list[str] = json_field()
    # Concepts found by matcher.text.enrich, stored with the hash of the text they came from.
    enrichment: JsonList = json_field()
    content_hash: str = Field(default="", max_length=64)
    # The occupation classifier's top guesses ([{"id", "p"}]) from title and description, stored on save
    # like the concepts, with the version of the classifier that made them (stale guesses are ignored).
    occupation_guesses: JsonList = json_field()
    guesses_version: str = Field(default="", max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class VacancyLists(StrictSchema):
    skills: list[str] = []
    required_skills: list[str] = []
    desired_skills: list[str] = []
    other_languages: list[LanguageLevelIn] = []
    licences_required: list[str] = []

    @field_validator("skills", "required_skills", "desired_skills", "licences_required")
    @classmethod
    def _texts(cls, values: list[str]) -> list[str]:
        return check_texts(values)


class VacancyCreate(VacancyBase, VacancyLists):
    pass


class VacancyUpdate(StrictSchema):
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=MAX_TEXT)
    occupation_id: str | None = Field(default=None, max_length=32)
    skills: list[str] | None = None
    required_skills: list[str] | None = None
    desired_skills: list[str] | None = None
    swedish_level: str | None = None
    other_languages: list[LanguageLevelIn] | None = None
    licences_required: list[str] | None = None
    municipality_code: str | None = Field(default=None, min_length=4, max_length=4)
    latitude: float | None = Field(default=None, ge=55, le=70)
    longitude: float | None = Field(default=None, ge=10, le=25)
    start_date: date | None = None
    extent: int | None = Field(default=None, ge=1, le=100)
    duration_months: int | None = Field(default=None, ge=1, le=120)
    kind: PlacementKind | None = None
    positions: int | None = Field(default=None, ge=1, le=500)
    adaptations_possible: bool | None = None
    status: VacancyStatus | None = None

    @field_validator("swedish_level")
    @classmethod
    def _sv(cls, value: str | None) -> str | None:
        return check_cefr(value)


class VacancyPublic(VacancyBase):
    id: int
    skills: list[str]
    required_skills: list[str]
    desired_skills: list[str]
    other_languages: list[LanguageLevelIn]
    licences_required: list[str]
    created_at: datetime
    updated_at: datetime
