"""Consent is checked where data leaves: a person who has not consented (or withdrew) is on no list and
in no proposal, and nothing more is decided, answered or placed about them (409)."""

from typing import Any

from sqlmodel import col

from models import JobSeeker
from models.enums import ConsentStatus
from service.platform.errors import Conflict

WITHDRAWN_MESSAGE = (
    "the job seeker has not consented to matching (or has withdrawn consent); nothing more can be done "
    "with this candidate until consent is given again"
)


def consenting() -> Any:
    """The SQL condition for a query joined to ``JobSeeker``: only people who consented."""
    return col(JobSeeker.consent) == ConsentStatus.GIVEN


class ConsentMissing(Conflict):
    """The person has not consented to matching (or withdrew): nothing more is done about them."""


def require_consent(seeker: JobSeeker | None) -> None:
    """409 (``ConsentMissing``) unless the person has consented to matching; 409 on a merged record too
    (what is done about the person is done on the survivor)."""
    if seeker is not None and seeker.merged_into_id is not None:
        raise Conflict(
            f"job seeker {seeker.id} was merged into job seeker {seeker.merged_into_id}; act on that record"
        )
    if seeker is None or seeker.consent != ConsentStatus.GIVEN:
        raise ConsentMissing(WITHDRAWN_MESSAGE)
