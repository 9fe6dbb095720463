"""Contributions plus the pair's facts → 2–5 short reasons in Swedish and English.

``pair_facts`` collects the plain facts behind a score (JSON-serialisable, so the service can store
them); ``explain(contributions, facts)`` is a pure function of the two, so stored shortlists can be
re-explained exactly. Every user-facing string lives in ``MESSAGES`` (Swedish first).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from matcher.rank import kernels
from matcher.rank.profile_arrays import (
    SeekerArrays,
    VacancyContext,
    experience_occupations,
    seeker_licences,
)
from matcher.types import CEFR_LEVELS, Reason

MESSAGES: dict[str, tuple[str, str]] = {
    "experience": ("Har arbetat som {title} i {years_sv} år", "Has worked as {title} for {years_en}"),
    "related_occupation": (
        "Har erfarenhet från ett närliggande yrke",
        "Has experience in a related occupation",
    ),
    "occupation_inferred": (
        "Yrke tolkat ur annonsen: {label} ({percent} %)",
        "Occupation inferred from the ad: {label} ({percent}%)",
    ),
    "occupation_confirmed": ("Bekräftat yrke: {label}", "Confirmed occupation: {label}"),
    "skills_all": ("Har alla {n} krävda kompetenser", "Has all {n} required skills"),
    "skills_the_one": ("Har den krävda kompetensen", "Has the required skill"),
    "skills_partial": ("Har {m} av {n} krävda kompetenser", "Has {m} of {n} required skills"),
    "skills_desired": ("Har meriterande kompetens: {skills}", "Has desired skills: {skills}"),
    "skill_missing": ("Saknar {skill} (krävs)", "Lacks {skill} (required)"),
    "licence_held": ("Har {licence_sv} (krävs)", "Holds {licence_en} (required)"),
    "licence_missing": ("Saknar {licence_sv} (krävs)", "Lacks {licence_en} (required)"),
    "commute_near": ("Bor {km} km från arbetsplatsen", "Lives {km} km from the workplace"),
    "commute_same": ("Bor i arbetsplatsens kommun", "Lives in the workplace's municipality"),
    "commute_far": (
        "Bor {km} km från arbetsplatsen, längre än önskat pendlingsavstånd",
        "Lives {km} km from the workplace, beyond the wanted commute",
    ),
    "swedish_ok": (
        "Svenska {level_sv} (krav {required})",
        "Swedish {level_en} ({required} required)",
    ),
    "swedish_low": (
        "Svenska på nivå {level}, krav {required}",
        "Swedish at level {level}, {required} required",
    ),
    "swedish_unknown": (
        "Okänd nivå i svenska (krav {required})",
        "Swedish level unknown ({required} required)",
    ),
    "text_similarity": ("Profilen liknar annonsen", "The profile resembles the ad"),
    "starts_on_time": ("Kan börja till startdatum", "Can start by the start date"),
    "start_late": (
        "Tillgänglig först {days} dagar efter start",
        "Available only {days} days after the start",
    ),
    "registration_time": (
        "Inskriven som arbetssökande i {months} månader",
        "Registered as a job seeker for {months} months",
    ),
}
# Unrelated Swedish texts already reach cosine ≈ 0.4 with the default model; only say so when it is high.
TEXT_SIMILARITY_REASON = {"semantic_similarity": 0.6, "lexical_similarity": 0.3}
LICENCE_NAMES: dict[str, tuple[str, str]] = {
    "TRUCK": ("truckkort", "truck licence"),
    "TRUCK_A": ("truckkort A", "truck licence A"),
    "TRUCK_B": ("truckkort B", "truck licence B"),
    "TRUCK_C": ("truckkort C", "truck licence C"),
    "TRUCK_D": ("truckkort D", "truck licence D"),
    "YKB": ("YKB (yrkeskompetensbevis)", "driver CPC (YKB)"),
    "ADR": ("ADR-intyg", "ADR certificate"),
}


def _licence_name(code: str) -> tuple[str, str]:
    if code in LICENCE_NAMES:
        return LICENCE_NAMES[code]
    return f"körkort {code}", f"driving licence {code}"


def _swedish_level(level: str) -> tuple[str, str]:
    """ "på nivå B2" / "at level B2"; a mother tongue is not a CEFR level ("native" → "som modersmål")."""
    if level == "native":
        return "som modersmål", "as mother tongue"
    return f"på nivå {level}", f"at level {level}"


def _years(y: float) -> tuple[str, str]:
    text = f"{y:g}" if y != int(y) else str(int(y))
    return text.replace(".", ","), f"{text} year" + ("" if y == 1 else "s")


def pair_facts(
    ctx: VacancyContext, arrays: SeekerArrays, row: int, distance_km: float | None
) -> dict[str, Any]:
    """The facts behind one pair's features, as plain JSON values."""
    return pair_facts_many(ctx, arrays, [row], [distance_km])[0]


def pair_facts_many(
    ctx: VacancyContext,
    arrays: SeekerArrays,
    rows: Sequence[int],
    distances_km: Sequence[float | None],
    *,
    shared: bool = False,
) -> list[dict[str, Any]]:
    """``pair_facts`` for several seekers of one vacancy: the array look-ups made once for all rows.
    ``shared``: rows with the same skills or licences share those lists, for a caller that only reads
    them (a re-rank's 10^5 facts are read once, to explain, and dropped)."""
    idx = np.asarray(rows, dtype=np.int64)
    swedish = arrays.swedish[idx].tolist()
    gaps = (arrays.available_from[idx] - ctx.start_ordinal).tolist()
    months_of = ((ctx.reference_ordinal - arrays.registered[idx]) / 30.44).tolist()
    commutes = arrays.max_commute_km[idx].tolist()
    required_codes = ctx.licences_required
    # A licence without a bit is held by nobody in the pool, unless the pool has more than 64 kinds.
    held_of: list[frozenset[str]] | None
    if not required_codes:  # only required licences are reported
        held_of = [frozenset()] * len(rows)
    elif all(arrays.licence_vocab.get(c, 0) < 64 for c in required_codes):
        masks = arrays.licences[idx].tolist()
        by_mask: dict[int, frozenset[str]] = {}
        held_of = []
        for mask in masks:
            held_here = by_mask.get(mask)
            if held_here is None:
                held_here = by_mask[mask] = frozenset(
                    c for c, bit in zip(required_codes, ctx.licence_bits, strict=True) if mask & bit
                )
            held_of.append(held_here)
    else:
        held_of = None
    relation, occ_vocab = ctx.relation, arrays.occ_vocab
    m, vocab = arrays.skills, arrays.skill_vocab
    wanted = [key for key, _ in ctx.required + ctx.desired]
    # Which of the wanted skills each row holds (a column -1: held by nobody in the pool), as the positions
    # of the wanted it holds: rows that hold the same ones (most of a list) share their skill facts.
    held_rows, held_at = np.nonzero(
        kernels.held_columns(
            idx, m.indptr, m.indices, np.asarray([vocab.get(key, -1) for key in wanted], dtype=np.int64)
        )
    )
    bounds = np.searchsorted(held_rows, np.arange(len(rows) + 1)).tolist()
    held_positions = held_at.tolist()
    skill_facts: dict[tuple[int, ...], tuple[list[str], list[str], list[str]]] = {}
    licence_facts: dict[frozenset[str], tuple[list[str], list[str]]] = {}
    basis = ctx.occupation_basis
    vacancy_occupation = (
        None
        if basis is None
        else {"label": basis[0], "probability": round(basis[1], 4), "confirmed": basis[2]}
    )
    swedish_required = CEFR_LEVELS[ctx.swedish_required - 1] if ctx.swedish_required else None
    out = []
    for n, row in enumerate(rows):
        best: tuple[float, float, str] | None = None
        experiences = (
            arrays.experiences[row] if arrays.experiences else experience_occupations(arrays.profiles[row])
        )
        for occ_id, years, title, _ in experiences:
            j = occ_vocab.get(occ_id)
            rel = float(relation[j]) if j is not None else 0.0
            if rel >= 0.5 and (best is None or (rel, years) > best[:2]):
                best = (rel, years, title)
        positions = tuple(held_positions[bounds[n] : bounds[n + 1]])
        skills = skill_facts.get(positions)
        if skills is None:
            has = {wanted[w] for w in positions}
            skills = skill_facts[positions] = (
                [label for key, label in ctx.required if key in has],
                [label for key, label in ctx.required if key not in has],
                [label for key, label in ctx.desired if key in has],
            )
        held = held_of[n] if held_of is not None else frozenset(seeker_licences(arrays.profiles[row]))
        licences = licence_facts.get(held)
        if licences is None:
            licences = licence_facts[held] = (
                [c for c in required_codes if c not in held],
                [c for c in required_codes if c in held],
            )
        sw, gap, months, commute = swedish[n], gaps[n], months_of[n], commutes[n]
        distance_km = distances_km[n]
        out.append(
            {
                "vacancy_occupation": vacancy_occupation,
                "experience": None
                if best is None
                else {"title": best[2], "years": best[1], "relation": best[0]},
                # copies (unless ``shared``): each row's facts are its own, whichever rows share their values
                "matched_required": skills[0] if shared else skills[0].copy(),
                "missing_required": skills[1] if shared else skills[1].copy(),
                "matched_desired": skills[2] if shared else skills[2].copy(),
                "missing_licences": licences[0] if shared else licences[0].copy(),
                "held_licences": licences[1] if shared else licences[1].copy(),
                "distance_km": None
                if distance_km is None or math.isnan(distance_km)
                else round(distance_km, 1),
                "max_commute_km": 30.0 if math.isnan(commute) else commute,
                "swedish_level": CEFR_LEVELS[int(sw) - 1] if sw else None,
                "swedish_required": swedish_required,
                "start_gap_days": None if math.isnan(gap) else int(gap),
                "registered_months": None if math.isnan(months) else max(0, int(months)),
            }
        )
    return out


def _reason(code: str, positive: bool, **values: Any) -> Reason:
    sv, en = MESSAGES[code]
    return Reason(code, sv.format(**values), en.format(**values), positive)


# Each reason is a pure function of a few values. The same few recur across a re-rank's 10^5-10^6 pairs:
# each is made once per distinct value (formatting was most of explaining one pair) and then shared (a
# Reason is immutable), which also lets pickle send each distinct one once per batch. Functions of a
# row's value and facts give a tuple of reasons (often the empty one).
_NONE: tuple[Reason, ...] = ()
_CACHED = 4096
_cached = lru_cache(maxsize=_CACHED, typed=True)


@_cached
def _plain(code: str) -> tuple[Reason, ...]:
    """A positive reason without values (text similarity, start on time, related occupation, ...)."""
    return (_reason(code, True),)


@_cached
def _experience(title: str, years: float) -> Reason:
    years_sv, years_en = _years(round(years, 1))
    return _reason("experience", True, title=title, years_sv=years_sv, years_en=years_en)


@_cached
def _basis(label: str, confirmed: bool, probability: float) -> tuple[Reason, ...]:
    if confirmed:
        return (_reason("occupation_confirmed", True, label=label),)
    return (_reason("occupation_inferred", True, label=label, percent=round(100 * probability)),)


@_cached
def _skills(n_matched: int, n_missing: int) -> tuple[Reason, ...]:
    n = n_matched + n_missing
    code = "skills_all" if not n_missing else "skills_partial"
    code = "skills_the_one" if code == "skills_all" and n == 1 else code  # "alla 1 krävda" is not Swedish
    return (_reason(code, True, n=n, m=n_matched),)


@_cached
def _desired(skills: str) -> tuple[Reason, ...]:
    return (_reason("skills_desired", True, skills=skills),)


@_cached
def _near(km: float) -> tuple[Reason, ...]:
    if km < 1.0:  # both at the same municipality centroid
        return _plain("commute_same")
    return (_reason("commute_near", True, km=f"{km:.0f}"),)


@_cached
def _swedish_ok(level: str, required: str) -> tuple[Reason, ...]:
    level_sv, level_en = _swedish_level(level)
    return (_reason("swedish_ok", True, level_sv=level_sv, level_en=level_en, required=required),)


@_cached
def _licences_held(codes: tuple[str, ...]) -> tuple[Reason, ...]:
    sv, en = zip(*(_licence_name(c) for c in codes), strict=True)
    return (_reason("licence_held", True, licence_sv=", ".join(sv), licence_en=", ".join(en)),)


@_cached
def _registered(months: int) -> tuple[Reason, ...]:
    return (_reason("registration_time", True, months=months),)


@_cached
def _licence_missing(licence: str) -> Reason:
    sv, en = _licence_name(licence)
    return _reason("licence_missing", False, licence_sv=sv, licence_en=en)


@_cached
def _skill_missing(skill: str) -> Reason:
    return _reason("skill_missing", False, skill=skill)


@_cached
def _swedish_low(level: str, required: str) -> Reason:
    return _reason("swedish_low", False, level=level, required=required)


@_cached
def _swedish_unknown(required: str) -> Reason:
    return _reason("swedish_unknown", False, required=required)


@_cached
def _commute_far(km: float) -> Reason:
    return _reason("commute_far", False, km=f"{km:.0f}")


@_cached
def _start_late(days: int) -> Reason:
    return _reason("start_late", False, days=days)


def _occupation_reasons(value: float, facts: Mapping[str, Any]) -> tuple[Reason, ...]:
    if not value > 0:  # (NaN included, as before)
        return _NONE
    exp = facts.get("experience")
    if exp and exp["years"] > 0:
        found = _experience(exp["title"], float(exp["years"]))
    elif value >= 0.5:
        found = _plain("related_occupation")[0]
    else:
        return _NONE
    return (found, *_occupation_basis(facts))


def _required_reasons(value: float, facts: Mapping[str, Any]) -> tuple[Reason, ...]:
    if not facts["matched_required"]:
        return _NONE
    return _skills(len(facts["matched_required"]), len(facts["missing_required"]))


def _desired_reasons(value: float, facts: Mapping[str, Any]) -> tuple[Reason, ...]:
    if not facts["matched_desired"]:
        return _NONE
    return _desired(", ".join(facts["matched_desired"][:3]))


def _text_reasons(threshold: float) -> Any:
    def reasons(value: float, facts: Mapping[str, Any]) -> tuple[Reason, ...]:
        return _plain("text_similarity") if value >= threshold else _NONE

    return reasons


def _commute_reasons(value: float, facts: Mapping[str, Any]) -> tuple[Reason, ...]:
    if not value >= 1.0 or facts["distance_km"] is None:
        return _NONE
    return _near(facts["distance_km"])


def _swedish_reasons(value: float, facts: Mapping[str, Any]) -> tuple[Reason, ...]:
    if not value >= 1.0 or not facts["swedish_required"] or not facts["swedish_level"]:
        return _NONE
    return _swedish_ok(facts["swedish_level"], facts["swedish_required"])


def _licence_reasons(value: float, facts: Mapping[str, Any]) -> tuple[Reason, ...]:
    if not facts["held_licences"] or facts["missing_licences"]:
        return _NONE
    return _licences_held(tuple(facts["held_licences"]))


def _start_reasons(value: float, facts: Mapping[str, Any]) -> tuple[Reason, ...]:
    if value >= 1.0 and facts["start_gap_days"] is not None:
        return _plain("starts_on_time")
    return _NONE


def _registration_reasons(value: float, facts: Mapping[str, Any]) -> tuple[Reason, ...]:
    if (facts["registered_months"] or 0) >= 6:
        return _registered(facts["registered_months"])
    return _NONE


# Per feature, the positive reasons it can give (a table: ranking explains 10^5 pairs, each walking up
# to 14 features; one look-up per feature instead of a chain of comparisons).
_POSITIVE: dict[str, Any] = {
    "occupation_fit": _occupation_reasons,
    "required_skill_coverage": _required_reasons,
    "desired_skill_coverage": _desired_reasons,
    "semantic_similarity": _text_reasons(TEXT_SIMILARITY_REASON["semantic_similarity"]),
    "lexical_similarity": _text_reasons(TEXT_SIMILARITY_REASON["lexical_similarity"]),
    "commute_fit": _commute_reasons,
    "swedish_level_fit": _swedish_reasons,
    "licence_fit": _licence_reasons,
    "start_gap": _start_reasons,
    "registration_time": _registration_reasons,
}


@lru_cache(maxsize=8)
def _reasons_of(features: tuple[str, ...]) -> tuple[Any, ...]:
    """Each feature's reasons function (None: it gives no positive reason)."""
    return tuple(_POSITIVE.get(f) for f in features)


def _occupation_basis(facts: Mapping[str, Any]) -> tuple[Reason, ...]:
    """Whether the vacancy's occupation was confirmed by a person or inferred from its text."""
    basis = facts.get("vacancy_occupation")  # absent in facts stored before it existed
    if not basis:
        return _NONE
    return _basis(basis["label"], bool(basis["confirmed"]), basis["probability"])


def _negative_reasons(facts: Mapping[str, Any]) -> list[Reason]:
    out = [_licence_missing(c) for c in facts["missing_licences"]]
    if facts["missing_required"]:
        out += [_skill_missing(s) for s in facts["missing_required"][:2]]
    required, level = facts["swedish_required"], facts["swedish_level"]
    if required and level and CEFR_LEVELS.index(level) < CEFR_LEVELS.index(required):
        out.append(_swedish_low(level, required))
    elif required and not level:
        out.append(_swedish_unknown(required))
    km = facts["distance_km"]
    if km is not None and km > facts["max_commute_km"]:
        out.append(_commute_far(km))
    if (facts["start_gap_days"] or 0) > 0:
        out.append(_start_late(facts["start_gap_days"]))
    return out


def explain(
    contributions: Sequence[tuple[str, float, float]], facts: Mapping[str, Any], max_reasons: int = 5
) -> tuple[Reason, ...]:
    """Up to three positive reasons (largest contributions first), then up to two negative ones.

    ``contributions``: ``Contribution``s or plain (feature, value, contribution) triples.

    At least two reasons are returned whenever the facts allow it.
    """
    features, values, shares = (
        [c[0] for c in contributions],
        [c[1] for c in contributions],
        [c[2] for c in contributions],
    )
    # Largest contribution first, ties by feature name (two stable sorts).
    order = sorted(
        sorted(range(len(features)), key=features.__getitem__), key=shares.__getitem__, reverse=True
    )
    return _chosen(_reasons_of(tuple(features)), values, order, facts, max_reasons)


def explain_many(
    features: Sequence[str],
    values: np.ndarray,
    shares: np.ndarray,
    facts: Sequence[Mapping[str, Any]],
    max_reasons: int = 5,
) -> list[tuple[Reason, ...]]:
    """``explain`` for each row (a match; ``values`` and ``shares`` have a column per feature), the rows'
    orders from one sort: a re-rank explains 10^5 pairs."""
    value_rows = values.tolist()
    if not np.isfinite(shares).all():  # NaN has no place in an order: ``explain``'s sorts decide, as ever
        return [
            explain(list(zip(features, v, s, strict=True)), f, max_reasons)
            for v, s, f in zip(value_rows, shares.tolist(), facts, strict=True)
        ]
    # Share descending, ties by feature name: the order ``explain``'s two sorts give, of the features
    # that can give a reason (``_chosen`` passes over the others).
    speaking, by_name = _speaking(tuple(features))
    shares = shares[:, speaking]
    orders = speaking[np.lexsort((np.broadcast_to(by_name, shares.shape), -shares), axis=-1)].tolist()
    table = _reasons_of(tuple(features))
    return [
        _chosen(table, v, order, f, max_reasons)
        for order, v, f in zip(orders, value_rows, facts, strict=True)
    ]


@lru_cache(maxsize=8)
def _speaking(features: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The positions of the features with positive reasons, and their ranks by name."""
    speaking = np.asarray([j for j, f in enumerate(features) if f in _POSITIVE], dtype=np.int64)
    return speaking, _name_ranks(features)[speaking]


@lru_cache(maxsize=8)
def _name_ranks(features: tuple[str, ...]) -> np.ndarray:
    """Each feature's position among the features sorted by name."""
    ranks = np.empty(len(features), dtype=np.int64)
    ranks[sorted(range(len(features)), key=features.__getitem__)] = np.arange(len(features))
    return ranks


def _chosen(
    table: Sequence[Any],
    values: Sequence[float],
    order: Sequence[int],
    facts: Mapping[str, Any],
    max_reasons: int,
) -> tuple[Reason, ...]:
    """The reasons, given the features' order by contribution (largest first)."""
    positives: list[Reason] = []
    codes: set[str] = set()
    for j in order:
        reasons = table[j]
        if reasons is None:
            continue
        for reason in reasons(values[j], facts):
            if reason.code not in codes:
                codes.add(reason.code)
                positives.append(reason)
        if len(positives) >= 3:  # no more than three are ever shown (nor needed to fill up to two)
            break
    negatives = _negative_reasons(facts)
    n_neg = min(len(negatives), 2, max_reasons - min(len(positives), 3))
    chosen = positives[: max_reasons - n_neg][:3] + negatives[:n_neg]
    if len(chosen) < 2:
        chosen += [r for r in positives[3:] + negatives[n_neg:] if r not in chosen][: 2 - len(chosen)]
    return tuple(chosen[:max_reasons])
