"""A placement's version: counted up whenever anything the ranking reads of it changes.

Every save of a vacancy goes through ``service.engine.enrichment.enrich_vacancy`` (API, web forms, both
imports), which calls ``note_placement_change``: the digest of the fields below is compared with the
stored one, so a change made through any path is counted once, and a save that changes nothing (or only
the status) is not. A shortlist records the version it was ranked on (``Shortlist.vacancy_version``);
when the vacancy's version has moved on, it is stale.
"""

import hashlib
import json
from typing import Any

from models import Vacancy

# What ``service.engine.translate.to_vacancy_profile`` reads of the row (the requirement's target groups
# are the contract's, not the placement's; the status decides whether a list is computed at all).
PLACEMENT_FIELDS = (
    "title",
    "description",
    "occupation_id",
    "skills",
    "required_skills",
    "desired_skills",
    "swedish_level",
    "other_languages",
    "licences_required",
    "municipality_code",
    "latitude",
    "longitude",
    "start_date",
    "extent",
    "duration_months",
    "kind",
    "positions",
    "adaptations_possible",
)


def placement_digest(row: Vacancy) -> str:
    """A digest of what the ranking reads of the placement."""
    values: dict[str, Any] = {name: getattr(row, name) for name in PLACEMENT_FIELDS}
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def note_placement_change(row: Vacancy) -> bool:
    """Count the row's version up if the placement changed since its digest was stored (True then).

    A new row keeps version 1. A row saved before digests were stored has none: counted as changed,
    so that its list is at worst recomputed once for nothing, never left stale unseen.
    """
    digest = placement_digest(row)
    if row.placement_hash == digest:
        return False
    changed = row.id is not None
    if changed:
        row.version = (row.version or 1) + 1
    row.placement_hash = digest
    return changed
