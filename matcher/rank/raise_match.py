"""What would raise a match: for one pair the missing requirement that costs the most, and for one seeker the
single addition that would open the most placements.

Both re-evaluate the ranking's own hard constraints and features with the addition made
(``matcher.rank.additions``). An addition changes only the structured features it touches (skill coverage,
languages, commute, licences); the scorer is linear, so its gain in logits is exactly
``sum(coef[j] * (x_with[j] - x_now[j]))`` over those features, whatever the pair's text similarity and
occupation. Text is held as the person wrote it: adding a skill to a profile is not rewriting its text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from matcher.rank.additions import Addition, AdditionKind, missing_requirements, with_addition
from matcher.rank.features import FEATURE_NAMES, featurize
from matcher.rank.profile_arrays import SeekerArrays, TaxonomyView, build_seeker_arrays, vacancy_context
from matcher.rank.retrieval import EXCLUSION_CODES, START_GRACE_DAYS, Failures, constraint_failures
from matcher.rank.scoring import LinearScorer
from matcher.types import ScoredMatch, SeekerProfile, VacancyProfile, cefr_rank

# The features an addition can change: skill coverage, Swedish, other languages, commute, licences.
ADDABLE = tuple(
    FEATURE_NAMES.index(name)
    for name in (
        "required_skill_coverage",
        "desired_skill_coverage",
        "swedish_level_fit",
        "other_languages_fit",
        "commute_fit",
        "licence_fit",
    )
)
# A gain below this is rounding, not a change in fit.
MIN_GAIN = 1e-9


@dataclass(frozen=True, slots=True)
class Gain:
    """One addition for one pair: its gain in score (logits) and the hard constraints it lifts."""

    addition: Addition
    gain: float
    unblocks: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AdditionEffect:
    """One addition across a seeker's open placements.

    ``opened``: the placements the seeker would fit with it and does not now (passes every hard constraint
    and reaches the placement's bar); ``improved``: how many placements the seeker may be placed in would
    score higher; ``gain``: the summed gain over those.
    """

    addition: Addition
    opened: tuple[str, ...]
    improved: int
    gain: float


def _structured(seeker: SeekerProfile) -> SeekerProfile:
    # Only the structured side is evaluated: experiences would make every variant re-read its titles.
    return replace(seeker, experiences=(), text="")


def _variant_arrays(
    seeker: SeekerProfile, additions: Sequence[Addition], taxonomy: TaxonomyView
) -> SeekerArrays:
    base = _structured(seeker)
    return build_seeker_arrays([base, *(with_addition(base, a) for a in additions)], taxonomy)


def _effects(
    vacancy: VacancyProfile,
    arrays: SeekerArrays,
    taxonomy: TaxonomyView,
    coef: np.ndarray,
    reference_date: date | None,
    grace_days: int,
) -> tuple[np.ndarray, Failures]:
    """Per row, the structured score (the addable features' share) and the failed constraints."""
    ctx = vacancy_context(vacancy, arrays, taxonomy, reference_date)
    rows = np.arange(len(arrays))
    zeros = np.zeros(rows.size)
    X = featurize(ctx, arrays, rows, zeros, zeros)
    return X[:, ADDABLE] @ coef[list(ADDABLE)], constraint_failures(ctx, arrays, rows, grace_days)


def pair_gains(
    vacancy: VacancyProfile,
    seeker: SeekerProfile,
    scorer: LinearScorer,
    taxonomy: TaxonomyView,
    *,
    reference_date: date | None = None,
    start_grace_days: int = START_GRACE_DAYS,
) -> tuple[Gain, ...]:
    """Every requirement of the vacancy the seeker lacks, the costliest first: one that lifts a hard
    constraint (without it the person cannot be proposed), then by gain in score, then in the ad's order."""
    found = gains_by_seeker(
        vacancy, [seeker], scorer, taxonomy, reference_date=reference_date, start_grace_days=start_grace_days
    )
    return found[seeker.id]


def gains_by_seeker(
    vacancy: VacancyProfile,
    seekers: Sequence[SeekerProfile],
    scorer: LinearScorer,
    taxonomy: TaxonomyView,
    *,
    reference_date: date | None = None,
    start_grace_days: int = START_GRACE_DAYS,
) -> dict[str, tuple[Gain, ...]]:
    """``pair_gains`` for several seekers of one vacancy (a shortlist): every variant evaluated at once."""
    bases = [_structured(s) for s in seekers]
    arrays = build_seeker_arrays(bases, taxonomy)
    ctx = vacancy_context(vacancy, arrays, taxonomy, reference_date)
    wanted = [missing_requirements(ctx, arrays, i, taxonomy) for i in range(len(bases))]
    variants = [with_addition(bases[i], a) for i, additions in enumerate(wanted) for a in additions]
    if variants:
        arrays = build_seeker_arrays([*bases, *variants], taxonomy)
        coef = np.asarray(scorer.coef_, dtype=np.float64)
        scores, failures = _effects(vacancy, arrays, taxonomy, coef, reference_date, start_grace_days)
    out: dict[str, tuple[Gain, ...]] = {}
    row = len(bases)
    for i, (seeker, additions) in enumerate(zip(seekers, wanted, strict=True)):
        failing_now = [code for code in EXCLUSION_CODES if additions and failures[code][i]]
        gains = []
        for addition in additions:
            lifted = tuple(code for code in failing_now if not failures[code][row])
            gains.append(Gain(addition, max(float(scores[row] - scores[i]), 0.0), lifted))
            row += 1
        order = sorted(range(len(gains)), key=lambda j: (not gains[j].unblocks, -round(gains[j].gain, 9), j))
        out[seeker.id] = tuple(gains[j] for j in order)
    return out


def costliest_gap(gains: Sequence[Gain]) -> Gain | None:
    """The missing requirement that costs a pair the most (of its ``pair_gains``); None when none costs."""
    return gains[0] if gains and (gains[0].unblocks or gains[0].gain > MIN_GAIN) else None


def seeker_guidance(
    seeker: SeekerProfile,
    matches: Sequence[ScoredMatch],
    vacancies: Mapping[str, VacancyProfile],
    scorer: LinearScorer,
    taxonomy: TaxonomyView,
    *,
    bars: Mapping[str, float] | None = None,
    reference_date: date | None = None,
    start_grace_days: int = START_GRACE_DAYS,
) -> tuple[AdditionEffect, ...]:
    """The additions that would open or improve the seeker's placements, the best first.

    ``matches``: the seeker's pairs with the open placements, excluded ones included (as
    ``RankingPipeline.vacancies_for(..., include_excluded=True)`` gives them); ``bars``: per placement, the
    score a seeker must reach to be on its list (its current list's last score when the list is full;
    absent: passing the hard constraints is enough). Ordered by placements opened, then improved, then
    total gain; additions that change nothing are left out.
    """
    bars = bars or {}
    pairs = [(m, vacancies[m.vacancy_id]) for m in matches if m.vacancy_id in vacancies]
    base = build_seeker_arrays([_structured(seeker)], taxonomy)
    wanted: dict[tuple[str, str, str | None], Addition] = {}
    for _, vacancy in pairs:
        ctx = vacancy_context(vacancy, base, taxonomy, reference_date)
        # The commute is where the person lives, not something to add for every placement at once.
        for addition in missing_requirements(ctx, base, 0, taxonomy, commute=False):
            wanted.setdefault(addition.key, addition)
    additions = list(wanted.values())
    if not additions:
        return ()
    arrays = _variant_arrays(seeker, additions, taxonomy)
    coef = np.asarray(scorer.coef_, dtype=np.float64)
    opened: list[list[str]] = [[] for _ in additions]
    improved = np.zeros(len(additions), dtype=np.int64)
    gain = np.zeros(len(additions))
    for match, vacancy in pairs:
        scores, failures = _effects(vacancy, arrays, taxonomy, coef, reference_date, start_grace_days)
        ok = np.ones(len(arrays), dtype=bool)
        for mask in failures.values():
            ok &= ~mask
        bar = bars.get(match.vacancy_id, -math.inf)
        total = match.score + (scores - scores[0])
        fits = ok & (total >= bar)
        delta = scores[1:] - scores[0]
        better = ok[1:] & (delta > MIN_GAIN)
        improved += better
        gain += np.where(better, delta, 0.0)
        for i in np.flatnonzero(fits[1:] & ~fits[0]).tolist():
            opened[i].append(match.vacancy_id)
    # Ties go to the smaller step (Swedish B1 before B2); a language is named once, at its best level.
    order = sorted(
        range(len(additions)),
        key=lambda i: (
            -len(opened[i]),
            -int(improved[i]),
            -round(float(gain[i]), 9),
            _level(additions[i]),
            i,
        ),
    )
    named: set[tuple[str, str]] = set()
    out = []
    for i in order:
        a = additions[i]
        if not (opened[i] or improved[i]):
            continue
        if a.kind in (AdditionKind.SWEDISH, AdditionKind.LANGUAGE):
            language = ("sv", "") if a.kind == AdditionKind.SWEDISH else ("other", a.code)
            if language in named:
                continue
            named.add(language)
        out.append(AdditionEffect(a, tuple(opened[i]), int(improved[i]), float(gain[i])))
    return tuple(out)


def _level(addition: Addition) -> int:
    level = addition.code if addition.kind == AdditionKind.SWEDISH else addition.level
    return cefr_rank(level)
