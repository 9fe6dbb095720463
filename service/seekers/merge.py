"""Merging two records of the same person into one (the survivor), keeping all history.

In one transaction (the request's): the survivor takes the values staff chose field by field; every row
that refers to the other record (eligibility, shortlist entries with their decisions, proposals with
feedback, placements with follow-ups, and any table added later) moves to the survivor, except where the
survivor already holds the same thing (both on one shortlist, both proposed for one placement): that row
stays on the other record, which is kept, marked merged and pointing at the survivor, and the survivor's
export includes it. Audit events cannot move (the trail is append-only); each record's events stay under
its pseudonym, the merge writes ``seeker.merge`` on both, and the survivor's export reads both trails.

Consent is never created by a merge: the survivor's consent is the stricter of the two (withdrawn before
pending before given), because a "given" on one record does not outweigh a withdrawal or an unanswered
request recorded on the other; staff record a new consent afterwards if the person gives it.
"""

from typing import Any, Literal

from sqlalchemy import Table, and_, func, update
from sqlalchemy import select as core_select
from sqlmodel import Field, Session, SQLModel, col, select

from models import JobSeeker, SeekerDuplicate, SeekerIdentity
from models.base import StrictSchema, pk, utcnow, with_examples
from models.enums import ConsentStatus
from service.platform.audit import record
from service.platform.errors import BadInput, Conflict, NotFound
from service.platform.pagination import fetch_page
from service.platform.principal import Principal
from service.seekers.privacy import drop_pool_snapshots
from service.seekers.service import _enrich, drop_vectors, owned_seeker, vector_keys

PROFILE_FIELDS = (
    "ref",
    "profile_text",
    "education_level",
    "municipality_code",
    "max_commute_km",
    "available_from",
    "wanted_extent",
    "registered_at",
    "experiences",
    "skills",
    "languages",
    "licences",
    "wanted_kinds",
)
IDENTITY_FIELDS = ("full_name", "personal_number", "email", "phone")
STRICTNESS = {ConsentStatus.WITHDRAWN: 0, ConsentStatus.PENDING: 1, ConsentStatus.GIVEN: 2}
# Rows the merge handles itself (the flags) or that are the records themselves.
_OWN_TABLES = {"jobseeker", "seekerduplicate"}

Side = Literal["survivor", "merged"]


class MergeRequest(StrictSchema):
    model_config = with_examples(
        {"survivor_id": 12, "merged_id": 31, "keep": {"profile_text": "merged", "phone": "merged"}}
    )

    survivor_id: int = Field(description="the record that stays; its id keeps working")
    merged_id: int = Field(description="the record merged into the survivor; its id then answers 410")
    keep: dict[str, Side] = Field(
        default_factory=dict,
        description="per field, whose value to keep; a field left out keeps the survivor's value, or the "
        "merged record's where the survivor has none. Consent is not a choice: the stricter is kept.",
    )


class MergeResult(SQLModel):
    model_config = with_examples(
        {
            "survivor_id": 12,
            "merged_id": 31,
            "consent": "pending",
            "from_merged": ["phone", "profile_text"],
            "moved": {"eligibility": 1, "shortlistentry": 2, "proposal": 1},
            "kept_on_merged": {"seekeridentity": 1},
        }
    )

    survivor_id: int
    merged_id: int
    consent: ConsentStatus
    from_merged: list[str]
    moved: dict[str, int]
    kept_on_merged: dict[str, int]


def stricter(a: ConsentStatus, b: ConsentStatus) -> ConsentStatus:
    """The consent that allows less."""
    return a if STRICTNESS[ConsentStatus(a)] <= STRICTNESS[ConsentStatus(b)] else b


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def identity_of(session: Session, seeker_id: int) -> SeekerIdentity | None:
    return session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == seeker_id)).first()


def default_sides(
    survivor: JobSeeker, merged: JobSeeker, ids: tuple[SeekerIdentity | None, SeekerIdentity | None]
) -> dict[str, Side]:
    """The survivor's value, or the merged record's where the survivor has none (the form's preselection)."""
    sides: dict[str, Side] = {}
    for name in PROFILE_FIELDS:
        empty = _empty(getattr(survivor, name)) and not _empty(getattr(merged, name))
        sides[name] = "merged" if empty else "survivor"
    for name in IDENTITY_FIELDS:
        mine = getattr(ids[0], name) if ids[0] else None
        theirs = getattr(ids[1], name) if ids[1] else None
        sides[name] = "merged" if _empty(mine) and not _empty(theirs) else "survivor"
    return sides


def _seeker_references(table: Table) -> list[Any]:
    return [fk.parent for fk in table.foreign_keys if fk.column.table.name == "jobseeker"]


def _unique_sets(table: Table, column: Any) -> list[list[Any]]:
    """The unique constraints of ``table`` that include ``column`` (as lists of columns)."""
    sets: list[list[Any]] = []
    if column.unique:
        sets.append([column])
    for constraint in table.constraints:
        cols = list(getattr(constraint, "columns", []))
        if constraint.__class__.__name__ == "UniqueConstraint" and column in cols:
            sets.append(cols)
    for index in table.indexes:
        if index.unique and column in list(index.columns):
            sets.append(list(index.columns))
    return sets


def _move_rows(session: Session, table: Table, column: Any, old: int, new: int) -> tuple[int, int]:
    """Point ``table.column`` rows from ``old`` to ``new`` where no unique constraint forbids it."""
    moved = kept = 0
    sets = _unique_sets(table, column)
    for row in session.connection().execute(core_select(table).where(column == old)).mappings().all():
        clash = False
        for cols in sets:
            others = [c == row[c.name] for c in cols if c is not column]
            query = core_select(func.count()).select_from(table).where(column == new, *others)
            if session.connection().execute(query).scalar_one():
                clash = True
                break
        if clash:
            kept += 1
            continue
        session.connection().execute(
            update(table).where(and_(table.c.id == row["id"])).values({column.name: new})
        )
        moved += 1
    return moved, kept


def _move_history(session: Session, old: int, new: int) -> tuple[dict[str, int], dict[str, int]]:
    session.flush()
    moved: dict[str, int] = {}
    kept: dict[str, int] = {}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in _OWN_TABLES:
            continue
        for column in _seeker_references(table):
            m, k = _move_rows(session, table, column, old, new)
            if m:
                moved[table.name] = moved.get(table.name, 0) + m
            if k:
                kept[table.name] = kept.get(table.name, 0) + k
    # Objects loaded before the bulk update must not write their old seeker ids back.
    session.expire_all()
    return moved, kept


def _resolve_flags(session: Session, principal: Principal, survivor_id: int, merged_id: int) -> None:
    now = utcnow()
    pair = {survivor_id, merged_id}
    flags = session.exec(
        select(SeekerDuplicate).where(
            (col(SeekerDuplicate.seeker_id) == merged_id) | (col(SeekerDuplicate.other_id) == merged_id)
        )
    ).all()
    taken = {
        (f.seeker_id, f.other_id)
        for f in session.exec(
            select(SeekerDuplicate).where(
                (col(SeekerDuplicate.seeker_id) == survivor_id)
                | (col(SeekerDuplicate.other_id) == survivor_id)
            )
        ).all()
    }
    for flag in flags:
        if {flag.seeker_id, flag.other_id} == pair or flag.status != "open":
            if flag.status == "open":
                flag.status, flag.resolved_at, flag.resolved_by = "merged", now, principal.user_id
        else:
            # A third person that looked like the merged record now looks like the survivor.
            a = survivor_id if flag.seeker_id == merged_id else flag.seeker_id
            b = survivor_id if flag.other_id == merged_id else flag.other_id
            if (a, b) in taken or (b, a) in taken:
                flag.status, flag.resolved_at, flag.resolved_by = "merged", now, principal.user_id
            else:
                flag.seeker_id, flag.other_id = a, b
                taken.add((a, b))
        session.add(flag)


def merge_seekers(session: Session, principal: Principal, request: MergeRequest) -> MergeResult:
    """Merge ``merged_id`` into ``survivor_id`` (both the caller's actor's, neither merged before)."""
    if request.survivor_id == request.merged_id:
        raise BadInput(
            "merged_id: a record cannot be merged into itself",
            errors=[{"field": "merged_id", "message": "same as survivor_id"}],
        )
    unknown = sorted(set(request.keep) - set(PROFILE_FIELDS) - set(IDENTITY_FIELDS))
    if unknown:
        raise BadInput(
            f"keep: unknown field {unknown[0]!r}; choose among {', '.join(PROFILE_FIELDS + IDENTITY_FIELDS)}",
            errors=[{"field": f"keep.{u}", "message": "not a field that can be chosen"} for u in unknown],
        )
    survivor = owned_seeker(session, principal, request.survivor_id)
    merged = owned_seeker(session, principal, request.merged_id)
    # Lock both rows (PostgreSQL): two staff merging the same pair must not both succeed.
    ids = [request.survivor_id, request.merged_id]
    session.exec(
        select(JobSeeker)
        .where(col(JobSeeker.id).in_(ids))
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    if survivor.merged_into_id is not None or merged.merged_into_id is not None:
        raise Conflict("one of the records was merged meanwhile; reload and try again")
    idents = (identity_of(session, pk(survivor)), identity_of(session, pk(merged)))
    sides = {**default_sides(survivor, merged, idents), **request.keep}
    from_merged = sorted(k for k, v in sides.items() if v == "merged")
    old_keys = vector_keys(session, survivor) | vector_keys(session, merged)
    old_ref = merged.ref

    # The merged record gives up its ref first: the survivor may take it (refs are unique per actor).
    merged.ref = f"{old_ref}~{pk(merged)}"[-64:]
    merged.merged_into_id = pk(survivor)
    merged.merged_at = utcnow()
    merged.updated_at = utcnow()
    session.add(merged)
    session.flush()
    chosen: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        if sides[name] == "merged":
            chosen[name] = old_ref if name == "ref" else getattr(merged, name)
    consent = stricter(ConsentStatus(survivor.consent), ConsentStatus(merged.consent))
    survivor_consent, merged_consent = survivor.consent, merged.consent

    moved, kept = _move_history(session, pk(merged), pk(survivor))
    survivor = owned_seeker(session, principal, request.survivor_id)
    merged_row = session.get(JobSeeker, request.merged_id)
    assert merged_row is not None
    for name, value in chosen.items():
        setattr(survivor, name, value)
    survivor.consent = consent
    survivor.updated_at = utcnow()
    _enrich(survivor)
    session.add(survivor)

    # Identity: the survivor's row (moved from the merged record when it had none) takes the choices.
    ident = identity_of(session, pk(survivor))
    theirs = identity_of(session, pk(merged_row))
    if ident is not None and theirs is not None:
        for name in IDENTITY_FIELDS:
            if sides[name] == "merged":
                setattr(ident, name, getattr(theirs, name))
        session.add(ident)
    # Records merged into the merged record before now point at the survivor (no chains).
    session.exec(  # type: ignore[call-overload]
        update(JobSeeker)
        .where(col(JobSeeker.merged_into_id) == pk(merged_row))
        .values(merged_into_id=pk(survivor))
    )
    _resolve_flags(session, principal, pk(survivor), pk(merged_row))
    # The re-rank job's snapshots list seeker ids; the next run ranks the actor's lists in full instead.
    drop_pool_snapshots(session, survivor.matching_actor_id)
    session.flush()
    drop_vectors(session, old_keys - vector_keys(session, survivor))
    result = MergeResult(
        survivor_id=pk(survivor),
        merged_id=pk(merged_row),
        consent=consent,
        from_merged=from_merged,
        moved=moved,
        kept_on_merged=kept,
    )
    detail = {
        "survivor_id": result.survivor_id,
        "merged_id": result.merged_id,
        "merged_ref": old_ref,
        "from_merged": from_merged,
        "consent": {"survivor": str(survivor_consent), "merged": str(merged_consent), "kept": str(consent)},
        "moved": moved,
        "kept_on_merged": kept,
    }
    record(session, principal, "seeker.merge", "seeker", pk(survivor), seeker_id=pk(survivor), detail=detail)
    record(
        session, principal, "seeker.merge", "seeker", pk(merged_row), seeker_id=pk(merged_row), detail=detail
    )
    session.flush()
    return result


def dismiss_flag(session: Session, principal: Principal, flag_id: int) -> SeekerDuplicate:
    """Staff judged the two to be different people: the flag closes (audited) and is not raised again."""
    flag = session.get(SeekerDuplicate, flag_id)
    if flag is None or flag.matching_actor_id != principal.organisation_id:
        raise NotFound(f"possible duplicate {flag_id} does not exist")
    if flag.status != "open":
        raise Conflict(f"possible duplicate {flag_id} is already {flag.status}")
    flag.status, flag.resolved_at, flag.resolved_by = "dismissed", utcnow(), principal.user_id
    session.add(flag)
    for seeker_id in (flag.seeker_id, flag.other_id):
        record(
            session,
            principal,
            "seeker.duplicate.dismiss",
            "seeker_duplicate",
            flag_id,
            seeker_id=seeker_id,
            detail={"seeker_id": flag.seeker_id, "other_id": flag.other_id},
        )
    session.flush()
    return flag


def open_flags(
    session: Session, principal: Principal, *, offset: int, limit: int
) -> tuple[list[SeekerDuplicate], int]:
    """The actor's open possible duplicates, newest first, and how many there are."""
    query = select(SeekerDuplicate).where(
        SeekerDuplicate.matching_actor_id == principal.organisation_id, SeekerDuplicate.status == "open"
    )
    rows, total = fetch_page(session, query, col(SeekerDuplicate.id).desc(), offset=offset, limit=limit)
    return list(rows), total
