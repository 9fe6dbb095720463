"""Free text (Swedish or English) → taxonomy concepts with spans and confidence.

Handles Swedish inflection and compounds by matching snowball stems ("städaren", "lokalvårdarna",
"lagerarbete" ↔ "lagerarbetare"), missing diacritics by folding both sides, misspellings by a bounded
rapidfuzz look-up, SFI/CEFR levels, licence phrasing and the simplest negation ("har inte körkort").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import Stemmer
from rapidfuzz import fuzz, process

from matcher.taxonomy import Taxonomy, default_taxonomy, fold
from matcher.types import Concept, ConceptType

MAX_TEXT_CHARS = 20_000
MAX_NGRAM = 4
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_NEGATORS = frozenset(
    {"inte", "ej", "saknar", "inget", "ingen", "utan", "no", "not", "without", "lacks", "lack"}
)
_STOP = frozenset(
    {
        "och",
        "att",
        "det",
        "som",
        "en",
        "ett",
        "i",
        "på",
        "med",
        "för",
        "av",
        "till",
        "har",
        "är",
        "jag",
        "the",
        "and",
        "a",
        "of",
        "in",
        "to",
        "work",
        "arbete",
        "jobb",
    }
)
_SFI = {"a": "A1", "b": "A2", "c": "A2", "d": "B1"}
ENGLISH_LANGUAGES = {
    "swedish": "sv",
    "english": "en",
    "arabic": "ar",
    "somali": "so",
    "tigrinya": "ti",
    "persian": "fa",
    "farsi": "fa",
    "dari": "prs",
    "polish": "pl",
    "ukrainian": "uk",
    "russian": "ru",
    "spanish": "es",
    "french": "fr",
    "german": "de",
    "turkish": "tr",
    "kurdish": "ku",
    "bosnian": "bs",
    "finnish": "fi",
}
EXTRA_SV_LANGUAGES = {"dari": "prs", "persiska": "fa", "farsi": "fa", "kurdiska": "ku", "tigrinja": "ti"}
_CEFR = re.compile(r"\b([ABC][12])\b")
_SFI_RE = re.compile(r"\bsfi\b\s*(?:kurs\s*)?([a-dA-D])\b", re.IGNORECASE)
_NATIVE = re.compile(r"modersm[åa]l|native|mother tongue|flytande|fluent", re.IGNORECASE)
_LICENCE_BEFORE = re.compile(
    r"\b(AM|A1|A2|BE|B|C1E|C1|CE|C|D1E|D1|DE|D)[- ]?(?:körkort|korkort|kort)\b", re.I
)
_LICENCE_AFTER = re.compile(
    r"\b(?:körkort|korkort)(?:\s+(?:klass|behörighet))?\s+(AM|A1|A2|BE|B|C1E|C1|CE|C|D1E|D1|DE|D)\b", re.I
)
_LICENCE_PLAIN = re.compile(r"\b(?:körkort|korkort|driving licen[cs]e|driver'?s licen[cs]e)\b", re.I)
_TRUCK = re.compile(r"\btruck(?:kort|körkort|licens)\s*((?:[A-D](?:\s*(?:\+|,|/|och|&)\s*)?)+)?", re.I)


class TextTooLong(ValueError):
    """The text is over MAX_TEXT_CHARS characters."""


@dataclass(frozen=True, slots=True)
class _Entry:
    id: str
    type: ConceptType
    label: str


class Enricher:
    """Precompiled alias tables over one taxonomy; ``enrich`` is pure and deterministic."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._stemmer = Stemmer.Stemmer("swedish")
        self.exact: dict[str, _Entry] = {}
        self.stems: dict[str, _Entry] = {}
        occs = sorted(taxonomy.occupations(), key=lambda o: (len(o.label), o.id))
        for alias, oid in sorted(taxonomy.title_aliases.items()):
            occ = taxonomy.occupation(oid)
            if occ:
                self._add(alias, _Entry(occ.id, ConceptType.OCCUPATION, occ.label))
        for occ in occs:
            head = fold(occ.label.split(",")[0].split("/")[0])
            self._add(head, _Entry(occ.id, ConceptType.OCCUPATION, occ.label))
        for skill in sorted(taxonomy.skills(), key=lambda s: (len(s.label), s.id)):
            key = fold(skill.label)
            if len(key) >= 4 and key not in _STOP:
                self._add(key, _Entry(skill.id, ConceptType.SKILL, skill.label))
        for code, label in [(lang.code, lang.label) for lang in taxonomy.languages()]:
            self._add(fold(label), _Entry(code, ConceptType.LANGUAGE, label), override=True)
        for name, code in {**ENGLISH_LANGUAGES, **EXTRA_SV_LANGUAGES}.items():
            lang = taxonomy.language(code)
            self._add(name, _Entry(code, ConceptType.LANGUAGE, lang.label if lang else name), override=True)
        self._municipalities = {fold(m.name): m for m in taxonomy.municipalities()}
        # Misspellings rarely change a word's length by more than one: bucket keys by length.
        self._fuzzy_keys: dict[int, list[str]] = {}
        for k in sorted(k for k in self.exact if " " not in k and len(k) >= 6):
            self._fuzzy_keys.setdefault(len(k), []).append(k)

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
            raise TextTooLong(f"text is {len(text)} characters; the limit is {MAX_TEXT_CHARS}")
        if not text.strip():
            return []
        tokens = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
        found: list[Concept] = []
        taken: set[int] = set()
        for n in range(MAX_NGRAM, 0, -1):
            for i in range(len(tokens) - n + 1):
                if any(j in taken for j in range(i, i + n)):
                    continue
                if n > 1 and (tokens[i][2] in _STOP or tokens[i + n - 1][2] in _STOP):
                    continue
                hit = self._match(
                    " ".join(t[2] for t in tokens[i : i + n]),
                    single=n == 1,
                    original=text[tokens[i][0] : tokens[i][1]],
                )
                if hit is None:
                    continue
                entry, confidence = hit
                start, end = tokens[i][0], tokens[i + n - 1][1]
                negated = any(t[2] in _NEGATORS for t in tokens[max(0, i - 3) : i])
                level = self._level_near(text, end) if entry.type == ConceptType.LANGUAGE else None
                found.append(
                    Concept(entry.id, entry.type, entry.label, (start, end), confidence, negated, level)
                )
                taken.update(range(i, i + n))
        found.extend(self._levels(text))
        found.extend(self._licences(text, tokens))
        return _dedupe(found)

    def _match(self, key: str, *, single: bool, original: str) -> tuple[_Entry, float] | None:
        if key in _STOP:
            return None
        if single and key in self._municipalities and original[:1].isupper():
            m = self._municipalities[key]
            return _Entry(m.code, ConceptType.MUNICIPALITY, m.name), 0.9
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
        if _NATIVE.search(window):
            return "native"
        if m := _CEFR.search(window):
            return m.group(1)
        if m := _SFI_RE.search(window):
            return _SFI[m.group(1).lower()]
        before = re.split(r"[,.;\n]", text[max(0, end - 30) : end])[-1]
        return "native" if _NATIVE.search(before) else None

    def _levels(self, text: str) -> list[Concept]:
        out = [
            Concept(m.group(1), ConceptType.LANGUAGE_LEVEL, m.group(1), m.span(1), 0.9)
            for m in _CEFR.finditer(text)
        ]
        for m in _SFI_RE.finditer(text):
            level = _SFI[m.group(1).lower()]
            out.append(
                Concept(level, ConceptType.LANGUAGE_LEVEL, f"SFI {m.group(1).upper()}", m.span(), 0.85)
            )
        return out

    def _licences(self, text: str, tokens: list[tuple[int, int, str]]) -> list[Concept]:
        out: list[Concept] = []

        def negated(pos: int) -> bool:
            before = [t[2] for t in tokens if t[1] <= pos][-3:]
            return any(w in _NEGATORS for w in before)

        spans: list[tuple[int, int]] = []
        for rx in (_LICENCE_BEFORE, _LICENCE_AFTER):
            for m in rx.finditer(text):
                code = m.group(1).upper()
                out.append(self._licence(code, m.span(), 0.95, negated(m.start())))
                spans.append(m.span())
        for m in _TRUCK.finditer(text):
            classes = re.findall(r"[A-D]", (m.group(1) or "").upper()) or ["B"]
            for cls in dict.fromkeys(classes):
                out.append(self._licence(f"TRUCK_{cls}", m.span(), 0.9, negated(m.start())))
            spans.append(m.span())
        for m in _LICENCE_PLAIN.finditer(text):
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
