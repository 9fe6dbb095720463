"""Free text (Swedish or English) → taxonomy concepts with spans and confidence.

Handles Swedish inflection and compounds by matching snowball stems ("städaren", "lokalvårdarna",
"lagerarbete" ↔ "lagerarbetare"), missing diacritics by folding both sides, misspellings by a bounded
rapidfuzz look-up, SFI/CEFR levels, licence phrasing and the simplest negation ("har inte körkort").
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

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
__all__ = [
    "MAX_TEXT_CHARS",
    "Enricher",
    "TextTooLong",
    "default_enricher",
    "enrich",
    "enrich_many",
    "extract_years",
]


class TextTooLong(ValueError):
    """The text is over MAX_TEXT_CHARS characters."""


@dataclass(frozen=True, slots=True)
class _Entry:
    id: str
    type: ConceptType
    label: str


_fold_word = lru_cache(maxsize=100_000)(fold)
# A licence is named only in text holding one of these (case as the licence patterns ignore it): most
# texts hold none, and the four licence patterns cost more than this one search.
_LICENCE_HINT = re.compile(r"kort|behörighet|licen|truck", re.IGNORECASE)
_LIST_END = re.compile(r"[,.;\n]| och | and ")
_CLAUSE_END = re.compile(r"[,.;\n]")


class _Word(NamedTuple):
    """What enrichment needs of one lower-case word, worked out once per distinct word."""

    folded: str
    head: bool  # a phrase key can begin with it
    place: bool  # a place name can begin with it
    hit: tuple[_Entry, float] | None  # the word on its own (``Enricher._match``)


class _Words:
    """The words of one text: parallel lists (a tuple per word cost more than finding the concepts), with
    positions read from the match objects only where a concept needs them."""

    __slots__ = ("found", "info", "lower", "text")

    def __init__(self, text: str, found: list[re.Match[str]], lower: list[str], info: list[_Word]) -> None:
        self.text, self.found, self.lower, self.info = text, found, lower, info

    def start(self, i: int) -> int:
        return self.found[i].start()

    def end(self, i: int) -> int:
        return self.found[i].end()

    def __len__(self) -> int:
        return len(self.lower)


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
        self._known: dict[str, _Word] = {}  # each lower-case word's ``_Word``, remembered

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
        words = self._words(text)
        info, n_words = words.info, len(words)
        folded = [w.folded for w in info]
        # Phrases (n > 1) are looked at only where a phrase key can begin; every other window of n words
        # cannot be an exact key, and no other look-up applies to phrases.
        heads = [i for i, w in enumerate(info) if w.head]
        found: list[Concept] = []
        taken: set[int] = set()
        for i, n, entry in self._places_in(words):
            span = (words.start(i), words.end(i + n - 1))
            found.append(Concept(entry.id, entry.type, entry.label, span, 0.9, self._negated(words, i)))
            taken.update(range(i, i + n))
        for n in range(MAX_NGRAM, 1, -1):
            last = n_words - n
            for i in heads:
                if i > last:
                    break
                if not taken.isdisjoint(range(i, i + n)):
                    continue
                if folded[i] in STOP or folded[i + n - 1] in STOP:
                    continue
                hit = self._match(" ".join(folded[i : i + n]), single=False)
                if hit is not None:
                    self._found(found, words, i, n, hit)
                    taken.update(range(i, i + n))
        for i, w in enumerate(info):
            if w.hit is not None and i not in taken:
                self._found(found, words, i, 1, w.hit)
        found.extend(self._levels(text))
        found.extend(self._licences(words))
        return _dedupe(found)

    def _found(self, found: list[Concept], words: _Words, i: int, n: int, hit: tuple[_Entry, float]) -> None:
        entry, confidence = hit
        start, end = words.start(i), words.end(i + n - 1)
        level = self._level_near(words.text, end) if entry.type == ConceptType.LANGUAGE else None
        negated = self._negated(words, i)
        found.append(Concept(entry.id, entry.type, entry.label, (start, end), confidence, negated, level))

    def _words(self, text: str) -> _Words:
        found = list(WORD.finditer(text))
        lower = [m.group().lower() for m in found]
        known = self._known
        info = [known.get(w) or self._learn(w) for w in lower]
        return _Words(text, found, lower, info)

    def _learn(self, lower: str) -> _Word:
        if len(self._known) >= 200_000:
            self._known.clear()
        folded = _fold_word(lower)
        word = self._known[lower] = _Word(
            folded,
            folded.split(" ", 1)[0] in self._phrase_heads,
            lower in self._place_first_words or folded in self._place_first_words,
            self._match_word(folded),
        )
        return word

    def _places_in(self, words: _Words) -> list[tuple[int, int, _Entry]]:
        out: list[tuple[int, int, _Entry]] = []
        lower, info, n_words = words.lower, words.info, len(words)
        i = 0
        while i < n_words:
            if not info[i].place:
                i += 1
                continue
            for n in range(min(self._max_place_tokens, n_words - i), 0, -1):
                after = lower[i + n] if i + n < n_words else ""
                key = " ".join(lower[i : i + n])
                entry = self._places.get(key) or self._places.get(fold(key))
                if entry is None and after in PLACE_AFTER and key.endswith("s"):  # "Göteborgs stad"
                    entry = self._places.get(key[:-1]) or self._places.get(fold(key[:-1]))
                if entry is None:
                    continue
                before = lower[i - 1] if i else ""
                context = before in PLACE_BEFORE or after in PLACE_AFTER
                capitalised = words.text[words.start(i)].isupper()
                if context or (capitalised and fold(key) not in AMBIGUOUS_PLACES):
                    out.append((i, n, entry))
                    i += n - 1
                    break
            i += 1
        return out

    @staticmethod
    def _negated(words: _Words, i: int) -> bool:
        lower, text = words.lower, words.text
        if NEGATORS.isdisjoint(lower[max(0, i - 3) : i]):
            return False  # no negator in reach: nothing to look at
        for j in range(i - 1, max(-1, i - 4), -1):
            if lower[j] in SCOPE_BREAKS or CLAUSE_PUNCT.search(text, words.end(j), words.start(j + 1)):
                return False
            if lower[j] in NEGATORS:
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
        window = _LIST_END.split(text[end : end + 30], maxsplit=1)[0]
        if NATIVE.search(window):
            return "native"
        if m := CEFR.search(window):
            return m.group(1)
        if m := SFI_RE.search(window):
            return SFI[m.group(1).lower()]
        before = _CLAUSE_END.split(text[max(0, end - 30) : end])[-1]
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

    def _licences(self, words: _Words) -> list[Concept]:
        out: list[Concept] = []
        text = words.text
        if _LICENCE_HINT.search(text) is None:
            return out
        starts = {m.start(): k for k, m in enumerate(words.found)}

        def negated(pos: int) -> bool:
            k = starts.get(pos)
            if k is None:  # a match that starts inside a word
                k = next((k for k, m in enumerate(words.found) if m.start() >= pos), len(words))
            return k < len(words) and self._negated(words, k)

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


# Below this many texts a second process costs more (its start, sending the concepts back) than it saves.
PARALLEL_MIN_TEXTS = 2_000

_Row = tuple[str, str, str, tuple[int, int], float, bool, str | None]


def enrich_many(texts: Sequence[str], processes: int = 1) -> list[list[Concept]]:
    """``[enrich(t) for t in texts]``, on up to ``processes`` processes (forked, so each starts with the
    tables already built); the same concepts, in the same order, and the first ``TextTooLong`` in text
    order raised. Where fork is not available, or for few texts, one process does all."""
    enricher = default_enricher()
    processes = min(processes, len(texts) // (PARALLEL_MIN_TEXTS // 2))
    if processes < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [enricher.enrich(t) for t in texts]
    # This process also turns the others' rows back into concepts: it takes a little less text.
    cuts = _balanced_cuts(texts, processes, first_share=0.9 / processes)
    context = multiprocessing.get_context("fork")
    children = []
    for a, b in itertools.pairwise(cuts[1:]):
        reader, writer = context.Pipe(duplex=False)
        child = context.Process(target=_enrich_part, args=(enricher, texts[a:b], writer), daemon=True)
        child.start()
        writer.close()
        children.append((child, reader))
    try:
        out = [enricher.enrich(t) for t in texts[: cuts[1]]]
        for child, reader in children:
            try:
                failure, rows = reader.recv()
            except EOFError:
                lost = "an enrichment process ended without its results (out of memory?)"
                raise RuntimeError(lost) from None
            child.join()
            if failure is not None:
                raise failure
            out += [[_concept(row) for row in concepts] for concepts in rows]
    finally:
        for child, reader in children:
            reader.close()
            if child.is_alive():
                child.kill()
                child.join()
    return out


def _balanced_cuts(texts: Sequence[str], parts: int, first_share: float) -> list[int]:
    """Where to cut ``texts`` into ``parts`` runs: the first of about ``first_share`` of the characters,
    the others of equal shares of the rest."""
    total = sum(len(t) for t in texts)
    rest = (1.0 - first_share) / max(1, parts - 1)
    bounds = [total * (first_share + rest * k) for k in range(parts - 1)]
    cuts, seen = [0], 0
    for i, t in enumerate(texts):
        while len(cuts) < parts and seen >= bounds[len(cuts) - 1] and i > cuts[-1]:
            cuts.append(i)
        seen += len(t)
    cuts += [len(texts)] * (parts + 1 - len(cuts))
    return cuts


def _enrich_part(enricher: Enricher, texts: Sequence[str], writer: Any) -> None:
    gc.freeze()  # the parent's objects stay unvisited: its pages are not copied into this process
    try:
        rows = [[_row(c) for c in enricher.enrich(t)] for t in texts]
    except Exception as exc:  # sent to be raised in the parent, as one process would have raised it
        writer.send((exc, None))
    else:
        # Plain tuples: pickling the dataclasses cost as much as finding them.
        writer.send((None, rows))
    finally:
        writer.close()


def _row(c: Concept) -> _Row:
    return (c.id, c.type.value, c.label, c.span, c.confidence, c.negated, c.level)


_TYPES = {t.value: t for t in ConceptType}


def _concept(row: _Row) -> Concept:
    return Concept(row[0], _TYPES[row[1]], row[2], row[3], row[4], row[5], row[6])
