"""Related occupations for staff, from JobTech's substitutability judgements.

JobTech says, for pairs of occupations, that holders of one can step into the other (75 %: largely, 25 %:
partly). Two uses, both for the matching actor's staff and both without personal data (labels, counts and
placement titles only):

- on a seeker's page, the occupations related to the seeker's own that have open placements here
  ("a cook's placements are few; these related occupations have some"), with the count and links;
- on a thin shortlist (fewer than ``THIN_SHORTLIST`` candidates), the occupations related to the
  placement's, with how many seekers of this actor's pool have each (links search the pool for it).

A seeker's occupations are the ones set on the experiences and the ones read from what was typed
(``service.engine.enrichment``: titles and phrases of the free text), trusted as ranking trusts them.
A placement's occupation is the confirmed one, else the classifier's first guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import String, cast, func, or_
from sqlmodel import Session, col, select

from matcher import default_taxonomy
from models import Contract, EmploymentRequirement, JobSeeker, Vacancy
from models.enums import ConsentStatus, VacancyStatus
from service.engine.stored_concepts import evidence_from_json
from service.engine.translate import STRUCTURED_CONFIDENCE

THIN_SHORTLIST = 5  # fewer candidates than this is a thin list
MAX_RELATED = 6  # occupations shown; the strongest relations first
SAME_GROUP = 0  # the "percent" of a sibling in the same SSYK-4 group, shown when JobTech judged none
MAX_LINKS = 3  # placements linked per occupation (the count says how many there are)


@dataclass(frozen=True)
class PlacementLink:
    id: int
    title: str


@dataclass(frozen=True)
class RelatedOccupation:
    occupation_id: str
    label: str
    percent: int  # JobTech's substitutability, 75 or 25; SAME_GROUP (0) for a sibling in the SSYK-4 group
    count: int  # open placements (seeker page) or seekers in the pool (shortlist)
    placements: list[PlacementLink] = field(default_factory=list)


def related_ids(occupation_ids: Iterable[str]) -> list[tuple[str, int]]:
    """(occupation id, percent) related to any of ``occupation_ids`` in either direction, the strongest
    first (ties by label); the given occupations themselves are left out."""
    taxonomy = default_taxonomy()
    own = set(occupation_ids)
    best: dict[str, int] = {}
    reverse = _reverse_substitutes()
    for oid in own:
        # The relation is directed (who can step into whose role); either direction counts, as in the
        # real-ad benchmark's grades: staff judge the person, the list only points.
        for other, pct in [*taxonomy.substitutes(oid).items(), *reverse.get(oid, {}).items()]:
            best[other] = max(best.get(other, 0), pct)
    found = [
        (oid, pct) for oid, pct in best.items() if oid not in own and pct > 0 and taxonomy.occupation(oid)
    ]
    if not found:
        # JobTech judged 1,442 of 2,412 occupations (none of the cooks): the others' SSYK-4 group
        # siblings stand in, marked as the same group (percent 0), never as a judgement.
        groups = {taxonomy.ssyk4_of(oid) for oid in own} - {None}
        found = [(o.id, SAME_GROUP) for o in taxonomy.occupations() if o.ssyk4 in groups and o.id not in own]
    return sorted(found, key=lambda kv: (-kv[1], _label(kv[0])))


@lru_cache(maxsize=1)
def _reverse_substitutes() -> dict[str, dict[str, int]]:
    taxonomy = default_taxonomy()
    reverse: dict[str, dict[str, int]] = {}
    for occ in taxonomy.occupations():
        for other, pct in taxonomy.substitutes(occ.id).items():
            reverse.setdefault(other, {})[occ.id] = pct
    return reverse


def _label(occupation_id: str) -> str:
    occ = default_taxonomy().occupation(occupation_id)
    return occ.label if occ is not None else occupation_id


def seeker_occupations(seeker: JobSeeker) -> list[str]:
    """The seeker's occupations: set on an experience, or read from the typing with ranking's trust."""
    found = [str(e["occupation_id"]) for e in seeker.experiences if e.get("occupation_id")]
    for _, evidence in evidence_from_json(seeker.enrichment) or []:
        if evidence.confidence >= STRUCTURED_CONFIDENCE:
            found.append(evidence.occupation_id)
    return list(dict.fromkeys(found))


def placement_occupation(vacancy: Vacancy) -> str | None:
    if vacancy.occupation_id:
        return vacancy.occupation_id
    guesses: list[dict[str, Any]] = vacancy.occupation_guesses or []
    return str(guesses[0]["id"]) if guesses else None


def _open_placements(session: Session, actor_id: int) -> list[Vacancy]:
    return list(
        session.exec(
            select(Vacancy)
            .join(Contract, col(Contract.id) == col(Vacancy.contract_id))
            .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Contract.id))
            .where(
                EmploymentRequirement.matching_actor_id == actor_id,
                Vacancy.status == VacancyStatus.OPEN,
            )
            .order_by(col(Vacancy.start_date), col(Vacancy.id))
        ).all()
    )


def related_for_seeker(session: Session, actor_id: int, seeker: JobSeeker) -> list[RelatedOccupation]:
    """Occupations related to the seeker's that have open placements of this matching actor."""
    related = related_ids(seeker_occupations(seeker))
    if not related:
        return []
    by_occupation: dict[str, list[Vacancy]] = {}
    for vacancy in _open_placements(session, actor_id):
        occ = placement_occupation(vacancy)
        if occ is not None:
            by_occupation.setdefault(occ, []).append(vacancy)
    out = []
    for oid, pct in related:
        placements = list({int(v.id or 0): v for v in by_occupation.get(oid, [])}.values())
        if placements:
            links = [PlacementLink(int(v.id or 0), v.title) for v in placements[:MAX_LINKS]]
            out.append(RelatedOccupation(oid, _label(oid), pct, len(placements), links))
    return out[:MAX_RELATED]


def related_for_shortlist(
    session: Session, actor_id: int, vacancy: Vacancy, candidates: int
) -> list[RelatedOccupation] | None:
    """For a thin list (fewer than ``THIN_SHORTLIST`` candidates): the occupations related to the
    placement's, each with the number of consenting seekers of this actor who have it; None otherwise."""
    if candidates >= THIN_SHORTLIST:
        return None
    occupation = placement_occupation(vacancy)
    if occupation is None:
        return []
    out = []
    for oid, pct in related_ids([occupation])[:MAX_RELATED]:
        out.append(RelatedOccupation(oid, _label(oid), pct, _seekers_with(session, actor_id, oid)))
    return out


def _seekers_with(session: Session, actor_id: int, occupation_id: str) -> int:
    # The id quoted, as JSON stores it: set on an experience, read from the typing, or named in the text.
    quoted = f'%"{occupation_id}"%'
    return int(
        session.exec(
            select(func.count())
            .select_from(JobSeeker)
            .where(
                JobSeeker.matching_actor_id == actor_id,
                col(JobSeeker.merged_into_id).is_(None),
                JobSeeker.consent == ConsentStatus.GIVEN,
                or_(
                    cast(JobSeeker.experiences, String).like(quoted),
                    cast(JobSeeker.enrichment, String).like(quoted),
                ),
            )
        ).one()
    )
