"""Enrich vacancy and seeker text on save; store the concepts with the hash of the text they came from.

Ranking reads the stored concepts and never re-parses unchanged text.
"""

import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlmodel import Session, col, select

from matcher import VacancyProfile, default_taxonomy, enrich
from matcher.rank.profile_arrays import occupation_guesses
from matcher.text.enrich import enrich_many
from matcher.text.experience import OccupationEvidence, read_text, read_title
from matcher.types import SeekerProfile
from models import JobSeeker, Vacancy
from models.enums import VacancyStatus
from models.io import SeekerRecord
from service.engine.placement_version import note_placement_change
from service.engine.stored_concepts import (
    concepts_to_json,
    content_hash,
    evidence_from_json,
    evidence_marker,
    evidence_to_json,
    guesses_version,
)
from service.engine.translate import record_seeker_profile, seeker_text, vacancy_text


def _enrich_if_changed(row: Vacancy | JobSeeker, text: str) -> bool:
    digest = content_hash(text)
    if row.content_hash == digest:
        return False
    row.enrichment = concepts_to_json(enrich(text))
    row.content_hash = digest
    return True


def enrich_vacancy(row: Vacancy) -> bool:
    """Re-enrich if the text changed (True when it did). Without a confirmed occupation, infer the
    occupations if the text or the classifier changed; with one, ranking needs no guesses (an import of
    confirmed placements pays no inference), and a changed text only drops the old ones, so that
    clearing the occupation later infers afresh. Every save passes here, so the placement's version is
    counted here too (``service.engine.placement_version``)."""
    note_placement_change(row)
    changed = _enrich_if_changed(row, vacancy_text(row))
    if row.occupation_id:
        if changed:
            row.occupation_guesses, row.guesses_version = [], ""
    elif changed or row.guesses_version != guesses_version():
        infer_occupations(row)
    return changed


def infer_occupations(row: Vacancy) -> None:
    """Store the classifier's guesses for the row's title and text, exactly those ranking would infer."""
    profile = VacancyProfile(
        id=str(row.id),
        title=row.title,
        text=vacancy_text(row),
        occupation_id=None,
        occupation_group=row.source_occupation_group,  # an imported ad's group: inferred within it
    )
    guesses = occupation_guesses(profile, default_taxonomy()) or ()
    row.occupation_guesses = [{"id": oid, "p": p} for oid, p in guesses]
    row.guesses_version = guesses_version()


def enrich_seeker(row: JobSeeker) -> bool:
    """Re-enrich if the text changed (True when it did), and store what the typed titles and the free text
    say about occupations (``matcher.text.experience``) beside the concepts; read again also when the
    reader changed since (a new taxonomy or new rules)."""
    changed = _enrich_if_changed(row, seeker_text(row))
    if changed or evidence_from_json(row.enrichment) is None:
        concepts = [r for r in row.enrichment if "kind" not in r]
        titles = [str(e.get("title", "")) for e in row.experiences]
        row.enrichment = [*concepts, evidence_marker(titles), *evidence_to_json(read_evidence(row))]
    return changed


def enriched_records(records: Sequence[SeekerRecord], processes: int = 1) -> list[SeekerProfile]:
    """The engine's inputs for seeker import records, enriched as saving them would enrich them (each
    equal to ``to_seeker_profile`` of the saved row), without building rows; the text is read on up to
    ``processes`` processes (``matcher.text.enrich.enrich_many``)."""
    concepts = enrich_many([seeker_text(r) for r in records], processes)
    return [record_seeker_profile(r, c) for r, c in zip(records, concepts, strict=True)]


def read_evidence(row: JobSeeker) -> list[tuple[str, OccupationEvidence]]:
    """(typed title, evidence) for each experience title that names an occupation, then ("", evidence)
    for each occupation the free text names as the person's own."""
    found: list[tuple[str, OccupationEvidence]] = []
    for e in row.experiences:
        title = str(e.get("title", ""))
        evidence = read_title(title) if title else None
        if evidence is not None:
            found.append((title, evidence))
    found += [("", evidence) for evidence in read_text(row.profile_text or "")]
    return found


def stable_json(value: Any, default: Callable[[Any], Any] = str) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=default)


def refresh_occupation_guesses(session: Session) -> int:
    """Infer again for open vacancies without a confirmed occupation whose stored guesses are stale
    (made by another classifier, or before guesses were stored); the number refreshed."""
    rows = session.exec(
        select(Vacancy).where(
            Vacancy.status == VacancyStatus.OPEN,
            col(Vacancy.occupation_id).is_(None),
            Vacancy.guesses_version != guesses_version(),
        )
    ).all()
    for row in rows:
        infer_occupations(row)
        session.add(row)
    session.commit()
    return len(rows)
