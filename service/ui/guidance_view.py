"""What would raise a match, for the staff pages: a line per shortlisted person, guidance per seeker.

The same services as the API (``service.shortlists.gaps``, ``service.shortlists.guidance``); this module
only picks what the pages show and words it (the ``guid.*`` messages of the UI catalogs).
"""

from dataclasses import dataclass

from sqlmodel import Session

from models import JobSeeker, Vacancy
from models.enums import ConsentStatus
from service.engine.pools import get_ranking_engine
from service.platform.principal import Principal
from service.shortlists.gaps import MatchGap, entry_gaps
from service.shortlists.guidance import GuidanceItem, guidance_for_seeker
from service.system.service import is_manual_mode
from service.ui.data import EntryView
from service.ui.i18n import translate

SHOWN = 3  # guidance lines on the seeker page: the best few, not a to-do list


@dataclass(frozen=True)
class GuidanceLine:
    item: GuidanceItem
    text: str


def _in_sentence(label: str, lang: str) -> str:
    # Taxonomy skills are capitalised nouns ("Städning"); mid-sentence Swedish writes them in lower case.
    # An abbreviation or a name ("AMPS-system", "ADR-intyg") keeps its capitals.
    if lang == "sv" and len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def guidance_lines(
    session: Session, principal: Principal, seeker: JobSeeker, lang: str
) -> list[GuidanceLine] | None:
    """The seeker page's guidance, worded; None when the engine may not rank this person (manual mode,
    no consent to matching)."""
    if is_manual_mode(session) or seeker.consent != ConsentStatus.GIVEN:
        return None
    found = guidance_for_seeker(session, principal, int(seeker.id or 0), get_ranking_engine(), limit=SHOWN)
    lines = []
    for item in found.items:
        what = _in_sentence(item.label_sv if lang == "sv" else item.label_en, lang)
        if item.opened:
            key = "guide.opens.one" if item.opened == 1 else "guide.opens"
            n = item.opened
        else:
            key = "guide.improves.one" if item.improved == 1 else "guide.improves"
            n = item.improved
        lines.append(GuidanceLine(item, translate(key, lang).format(what=what, n=n)))
    return lines


def entry_gap_lines(session: Session, vacancy: Vacancy, entries: list[EntryView]) -> dict[int, MatchGap]:
    """Per seeker on the list, the placement's missing requirement that costs the most (where one does)."""
    if is_manual_mode(session):
        return {}
    gaps = entry_gaps(session, vacancy, [e.seeker for e in entries])
    return {seeker_id: gap for seeker_id, gap in gaps.items() if gap is not None}
