"""What a supplier learns about a proposed candidate: a structured summary, and at most a short text that
staff wrote or approved for suppliers, redacted in any case.

The summary is occupations and years, skills, languages (as levels: "native" says where someone comes
from, so it is shown as C2), licences, availability, extent and distance. Never the profile text, the
identity, the eligibility, the municipality or the stable seeker ref: the only handle is a pseudonym
valid for one vacancy. The API and the supplier page both build their view here.
"""

import hashlib
import hmac

from sqlmodel import Session, col, select

from matcher.text.redaction import redact_strict
from models import JobSeeker, Proposal, SeekerIdentity, ShortlistEntry
from models.base import pk
from models.enums import ProposalStatus
from service.platform.config import get_settings
from service.reviews.schemas import ExperienceOut, LanguageOut, ProposedCandidate
from service.seekers.consent import consenting

_NATIVE = "native"


def candidate_ref(seeker_id: int, vacancy_id: int) -> str:
    """A pseudonym valid for one vacancy: proposals of a person to two vacancies cannot be linked by it."""
    key = get_settings().secret_key.encode()
    digest = hmac.new(key, f"candidate:{seeker_id}:{vacancy_id}".encode(), hashlib.sha256).hexdigest()
    return f"K-{digest[:10].upper()}"


def redact_for_supplier(text: str, identity: SeekerIdentity | None = None) -> str:
    """The text as a supplier may read it (``matcher.text.redaction``): normalised, without contacts,
    identity numbers, addresses, URLs, ages, birth years and places, nationalities, health, religion,
    family or gendered words and any person-name candidate; the person's own name, e-mail, phone and
    personnummer wherever they occur."""
    known = (
        [identity.full_name, identity.email or "", identity.phone or "", identity.personal_number or ""]
        if identity is not None
        else []
    )
    return redact_strict(text, known=[value for value in known if value])


def _language(entry: dict[str, object]) -> LanguageOut:
    level = entry.get("level")
    return LanguageOut(
        code=str(entry["code"]), level="C2" if level == _NATIVE else (str(level) if level else None)
    )


def candidate_view(
    proposal: Proposal, seeker: JobSeeker, identity: SeekerIdentity | None, distance_km: float | None
) -> ProposedCandidate:
    text = redact_for_supplier(proposal.supplier_text or "", identity)
    return ProposedCandidate(
        proposal_id=pk(proposal),
        candidate_ref=candidate_ref(pk(seeker), proposal.vacancy_id),
        status=proposal.status,
        proposed_at=proposal.created_at,
        supplier_text=text,
        experiences=[
            ExperienceOut(title=redact_for_supplier(str(e["title"]), identity), years=e.get("years") or 0)
            for e in seeker.experiences
        ],
        skills=[redact_for_supplier(s, identity) for s in seeker.skills],
        languages=[_language(lang) for lang in seeker.languages],
        # Licences are free strings too ("Truckkort A+B"): every string a supplier reads is redacted.
        licences=[redact_for_supplier(lic, identity) for lic in seeker.licences],
        available_from=seeker.available_from,
        wanted_extent=seeker.wanted_extent,
        distance_km=round(distance_km, 1) if distance_km is not None else None,
    )


def live_proposals_query(vacancy_id: int):  # type: ignore[no-untyped-def]
    """Proposals a supplier may see for a vacancy: not withdrawn, and the person still consents."""
    return (
        select(Proposal, JobSeeker, SeekerIdentity, ShortlistEntry.distance_km)
        .join(JobSeeker, col(JobSeeker.id) == col(Proposal.seeker_id))
        .outerjoin(SeekerIdentity, col(SeekerIdentity.seeker_id) == col(JobSeeker.id))
        .outerjoin(ShortlistEntry, col(ShortlistEntry.id) == col(Proposal.entry_id))
        .where(Proposal.vacancy_id == vacancy_id, Proposal.status != ProposalStatus.WITHDRAWN, consenting())
    )


def live_candidates(session: Session, vacancy_id: int) -> list[ProposedCandidate]:
    """Every live proposal of a vacancy as the supplier sees it (the supplier page; oldest first)."""
    rows = session.exec(live_proposals_query(vacancy_id).order_by(col(Proposal.id))).all()
    return [candidate_view(p, s, ident, dist) for p, s, ident, dist in rows]
