"""Refusal reasons per protected group, for the fairness report (see ``service.reporting.fairness``).

Counts refusals (events, not people) in the period: staff's rejections and employers' "not hired", each
as a ``RefusalReason``. Only consenting seekers count (the report's population). A group with fewer than
``MIN_GROUP`` refusals is marked small: its shares are too uncertain to act on.
"""

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from models import Proposal, ReviewDecision, ShortlistEntry, SupplierFeedback
from models.base import with_examples
from models.enums import Decision, FeedbackOutcome, ReasonCode
from models.placement import STAFF_REFUSALS, RefusalReason

NO_CODE = "no_code"  # an employer's refusal from before reasons had codes: free text only
REASONS = [*(r.value for r in RefusalReason), NO_CODE]


class ReasonCount(BaseModel):
    reason: str = Field(description="a refusal reason code (GET /refusal-reasons), or no_code")
    count: int
    share: float | None = Field(
        description="count / the group's refusals; None for a small group (counts only, as on the page)"
    )


class RefusalGroup(BaseModel):
    group: str
    n: int = Field(description="refusals of people in this group")
    small: bool = Field(description="fewer refusals than min_group_size: too uncertain to act on")
    reasons: list[ReasonCount]


class RefusalAttribute(BaseModel):
    attribute: str
    groups: list[RefusalGroup]
    unknown_n: int = Field(description="refusals of people with no recorded value")


class RefusalTable(BaseModel):
    model_config = with_examples(
        {
            "source": "employer",
            "total": 34,
            "reasons": [{"reason": "no_licence", "count": 9, "share": 0.2647}],
            "attributes": [
                {
                    "attribute": "sex",
                    "groups": [
                        {
                            "group": "female",
                            "n": 21,
                            "small": False,
                            "reasons": [{"reason": "no_licence", "count": 7, "share": 0.3333}],
                        }
                    ],
                    "unknown_n": 2,
                }
            ],
        }
    )

    source: Literal["staff", "employer"]
    total: int
    reasons: list[ReasonCount] = Field(description="all groups together")
    attributes: list[RefusalAttribute]


def _counts(codes: list[str], *, with_shares: bool = True) -> list[ReasonCount]:
    tally = Counter(codes)
    n = len(codes)
    return [
        ReasonCount(reason=r, count=tally[r], share=round(tally[r] / n, 4) if n and with_shares else None)
        for r in REASONS
        if tally[r]
    ]


def refusal_events(
    session: Session, lo: datetime, hi: datetime, population: set[int]
) -> dict[str, list[tuple[int, str]]]:
    """(seeker id, reason) per refusal in [lo, hi), by source."""
    staff = session.exec(
        select(ShortlistEntry.seeker_id, ReviewDecision.reason_code)
        .join(ShortlistEntry, col(ShortlistEntry.id) == col(ReviewDecision.entry_id))
        .where(
            ReviewDecision.decision == Decision.REJECT,
            ReviewDecision.created_at >= lo,
            ReviewDecision.created_at < hi,
        )
    ).all()
    employer = session.exec(
        select(Proposal.seeker_id, SupplierFeedback.reason_code)
        .join(Proposal, col(Proposal.id) == col(SupplierFeedback.proposal_id))
        .where(
            SupplierFeedback.outcome == FeedbackOutcome.NOT_HIRED,
            SupplierFeedback.created_at >= lo,
            SupplierFeedback.created_at < hi,
        )
    ).all()
    known = {r.value for r in RefusalReason}
    return {
        "staff": [
            (int(s), STAFF_REFUSALS.get(ReasonCode(code), RefusalReason.OTHER).value)
            for s, code in staff
            if s in population
        ],
        "employer": [(int(s), code if code in known else NO_CODE) for s, code in employer if s in population],
    }


def refusal_tables(
    events: dict[str, list[tuple[int, str]]],
    labels: Mapping[int, Mapping[str, str | None]],
    attributes: list[str],
    min_group: int,
) -> list[RefusalTable]:
    """Per source: reason counts overall and per group of each attribute."""
    tables = []
    for source in ("staff", "employer"):
        rows = events[source]
        per_attribute = []
        for attribute in attributes:
            by_group: dict[str, list[str]] = {}
            unknown = 0
            for seeker_id, reason in rows:
                group = labels[seeker_id][attribute]
                if group is None:
                    unknown += 1
                else:
                    by_group.setdefault(group, []).append(reason)
            groups = [
                # As on the page: a small group's counts, never shares that look more certain than they are.
                RefusalGroup(
                    group=g,
                    n=len(codes),
                    small=len(codes) < min_group,
                    reasons=_counts(codes, with_shares=len(codes) >= min_group),
                )
                for g, codes in sorted(by_group.items())
            ]
            per_attribute.append(RefusalAttribute(attribute=attribute, groups=groups, unknown_n=unknown))
        tables.append(
            RefusalTable(
                source=source,  # type: ignore[arg-type]
                total=len(rows),
                reasons=_counts([r for _, r in rows]),
                attributes=per_attribute,
            )
        )
    return tables
