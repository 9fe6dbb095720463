"""What a recomputed shortlist changed, and whether a list is stale.

A list is *stale* when the placement changed after it was ranked (``Shortlist.vacancy_version`` is not
``Vacancy.version``, see ``service.engine.placement_version``). A recomputed list is compared with the
one it replaced (the latest SUPERSEDED list of the vacancy, kept for the audit trail and the fairness
report): each row is *new*, *moved* (from its previous rank) or *same*, and the people who left the
list are *dropped*, shown with the decisions already made on them, which stay stored whatever the list.
"""

from dataclasses import dataclass, field
from typing import Literal

from sqlmodel import Session, col, select

from models import Shortlist, ShortlistEntry, Vacancy
from models.enums import ShortlistStatus

Change = Literal["new", "moved", "same"]


@dataclass(frozen=True)
class ListChanges:
    """The current list against the one it replaced (nothing when it replaced none)."""

    previous_id: int | None = None
    previous_ranks: dict[int, int] = field(default_factory=dict)  # seeker id → rank on the previous list
    dropped: dict[int, int] = field(default_factory=dict)  # seeker id → previous rank, not on this list

    def of(self, seeker_id: int, rank: int) -> tuple[Change | None, int | None]:
        """The row's change and its previous rank (``None, None`` when there is no previous list)."""
        if self.previous_id is None:
            return None, None
        before = self.previous_ranks.get(seeker_id)
        if before is None:
            return "new", None
        return ("same" if before == rank else "moved"), before


def is_stale(shortlist: Shortlist, vacancy: Vacancy) -> bool:
    """Whether the placement changed after the list was ranked."""
    return shortlist.vacancy_version != vacancy.version


def list_changes(session: Session, shortlist: Shortlist) -> ListChanges:
    """The current list against the latest list of the same vacancy it replaced."""
    previous = session.exec(
        select(Shortlist.id)
        .where(
            Shortlist.vacancy_id == shortlist.vacancy_id,
            Shortlist.status == ShortlistStatus.SUPERSEDED,
            col(Shortlist.id) < shortlist.id,
        )
        .order_by(col(Shortlist.id).desc())
    ).first()
    if previous is None:
        return ListChanges()
    before = dict(
        session.exec(
            select(ShortlistEntry.seeker_id, ShortlistEntry.rank).where(
                ShortlistEntry.shortlist_id == previous
            )
        ).all()
    )
    now = set(
        session.exec(
            select(ShortlistEntry.seeker_id).where(ShortlistEntry.shortlist_id == shortlist.id)
        ).all()
    )
    dropped = {seeker: rank for seeker, rank in before.items() if seeker not in now}
    return ListChanges(previous_id=previous, previous_ranks=before, dropped=dropped)
