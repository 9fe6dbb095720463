"""The explainable scorer: a logistic model whose logit is a sum of per-feature contributions.

``score = intercept + sum(coef[j] * x[j])`` exactly, so every shortlist score can be broken down
into the additive shares that ``matcher.rank.explain`` turns into reasons. Coefficients are constrained
to be non-negative (every feature is oriented so that higher means a better fit), which keeps the
model monotone and its explanations honest even when trained on few, noisy review decisions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

# Fitting's libraries (scipy.optimize, scikit-learn: ~1.5 s to import) are imported by ``fit`` only: every
# process that ranks imports this module, and none of them fits.

# Reviewer decisions that say "this candidate fits" and rejection reasons that say "does not fit".
# Rejections for other reasons (position filled, candidate declined, …) carry no signal about fit.
# The values are the service's (models.enums.Decision, ReasonCode); the engine keeps its own copy so
# it stays free of service imports.
POSITIVE_DECISIONS = frozenset({"propose"})
POSITIVE_OUTCOMES = frozenset({"hired", "interviewed"})
FIT_REJECTION_REASONS = frozenset(
    {"fit_skills", "fit_language", "fit_licence", "fit_distance", "fit_experience"}
)


@dataclass(frozen=True, slots=True)
class Decision:
    """One reviewed pair as stored by the service."""

    features: Mapping[str, float]
    decision: str
    reason_code: str | None = None
    outcome: str | None = None
    group: str | None = None  # the vacancy id: CV folds never split a vacancy
    decided_on: date | None = None


@dataclass(frozen=True, slots=True)
class TrainingSet:
    X: np.ndarray
    y: np.ndarray
    groups: np.ndarray
    window: tuple[date | None, date | None]


def training_set(decisions: Iterable[Decision], feature_names: Sequence[str]) -> TrainingSet:
    """Proposed/hired → 1, rejected with a fit-related reason → 0, anything else is left out."""
    rows, labels, groups, days = [], [], [], []
    for d in decisions:
        if d.outcome in POSITIVE_OUTCOMES or d.decision in POSITIVE_DECISIONS:
            label = 1
        elif d.decision == "reject" and d.reason_code in FIT_REJECTION_REASONS:
            label = 0
        else:
            continue
        rows.append([float(d.features.get(name, 0.0)) for name in feature_names])
        labels.append(label)
        groups.append(d.group or "")
        if d.decided_on is not None:
            days.append(d.decided_on)
    X = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(feature_names))
    window = (min(days), max(days)) if days else (None, None)
    return TrainingSet(X, np.asarray(labels, dtype=np.int64), np.asarray(groups, dtype=object), window)


def _ndcg_of_group(y: np.ndarray, s: np.ndarray, k: int = 10) -> float:
    order = np.lexsort((np.arange(len(s)), -s))[:k]
    discounts = 1.0 / np.log2(np.arange(2, k + 2))
    dcg = float((y[order] * discounts[: len(order)]).sum())
    ideal = np.sort(y)[::-1][:k]
    idcg = float((ideal * discounts[: len(ideal)]).sum())
    return dcg / idcg if idcg > 0 else float("nan")


class LinearScorer:
    """sklearn-style logistic scorer with optional non-negative coefficients."""

    def __init__(self, C: float = 1.0, nonnegative: bool = True, cv: int = 5, random_state: int = 0):
        self.C = C
        self.nonnegative = nonnegative
        self.cv = cv
        self.random_state = random_state

    # -- fitting -------------------------------------------------------------------------------
    def _solve(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
        from scipy.optimize import minimize

        n, m = X.shape
        Xb = np.hstack([X, np.ones((n, 1))])
        penalty = np.r_[np.ones(m), 0.0] / (self.C * n)
        t = 2.0 * y - 1.0

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            z = t * (Xb @ w)
            value = float(np.logaddexp(0.0, -z).mean() + 0.5 * (penalty * w * w).sum())
            grad = -(Xb.T @ (t * (1.0 / (1.0 + np.exp(z))))) / n + penalty * w
            return value, grad

        bounds = [(0.0, None) if self.nonnegative else (None, None)] * m + [(None, None)]
        result = minimize(loss, np.zeros(m + 1), jac=True, method="L-BFGS-B", bounds=bounds)
        return result.x[:m].copy(), float(result.x[m])

    def fit(
        self,
        X: np.ndarray,
        y: np.ndarray,
        *,
        groups: np.ndarray | None = None,
        feature_names: Sequence[str] | None = None,
        window: tuple[date | None, date | None] = (None, None),
    ) -> LinearScorer:
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y, dtype=np.int64)
        if X.ndim != 2 or X.shape[0] != y.shape[0]:
            raise ValueError("X must be 2-D with one row per label")
        if len(np.unique(y)) < 2:
            raise ValueError("training needs both positive and negative examples")
        self.feature_names_in_ = np.asarray(
            feature_names if feature_names is not None else [f"x{j}" for j in range(X.shape[1])], dtype=object
        )
        self.metrics_ = self._cross_validate(X, y, groups)
        self.coef_, self.intercept_ = self._solve(X, y)
        self.n_samples_ = int(X.shape[0])
        self.window_ = window
        return self

    def _cross_validate(self, X: np.ndarray, y: np.ndarray, groups: np.ndarray | None) -> dict[str, float]:
        from sklearn.metrics import roc_auc_score
        from sklearn.model_selection import GroupKFold, StratifiedKFold

        if groups is not None and len(set(groups.tolist())) >= 2:
            splitter: Any = GroupKFold(n_splits=min(self.cv, len(set(groups.tolist()))))
            splits = splitter.split(X, y, groups)
        else:
            n_splits = int(min(self.cv, np.bincount(y).min()))
            if n_splits < 2:
                return {}
            splits = StratifiedKFold(n_splits, shuffle=True, random_state=self.random_state).split(X, y)
        scores = np.zeros(len(y))
        for train, test in splits:
            if len(np.unique(y[train])) < 2:
                continue
            coef, b = self._solve(X[train], y[train])
            scores[test] = X[test] @ coef + b
        metrics = {"cv_auc": float(roc_auc_score(y, scores))}
        if groups is not None:
            ndcgs = [_ndcg_of_group(y[groups == g], scores[groups == g]) for g in set(groups.tolist())]
            valid = [v for v in ndcgs if not np.isnan(v)]
            if valid:
                metrics["cv_ndcg@10"] = float(np.mean(valid))
        return metrics

    # -- scoring -------------------------------------------------------------------------------
    def decision_function(self, X: np.ndarray) -> np.ndarray:
        intercept, parts = self.contributions(X)
        return intercept + parts.sum(axis=1)

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def contributions(self, X: np.ndarray) -> tuple[float, np.ndarray]:
        """``(intercept, X * coef)``: the score of row i is ``intercept + parts[i].sum()``."""
        return self.intercept_, np.asarray(X, dtype=np.float64) * self.coef_

    def reachable(
        self, known: np.ndarray, columns: Sequence[int], fixed: Mapping[int, float], n: int
    ) -> np.ndarray:
        """Which rows can still be among the ``n`` best, given the features in ``columns`` (``known``,
        one row each) and ``fixed`` (the same for every row), when every other feature lies in [0, 1].

        A row left out scores below at least ``n`` others whatever its unknown features are: the ``n``
        best are the same whether it is scored or not."""
        if known.shape[0] <= n:
            return np.ones(known.shape[0], dtype=bool)
        lowest, highest = self.bounds(known, columns, fixed)
        floor = np.partition(lowest, lowest.size - n)[lowest.size - n]  # n-th largest (NaN sorts last)
        return np.asarray(~(highest < floor - self.slack()))

    def bounds(
        self, known: np.ndarray, columns: Sequence[int], fixed: Mapping[int, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the lowest and highest score it can have given the features in ``columns``
        (``known``) and ``fixed``, when every other feature lies in [0, 1]."""
        weights, base, low, high = self._bound_terms(tuple(columns), tuple(fixed.items()))
        partial = known @ weights + base
        return partial + low, partial + high

    def _bound_terms(
        self, columns: tuple[int, ...], fixed: tuple[tuple[int, float], ...]
    ) -> tuple[np.ndarray, float, float, float]:
        """The known columns' weights, the constant part, and what the unknown features add at least and at
        most: asked once per vacancy in a re-rank, and the same for most of them."""
        coef = np.asarray(self.coef_, dtype=np.float64)
        key = (coef.tobytes(), float(self.intercept_), columns, fixed)
        cache: dict[Any, tuple[np.ndarray, float, float, float]] = self.__dict__.setdefault("_bounds", {})
        found = cache.get(key)
        if found is None:
            base = float(self.intercept_) + sum(float(coef[j]) * v for j, v in fixed)
            unknown = np.ones(coef.size, dtype=bool)
            unknown[list(columns)] = False
            unknown[[j for j, _ in fixed]] = False
            low, high = np.minimum(coef[unknown], 0.0).sum(), np.maximum(coef[unknown], 0.0).sum()
            if len(cache) >= 64:
                cache.clear()
            found = cache[key] = (coef[list(columns)], base, low, high)
        return found

    def slack(self) -> float:
        """Bounds and scores add the same terms in other orders: a margin far above rounding, far below
        any difference in fit."""
        return 1e-9 * (1.0 + float(np.abs(self.coef_).sum()) + abs(float(self.intercept_)))

    def get_feature_names_out(self) -> np.ndarray:
        return self.feature_names_in_.copy()

    # -- persistence ---------------------------------------------------------------------------
    @property
    def version(self) -> str:
        """sha256 of the weights and feature names: equal versions rank identically."""
        # Read for every ranked list (10^4 in a re-rank): remembered for the weights it was computed from.
        key = (
            np.asarray(self.coef_, dtype=np.float64).tobytes(),
            float(self.intercept_),
            tuple(str(f) for f in self.feature_names_in_),
        )
        cached = getattr(self, "_version", None)
        if cached is not None and cached[0] == key:
            return str(cached[1])
        payload = json.dumps(
            {
                "features": [str(f) for f in self.feature_names_in_],
                "coef": [round(float(c), 12) for c in self.coef_],
                "intercept": round(float(self.intercept_), 12),
            },
            sort_keys=True,
        )
        version = hashlib.sha256(payload.encode()).hexdigest()[:16]
        self._version = (key, version)
        return version

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "feature_names": [str(f) for f in self.feature_names_in_],
            "coef": [float(c) for c in self.coef_],
            "intercept": float(self.intercept_),
            "params": {"C": self.C, "nonnegative": self.nonnegative, "cv": self.cv},
            "metrics": self.metrics_,
            "n_samples": self.n_samples_,
            "trained_from": self.window_[0].isoformat() if self.window_[0] else None,
            "trained_to": self.window_[1].isoformat() if self.window_[1] else None,
        }

    def save(self, path: str | Path) -> None:
        Path(path).write_text(
            json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinearScorer:
        params = data.get("params", {})
        scorer = cls(**{k: params[k] for k in ("C", "nonnegative", "cv") if k in params})
        scorer.feature_names_in_ = np.asarray(data["feature_names"], dtype=object)
        scorer.coef_ = np.asarray(data["coef"], dtype=np.float64)
        scorer.intercept_ = float(data["intercept"])
        scorer.metrics_ = dict(data.get("metrics", {}))
        scorer.n_samples_ = int(data.get("n_samples", 0))
        scorer.window_ = tuple(  # type: ignore[assignment]
            date.fromisoformat(d) if d else None for d in (data.get("trained_from"), data.get("trained_to"))
        )
        stored = data.get("version")
        if stored is not None and stored != scorer.version:
            raise ValueError(f"weights file version {stored} does not match its content ({scorer.version})")
        return scorer

    @classmethod
    def load(cls, path: str | Path) -> LinearScorer:
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def default(cls) -> LinearScorer:
        """The shipped day-one weights (``matcher/weights/default.json``)."""
        text = resources.files("matcher").joinpath("weights/default.json").read_text(encoding="utf-8")
        return cls.from_dict(json.loads(text))
