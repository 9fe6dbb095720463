"""A placement offer (vacancy) under a contract."""

from datetime import date, datetime

from pydantic import field_validator
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import NEVER_REUSED, StrictSchema, json_field, utcnow, with_examples
from models.enums import PlacementKind, VacancyStatus
from models.profile_parts import JsonList, LanguageLevelIn, check_cefr, check_texts

MAX_TEXT = 20_000


class VacancyFields(SQLModel):
    """Fields as supplied by people and files (no database ids)."""

    # Unique within its contract (the index on Vacancy), not across tenants: no ref tells of another's.
    ref: str = Field(min_length=1, max_length=64, index=True)
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
    application_deadline: date | None = Field(
        default=None, description="the last day to apply, as the ad or the supplier gives it"
    )
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
    __table_args__ = (Index("uq_vacancy_contract_id_ref", "contract_id", "ref", unique=True), NEVER_REUSED)

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
    # Provenance of an occupation the source (a JobSearch ad) gave: its concept id and label as the
    # source wrote them, and the SSYK-4 group it named. When the id is of a newer taxonomy version and
    # could not be placed by label, ``occupation_id`` stays empty and the group is the inference's
    # evidence (``matcher.text.occupation_versions``).
    source_occupation_id: str | None = Field(default=None, max_length=64)
    source_occupation_label: str | None = Field(default=None, max_length=200)
    source_occupation_group: str | None = Field(default=None, max_length=8)
    # The placement's version: one more whenever anything the ranking reads changes (``placement_hash``
    # is the digest of those fields, see ``service.engine.placement_version``); a shortlist records the
    # version it was computed on, so a list computed on an older placement is known to be stale.
    version: int = Field(default=1, ge=1)
    placement_hash: str = Field(default="", max_length=64)
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
    model_config = with_examples(
        {
            "ref": "sundstad-2024-021-v03",
            "contract_id": 3,
            "title": "Lärlingsplats kock – skolrestaurang Sundstad",
            "description": "Vi söker en lärling till vårt kök i Sundstad. Du lagar lunch till 400 elever "
            "tillsammans med två kockar. Krav: grundläggande svenska. Meriterande: livsmedelshygien.",
            "occupation_id": "JbJw_as4_S93",
            "swedish_level": "A2",
            "municipality_code": "1280",
            "latitude": 55.6050,
            "longitude": 13.0038,
            "start_date": "2026-03-01",
            "application_deadline": "2026-01-31",
            "extent": 100,
            "duration_months": 12,
            "kind": "apprenticeship",
            "positions": 2,
            "adaptations_possible": True,
            "status": "open",
            "skills": ["Matlagning"],
            "required_skills": ["Storköksmatlagning"],
            "desired_skills": ["Livsmedelshygien"],
            "other_languages": [{"code": "en", "level": "A2"}],
            "licences_required": [],
        }
    )


class VacancyUpdate(StrictSchema):
    model_config = with_examples(
        {"status": "open", "positions": 3, "required_skills": ["Storköksmatlagning", "Specialkost"]}
    )

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
    application_deadline: date | None = None
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
    model_config = with_examples(
        {
            "id": 10,
            "ref": "sundstad-2024-017-v10",
            "contract_id": 1,
            "title": "Fönsterputsare, bostäder och skolor – Malmö",
            "description": "Praktikplats, 75 %, start 2026-09-01. Krav: fönsterputsning, höghöjdsarbete.",
            "occupation_id": "Nvb6_uT7_hSa",
            "swedish_level": None,
            "municipality_code": "1280",
            "latitude": 55.5882,
            "longitude": 13.0308,
            "start_date": "2026-09-01",
            "application_deadline": "2026-08-31",
            "extent": 75,
            "duration_months": 3,
            "kind": "internship",
            "positions": 1,
            "adaptations_possible": True,
            "status": "open",
            "skills": [],
            "required_skills": ["Fönsterputsning", "Höghöjdsarbete"],
            "desired_skills": ["Fallskyddsutbildning"],
            "other_languages": [],
            "licences_required": [],
            "source_occupation_id": None,
            "source_occupation_label": None,
            "source_occupation_group": None,
            "version": 1,
            "created_at": "2026-08-12T07:45:00Z",
            "updated_at": "2026-08-12T07:45:00Z",
        }
    )

    id: int
    skills: list[str]
    required_skills: list[str]
    desired_skills: list[str]
    other_languages: list[LanguageLevelIn]
    licences_required: list[str]
    source_occupation_id: str | None = Field(
        default=None, description="the occupation concept id an imported ad carried, as it carried it"
    )
    source_occupation_label: str | None = Field(default=None, description="that occupation's label")
    source_occupation_group: str | None = Field(
        default=None, description="the SSYK-4 code the ad gave; evidence when its occupation is unknown"
    )
    version: int = Field(description="one more whenever anything the ranking reads changes")
    created_at: datetime
    updated_at: datetime
