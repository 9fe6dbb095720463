"""Job ads in JobTech's JobSearch / JobStream JSON become placements (vacancies) under one contract.

The ad schema is JobTech's ``JobAd`` (JobSearch ``/search`` hits, ``/ad/{id}``, JobStream ``/stream``):
``headline``, ``description.text``, ``occupation`` / ``occupation_group`` concepts, ``workplace_address``
(``municipality_code``, ``coordinates`` as ``[longitude, latitude]``), ``working_hours_type``,
``scope_of_work``, ``duration``, ``driving_license``, ``must_have`` / ``nice_to_have`` (``skills``,
``languages``), ``number_of_vacancies``, ``application_deadline``, ``removed``. Fields we do not use are
ignored; a field we use that holds something we cannot take is named (line or position, and the ad's own field
path).

An import is all or nothing: every ad is validated and mapped before anything is written.
A JobStream entry with ``removed: true`` closes the placement it created earlier (and is skipped if none).

An occupation concept id the taxonomy does not know (a newer taxonomy version) never refuses an ad: it is
placed by its label, else by the ad's ``occupation_group`` (SSYK-4), else left to the text
(``matcher.text.occupation_versions``); the ad's own id, label and group are kept on the placement, and
the report counts how each ad's occupation was placed.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from sqlmodel import Session, col, select

from matcher import Taxonomy, default_taxonomy
from matcher.text.occupation_versions import PlacedBy, PlacedOccupation, place_occupation
from models import Contract, EmploymentRequirement, Vacancy
from models.base import pk, utcnow
from models.enums import PlacementKind, VacancyStatus
from models.io import VacancyRecord
from service.engine.enrichment import enrich_vacancy
from service.imports.jsonlines import TOO_DEEP, json_values, jsonl_lines, raise_problems
from service.platform import audit
from service.platform.errors import BadInput
from service.platform.principal import Principal

REF_PREFIX = "jobsearch-"
MAX_ADS = 10_000


class _Ad(BaseModel):
    """Parts of an ad we read; everything else is ignored."""

    model_config = ConfigDict(extra="ignore")


class Concept(_Ad):
    concept_id: str | None = None
    label: str | None = None
    legacy_ams_taxonomy_id: str | None = None


class Description(_Ad):
    text: str | None = None


class ScopeOfWork(_Ad):
    min: int | None = None
    max: int | None = None


class WorkplaceAddress(_Ad):
    municipality_code: str | None = None
    coordinates: list[float | None] | None = None


class Requirements(_Ad):
    skills: list[Concept] = []
    languages: list[Concept] = []


class JobSearchAd(_Ad):
    id: str
    headline: str | None = None
    description: Description | None = None
    occupation: Concept | None = None
    occupation_group: Concept | None = None
    workplace_address: WorkplaceAddress | None = None
    working_hours_type: Concept | None = None
    scope_of_work: ScopeOfWork | None = None
    duration: Concept | None = None
    driving_license: list[Concept] | None = None
    must_have: Requirements | None = None
    nice_to_have: Requirements | None = None
    number_of_vacancies: int | None = None
    application_deadline: str | None = None
    removed: bool = False

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> Any:
        # JobSearch ids are numeric strings; some exports give them as numbers.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


@dataclass
class JobSearchReport:
    created: int = 0
    updated: int = 0
    closed: int = 0
    skipped: int = 0
    vacancy_ids: list[int] = field(default_factory=list)
    # How each created or updated ad's occupation was placed: PlacedBy value → number of ads.
    occupations: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PlacedBy, 0))

    def occupations_summary(self) -> str:
        """One line for people: how many occupations were known, mapped by label or group, or left to text."""
        n = self.occupations
        return (
            f"occupations: {n[PlacedBy.KNOWN]} known, "
            f"{n[PlacedBy.LABEL]} mapped by label (newer taxonomy id), "
            f"{n[PlacedBy.GROUP]} unknown but placed in their SSYK-4 group, "
            f"{n[PlacedBy.TEXT]} read from the text alone"
        )


@dataclass(frozen=True)
class _Mapped:
    number: int
    ref: str
    removed: bool
    values: dict[str, Any]
    # What the ad said of its occupation (kept on the placement) and how it was placed.
    source: dict[str, str | None] = field(default_factory=dict)
    placed_by: PlacedBy = PlacedBy.TEXT


# Vacancy field -> the ad's field it came from, to name a value our model refuses.
_SOURCE = {
    "ref": "id",
    "title": "headline",
    "description": "description.text",
    "occupation_id": "occupation.concept_id",
    "municipality_code": "workplace_address.municipality_code",
    "latitude": "workplace_address.coordinates",
    "longitude": "workplace_address.coordinates",
    "extent": "scope_of_work",
    "duration_months": "duration",
    "positions": "number_of_vacancies",
    "required_skills": "must_have.skills",
    "desired_skills": "nice_to_have.skills",
    "other_languages": "must_have.languages",
    "licences_required": "driving_license",
}


def read_ads(text: str) -> tuple[str, list[tuple[int, Any]]]:
    """(what numbers the ads, [(number, JSON value)]): a JSON array, a JobSearch result, or JSON Lines."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("["):
        try:
            whole = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise BadInput(f"not valid JSON: {exc.msg} (line {exc.lineno})") from exc
        except RecursionError as exc:
            raise BadInput(f"{TOO_DEEP}. Nothing was imported.") from exc
        return "ad", list(enumerate(whole, start=1))
    if stripped.startswith("{"):
        try:
            whole = json.loads(stripped)
        except (json.JSONDecodeError, RecursionError):
            whole = None  # several objects: JSON Lines (read line by line, which names a line too deep)
        if isinstance(whole, dict):
            hits = whole.get("hits")
            return "ad", list(enumerate(hits if isinstance(hits, list) else [whole], start=1))
    ads, problems = json_values(jsonl_lines(text))
    raise_problems(problems, "line")
    return "line", ads


def parse_ads(
    ads: list[tuple[int, Any]], *, numbered_by: str = "line", taxonomy: Taxonomy | None = None
) -> list[_Mapped]:
    """Validate and map every ad; raise BadInput naming each bad ad's number and field."""
    taxonomy = taxonomy or default_taxonomy()
    if len(ads) > MAX_ADS:
        raise BadInput(f"at most {MAX_ADS} ads per import; split the file")
    mapped: list[_Mapped] = []
    problems: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, raw in ads:
        where = {numbered_by: number}
        try:
            ad = JobSearchAd.model_validate(raw)
        except ValidationError as exc:
            problems += [{**where, "field": _loc(e["loc"]), "message": e["msg"]} for e in exc.errors()]
            continue
        ref = f"{REF_PREFIX}{ad.id}"
        if ref in seen:
            problems.append({**where, "field": "id", "message": f"the same ad is also at {seen[ref]}"})
            continue
        seen[ref] = number
        if ad.removed:
            mapped.append(_Mapped(number, ref, True, {}))
            continue
        values, found = _vacancy_values(ad, ref, taxonomy)
        problems += [{**where, **p} for p in found]
        if not found:
            checked = _check_model(values)
            problems += [{**where, **p} for p in checked]
            if not checked:
                source, placed_by = _occupation_source(ad, taxonomy)
                mapped.append(_Mapped(number, ref, False, values, source, placed_by))
    raise_problems(problems, numbered_by)
    return mapped


def _loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) or "(ad)"


def _vacancy_values(
    ad: JobSearchAd, ref: str, taxonomy: Taxonomy
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    problems: list[dict[str, str]] = []

    def bad(fld: str, message: str) -> None:
        problems.append({"field": fld, "message": message})

    if not ad.headline or not ad.headline.strip():
        bad("headline", "an ad needs a headline")
    occupation_id = _placed(ad, taxonomy).occupation_id
    address = ad.workplace_address or WorkplaceAddress()
    municipality = address.municipality_code
    if municipality and taxonomy.municipality(municipality) is None:
        bad("workplace_address.municipality_code", f"unknown municipality code {municipality!r}")
    lat = lon = None
    coords = [c for c in address.coordinates or [] if c is not None]
    if coords:
        if len(coords) != 2:
            bad("workplace_address.coordinates", "expected [longitude, latitude]")
        else:
            lon, lat = coords  # GeoJSON order, as JobSearch gives them
    licences = []
    for i, item in enumerate(ad.driving_license or []):
        code = (item.label or "").removeprefix("Körkort").strip()
        if taxonomy.licence(code) is None:
            bad(f"driving_license.{i}.label", f"unknown driving licence {item.label!r}")
        licences.append(code)
    languages = []
    for i, item in enumerate((ad.must_have or Requirements()).languages):
        language = taxonomy.language_by_label(item.label or "")
        if language is None:
            bad(f"must_have.languages.{i}.label", f"unknown language {item.label!r}")
        elif language.code != "sv":
            # The ad names no level; Swedish is left to the text (the CEFR field needs a level).
            languages.append({"code": language.code, "level": None})
    values = {
        "type": "vacancy",
        "contract_ref": "",
        "ref": ref,
        "title": (ad.headline or "").strip(),
        "description": (ad.description.text if ad.description else None) or "",
        "occupation_id": occupation_id or None,
        "municipality_code": municipality or None,
        "latitude": lat,
        "longitude": lon,
        "extent": _extent(ad),
        "duration_months": _duration_months(ad.duration),
        "positions": ad.number_of_vacancies or 1,
        "application_deadline": _deadline(ad.application_deadline, bad),
        "required_skills": _labels(ad.must_have),
        "desired_skills": _labels(ad.nice_to_have),
        "other_languages": languages,
        "licences_required": licences,
        "status": VacancyStatus.OPEN.value,
    }
    return values, problems


def _deadline(raw: str | None, bad: Callable[[str, str], None]) -> str | None:
    """JobSearch gives the deadline as a local time stamp ("2025-06-30T23:59:59"): its day is the last."""
    if not raw or not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip()[:10]).isoformat()
    except ValueError:
        bad("application_deadline", f"not a date (YYYY-MM-DD): {raw[:40]!r}")
        return None


def _placed(ad: JobSearchAd, taxonomy: Taxonomy) -> PlacedOccupation:
    occupation, group = ad.occupation or Concept(), ad.occupation_group or Concept()
    return place_occupation(
        taxonomy, occupation.concept_id, occupation.label, group.legacy_ams_taxonomy_id, group.label
    )


def _occupation_source(ad: JobSearchAd, taxonomy: Taxonomy) -> tuple[dict[str, str | None], PlacedBy]:
    """The ad's own occupation id, label and SSYK-4 group (provenance), and how it was placed."""
    placed = _placed(ad, taxonomy)
    occupation = ad.occupation or Concept()
    source = {
        "source_occupation_id": occupation.concept_id,
        "source_occupation_label": occupation.label,
        "source_occupation_group": placed.ssyk4,
    }
    if not (occupation.concept_id or occupation.label):
        return source, PlacedBy.TEXT if placed.ssyk4 is None else PlacedBy.GROUP
    return source, placed.placed_by


def _labels(requirements: Requirements | None) -> list[str]:
    return [s.label for s in (requirements.skills if requirements else []) if s.label]


def _extent(ad: JobSearchAd) -> int:
    scope = ad.scope_of_work
    if scope is not None and (scope.max or scope.min):
        return int(scope.max or scope.min or 100)
    return 100  # "Heltid", or not stated


# The first number of "3 - 6 månader", the only one of "6 månader eller längre".
_MONTHS = re.compile(r"(\d+)(?:\s*-\s*\d+)?\s*månad")


def _duration_months(duration: Concept | None) -> int | None:
    """JobTech's duration labels: "Tills vidare" (open-ended), "6 månader eller längre", "3 - 6 månader"…"""
    label = (duration.label or "").lower() if duration else ""
    if not label or "tills vidare" in label:
        return None
    if "upp till" in label or "dagar" in label:
        return 1  # shorter than the shortest duration we record
    months = [int(m) for m in _MONTHS.findall(label)]
    return min(months) if months else None


def _check_model(values: dict[str, Any]) -> list[dict[str, str]]:
    try:
        VacancyRecord.model_validate(values)
    except ValidationError as exc:
        return [
            {
                "field": _SOURCE.get(str(e["loc"][0]), _loc(e["loc"])) if e["loc"] else "(ad)",
                "message": e["msg"],
            }
            for e in exc.errors()
        ]
    return []


def import_ads(
    session: Session,
    contract: Contract,
    mapped: list[_Mapped],
    *,
    kind: PlacementKind = PlacementKind.EMPLOYMENT,
    numbered_by: str = "line",
    principal: Principal | None = None,
    source: str = "jobsearch",
) -> JobSearchReport:
    """Upsert the mapped ads as the contract's placements (caller owns the transaction).

    The import is audited here, with its counts, for the API and the command line (``principal`` None:
    the operator at the command line); ``source`` names the format in the audit event."""
    requirement = session.exec(
        select(EmploymentRequirement).where(EmploymentRequirement.contract_id == contract.id)
    ).first()
    if requirement is not None and kind.value not in requirement.placement_kinds:
        allowed = ", ".join(requirement.placement_kinds)
        raise BadInput(
            f"kind: the contract's requirement allows only these kinds: {allowed}. Nothing was imported.",
            errors=[{"field": "kind", "message": f"allowed: {allowed}"}],
        )
    # Refs are the contract's own: the same ad under another contract (imported there, or its ref typed
    # by hand) is that contract's business, and neither blocks this import nor shows in its answer.
    refs = [m.ref for m in mapped]
    own = select(Vacancy).where(Vacancy.contract_id == contract.id, col(Vacancy.ref).in_(refs))
    existing = {v.ref: v for v in session.exec(own).all()}
    report = JobSearchReport()
    for m in mapped:
        row = existing.get(m.ref)
        if m.removed:
            if row is None:
                report.skipped += 1
                continue
            row.status = VacancyStatus.CLOSED
            report.closed += 1
        else:
            values = {k: v for k, v in m.values.items() if k not in ("type", "contract_ref")}
            values.update(contract_id=pk(contract), kind=kind.value, **m.source)
            fresh = Vacancy.model_validate(values)
            report.occupations[m.placed_by] += 1
            if row is None:
                row = fresh
                report.created += 1
            else:
                for key in values:
                    setattr(row, key, getattr(fresh, key))
                report.updated += 1
            enrich_vacancy(row)
        row.updated_at = utcnow()
        session.add(row)
        session.flush()
        report.vacancy_ids.append(pk(row))
    counts = {"created": report.created, "updated": report.updated, "closed": report.closed}
    audit.record(
        session, principal, f"{source}.import", "contract", pk(contract),
        detail={**counts, "skipped": report.skipped, "via": "api" if principal else "cli"},
    )  # fmt: skip
    return report
