"""Which SSYK-4 group a vacancy's text describes: a linear model over the text's word stems.

A headline is often noise ("Vi söker dig till vårt team i Malmö!", a company's name, an English
marketing title); the text then says what the job is. ``GroupTextModel`` is a multinomial logistic
regression over sublinear TF-IDF of word stems, one class per SSYK-4 group, fitted by
``scripts/build_occupation_model.py`` on documents written from each group's own words (definition,
occupation names, skills, the tasks of its ISCO-08 groups). Only each group's strongest positive
weights are kept, so the committed file stays small (``matcher/weights/occupation_text.json``); a
query is scored by hand (sklearn's per-call checks would cost more than the product).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

TEXT_WEIGHTS_FILE = "occupation_text.json"


def _identity(terms: list[str]) -> list[str]:
    return terms


class GroupTextModel:
    """sklearn-style: ``fit(documents, groups)`` on analysed documents (lists of stems); ``scores``."""

    def __init__(self, *, C: float = 10.0, keep: int = 100, min_df: int = 2, max_df: float = 0.2) -> None:
        self.C = C
        self.keep = keep
        self.min_df = min_df
        self.max_df = max_df

    def fit(self, documents: Sequence[list[str]], groups: Sequence[str]) -> GroupTextModel:
        """Fit on stem lists labelled with their SSYK-4 code; keeps ``keep`` weights per group."""
        # Three groups at least: with two, sklearn fits one weight vector instead of one per group.
        if not documents or len(documents) != len(groups) or len(set(groups)) < 3:
            raise ValueError("fit needs as many documents as groups, of at least three groups")
        vectorizer = TfidfVectorizer(
            analyzer=_identity, sublinear_tf=True, min_df=self.min_df, max_df=self.max_df
        )
        X = vectorizer.fit_transform(documents)
        model = LogisticRegression(C=self.C, max_iter=300).fit(X, np.asarray(groups))
        coef = np.asarray(model.coef_)
        pruned = np.zeros_like(coef)
        for g in range(coef.shape[0]):
            top = np.argsort(-coef[g], kind="stable")[: self.keep]
            top = top[coef[g, top] > 0]
            pruned[g, top] = coef[g, top]
        self.groups_ = [str(c) for c in model.classes_]
        self.vocabulary_ = {str(t): int(i) for t, i in vectorizer.vocabulary_.items()}
        self.idf_ = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.coef_ = sparse.csr_matrix(pruned.T)  # vocabulary × groups
        self.intercept_ = np.asarray(model.intercept_, dtype=np.float64)
        return self

    def scores(self, stems: Sequence[str]) -> np.ndarray:
        """The linear score of every group in ``groups_`` order; all zero when no stem is known."""
        if not hasattr(self, "coef_"):
            raise RuntimeError("GroupTextModel is not fitted: call fit() or load_text_model()")
        counts = Counter(t for t in stems if t in self.vocabulary_)
        if not counts:
            return np.zeros(len(self.groups_))
        cols = np.fromiter((self.vocabulary_[t] for t in counts), dtype=np.int64, count=len(counts))
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf_[cols]
        weights /= np.linalg.norm(weights)
        return np.asarray(self.coef_[cols].T @ weights) + self.intercept_

    def probabilities(self, stems: Sequence[str]) -> np.ndarray:
        """Softmax of ``scores`` over all groups; all zero when no stem is known."""
        scores = self.scores(stems)
        if not scores.any():
            return scores
        e = np.exp(scores - scores.max())
        return np.asarray(e / e.sum())

    # -- persistence -----------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        coef = self.coef_.tocsc()  # per group its (stem, weight) pairs
        terms = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        weights = {}
        for g, code in enumerate(self.groups_):
            lo, hi = coef.indptr[g], coef.indptr[g + 1]
            weights[code] = {
                terms[i]: round(float(w), 5)
                for i, w in zip(coef.indices[lo:hi], coef.data[lo:hi], strict=True)
            }
        return {
            "params": {"C": self.C, "keep": self.keep, "min_df": self.min_df, "max_df": self.max_df},
            "idf": {t: round(float(self.idf_[i]), 5) for t, i in sorted(self.vocabulary_.items())},
            "intercept": {c: round(float(b), 5) for c, b in zip(self.groups_, self.intercept_, strict=True)},
            "weights": weights,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GroupTextModel:
        model = cls(**data["params"])
        model.vocabulary_ = {t: i for i, t in enumerate(data["idf"])}
        model.idf_ = np.asarray(list(data["idf"].values()), dtype=np.float64)
        model.groups_ = list(data["intercept"])
        model.intercept_ = np.asarray(list(data["intercept"].values()), dtype=np.float64)
        rows, cols, values = [], [], []
        for g, code in enumerate(model.groups_):
            for term, weight in data["weights"][code].items():
                rows.append(model.vocabulary_[term])
                cols.append(g)
                values.append(weight)
        shape = (len(model.vocabulary_), len(model.groups_))
        model.coef_ = sparse.csr_matrix((values, (rows, cols)), shape=shape)
        return model

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")


@cache
def load_text_model() -> GroupTextModel:
    """The committed text model, loaded once per process."""
    data = resources.files("matcher").joinpath("weights", TEXT_WEIGHTS_FILE).read_text("utf-8")
    return GroupTextModel.from_dict(json.loads(data))
