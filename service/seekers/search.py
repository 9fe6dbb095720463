"""Finding a job seeker among thousands: by name, personal identity number, reference or occupation.

Only the caller's own matching actor's seekers are searched. A query that looks like a personal identity
number (10 or 12 digits, dash optional) matches that number only; any other query matches the reference,
the name, the profile text and experience titles, and the occupations the taxonomy suggests for it (so
"lokalvårdare" also finds people whose experience was recorded as "Städare"). ``names`` says which hits
were matched through their identity: the caller audits those as identity reads.
"""

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, func, or_
from sqlmodel import Session, col, select

from matcher import default_taxonomy
from models import JobSeeker, Proposal, SeekerIdentity
from models.enums import ConsentStatus, ProposalStatus
from service.platform.pagination import fetch_page
from service.platform.principal import Principal

PNR = re.compile(r"^(\d{2})?(\d{6})-?(\d{4})$")
SORTS: dict[str, tuple[Any, ...]] = {
    "ref": (col(JobSeeker.ref),),
    "available": (col(JobSeeker.available_from), col(JobSeeker.ref)),
    "registered": (col(JobSeeker.registered_at), col(JobSeeker.ref)),
}
OCCUPATION_MATCH = 0.9  # taxonomy suggestions at least this sure count as "the occupation searched for"


@dataclass
class SeekerSearch:
    rows: list[JobSeeker]
    total: int
    names: dict[int, str]  # seeker id → full name, for hits found through their identity
    proposals: dict[int, int]  # seeker id → standing proposals (any vacancy)


def _identity_match(q: str) -> Any:
    digits = PNR.match(q.replace(" ", ""))
    if digits:
        number = f"{digits.group(2)}-{digits.group(3)}"  # YYMMDD-NNNN: matches with or without century
        return col(SeekerIdentity.personal_number).like(f"%{number}")
    return col(SeekerIdentity.full_name).ilike(f"%{q}%")


def search_seekers(
    session: Session,
    principal: Principal,
    *,
    q: str = "",
    consent: ConsentStatus | None = None,
    sort: str = "ref",
    offset: int = 0,
    limit: int = 50,
) -> SeekerSearch:
    q = q.strip()
    query = select(JobSeeker).where(
        JobSeeker.matching_actor_id == principal.organisation_id, col(JobSeeker.merged_into_id).is_(None)
    )
    if consent is not None:
        query = query.where(JobSeeker.consent == consent)
    by_identity = select(SeekerIdentity.seeker_id).where(_identity_match(q)).scalar_subquery()
    if q and PNR.match(q.replace(" ", "")):
        query = query.where(col(JobSeeker.id).in_(by_identity))
    elif q:
        like = f"%{q}%"
        terms = [
            col(JobSeeker.ref).ilike(like),
            col(JobSeeker.profile_text).ilike(like),
            cast(JobSeeker.experiences, String).ilike(like),
            col(JobSeeker.id).in_(by_identity),
        ]
        for occupation, score in default_taxonomy().suggest_occupations(q, 3):
            if score >= OCCUPATION_MATCH:
                terms.append(cast(JobSeeker.enrichment, String).like(f'%"{occupation.id}"%'))
                terms.append(cast(JobSeeker.experiences, String).like(f'%"{occupation.id}"%'))
        query = query.where(or_(*terms))
    rows, total = fetch_page(session, query, *SORTS.get(sort, SORTS["ref"]), offset=offset, limit=limit)
    ids = [int(r.id or 0) for r in rows]
    names: dict[int, str] = {}
    if q and ids:
        for seeker_id, name in session.exec(
            select(SeekerIdentity.seeker_id, SeekerIdentity.full_name).where(
                col(SeekerIdentity.seeker_id).in_(ids), _identity_match(q)
            )
        ).all():
            names[int(seeker_id)] = name
    proposals: dict[int, int] = {}
    if ids:
        for seeker_id, n in session.exec(
            select(Proposal.seeker_id, func.count())
            .where(col(Proposal.seeker_id).in_(ids), Proposal.status != ProposalStatus.WITHDRAWN)
            .group_by(col(Proposal.seeker_id))
        ).all():
            proposals[int(seeker_id)] = int(n)
    return SeekerSearch(list(rows), total, names, proposals)
