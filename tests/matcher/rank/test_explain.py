"""Reasons in Swedish and English, reproducible from stored contributions and facts."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from matcher.rank.explain import MESSAGES, explain, explain_many
from matcher.rank.features import FEATURE_NAMES
from matcher.rank.scoring import LinearScorer
from matcher.types import Contribution


def facts(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "experience": {"title": "lokalvårdare", "years": 3.0, "relation": 1.0},
        "matched_required": ["Kontorsstädning"],
        "missing_required": [],
        "matched_desired": [],
        "missing_licences": ["TRUCK"],
        "held_licences": [],
        "distance_km": 12.3,
        "max_commute_km": 30.0,
        "swedish_level": "B2",
        "swedish_required": "B1",
        "start_gap_days": -10,
        "registered_months": 14,
    }
    base.update(overrides)
    return base


def contributions(values: dict[str, float]) -> list[Contribution]:
    scorer = LinearScorer.default()
    x = [values.get(name, 0.0) for name in FEATURE_NAMES]
    return [Contribution(n, v, v * c) for n, v, c in zip(FEATURE_NAMES, x, scorer.coef_, strict=True)]


def test_reasons_in_both_languages() -> None:
    reasons = explain(contributions({"occupation_fit": 0.9, "commute_fit": 1.0, "licence_fit": 0.0}), facts())
    by_code = {r.code: r for r in reasons}
    assert by_code["experience"].sv == "Har arbetat som lokalvårdare i 3 år"
    assert by_code["experience"].en == "Has worked as lokalvårdare for 3 years"
    assert by_code["licence_missing"].sv == "Saknar truckkort (krävs)"
    assert by_code["licence_missing"].en == "Lacks truck licence (required)"
    assert not by_code["licence_missing"].positive
    assert by_code["commute_near"].sv == "Bor 12 km från arbetsplatsen"
    assert by_code["commute_near"].en == "Lives 12 km from the workplace"
    assert 2 <= len(reasons) <= 5
    assert reasons[0].code == "experience"  # the largest contribution comes first


def test_positive_reasons_precede_negative_and_are_capped() -> None:
    f = facts(
        missing_required=["Golvvård", "Storstädning", "Sanering"],
        swedish_level="A1",
        distance_km=80.0,
        start_gap_days=20,
    )
    reasons = explain(contributions({"occupation_fit": 1.0, "required_skill_coverage": 0.25}), f)
    assert len(reasons) == 5
    flags = [r.positive for r in reasons]
    assert flags == sorted(flags, reverse=True)
    assert sum(not p for p in flags) == 2


def test_reasons_reproduce_from_stored_json() -> None:
    contribs = contributions({"occupation_fit": 0.8, "semantic_similarity": 0.7})
    stored = json.dumps(
        {"contributions": [[c.feature, c.value, c.contribution] for c in contribs], "facts": facts()}
    )
    loaded = json.loads(stored)
    again = explain([Contribution(*c) for c in loaded["contributions"]], loaded["facts"])
    assert again == explain(contribs, facts())


def test_at_least_two_reasons_when_facts_allow() -> None:
    sparse_facts = facts(
        experience=None,
        matched_required=[],
        missing_licences=[],
        distance_km=None,
        swedish_required=None,
        registered_months=None,
    )
    reasons = explain(contributions({"semantic_similarity": 0.8, "start_gap": 1.0}), sparse_facts)
    assert [r.code for r in reasons] == ["text_similarity", "starts_on_time"]


def test_every_message_has_both_languages() -> None:
    for code, (sv, en) in MESSAGES.items():
        assert sv and en and sv != en, code


def test_a_lists_explanations_equal_each_rows() -> None:
    """``explain_many`` (one sort for a whole list) gives each row what ``explain`` gives it, ties in
    contribution broken by feature name both ways, and a row with NaN explained as ``explain`` does."""
    rng = np.random.default_rng(3)
    coef = LinearScorer.default().coef_
    # Values on a coarse grid: many rows tie in several contributions.
    values = rng.integers(0, 3, size=(300, len(FEATURE_NAMES))) / 2.0
    shares = values * coef
    rows = [
        facts(
            missing_licences=[] if i % 3 else ["TRUCK"],
            held_licences=["B"] if i % 5 == 0 else [],
            missing_required=["Golvvård"] * (i % 3),
            distance_km=None if i % 7 == 0 else float(i % 60),
            swedish_level=None if i % 4 == 0 else "B2",
            start_gap_days=i % 40 - 20,
            registered_months=i % 20,
        )
        for i in range(len(values))
    ]

    def one_by_one(v: np.ndarray, s: np.ndarray) -> list[tuple[object, ...]]:
        return [
            explain(list(zip(FEATURE_NAMES, a, b, strict=True)), f)
            for a, b, f in zip(v.tolist(), s.tolist(), rows, strict=True)
        ]

    assert explain_many(FEATURE_NAMES, values, shares, rows) == one_by_one(values, shares)
    assert len({tuple(np.argsort(-s, kind="stable")) for s in shares}) > 100  # many different orders
    shares[5, 3] = np.nan
    assert explain_many(FEATURE_NAMES, values, shares, rows) == one_by_one(values, shares)
