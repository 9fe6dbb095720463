"""The supplier's proposed candidates for one placement, a page at a time (oldest first).

The same live, consenting, minimised rows as the API (``service.reviews.supplier_view``). After an answer
the page shown is the one holding the answered candidate, so the supplier lands where they were.
"""

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from models import Proposal
from service.reviews.schemas import ProposedCandidate
from service.reviews.supplier_view import candidate_view, live_proposals_query
from service.ui.paging import PAGE_SIZE, clamp, paging


def _count(session: Session, query: Any) -> int:
    return int(session.exec(select(func.count()).select_from(query.subquery())).one())


def supplier_proposals(
    session: Session, vacancy_id: int, page: int, answered: int | None = None
) -> tuple[list[tuple[Proposal, ProposedCandidate]], dict[str, Any]]:
    """One page of the placement's proposals and its paging (``_paging.html``)."""
    query = live_proposals_query(vacancy_id)
    total = _count(session, query)
    if answered is not None:
        page = _count(session, query.where(col(Proposal.id) < answered)) // PAGE_SIZE + 1
    page, offset = clamp(page, total)
    rows = session.exec(query.order_by(col(Proposal.id)).offset(offset).limit(PAGE_SIZE)).all()
    return [(p, candidate_view(p, s, ident, dist)) for p, s, ident, dist in rows], paging(total, page, {})
