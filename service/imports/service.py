"""Import and export of the JSON Lines format defined in ``models.io``.

An import is all or nothing: every line is validated and every reference resolved before anything is
written, and the writes happen in one transaction, so one bad line changes nothing.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, SQLModel, col, select

from models import (
    Contract,
    Eligibility,
    EmploymentRequirement,
    JobSeeker,
    Organisation,
    SeekerIdentity,
    Vacancy,
)
from models.base import pk
from models.io import (
    FORMAT_VERSION,
    TYPE_ORDER,
    ContractRecord,
    ImportRecord,
    OrganisationRecord,
    SeekerRecord,
    VacancyRecord,
    record_adapter,
)
from service.engine.enrichment import enrich_seeker, enrich_vacancy
from service.imports.jsonlines import json_values, jsonl_lines, raise_problems
from service.platform.errors import BadInput
from service.seekers.duplicates import DuplicateSeeker, check_and_flag


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TYPE_ORDER, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TYPE_ORDER, 0))


def _loc(err: dict[str, Any]) -> str:
    return ".".join(str(p) for p in err["loc"]) or "(line)"


def parse_lines(lines: Iterable[str]) -> list[tuple[int, ImportRecord]]:
    """Validate every line; raise BadInput listing each bad line's number and field."""
    values, problems = json_values(lines)
    records: list[tuple[int, ImportRecord]] = []
    for number, obj in values:
        try:
            records.append((number, record_adapter.validate_python(obj)))
        except ValidationError as exc:
            for err in exc.errors():
                loc = [p for p in err["loc"] if p not in ("organisation", "contract", "vacancy", "seeker")]
                problems.append({"line": number, "field": _loc({"loc": loc}), "message": err["msg"]})
    raise_problems(sorted(problems, key=lambda p: int(p["line"])))
    return records


class Refs:
    """Resolves refs against rows created earlier in this import or already in the database."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.orgs: dict[str, Organisation] = {}
        self.contracts: dict[str, Contract] = {}

    def org(self, ref: str, line: int, fld: str) -> Organisation:
        if ref not in self.orgs:
            row = self.session.exec(select(Organisation).where(Organisation.ref == ref)).first()
            if row is None:
                raise BadInput(
                    f"line {line}, field {fld}: unknown organisation ref {ref!r}. Nothing was imported.",
                    errors=[{"line": line, "field": fld, "message": f"unknown organisation ref {ref!r}"}],
                )
            self.orgs[ref] = row
        return self.orgs[ref]

    def contract(self, ref: str, line: int) -> Contract:
        if ref not in self.contracts:
            row = self.session.exec(select(Contract).where(Contract.ref == ref)).first()
            if row is None:
                raise BadInput(
                    f"line {line}, field contract_ref: unknown contract ref {ref!r}. Nothing was imported.",
                    errors=[{"line": line, "field": "contract_ref", "message": f"unknown contract {ref!r}"}],
                )
            self.contracts[ref] = row
        return self.contracts[ref]


def _upsert(
    session: Session, model: type[SQLModel], ref: str, values: dict[str, Any], *, tenant: str | None = None
) -> tuple[Any, bool]:
    """The row with this ref (within ``values[tenant]``'s rows, where refs are per tenant), updated or new."""
    query = select(model).where(model.ref == ref)  # type: ignore[attr-defined]
    if tenant is not None:
        query = query.where(getattr(model, tenant) == values[tenant])
    row = session.exec(query).first()
    if row is None:
        row = model.model_validate(values)
        session.add(row)
        return row, True
    update_row(row, values)
    session.add(row)
    return row, False


# Counters kept by the service (a placement's version and digest) are never reset by a file.
KEPT = frozenset({"id", "created_at", "version", "placement_hash"})


def update_row(row: SQLModel, values: dict[str, Any]) -> None:
    """Overwrite an existing row with a file's values, as every import does (``KEPT`` kept)."""
    for key, value in type(row).model_validate(values).model_dump(exclude=set(KEPT)).items():
        setattr(row, key, value)


def vacancy_values(rec: VacancyRecord, contract_id: int | None) -> dict[str, Any]:
    """The column values a vacancy record gives (the bulk loader builds its rows from these too)."""
    values = rec.model_dump(mode="json", exclude={"type", "contract_ref"})
    values["contract_id"] = contract_id
    return values


def seeker_values(rec: SeekerRecord, actor_id: int | None) -> dict[str, Any]:
    """The column values a seeker record gives (the bulk loader builds its rows from these too)."""
    values = rec.model_dump(mode="json", exclude={"type", "matching_actor_ref", "identity", "eligibility"})
    values["matching_actor_id"] = actor_id
    return values


def moved_person(line: int, ref: str) -> BadInput:
    """The refusal of a seeker ref that another matching actor holds."""
    message = f"seeker ref {ref!r} is a person of another matching actor; an import moves no one"
    return BadInput(
        f"line {line}, field ref: {message}. Nothing was imported.",
        errors=[{"line": line, "field": "ref", "message": message}],
    )


def import_records(session: Session, records: list[tuple[int, ImportRecord]]) -> ImportReport:
    """Write validated records (caller owns the transaction)."""
    report = ImportReport()
    refs = Refs(session)
    ordered = sorted(records, key=lambda r: (TYPE_ORDER.index(r[1].type), r[0]))
    for line, rec in ordered:
        if isinstance(rec, OrganisationRecord):
            row, new = _upsert(session, Organisation, rec.ref, rec.model_dump(exclude={"type"}))
            session.flush()
            refs.orgs[rec.ref] = row
        elif isinstance(rec, ContractRecord):
            row, new = _import_contract(session, refs, line, rec)
            refs.contracts[rec.ref] = row
        elif isinstance(rec, VacancyRecord):
            values = vacancy_values(rec, refs.contract(rec.contract_ref, line).id)
            row, new = _upsert(session, Vacancy, rec.ref, values, tenant="contract_id")
            enrich_vacancy(row)
        else:
            row, new = _import_seeker(session, refs, line, rec)
        (report.created if new else report.updated)[rec.type] += 1
    session.flush()
    return report


def _import_contract(session: Session, refs: Refs, line: int, rec: ContractRecord) -> tuple[Contract, bool]:
    values = rec.model_dump(mode="json", exclude={"type", "procuring_org_ref", "supplier_ref", "requirement"})
    values["procuring_org_id"] = refs.org(rec.procuring_org_ref, line, "procuring_org_ref").id
    values["supplier_org_id"] = refs.org(rec.supplier_ref, line, "supplier_ref").id
    row, new = _upsert(session, Contract, rec.ref, values)
    session.flush()
    req_values = rec.requirement.model_dump(mode="json", exclude={"matching_actor_ref"})
    actor = rec.requirement.matching_actor_ref
    req_values["matching_actor_id"] = (
        refs.org(actor, line, "requirement.matching_actor_ref").id if actor else None
    )
    req_values["contract_id"] = row.id
    existing = session.exec(
        select(EmploymentRequirement).where(EmploymentRequirement.contract_id == row.id)
    ).first()
    if existing is not None:
        session.delete(existing)
        session.flush()
    session.add(EmploymentRequirement.model_validate(req_values))
    return row, new


def _import_seeker(session: Session, refs: Refs, line: int, rec: SeekerRecord) -> tuple[JobSeeker, bool]:
    values = seeker_values(rec, refs.org(rec.matching_actor_ref, line, "matching_actor_ref").id)
    holders = set(session.exec(select(JobSeeker.matching_actor_id).where(JobSeeker.ref == rec.ref)).all())
    if holders and values["matching_actor_id"] not in holders:
        # A person belongs to the matching actor that registered them: an import never moves anyone (with
        # their identity and eligibility) to another actor; that is the person's and the actors' decision.
        raise moved_person(line, rec.ref)
    row, new = _upsert(session, JobSeeker, rec.ref, values, tenant="matching_actor_id")
    enrich_seeker(row)
    session.flush()
    if rec.identity is not None:
        ident = session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == row.id)).first()
        ident = ident or SeekerIdentity(seeker_id=row.id, full_name="")
        for key, value in rec.identity.model_dump().items():
            setattr(ident, key, value)
        session.add(ident)
        _check_duplicates(session, line, row, rec)
    if rec.eligibility or not new:
        for old in session.exec(select(Eligibility).where(Eligibility.seeker_id == row.id)).all():
            session.delete(old)
        for el in rec.eligibility:
            session.add(Eligibility(seeker_id=row.id, **el.model_dump()))
    return row, new


def _check_duplicates(session: Session, line: int, row: JobSeeker, rec: SeekerRecord) -> None:
    """The same personnummer as another of the actor's people refuses the file (nothing is imported);
    a probable duplicate is imported and flagged for staff (``service.seekers.duplicates``)."""
    assert rec.identity is not None
    ident = rec.identity
    try:
        check_and_flag(
            session,
            row,
            full_name=ident.full_name,
            number=ident.personal_number,
            email=ident.email,
            phone=ident.phone,
        )
    except DuplicateSeeker as exc:
        raise same_personnummer(line, exc.existing_id) from exc


def same_personnummer(line: int, existing_id: int) -> BadInput:
    """The refusal of a person whose personnummer another of the actor's people has."""
    message = f"the same personnummer as job seeker {existing_id} of this matching actor"
    return BadInput(
        f"line {line}, field identity.personal_number: {message}. Nothing was imported.",
        errors=[{"line": line, "field": "identity.personal_number", "message": message}],
    )


def export_records(session: Session, *, with_identity: bool = False) -> Iterator[dict[str, Any]]:
    """Every organisation, contract, vacancy and seeker as import records, in import order."""
    orgs = {o.id: o for o in session.exec(select(Organisation).order_by(Organisation.ref)).all()}
    for org in orgs.values():
        yield {"type": "organisation", **org.model_dump(mode="json", exclude={"id", "created_at"})}
    reqs = {r.contract_id: r for r in session.exec(select(EmploymentRequirement)).all()}
    contracts = {c.id: c for c in session.exec(select(Contract).order_by(Contract.ref)).all()}
    for c in contracts.values():
        req = reqs[pk(c)]
        requirement = req.model_dump(mode="json", exclude={"id", "contract_id", "matching_actor_id"})
        requirement["matching_actor_ref"] = orgs[req.matching_actor_id].ref if req.matching_actor_id else None
        yield {
            "type": "contract",
            **c.model_dump(mode="json", exclude={"id", "created_at", "procuring_org_id", "supplier_org_id"}),
            "procuring_org_ref": orgs[c.procuring_org_id].ref,
            "supplier_ref": orgs[c.supplier_org_id].ref,
            "requirement": requirement,
        }
    skip = {
        "id",
        "created_at",
        "updated_at",
        "enrichment",
        "content_hash",
        "occupation_guesses",
        "guesses_version",
        "version",  # the placement's change count and digest: kept by this service, not exchanged
        "placement_hash",
        # An imported ad's occupation provenance is not part of the exchange format.
        "source_occupation_id",
        "source_occupation_label",
        "source_occupation_group",
        "merged_into_id",
        "merged_at",
    }
    for v in session.exec(select(Vacancy).order_by(Vacancy.ref)).all():
        body = v.model_dump(mode="json", exclude=skip | {"contract_id"})
        yield {"type": "vacancy", **body, "contract_ref": contracts[v.contract_id].ref}
    idents = {i.seeker_id: i for i in session.exec(select(SeekerIdentity)).all()} if with_identity else {}
    elig: dict[int, list[Eligibility]] = {}
    for e in session.exec(select(Eligibility).order_by(col(Eligibility.id))).all():
        elig.setdefault(e.seeker_id, []).append(e)
    # A merged record lives on in its survivor: exporting it would import the person twice.
    active = select(JobSeeker).where(col(JobSeeker.merged_into_id).is_(None))
    for s in session.exec(active.order_by(JobSeeker.ref)).all():
        record = {
            "type": "seeker",
            **s.model_dump(mode="json", exclude=skip | {"matching_actor_id"}),
            "matching_actor_ref": orgs[s.matching_actor_id].ref,
            "eligibility": [
                e.model_dump(mode="json", exclude={"id", "seeker_id", "created_at"})
                for e in elig.get(s.id or 0, [])
            ],
        }
        if s.id in idents:
            record["identity"] = idents[s.id].model_dump(mode="json", exclude={"id", "seeker_id"})
        yield record


__all__ = ["FORMAT_VERSION", "ImportReport", "export_records", "import_records", "jsonl_lines", "parse_lines"]
