"""The person's rights over their data: access (export), erasure, and retention.

Export gathers every row that refers to the person (``EXPORT_SECTIONS`` names the table behind each
section; a test walks the foreign keys to ``jobseeker.id`` and fails when a table is missing here).

Erasure deletes every such row and the cached vectors of the person's texts. The audit trail stays,
referring to the person only by a keyed pseudonym; free text in the events about the person is scrubbed.
Placements and their follow-ups are deleted too: ``placement.seeker_id`` is NOT NULL, so an anonymous
placement row cannot be kept. What contract reporting needs (contract, kind, target group, dates,
extent) is kept in the ``seeker.erase`` event's detail; a nullable ``seeker_id`` would keep it in place.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, cast
from sqlmodel import Session, col, or_, select

from models import (
    AuditEvent,
    Contract,
    EmbeddingVector,
    FollowUp,
    JobSeeker,
    MonitoringAttributes,
    Organisation,
    Placement,
    PoolSnapshot,
    Proposal,
    ReviewDecision,
    SeekerDuplicate,
    SeekerIdentity,
    Shortlist,
    ShortlistEntry,
    ShortlistState,
    SupplierFeedback,
    Vacancy,
)
from models.audit import AuditEventPublic
from models.base import pk, utcnow
from models.seeker import JobSeekerPublic
from service.platform.audit import record, seeker_pseudonym
from service.platform.principal import Principal
from service.seekers.service import drop_vectors, eligibility_of, owned_seeker, vector_keys

# Export section -> the table its rows come from.
EXPORT_SECTIONS: dict[str, str] = {
    "profile": "jobseeker",
    "identity": "seekeridentity",
    "eligibility": "eligibility",
    "monitoring_attributes": "monitoringattributes",
    "shortlist_entries": "shortlistentry",
    "review_decisions": "reviewdecision",
    "proposals": "proposal",
    "supplier_feedback": "supplierfeedback",
    "placements": "placement",
    "follow_ups": "followup",
    "duplicate_flags": "seekerduplicate",
}

ABOUT = {
    "sv": {
        "ranking": (
            "Din profil (yrkeserfarenhet, kompetenser, språk, körkort, ort och tillgänglighet) jämförs med "
            "lediga platser under upphandlade kontrakt med sysselsättningskrav. Ett program räknar fram hur "
            "väl profilen passar varje plats: likhet mellan texterna, gemensamma yrken och kompetenser, "
            "språk- och körkortskrav, avstånd och startdatum. Kön, ålder, ursprung och namn används inte; "
            "sådana uppgifter tas bort ur fritext innan programmet läser den. Programmet föreslår bara. "
            "En handläggare går igenom varje förslag och beslutar om du ska föreslås till en arbetsgivare."
        ),
        "rights": (
            "Du har rätt att få veta vilka uppgifter vi har om dig (det här dokumentet), att få felaktiga "
            "uppgifter rättade, att få uppgifterna raderade när de inte längre behövs, att invända mot "
            "behandlingen och att återkalla ditt samtycke till matchning. Beslut fattas alltid av en "
            "människa. Du kan klaga hos Integritetsskyddsmyndigheten (IMY)."
        ),
    },
    "en": {
        "ranking": (
            "Your profile (work experience, skills, languages, driving licences, location and availability) "
            "is compared with vacancies under public contracts with employment requirements. A program "
            "estimates how well the profile fits each vacancy: similarity of the texts, shared occupations "
            "and skills, language and licence requirements, distance and start date. Sex, age, origin and "
            "name are not used; such details are removed from free text before the program reads it. The "
            "program only suggests. A case officer reviews every suggestion and decides whether you are "
            "proposed to an employer."
        ),
        "rights": (
            "You have the right to know what data we hold about you (this document), to have wrong data "
            "corrected, to have data erased when it is no longer needed, to object to the processing and "
            "to withdraw your consent to matching. Decisions are always made by a person. You may complain "
            "to the Swedish Authority for Privacy Protection (IMY)."
        ),
    },
}


def _row(obj: Any, exclude: set[str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = obj.model_dump(mode="json", exclude=exclude or set())
    return data


def _entries(session: Session, seeker_id: int) -> list[ShortlistEntry]:
    query = (
        select(ShortlistEntry).where(ShortlistEntry.seeker_id == seeker_id).order_by(col(ShortlistEntry.id))
    )
    return list(session.exec(query).all())


def _proposals(session: Session, seeker_id: int) -> list[Proposal]:
    return list(
        session.exec(select(Proposal).where(Proposal.seeker_id == seeker_id).order_by(col(Proposal.id)))
    )


def _placements(session: Session, seeker_id: int) -> list[Placement]:
    query = select(Placement).where(Placement.seeker_id == seeker_id).order_by(col(Placement.id))
    return list(session.exec(query).all())


def _identity(session: Session, seeker_id: int) -> SeekerIdentity | None:
    return session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == seeker_id)).first()


def _flags(session: Session, seeker_id: int) -> list[SeekerDuplicate]:
    about = (col(SeekerDuplicate.seeker_id) == seeker_id) | (col(SeekerDuplicate.other_id) == seeker_id)
    return list(session.exec(select(SeekerDuplicate).where(about).order_by(col(SeekerDuplicate.id))))


def merged_records(session: Session, seeker_id: int) -> list[JobSeeker]:
    """The records merged into this person's (kept, with what could not move)."""
    query = select(JobSeeker).where(JobSeeker.merged_into_id == seeker_id).order_by(col(JobSeeker.id))
    return list(session.exec(query).all())


def drop_pool_snapshots(session: Session, actor_id: int) -> tuple[int, int]:
    """Drop the re-rank job's pool snapshots of the actor (they list seeker ids) and the carry states on
    them; the next run ranks the actor's lists in full. (states, snapshots) deleted."""
    snapshots = list(session.exec(select(PoolSnapshot).where(PoolSnapshot.matching_actor_id == actor_id)))
    states = session.exec(
        select(ShortlistState).where(col(ShortlistState.snapshot_id).in_([pk(x) for x in snapshots]))
    )
    return _delete_all(session, list(states)), _delete_all(session, snapshots)


def _vacancy_with_supplier(session: Session, vacancy_id: int) -> tuple[Vacancy | None, str | None]:
    vacancy = session.get(Vacancy, vacancy_id)
    contract = session.get(Contract, vacancy.contract_id) if vacancy else None
    supplier = session.get(Organisation, contract.supplier_org_id) if contract else None
    return vacancy, supplier.name if supplier else None


# The documented answer of GET /seekers/{id}/export (shortened: one row per list, texts cut).
EXPORT_EXAMPLE: dict[str, Any] = {
    "generated_at": "2026-12-06T09:30:00+00:00",
    "controller": "Arbetsmarknadsenheten Sundstads kommun",
    "about": {
        "sv": {
            "ranking": "Din profil (yrkeserfarenhet, kompetenser, språk, körkort, ort …) jämförs …",
            "rights": "Du har rätt att få veta vilka uppgifter vi har om dig (det här dokumentet), att få …",
        },
        "en": {
            "ranking": "Your profile (work experience, skills, languages, driving licences, location and …",
            "rights": "You have the right to know what data we hold about you (this document) …",
        },
    },
    "profile": {
        "ref": "seeker-0001",
        "profile_text": "vard, b-korkort",
        "education_level": "1",
        "municipality_code": "1280",
        "max_commute_km": 5.0,
        "available_from": None,
        "wanted_extent": 75,
        "registered_at": "2025-09-26",
        "consent": "given",
        "matching_actor_id": 14,
        "id": 1,
        "experiences": [{"title": "Vårdbiträde", "years": 1.0, "occupation_id": None}],
        "skills": ["Äldreomsorg", "Hotellstädning"],
        "languages": [{"code": "sv", "level": "C1"}, {"code": "so", "level": "native"}],
        "licences": ["B"],
        "wanted_kinds": ["employment"],
        "created_at": "2025-09-26T08:00:00Z",
        "updated_at": "2025-09-26T08:00:00Z",
    },
    "identity": {
        "email": "rahel.karlsson46@example.com",
        "id": 1,
        "full_name": "Rahel Karlsson",
        "personal_number": "19860503-9802",
        "seeker_id": 1,
        "phone": "070-1740608",
    },
    "eligibility": [
        {
            "seeker_id": 1,
            "target_group": "other",
            "verified": False,
            "created_at": "2025-09-26T08:00:00Z",
            "id": 1,
            "evidence": "Handläggarens bedömning: behöver stöd för att etablera sig på arbetsmarknaden",
            "valid_until": "2026-11-23",
        }
    ],
    "monitoring_attributes": None,
    "shortlist_entries": [],
    "review_decisions": [],
    "proposals": [],
    "profile_sent_to": [],
    "supplier_feedback": [],
    "placements": [],
    "follow_ups": [],
    "embedding_vectors": [],
    "audit_events": [
        {
            "id": 3,
            "at": "2026-12-06T09:29:58Z",
            "actor_user_id": 1,
            "actor_label": "user:1",
            "actor_role": "staff",
            "action": "seeker.read",
            "object_type": "seeker",
            "object_id": None,
            "subject_seeker": "d0390649920ae919d6cdeca670b78eaa",
            "detail": {"via": "list"},
        }
    ],
}


def export_seeker(session: Session, principal: Principal, seeker_id: int) -> dict[str, Any]:
    """Everything held about the person, as one JSON-ready document; audited as ``seeker.export``."""
    row = owned_seeker(session, principal, seeker_id)
    record(session, principal, "seeker.export", "seeker", seeker_id=seeker_id)
    session.flush()
    actor = session.get(Organisation, row.matching_actor_id)
    identity = session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == seeker_id)).first()
    monitoring = session.exec(
        select(MonitoringAttributes).where(MonitoringAttributes.seeker_id == seeker_id)
    ).first()

    entries = _entries(session, seeker_id)
    entry_rows: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    for entry in entries:
        shortlist = session.get(Shortlist, entry.shortlist_id)
        vacancy, _ = _vacancy_with_supplier(session, shortlist.vacancy_id) if shortlist else (None, None)
        entry_rows.append(
            {
                **_row(entry, {"contributions", "intercept", "version"}),
                "vacancy_id": vacancy.id if vacancy else None,
                "vacancy_title": vacancy.title if vacancy else None,
                "ranked_at": shortlist.created_at.isoformat() if shortlist else None,
                "model_version": shortlist.model_version if shortlist else None,
            }
        )
        query = (
            select(ReviewDecision).where(ReviewDecision.entry_id == entry.id).order_by(col(ReviewDecision.id))
        )
        decisions.extend(_row(d) for d in session.exec(query))

    proposal_rows: list[dict[str, Any]] = []
    feedback: list[dict[str, Any]] = []
    recipients: set[str] = set()
    for proposal in _proposals(session, seeker_id):
        vacancy, supplier_name = _vacancy_with_supplier(session, proposal.vacancy_id)
        if supplier_name:
            recipients.add(supplier_name)
        proposal_rows.append(
            {**_row(proposal), "vacancy_title": vacancy.title if vacancy else None, "sent_to": supplier_name}
        )
        fb_query = select(SupplierFeedback).where(SupplierFeedback.proposal_id == proposal.id)
        feedback.extend(_row(fb) for fb in session.exec(fb_query.order_by(col(SupplierFeedback.id))))

    placement_rows: list[dict[str, Any]] = []
    follow_ups: list[dict[str, Any]] = []
    for placement in _placements(session, seeker_id):
        contract = session.get(Contract, placement.contract_id)
        placement_rows.append({**_row(placement), "contract_title": contract.title if contract else None})
        fu_query = select(FollowUp).where(FollowUp.placement_id == placement.id).order_by(col(FollowUp.id))
        follow_ups.extend(_row(fu) for fu in session.exec(fu_query))

    keys = sorted(vector_keys(session, row))
    vectors = session.exec(select(EmbeddingVector).where(col(EmbeddingVector.content_hash).in_(keys))).all()
    # Records merged into this one are the same person: their trail (which cannot move) is part of it.
    merged = merged_records(session, seeker_id)
    subjects = [seeker_pseudonym(i) for i in [seeker_id, *(pk(m) for m in merged)]]
    events = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.subject_seeker).in_(subjects))
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    return {
        "generated_at": utcnow().isoformat(),
        "controller": actor.name if actor else None,
        "about": ABOUT,
        "profile": {
            **JobSeekerPublic.model_validate(row).model_dump(mode="json"),
            "enrichment": row.enrichment,
        },
        "identity": _row(identity) if identity else None,
        "eligibility": [_row(e) for e in eligibility_of(session, seeker_id)],
        "monitoring_attributes": _row(monitoring) if monitoring else None,
        "shortlist_entries": entry_rows,
        "review_decisions": decisions,
        "proposals": proposal_rows,
        "profile_sent_to": sorted(recipients),
        "supplier_feedback": feedback,
        "placements": placement_rows,
        "follow_ups": follow_ups,
        "embedding_vectors": [
            {"model_id": v.model_id, "dim": v.dim, "created_at": v.created_at.isoformat()} for v in vectors
        ],
        "audit_events": [AuditEventPublic.model_validate(e).model_dump(mode="json") for e in events],
        "duplicate_flags": [_row(d) for d in _flags(session, seeker_id)],
        "merged_records": [
            {
                **JobSeekerPublic.model_validate(m).model_dump(mode="json"),
                "merged_into_id": m.merged_into_id,
                "merged_at": m.merged_at.isoformat() if m.merged_at else None,
                "identity": _row(i) if (i := _identity(session, pk(m))) else None,
                "shortlist_entries": [
                    _row(e, {"contributions", "intercept", "version"}) for e in _entries(session, pk(m))
                ],
                "proposals": [_row(p) for p in _proposals(session, pk(m))],
                "placements": [_row(p) for p in _placements(session, pk(m))],
            }
            for m in merged
        ],
    }


@dataclass
class ErasureReport:
    seeker_id: int
    deleted: dict[str, int] = field(default_factory=dict)
    scrubbed_events: list[int] = field(default_factory=list)


_CODE = re.compile(r"[a-z0-9_.:-]{1,64}")


def _scrub(value: Any, secrets: list[str]) -> Any:
    """Keep numbers, flags and code-like strings; erase free text and anything naming the person."""
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    if isinstance(value, str):
        folded = value.lower()
        if not _CODE.fullmatch(value) or any(s.lower() in folded for s in secrets):
            return "[erased]"
    return value


def _secrets(identity: SeekerIdentity | None) -> list[str]:
    values: list[str] = []
    if identity is not None:
        values += [identity.full_name, identity.email or "", identity.phone or ""]
        if identity.personal_number:
            values += [identity.personal_number, identity.personal_number.replace("-", "")]
    return [v for v in values if v and len(v) >= 4]


def _scrub_audit_trail(session: Session, seeker_id: int, secrets: list[str]) -> list[int]:
    """Scrub the events about the person, and any other event whose detail names them; their ids.

    The database refuses UPDATEs of audit events (append-only trigger), so a scrubbed event is deleted
    and written again under the same id and time; the ``seeker.erase`` event lists the ids it touched.
    """
    detail_text = cast(AuditEvent.detail, String)
    conditions = [col(AuditEvent.subject_seeker) == seeker_pseudonym(seeker_id)]
    for secret in secrets:
        # JSON columns hold escaped text (\u00e5 for å); match both spellings.
        for form in {secret, json.dumps(secret)[1:-1]}:
            conditions.append(detail_text.contains(form, autoescape=True))
    replacements: list[AuditEvent] = []
    for event in session.exec(select(AuditEvent).where(or_(*conditions))).all():
        cleaned = _scrub(event.detail, secrets)
        if cleaned != event.detail:
            replacements.append(AuditEvent.model_validate({**event.model_dump(), "detail": cleaned}))
            session.delete(event)
    session.flush()
    session.add_all(replacements)
    session.flush()
    return sorted(pk(e) for e in replacements)


def _delete_all(session: Session, rows: list[Any]) -> int:
    for r in rows:
        session.delete(r)
    session.flush()
    return len(rows)


def erase_seeker_row(
    session: Session, principal: Principal | None, row: JobSeeker, reason: str
) -> ErasureReport:
    """Delete the person everywhere (children first, so it works with or without FK cascades)."""
    seeker_id = pk(row)
    report = ErasureReport(seeker_id=seeker_id)
    # Records merged into this one are the same person: erased with it (first, each with its own event).
    for merged in merged_records(session, seeker_id):
        erase_seeker_row(session, principal, merged, reason)
    identity = session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == seeker_id)).first()
    secrets = _secrets(identity)
    keys = vector_keys(session, row)
    entries = _entries(session, seeker_id)
    proposals = _proposals(session, seeker_id)
    placements = _placements(session, seeker_id)
    kept = [
        {
            "contract_id": p.contract_id,
            "kind": str(p.kind),
            "target_group": str(p.target_group) if p.target_group else None,
            "start_date": p.start_date.isoformat(),
            "end_date": p.end_date.isoformat() if p.end_date else None,
            "extent": p.extent,
        }
        for p in placements
    ]
    entry_ids = [pk(e) for e in entries]
    proposal_ids = [pk(p) for p in proposals]
    placement_ids = [pk(p) for p in placements]
    d = report.deleted
    d["reviewdecision"] = _delete_all(
        session, list(session.exec(select(ReviewDecision).where(col(ReviewDecision.entry_id).in_(entry_ids))))
    )
    d["supplierfeedback"] = _delete_all(
        session,
        list(
            session.exec(select(SupplierFeedback).where(col(SupplierFeedback.proposal_id).in_(proposal_ids)))
        ),
    )
    d["proposal"] = _delete_all(session, proposals)
    d["shortlistentry"] = _delete_all(session, entries)
    d["followup"] = _delete_all(
        session, list(session.exec(select(FollowUp).where(col(FollowUp.placement_id).in_(placement_ids))))
    )
    d["placement"] = _delete_all(session, placements)
    d["eligibility"] = _delete_all(session, eligibility_of(session, seeker_id))
    monitoring = session.exec(select(MonitoringAttributes).where(MonitoringAttributes.seeker_id == seeker_id))
    d["monitoringattributes"] = _delete_all(session, list(monitoring))
    d["seekeridentity"] = _delete_all(session, [identity] if identity else [])
    d["embeddingvector"] = drop_vectors(session, keys)
    d["seekerduplicate"] = _delete_all(session, _flags(session, seeker_id))
    # The re-rank job's pool snapshots list the actor's seeker ids: drop them (and the carry states on
    # them), so the id is gone now, not at the next run; that run ranks the actor's lists in full.
    d["shortliststate"], d["poolsnapshot"] = drop_pool_snapshots(session, row.matching_actor_id)
    d["jobseeker"] = _delete_all(session, [row])
    report.scrubbed_events = _scrub_audit_trail(session, seeker_id, secrets)
    record(
        session,
        principal,
        "seeker.erase",
        "seeker",
        seeker_id=seeker_id,
        detail={
            "reason": reason,
            "deleted": dict(d),
            "scrubbed_events": report.scrubbed_events,
            "placements_kept_for_statistics": kept,
        },
    )
    session.flush()
    return report


def erase_seeker(session: Session, principal: Principal, seeker_id: int) -> ErasureReport:
    """Erasure on request, by staff of the owning matching actor."""
    return erase_seeker_row(session, principal, owned_seeker(session, principal, seeker_id), "request")


def purge_expired(session: Session, now: datetime, retention_days: int) -> list[int]:
    """Erase seekers untouched for ``retention_days`` who have no active placement; returns their ids.

    A placement is active while it has no end date or ends today or later. The caller commits.
    """
    cutoff = now - timedelta(days=retention_days)
    active = select(Placement.seeker_id).where(
        or_(col(Placement.end_date).is_(None), col(Placement.end_date) >= now.date())
    )
    stale = (
        select(JobSeeker)
        .where(col(JobSeeker.updated_at) < cutoff, col(JobSeeker.id).not_in(active))
        # A merged record goes with its survivor (erase_seeker_row takes it along), never on its own.
        .where(col(JobSeeker.merged_into_id).is_(None))
        .order_by(col(JobSeeker.id))
    )
    erased = []
    for row in session.exec(stale).all():
        erase_seeker_row(session, None, row, "retention")
        erased.append(pk(row))
    return erased


def purge_command(retention_days: int | None = None) -> list[int]:
    """The CLI's entry (``matcher purge``): purge in one transaction with the configured retention."""
    from service.platform.config import get_settings
    from service.platform.db import session_scope

    days = retention_days if retention_days is not None else get_settings().retention_days
    with session_scope() as session:
        return purge_expired(session, utcnow(), days)
