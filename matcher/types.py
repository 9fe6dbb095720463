"""Typed inputs and results shared by every stage of the engine.

The service translates database rows into these (in one place, ``service/engine/translate.py``);
nothing in ``matcher`` knows about rows, sessions or HTTP.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import partial
from typing import Any, NamedTuple


class TargetGroup(StrEnum):
    NEWCOMER = "newcomer"
    YOUTH = "youth"
    LONG_TERM_UNEMPLOYED = "long_term_unemployed"
    ECONOMIC_ASSISTANCE = "economic_assistance"
    DISABILITY = "disability"
    OTHER = "other"


class PlacementKind(StrEnum):
    EMPLOYMENT = "employment"
    APPRENTICESHIP = "apprenticeship"
    TRAINEE = "trainee"
    INTERNSHIP = "internship"
    TRAINING = "training"


class ConceptType(StrEnum):
    OCCUPATION = "occupation"
    SKILL = "skill"
    LANGUAGE = "language"
    LANGUAGE_LEVEL = "language_level"
    LICENCE = "licence"
    MUNICIPALITY = "municipality"


# CEFR levels in order; "native" ranks above C2. SFI courses map onto these in matcher.text.enrich.
CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2", "native")


def cefr_rank(level: str | None) -> int:
    """0 for unknown/none, 1 for A1 … 7 for native."""
    if not level:
        return 0
    try:
        return CEFR_LEVELS.index(level.strip()) + 1
    except ValueError:
        return 0


@dataclass(frozen=True, slots=True)
class Concept:
    """One taxonomy concept found in free text.

    ``id`` is the JobTech concept id for occupations and skills, the ISO 639-1 code (lower case,
    ISO 639-2 where no 639-1 exists) for languages, the CEFR level for language levels, the licence
    code for licences ("B", "CE", "TRUCK_A", …) and the SCB code for municipalities ("0180").
    ``span`` is the [start, end) character range in the original text.
    """

    id: str
    type: ConceptType
    label: str
    span: tuple[int, int]
    confidence: float
    negated: bool = False
    # For language concepts: the level found next to it (CEFR), if any.
    level: str | None = None


@dataclass(frozen=True, slots=True)
class LanguageSkill:
    code: str  # ISO 639-1 lower case, e.g. "sv", "ar"
    level: str | None = None  # CEFR (A1…C2) or "native"


@dataclass(frozen=True, slots=True)
class Experience:
    title: str
    years: float = 0.0
    occupation_id: str | None = None  # JobTech occupation concept id when known


@dataclass(frozen=True, slots=True)
class Eligibility:
    target_group: TargetGroup
    verified: bool = True
    valid_until: date | None = None

    def valid_on(self, day: date) -> bool:
        return self.verified and (self.valid_until is None or self.valid_until >= day)


@dataclass(frozen=True, slots=True)
class SeekerProfile:
    """A pseudonymous job seeker as the engine sees it.

    It deliberately has no field for sex, age, country of birth, health or support needs: the engine
    cannot read what it is never given.
    """

    id: str
    text: str = ""
    experiences: tuple[Experience, ...] = ()
    education_level: str | None = None  # SUN level code or None
    skills: tuple[str, ...] = ()  # skill concept ids or free-text labels
    languages: tuple[LanguageSkill, ...] = ()
    licences: tuple[str, ...] = ()  # licence codes
    municipality_code: str | None = None
    max_commute_km: float | None = None
    available_from: date | None = None
    wanted_extent: int | None = None  # percent of full time
    wanted_kinds: tuple[PlacementKind, ...] = ()
    registered_at: date | None = None
    eligibility: tuple[Eligibility, ...] = ()
    consent: bool = True
    # Concepts found in text + experience titles by matcher.text.enrich (stored, never re-parsed).
    concepts: tuple[Concept, ...] = ()


@dataclass(frozen=True, slots=True)
class VacancyProfile:
    """A placement offer under a contract, with the contract's requirement folded in."""

    id: str
    title: str
    text: str = ""
    occupation_id: str | None = None
    required_skills: tuple[str, ...] = ()
    desired_skills: tuple[str, ...] = ()
    swedish_level: str | None = None  # minimum CEFR
    other_languages: tuple[LanguageSkill, ...] = ()  # required, with minimum level
    licences_required: tuple[str, ...] = ()
    municipality_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    start_date: date | None = None
    extent: int = 100  # percent of full time
    duration_months: int | None = None
    kind: PlacementKind = PlacementKind.EMPLOYMENT
    positions: int = 1
    adaptations_possible: bool = False
    # From the contract's employment requirement: who may be placed here.
    target_groups: tuple[TargetGroup, ...] = ()
    concepts: tuple[Concept, ...] = ()
    # A set ``occupation_id`` is certain when a person picked or confirmed it; otherwise (or when this is
    # False) the engine ranks on the occupations it infers from the headline and text, each weighted by
    # its probability: ``occupation_guesses`` when given, else ``matcher.text.occupation_model``'s.
    occupation_confirmed: bool = True
    occupation_guesses: tuple[tuple[str, float], ...] = ()
    # The SSYK-4 group the ad's source gives when its occupation is one the taxonomy does not know
    # (a newer taxonomy version): inference then chooses among that group's occupations only.
    occupation_group: str | None = None

    @property
    def has_confirmed_occupation(self) -> bool:
        return self.occupation_id is not None and self.occupation_confirmed


# Named tuples, not dataclasses: a full re-rank builds 15 contributions and ~4 reasons per ranked pair
# (10^6 and more), and a tuple is made in C (a frozen dataclass's __init__ is ~4x slower).
class Contribution(NamedTuple):
    feature: str
    value: float  # the feature's value
    contribution: float  # its additive share of the score


class Reason(NamedTuple):
    code: str
    sv: str
    en: str
    positive: bool


@dataclass(frozen=True, slots=True)
class ScoredMatch:
    """One ranked pair. ``score == intercept + sum(c.contribution for c in contributions)``."""

    vacancy_id: str
    seeker_id: str
    rank: int
    score: float
    intercept: float
    contributions: tuple[Contribution, ...]
    reasons: tuple[Reason, ...]
    matched_skills: tuple[str, ...] = ()
    missing_skills: tuple[str, ...] = ()
    distance_km: float | None = None
    excluded_reasons: tuple[str, ...] = ()  # non-empty only when exclusions were asked for

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Batch workers send back 10^5 matches: contributions as plain tuples pickle several times
        # faster than named tuples (reasons stay objects: they are shared, so each is sent once).
        return _scored_match, (
            self.vacancy_id,
            self.seeker_id,
            self.rank,
            self.score,
            self.intercept,
            tuple(map(tuple, self.contributions)),
            self.reasons,
            self.matched_skills,
            self.missing_skills,
            self.distance_km,
            self.excluded_reasons,
        )


def _scored_match(
    vacancy_id: str,
    seeker_id: str,
    rank: int,
    score: float,
    intercept: float,
    contributions: tuple[tuple[str, float, float], ...],
    *rest: Any,
) -> ScoredMatch:
    return ScoredMatch(
        vacancy_id, seeker_id, rank, score, intercept, contributions_from(contributions), *rest
    )


def contributions_from(triples: Iterable[tuple[str, float, float]]) -> tuple[Contribution, ...]:
    """Contributions from (feature, value, contribution) triples, made in C (hot in batch ranking)."""
    return tuple(map(_CONTRIBUTION, triples))


_CONTRIBUTION = partial(tuple.__new__, Contribution)


@dataclass(frozen=True, slots=True)
class RankedList:
    query_id: str  # the vacancy (shortlist) or the seeker (vacancies_for)
    model_version: str
    matches: tuple[ScoredMatch, ...] = field(default_factory=tuple)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # A re-rank's workers send back 10^5 matches: as columns (``PackedList``) they pickle and
        # unpickle several times faster than 14 triples per match.
        packed = PackedList.of(self)
        if packed is None:
            return _ranked_list_plain, (self.query_id, self.model_version, self.matches)
        return _unpacked, (packed,)


def _ranked_list_plain(query_id: str, model_version: str, matches: tuple[ScoredMatch, ...]) -> RankedList:
    return RankedList(query_id, model_version, matches)


def _unpacked(packed: PackedList) -> RankedList:
    return packed.ranked()


@dataclass(frozen=True, slots=True)
class PackedList:
    """A ranked list as columns, its floats as float64 buffers (match by match, feature by feature).

    What a re-rank's workers build and send instead of ``RankedList``: no object per match or per
    contribution to make, pickle and unpickle there; ``ranked()`` makes the list where it is read,
    equal bit for bit. It holds only float contributions with one feature order (``of`` checks)."""

    query_id: str
    model_version: str
    vacancy_ids: list[str]
    seeker_ids: list[str]
    ranks: list[int]
    scores: bytes
    intercepts: bytes
    features: tuple[str, ...]
    values: bytes
    shares: bytes
    reasons: list[tuple[Reason, ...]]
    matched_skills: list[tuple[str, ...]]
    missing_skills: list[tuple[str, ...]]
    distances_km: list[float | None]
    excluded_reasons: list[tuple[str, ...]]

    @classmethod
    def of(cls, ranked: RankedList) -> PackedList | None:
        """``ranked`` as columns; None when they cannot hold it exactly (no match, a value that is
        not a float, features in different orders)."""
        matches = ranked.matches
        if not matches:
            return None
        features = tuple(c[0] for c in matches[0].contributions)
        flat: list[Any] = [x for m in matches for c in m.contributions for x in c]
        values, shares = flat[1::3], flat[2::3]
        scores, intercepts = [m.score for m in matches], [m.intercept for m in matches]
        if flat[0::3] != list(features) * len(matches) or {
            *map(type, values),
            *map(type, shares),
            *map(type, scores),
            *map(type, intercepts),
        } != {float}:
            return None
        return cls(
            ranked.query_id,
            ranked.model_version,
            [m.vacancy_id for m in matches],
            [m.seeker_id for m in matches],
            [m.rank for m in matches],
            array("d", scores).tobytes(),
            array("d", intercepts).tobytes(),
            features,
            array("d", values).tobytes(),
            array("d", shares).tobytes(),
            [m.reasons for m in matches],
            [m.matched_skills for m in matches],
            [m.missing_skills for m in matches],
            [m.distance_km for m in matches],
            [m.excluded_reasons for m in matches],
        )

    @classmethod
    def joined(cls, parts: Sequence[PackedList]) -> PackedList:
        """The matches of several lists of one query, in order, as one list (ranks as they were)."""
        first = parts[0]
        if any(p.features != first.features for p in parts):
            raise ValueError("lists with different features cannot be joined")
        return cls(
            first.query_id,
            first.model_version,
            [x for p in parts for x in p.vacancy_ids],
            [x for p in parts for x in p.seeker_ids],
            [x for p in parts for x in p.ranks],
            b"".join(p.scores for p in parts),
            b"".join(p.intercepts for p in parts),
            first.features,
            b"".join(p.values for p in parts),
            b"".join(p.shares for p in parts),
            [x for p in parts for x in p.reasons],
            [x for p in parts for x in p.matched_skills],
            [x for p in parts for x in p.missing_skills],
            [x for p in parts for x in p.distances_km],
            [x for p in parts for x in p.excluded_reasons],
        )

    def score_values(self) -> list[float]:
        return float_list(self.scores)

    def float_columns(self) -> tuple[list[float], list[float], list[float], list[float]]:
        """Scores, intercepts, then values and shares (match by match, feature by feature)."""
        scores, intercepts = float_list(self.scores), float_list(self.intercepts)
        return scores, intercepts, float_list(self.values), float_list(self.shares)

    def taken(self, at: Sequence[int]) -> PackedList:
        """The matches at positions ``at``, in that order, ranked 1, 2, ... again."""

        def rows(buffer: bytes, size: int) -> bytes:
            return b"".join(buffer[i * size : (i + 1) * size] for i in at)

        width = 8 * len(self.features)  # bytes of one match's values (and of its shares)
        return PackedList(
            self.query_id,
            self.model_version,
            [self.vacancy_ids[i] for i in at],
            [self.seeker_ids[i] for i in at],
            list(range(1, len(at) + 1)),
            rows(self.scores, 8),
            rows(self.intercepts, 8),
            self.features,
            rows(self.values, width),
            rows(self.shares, width),
            [self.reasons[i] for i in at],
            [self.matched_skills[i] for i in at],
            [self.missing_skills[i] for i in at],
            [self.distances_km[i] for i in at],
            [self.excluded_reasons[i] for i in at],
        )

    def ranked(self) -> RankedList:
        k, n = len(self.features), len(self.vacancy_ids)
        flat = list(
            map(
                _CONTRIBUTION,
                zip(self.features * n, float_list(self.values), float_list(self.shares), strict=True),
            )
        )
        matches = map(
            ScoredMatch,
            self.vacancy_ids,
            self.seeker_ids,
            self.ranks,
            float_list(self.scores),
            float_list(self.intercepts),
            [tuple(flat[i : i + k]) for i in range(0, n * k, k)],
            self.reasons,
            self.matched_skills,
            self.missing_skills,
            self.distances_km,
            self.excluded_reasons,
        )
        return RankedList(self.query_id, self.model_version, tuple(matches))


def float_list(buffer: bytes) -> list[float]:
    """The floats of a buffer of float64 (``array("d")``'s bytes)."""
    out = array("d")
    out.frombytes(buffer)
    return out.tolist()
