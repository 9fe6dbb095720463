"""Job titles as people and employers write them → taxonomy occupations with a confidence.

One title ("Barnsjuksköterskor", "lokalvårdare", "Svetsare MIG/MAG", "carpenter") goes through, in
order of trust: the alias table (labels, label parts, hand-checked and term-list titles), the Swedish
stem of the whole phrase (plurals, definite forms: "advokaterna" → "advokat"), the compound's head
("barnsjuksköterska" ends in "sjuksköterska"), then a bounded fuzzy look-up for misspellings.
Used for structured experience titles (``matcher.profile_arrays``) and vacancy headlines
(``matcher.occupation_model``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from rapidfuzz import fuzz, process

from matcher.taxonomy import Occupation, Taxonomy, fold

EXACT, STEM, COMPOUND = 1.0, 0.97, 0.9
# A compound's head must be long enough to name a trade on its own ("montör", not "are").
MIN_HEAD_CHARS = 6
_WORD = re.compile(r"[^\W\d_]+(?:[-.][^\W\d_]+)*", re.UNICODE)


def title_words(text: str) -> list[str]:
    """Folded words of a title, digits and punctuation dropped ("C#-utvecklare, 50%" → [...])."""
    return _WORD.findall(fold(text).replace("-", " "))


class TitleNormaliser:
    """Precompiled alias, stem and compound tables over one taxonomy; ``normalise`` is pure."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._stemmer = Stemmer.Stemmer("swedish")
        self.aliases: dict[str, str] = {}
        for alias, oid in taxonomy.title_aliases.items():
            key = " ".join(title_words(alias))
            if key:
                self.aliases.setdefault(key, oid)
        # Stemmed phrases: every word stemmed, so "sjuksköterskor inom psykiatrin" finds its label.
        self.stems: dict[str, str] = {}
        for alias, oid in self.aliases.items():
            self.stems.setdefault(self._stem_phrase(alias), oid)
        # Compound heads: one-word stems long enough to stand alone, longest first when looked up.
        self._heads = {s: oid for s, oid in self.stems.items() if " " not in s and len(s) >= MIN_HEAD_CHARS}
        self._keys = list(self.aliases)
        self._by_length: dict[int, list[str]] = {}
        for key in self._keys:
            self._by_length.setdefault(len(key), []).append(key)

    def _stem_phrase(self, phrase: str) -> str:
        return " ".join(self._stemmer.stemWords(phrase.split()))

    def normalise(self, title: str, limit: int = 5, *, fuzzy: bool = True) -> list[tuple[Occupation, float]]:
        """Up to ``limit`` occupations for one title, best first (ties by label)."""
        key = " ".join(title_words(title))
        if not key:
            return []
        scores = dict(self._lookup(key, fuzzy))
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        out = []
        for oid, score in ranked[:limit]:
            occ = self.taxonomy.occupation(oid)
            if occ is not None:
                out.append((occ, round(score, 4)))
        return out

    @lru_cache(maxsize=100_000)  # noqa: B019  (one normaliser per taxonomy, kept for the process)
    def _lookup(self, key: str, fuzzy: bool) -> tuple[tuple[str, float], ...]:
        scores: dict[str, float] = {}

        def add(oid: str, score: float) -> None:
            scores[oid] = max(scores.get(oid, 0.0), score)

        if key in self.aliases:
            add(self.aliases[key], EXACT)
        stem = self._stem_phrase(key)
        if stem in self.stems:
            add(self.stems[stem], STEM)
        head = self.compound_head(stem.split()[-1]) if stem else None
        if head is not None:
            # The head alone is a broader title: trusted less the more the modifier adds.
            oid, tail = head
            add(oid, COMPOUND * (0.9 + 0.1 * len(tail) / len(stem.split()[-1])))
        if fuzzy and not scores:
            for oid, score in self._fuzzy(key):
                add(oid, score)
        return tuple(scores.items())

    def compound_head(self, word_stem: str) -> tuple[str, str] | None:
        """(occupation id, head stem) when a stemmed word ends in a known one-word title's stem."""
        for cut in range(1, len(word_stem) - MIN_HEAD_CHARS + 1):
            tail = word_stem[cut:]
            if tail in self._heads:
                return self._heads[tail], tail
        return None

    def _fuzzy(self, key: str) -> list[tuple[str, float]]:
        """Misspellings: rapidfuzz over aliases of about the same length, blended as in suggestions."""
        if len(key) < 5:
            return []
        pool = [k for n in range(len(key) - 2, len(key) + 3) for k in self._by_length.get(n, [])]
        out: list[tuple[str, float]] = []
        for alias, score, _ in process.extract(key, pool, scorer=fuzz.ratio, limit=8, score_cutoff=70):
            out.append((self.aliases[alias], min(0.89, score / 100 * 0.9)))
        if not out:  # a longer phrase around a known title ("erfaren svetsare mig mag")
            for alias, score, _ in process.extract(
                key, self._keys, scorer=fuzz.token_set_ratio, limit=8, score_cutoff=80
            ):
                out.append((self.aliases[alias], min(0.85, score / 100 * 0.8)))
        return out
