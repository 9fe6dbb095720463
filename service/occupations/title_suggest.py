"""Occupation suggestions while a supplier types a title: real matches of what was typed first.

The taxonomy's fuzzy ranking alone answers a fragment like "lokalvår" with whatever scores near it
("Trollkarl", "VD"). People type the beginning of a title, so titles that begin with the fragment (or have
a word that does) come first, shortest first, each shown as the title people use ("Lokalvårdare") with its
taxonomy occupation ("Städare"); fuzzy matches only fill up when they are close (typos, missing
diacritics), never far below the best one.
"""

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matcher import Taxonomy
from matcher.text.taxonomy import DEFAULT_PATH, fold

FUZZY_FLOOR = 0.85  # below this a fuzzy match is noise for a typed title
FUZZY_BAND = 0.08  # and never further than this below the best fuzzy match
PER_OCCUPATION = 2  # at most this many titles of one occupation (inflections crowd the list otherwise)


@dataclass(frozen=True)
class TitleSuggestion:
    title: str  # what goes into the title field
    occupation_id: str
    occupation: str  # the taxonomy's label of the occupation
    ssyk4: str
    score: float


@lru_cache(maxsize=4)
def _titles(path: Path) -> tuple[tuple[str, str, str], ...]:
    """(folded, display, occupation id) for labels, their parts and hand-checked titles."""
    with gzip.open(path) as stream:
        data = json.loads(stream.read())
    seen: dict[str, tuple[str, str]] = {}
    for term, oid in data.get("curated_titles", {}).items():  # hand-checked: they win
        if oid in data["occupations"]:
            seen.setdefault(fold(term), (term[:1].upper() + term[1:], oid))
    for oid, occ in sorted(data["occupations"].items(), key=lambda kv: (len(kv[1]["label"]), kv[0])):
        label = occ["label"]
        for text in [label, *(part.split(",")[0].strip() for part in label.split("/"))]:
            seen.setdefault(fold(text), (text, oid))
    return tuple((key, display, oid) for key, (display, oid) in seen.items() if key)


def written_titles(path: Path) -> tuple[tuple[str, str], ...]:
    """(title as people write it, occupation id) for labels, their parts and hand-checked titles."""
    return tuple((display, oid) for _, display, oid in _titles(path))


def suggest_titles(
    taxonomy: Taxonomy, q: str, limit: int = 10, path: Path | None = None
) -> list[TitleSuggestion]:
    key = fold(q)
    if not key:
        return []
    titles = _titles(path or DEFAULT_PATH)
    hits: list[tuple[tuple[int, int, str], str, str]] = []
    for folded, display, oid in titles:
        if folded.startswith(key):
            rank = 0 if folded == key else 1
        elif any(word.startswith(key) for word in folded.replace("/", " ").replace("-", " ").split()[1:]):
            rank = 2
        else:
            continue
        hits.append(((rank, len(folded), folded), display, oid))
    hits.sort()
    out: list[TitleSuggestion] = []
    per_occupation: dict[str, int] = {}

    def add(title: str, oid: str, score: float) -> None:
        occupation = taxonomy.occupation(oid)
        if occupation is None or per_occupation.get(oid, 0) >= PER_OCCUPATION:
            return
        if any(s.title.lower() == title.lower() for s in out):
            return
        per_occupation[oid] = per_occupation.get(oid, 0) + 1
        out.append(TitleSuggestion(title, oid, occupation.label, occupation.ssyk4, round(score, 4)))

    for (rank, _, _), display, oid in hits:
        add(display, oid, 1.0 if rank == 0 else 0.99 - 0.01 * rank)
        if len(out) >= limit:
            return out
    fuzzy = taxonomy.suggest_occupations(q, limit)
    best = fuzzy[0][1] if fuzzy else 0.0
    for occupation, score in fuzzy:
        if score >= FUZZY_FLOOR and score >= best - FUZZY_BAND:
            add(occupation.label, occupation.id, min(score, 0.97))
        if len(out) >= limit:
            break
    return out
