"""Contract follow-up: placements against the commitment, pace, forecast and suppliers' feedback."""

import io
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Literal

from pydantic import BaseModel
from sqlmodel import Session, col, func, select

from models import (
    Contract,
    EmploymentRequirement,
    Organisation,
    Placement,
    Proposal,
    SupplierFeedback,
    Vacancy,
)
from models.base import pk, with_examples
from service.reporting.csv_cells import csv_writer
from service.reporting.labels import STATUS_LABELS, group_label, kind_label
from service.reporting.scope import day_after, months_between
from service.reporting.spreadsheet import percent_value, to_spreadsheet_csv

Status = Literal["on_track", "at_risk", "not_started"]


class Tally(BaseModel):
    placements: int = 0
    fte_months: float = 0.0


class ContractFollowUp(BaseModel):
    """Aggregates only: no person appears in a contract follow-up."""

    model_config = with_examples(
        {
            "contract_id": 1,
            "ref": "sundstad-2024-017",
            "title": "Lokalvård i skolor och förskolor",
            "procuring_org": "Sundstads kommun",
            "supplier_org": "Glansholmens Städservice AB",
            "start_date": "2024-03-01",
            "end_date": "2027-02-28",
            "as_of": "2026-12-06",
            "committed_placements": 6,
            "committed_fte_months": None,
            "fulfilment_threshold": 0.75,
            "placements_total": 5,
            "placements": 4,
            "fte_months": 27.5,
            "by_kind": {
                "employment": {"placements": 3, "fte_months": 24.0},
                "internship": {"placements": 1, "fte_months": 3.5},
            },
            "by_target_group": {
                "newcomer": {"placements": 2, "fte_months": 15.0},
                "long_term_unemployed": {"placements": 2, "fte_months": 12.5},
            },
            "months_elapsed": 33.2,
            "months_left": 2.8,
            "forecast_placements": 4.34,
            "forecast_fte_months": 29.8,
            "forecast_fulfilment": 0.72,
            "status": "at_risk",
            "proposals": 11,
            "proposals_with_feedback": 9,
            "feedback_rate": 0.82,
        }
    )

    contract_id: int
    ref: str
    title: str
    procuring_org: str
    supplier_org: str
    start_date: date
    end_date: date
    as_of: date
    committed_placements: int | None
    committed_fte_months: float | None
    fulfilment_threshold: float
    placements_total: int  # every placement under the contract
    placements: int  # those counting toward the commitment (kind and target group as required)
    fte_months: float  # full-time-equivalent months of the counting placements, up to as_of
    by_kind: dict[str, Tally]
    by_target_group: dict[str, Tally]
    months_elapsed: float
    months_left: float
    forecast_placements: float | None
    forecast_fte_months: float | None
    forecast_fulfilment: float | None  # the lowest forecast/commitment ratio over the commitments made
    status: Status
    proposals: int
    proposals_with_feedback: int
    feedback_rate: float | None


def fte_months(
    placement: Placement, as_of: date, start: date | None = None, stop: date | None = None
) -> float:
    """Months from start to min(end, as_of) × extent/100, optionally clipped to [start, stop)."""
    begin = max(placement.start_date, start) if start else placement.start_date
    end = day_after(placement.end_date) if placement.end_date else day_after(as_of)
    end = min(end, day_after(as_of))
    if stop is not None:
        end = min(end, stop)
    return months_between(begin, end) * placement.extent / 100


def counts_toward(placement: Placement, requirement: EmploymentRequirement) -> bool:
    return (
        str(placement.kind) in requirement.placement_kinds
        and placement.target_group is not None
        and str(placement.target_group) in requirement.target_groups
    )


def _ratio(forecast: float, committed: float) -> float:
    return forecast / committed if committed > 0 else 1.0


def contract_followup(
    session: Session, contract: Contract, requirement: EmploymentRequirement, as_of: date
) -> ContractFollowUp:
    placements = list(session.exec(select(Placement).where(Placement.contract_id == pk(contract))).all())
    by_kind: dict[str, Tally] = defaultdict(Tally)
    by_group: dict[str, Tally] = defaultdict(Tally)
    counted, fte = 0, 0.0
    for p in placements:
        if p.start_date > as_of:
            continue
        months = fte_months(p, as_of)
        for tally in (by_kind[str(p.kind)], by_group[str(p.target_group or "unknown")]):
            tally.placements += 1
            tally.fte_months += months
        if counts_toward(p, requirement):
            counted += 1
            fte += months
    started = [p.start_date for p in placements if p.start_date <= as_of]
    # The pace is measured from the contract start (or an earlier first placement, should one exist).
    origin = min([contract.start_date, *started])
    stop = day_after(contract.end_date)
    elapsed = months_between(origin, min(stop, day_after(as_of)))
    total = months_between(origin, stop)
    forecast_n = forecast_fte = fulfilment = None
    status: Status = "not_started"
    if elapsed > 0:
        forecast_n = counted * total / elapsed
        forecast_fte = fte * total / elapsed
        ratios = []
        if requirement.committed_placements is not None:
            ratios.append(_ratio(forecast_n, requirement.committed_placements))
        if requirement.committed_fte_months is not None:
            ratios.append(_ratio(forecast_fte, requirement.committed_fte_months))
        fulfilment = min(ratios)
        status = "on_track" if fulfilment >= requirement.fulfilment_threshold else "at_risk"
    proposals, with_feedback = feedback_counts(session, [pk(contract)], as_of).get(pk(contract), (0, 0))
    return ContractFollowUp(
        contract_id=pk(contract),
        ref=contract.ref,
        title=contract.title,
        procuring_org=_org_name(session, contract.procuring_org_id),
        supplier_org=_org_name(session, contract.supplier_org_id),
        start_date=contract.start_date,
        end_date=contract.end_date,
        as_of=as_of,
        committed_placements=requirement.committed_placements,
        committed_fte_months=requirement.committed_fte_months,
        fulfilment_threshold=requirement.fulfilment_threshold,
        placements_total=sum(t.placements for t in by_kind.values()),
        placements=counted,
        fte_months=round(fte, 3),
        by_kind={k: _rounded(v) for k, v in sorted(by_kind.items())},
        by_target_group={k: _rounded(v) for k, v in sorted(by_group.items())},
        months_elapsed=round(elapsed, 3),
        months_left=round(months_between(max(day_after(as_of), origin), stop), 3),
        forecast_placements=_round(forecast_n),
        forecast_fte_months=_round(forecast_fte),
        forecast_fulfilment=_round(fulfilment),
        status=status,
        proposals=proposals,
        proposals_with_feedback=with_feedback,
        feedback_rate=round(with_feedback / proposals, 4) if proposals else None,
    )


def feedback_counts(session: Session, contract_ids: Iterable[int], as_of: date) -> dict[int, tuple[int, int]]:
    """Per contract: (proposals made up to as_of, those the supplier has given feedback on)."""
    ids = list(contract_ids)
    rows = session.exec(
        select(Vacancy.contract_id, Proposal.id, func.count(col(SupplierFeedback.id)))
        .join(Vacancy, col(Vacancy.id) == col(Proposal.vacancy_id))
        .outerjoin(SupplierFeedback, col(SupplierFeedback.proposal_id) == col(Proposal.id))
        .where(col(Vacancy.contract_id).in_(ids), col(Proposal.created_at) < _midnight_after(as_of))
        .group_by(col(Vacancy.contract_id), col(Proposal.id))
    ).all()
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for contract_id, _proposal, n_feedback in rows:
        out[contract_id][0] += 1
        out[contract_id][1] += 1 if n_feedback else 0
    return {k: (v[0], v[1]) for k, v in out.items()}


def _midnight_after(day: date) -> datetime:
    return datetime.combine(day_after(day), time.min, tzinfo=UTC)


def _org_name(session: Session, org_id: int) -> str:
    org = session.get(Organisation, org_id)
    return org.name if org else ""


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _rounded(tally: Tally) -> Tally:
    return Tally(placements=tally.placements, fte_months=round(tally.fte_months, 3))


CSV_COLUMNS = (
    "contract_id", "ref", "title", "procuring_org", "supplier_org", "start_date", "end_date", "as_of",
    "committed_placements", "committed_fte_months", "fulfilment_threshold", "placements_total", "placements",
    "fte_months", "months_elapsed", "months_left", "forecast_placements", "forecast_fte_months",
    "forecast_fulfilment", "status", "proposals", "proposals_with_feedback", "feedback_rate",
)  # fmt: skip


def to_csv(rows: Iterable[ContractFollowUp]) -> str:
    """One line per contract; the breakdowns by kind and group become ``kind:<k>`` / ``group:<g>`` columns."""
    rows = list(rows)
    kinds = sorted({k for r in rows for k in r.by_kind})
    groups = sorted({g for r in rows for g in r.by_target_group})
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    header = [*CSV_COLUMNS, *(f"kind:{k}" for k in kinds), *(f"group:{g}" for g in groups)]
    writer.writerow(header)
    for r in rows:
        data = r.model_dump()
        writer.writerow(
            [
                *("" if data[c] is None else data[c] for c in CSV_COLUMNS),
                *(r.by_kind[k].placements if k in r.by_kind else 0 for k in kinds),
                *(r.by_target_group[g].placements if g in r.by_target_group else 0 for g in groups),
            ]
        )
    return buffer.getvalue()


# The spreadsheet file's columns: (Swedish header, field); the machine CSV above keeps its own.
SPREADSHEET_COLUMNS = (
    ("Kontrakt-id", "contract_id"),
    ("Referens", "ref"),
    ("Kontrakt", "title"),
    ("Upphandlande myndighet", "procuring_org"),
    ("Leverantör", "supplier_org"),
    ("Startdatum", "start_date"),
    ("Slutdatum", "end_date"),
    ("Uppgifter till och med", "as_of"),
    ("Åtagande, placeringar", "committed_placements"),
    ("Åtagande, heltidsmånader", "committed_fte_months"),
    ("Uppfyllelsegräns (%)", "fulfilment_threshold"),
    ("Placeringar totalt", "placements_total"),
    ("Placeringar som räknas", "placements"),
    ("Heltidsmånader", "fte_months"),
    ("Månader som gått", "months_elapsed"),
    ("Månader kvar", "months_left"),
    ("Prognos, placeringar", "forecast_placements"),
    ("Prognos, heltidsmånader", "forecast_fte_months"),
    ("Prognostiserad uppfyllelse (%)", "forecast_fulfilment"),
    ("Status", "status"),
    ("Förslag", "proposals"),
    ("Förslag med återkoppling", "proposals_with_feedback"),
    ("Andel med återkoppling (%)", "feedback_rate"),
)
_PERCENT_FIELDS = {"fulfilment_threshold", "forecast_fulfilment", "feedback_rate"}


def to_spreadsheet(rows: Iterable[ContractFollowUp]) -> bytes:
    """The same figures as ``to_csv`` for a Swedish spreadsheet (``spreadsheet``): Swedish headers, the
    UI's words for status, kinds and target groups, shares in percent, decimal comma."""
    rows = list(rows)
    kinds = sorted({k for r in rows for k in r.by_kind})
    groups = sorted({g for r in rows for g in r.by_target_group})
    header = [
        *(h for h, _ in SPREADSHEET_COLUMNS),
        *(f"Placeringar, {kind_label(k).lower()}" for k in kinds),
        *(f"Placeringar, {group_label(g).lower()}" for g in groups),
    ]

    def value(r: ContractFollowUp, name: str) -> object:
        raw = getattr(r, name)
        if name in _PERCENT_FIELDS:
            return percent_value(raw)
        return STATUS_LABELS[raw] if name == "status" else raw

    body = [
        [
            *(value(r, name) for _, name in SPREADSHEET_COLUMNS),
            *(r.by_kind[k].placements if k in r.by_kind else 0 for k in kinds),
            *(r.by_target_group[g].placements if g in r.by_target_group else 0 for g in groups),
        ]
        for r in rows
    ]
    return to_spreadsheet_csv(header, body)
