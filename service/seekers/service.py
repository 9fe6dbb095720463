"""Job seekers, for staff of the matching actor that owns them; every read of personal data is audited.

Audit policy: each seeker whose data leaves the service gets its own event (``seeker.read`` for a
profile, also when it was one row of a list, with ``detail.via = "list"``), so the person's export
shows every time their profile was seen. Identity, eligibility evidence and exports have their own
actions (``seeker.identity.read``, ``seeker.eligibility.read``, ``seeker.export``).
"""

from typing import Any

from sqlmodel import Session, col, delete, select

from matcher import TextTooLong, default_taxonomy
from matcher.embed.embedding import text_key
from matcher.rank.profile_arrays import seeker_document
from models import EmbeddingVector, JobSeeker
from models.base import patch_values, pk, utcnow
from models.enums import ConsentStatus
from models.seeker import (
    Eligibility,
    EligibilityIn,
    JobSeekerCreate,
    JobSeekerUpdate,
    SeekerIdentity,
    SeekerIdentityIn,
)
from service.engine.enrichment import enrich_seeker
from service.engine.translate import seeker_text, to_seeker_profile
from service.platform.audit import record
from service.platform.errors import BadInput, Conflict, MatcherError, NotFound
from service.platform.pagination import fetch_page
from service.platform.principal import Principal
from service.seekers.duplicates import certain_duplicate, check_and_flag

# Fields a client may change but never clear.
_NOT_NULL = frozenset(
    {"profile_text", "experiences", "skills", "languages", "licences", "wanted_kinds", "consent"}
)


class SeekerMerged(MatcherError):
    """The record was merged into another person's (the survivor); the old id answers 410 and names it."""

    status_code = 410
    title = "Gone"

    def __init__(self, seeker_id: int, survivor_id: int) -> None:
        super().__init__(
            f"job seeker {seeker_id} was merged into job seeker {survivor_id} (/seekers/{survivor_id})",
            errors=[{"field": "seeker_id", "message": f"merged into {survivor_id}"}],
        )
        self.survivor_id = survivor_id
        self.merged_id = seeker_id


def owned_seeker(
    session: Session, principal: Principal, seeker_id: int, *, merged_ok: bool = False
) -> JobSeeker:
    """The seeker if the caller's organisation is its matching actor; 404 otherwise (ids don't leak).
    A merged record is 410 (``SeekerMerged``) unless ``merged_ok`` (export and erasure reach it)."""
    row = session.get(JobSeeker, seeker_id)
    if row is None or row.matching_actor_id != principal.organisation_id:
        raise NotFound(f"job seeker {seeker_id} does not exist")
    if row.merged_into_id is not None and not merged_ok:
        raise SeekerMerged(seeker_id, row.merged_into_id)
    return row


def eligibility_of(session: Session, seeker_id: int) -> list[Eligibility]:
    query = select(Eligibility).where(Eligibility.seeker_id == seeker_id).order_by(col(Eligibility.id))
    return list(session.exec(query).all())


def vector_keys(session: Session, row: JobSeeker) -> set[str]:
    """Content hashes under which embedding vectors of this person's texts may be cached."""
    document = seeker_document(to_seeker_profile(row, eligibility_of(session, pk(row))))
    keys = {text_key(document), text_key(seeker_text(row))}
    if row.content_hash:
        keys.add(row.content_hash)
    return keys


def drop_vectors(session: Session, keys: set[str]) -> int:
    """Delete cached vectors of the given texts (any model); another owner of the same text re-embeds."""
    if not keys:
        return 0
    result = session.exec(delete(EmbeddingVector).where(col(EmbeddingVector.content_hash).in_(sorted(keys))))
    return int(result.rowcount or 0)


def _check_municipality(code: str | None) -> None:
    if code and default_taxonomy().municipality(code) is None:
        raise BadInput(
            f"municipality_code: unknown municipality code {code!r}",
            errors=[{"field": "municipality_code", "message": "unknown municipality code"}],
        )


def _enrich(row: JobSeeker) -> None:
    try:
        enrich_seeker(row)
    except TextTooLong as exc:
        raise BadInput(f"the profile text is too long to analyse: {exc}") from exc


def list_seekers(
    session: Session,
    principal: Principal,
    *,
    offset: int,
    limit: int,
    consent: ConsentStatus | None = None,
) -> tuple[list[tuple[JobSeeker, list[Eligibility]]], int]:
    query = select(JobSeeker).where(
        JobSeeker.matching_actor_id == principal.organisation_id, col(JobSeeker.merged_into_id).is_(None)
    )
    if consent is not None:
        query = query.where(JobSeeker.consent == consent)
    rows, total = fetch_page(session, query, col(JobSeeker.id), offset=offset, limit=limit)
    out = []
    for row in rows:
        record(session, principal, "seeker.read", "seeker", seeker_id=row.id, detail={"via": "list"})
        out.append((row, eligibility_of(session, pk(row))))
    session.flush()
    return out, int(total)


def read_seeker(
    session: Session, principal: Principal, seeker_id: int
) -> tuple[JobSeeker, list[Eligibility]]:
    row = owned_seeker(session, principal, seeker_id)
    record(session, principal, "seeker.read", "seeker", seeker_id=seeker_id, detail={"via": "profile"})
    session.flush()
    return row, eligibility_of(session, seeker_id)


def create_seeker(session: Session, principal: Principal, data: JobSeekerCreate) -> JobSeeker:
    if data.matching_actor_id != principal.organisation_id:
        raise BadInput(
            "matching_actor_id: you may only register job seekers for your own organisation",
            errors=[{"field": "matching_actor_id", "message": "must be your organisation"}],
        )
    _check_municipality(data.municipality_code)
    if data.identity is not None:
        certain_duplicate(session, data.matching_actor_id, data.identity.personal_number)
    # Refs are the matching actor's own: another actor's refs neither conflict nor show (no oracle).
    taken = select(JobSeeker.id).where(
        JobSeeker.matching_actor_id == data.matching_actor_id, JobSeeker.ref == data.ref
    )
    if session.exec(taken).first() is not None:
        raise Conflict(f"you already have a job seeker with ref {data.ref!r}")
    row = JobSeeker.model_validate(data.model_dump(mode="json", exclude={"identity", "eligibility"}))
    _enrich(row)
    session.add(row)
    session.flush()
    flags = []
    if data.identity is not None:
        ident = data.identity
        session.add(SeekerIdentity(seeker_id=pk(row), **ident.model_dump()))
        flags = check_and_flag(
            session,
            row,
            full_name=ident.full_name,
            number=ident.personal_number,
            email=ident.email,
            phone=ident.phone,
        )
    for el in data.eligibility:
        session.add(Eligibility(seeker_id=pk(row), **el.model_dump()))
    detail = {"possible_duplicates": [f.other_id for f in flags]} if flags else None
    record(session, principal, "seeker.create", "seeker", seeker_id=row.id, detail=detail)
    session.flush()
    return row


def update_seeker(session: Session, principal: Principal, seeker_id: int, data: JobSeekerUpdate) -> JobSeeker:
    row = owned_seeker(session, principal, seeker_id)
    changes: dict[str, Any] = patch_values(data)
    for key, value in changes.items():
        if value is None and key in _NOT_NULL:
            raise BadInput(f"{key}: may not be null", errors=[{"field": key, "message": "may not be null"}])
    _check_municipality(changes.get("municipality_code"))
    old_keys = vector_keys(session, row)
    for key, value in changes.items():
        setattr(row, key, value)
    _enrich(row)
    row.updated_at = utcnow()
    session.add(row)
    # Vectors of the superseded text would otherwise outlive it (and escape a later erasure).
    drop_vectors(session, old_keys - vector_keys(session, row))
    record(
        session, principal, "seeker.update", "seeker", seeker_id=seeker_id, detail={"fields": sorted(changes)}
    )
    session.flush()
    return row


def set_consent(session: Session, principal: Principal, seeker_id: int, consent: ConsentStatus) -> JobSeeker:
    row = owned_seeker(session, principal, seeker_id)
    row.consent = consent
    row.updated_at = utcnow()
    session.add(row)
    record(
        session,
        principal,
        "seeker.consent.update",
        "seeker",
        seeker_id=seeker_id,
        detail={"consent": consent},
    )
    session.flush()
    return row


def read_identity(session: Session, principal: Principal, seeker_id: int) -> SeekerIdentity:
    owned_seeker(session, principal, seeker_id)
    ident = session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == seeker_id)).first()
    if ident is None:
        raise NotFound(f"no identity is recorded for job seeker {seeker_id}")
    record(session, principal, "seeker.identity.read", "seeker", seeker_id=seeker_id)
    session.flush()
    return ident


def put_identity(
    session: Session, principal: Principal, seeker_id: int, data: SeekerIdentityIn
) -> SeekerIdentity:
    row = owned_seeker(session, principal, seeker_id)
    ident = session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == seeker_id)).first()
    ident = ident or SeekerIdentity(seeker_id=seeker_id, full_name="")
    for key, value in data.model_dump().items():
        setattr(ident, key, value)
    session.add(ident)
    row.updated_at = utcnow()
    session.add(row)
    flags = check_and_flag(
        session,
        row,
        full_name=data.full_name,
        number=data.personal_number,
        email=data.email,
        phone=data.phone,
    )
    detail = {"possible_duplicates": [f.other_id for f in flags]} if flags else None
    record(session, principal, "seeker.identity.update", "seeker", seeker_id=seeker_id, detail=detail)
    session.flush()
    return ident


def list_eligibility(session: Session, principal: Principal, seeker_id: int) -> list[Eligibility]:
    owned_seeker(session, principal, seeker_id)
    record(session, principal, "seeker.eligibility.read", "seeker", seeker_id=seeker_id)
    session.flush()
    return eligibility_of(session, seeker_id)


def add_eligibility(
    session: Session, principal: Principal, seeker_id: int, data: EligibilityIn
) -> Eligibility:
    row = owned_seeker(session, principal, seeker_id)
    el = Eligibility(seeker_id=seeker_id, **data.model_dump())
    session.add(el)
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    record(
        session,
        principal,
        "seeker.eligibility.create",
        "seeker",
        seeker_id=seeker_id,
        detail={"eligibility_id": el.id, "target_group": el.target_group},
    )
    session.flush()
    return el


def remove_eligibility(session: Session, principal: Principal, seeker_id: int, eligibility_id: int) -> None:
    owned_seeker(session, principal, seeker_id)
    el = session.get(Eligibility, eligibility_id)
    if el is None or el.seeker_id != seeker_id:
        raise NotFound(f"eligibility {eligibility_id} does not exist for job seeker {seeker_id}")
    session.delete(el)
    record(
        session,
        principal,
        "seeker.eligibility.delete",
        "seeker",
        seeker_id=seeker_id,
        detail={"eligibility_id": eligibility_id, "target_group": el.target_group},
    )
    session.flush()
