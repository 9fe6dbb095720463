"""Changing a contract's matching actor: the people stay with the actor that worked with them.

Every person-level record of a contract (decisions, manual entries, proposals, placements) is read
through the requirement's ``matching_actor_id``. Moving the requirement to another actor would hand the
old actor's candidates, with their history, to the new one, and take that history from the old one. So
the move is refused (409, ``ActorChangeRefused``) while any such record exists, and otherwise allowed.
Shortlists the engine computed and nobody acted on are the old actor's pool ranked: they are dropped
with the move, and the new actor's lists are computed from its own pool.
"""

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from models import Placement, Proposal, ReviewDecision, Shortlist, ShortlistEntry, Vacancy
from service.platform.errors import Conflict

ACTION = (
    "they stay with the matching actor that worked with them. To hand the rest of the commitment to "
    "another matching actor, end this contract (set its end date) and register a new contract for the "
    "new actor; a contract can only change actor before anyone has been decided on, proposed or placed"
)


class ActorChangeRefused(Conflict):
    """The contract's matching actor cannot change: people have been decided on, proposed or placed."""


def _vacancy_ids(contract_id: int) -> object:
    return select(Vacancy.id).where(Vacancy.contract_id == contract_id)


def _entries(contract_id: int) -> object:
    return (
        select(ShortlistEntry.id)
        .join(Shortlist, col(Shortlist.id) == col(ShortlistEntry.shortlist_id))
        .where(col(Shortlist.vacancy_id).in_(_vacancy_ids(contract_id)))  # type: ignore[arg-type]
    )


def people_records(session: Session, contract_id: int) -> dict[str, int]:
    """How many person-level records the contract has, by kind (kinds with none left out)."""
    vacancies = _vacancy_ids(contract_id)
    counts = {
        "decisions": select(func.count(col(ReviewDecision.id))).where(
            col(ReviewDecision.entry_id).in_(_entries(contract_id))  # type: ignore[arg-type]
        ),
        "manual entries": select(func.count(col(ShortlistEntry.id))).where(
            col(ShortlistEntry.id).in_(_entries(contract_id)),  # type: ignore[arg-type]
            ShortlistEntry.source == "manual",
        ),
        "proposals": select(func.count(col(Proposal.id))).where(
            col(Proposal.vacancy_id).in_(vacancies)  # type: ignore[arg-type]
        ),
        "placements": select(func.count(col(Placement.id))).where(Placement.contract_id == contract_id),
    }
    found = {kind: int(session.exec(query).one()) for kind, query in counts.items()}  # type: ignore[call-overload]
    return {kind: n for kind, n in found.items() if n}


def change_actor(session: Session, contract_id: int) -> None:
    """Allow the contract's matching actor to change, or refuse it (409) while people would follow.

    Allowed: the engine's unreviewed shortlists of the contract's vacancies are dropped (their entries and
    carry-over state go with them), so nothing the old actor's pool produced reaches the new actor.
    """
    found = people_records(session, contract_id)
    if found:
        listed = ", ".join(f"{n} {kind}" for kind, n in found.items())
        raise ActorChangeRefused(
            f"requirement.matching_actor_id: the contract has {listed} about people; {ACTION}",
            errors=[
                {"field": "requirement.matching_actor_id", "message": "people have been matched already"}
            ],
        )
    session.exec(  # type: ignore[call-overload]
        delete(Shortlist).where(col(Shortlist.vacancy_id).in_(_vacancy_ids(contract_id)))  # type: ignore[arg-type]
    )
