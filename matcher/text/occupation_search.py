"""Search the whole taxonomy for an occupation: what a person types → occupations, best first.

The placement forms propose five occupations read from the ad; when none is right, a person searches.
People type the start of a title, a word of it, a part of a compound or a form the taxonomy does not
spell ("lokalvårdare", "sköterska", "stadare", "barnskötarna"), so every occupation label and every known
alias (label parts, hand-checked and term-list titles, misspellings, English titles: those of
``matcher.text.titles``) is matched, folded for case and diacritics, in this order of trust:

1. the whole of a label or alias,
2. its beginning,
3. the beginning of one of its words (every typed word must begin a word),
4. a part of a compound ("sköterska" in "undersköterska"),
5. what the title normaliser reads (inflections, compound heads, misspellings).

After the whole matches, those that keep the letters as typed come first, diacritics included
("städ" finds Byggstädare before Stadsarkivarie); within a rank a label beats an alias, and shorter
labels come first (the plain occupation before its specialisations); each occupation appears once, with
the alias that found it when that is not its label.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from matcher.text.taxonomy import Taxonomy
from matcher.text.titles import TitleNormaliser, title_words

# Below this many letters a compound part matches too much ("are" is in half the taxonomy).
MIN_INFIX_CHARS = 4
# The normaliser's readings below this are guesses, not what was typed.
MIN_NORMALISED = 0.8
# The score of ranks 1-4 for a match that keeps the typed letters, and for one that only matches folded;
# rank 5 scales the normaliser's own. Scores fall as the order does.
RANK_SCORE = (1.0, 0.95, 0.9, 0.8)
FOLDED_SCORE = (1.0, 0.75, 0.7, 0.65)
NORMALISED_SCALE = 0.6


@dataclass(frozen=True, slots=True)
class OccupationHit:
    occupation_id: str
    label: str
    ssyk4: str
    group_label: str  # the SSYK-4 group's label, shown with the occupation
    matched: str | None  # the alias that found it as people write it, when that is not the label
    score: float


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str  # folded words, space separated
    written: str  # lower case with diacritics, as far as known
    words: tuple[str, ...]
    display: str
    occupation_id: str
    is_label: bool


class OccupationSearch:
    """An index over one taxonomy's labels and aliases; ``search`` is pure and quick (a linear scan of a
    few thousand entries, fine for a typing user)."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        normaliser: TitleNormaliser | None = None,
        displays: Mapping[str, str] | None = None,
    ) -> None:
        """``displays`` maps folded aliases to how people write them ("lokalvardare" → "Lokalvårdare");
        the normaliser's aliases are folded, and an alias shown without its diacritics reads as a typo."""
        self.taxonomy = taxonomy
        self.normaliser = normaliser or TitleNormaliser(taxonomy)
        self.displays = dict(displays or {})
        entries: dict[tuple[str, str], _Entry] = {}
        for occ in taxonomy.occupations():
            key = " ".join(title_words(occ.label))
            if key:
                written = occ.label.lower()
                entries[(key, occ.id)] = _Entry(key, written, tuple(key.split()), occ.label, occ.id, True)
        for alias, oid in self.normaliser.aliases.items():
            if taxonomy.occupation(oid) is not None and (alias, oid) not in entries:
                display = self.displays.get(alias, "")
                written = display.lower() or alias
                entries[(alias, oid)] = _Entry(alias, written, tuple(alias.split()), display, oid, False)
        self._entries = tuple(entries.values())

    def search(self, q: str, limit: int = 10) -> list[OccupationHit]:
        """Up to ``limit`` occupations for what was typed, best first; [] for nothing typed."""
        key = " ".join(title_words(q))
        if not key or limit < 1:
            return []
        typed = key.split()
        as_typed = " ".join(q.lower().split())
        best: dict[str, tuple[tuple[int, int, int, int, int, str], _Entry | None, float]] = {}

        def offer(rank: int, entry: _Entry | None, oid: str, normalised: float = 0.0) -> None:
            occ = self.taxonomy.occupation(oid)
            if occ is None:
                return
            is_label = entry is None or entry.is_label
            faithful = entry is not None and as_typed in entry.written
            if rank == 5:
                score = round(NORMALISED_SCALE * normalised, 4)
            else:
                score = (RANK_SCORE if faithful else FOLDED_SCORE)[rank - 1]
            order = (
                min(rank, 2),  # a whole match first, then what keeps the typed letters, then by rank
                0 if faithful else 1,
                rank,
                0 if is_label else 1,
                len(occ.label),
                occ.label.lower(),
            )
            if oid not in best or order < best[oid][0]:
                best[oid] = (order, None if is_label else entry, score)

        for entry in self._entries:
            rank = _rank(key, typed, entry)
            if rank:
                offer(rank, entry, entry.occupation_id)
        for occ, score in self.normaliser.normalise(q, limit):
            if score >= MIN_NORMALISED:
                offer(5, None, occ.id, score)
        ranked = sorted(best.items(), key=lambda kv: kv[1][0])[:limit]
        return [self._hit(oid, entry, score) for oid, (_, entry, score) in ranked]

    def _hit(self, oid: str, entry: _Entry | None, score: float) -> OccupationHit:
        occ = self.taxonomy.occupation(oid)
        assert occ is not None  # offered only when known
        group = self.taxonomy.group(occ.ssyk4)
        matched = entry.display or None if entry is not None else None
        return OccupationHit(oid, occ.label, occ.ssyk4, group.label if group else "", matched, score)


def _rank(key: str, typed: list[str], entry: _Entry) -> int:
    """1-4 as in the module's list, 0 for no match."""
    if entry.key == key:
        return 1
    if entry.key.startswith(key):
        return 2
    if all(any(word.startswith(t) for word in entry.words) for t in typed):
        return 3
    if len(key) >= MIN_INFIX_CHARS and key in entry.key:
        return 4
    return 0
