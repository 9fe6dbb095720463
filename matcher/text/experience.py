"""A seeker's experience as people type it → structured occupation evidence.

"sjukhusstadare", "underskoterska pa sjukhus", "jobbat som städare", "Refuse truck driver": each title
is read by the title normaliser (``matcher.text.titles``: aliases, stems, compounds, English forms,
misspellings) after the framing words learners and forms add are taken off ("jobbat som", "worked as",
"erfaren"), and a place after a preposition is tried as the first part of a Swedish compound
("städare på sjukhus" → "sjukhusstädare"). The answer is one occupation with the normaliser's confidence
and the words that gave it, so that reasons can name the occupation and staff can still see what the
person wrote. Free text is read for "som <title>" / "as <title>" phrases the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from matcher.text.patterns import extract_years
from matcher.text.taxonomy import Occupation, Taxonomy, default_taxonomy
from matcher.text.title_vocabulary import vocabulary_digest
from matcher.text.titles import TitleNormaliser, title_words

# Bump when the reading changes: stored evidence of another version is read again (``reader_version``).
READER_VERSION = "1"
# Below this the normaliser guesses; ranking reads titles from the same threshold
# (``matcher.rank.profile_arrays.MIN_TITLE_CONFIDENCE``).
MIN_CONFIDENCE = 0.8
# Trust in a compound read by its head alone, and in a title one edit from a known one.
COMPOUND_HEAD, NEAR_SPELLING = 0.85, 0.86
# A compound's head or a misspelt word must be this long to name a trade ("städare", not "are").
MIN_HEAD = 6
# Framing words before the title proper (folded): learner Swedish, forms and CVs, English.
LEAD_WORDS = frozenset(
    {
        "jag",
        "har",
        "hade",
        "var",
        "ar",
        "jobbat",
        "jobbade",
        "jobba",
        "jobbar",
        "arbetat",
        "arbetade",
        "arbeta",
        "arbetar",
        "som",
        "en",
        "ett",
        "erfaren",
        "erfarenhet",
        "tidigare",
        "fd",
        "f.d",
        "forra",
        "vikarie",
        "vikarierande",
        "timanstalld",
        "i",
        "worked",
        "work",
        "working",
        "as",
        "a",
        "an",
        "the",
        "experienced",
        "former",
        "previously",
        "was",
        "am",
    }
)
# A preposition starts the workplace or context ("på sjukhus", "inom hemtjänsten", "at a hospital").
PLACE_WORDS = frozenset({"pa", "i", "inom", "vid", "hos", "at", "in", "for", "on", "med", "with"})
# A short tail that is only a period or extent ("i 3 år", "heltid"), never a title.
_TITLE = (
    r"(?P<title>[^\W\d_][\w/-]*(?:\s+(?!och\b|and\b|i\b|in\b|pa\b|på\b|for\b|för\b)[^\W\d_][\w/-]*){0,2})"
)
_FRAMES = (
    re.compile(
        r"\b(?:som|as|var|was|am|är|ar|previously|experienced|erfarenhet|erfaren)\s+" + _TITLE, re.IGNORECASE
    ),
    re.compile(r"^\s*" + _TITLE + r"\s*[,(]", re.MULTILINE),  # "stenmontor, 7 år": a CV line
)


@dataclass(frozen=True, slots=True)
class OccupationEvidence:
    """One occupation read from what a person typed."""

    occupation_id: str
    label: str
    confidence: float  # the title normaliser's trust in the reading, 0.8-1.0
    typed: str  # the words as typed that gave it ("sjukhusstadare")
    source: str  # "title" (an experience title) or "text" (a phrase in the free text)
    years: float | None = None  # for a phrase in the text: the years its sentence states, if any


@lru_cache(maxsize=4)
def _normaliser(taxonomy: Taxonomy) -> TitleNormaliser:
    return TitleNormaliser(taxonomy)


def reader_version(taxonomy: Taxonomy | None = None) -> str:
    """Identifies what ``read_title`` reads with: this module's rules, the hand-written title vocabulary
    and the taxonomy."""
    return f"{READER_VERSION}:{vocabulary_digest()}:{(taxonomy or default_taxonomy()).version}"


def read_title(
    title: str, taxonomy: Taxonomy | None = None, *, phrase_spelling: bool = True
) -> OccupationEvidence | None:
    """The occupation one experience title names, or None when no reading reaches ``MIN_CONFIDENCE``.

    ``phrase_spelling=False`` looks for misspellings in single words only: a phrase cut out of free text
    is mostly other words, and matching it loosely against every title costs ten times the reading."""
    taxonomy = taxonomy or default_taxonomy()
    found = _read(title.strip()[:200], taxonomy, phrase_spelling)
    if found is None:
        return None
    oid, score, typed = found
    occ = taxonomy.occupation(oid)
    if occ is None:
        return None
    return OccupationEvidence(occ.id, occ.label, round(score, 3), typed, "title")


def read_text(text: str, taxonomy: Taxonomy | None = None) -> list[OccupationEvidence]:
    """Occupations the free text names as the person's own ("jobbat som stadare", "worked as a cook")."""
    out: dict[str, OccupationEvidence] = {}
    for m in (m for frame in _FRAMES for m in frame.finditer(text[:20_000])):
        found = read_title(m.group("title"), taxonomy, phrase_spelling=False)
        if found is not None and found.occupation_id not in out:
            sentence = re.split(r"[.!?\n]", text[m.start() : m.start() + 120])[0]
            out[found.occupation_id] = OccupationEvidence(
                found.occupation_id,
                found.label,
                found.confidence,
                found.typed,
                "text",
                extract_years(sentence),
            )
    return list(out.values())


@lru_cache(maxsize=50_000)
def _read(title: str, taxonomy: Taxonomy, phrase_spelling: bool) -> tuple[str, float, str] | None:
    normaliser = _normaliser(taxonomy)
    words = title_words(title)
    typed_words = _typed_words(title, len(words))
    start = 0
    while start < len(words) - 1 and words[start] in LEAD_WORDS:
        start += 1
    cut = next((k for k in range(start + 1, len(words)) if words[k] in PLACE_WORDS), len(words))
    core, place = words[start:cut], [w for w in words[cut + 1 :] if w not in LEAD_WORDS]
    # (folded key, span of the typed words it came from, trust factor), most faithful first.
    tries: list[tuple[str, tuple[int, int], float]] = [(" ".join(words), (0, len(words)), 1.0)]
    if core and (start, cut) != (0, len(words)):
        tries.append((" ".join(core), (start, cut), 1.0))
    if core and place:
        # "städare på sjukhus" is a "sjukhusstädare": the place as the first part of the compound.
        tries.append(("".join([*place[-1:], core[-1]]), (start, len(words)), 1.0))
    for k in range(len(core) - 1, 0, -1):
        # "stadare kontor", "truckförare lager": a title followed by where or what, without a preposition.
        tries.append((" ".join(core[:k]), (start, start + k), 0.97))
    best: tuple[str, float, str] | None = None
    for key, (a, b), trust in tries:
        found = _reading(normaliser, key, phrase_spelling or " " not in key)
        if found is None:
            continue
        oid, score = found
        # A more specific reading (the compound with its place) wins a tie with the plain title.
        if best is None or score * trust >= best[1]:
            best = (oid, score * trust, " ".join(typed_words[a:b]) or title)
    return best


def _reading(normaliser: TitleNormaliser, key: str, spelling: bool) -> tuple[str, float] | None:
    """The one occupation a folded title names with at least ``MIN_CONFIDENCE``, else None."""
    hits = normaliser.normalise(key, 4, fuzzy=spelling)
    top = hits[0][1] if hits else 0.0
    tied = [occ for occ, s in hits if s >= top - 1e-9]
    if hits and top >= MIN_CONFIDENCE and len(tied) <= 3:
        return _plainest(tied, key).id, top
    if len(tied) > 3:
        return None  # a generic word ("montör") names too many occupations to be evidence
    # What the normaliser trusts too little: a compound whose head is a known title ("skolstädare"),
    # and a misspelling one or two letters from a title ("svetsere", "bilmekanikker").
    if " " not in key:
        head = _compound_head(normaliser, key)
        if head is not None:
            return head
    return _near_spelling(normaliser, key) if spelling else None


def _compound_head(normaliser: TitleNormaliser, word: str) -> tuple[str, float] | None:
    for cut in range(3, len(word) - MIN_HEAD + 1):
        oid = normaliser.aliases.get(word[cut:])
        if oid is not None and word[cut:] not in normaliser.generic:
            return oid, COMPOUND_HEAD
    return None


def _near_spelling(normaliser: TitleNormaliser, key: str) -> tuple[str, float] | None:
    """A title within one edit (two for long ones) of exactly one occupation's alias."""
    if len(key) < MIN_HEAD:
        return None
    limit = 1 if len(key) < 10 else 2
    pool = [k for n in range(len(key) - limit, len(key) + limit + 1) for k in normaliser.by_length(n)]
    hits = process.extract(key, pool, scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=6)
    targets = {normaliser.aliases[alias] for alias, _, _ in hits}
    if len(targets) != 1:
        return None
    distance = min(d for _, d, _ in hits)
    return targets.pop(), NEAR_SPELLING - 0.02 * distance


def _plainest(tied: list[Occupation], key: str) -> Occupation:
    """Among equally trusted readings, the one whose label starts with the typed title, else the shortest."""
    return min(tied, key=lambda o: (not " ".join(title_words(o.label)).startswith(key), len(o.label), o.id))


def _typed_words(title: str, n: int) -> list[str]:
    """The title's words as typed (case and diacritics kept), aligned with ``title_words``."""
    typed = re.findall(r"[^\W\d_]+(?:[-.][^\W\d_]+)*", title.replace("-", " "))
    return typed if len(typed) == n else []
