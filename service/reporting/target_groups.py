"""Target-group report: per target group, how many were proposed, hired, and in work 6 and 12 months on.

For funders and the council, per contract, per supplier and per year; aggregates only.

- *Proposed*: proposals to the contracts' placements made in the year (up to ``as_of``). A proposal counts
  in each target group the person had a verified eligibility for on the day of the proposal (one person
  may be in two groups, so the groups can sum to more than the total); without one, in "none".
- *Hired*: placements under the contracts that started in the year, in the target group the placement was
  recorded in (the group it counts in toward the requirement).
- *In work after 6 / 12 months*: of those hired, the ones whose follow-up 6 (12) months after the
  placement ended says employed, over those with a known follow-up then (``followed_6``); a follow-up not
  yet made, or recorded as unknown, is left out of the share, as in ``outcomes``.

A share over fewer than ``MIN_GROUP`` known follow-ups is marked ``small``; pages show it with its n and
a warning, and a group with none shows "no data" rather than 0 %.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel
from sqlmodel import Session, col, select

from models import Contract, Eligibility, FollowUp, Organisation, Placement, Proposal, Vacancy
from models.base import with_examples
from models.enums import FollowUpStatus, TargetGroup
from service.platform.errors import BadInput, NotFound
from service.platform.principal import Principal
from service.reporting.labels import group_label
from service.reporting.scope import visible_contracts

GROUPS = (*(g.value for g in TargetGroup), "none")
MIN_GROUP = 5  # as the annual report: fewer known outcomes give a share too uncertain to compare
FIRST_YEAR, LAST_YEAR = 2000, 2100


class GroupFigures(BaseModel):
    group: str
    label: str
    proposed: int
    hired: int
    followed_6: int  # hired, with a known follow-up 6 months after the placement ended
    employed_6: int
    share_6: float | None  # None: nobody followed up yet (no data, not 0 %)
    small_6: bool  # 0 < followed_6 < MIN_GROUP
    followed_12: int
    employed_12: int
    share_12: float | None
    small_12: bool


class Breakdown(BaseModel):
    key: str
    label: str
    groups: list[GroupFigures]
    total: GroupFigures


class TargetGroupReport(BaseModel):
    model_config = with_examples(
        {
            "year": 2026,
            "contract_id": None,
            "supplier_id": None,
            "as_of": "2026-12-31",
            "min_group_size": 5,
            "groups": [
                {
                    "group": "newcomer",
                    "label": "Nyanlända",
                    "proposed": 14,
                    "hired": 6,
                    "followed_6": 5,
                    "employed_6": 4,
                    "share_6": 0.8,
                    "small_6": False,
                    "followed_12": 2,
                    "employed_12": 1,
                    "share_12": 0.5,
                    "small_12": True,
                }
            ],
            "total": {
                "group": "all",
                "label": "Alla",
                "proposed": 31,
                "hired": 12,
                "followed_6": 9,
                "employed_6": 6,
                "share_6": 0.6667,
                "small_6": False,
                "followed_12": 3,
                "employed_12": 1,
                "share_12": 0.3333,
                "small_12": True,
            },
            "by_contract": [],
            "by_supplier": [],
            "by_year": [],
        }
    )

    year: int | None
    contract_id: int | None
    supplier_id: int | None
    as_of: date
    min_group_size: int
    groups: list[GroupFigures]
    total: GroupFigures
    by_contract: list[Breakdown]
    by_supplier: list[Breakdown]
    by_year: list[Breakdown]


@dataclass
class _Counts:
    proposed: int = 0
    hired: int = 0
    followed: dict[int, int] = field(default_factory=lambda: {6: 0, 12: 0})
    employed: dict[int, int] = field(default_factory=lambda: {6: 0, 12: 0})


@dataclass(frozen=True)
class _Fact:
    """One proposal (``hired`` False) or one hire, with its groups and where and when it belongs."""

    groups: tuple[str, ...]
    contract_id: int
    year: int
    hired: bool = False
    outcome: dict[int, FollowUpStatus | None] = field(default_factory=dict)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _figures(key: str, label: str, counts: _Counts) -> GroupFigures:
    f6, f12 = counts.followed[6], counts.followed[12]
    return GroupFigures(
        group=key,
        label=label,
        proposed=counts.proposed,
        hired=counts.hired,
        followed_6=f6,
        employed_6=counts.employed[6],
        share_6=_share(counts.employed[6], f6),
        small_6=0 < f6 < MIN_GROUP,
        followed_12=f12,
        employed_12=counts.employed[12],
        share_12=_share(counts.employed[12], f12),
        small_12=0 < f12 < MIN_GROUP,
    )


def _tally(facts: Iterable[_Fact]) -> tuple[list[GroupFigures], GroupFigures]:
    per: dict[str, _Counts] = {g: _Counts() for g in GROUPS}
    total = _Counts()
    for fact in facts:
        for counts in (*(per[g] for g in fact.groups), total):
            if not fact.hired:
                counts.proposed += 1
                continue
            counts.hired += 1
            for months, status in fact.outcome.items():
                if status is not None and status != FollowUpStatus.UNKNOWN:
                    counts.followed[months] += 1
                    counts.employed[months] += status == FollowUpStatus.EMPLOYED
    groups = [_figures(g, group_label(g), per[g]) for g in GROUPS]
    return groups, _figures("all", group_label("all"), total)


def _breakdown(
    facts: list[_Fact], key_of: dict[int, str] | None, labels: dict[str, str], by_year: bool = False
) -> list[Breakdown]:
    buckets: dict[str, list[_Fact]] = defaultdict(list)
    for fact in facts:
        key = str(fact.year) if by_year else (key_of or {})[fact.contract_id]
        buckets[key].append(fact)
    out = []
    for key in sorted(buckets, key=lambda k: labels.get(k, k)):
        groups, total = _tally(buckets[key])
        out.append(Breakdown(key=key, label=labels.get(key, key), groups=groups, total=total))
    return out


def check_year(year: int | None) -> None:
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadInput(f"year must be between {FIRST_YEAR} and {LAST_YEAR}, not {year}")


def target_group_report(
    session: Session,
    principal: Principal,
    *,
    year: int | None = None,
    contract_id: int | None = None,
    supplier_id: int | None = None,
    as_of: date | None = None,
) -> TargetGroupReport:
    """The report over the contracts ``principal`` may follow up, narrowed to one contract or supplier.

    A contract or supplier the caller cannot see is answered as not found (ids do not leak)."""
    check_year(year)
    as_of = as_of or date.today()
    contracts = [c for c, _ in visible_contracts(session, principal)]
    if contract_id is not None:
        contracts = [c for c in contracts if c.id == contract_id]
        if not contracts:
            raise NotFound(f"contract {contract_id} does not exist")
    if supplier_id is not None:
        contracts = [c for c in contracts if c.supplier_org_id == supplier_id]
        if not contracts and session.get(Organisation, supplier_id) is None:
            raise NotFound(f"supplier {supplier_id} does not exist")
    facts = _facts(session, contracts, year, as_of)
    groups, total = _tally(facts)
    by_contract = {c.id: str(c.id) for c in contracts if c.id is not None}
    by_supplier = {c.id: str(c.supplier_org_id) for c in contracts if c.id is not None}
    org_ids = {c.supplier_org_id for c in contracts}
    orgs = session.exec(select(Organisation).where(col(Organisation.id).in_(org_ids))).all()
    return TargetGroupReport(
        year=year,
        contract_id=contract_id,
        supplier_id=supplier_id,
        as_of=as_of,
        min_group_size=MIN_GROUP,
        groups=groups,
        total=total,
        by_contract=_breakdown(facts, by_contract, {str(c.id): f"{c.ref} – {c.title}" for c in contracts}),
        by_supplier=_breakdown(facts, by_supplier, {str(o.id): o.name for o in orgs}),
        by_year=[] if year is not None else _breakdown(facts, None, {}, by_year=True),
    )


def _facts(session: Session, contracts: list[Contract], year: int | None, as_of: date) -> list[_Fact]:
    ids = [c.id for c in contracts if c.id is not None]
    if not ids:
        return []
    facts: list[_Fact] = []
    proposals = session.exec(
        select(Proposal, Vacancy.contract_id)
        .join(Vacancy, col(Vacancy.id) == col(Proposal.vacancy_id))
        .where(col(Vacancy.contract_id).in_(ids))
    ).all()
    made = [(p, cid, p.created_at.date()) for p, cid in proposals]
    made = [(p, cid, d) for p, cid, d in made if d <= as_of and (year is None or d.year == year)]
    eligible = _eligibilities(session, {p.seeker_id for p, _, _ in made})
    for proposal, cid, day in made:
        groups = sorted(
            {g for g, until in eligible.get(proposal.seeker_id, []) if until is None or until >= day}
        )
        facts.append(_Fact(groups=tuple(groups) or ("none",), contract_id=cid, year=day.year))
    placements = session.exec(
        select(Placement).where(col(Placement.contract_id).in_(ids), col(Placement.start_date) <= as_of)
    ).all()
    hired = [p for p in placements if year is None or p.start_date.year == year]
    outcomes: dict[int, dict[int, FollowUpStatus | None]] = {p.id: {6: None, 12: None} for p in hired if p.id}
    followups = session.exec(
        select(FollowUp).where(
            col(FollowUp.placement_id).in_(list(outcomes)), col(FollowUp.months_after_end).in_([6, 12])
        )
    ).all()
    for f in followups:  # as ``outcomes``: a follow-up counts whenever it was recorded
        outcomes[f.placement_id][f.months_after_end] = FollowUpStatus(f.status)
    for p in hired:
        group = str(p.target_group) if p.target_group else "none"
        facts.append(
            _Fact(
                groups=(group,),
                contract_id=p.contract_id,
                year=p.start_date.year,
                hired=True,
                outcome=outcomes.get(p.id or 0, {}),
            )
        )
    return facts


def _eligibilities(session: Session, seeker_ids: set[int]) -> dict[int, list[tuple[str, date | None]]]:
    rows = session.exec(
        select(Eligibility).where(col(Eligibility.seeker_id).in_(seeker_ids), col(Eligibility.verified))
    ).all()
    out: dict[int, list[tuple[str, date | None]]] = defaultdict(list)
    for e in rows:
        out[e.seeker_id].append((str(e.target_group), e.valid_until))
    return out
