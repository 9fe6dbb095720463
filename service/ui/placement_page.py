"""The staff placement page's own parts: the whole ad, whether its list is stale and what a recomputed
list changed, and finding a person by name for a manual addition.

Finding by name or personal identity number reads identity data: each person found that way is audited
as an identity read (``via: manual-search``), as on the seekers page.
"""

from typing import Any

from sqlmodel import Session

from models import Shortlist, Vacancy
from models.enums import ConsentStatus
from service.platform.audit import record
from service.platform.principal import Principal
from service.seekers.search import search_seekers
from service.shortlists.changes import ListChanges, is_stale, list_changes
from service.shortlists.views import dropped_entries
from service.system.service import is_manual_mode
from service.ui import related_view
from service.ui.data import EntryView
from service.ui.profile_view import placement_details

MAX_FOUND = 10  # a name search lists at most this many; a narrower query finds the rest


def staff_context(
    session: Session,
    principal: Principal,
    vacancy: Vacancy,
    shortlist: Shortlist | None,
    entries: list[EntryView],
    find: str,
) -> dict[str, Any]:
    """What the staff template needs beyond the list itself."""
    changes = list_changes(session, shortlist) if shortlist is not None else ListChanges()
    dropped = dropped_entries(session, vacancy.id or 0, changes)
    kinds = [changes.of(e.seeker.id or 0, e.entry.rank)[0] for e in entries]
    return {
        "details": placement_details(vacancy),
        "stale": shortlist is not None and is_stale(shortlist, vacancy),
        "changes": changes,
        "change_counts": {"new": kinds.count("new"), "moved": kinds.count("moved"), "dropped": len(dropped)},
        "dropped": dropped,
        "find": find,
        "found": _find(session, principal, find) if find.strip() else None,
        # Said before anyone presses compute: in manual mode the engine ranks nothing.
        "manual_mode": is_manual_mode(session),
        "thin_related": related_view.related_for_shortlist_page(session, principal, vacancy, len(entries)),
    }


def _find(session: Session, principal: Principal, q: str) -> list[dict[str, str]]:
    """Consenting seekers of the caller's actor matching a name, personnummer or ref (identity audited)."""
    found = search_seekers(
        session, principal, q=q.strip()[:100], consent=ConsentStatus.GIVEN, limit=MAX_FOUND
    )
    for seeker_id in found.names:
        record(session, principal, "seeker.identity.read", "seeker", seeker_id, seeker_id=seeker_id,
               detail={"via": "manual-search"})  # fmt: skip
    record(session, principal, "seeker.list", "seeker", detail={"count": len(found.rows), "query": True})
    return [{"ref": s.ref, "name": found.names.get(s.id or 0, "")} for s in found.rows]
