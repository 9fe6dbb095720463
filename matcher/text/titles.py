"""Job titles as people and employers write them → taxonomy occupations with a confidence.

One title ("Barnsjuksköterskor", "lokalvårdare", "Svetsare MIG/MAG", "carpenter") goes through, in
order of trust: the alias table (labels, label parts, hand-checked and term-list titles), the Swedish
stem of the whole phrase (plurals, definite forms: "advokaterna" → "advokat"), the compound's head
("barnsjuksköterska" ends in "sjuksköterska"), then a bounded fuzzy look-up for misspellings.
Used for structured experience titles (``matcher.rank.profile_arrays``) and vacancy headlines
(``matcher.text.occupation_model``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from rapidfuzz import fuzz, process

from matcher.text.taxonomy import Occupation, Taxonomy
from matcher.text.title_vocabulary import (
    ENGLISH_TITLES,
    SUBJECTS,
    TEACHER_WORDS,
    english_forms,
    subject_prefix,
)

EXACT, STEM, COMPOUND, GENERIC, FUZZY, SUFFIX, WEAK = 1.0, 0.97, 0.9, 0.85, 0.8, 0.75, 0.7
# Swedish plural and definite endings → the base form's ending, longest first.
INFLECTIONS = (
    ("arna", "are"),
    ("aren", "are"),
    ("orna", "a"),
    ("erna", "er"),
    ("arne", "are"),
    ("or", "a"),
    ("an", "a"),
    ("en", ""),
    ("na", ""),
)
# Other forms of the same title: gendered and everyday variants ("sångerska" → "sångare",
# "bingovärdinna" → "bingovärd", "tandskötare" → "tandsköterska", "chaufför" → "förare").
VARIANT_FORMS = (
    ("erska", "are"),
    ("inna", ""),
    ("skotare", "skoterska"),
    ("skoterska", "sjukskoterska"),
    ("skoterskor", "sjukskoterska"),
    ("chauffor", "forare"),
    ("chaufforer", "forare"),
    ("personal", "arbetare"),
)
# The subject teachers ("ämneslärare") of compulsory school (years 7-9) and of upper secondary school.
SUBJECT_TEACHERS = ("Ämneslärare, 7-9", "Ämneslärare, gymnasieskolan")
UPPER_SECONDARY = ("gymnasie", "gymnasium", "gymnasiet", "high school")
# A compound's head must be long enough to name a trade on its own ("montör", not "are").
MIN_HEAD_CHARS = 6
_WORD = re.compile(r"[^\W\d_]+(?:[-.][^\W\d_]+)*", re.UNICODE)


_COMBINING = re.compile("[\u0300-\u036f]")


def quick_fold(text: str) -> str:
    """``fold`` without collapsing whitespace, in C loops (long texts): lower case, diacritics removed."""
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


def title_words(text: str) -> list[str]:
    """Folded words of a title, digits and punctuation dropped ("C#-utvecklare, 50%" → [...])."""
    return _WORD.findall(quick_fold(text).replace("-", " "))


class TitleNormaliser:
    """Precompiled alias, stem and compound tables over one taxonomy; ``normalise`` is pure."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._stemmer = Stemmer.Stemmer("swedish")
        self._group_aliases: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        for alias, oid in taxonomy.title_aliases.items():
            key = " ".join(title_words(alias))
            if key:
                self.aliases.setdefault(key, oid)
        occupations = sorted(taxonomy.occupations(), key=lambda o: (len(o.label), o.id))
        for english, label in ENGLISH_TITLES.items():
            found = taxonomy.occupation_by_label(label)
            if found is not None:
                self.aliases.setdefault(english, found.id)
        # A label head shared by several SSYK-4 groups ("projektledare", "montör") is generic: it names
        # each group's shortest such occupation, with less trust, instead of one arbitrary label.
        heads: dict[str, dict[str, str]] = {}
        for occ in occupations:
            for part in occ.label.split("/"):
                key = " ".join(title_words(part.split(",")[0]))
                heads.setdefault(key, {}).setdefault(occ.ssyk4, occ.id)
        self.generic = {k: tuple(g.values()) for k, g in heads.items() if len(g) > 1}
        # SSYK-4 group labels and their parts ("Hovmästare och servitörer") name the group's plainest title.
        for occ in reversed(occupations):
            group = taxonomy.group(occ.ssyk4)
            if group is None or group.label.startswith("Övriga"):
                continue
            for part in re.split(r",| och ", group.label.replace("m.fl.", "")):
                key = " ".join(title_words(part))
                if len(key) >= 5 and not part.strip().endswith("-"):  # "Restaurang-" is half a word
                    self._group_aliases[key] = occ.id
        # Group labels name a group, not one occupation: below the occupations' own titles.
        self._group_aliases = {k: oid for k, oid in self._group_aliases.items() if k not in self.aliases}
        self._group_stems = {self._stem_phrase(k): oid for k, oid in sorted(self._group_aliases.items())}
        # Stemmed phrases: every word stemmed, so "sjuksköterskor inom psykiatrin" finds its label.
        self.stems: dict[str, str] = {}
        self._stem_alias: dict[str, str] = {}
        for alias, oid in self.aliases.items():
            stem = self._stem_phrase(alias)
            self.stems.setdefault(stem, oid)
            self._stem_alias.setdefault(stem, alias)
        self.generic_stems = {self._stem_phrase(k): v for k, v in self.generic.items()}
        # The stemmer cuts "-or" off "montör" but only "-er" off "montörer": stems stemmed once more meet.
        self._stems2: dict[str, str] = {}
        for stem, oid in self.stems.items():
            self._stems2.setdefault(self._stem_phrase(stem), oid)
        # A word that only occurs as the head of compounds in several groups ("lärare": ämneslärare,
        # förskollärare, yrkeslärare) is generic for those groups.
        suffixes: dict[str, dict[str, str]] = {}
        one_word = [(k, oid) for k, oid in (self.aliases | self._group_aliases).items() if " " not in k]
        one_word += [(k, oid) for k, oid in self.stems.items() if " " not in k]
        for word, oid in sorted(one_word, key=lambda kv: (len(kv[0]), kv[0])):
            code = taxonomy.ssyk4_of(oid) or ""
            for cut in range(1, len(word) - 3):
                suffixes.setdefault(word[cut:], {}).setdefault(code, oid)
        self.suffix_groups = {k: tuple(g.values()) for k, g in suffixes.items() if len(g) > 1}
        # Compound heads: one-word stems long enough to stand alone, longest first when looked up.
        self._heads = {s: oid for s, oid in self.stems.items() if " " not in s and len(s) >= MIN_HEAD_CHARS}
        found_teachers = (taxonomy.occupation_by_label(label) for label in SUBJECT_TEACHERS)
        self.subject_teachers = tuple(o.id for o in found_teachers if o is not None)
        self._keys = list(self.aliases)
        self._by_length: dict[int, list[str]] = {}
        for key in self._keys:
            self._by_length.setdefault(len(key), []).append(key)

    def by_length(self, n: int) -> list[str]:
        """The aliases (folded titles) of ``n`` characters."""
        return self._by_length.get(n, [])

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
        found = dict(self._lookup_form(key))
        if max(found.values(), default=0.0) < STEM:
            # Plural and definite forms the stemmer cuts too short ("lärarna" → "lär"): the base form.
            head, _, last = key.rpartition(" ")
            for ending, base in INFLECTIONS + VARIANT_FORMS:
                if last.endswith(ending) and len(last) - len(ending) >= 3:
                    form = f"{head} {last[: -len(ending)]}{base}".strip()
                    inflected = dict(self._lookup_form(form))
                    if max(inflected.values(), default=0.0) > max(found.values(), default=0.0):
                        found = inflected
        if " " in key and max(found.values(), default=0.0) < STEM:
            # "el-konstruktörer", "iva-sjuksköterska": the hyphenated compound written as one word.
            joined = self._lookup(key.replace(" ", ""), False)
            if max((s for _, s in joined), default=0.0) > max(found.values(), default=0.0):
                found = dict(joined)
        if max(found.values(), default=0.0) < COMPOUND:
            # An English title: its Swedish compound ("warehouse worker" → "lagerarbetare"), trusted a
            # little less than the Swedish title itself.
            for form in english_forms(key.split()):
                if form == key:  # "designer", "controller": the same word in both languages
                    continue
                for oid, score in self._lookup(form, False):
                    if score * 0.97 > found.get(oid, 0.0):
                        found[oid] = score * 0.97
                if found:
                    break
        if fuzzy and max(found.values(), default=0.0) < COMPOUND:
            # A misspelling ("fastigehtsskötare") must not lose to the generic head it happens to end in.
            for oid, score in self._fuzzy(key):
                found[oid] = max(found.get(oid, 0.0), score)
        return tuple(found.items())

    def _lookup_form(self, key: str) -> tuple[tuple[str, float], ...]:
        scores: dict[str, float] = {}

        def add(oid: str, score: float) -> None:
            scores[oid] = max(scores.get(oid, 0.0), score)

        stem = self._stem_phrase(key)
        generic = self.generic.get(key) or self.generic_stems.get(stem)
        if generic:
            for oid in generic:
                add(oid, GENERIC)
        elif key in self.aliases:
            add(self.aliases[key], EXACT)
        elif stem in self.stems:
            # "matematik" shares the stem of "matematiker" but is a subject: a stem match counts
            # fully only for a word at least as long as the title (plural and definite forms are).
            full = len(key) >= len(self._stem_alias[stem]) - 1
            add(self.stems[stem], STEM if full else WEAK)
        elif (stem2 := self._stem_phrase(stem)) in self._stems2 and len(stem2) >= MIN_HEAD_CHARS:
            add(self._stems2[stem2], STEM)
        elif key in self._group_aliases or stem in self._group_stems:
            add(self._group_aliases.get(key) or self._group_stems[stem], COMPOUND)
        if not scores and " " not in key and subject_prefix(key):  # "engelsklärare": a subject teacher
            for oid, score in self.subject_teacher([key]):
                add(oid, score)
        suffix = self.suffix_groups.get(key) or self.suffix_groups.get(stem)
        if not scores and suffix:
            for oid in suffix:
                add(oid, SUFFIX)
        head = self.compound_head(stem.split()[-1]) if stem and not scores else None
        if head is not None:
            # The head alone is a broader title: trusted less the more the modifier adds.
            oid, tail = head
            add(oid, FUZZY + (COMPOUND - FUZZY) * len(tail) / len(stem.split()[-1]))
        elif stem and not scores:  # "bilmekaniker": a generic head ("mekaniker") after a modifier
            last = key.split()[-1]
            for cut in range(2, len(last) - MIN_HEAD_CHARS + 1):
                if last[cut:] in self.suffix_groups:
                    for oid in self.suffix_groups[last[cut:]]:
                        add(oid, SUFFIX * 0.9)
                    break
        return tuple(scores.items())

    def subject_teacher(self, words: list[str], context: str = "") -> list[tuple[str, float]]:
        """Subject teachers for a title's words ("lärare i matematik och no", "engelsklärare"); the
        school form in ``context`` (folded: "gymnasiet", "7-9") picks one, else both are generic."""
        if not self.subject_teachers:
            return []
        named = any(w in TEACHER_WORDS or w.endswith(TEACHER_WORDS) for w in words)  # "gymnasielärare"
        teacher = named and any(w in SUBJECTS for w in words)
        if not (teacher or any(subject_prefix(w) for w in words)):
            return []
        compulsory, upper = self.subject_teachers[0], self.subject_teachers[-1]
        if any(form in context for form in UPPER_SECONDARY):
            return [(upper, COMPOUND), (compulsory, WEAK)]
        if re.search(r"7\s*[-–]\s*9|hogstadi", context):
            return [(compulsory, COMPOUND), (upper, WEAK)]
        return [(compulsory, GENERIC), (upper, GENERIC)]

    @lru_cache(maxsize=200_000)  # noqa: B019
    def exact_or_stem(self, key: str) -> str | None:
        """The occupation id of an already folded phrase that is an alias or an alias's stem."""
        return self.aliases.get(key) or self.stems.get(self._stem_phrase(key))

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
        for alias, score, _ in process.extract(key, pool, scorer=fuzz.ratio, limit=8, score_cutoff=80):
            # A near-certain spelling of a whole title beats the broader title its head names.
            r = score / 100
            out.append((self.aliases[alias], r * FUZZY if r < 0.9 else 0.82 + (r - 0.9) * 1.3))
        if not out:  # a longer phrase around a known title ("erfaren svetsare mig mag")
            for alias, score, _ in process.extract(
                key, self._keys, scorer=fuzz.token_set_ratio, limit=8, score_cutoff=80
            ):
                out.append((self.aliases[alias], min(FUZZY, score / 100 * 0.75)))
        return out
