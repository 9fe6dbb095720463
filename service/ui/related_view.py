"""What staff see of related occupations and of the occupations read from a seeker's typing.

The seeker page's and the staff placement page's handlers call these in the request's own session and pass
the result to ``_related_occupations.html``. Staff pages only: the handlers behind them require the staff
role, and nothing here is personal data beyond the seeker's own profile.
"""

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from models import JobSeeker, Vacancy
from service.engine.stored_concepts import evidence_from_json
from service.engine.translate import STRUCTURED_CONFIDENCE
from service.occupations.related import (
    THIN_SHORTLIST,
    RelatedOccupation,
    related_for_seeker,
    related_for_shortlist,
    seeker_occupations,
)
from service.platform.principal import Principal


@dataclass(frozen=True)
class TypedOccupation:
    label: str
    typed: str  # the words as the person wrote them
    source: str  # "title" or "text"
    trusted: bool  # ranked on as the person's occupation (else shown only)


def typed_occupations(seeker: JobSeeker) -> list[TypedOccupation]:
    """The occupations read from the seeker's titles and free text, each beside what was typed."""
    out: dict[tuple[str, str], TypedOccupation] = {}
    for _, e in evidence_from_json(seeker.enrichment) or []:
        out.setdefault(
            (e.occupation_id, e.typed),
            TypedOccupation(e.label, e.typed, e.source, e.confidence >= STRUCTURED_CONFIDENCE),
        )
    return list(out.values())


def related_for_seeker_page(session: Session, principal: Principal, seeker: JobSeeker) -> dict[str, Any]:
    return {
        "known": bool(seeker_occupations(seeker)),
        "rows": related_for_seeker(session, principal.organisation_id, seeker),
    }


def related_for_shortlist_page(
    session: Session, principal: Principal, vacancy: Vacancy, candidates: int
) -> list[RelatedOccupation] | None:
    """Related occupations for a thin list (None when the list is not thin)."""
    return related_for_shortlist(session, principal.organisation_id, vacancy, candidates)


def template_globals() -> dict[str, Any]:
    # Pure: reads only the seeker row the page already holds.
    return {"typed_occupations": typed_occupations, "thin_shortlist": THIN_SHORTLIST}
