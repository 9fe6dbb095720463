"""Searching the whole taxonomy for an occupation, for the placement forms and the API.

One index per process over the default taxonomy (``matcher.text.occupation_search``), with the
hand-checked titles as people write them so that an alias that found an occupation is shown with its
diacritics ("Lokalvårdare", not "lokalvardare").
"""

from functools import lru_cache

from matcher import default_taxonomy
from matcher.text.occupation_search import OccupationHit, OccupationSearch
from matcher.text.taxonomy import DEFAULT_PATH
from matcher.text.titles import title_words
from service.occupations.title_suggest import written_titles


@lru_cache(maxsize=1)
def _index() -> OccupationSearch:
    displays = {" ".join(title_words(display)): display for display, _ in written_titles(DEFAULT_PATH)}
    return OccupationSearch(default_taxonomy(), displays=displays)


def search_occupations(q: str, limit: int = 10) -> list[OccupationHit]:
    """Occupations of the whole taxonomy for what was typed, best first (exact, prefix, word, compound
    part, then the title normaliser's readings); each occupation once."""
    return _index().search(q, limit)


def occupation_summary(occupation_id: str | None) -> OccupationHit | None:
    """The occupation as the forms show it (label and SSYK-4 group), or None for none or an unknown id."""
    if not occupation_id:
        return None
    taxonomy = default_taxonomy()
    occupation = taxonomy.occupation(occupation_id)
    if occupation is None:
        return None
    group = taxonomy.group(occupation.ssyk4)
    return OccupationHit(
        occupation.id, occupation.label, occupation.ssyk4, group.label if group else "", None, 1.0
    )
