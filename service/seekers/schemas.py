"""Role-specific views of a job seeker: each holds exactly what its reader may see.

- ``SeekerView``: staff of the owning matching actor, day to day. No identity; eligibility only as
  target group + validity (the evidence text is shown only by the eligibility endpoints).
- ``SeekerIdentityPublic``: name, personal identity number and contact, behind its own audited endpoint.
- ``SupplierCandidateView``: what a supplier sees of a proposed candidate: the matching profile, no
  identity, no target group (only whether the person counts towards the requirement), no free text.
"""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from models import Eligibility, JobSeeker
from models.base import StrictSchema, with_examples
from models.enums import ConsentStatus, PlacementKind, TargetGroup
from models.profile_parts import ExperienceIn, LanguageLevelIn
from models.seeker import JobSeekerPublic
from service.engine.stored_concepts import evidence_from_json
from service.engine.translate import STRUCTURED_CONFIDENCE


class EligibilitySummary(SQLModel):
    id: int
    target_group: TargetGroup
    verified: bool
    valid_until: date | None
    current: bool


class EligibilityPublic(EligibilitySummary):
    model_config = with_examples(
        {
            "id": 2,
            "target_group": "economic_assistance",
            "verified": True,
            "valid_until": "2026-12-31",
            "current": True,
            "evidence": "Beslut om försörjningsstöd, socialtjänsten Sundstads kommun",
            "created_at": "2026-01-20T10:15:00Z",
        }
    )

    evidence: str
    created_at: datetime


class OccupationRead(SQLModel):
    """An occupation read from what the person typed, as the engine reads it."""

    typed: str = Field(description="the words as typed that gave it")
    occupation_id: str
    label: str = Field(description="the occupation's name in the taxonomy")
    confidence: float = Field(ge=0, le=1)
    source: str = Field(description="title: an experience title; text: a phrase of the profile text")
    trusted: bool = Field(
        description="sure enough to be taken as the occupation: an experience title without an occupation "
        "is ranked as this one"
    )


class SeekerView(JobSeekerPublic):
    model_config = with_examples(
        {
            "id": 1,
            "ref": "seeker-0001",
            "matching_actor_id": 14,
            "profile_text": "Vårdbiträde i två år, städat på hotell. Vill jobba med lokalvård.",
            "education_level": "2",
            "municipality_code": "1280",
            "max_commute_km": 15.0,
            "available_from": "2026-02-01",
            "wanted_extent": 75,
            "registered_at": "2025-09-26",
            "consent": "given",
            "experiences": [{"title": "Vårdbiträde", "years": 2.0, "occupation_id": None}],
            "skills": ["Äldreomsorg", "Hotellstädning"],
            "languages": [{"code": "sv", "level": "B1"}, {"code": "ti", "level": "native"}],
            "licences": ["B"],
            "wanted_kinds": ["employment", "internship"],
            "created_at": "2026-01-20T10:15:00Z",
            "updated_at": "2026-01-20T10:15:00Z",
            "eligibility": [
                {
                    "id": 2,
                    "target_group": "economic_assistance",
                    "verified": True,
                    "valid_until": "2026-12-31",
                    "current": True,
                }
            ],
            "occupations_read": [
                {
                    "typed": "Vårdbiträde",
                    "occupation_id": "4zLr_jP5_peZ",
                    "label": "Vårdbiträde",
                    "confidence": 0.95,
                    "source": "title",
                    "trusted": True,
                }
            ],
        }
    )

    eligibility: list[EligibilitySummary]
    occupations_read: list[OccupationRead] = Field(
        default_factory=list,
        description="occupations read from the experience titles and the profile text as typed "
        "(misspelt, inflected or English), as stored when the profile was saved",
    )


class SeekerCreated(SeekerView):
    model_config = with_examples(
        {
            **SeekerView.model_config["json_schema_extra"]["examples"][0],  # type: ignore[index]
            "possible_duplicates": [12],
        }
    )

    possible_duplicates: list[int] = Field(
        default_factory=list,
        description="the actor's people who are probably this one (flagged for staff to merge or dismiss)",
    )


class SeekerIdentityPublic(SQLModel):
    model_config = with_examples(
        {
            "seeker_id": 1,
            "full_name": "Rahel Karlsson",
            "personal_number": "19860503-9802",
            "email": "rahel.karlsson@example.com",
            "phone": "070-174 06 08",
        }
    )

    seeker_id: int
    full_name: str
    personal_number: str | None
    email: str | None
    phone: str | None


class ConsentUpdate(StrictSchema):
    model_config = with_examples({"consent": "withdrawn"})

    consent: ConsentStatus


class SupplierCandidateView(SQLModel):
    """A proposed candidate as the supplier sees it: enough to decide on an interview, nothing more."""

    seeker_id: int = Field(description="an opaque number to quote to the matching actor")
    experiences: list[ExperienceIn]
    education_level: str | None
    skills: list[str]
    languages: list[LanguageLevelIn]
    licences: list[str]
    municipality_code: str | None
    available_from: date | None
    wanted_extent: int | None
    wanted_kinds: list[PlacementKind]
    counts_towards_requirement: bool


def is_current(row: Eligibility, today: date) -> bool:
    return row.verified and (row.valid_until is None or row.valid_until >= today)


def summarise_eligibility(rows: list[Eligibility], today: date) -> list[EligibilitySummary]:
    return [
        EligibilitySummary(
            id=r.id or 0,
            target_group=TargetGroup(r.target_group),
            verified=r.verified,
            valid_until=r.valid_until,
            current=is_current(r, today),
        )
        for r in rows
    ]


def seeker_view(row: JobSeeker, eligibility: list[Eligibility], today: date) -> SeekerView:
    base = JobSeekerPublic.model_validate(row).model_dump()
    return SeekerView(
        **base,
        eligibility=summarise_eligibility(eligibility, today),
        occupations_read=occupations_read(row),
    )


def occupations_read(row: JobSeeker) -> list[OccupationRead]:
    """What the stored evidence says the person's typed titles and text name (none when it was read by
    another reader version: it is read again on the next save)."""
    return [
        OccupationRead(
            typed=e.typed,
            occupation_id=e.occupation_id,
            label=e.label,
            confidence=e.confidence,
            source=e.source,
            trusted=e.confidence >= STRUCTURED_CONFIDENCE,
        )
        for _, e in evidence_from_json(row.enrichment) or []
    ]


def eligibility_public(row: Eligibility, today: date) -> EligibilityPublic:
    return EligibilityPublic(
        id=row.id or 0,
        target_group=TargetGroup(row.target_group),
        verified=row.verified,
        valid_until=row.valid_until,
        current=is_current(row, today),
        evidence=row.evidence,
        created_at=row.created_at,
    )


def supplier_candidate_view(
    row: JobSeeker, eligibility: list[Eligibility], target_groups: list[str], today: date
) -> SupplierCandidateView:
    """The supplier's view; ``target_groups`` are those of the contract's requirement."""
    counts = any(is_current(e, today) and e.target_group in target_groups for e in eligibility)
    return SupplierCandidateView(
        seeker_id=row.id or 0,
        experiences=[ExperienceIn.model_validate(e) for e in row.experiences],
        education_level=row.education_level,
        skills=list(row.skills),
        languages=[LanguageLevelIn.model_validate(x) for x in row.languages],
        licences=list(row.licences),
        municipality_code=row.municipality_code,
        available_from=row.available_from,
        wanted_extent=row.wanted_extent,
        wanted_kinds=[PlacementKind(k) for k in row.wanted_kinds],
        counts_towards_requirement=counts,
    )
