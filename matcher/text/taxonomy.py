"""The derived JobTech taxonomy: occupations, SSYK groups, skills, languages, licences, municipalities.

Loaded once from ``data/taxonomy/taxonomy.json.gz`` (built by ``scripts/build_taxonomy.py``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import Stemmer
from rapidfuzz import fuzz, process

T = TypeVar("T")
_STEMMER = Stemmer.Stemmer("swedish")
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "taxonomy" / "taxonomy.json.gz"


def fold(text: str) -> str:
    """Lower case, diacritics removed, whitespace collapsed: "Städerska " → "staderska"."""
    text = unicodedata.normalize("NFKD", text.replace("\u00a0", " ").lower())
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


@dataclass(frozen=True, slots=True)
class Occupation:
    """A JobTech occupation name. JobTech gives occupation names no definition of their own, so
    ``definition`` is the SSYK-4 group's."""

    id: str
    label: str
    ssyk4: str
    definition: str = ""


@dataclass(frozen=True, slots=True)
class SsykGroup:
    code: str
    label: str
    level: int
    definition: str
    parent: str | None


@dataclass(frozen=True, slots=True)
class Skill:
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Licence:
    code: str
    label: str


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str
    name: str
    lat: float
    lon: float


class Taxonomy:
    """Look-ups by id and label, hierarchy walks, substitutability, distances and suggestions."""

    def __init__(self, data: dict[str, Any], version: str) -> None:
        self.version = version
        self._groups = {
            code: SsykGroup(code, g["label"], g["level"], g.get("definition", ""), g.get("parent"))
            for code, g in data["groups"].items()
        }
        self._occupations = {
            oid: Occupation(oid, o["label"], o["ssyk4"], self._groups[o["ssyk4"]].definition)
            for oid, o in data["occupations"].items()
        }
        self._skills = {sid: Skill(sid, label) for sid, label in data["skills"].items()}
        self._group_skills: dict[str, list[str]] = data["group_skills"]
        self._substitutes: dict[str, dict[str, int]] = data["substitutes"]
        # Deprecated occupation id (a newer JobTech version replaced it) → the current id.
        self._replaced: dict[str, str] = data.get("replaced_occupations", {})
        self._no_education = frozenset(data["no_education_required"])
        self._languages = {code: Language(code, label) for code, label in data["languages"].items()}
        self._licences = {code: Licence(code, label) for code, label in data["licences"].items()}
        self._municipalities = {
            code: Municipality(code, m["name"], m["lat"], m["lon"])
            for code, m in data["municipalities"].items()
        }
        self._occ_by_label = _by_name(self._occupations.values(), lambda o: o.label)
        self._skill_by_label = _by_name(self._skills.values(), lambda s: s.label)
        self._lang_by_label = _by_name(self._languages.values(), lambda lang: lang.label)
        self._muni_by_name = _by_name(self._municipalities.values(), lambda m: m.name)
        # Title aliases → occupation id, most trusted first: labels, hand-checked titles, each part of a
        # label ("Träarbetare/Snickare" → "snickare", "Kock, fartyg" → "kock"; the shortest label wins),
        # then the term list's variants and misspellings.
        self.title_aliases: dict[str, str] = {}
        for occ in self._occ_by_label.values():
            self.title_aliases.setdefault(fold(occ.label), occ.id)
        for term, oid in data.get("curated_titles", {}).items():
            self.title_aliases.setdefault(fold(term), oid)
        for occ in sorted(self._occupations.values(), key=lambda o: (len(o.label), o.id)):
            for part in occ.label.split("/"):
                self.title_aliases.setdefault(fold(part.split(",")[0]), occ.id)
        for table in ("title_terms", "title_misspellings"):
            for term, oid in data.get(table, {}).items():
                self.title_aliases.setdefault(fold(term), oid)
        self._alias_keys = list(self.title_aliases)
        self._alias_stems: dict[str, str] = {}
        for alias, oid in self.title_aliases.items():
            if " " not in alias and len(alias) >= 5:
                self._alias_stems.setdefault(_STEMMER.stemWord(alias), oid)
        self._skill_by_fold = {fold(k): s for k, s in self._skill_by_label.items()}
        self._skill_keys = list(self._skill_by_fold)

    @classmethod
    def load(cls, path: Path | None = None) -> Taxonomy:
        raw = (path or DEFAULT_PATH).read_bytes()
        data = json.loads(gzip.decompress(raw))
        return cls(data, hashlib.sha256(raw).hexdigest()[:16])

    # Occupations and the SSYK hierarchy
    def occupation(self, occupation_id: str) -> Occupation | None:
        return self._occupations.get(occupation_id)

    def replacement(self, occupation_id: str) -> Occupation | None:
        """The current occupation that replaces a deprecated id (None for an id that was not replaced)."""
        new = self._replaced.get(occupation_id)
        return self._occupations.get(new) if new else None

    def occupation_by_label(self, label: str) -> Occupation | None:
        return _lookup(self._occ_by_label, label)

    def occupations(self) -> list[Occupation]:
        return list(self._occupations.values())

    def group(self, code: str) -> SsykGroup | None:
        return self._groups.get(code)

    def ancestors(self, code: str) -> list[SsykGroup]:
        out: list[SsykGroup] = []
        group = self._groups.get(code)
        while group is not None:
            out.append(group)
            group = self._groups.get(group.parent) if group.parent else None
        return out

    def ssyk4_of(self, occupation_id: str) -> str | None:
        occ = self._occupations.get(occupation_id)
        return occ.ssyk4 if occ else None

    def substitutes(self, occupation_id: str) -> dict[str, int]:
        """Occupations whose holders can step into this one's role, with JobTech's 75/25 % judgement."""
        return dict(self._substitutes.get(occupation_id, {}))

    def no_education_required(self, occupation_id: str) -> bool:
        return occupation_id in self._no_education

    # Skills, languages, licences
    def skills_of_group(self, ssyk4: str) -> list[Skill]:
        return [self._skills[s] for s in self._group_skills.get(ssyk4, []) if s in self._skills]

    def skill(self, skill_id: str) -> Skill | None:
        return self._skills.get(skill_id)

    def skill_by_label(self, label: str) -> Skill | None:
        return _lookup(self._skill_by_label, label)

    def skills(self) -> list[Skill]:
        return list(self._skills.values())

    def language(self, code: str) -> Language | None:
        return self._languages.get(code.lower())

    def languages(self) -> list[Language]:
        return list(self._languages.values())

    def language_by_label(self, label: str) -> Language | None:
        return _lookup(self._lang_by_label, label)

    def licence(self, code: str) -> Licence | None:
        return self._licences.get(code.upper())

    def licences(self) -> list[Licence]:
        return list(self._licences.values())

    # Places
    def municipality(self, code: str) -> Municipality | None:
        return self._municipalities.get(code)

    def municipality_by_name(self, name: str) -> Municipality | None:
        return _lookup(self._muni_by_name, name)

    def municipalities(self) -> list[Municipality]:
        return list(self._municipalities.values())

    def distance_km(self, code_a: str, code_b: str) -> float | None:
        a, b = self._municipalities.get(code_a), self._municipalities.get(code_b)
        if a is None or b is None:
            return None
        return haversine_km(a.lat, a.lon, b.lat, b.lon)

    # Suggestions while a person types
    def suggest_occupations(self, q: str, limit: int = 10) -> list[tuple[Occupation, float]]:
        """Ranked occupations for a typed title.

        1.0 for a known alias; 0.97 when the Swedish stem equals an alias's ("advokater" → "advokat");
        otherwise rapidfuzz WRatio blended with plain ratio, so that a short alias contained in the query
        ("ad" in "advokater") does not outrank a near-whole match, plus a bonus for prefixes of an alias.
        """
        key = fold(q)
        if not key:
            return []
        scores: dict[str, float] = {}
        if key in self.title_aliases:
            scores[self.title_aliases[key]] = 1.0
        stem_hit = self._alias_stems.get(_STEMMER.stemWord(key)) if " " not in key else None
        if stem_hit is not None:
            scores.setdefault(stem_hit, 0.97)
        for alias, score, _ in process.extract(key, self._alias_keys, scorer=fuzz.WRatio, limit=limit * 4):
            oid = self.title_aliases[alias]
            blended = 0.7 * score + 0.3 * fuzz.ratio(key, alias)
            bonus = 0.05 if alias.startswith(key) else 0.0
            value = min(0.96, blended / 100 * 0.95 + bonus)
            scores[oid] = max(scores.get(oid, 0.0), value)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], self._occupations[kv[0]].label))
        return [(self._occupations[oid], round(s, 4)) for oid, s in ranked[:limit]]

    def suggest_skills(self, q: str, limit: int = 10) -> list[tuple[Skill, float]]:
        key = fold(q)
        if not key:
            return []
        hits = process.extract(key, self._skill_keys, scorer=fuzz.WRatio, limit=limit)
        out = [(self._skill_by_fold[k], round(s / 100, 4)) for k, s, _ in hits]
        return sorted(out, key=lambda p: (-p[1], p[0].label))


def _by_name(items: Iterable[T], name: Callable[[T], str]) -> dict[str, T]:
    """Index by lower-case name and by folded name. Where folding merges two names ("Håbo", "Habo"),
    the folded key goes to the one spelled without diacritics; the exact key still finds the other."""
    index: dict[str, T] = {}
    ordered = sorted(items, key=lambda it: (fold(name(it)) != name(it).lower(), name(it)))
    for it in ordered:
        index.setdefault(name(it).lower(), it)
    for it in ordered:
        index.setdefault(fold(name(it)), it)
    return index


def _lookup(index: dict[str, T], text: str) -> T | None:
    return index.get(" ".join(text.lower().split())) or index.get(fold(text))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@cache
def default_taxonomy() -> Taxonomy:
    import os

    path = os.environ.get("MATCHER_TAXONOMY_PATH")
    return Taxonomy.load(Path(path) if path else None)
