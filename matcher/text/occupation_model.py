"""The occupation of a vacancy from its headline and text: ranked occupations with probabilities.

Two steps, each a small linear model over named evidence (``matcher.text.occupation_features``):
the SSYK-4 group, a logistic regression over the candidate groups' features whose scores become a
softmax over the candidates plus "none of them", with a temperature and a "none" logit fitted on
out-of-fold scores (calibration); then the occupation within the group, a softmax over its
occupations' title, n-gram and mention evidence. ``p(occupation) = p(group) · p(occupation | group)``.

The coefficients are fitted by ``scripts/build_occupation_model.py`` and committed
(``matcher/weights/occupation_model.json``); the indexes are built from the taxonomy when loaded.
``load_default(taxonomy)`` loads them once per process.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from matcher.text.occupation_features import (
    GROUP_FEATURES,
    OCCUPATION_FEATURES,
    Candidates,
    OccupationEvidence,
)
from matcher.text.taxonomy import Taxonomy, default_taxonomy

WEIGHTS_FILE = "occupation_model.json"


@dataclass(frozen=True)
class OccupationGuess:
    """One likely occupation of a vacancy; ``probability`` is calibrated (in [0, 1])."""

    occupation_id: str
    label: str
    ssyk4: str
    probability: float


@dataclass(frozen=True)
class GroupGuess:
    """One likely SSYK-4 group: the summed probability of its occupations."""

    ssyk4: str
    label: str
    probability: float


@dataclass(frozen=True)
class _Example:
    headline: str
    text: str
    occupation_id: str
    weight: float


class OccupationClassifier:
    """Ranks occupations and SSYK-4 groups for one vacancy (headline + text)."""

    def __init__(
        self, taxonomy: Taxonomy, *, C: float = 1.0, n_folds: int = 5, random_state: int = 0
    ) -> None:
        self.taxonomy = taxonomy
        self.C = C
        self.n_folds = n_folds
        self.random_state = random_state

    # -- fitting ---------------------------------------------------------------------------------
    def fit(
        self,
        headlines: Sequence[str],
        texts: Sequence[str],
        occupation_ids: Sequence[str],
        sample_weight: Sequence[float] | None = None,
        calibrate_on: Sequence[bool] | None = None,
    ) -> OccupationClassifier:
        """Fit the group model, its calibration and the within-group model on labelled vacancies.

        ``calibrate_on`` marks the examples whose out-of-fold scores set the temperature (default all):
        the real ads, when the rest are synthetic headlines easier than real ones.
        """
        weights = [1.0] * len(headlines) if sample_weight is None else list(sample_weight)
        if not headlines or not len(headlines) == len(texts) == len(occupation_ids) == len(weights):
            raise ValueError("fit needs as many headlines, texts, occupation ids and weights, at least one")
        examples = [_Example(*row) for row in zip(headlines, texts, occupation_ids, weights, strict=True)]
        self.evidence_ = getattr(self, "evidence_", None) or OccupationEvidence(self.taxonomy)
        found = [self.evidence_.candidates(e.headline, e.text) for e in examples]
        X, y, w, ad = self._group_rows(examples, found)
        self.group_model_ = self._logistic(X, y, w)
        # Calibration on scores of folds the model did not see (ads kept whole within a fold).
        oof = np.zeros(len(y))
        for train, held in GroupKFold(n_splits=self.n_folds).split(X, y, ad):
            model = self._logistic(X[train], y[train], w[train])
            oof[held] = model.decision_function(X[held])
        chosen = np.asarray([True] * len(examples) if calibrate_on is None else calibrate_on, dtype=bool)
        rows = chosen[ad]
        self.temperature_, self.none_logit_ = _fit_softmax_calibration(oof[rows], y[rows], ad[rows], w[rows])
        self.occupation_coef_ = self._fit_within_group(examples, found)
        return self

    def _logistic(self, X: np.ndarray, y: np.ndarray, w: np.ndarray) -> LogisticRegression:
        return LogisticRegression(C=self.C, max_iter=2000).fit(X, y, sample_weight=w)

    @staticmethod
    def _group_rows(
        examples: Sequence[_Example], found: Sequence[Candidates]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        Xs, ys, ws, ads = [], [], [], []
        for i, (example, cands) in enumerate(zip(examples, found, strict=True)):
            truth = example.occupation_id
            code = next((g for g in cands.groups if truth in cands.occupations[g]), None)
            Xs.append(cands.X)
            ys.append(np.asarray([g == code for g in cands.groups], dtype=float))
            ws.append(np.full(len(cands.groups), example.weight))
            ads.append(np.full(len(cands.groups), i))
        return np.vstack(Xs), np.concatenate(ys), np.concatenate(ws), np.concatenate(ads)

    def _fit_within_group(self, examples: Sequence[_Example], found: Sequence[Candidates]) -> np.ndarray:
        """Coefficients of a conditional logit: per example a softmax over its true group's occupations.

        One choice among the group's occupations, not a yes/no per occupation: a binary model without an
        intercept cannot push the many evidence-free siblings below one half, and learnt to penalise the
        very evidence (a label's n-grams, the plainest title) that names the right occupation.
        """
        choices: list[tuple[np.ndarray, int, float]] = []
        for example, cands in zip(examples, found, strict=True):
            for occupations in cands.occupations.values():
                if example.occupation_id in occupations and len(occupations) > 1:
                    ids = list(occupations)
                    rows = np.asarray([occupations[i] for i in ids], dtype=float)
                    choices.append((rows, ids.index(example.occupation_id), example.weight))
        if not choices:
            return np.zeros(len(OCCUPATION_FEATURES))
        return _fit_conditional_logit(choices, self.C)

    def get_feature_names_out(self) -> np.ndarray:
        return np.asarray(GROUP_FEATURES, dtype=object)

    # -- prediction ------------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "temperature_"):
            raise RuntimeError("OccupationClassifier is not fitted: call fit() or load_default()")

    def predict_groups(self, headline: str, text: str = "", k: int = 5) -> list[GroupGuess]:
        """The k most likely SSYK-4 groups, most likely first; probabilities sum to at most 1."""
        out = []
        for code, p, _ in self._posterior(headline, text)[:k]:
            group = self.taxonomy.group(code)
            out.append(GroupGuess(code, group.label if group else code, p))
        return out

    def predict_top(self, headline: str, text: str = "", k: int = 5) -> list[OccupationGuess]:
        """The k most likely occupations, most likely first; probabilities sum to at most 1."""
        scored: list[tuple[float, str]] = []
        for _, p_group, occupations in self._posterior(headline, text):
            scored += [(p_group * p, oid) for oid, p in occupations]
        scored.sort(key=lambda t: (-t[0], t[1]))
        out = []
        for p, oid in scored[:k]:
            occ = self.taxonomy.occupation(oid)
            if occ is not None:
                out.append(OccupationGuess(oid, occ.label, occ.ssyk4, float(p)))
        return out

    def predict_in_group(self, headline: str, text: str, ssyk4: str, k: int = 5) -> list[OccupationGuess]:
        """The k most likely occupations when the SSYK-4 group is known (a source names it, the
        occupation is one we do not know): ``p(occupation | group)``, summing to 1 over the group."""
        self._check_fitted()
        cands = self.evidence_.candidates(headline, text, groups=(ssyk4,))
        occupations = cands.occupations.get(ssyk4, {})
        if not occupations:
            return []
        out = []
        for oid, p in self._within(occupations)[:k]:
            occ = self.taxonomy.occupation(oid)
            if occ is not None:
                out.append(OccupationGuess(oid, occ.label, occ.ssyk4, float(p)))
        return out

    def _within(self, occupations: dict[str, list[float]]) -> list[tuple[str, float]]:
        """The within-group softmax over one group's occupations, most likely first."""
        ids = list(occupations)
        s = np.asarray([occupations[i] for i in ids]) @ self.occupation_coef_
        e = np.exp(s - s.max())
        return sorted(zip(ids, (e / e.sum()).tolist(), strict=True), key=lambda t: (-t[1], t[0]))

    @lru_cache(maxsize=1024)  # noqa: B019  (a vacancy is ranked, carried and explained: one inference)
    def _posterior(
        self, headline: str, text: str
    ) -> tuple[tuple[str, float, tuple[tuple[str, float], ...]], ...]:
        self._check_fitted()
        cands = self.evidence_.candidates(headline, text)
        if not cands.groups:
            return ()
        # The linear score by hand: sklearn's per-call input checks cost more than the product.
        coef, intercept = self.group_model_.coef_[0], float(self.group_model_.intercept_[0])
        logits = (cands.X @ coef + intercept) / self.temperature_
        top = max(float(logits.max()), self.none_logit_)
        expo = np.exp(logits - top)
        p_groups = expo / (expo.sum() + np.exp(self.none_logit_ - top))
        out = []
        for code, p in zip(cands.groups, p_groups.tolist(), strict=True):
            out.append((code, float(p), tuple(self._within(cands.occupations[code]))))
        out.sort(key=lambda t: (-t[1], t[0]))
        return tuple(out)

    # -- persistence -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        self._check_fitted()
        return {
            "group_features": list(GROUP_FEATURES),
            "group_coef": self.group_model_.coef_[0].round(6).tolist(),
            "group_intercept": round(float(self.group_model_.intercept_[0]), 6),
            "temperature": round(self.temperature_, 6),
            "none_logit": round(self.none_logit_, 6),
            "occupation_features": list(OCCUPATION_FEATURES),
            "occupation_coef": self.occupation_coef_.round(6).tolist(),
            "params": {"C": self.C, "n_folds": self.n_folds},
            "taxonomy_version": self.taxonomy.version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], taxonomy: Taxonomy) -> OccupationClassifier:
        if data["group_features"] != list(GROUP_FEATURES) or data["occupation_features"] != list(
            OCCUPATION_FEATURES
        ):
            raise ValueError("the occupation model was fitted on other features than this code computes")
        model = cls(taxonomy, C=data["params"]["C"], n_folds=data["params"]["n_folds"])
        group_model = LogisticRegression(C=model.C)
        group_model.classes_ = np.asarray([False, True])
        group_model.coef_ = np.asarray([data["group_coef"]])
        group_model.intercept_ = np.asarray([data["group_intercept"]])
        model.group_model_ = group_model
        model.temperature_ = float(data["temperature"])
        model.none_logit_ = float(data["none_logit"])
        model.occupation_coef_ = np.asarray(data["occupation_coef"])
        model.evidence_ = OccupationEvidence(taxonomy)
        return model

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")


def _fit_conditional_logit(choices: Sequence[tuple[np.ndarray, int, float]], C: float) -> np.ndarray:
    """Coefficients minimising the weighted log loss of one softmax per choice set, plus ||b||² / 2C."""
    X = np.vstack([rows for rows, _, _ in choices])
    sizes = np.asarray([len(rows) for rows, _, _ in choices])
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    chosen = starts + np.asarray([c for _, c, _ in choices])
    w = np.asarray([weight for _, _, weight in choices])
    set_of_row = np.repeat(np.arange(len(choices)), sizes)

    def loss(b: np.ndarray) -> tuple[float, np.ndarray]:
        s = X @ b
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[set_of_row])
        norm = np.add.reduceat(e, starts)
        p = e / norm[set_of_row]
        value = float((w * (top + np.log(norm) - s[chosen])).sum()) + float(b @ b) / (2 * C)
        # d/db: expected features under the softmax minus the chosen one's, weighted.
        expected = np.add.reduceat(p[:, None] * X, starts)
        grad = (w[:, None] * (expected - X[chosen])).sum(axis=0) + b / C
        return value, grad

    result = minimize(loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B")
    return np.asarray(result.x)


def _fit_softmax_calibration(
    scores: np.ndarray, y: np.ndarray, ad: np.ndarray, w: np.ndarray
) -> tuple[float, float]:
    """Temperature and "none of the candidates" logit minimising the weighted log loss of the softmax."""
    order = np.argsort(ad, kind="stable")
    scores, y, ad, w = scores[order], y[order], ad[order], w[order]
    starts = np.flatnonzero(np.r_[True, ad[1:] != ad[:-1]])
    has_truth = np.add.reduceat(y, starts) > 0
    truth_score = np.add.reduceat(scores * y, starts)
    ad_weight = w[starts]

    def loss(params: np.ndarray) -> float:
        t, none = float(np.exp(params[0])), float(params[1])
        z = scores / t
        top = np.maximum(np.maximum.reduceat(z, starts), none)
        norm = np.add.reduceat(np.exp(z - np.repeat(top, np.diff(np.r_[starts, z.size]))), starts)
        log_norm = top + np.log(norm + np.exp(none - top))
        chosen = np.where(has_truth, truth_score / t, none)
        return float((ad_weight * (log_norm - chosen)).sum())

    result = minimize(loss, np.asarray([0.0, -2.0]), method="Nelder-Mead", options={"xatol": 1e-4})
    return float(np.exp(result.x[0])), float(result.x[1])


def weights_digest() -> str:
    """sha256 of every committed file the default classifier reads (its weights and the text model's)."""
    from matcher.text.occupation_text import TEXT_WEIGHTS_FILE

    digest = hashlib.sha256()
    for name in (WEIGHTS_FILE, TEXT_WEIGHTS_FILE):
        digest.update(resources.files("matcher").joinpath("weights", name).read_bytes())
    return digest.hexdigest()


_LOADED: dict[str, OccupationClassifier] = {}


def load_default(taxonomy: Taxonomy | None = None) -> OccupationClassifier:
    """The committed classifier over ``taxonomy`` (default: the project's), built once per process."""
    tax = taxonomy if taxonomy is not None else default_taxonomy()
    if tax.version not in _LOADED:
        data = json.loads(resources.files("matcher").joinpath("weights", WEIGHTS_FILE).read_text("utf-8"))
        _LOADED[tax.version] = OccupationClassifier.from_dict(data, tax)
    return _LOADED[tax.version]
