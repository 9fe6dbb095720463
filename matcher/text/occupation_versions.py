"""Occupation concepts of another taxonomy version, placed in the taxonomy the engine was built on.

JobTech publishes new taxonomy versions: new occupations (Pedagogassistent, ST-läkare, Däckmontör …)
and new concept ids for labels we already have. Real ads carry those ids, and an import must never
refuse an ad for them. ``place_occupation`` tries, in order of trust:

1. ``known``: the id is one of ours;
2. ``label``: its label is one of our occupations' labels (case and diacritics aside): the same
   occupation under a new id;
3. ``group``: the SSYK-4 group the source gives with it (JobSearch ads carry ``occupation_group``
   with its legacy SSYK code): the occupation is unknown, its group is evidence;
4. ``text``: nothing to go on; the engine reads the occupation from the ad's headline and text.

Nothing here guesses across groups: a label found in another group than the source's wins (the
label is the occupation; groups get renumbered), and a group we do not know counts as none.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from matcher.text.taxonomy import Taxonomy, fold


class PlacedBy(StrEnum):
    """How an occupation concept of the source was placed in our taxonomy."""

    KNOWN = "known"
    LABEL = "label"
    GROUP = "group"
    TEXT = "text"


@dataclass(frozen=True)
class PlacedOccupation:
    """Our occupation id (None unless known or found by label) and SSYK-4 group (None if unknown)."""

    occupation_id: str | None
    ssyk4: str | None
    placed_by: PlacedBy


def place_occupation(
    taxonomy: Taxonomy,
    concept_id: str | None,
    label: str | None = None,
    group_code: str | None = None,
    group_label: str | None = None,
) -> PlacedOccupation:
    """Place one source occupation (id, label) and its SSYK-4 group (code, label) in ``taxonomy``."""
    if concept_id and (occ := taxonomy.occupation(concept_id)) is not None:
        return PlacedOccupation(occ.id, occ.ssyk4, PlacedBy.KNOWN)
    if concept_id and (occ := taxonomy.replacement(concept_id)) is not None:
        # A deprecated id whose replacement JobTech names: the same occupation under a new id, as below.
        return PlacedOccupation(occ.id, occ.ssyk4, PlacedBy.LABEL)
    if label and (occ := taxonomy.occupation_by_label(label)) is not None:
        return PlacedOccupation(occ.id, occ.ssyk4, PlacedBy.LABEL)
    group = _group(taxonomy, group_code, group_label)
    if group is not None:
        return PlacedOccupation(None, group, PlacedBy.GROUP)
    return PlacedOccupation(None, None, PlacedBy.TEXT)


def _group(taxonomy: Taxonomy, code: str | None, label: str | None) -> str | None:
    """An SSYK-4 code we know: by code, else by the group's label (folded)."""
    code = (code or "").strip()
    found = taxonomy.group(code) if code else None
    if found is not None and found.level == 4:
        return found.code
    if label:
        key = fold(label)
        for occ in taxonomy.occupations():
            group = taxonomy.group(occ.ssyk4)
            if group is not None and fold(group.label) == key:
                return group.code
    return None
