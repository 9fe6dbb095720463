"""Skill suggestions for what a person types, by relevance: never alphabetical noise.

A skill label matches the typed text as a whole-label prefix ("städ" → "Städmaterial"), as the prefix of
one of its words ("Tvätt- och städningsansvar"), by Swedish stem ("städare" → "Städbesiktning"), or as
the head of a compound ("Storstädning"), in that order of strength. Diacritics count: "städ" is not "stad",
so "Stadsarkeologi" is no match; text typed without them ("stadning") is still matched, a little lower.

Order: skills of the chosen occupation's SSYK-4 group first (when one is given), then skills of the
occupation the typed text names ("städ" → Städare: cleaning skills before "Smarta städer"), then by match
strength, then by how common the skill is (how many occupation groups list it). When the text alone finds
fewer than asked, the named occupation's other skills follow ("lokalvård" → Golvvård, Fönsterputsning),
then close fuzzy matches for typos.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from rapidfuzz import fuzz, process

from matcher.text.taxonomy import Occupation, Skill, Taxonomy, fold

# Match strengths (the suggestion's score); a match found only without diacritics scores FOLDED less.
EXACT, PREFIX, WORD_PREFIX, STEM, COMPOUND = 1.0, 0.95, 0.9, 0.85, 0.8
FOLDED = 0.05
# A compound's head needs a modifier of at least this many letters before it ("stor|städning"): a shorter
# one is more often a different word that happens to contain the text ("bo|stads…").
MIN_MODIFIER = 3
# The typed text names an occupation when the title suggester is at least this sure of it.
OCCUPATION_SURE = 0.9
FUZZY_MIN = 80  # rapidfuzz WRatio, 0-100, for the typo fallback
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STEMMER = Stemmer.Stemmer("swedish")


@dataclass(frozen=True, slots=True)
class _Entry:
    skill: Skill
    lower: str
    folded: str
    words: tuple[str, ...]
    folded_words: tuple[str, ...]
    stems: tuple[str, ...]
    groups: int  # occupation groups that list the skill: how common it is


class SkillIndex:
    """The taxonomy's skills prepared for suggestions (built once per taxonomy: ``skill_index``)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        groups = sorted({o.ssyk4 for o in taxonomy.occupations()})
        self.group_skills = {g: {s.id for s in taxonomy.skills_of_group(g)} for g in groups}
        common = Counter(sid for ids in self.group_skills.values() for sid in ids)
        self.entries: list[_Entry] = []
        for skill in taxonomy.skills():
            lower = " ".join(skill.label.lower().split())
            words = tuple(_WORD.findall(lower))
            self.entries.append(
                _Entry(
                    skill,
                    lower,
                    fold(lower),
                    words,
                    tuple(fold(w) for w in words),
                    tuple(_STEMMER.stemWord(w) for w in words),
                    common[skill.id],
                )
            )
        self.by_id = {e.skill.id: e for e in self.entries}
        self.with_word: dict[str, list[_Entry]] = {}
        for e in self.entries:
            for word in dict.fromkeys(e.folded_words):
                self.with_word.setdefault(word, []).append(e)
        self.words = list(self.with_word)

    def named_occupations(self, q: str) -> list[Occupation]:
        """The occupations the typed text names ("städ", "lokalvård" → Städare), if any."""
        if len(fold(q)) < 3:
            return []
        return [o for o, score in self.taxonomy.suggest_occupations(q, 3) if score >= OCCUPATION_SURE]


def _strength(entry: _Entry, text: str, stem: str, folded: bool) -> float:
    label, words = (entry.folded, entry.folded_words) if folded else (entry.lower, entry.words)
    penalty = FOLDED if folded else 0.0
    if label == text:
        return EXACT - penalty
    if label.startswith(text):
        return PREFIX - penalty
    if any(w.startswith(text) for w in words):
        return WORD_PREFIX - penalty
    if not folded and len(stem) >= 3 and any(s.startswith(stem) for s in entry.stems):
        return STEM
    heads = (text, stem) if len(stem) >= 3 else (text,)
    if any(w.find(head, MIN_MODIFIER) >= MIN_MODIFIER for w in words for head in heads):
        return COMPOUND - penalty
    return 0.0


@dataclass(frozen=True, slots=True)
class _Query:
    text: str
    stem: str
    folded: str

    @classmethod
    def of(cls, q: str) -> _Query:
        text = " ".join(q.lower().split())
        return cls(text, _STEMMER.stemWord(text) if " " not in text else "", fold(text))


def text_strength(entry: _Entry, query: _Query) -> float:
    """How strongly the label matches the typed text (0: not at all), diacritics first, then without."""
    found = _strength(entry, query.text, query.stem, False)
    if found >= PREFIX:
        return found
    return max(found, _strength(entry, query.folded, "", True))


@lru_cache(maxsize=4)
def skill_index(taxonomy: Taxonomy) -> SkillIndex:
    return SkillIndex(taxonomy)


def suggest_skills(
    taxonomy: Taxonomy, q: str, limit: int = 10, occupation_id: str | None = None
) -> list[tuple[Skill, float]]:
    """Skills for the typed text, most relevant first, each with its match strength in [0, 1]."""
    if not fold(q) or limit <= 0:
        return []
    index = skill_index(taxonomy)
    chosen_group = taxonomy.ssyk4_of(occupation_id) if occupation_id else None
    chosen = index.group_skills.get(chosen_group or "", set())
    occupations = index.named_occupations(q)
    named: set[str] = set()
    for occupation in occupations:
        named |= index.group_skills.get(occupation.ssyk4, set())

    def rank(entry: _Entry, strength: float) -> tuple[bool, bool, float, float, str]:
        sid = entry.skill.id
        return (sid not in chosen, sid not in named, -strength, -math.log1p(entry.groups), entry.lower)

    query = _Query.of(q)
    # Every match contains the folded text, or the stem (Swedish stems are prefixes of their words):
    # a substring test in C spares the word-by-word checks for the thousands of labels that cannot match.
    stem = query.stem if len(query.stem) >= 3 else query.folded
    found = [
        (e, s)
        for e in index.entries
        if (query.folded in e.folded or stem in e.lower) and (s := text_strength(e, query)) > 0.0
    ]
    found.sort(key=lambda pair: rank(*pair))
    out = [(e.skill, round(s, 4)) for e, s in found[:limit]]
    if len(out) < limit:
        out += _related(index, q, occupations, chosen | named, {s.id for s, _ in out}, limit - len(out))
    if len(out) < limit:
        out += _fuzzy(index, q, {s.id for s, _ in out}, limit - len(out))
    return out


def _related(
    index: SkillIndex, q: str, occupations: list[Occupation], related: set[str], seen: set[str], n: int
) -> list[tuple[Skill, float]]:
    """Other skills of the chosen or named occupation: those named like the occupation first
    ("lokalvård" → Städare → "Hotellstädning"), then those that look most like the text."""
    key = fold(q)
    # The occupation's own word ("Städare" → stem "städ"), matched as typed text would be.
    names = [_Query.of(_WORD.findall(o.label.lower())[0]) for o in occupations if _WORD.search(o.label)]
    scored = sorted(
        (
            -max((text_strength(e, name) for name in names), default=0.0),
            -fuzz.WRatio(key, e.folded),
            -e.groups,
            e.lower,
            e.skill.id,
        )
        for sid in related - seen
        if (e := index.by_id.get(sid)) is not None
    )
    # Below any text match: a relation to the occupation, not a match of what was typed.
    return [(index.by_id[sid].skill, round(0.5 - 0.1 * named, 4)) for named, _, _, _, sid in scored[:n]]


def _fuzzy(index: SkillIndex, q: str, seen: set[str], n: int) -> list[tuple[Skill, float]]:
    """Labels with a word spelled close to the text, for typos ("stäning" → "Städning av förskola"),
    weakest of all."""
    hits = process.extract(fold(q), index.words, scorer=fuzz.ratio, limit=20, score_cutoff=FUZZY_MIN)
    scored: dict[str, tuple[float, _Entry]] = {}
    for word, score, _ in hits:
        for entry in index.with_word[word]:
            if entry.skill.id not in seen and score > scored.get(entry.skill.id, (0.0, entry))[0]:
                scored[entry.skill.id] = (score, entry)
    ranked = sorted(scored.values(), key=lambda p: (-p[0], -p[1].groups, p[1].lower))
    return [(e.skill, round(0.7 * score / 100, 4)) for score, e in ranked[:n]]
