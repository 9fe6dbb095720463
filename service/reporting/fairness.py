"""Fairness monitoring: selection rates per protected group at each stage, impact ratios with intervals,
and refusal reasons per group.

Protected attributes come only from ``MonitoringAttributes`` and only this module (auditor reports) reads
them; the engine (matcher/, service/engine/) has no path to that table, which
tests/service/reporting/test_fairness.py checks.

Population: the seekers with consent given and registered by the end of the period (the engine only ranks
those). Stages in the period: *shortlisted* = in the top 10 of an engine-ranked READY or SUPERSEDED
shortlist; *proposed* = proposed to a supplier; *hired* = a proposal marked hired or a placement started.
Each rate is a share of the population group, so stages can be compared with one another.
Consent is taken as it stands on the day the report is made, and the report spans every matching actor.

Intervals stay honest at small n: a rate's is Wilson's (1 of 1 → 21–100 %, 0 of 1 → 0–79 %), an impact
ratio's comes from draws of each group's Jeffreys posterior. A group under ``MIN_GROUP`` is marked small
and never flagged; the reference group is the most selected among groups of at least ``MIN_GROUP``.

Refusals in the period, staff's rejections and employers' "not hired", are counted per refusal reason
(``models.placement.RefusalReason``; staff codes mapped by ``STAFF_REFUSALS``) and per group, under the
same small-group rule; an employer's refusal recorded before reasons had codes counts as "no code".
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from statistics import NormalDist

import numpy as np
from pydantic import BaseModel, Field
from sqlmodel import Session, col, or_, select

from models import JobSeeker, MonitoringAttributes, Placement, Proposal, Shortlist, ShortlistEntry
from models.base import with_examples
from models.enums import ConsentStatus, ProposalStatus, ShortlistStatus
from service.reporting.fairness_refusals import RefusalTable, refusal_events, refusal_tables

TOP_K = 10
MIN_GROUP = 20
FOUR_FIFTHS = 0.8
STAGES = {"shortlisted": "Topp 10 i motorns urvalslista", "proposed": "Föreslagen", "hired": "Anställd"}


class GroupRate(BaseModel):
    group: str
    n: int
    selected: int
    rate: float
    ci_low: float
    ci_high: float
    impact_ratio: float | None  # rate / the most selected group's rate
    ratio_ci_low: float | None
    ratio_ci_high: float | None
    below_four_fifths: bool | None
    small: bool  # n < 20: figures too uncertain to act on
    reference: bool


class AttributeRates(BaseModel):
    attribute: str
    groups: list[GroupRate]
    unknown_n: int
    unknown_selected: int


class StageRates(BaseModel):
    stage: str
    label: str
    selected: int
    attributes: list[AttributeRates]


class FairnessReport(BaseModel):
    model_config = with_examples(
        {
            "period_from": "2025-12-06",
            "period_to": "2026-12-06",
            "population": 412,
            "stages": [
                {
                    "stage": "proposed",
                    "label": "Föreslagen",
                    "selected": 61,
                    "attributes": [
                        {
                            "attribute": "sex",
                            "groups": [
                                {
                                    "group": "female",
                                    "n": 198,
                                    "selected": 31,
                                    "rate": 0.157,
                                    "ci_low": 0.108,
                                    "ci_high": 0.207,
                                    "impact_ratio": 1.0,
                                    "ratio_ci_low": None,
                                    "ratio_ci_high": None,
                                    "below_four_fifths": False,
                                    "small": False,
                                    "reference": True,
                                },
                                {
                                    "group": "male",
                                    "n": 201,
                                    "selected": 29,
                                    "rate": 0.144,
                                    "ci_low": 0.097,
                                    "ci_high": 0.194,
                                    "impact_ratio": 0.92,
                                    "ratio_ci_low": 0.58,
                                    "ratio_ci_high": 1.41,
                                    "below_four_fifths": False,
                                    "small": False,
                                    "reference": False,
                                },
                            ],
                            "unknown_n": 13,
                            "unknown_selected": 1,
                        }
                    ],
                }
            ],
            "min_group_size": 20,
            "bootstrap_samples": 1000,
            "confidence": 0.95,
            "seed": 20260101,
        }
    )

    period_from: date
    period_to: date
    population: int
    stages: list[StageRates]
    min_group_size: int
    bootstrap_samples: int = Field(description="posterior draws behind each impact ratio's interval")
    confidence: float
    seed: int
    refusals: list[RefusalTable] = Field(
        default_factory=list,
        description="refusal reasons (staff's rejections, employers' not hired) per group of each attribute",
    )


Profile = Mapping[str, str | None]


def _age(m: MonitoringAttributes | None) -> str | None:
    return m.age_band if m else None


def _sex(m: MonitoringAttributes | None) -> str | None:
    return m.sex if m else None


def _abroad(m: MonitoringAttributes | None) -> str | None:
    if m is None or m.born_abroad is None:
        return None
    return "born_abroad" if m.born_abroad else "born_in_sweden"


BASE: dict[str, Callable[[MonitoringAttributes | None], str | None]] = {
    "sex": _sex,
    "age_band": _age,
    "born_abroad": _abroad,
}
INTERSECTIONS = (("sex", "born_abroad"), ("sex", "age_band"), ("age_band", "born_abroad"))


def profiles(attrs: Mapping[int, MonitoringAttributes | None]) -> dict[int, dict[str, str | None]]:
    """Per seeker: each attribute and intersection as a group label, None where any part is unknown."""
    out: dict[int, dict[str, str | None]] = {}
    for seeker_id, m in attrs.items():
        row: dict[str, str | None] = {name: get(m) for name, get in BASE.items()}
        for a, b in INTERSECTIONS:
            va, vb = row[a], row[b]
            row[f"{a}×{b}"] = f"{va} & {vb}" if va is not None and vb is not None else None
        out[seeker_id] = row
    return out


def group_rates(
    labels: Iterable[str | None],
    selected: Iterable[bool],
    *,
    rng: np.random.Generator,
    samples: int = 1000,
    confidence: float = 0.95,
    min_group: int = MIN_GROUP,
) -> tuple[list[GroupRate], int, int]:
    """Rates per group with Wilson intervals; returns (groups, unknown n, unknown selected).

    The impact ratio's interval pairs each group's posterior draw with the reference group's draw of the
    same replicate.
    """
    counts: dict[str, list[int]] = {}
    unknown = [0, 0]
    for label, chosen in zip(labels, selected, strict=True):
        bucket = unknown if label is None else counts.setdefault(label, [0, 0])
        bucket[0] += 1
        bucket[1] += int(chosen)
    names = sorted(counts)
    if not names:
        return [], unknown[0], unknown[1]
    n = np.array([counts[g][0] for g in names])
    k = np.array([counts[g][1] for g in names])
    rate = k / n
    low, high = wilson(k, n, confidence)
    # Draws from each group's Jeffreys posterior, Beta(k + 1/2, n - k + 1/2): unlike resampling at the
    # observed rate, a group where nobody (or everybody) was selected still varies, so the ratio's
    # interval stays honestly wide at small n instead of collapsing to a point.
    draws = rng.beta(k[:, None] + 0.5, (n - k)[:, None] + 0.5, size=(len(names), samples))
    tail = (1 - confidence) / 2 * 100
    large = n >= min_group
    # The reference is the most selected group among those large enough to trust, if any are.
    pool = np.flatnonzero(large) if large.any() else np.arange(len(names))
    ref = int(pool[np.argmax(rate[pool])])
    groups = []
    for i, g in enumerate(names):
        ratio = ratio_low = ratio_high = None
        if rate[ref] > 0:
            ratio = float(rate[i] / rate[ref])
            with np.errstate(divide="ignore", invalid="ignore"):
                r = draws[i] / draws[ref]
            r = r[np.isfinite(r)]
            if r.size:
                ratio_low, ratio_high = (float(v) for v in np.percentile(r, [tail, 100 - tail]))
        groups.append(
            GroupRate(
                group=g,
                n=int(n[i]),
                selected=int(k[i]),
                rate=round(float(rate[i]), 4),
                ci_low=round(float(low[i]), 4),
                ci_high=round(float(high[i]), 4),
                impact_ratio=None if ratio is None else round(ratio, 4),
                ratio_ci_low=None if ratio_low is None else round(ratio_low, 4),
                ratio_ci_high=None if ratio_high is None else round(ratio_high, 4),
                # Flagged only where the page can flag it: not on a group too small to act on.
                below_four_fifths=None if ratio is None or not large[i] else ratio < FOUR_FIFTHS,
                small=not bool(large[i]),
                reference=i == ref,
            )
        )
    return groups, unknown[0], unknown[1]


def wilson(k: np.ndarray, n: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score intervals for k successes out of n (n ≥ 1): never 0–0 or 1–1, even at n = 1."""
    z = float(NormalDist().inv_cdf(1 - (1 - confidence) / 2))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min, tzinfo=UTC), datetime.combine(
        end + timedelta(days=1), time.min, tzinfo=UTC
    )


def stage_members(session: Session, start: date, end: date) -> dict[str, set[int]]:
    """Seeker ids reaching each stage in [start, end] (both days included)."""
    lo, hi = _bounds(start, end)
    shortlisted = session.exec(
        select(ShortlistEntry.seeker_id)
        .join(Shortlist, col(Shortlist.id) == col(ShortlistEntry.shortlist_id))
        .where(
            col(Shortlist.status).in_([ShortlistStatus.READY, ShortlistStatus.SUPERSEDED]),
            Shortlist.created_at >= lo,
            Shortlist.created_at < hi,
            ShortlistEntry.source == "engine",
            ShortlistEntry.rank <= TOP_K,
        )
    ).all()
    proposed = session.exec(
        select(Proposal.seeker_id).where(Proposal.created_at >= lo, Proposal.created_at < hi)
    ).all()
    hired = session.exec(
        select(Proposal.seeker_id).where(
            Proposal.status == ProposalStatus.HIRED, Proposal.created_at >= lo, Proposal.created_at < hi
        )
    ).all()
    placed = session.exec(
        select(Placement.seeker_id).where(Placement.start_date >= start, Placement.start_date <= end)
    ).all()
    return {"shortlisted": set(shortlisted), "proposed": set(proposed), "hired": set(hired) | set(placed)}


def fairness_report(
    session: Session,
    start: date,
    end: date,
    *,
    samples: int = 1000,
    seed: int = 20260101,
    confidence: float = 0.95,
) -> FairnessReport:
    population = session.exec(
        select(JobSeeker.id).where(
            JobSeeker.consent == ConsentStatus.GIVEN,
            col(JobSeeker.merged_into_id).is_(None),  # a merged record is counted as its survivor
            or_(col(JobSeeker.registered_at).is_(None), col(JobSeeker.registered_at) <= end),
        )
    ).all()
    ids = sorted(int(i) for i in population if i is not None)
    attrs: dict[int, MonitoringAttributes | None] = dict.fromkeys(ids)
    for m in session.exec(
        select(MonitoringAttributes).where(col(MonitoringAttributes.seeker_id).in_(ids))
    ).all():
        attrs[m.seeker_id] = m
    labels = profiles(attrs)
    members = stage_members(session, start, end)
    rng = np.random.default_rng(seed)
    stages = []
    attribute_names = [*BASE, *(f"{a}×{b}" for a, b in INTERSECTIONS)]
    for stage, label in STAGES.items():
        chosen = [i in members[stage] for i in ids]
        rows = []
        for attribute in attribute_names:
            groups, unknown_n, unknown_sel = group_rates(
                [labels[i][attribute] for i in ids], chosen, rng=rng, samples=samples, confidence=confidence
            )
            rows.append(
                AttributeRates(
                    attribute=attribute, groups=groups, unknown_n=unknown_n, unknown_selected=unknown_sel
                )
            )
        stages.append(StageRates(stage=stage, label=label, selected=sum(chosen), attributes=rows))
    lo, hi = _bounds(start, end)
    refusals = refusal_tables(refusal_events(session, lo, hi, set(ids)), labels, list(BASE), MIN_GROUP)
    return FairnessReport(
        refusals=refusals,
        period_from=start,
        period_to=end,
        population=len(ids),
        stages=stages,
        min_group_size=MIN_GROUP,
        bootstrap_samples=samples,
        confidence=confidence,
        seed=seed,
    )
