"""From the scorer's logit to "how likely is this person a relevant match", and a band in words.

The scorer's logit orders people within one list; its size was set by hand and means nothing on its
own ("Matchning 100" used to mean only "best on this list"). ``MatchCalibration`` maps the logit to the
probability that the person is a relevant match (same occupation, same SSYK-4 group or 75 %
substitutable: grade ≥ 2 of the real-ad benchmark) by Platt scaling, ``p = σ(slope · score + intercept)``,
fitted on the benchmark's train split (``scripts/build_match_calibration.py``). A positive slope keeps
the map monotone: a higher score never reads as a weaker match.

A person with no occupational evidence (the occupation contributes nothing and no required or desired
skill is held) is never shown as more than a weak match, whatever the rest of the score says: commuting
distance, registration time or a text resemblance alone do not make someone fit a job. Their probability
is capped too, at the upper 95 % bound of the relevant share among such rows in the fitting data, so the
band and the figure agree.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from matcher.types import Contribution

WEIGHTS_FILE = "weights/match_calibration.json"
# Features that say something about the job itself; the rest (distance, start, registration time,
# language, text resemblance) can make a fitting person likelier to take a place, not fit it.
OCCUPATION_FEATURE = "occupation_fit"


class MatchBand(StrEnum):
    """The words an officer reads: stark / möjlig / svag."""

    WEAK = "weak"
    POSSIBLE = "possible"
    STRONG = "strong"


@dataclass(frozen=True, slots=True)
class MatchEstimate:
    probability: float
    band: MatchBand
    evidence: bool  # the occupation or a held skill speaks for the person


def _contribution_of(contributions: Iterable[Contribution | Mapping[str, Any]], feature: str) -> float:
    for c in contributions:
        name, value = (c["feature"], c.get("contribution", 0.0)) if isinstance(c, Mapping) else (c[0], c[2])
        if name == feature:
            return float(value)
    return 0.0


def has_job_evidence(
    contributions: Iterable[Contribution | Mapping[str, Any]], matched_skills: Sequence[str]
) -> bool:
    """True when the occupation contributes (> 0) or a required or desired skill is held.

    The skill coverage's contribution is not used: it is 1.0 (a full contribution) for every person
    when the placement states no skills, so it says nothing about this person."""
    return bool(matched_skills) or _contribution_of(contributions, OCCUPATION_FEATURE) > 0.0


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval of a share (honest at small n and at 0 or n successes)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    margin = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - margin), min(1.0, centre + margin)


class MatchCalibration:
    """sklearn-style Platt calibration of the scorer's logit, with the bands' thresholds.

    ``possible_from`` and ``strong_from`` are probabilities: below ``possible_from`` a match is weak,
    from ``strong_from`` strong, possible between."""

    def __init__(self, *, possible_from: float = 0.25, strong_from: float = 0.6) -> None:
        self.possible_from = possible_from
        self.strong_from = strong_from

    def fit(
        self,
        scores: np.ndarray,
        evidence: np.ndarray,
        relevant: np.ndarray,
        *,
        scorer_version: str | None = None,
    ) -> MatchCalibration:
        s = np.asarray(scores, dtype=np.float64)
        ev = np.asarray(evidence, dtype=bool)
        y = np.asarray(relevant, dtype=np.float64)
        if s.ndim != 1 or not (s.shape == ev.shape == y.shape):
            raise ValueError("scores, evidence and relevant must be 1-D of one length")
        if len(np.unique(y)) < 2:
            raise ValueError("calibration needs relevant and not relevant rows")
        if not 0.0 < self.possible_from < self.strong_from < 1.0:
            raise ValueError("need 0 < possible_from < strong_from < 1")
        self.slope_, self.intercept_ = _platt(s, y)
        if self.slope_ <= 0.0:
            raise ValueError("the score does not rise with relevance: no monotone calibration")
        n_without = int((~ev).sum())
        self.no_evidence_cap_ = wilson_interval(int(y[~ev].sum()), n_without)[1]
        self.n_samples_ = int(s.size)
        self.base_rate_ = float(y.mean())
        self.scorer_version_ = scorer_version
        return self

    def _check(self) -> None:
        if not hasattr(self, "slope_"):
            raise ValueError("MatchCalibration is not fitted")

    def predict_proba(self, scores: np.ndarray, evidence: np.ndarray) -> np.ndarray:
        """Probability of a relevant match per row; rows without evidence are capped."""
        self._check()
        s = np.asarray(scores, dtype=np.float64)
        p = 1.0 / (1.0 + np.exp(-(self.slope_ * s + self.intercept_)))
        return np.where(np.asarray(evidence, dtype=bool), p, np.minimum(p, self.no_evidence_cap_))

    def band(self, probability: float, evidence: bool) -> MatchBand:
        if not evidence:  # never more than weak, whatever the figure (see the module docstring)
            return MatchBand.WEAK
        if probability >= self.strong_from:
            return MatchBand.STRONG
        return MatchBand.POSSIBLE if probability >= self.possible_from else MatchBand.WEAK

    def estimate(
        self,
        score: float,
        contributions: Iterable[Contribution | Mapping[str, Any]],
        matched_skills: Sequence[str],
    ) -> MatchEstimate:
        """The calibrated probability and band of one scored pair."""
        evidence = has_job_evidence(contributions, matched_skills)
        p = float(self.predict_proba(np.asarray([score]), np.asarray([evidence]))[0])
        return MatchEstimate(round(p, 4), self.band(p, evidence), evidence)

    def applies_to(self, model_version: str) -> bool:
        """Whether a list ranked by ``model_version`` ("scorer+embedder") was scored by the scorer this
        calibration was fitted on: a retrained scorer's logits mean something else."""
        self._check()
        return self.scorer_version_ is None or model_version.split("+", 1)[0] == self.scorer_version_

    # -- persistence ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        self._check()
        return {
            "method": "platt",
            "slope": self.slope_,
            "intercept": self.intercept_,
            "no_evidence_cap": self.no_evidence_cap_,
            "possible_from": self.possible_from,
            "strong_from": self.strong_from,
            "n_samples": self.n_samples_,
            "base_rate": self.base_rate_,
            "scorer_version": self.scorer_version_,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchCalibration:
        model = cls(possible_from=float(data["possible_from"]), strong_from=float(data["strong_from"]))
        model.slope_ = float(data["slope"])
        model.intercept_ = float(data["intercept"])
        model.no_evidence_cap_ = float(data["no_evidence_cap"])
        model.n_samples_ = int(data.get("n_samples", 0))
        model.base_rate_ = float(data.get("base_rate", float("nan")))
        model.scorer_version_ = data.get("scorer_version")
        if model.slope_ <= 0.0:
            raise ValueError("a calibration with a non-positive slope is not monotone")
        return model

    def save(self, path: str | Path, **extra: Any) -> None:
        """Write the weights, with ``extra`` (provenance, figures) beside them."""
        payload = {**self.to_dict(), **extra}
        Path(path).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> MatchCalibration:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def default(cls) -> MatchCalibration:
        """The shipped calibration (``matcher/weights/match_calibration.json``)."""
        text = resources.files("matcher").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
        return cls.from_dict(json.loads(text))


def _platt(s: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Maximum-likelihood logistic fit of y on s (no penalty: two parameters, thousands of rows)."""
    from scipy.optimize import minimize  # fitting only: ~0.5 s to import, and the service never fits

    t = 2.0 * y - 1.0

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = t * (w[0] * s + w[1])
        g = -t / (1.0 + np.exp(z))
        return float(np.logaddexp(0.0, -z).mean()), np.array([(g * s).mean(), g.mean()])

    result = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    return float(result.x[0]), float(result.x[1])
