"""Free text (Swedish or English) → taxonomy concepts with spans and confidence.

Handles Swedish inflection and compounds by matching snowball stems ("städaren", "lokalvårdarna",
"lagerarbete" ↔ "lagerarbetare"), missing diacritics by folding both sides, misspellings by a bounded
rapidfuzz look-up, SFI/CEFR levels, licence phrasing and the simplest negation ("har inte körkort").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

import Stemmer
from rapidfuzz import fuzz, process

from matcher.text.patterns import (
    AMBIGUOUS_PLACES,
    CEFR,
    CLAUSE_PUNCT,
    CODE,
    ENGLISH_LANGUAGES,
    EXTRA_SV_LANGUAGES,
    LICENCE_AFTER,
    LICENCE_BEFORE,
    LICENCE_PLAIN,
    MAX_NGRAM,
    NATIVE,
    NEGATORS,
    PLACE_AFTER,
    PLACE_BEFORE,
    SCOPE_BREAKS,
    SFI,
    SFI_RE,
    STOP,
    TRUCK,
    WORD,
    extract_years,
)
from matcher.text.taxonomy import Taxonomy, default_taxonomy, fold
from matcher.types import Concept, ConceptType

MAX_TEXT_CHARS = 20_000
__all__ = ["MAX_TEXT_CHARS", "Enricher", "TextTooLong", "default_enricher", "enrich", "extract_years"]


class TextTooLong(ValueError):
    """The text is over MAX_TEXT_CHARS characters."""


@dataclass(frozen=True, slots=True)
class _Entry:
    id: str
    type: ConceptType
    label: str


class _Token(NamedTuple):  # a tuple: made for every word of every text, so it has to be cheap
    start: int
    end: int
    lower: str
    folded: str


_fold_word = lru_cache(maxsize=100_000)(fold)


class Enricher:
    """Precompiled alias tables over one taxonomy; ``enrich`` is pure and deterministic."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._stemmer = Stemmer.Stemmer("swedish")
        self.exact: dict[str, _Entry] = {}
        self.stems: dict[str, _Entry] = {}
        # Title aliases already hold labels, label heads, hand-checked titles and term-list variants.
        for alias, oid in sorted(taxonomy.title_aliases.items()):
            occ = taxonomy.occupation(oid)
            if occ:
                self._add(alias, _Entry(occ.id, ConceptType.OCCUPATION, occ.label))
        for skill in sorted(taxonomy.skills(), key=lambda s: (len(s.label), s.id)):
            key = fold(skill.label)
            if len(key) >= 4 and key not in STOP:
                self._add(key, _Entry(skill.id, ConceptType.SKILL, skill.label))
        for code, label in [(lang.code, lang.label) for lang in taxonomy.languages()]:
            self._add(fold(label), _Entry(code, ConceptType.LANGUAGE, label), override=True)
        for name, code in {**ENGLISH_LANGUAGES, **EXTRA_SV_LANGUAGES}.items():
            lang = taxonomy.language(code)
            self._add(name, _Entry(code, ConceptType.LANGUAGE, lang.label if lang else name), override=True)
        # Places by lower-case name, then by folded name (the plain spelling wins: "habo" is Habo, not Håbo).
        self._places: dict[str, _Entry] = {}
        munis = sorted(taxonomy.municipalities(), key=lambda m: (fold(m.name) != m.name.lower(), m.code))
        for keyfn in (str.lower, fold):
            for m in munis:
                self._places.setdefault(keyfn(m.name), _Entry(m.code, ConceptType.MUNICIPALITY, m.name))
        self._max_place_tokens = max(len(k.split()) for k in self._places)
        self._place_first_words = frozenset(k.split()[0] for k in self._places) | frozenset(
            k.split()[0] + "s" for k in self._places
        )
        # Misspellings rarely change a word's length by more than one: bucket keys by length.
        self._fuzzy_keys: dict[int, list[str]] = {}
        for k in sorted(k for k in self.exact if " " not in k and len(k) >= 6):
            self._fuzzy_keys.setdefault(len(k), []).append(k)
        # A phrase of n > 1 words can only be an exact key; its first word must begin such a key.
        self._phrase_heads = frozenset(k.split(" ", 1)[0] for k in self.exact if " " in k)
        self._single: dict[str, tuple[_Entry, float] | None] = {}  # ``_match`` of one word, remembered

    def _add(self, key: str, entry: _Entry, *, override: bool = False) -> None:
        if not key:
            return
        if override or key not in self.exact:
            self.exact[key] = entry
        if " " not in key and len(key) >= 5:
            stem = self._stemmer.stemWord(key)
            if override or stem not in self.stems:
                self.stems[stem] = entry

    def enrich(self, text: str) -> list[Concept]:
        if len(text) > MAX_TEXT_CHARS:
            raise TextTooLong(
                f"text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS} characters "
                "(split it or shorten it)"
            )
        if not text.strip():
            return []
        tokens = []
        for m in WORD.finditer(text):
            w = m.group().lower()
            tokens.append(_Token(*m.span(), w, _fold_word(w)))
        # Phrases (n > 1) are looked at only where a phrase key can begin; every other window of n words
        # cannot be an exact key, and no other look-up applies to phrases.
        heads = [i for i, t in enumerate(tokens) if t.folded.split(" ", 1)[0] in self._phrase_heads]
        found: list[Concept] = []
        taken: set[int] = set()
        for i, n, entry in self._places_in(text, tokens):
            span = (tokens[i].start, tokens[i + n - 1].end)
            found.append(
                Concept(entry.id, entry.type, entry.label, span, 0.9, self._negated(text, tokens, i))
            )
            taken.update(range(i, i + n))
        for n in range(MAX_NGRAM, 0, -1):
            last = len(tokens) - n
            for i in heads if n > 1 else range(last + 1):
                if i > last:
                    break
                if n == 1:
                    if i in taken:
                        continue
                    hit = self._match_word(tokens[i].folded)
                else:
                    if any(j in taken for j in range(i, i + n)):
                        continue
                    if tokens[i].folded in STOP or tokens[i + n - 1].folded in STOP:
                        continue
                    hit = self._match(" ".join(t.folded for t in tokens[i : i + n]), single=False)
                if hit is None:
                    continue
                entry, confidence = hit
                start, end = tokens[i].start, tokens[i + n - 1].end
                negated = self._negated(text, tokens, i)
                level = self._level_near(text, end) if entry.type == ConceptType.LANGUAGE else None
                found.append(
                    Concept(entry.id, entry.type, entry.label, (start, end), confidence, negated, level)
                )
                taken.update(range(i, i + n))
        found.extend(self._levels(text))
        found.extend(self._licences(text, tokens))
        return _dedupe(found)

    def _places_in(self, text: str, tokens: list[_Token]) -> list[tuple[int, int, _Entry]]:
        out: list[tuple[int, int, _Entry]] = []
        i = 0
        while i < len(tokens):
            if (
                tokens[i].lower not in self._place_first_words
                and tokens[i].folded not in self._place_first_words
            ):
                i += 1
                continue
            for n in range(min(self._max_place_tokens, len(tokens) - i), 0, -1):
                words = [t.lower for t in tokens[i : i + n]]
                after = tokens[i + n].lower if i + n < len(tokens) else ""
                key = " ".join(words)
                entry = self._places.get(key) or self._places.get(fold(key))
                if entry is None and after in PLACE_AFTER and key.endswith("s"):  # "Göteborgs stad"
                    entry = self._places.get(key[:-1]) or self._places.get(fold(key[:-1]))
                if entry is None:
                    continue
                before = tokens[i - 1].lower if i else ""
                context = before in PLACE_BEFORE or after in PLACE_AFTER
                capitalised = text[tokens[i].start].isupper()
                if context or (capitalised and fold(key) not in AMBIGUOUS_PLACES):
                    out.append((i, n, entry))
                    i += n - 1
                    break
            i += 1
        return out

    @staticmethod
    def _negated(text: str, tokens: list[_Token], i: int) -> bool:
        for j in range(i - 1, max(-1, i - 4), -1):
            if tokens[j].lower in SCOPE_BREAKS or CLAUSE_PUNCT.search(
                text, tokens[j].end, tokens[j + 1].start
            ):
                return False
            if tokens[j].lower in NEGATORS:
                return True
        return False

    def _match_word(self, key: str) -> tuple[_Entry, float] | None:
        try:
            return self._single[key]
        except KeyError:
            pass
        if len(self._single) >= 200_000:
            self._single.clear()
        hit = self._single[key] = self._match(key, single=True)
        return hit

    def _match(self, key: str, *, single: bool) -> tuple[_Entry, float] | None:
        if key in STOP:
            return None
        entry = self.exact.get(key)
        if entry is not None:
            return entry, 0.95
        if not single or len(key) < 5:
            return None
        stemmed = self._stem_lookup(key)
        if stemmed is not None:
            return stemmed, 0.85
        return self._fuzzy(key)

    @lru_cache(maxsize=200_000)  # noqa: B019  (one Enricher per taxonomy, kept for the process)
    def _stem_lookup(self, key: str) -> _Entry | None:
        stem = self._stemmer.stemWord(key)
        entry = self.stems.get(stem)
        if entry is not None:
            return entry
        # Compounds: "lagerarbete" ends in a known stem ("arbet") only counts when the head is long enough.
        for cut in range(2, len(stem) - 4):
            tail = stem[cut:]
            if len(tail) >= 6 and tail in self.stems and self.stems[tail].type == ConceptType.OCCUPATION:
                return self.stems[tail]
        return None

    @lru_cache(maxsize=200_000)  # noqa: B019
    def _fuzzy(self, key: str) -> tuple[_Entry, float] | None:
        if len(key) < 7:
            return None
        pool = [k for n in (len(key) - 1, len(key), len(key) + 1) for k in self._fuzzy_keys.get(n, [])]
        best = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=88)
        if best is None:
            return None
        return self.exact[best[0]], round(best[1] / 100 * 0.8, 3)

    def _level_near(self, text: str, end: int) -> str | None:
        # Only up to the next list separator: "svenska B1, arabiska modersmål" gives each its own level.
        window = re.split(r"[,.;\n]| och | and ", text[end : end + 30])[0]
        if NATIVE.search(window):
            return "native"
        if m := CEFR.search(window):
            return m.group(1)
        if m := SFI_RE.search(window):
            return SFI[m.group(1).lower()]
        before = re.split(r"[,.;\n]", text[max(0, end - 30) : end])[-1]
        return "native" if NATIVE.search(before) else None

    def _levels(self, text: str) -> list[Concept]:
        out = [
            Concept(m.group(1), ConceptType.LANGUAGE_LEVEL, m.group(1), m.span(1), 0.9)
            for m in CEFR.finditer(text)
        ]
        for m in SFI_RE.finditer(text):
            level = SFI[m.group(1).lower()]
            out.append(
                Concept(level, ConceptType.LANGUAGE_LEVEL, f"SFI {m.group(1).upper()}", m.span(), 0.85)
            )
        return out

    def _licences(self, text: str, tokens: list[_Token]) -> list[Concept]:
        out: list[Concept] = []
        starts = {t.start: k for k, t in enumerate(tokens)}

        def negated(pos: int) -> bool:
            k = starts.get(pos)
            if k is None:  # a match that starts inside a word
                k = next((k for k, t in enumerate(tokens) if t.start >= pos), len(tokens))
            return k < len(tokens) and self._negated(text, tokens, k)

        spans: list[tuple[int, int]] = []
        for rx in (LICENCE_BEFORE, LICENCE_AFTER):
            for m in rx.finditer(text):
                codes = re.findall(rf"(?<![A-Za-z0-9]){CODE}(?![A-Za-z0-9])", m.group(1), re.I)
                # A lower-case lone letter is a word ("a licence"), not a category, unless hyphenated.
                if m.group(1).islower() and len(m.group(1)) == 1 and "-" not in m.group(0):
                    continue
                for code in dict.fromkeys(c.upper() for c in codes):
                    out.append(self._licence(code, m.span(), 0.95, negated(m.start())))
                spans.append(m.span())
        for m in TRUCK.finditer(text):
            classes = re.findall(r"[A-D]", (m.group(1) or "").upper()) or ["B"]
            span = (m.start(), m.start() + len(m.group().rstrip()))
            for cls in dict.fromkeys(classes):
                out.append(self._licence(f"TRUCK_{cls}", span, 0.9, negated(m.start())))
            spans.append(span)
        for m in LICENCE_PLAIN.finditer(text):
            if not any(s <= m.start() < e for s, e in spans):
                out.append(self._licence("B", m.span(), 0.7, negated(m.start())))
        return out

    def _licence(self, code: str, span: tuple[int, int], confidence: float, negated: bool) -> Concept:
        lic = self.taxonomy.licence(code)
        return Concept(code, ConceptType.LICENCE, lic.label if lic else code, span, confidence, negated)


def _dedupe(concepts: list[Concept]) -> list[Concept]:
    seen: set[tuple[str, str, tuple[int, int]]] = set()
    out = []
    for c in sorted(concepts, key=lambda c: (c.span[0], -c.span[1], c.type.value, c.id)):
        key = (c.type.value, c.id, c.span)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


@cache
def default_enricher() -> Enricher:
    return Enricher(default_taxonomy())


def enrich(text: str) -> list[Concept]:
    """Concepts in ``text`` using the default taxonomy (see Enricher.enrich)."""
    return default_enricher().enrich(text)
