"""What a decision may say and when a seeker may be proposed: one set of rules for the API and the UI.

A reason code explains the decision it comes with, so a rejection cannot say "good fit" and a proposal
cannot say "lacks skills" (the ``fit_`` codes train the scorer as negatives, a contradiction would teach
it noise). A seeker is proposed for a placement once: while an earlier proposal is open or answered,
proposing again is refused (409) rather than silently ignored.
"""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from models import Proposal
from models.enums import Decision, ProposalStatus, ReasonCode
from service.platform.errors import BadInput, Conflict

_POSITIVE = frozenset({ReasonCode.GOOD_FIT, ReasonCode.SEEKER_INTERESTED})
_NEGATIVE = frozenset(
    {r for r in ReasonCode if r.value.startswith("fit_")}
    | {ReasonCode.NOT_ELIGIBLE, ReasonCode.SEEKER_DECLINED, ReasonCode.SEEKER_UNAVAILABLE}
)

ALLOWED_REASONS: dict[Decision, tuple[ReasonCode, ...]] = {
    Decision.PROPOSE: tuple(r for r in ReasonCode if r in _POSITIVE or r == ReasonCode.OTHER),
    # Holding is waiting for something: any reason may be what one waits on.
    Decision.HOLD: tuple(ReasonCode),
    Decision.REJECT: tuple(r for r in ReasonCode if r in _NEGATIVE or r == ReasonCode.OTHER),
}

# A proposal in one of these states stands: the person is (or was) with the supplier for this placement.
STANDING = (ProposalStatus.SENT, ProposalStatus.INTERVIEWED, ProposalStatus.HIRED, ProposalStatus.NOT_HIRED)


def check_reason(decision: Decision, reason_code: ReasonCode, comment: str = "") -> None:
    """BadInput (422, field ``reason_code``) when the reason does not explain this decision; (field
    ``comment``) when the reason is "other" and nothing says what it is: an unexplained "other" tells the
    audit trail and the next reviewer nothing."""
    if reason_code == ReasonCode.OTHER and not comment.strip():
        raise BadInput(
            "comment: the reason 'other' needs a comment saying what the reason is",
            errors=[{"field": "comment", "message": "required with reason_code 'other'"}],
        )
    if reason_code not in ALLOWED_REASONS[decision]:
        allowed = ", ".join(r.value for r in ALLOWED_REASONS[decision])
        raise BadInput(
            f"reason_code: {reason_code.value!r} does not explain the decision {decision.value!r}; "
            f"use one of {allowed}",
            errors=[{"field": "reason_code", "message": f"not a reason for {decision.value}"}],
        )


def proposal_states(
    session: Session, vacancy_id: int, seeker_ids: Iterable[int]
) -> dict[int, ProposalStatus]:
    """The state of each seeker's proposal for this vacancy (seekers never proposed are absent)."""
    ids = list(seeker_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(Proposal.seeker_id, Proposal.status).where(
            Proposal.vacancy_id == vacancy_id, col(Proposal.seeker_id).in_(ids)
        )
    ).all()
    return {int(seeker_id): ProposalStatus(status) for seeker_id, status in rows}


def check_not_proposed(session: Session, vacancy_id: int, seeker_id: int) -> None:
    """Conflict (409) when the seeker already has a standing proposal for this vacancy."""
    status = proposal_states(session, vacancy_id, [seeker_id]).get(seeker_id)
    if status in STANDING:
        raise Conflict(
            f"this job seeker has already been proposed for this vacancy (the proposal is {status}); "
            "a person is proposed once per placement",
            errors=[{"field": "decision", "message": f"already proposed ({status})"}],
        )
