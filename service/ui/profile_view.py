"""What staff read of a placement and of a seeker: every field the matching uses, in words, not codes.

Codes stored on the rows (municipality, languages, licences) become the taxonomy's names here, so no
page shows "1280" or "prs C2". The seeker's part holds only what staff may see: profile, skills,
languages, licences, wishes and eligibility with its evidence; never the monitoring attributes (kept
for the auditor's fairness report only) and never identity, which has its own audited reveal.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from matcher import default_taxonomy
from models import Eligibility, JobSeeker, Vacancy


@dataclass(frozen=True)
class LanguageLine:
    name: str
    level: str | None  # a CEFR level, "native", or None when not given


@dataclass(frozen=True)
class PlacementDetails:
    description: str
    municipality: str | None
    required_skills: list[str]
    desired_skills: list[str]
    swedish_level: str | None
    languages: list[LanguageLine]
    licences: list[str]
    adaptations_possible: bool
    positions: int
    duration_months: int | None
    extent: int
    start_date: date | None
    application_deadline: date | None


@dataclass(frozen=True)
class EligibilityLine:
    target_group: str
    evidence: str
    verified: bool
    valid_until: date | None
    valid: bool  # verified and not expired today


@dataclass(frozen=True)
class SeekerDetails:
    skills: list[str]
    languages: list[LanguageLine]
    licences: list[str]
    municipality: str | None
    max_commute_km: float | None
    available_from: date | None
    wanted_extent: int | None
    wanted_kinds: list[str]
    eligibility: list[EligibilityLine]


def municipality_name(code: str | None) -> str | None:
    if not code:
        return None
    place = default_taxonomy().municipality(code)
    return place.name if place is not None else code


def language_lines(rows: list[dict[str, Any]]) -> list[LanguageLine]:
    """Stored ``{"code", "level"}`` rows with the language's name (the code only if the name is unknown)."""
    taxonomy = default_taxonomy()
    lines = []
    for row in rows:
        code = str(row.get("code", ""))
        language = taxonomy.language(code)
        lines.append(LanguageLine(name=language.label if language else code, level=row.get("level")))
    return lines


def language_name(code: str) -> str:
    """The taxonomy's name of a language code ("prs" → "dari"); the code itself only if it is unknown."""
    language = default_taxonomy().language(code)
    return language.label if language else code


def licence_names(codes: list[str]) -> list[str]:
    taxonomy = default_taxonomy()
    return [found.label if (found := taxonomy.licence(code)) else code for code in codes]


def placement_details(vacancy: Vacancy) -> PlacementDetails:
    # ``skills`` is the older single list; the ranking reads it as desired, and so does the page.
    desired = vacancy.desired_skills + [s for s in vacancy.skills if s not in vacancy.required_skills]
    return PlacementDetails(
        description=vacancy.description,
        municipality=municipality_name(vacancy.municipality_code),
        required_skills=list(vacancy.required_skills),
        desired_skills=list(dict.fromkeys(desired)),
        swedish_level=vacancy.swedish_level,
        languages=language_lines(vacancy.other_languages),
        licences=licence_names(vacancy.licences_required),
        adaptations_possible=vacancy.adaptations_possible,
        positions=vacancy.positions,
        duration_months=vacancy.duration_months,
        extent=vacancy.extent,
        start_date=vacancy.start_date,
        application_deadline=vacancy.application_deadline,
    )


def seeker_details(session: Session, seeker: JobSeeker, today: date) -> SeekerDetails:
    rows = session.exec(
        select(Eligibility).where(Eligibility.seeker_id == seeker.id).order_by(col(Eligibility.id))
    ).all()
    return SeekerDetails(
        skills=list(seeker.skills),
        languages=language_lines(seeker.languages),
        licences=licence_names(seeker.licences),
        municipality=municipality_name(seeker.municipality_code),
        max_commute_km=seeker.max_commute_km,
        available_from=seeker.available_from,
        wanted_extent=seeker.wanted_extent,
        wanted_kinds=list(seeker.wanted_kinds),
        eligibility=[
            EligibilityLine(
                target_group=str(e.target_group),
                evidence=e.evidence,
                verified=e.verified,
                valid_until=e.valid_until,
                valid=e.verified and (e.valid_until is None or e.valid_until >= today),
            )
            for e in rows
        ],
    )
