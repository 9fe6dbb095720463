"""Bulk loading of import files: the rows ``import_records`` writes, written in batches.

The national data set (``scripts/generate_national.py``: 300,000 people) takes the import code half an
hour and more: every record is its own ORM unit of work (a query for its ref, a flush per row), and the
duplicate check compares each new person with every person of the actor in Python, which grows with
the square of the actor's size. This loader writes the same content faster:

* records are validated by ``parse_lines`` and mapped to column values by the import's own functions
  (``seeker_values``, ``vacancy_values``, ``update_row``, the enrichment of ``service.engine``); refs are
  resolved and refused with the import's own messages;
* the rows of a batch are read with one query per table and written with one multi-row INSERT per
  table (``executemany``; ids come back in parameter order); existing rows are updated through the ORM,
  as the import does, so a re-load upserts;
* the duplicate check (``service.seekers.duplicates``) runs on an in-memory index of each actor's people,
  blocked by what a flag needs (the same e-mail, phone or birth date, or a name at least
  ``SIMILAR_NAME`` alike within the same municipality or birth year): ``probable_duplicates`` itself is
  asked, over the people of those blocks only, so every flag is the one the import would raise;
* each batch of ``batch`` records is one transaction with its audit event, as the loader of
  ``generate_national`` wrote them through the import code; a failed batch rolls back, and loading the
  files again continues where it stopped (rows are upserted by ref).

Organisations and contracts (hundreds to thousands) go through ``import_records`` itself. A batch
with a ref twice does too, since there the order of the import's row-by-row writes matters.
"""

import multiprocessing
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Engine, Table, delete, insert, inspect
from sqlmodel import Session, SQLModel, col, select

from models import (
    Contract,
    Eligibility,
    JobSeeker,
    Organisation,
    SeekerDuplicate,
    SeekerIdentity,
    Vacancy,
)
from models.base import utcnow
from models.io import TYPE_ORDER, ImportRecord, SeekerRecord, VacancyRecord
from models.personnummer import birth_date, normalise
from service.engine.enrichment import enrich_seeker, enrich_vacancy
from service.imports.service import (
    ImportReport,
    Refs,
    import_records,
    moved_person,
    same_personnummer,
    seeker_values,
    update_row,
    vacancy_values,
)
from service.platform import audit
from service.platform.errors import BadInput
from service.seekers import duplicates
from service.seekers.duplicates import CONTACT_NAME, SIMILAR_NAME, KnownPerson, known_person

# ``fuzz.ratio`` of token-sorted names is ``token_sort_ratio``; the margin only widens the candidates,
# each of which ``probable_duplicates`` then judges exactly.
_NAME_CUTOFF = SIMILAR_NAME - 1.0
assert CONTACT_NAME > 0  # contact flags come from the e-mail and phone blocks, whatever the name


def _sorted_name(folded: str) -> str:
    return " ".join(sorted(folded.split()))


def _length_window(n: int) -> range:
    # ratio = 2·matches / (n + m) ≥ c needs |n - m| ≤ (1 - c)(n + m); a little wider than that.
    c = _NAME_CUTOFF / 100
    return range(int(n * c / (2 - c)) - 1, int(n * (2 - c) / c) + 2)


@dataclass
class _Entry:
    ident: SeekerIdentity
    known: KnownPerson
    keys: list[tuple[Any, ...]]
    name_keys: list[tuple[Any, ...]]


class DuplicateIndex:
    """Each matching actor's active people with an identity (``duplicates.KnownPerson``), blocked.

    Holds the state the database has as the load goes on: loaded once, then kept up to date person by
    person in file order, as the import's per-session cache is.
    """

    def __init__(self) -> None:
        self.entries: dict[tuple[int, int], _Entry] = {}
        self.blocks: dict[tuple[Any, ...], set[int]] = defaultdict(set)
        self.names: dict[tuple[Any, ...], dict[int, str]] = defaultdict(dict)
        self.numbers: dict[tuple[int, str], set[int]] = defaultdict(set)

    @classmethod
    def load(cls, session: Session) -> "DuplicateIndex":
        index = cls()
        rows = session.exec(
            select(SeekerIdentity, JobSeeker.matching_actor_id, JobSeeker.municipality_code)
            .join(JobSeeker, col(JobSeeker.id) == col(SeekerIdentity.seeker_id))
            .where(col(JobSeeker.merged_into_id).is_(None))
        ).all()
        for ident, actor, municipality in rows:
            index.put(actor, ident, municipality)
        return index

    def put(self, actor: int, ident: SeekerIdentity, municipality: str | None) -> None:
        """Record (or replace) a person as the database now holds them."""
        sid = int(ident.seeker_id)
        self.remove(actor, sid)
        # A copy outside any session: a row read from the database expires when its batch commits.
        if inspect(ident).session is not None:
            ident = SeekerIdentity(
                seeker_id=sid,
                full_name=ident.full_name,
                personal_number=ident.personal_number,
                email=ident.email,
                phone=ident.phone,
            )
        known = known_person(ident, municipality)
        born = birth_date(known.number)
        keys: list[tuple[Any, ...]] = []
        if known.email:
            keys.append((actor, "mail", known.email))
        if known.phone:
            keys.append((actor, "tel", known.phone))
        if born:
            keys.append((actor, "born", born))
        name = _sorted_name(known.name)
        name_keys: list[tuple[Any, ...]] = []
        if municipality:
            name_keys.append((actor, "muni", municipality, len(name)))
        if born:
            name_keys.append((actor, "year", born.year, len(name)))
        for key in keys:
            self.blocks[key].add(sid)
        for key in name_keys:
            self.names[key][sid] = name
        self.entries[(actor, sid)] = _Entry(ident, known, keys, name_keys)
        if ident.personal_number:
            self.numbers[(actor, ident.personal_number)].add(sid)

    def remove(self, actor: int, sid: int) -> None:
        entry = self.entries.pop((actor, sid), None)
        if entry is None:
            return
        for key in entry.keys:
            self.blocks[key].discard(sid)
        for key in entry.name_keys:
            self.names[key].pop(sid, None)
        if entry.ident.personal_number:
            self.numbers[(actor, entry.ident.personal_number)].discard(sid)

    def certain(self, actor: int, number: str | None, exclude: int) -> int | None:
        """Another of the actor's people with this personnummer (``duplicates.certain_duplicate``)."""
        normal = normalise(number) if number else None
        if normal is None:
            return None
        others = self.numbers.get((actor, normal), set()) - {exclude}
        return min(others) if others else None

    def candidates(
        self, actor: int, full_name: str, number: str | None, email: str | None, phone: str | None,
        municipality: str | None,
    ) -> dict[int, KnownPerson]:  # fmt: skip
        """Everyone ``probable_duplicates`` could flag for this person (and perhaps a few more)."""
        name = _sorted_name(duplicates.fold(full_name))
        normal = normalise(number) if number else None
        born = birth_date(normal)
        mail, tel = (email or "").strip().casefold(), duplicates.phone_key(phone)
        found: set[int] = set()
        for key in ((actor, "mail", mail) if mail else None, (actor, "tel", tel) if tel else None,
                    (actor, "born", born) if born else None):  # fmt: skip
            if key is not None:
                found |= self.blocks.get(key, set())
        if name:
            wheres: list[tuple[str, Any]] = [("muni", municipality)] if municipality else []
            if born:
                wheres.append(("year", born.year))
            for kind, value in wheres:
                for length in _length_window(len(name)):
                    bucket = self.names.get((actor, kind, value, length))
                    if bucket:
                        hits = process.extract_iter(
                            name, bucket, scorer=fuzz.ratio, processor=None, score_cutoff=_NAME_CUTOFF
                        )
                        found.update(sid for _, _, sid in hits)
        return {sid: self.entries[(actor, sid)].known for sid in found}


def _probable(
    session: Session, index: DuplicateIndex, actor: int, sid: int, ident: Any, municipality: str | None
) -> list[duplicates.Probable]:
    """``duplicates.probable_duplicates`` over the index's candidates (its cache, narrowed to them)."""
    cache = session.info.setdefault(duplicates.KNOWN_CACHE, {})
    cache[actor] = index.candidates(
        actor, ident.full_name, ident.personal_number, ident.email, ident.phone, municipality
    )
    try:
        return duplicates.probable_duplicates(
            session,
            actor,
            full_name=ident.full_name,
            number=ident.personal_number,
            email=ident.email,
            phone=ident.phone,
            municipality=municipality,
            exclude=sid,
        )
    finally:
        cache.pop(actor, None)


def _table(model: type[SQLModel]) -> Table:
    return SQLModel.metadata.tables[str(model.__tablename__)]


def _insert_ids(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows in one executemany; their new ids in the order given."""
    if not rows:
        return []
    table = _table(model)
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(i) for i in session.execute(stmt, rows).scalars().all()]


def _insert(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(_table(model)), rows)


def _column_values(row: SQLModel) -> dict[str, Any]:
    return row.model_dump(exclude={"id"})


def _repeats(keys: list[Any]) -> bool:
    return len(set(keys)) < len(keys)


def new_row_values(rec: SeekerRecord | VacancyRecord) -> dict[str, Any]:
    """The column values of the new row a record makes, enriched, as ``import_records`` would write it
    (its actor or contract id left 0 for the caller: enrichment reads neither). Runs in the workers."""
    if isinstance(rec, SeekerRecord):
        seeker = JobSeeker.model_validate(seeker_values(rec, 0))
        enrich_seeker(seeker)
        return _column_values(seeker)
    vacancy = Vacancy.model_validate(vacancy_values(rec, 0))
    enrich_vacancy(vacancy)
    return _column_values(vacancy)


def _prepare(records: list[tuple[int, SeekerRecord | VacancyRecord]]) -> dict[int, dict[str, Any]]:
    return {line: new_row_values(rec) for line, rec in records}


class BulkLoader:
    """Loads validated records batch by batch; one loader per load (it holds the duplicate index)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.index: DuplicateIndex | None = None
        # New rows' values made ahead by the workers, by line (the loader makes any that are missing).
        self.prepared: dict[int, dict[str, Any]] = {}

    def _index(self, session: Session) -> DuplicateIndex:
        if self.index is None:
            self.index = DuplicateIndex.load(session)
        return self.index

    def write(self, session: Session, batch: list[tuple[int, ImportRecord]]) -> ImportReport:
        """Write one batch of records of one type, in the caller's transaction."""
        kinds = {rec.type for _, rec in batch}
        if kinds == {"seeker"}:
            seekers = [(line, rec) for line, rec in batch if isinstance(rec, SeekerRecord)]
            if not _repeats([rec.ref for _, rec in seekers]):
                return self._seekers(session, seekers)
        elif kinds == {"vacancy"}:
            vacancies = [(line, rec) for line, rec in batch if isinstance(rec, VacancyRecord)]
            if not _repeats([(rec.contract_ref, rec.ref) for _, rec in vacancies]):
                return self._vacancies(session, vacancies)
        report = import_records(session, batch)
        if "seeker" in kinds:
            self.index = None  # the import wrote people row by row: read them afresh
        return report

    def _vacancies(self, session: Session, batch: list[tuple[int, VacancyRecord]]) -> ImportReport:
        report = ImportReport()
        refs = Refs(session)
        wanted = {rec.contract_ref for _, rec in batch}
        for c in session.exec(select(Contract).where(col(Contract.ref).in_(wanted))).all():
            refs.contracts[c.ref] = c
        contract_ids = [int(refs.contract(rec.contract_ref, line).id or 0) for line, rec in batch]
        existing = {
            (v.contract_id, v.ref): v
            for v in session.exec(
                select(Vacancy).where(
                    col(Vacancy.contract_id).in_(set(contract_ids)),
                    col(Vacancy.ref).in_({rec.ref for _, rec in batch}),
                )
            ).all()
        }
        new_rows: list[dict[str, Any]] = []
        for (line, rec), contract_id in zip(batch, contract_ids, strict=True):
            old = existing.get((contract_id, rec.ref))
            if old is None:
                made = self.prepared.pop(line, None) or new_row_values(rec)
                new_rows.append({**made, "contract_id": contract_id})
                report.created["vacancy"] += 1
            else:
                update_row(old, vacancy_values(rec, contract_id))
                enrich_vacancy(old)
                session.add(old)
                report.updated["vacancy"] += 1
        _insert(session, Vacancy, new_rows)
        session.flush()
        return report

    def _seekers(self, session: Session, batch: list[tuple[int, SeekerRecord]]) -> ImportReport:
        report = ImportReport()
        index = self._index(session)
        refs = Refs(session)
        for org in session.exec(select(Organisation)).all():
            refs.orgs[org.ref] = org
        held: dict[str, list[JobSeeker]] = defaultdict(list)
        query = select(JobSeeker).where(col(JobSeeker.ref).in_({rec.ref for _, rec in batch}))
        for s in session.exec(query).all():
            held[s.ref].append(s)
        # Per record: its actor and municipality, and its id where the row exists.
        people: list[tuple[int, str | None]] = []
        old_id: list[int | None] = []
        new_values: list[dict[str, Any]] = []
        for line, rec in batch:
            actor = int(refs.org(rec.matching_actor_ref, line, "matching_actor_ref").id or 0)
            holders = {s.matching_actor_id for s in held[rec.ref]}
            if holders and actor not in holders:
                raise moved_person(line, rec.ref)
            old = next((s for s in held[rec.ref] if s.matching_actor_id == actor), None)
            if old is None:
                made = self.prepared.pop(line, None) or new_row_values(rec)
                new_values.append({**made, "matching_actor_id": actor})
                people.append((actor, made["municipality_code"]))
                old_id.append(None)
                report.created["seeker"] += 1
            else:
                update_row(old, seeker_values(rec, actor))
                enrich_seeker(old)
                session.add(old)
                people.append((actor, old.municipality_code))
                old_id.append(int(old.id or 0))
                report.updated["seeker"] += 1
        new_ids = iter(_insert_ids(session, JobSeeker, new_values))
        ids = [next(new_ids) if i is None else i for i in old_id]
        is_new = [i is None for i in old_id]
        session.flush()
        old_ids = [i for i, new in zip(ids, is_new, strict=True) if not new]
        self._identities(session, batch, ids, is_new, old_ids)
        self._eligibility(session, batch, ids, old_ids)
        self._duplicates(session, index, batch, people, ids, old_ids)
        return report

    def _identities(
        self,
        session: Session,
        batch: list[tuple[int, SeekerRecord]],
        ids: list[int],
        is_new: list[bool],
        old_ids: list[int],
    ) -> None:
        idents: dict[int, SeekerIdentity] = {}
        if old_ids:
            query = select(SeekerIdentity).where(col(SeekerIdentity.seeker_id).in_(old_ids))
            idents = {i.seeker_id: i for i in session.exec(query).all()}
        fresh: list[dict[str, Any]] = []
        for (_, rec), sid, new in zip(batch, ids, is_new, strict=True):
            if rec.identity is None:
                continue
            values = rec.identity.model_dump()
            if new or sid not in idents:
                fresh.append({"seeker_id": sid, **values})
            else:
                for key, value in values.items():
                    setattr(idents[sid], key, value)
                session.add(idents[sid])
        _insert(session, SeekerIdentity, fresh)
        session.flush()

    def _eligibility(
        self, session: Session, batch: list[tuple[int, SeekerRecord]], ids: list[int], old_ids: list[int]
    ) -> None:
        # The import replaces an existing person's eligibility with the file's (none, if it has none).
        if old_ids:
            session.execute(delete(_table(Eligibility)).where(_table(Eligibility).c.seeker_id.in_(old_ids)))
        now = utcnow()  # what Eligibility's default gives; the import's differ by the microseconds it takes
        rows = [
            {"seeker_id": sid, "created_at": now, **el.model_dump()}
            for (_, rec), sid in zip(batch, ids, strict=True)
            for el in rec.eligibility
        ]
        _insert(session, Eligibility, rows)

    def _duplicates(
        self,
        session: Session,
        index: DuplicateIndex,
        batch: list[tuple[int, SeekerRecord]],
        people: list[tuple[int, str | None]],
        ids: list[int],
        old_ids: list[int],
    ) -> None:
        flagged: set[tuple[int, int]] = set()
        if old_ids:
            query = select(SeekerDuplicate.seeker_id, SeekerDuplicate.other_id).where(
                col(SeekerDuplicate.seeker_id).in_(old_ids)
            )
            flagged = {(int(a), int(b)) for a, b in session.exec(query).all()}
        flags: list[dict[str, Any]] = []
        for (line, rec), (actor, municipality), sid in zip(batch, people, ids, strict=True):
            ident = rec.identity
            if ident is None:
                entry = index.entries.get((actor, sid))
                if entry is not None:  # the person is compared by the municipality the row now has
                    index.put(actor, entry.ident, municipality)
                continue
            other = index.certain(actor, ident.personal_number, exclude=sid)
            if other is not None:
                raise same_personnummer(line, other)
            for p in _probable(session, index, actor, sid, ident, municipality):
                if (sid, p.seeker_id) not in flagged:
                    flagged.add((sid, p.seeker_id))
                    flag = SeekerDuplicate(
                        matching_actor_id=actor,
                        seeker_id=sid,
                        other_id=p.seeker_id,
                        reason=p.reason,
                        score=p.score,
                    )
                    flags.append(_column_values(flag))
            index.put(actor, SeekerIdentity(seeker_id=sid, **ident.model_dump()), municipality)
        _insert(session, SeekerDuplicate, flags)


Detail = Callable[[ImportReport], dict[str, Any]]


def import_detail(report: ImportReport) -> dict[str, Any]:
    """The audit detail ``generate_national``'s loader writes per batch."""
    return {"created": dict(report.created), "updated": dict(report.updated)}


def bulk_import(
    engine: Engine,
    records: list[tuple[int, ImportRecord]],
    source: str,
    *,
    batch: int = 2_000,
    workers: int = 0,
    detail: Detail = import_detail,
    advance: Callable[[int], None] | None = None,
    loader: BulkLoader | None = None,
) -> ImportReport:
    """Write validated records in import order, ``batch`` records of one type per transaction, each with
    its ``import.records`` audit event; the totals. A failed batch rolls back (earlier ones stay: loading
    again upserts them and goes on). ``workers`` processes enrich the next batches' new rows while this
    one writes (0: all in this process). ``advance`` is told each batch's size (a progress bar)."""
    loader = loader or BulkLoader(engine)
    total = ImportReport()
    chunks = _chunks(sorted(records, key=lambda r: (TYPE_ORDER.index(r[1].type), r[0])), batch)
    rows_ahead = [k for k, chunk in enumerate(chunks) if chunk[0][1].type in ("seeker", "vacancy")]
    pool = multiprocessing.get_context("fork").Pool(workers) if workers > 0 and rows_ahead else None
    pending: dict[int, AsyncResult[dict[int, dict[str, Any]]]] = {}
    try:
        for k, chunk in enumerate(chunks):
            if pool is not None:
                for ahead in [j for j in rows_ahead if k <= j < k + 2 * workers and j not in pending]:
                    pending[ahead] = pool.apply_async(_prepare, (_not_written(engine, chunks[ahead]),))
                if k in pending:
                    loader.prepared = pending.pop(k).get()
            try:
                with Session(engine) as session:
                    report = loader.write(session, chunk)
                    audit.record(session, None, "import.records", "import", source, detail=detail(report))
                    session.commit()
            except BadInput as exc:
                loader.index = None  # it may hold people the rollback took back
                raise _after(exc, total, len(chunk)) from exc
            except BaseException:
                loader.index = None
                raise
            finally:
                loader.prepared = {}
            for name in TYPE_ORDER:
                total.created[name] += report.created[name]
                total.updated[name] += report.updated[name]
            if advance is not None:
                advance(len(chunk))
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    return total


def _after(exc: BadInput, written: ImportReport, refused: int) -> BadInput:
    """The refusal of a batch, saying what earlier batches wrote (the import's "nothing" no longer holds)."""
    done = sum(written.created.values()) + sum(written.updated.values())
    if not done:
        return exc
    message = exc.message.replace(
        "Nothing was imported.",
        f"This batch of {refused} records was not imported; the {done} records before it were "
        "(importing the corrected file again updates them and goes on).",
    )
    return BadInput(message, errors=exc.errors)


def _chunks(ordered: list[tuple[int, ImportRecord]], batch: int) -> list[list[tuple[int, ImportRecord]]]:
    """Runs of at most ``batch`` records of one type."""
    chunks: list[list[tuple[int, ImportRecord]]] = []
    for line, rec in ordered:
        if not chunks or len(chunks[-1]) >= batch or chunks[-1][0][1].type != rec.type:
            chunks.append([])
        chunks[-1].append((line, rec))
    return chunks


def _not_written(
    engine: Engine, chunk: list[tuple[int, ImportRecord]]
) -> list[tuple[int, SeekerRecord | VacancyRecord]]:
    """The chunk's records whose ref no row has yet (a re-load enriches nothing ahead in vain)."""
    records = [(line, rec) for line, rec in chunk if isinstance(rec, SeekerRecord | VacancyRecord)]
    model: type[JobSeeker | Vacancy] = JobSeeker if isinstance(records[0][1], SeekerRecord) else Vacancy
    with Session(engine) as session:
        query = select(model.ref).where(col(model.ref).in_({rec.ref for _, rec in records}))
        taken = set(session.exec(query).all())
    return [(line, rec) for line, rec in records if rec.ref not in taken]
