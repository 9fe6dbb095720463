"""Outcomes after placement end, from the recorded follow-ups (6 and 12 months after the end).

Shares are over the placements with a known answer: a follow-up that was not recorded, or recorded as
``unknown``, is counted in ``unknown_6``/``unknown_12`` and left out of the denominator.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel
from sqlmodel import Session, col, select

from models import Contract, FollowUp, Organisation, Placement
from models.base import with_examples
from models.enums import FollowUpStatus

WORKING = frozenset({FollowUpStatus.EMPLOYED, FollowUpStatus.STUDYING})


class OutcomeRow(BaseModel):
    key: str
    label: str
    placements: int  # ended placements in the group
    known_6: int
    employed_or_studying_6: int
    share_6: float | None
    unknown_6: int
    known_12: int
    employed_or_studying_12: int
    share_12: float | None
    unknown_12: int
    on_assistance_before: int  # follow-ups say whether they left economic assistance: they were on it
    left_for_work: int  # left economic assistance and employed at that follow-up
    share_left_for_work: float | None
    followed_12_after_leaving: int  # of those who left, a follow-up at 12 months exists
    no_return_12: int  # … and none up to 12 months shows them back on assistance
    share_no_return_12: float | None


class OutcomeReport(BaseModel):
    model_config = with_examples(
        {
            "year": 2026,
            "overall": {
                "key": "all",
                "label": "Alla",
                "placements": 12,
                "known_6": 10,
                "employed_or_studying_6": 7,
                "share_6": 0.7,
                "unknown_6": 2,
                "known_12": 6,
                "employed_or_studying_12": 4,
                "share_12": 0.67,
                "unknown_12": 6,
                "on_assistance_before": 5,
                "left_for_work": 3,
                "share_left_for_work": 0.6,
                "followed_12_after_leaving": 2,
                "no_return_12": 2,
                "share_no_return_12": 1.0,
            },
            "by_target_group": [],
            "by_contract": [],
            "by_supplier": [],
            "by_year": [],
        }
    )

    year: int | None
    overall: OutcomeRow
    by_target_group: list[OutcomeRow]
    by_contract: list[OutcomeRow]
    by_supplier: list[OutcomeRow]
    by_year: list[OutcomeRow]


@dataclass
class _Placed:
    placement: Placement
    followups: dict[int, FollowUp] = field(default_factory=dict)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _known(f: FollowUp | None) -> bool:
    return f is not None and f.status != FollowUpStatus.UNKNOWN


def summarise(key: str, label: str, placed: Iterable[_Placed]) -> OutcomeRow:
    placed = list(placed)
    at6 = [p.followups.get(6) for p in placed]
    at12 = [p.followups.get(12) for p in placed]
    known6 = [f for f in at6 if f is not None and _known(f)]
    known12 = [f for f in at12 if f is not None and _known(f)]
    before = left = followed = stayed = 0
    for p in placed:
        ups = sorted(p.followups.values(), key=lambda f: f.months_after_end)
        if not any(f.left_assistance is not None for f in ups):
            continue
        before += 1
        first = next((f for f in ups if f.left_assistance and f.status == FollowUpStatus.EMPLOYED), None)
        if first is None:
            continue
        left += 1
        if 12 not in p.followups:
            continue
        followed += 1
        window = [f for f in ups if first.months_after_end <= f.months_after_end <= 12]
        if all(f.left_assistance is not False and f.status != FollowUpStatus.ON_ASSISTANCE for f in window):
            stayed += 1
    work6 = sum(f.status in WORKING for f in known6)
    work12 = sum(f.status in WORKING for f in known12)
    return OutcomeRow(
        key=key,
        label=label,
        placements=len(placed),
        known_6=len(known6),
        employed_or_studying_6=work6,
        share_6=_share(work6, len(known6)),
        unknown_6=len(placed) - len(known6),
        known_12=len(known12),
        employed_or_studying_12=work12,
        share_12=_share(work12, len(known12)),
        unknown_12=len(placed) - len(known12),
        on_assistance_before=before,
        left_for_work=left,
        share_left_for_work=_share(left, before),
        followed_12_after_leaving=followed,
        no_return_12=stayed,
        share_no_return_12=_share(stayed, followed),
    )


def _grouped(
    placed: list[_Placed], key: Callable[[_Placed], str], label: Callable[[str], str]
) -> list[OutcomeRow]:
    groups: dict[str, list[_Placed]] = defaultdict(list)
    for p in placed:
        groups[key(p)].append(p)
    return [summarise(k, label(k), groups[k]) for k in sorted(groups)]


def outcome_report(
    session: Session, contract_ids: Iterable[int], year: int | None = None, as_of: date | None = None
) -> OutcomeReport:
    """Outcomes of the placements under the given contracts that ended by ``as_of`` (default today);
    ``year`` selects the year the placement ended."""
    ids = list(contract_ids)
    as_of = as_of or date.today()
    rows = session.exec(
        select(Placement).where(
            col(Placement.contract_id).in_(ids),
            col(Placement.end_date).is_not(None),
            col(Placement.end_date) <= as_of,
        )
    ).all()
    placed = {p.id: _Placed(p) for p in rows if year is None or (p.end_date and p.end_date.year == year)}
    for f in session.exec(select(FollowUp).where(col(FollowUp.placement_id).in_(list(placed)))).all():
        placed[f.placement_id].followups[f.months_after_end] = f
    items = list(placed.values())
    contracts = {c.id: c for c in session.exec(select(Contract).where(col(Contract.id).in_(ids))).all()}
    orgs = {o.id: o.name for o in session.exec(select(Organisation)).all()}

    def supplier_of(p: _Placed) -> str:
        return str(contracts[p.placement.contract_id].supplier_org_id)

    return OutcomeReport(
        year=year,
        overall=summarise("all", "Alla", items),
        by_target_group=_grouped(items, lambda p: str(p.placement.target_group or "unknown"), lambda k: k),
        by_contract=_grouped(items, lambda p: str(p.placement.contract_id), lambda k: contracts[int(k)].ref),
        by_supplier=_grouped(items, supplier_of, lambda k: orgs.get(int(k), k)),
        by_year=_grouped(
            items, lambda p: str(p.placement.end_date.year if p.placement.end_date else ""), str
        ),
    )
