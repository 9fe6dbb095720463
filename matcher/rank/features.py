"""Pair features: how well one seeker fits one vacancy, as named numbers in [0, 1].

Every feature is oriented so that higher means a better fit, and none reads sex, age, country of
birth, health or support needs (the profiles have no such fields). Words in free text can still
carry such information into the semantic and lexical similarities; watching for that is the
fairness monitor's job, not this module's.

Features (vectorised over many seekers for one vacancy):

occupation_fit
    Best relation between the vacancy's occupation and any occupation the seeker has worked in or
    names in text: 1.0 same occupation, 0.8 same SSYK-4, 0.75 substitutable at 75 %, 0.5 same
    SSYK-3, 0.25 substitutable at 25 %, 0.2 same SSYK-2, else 0. Each is multiplied by the
    evidence weight: 0.7 + 0.3·y/(y+1) for an experience of y years, 0.7 for a text mention.
required_skill_coverage / desired_skill_coverage
    Share of the vacancy's required (desired, incl. skills named in the ad text) skills the seeker
    has; skills compare by concept id, falling back to the normalised label. 1.0 when none stated.
semantic_similarity
    Cosine of the embeddings clipped to [0, 1] (negative cosines carry no useful signal).
lexical_similarity
    Cosine of character n-gram TF-IDF vectors (already in [0, 1]).
swedish_level_fit
    1 when the seeker's Swedish (CEFR) reaches the required level or none is required; 0.3 less per
    level below; 0.4 when the seeker's level is unknown.
other_languages_fit
    Share of the other required languages the seeker has at the required level (1 when none).
commute_fit
    1 within the seeker's max commute (default 30 km), exp(-(d - m)/m) beyond; 0.5 when unknown.
licence_fit
    Share of required driving licences held (higher classes imply lower ones); 1 when none.
start_gap
    1 when available by the start date, exp(-gap_days/30) otherwise; 1 when either date is unknown.
extent_fit
    1 - |wanted extent - offered extent| / 100; 0.8 when the seeker states no extent.
kind_preference
    1 when the seeker asks for this kind of placement, 0.5 when they state none, 0 otherwise.
relevant_experience_years
    Y/(Y+2) where Y sums experience years weighted by their occupation's relation (above).
registration_time
    m/(m+12) for m months registered before the reference date (0 when unknown): the longer
    unemployed rank slightly higher, in the spirit of the employment requirement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import numpy as np
from scipy import sparse

from matcher.rank import kernels
from matcher.rank.profile_arrays import (
    SeekerArrays,
    TaxonomyView,
    VacancyContext,
    build_seeker_arrays,
    vacancy_context,
)
from matcher.types import SeekerProfile, VacancyProfile

FEATURE_NAMES: tuple[str, ...] = (
    "occupation_fit",
    "required_skill_coverage",
    "desired_skill_coverage",
    "semantic_similarity",
    "lexical_similarity",
    "swedish_level_fit",
    "other_languages_fit",
    "commute_fit",
    "licence_fit",
    "start_gap",
    "extent_fit",
    "kind_preference",
    "relevant_experience_years",
    "registration_time",
)
DEFAULT_COMMUTE_KM = 30.0


class ColumnMatrices(NamedTuple):
    """The pool's concept matrices by column (seekers per occupation, per skill)."""

    occupations: sparse.csc_matrix
    skills: sparse.csc_matrix

    @classmethod
    def of(cls, arrays: SeekerArrays) -> ColumnMatrices:
        return cls(*(sparse.csc_matrix(m) for m in (arrays.occupations, arrays.skills)))


# The features known from concepts and text alone (the strongest); the rest are bounded by the pipeline
# (every feature lies in [0, 1]) to skip candidates that cannot reach a list.
LEADING = (0, 1, 2, 3, 4, 12)


def leading_features(
    ctx: VacancyContext,
    arrays: SeekerArrays,
    rows: np.ndarray,
    semantic: np.ndarray,
    lexical: np.ndarray,
) -> np.ndarray:
    """The ``LEADING`` features of the rows (len(rows) × len(LEADING)), clipped to [0, 1]."""
    rows = np.asarray(rows, dtype=np.int64)
    X = np.empty((rows.size, len(LEADING)))
    occ, years, skills = arrays.occupations, arrays.experience_years, arrays.skills
    n_skills = skills.shape[1]
    required_mode, required_counts = _wanted(ctx.required_cols, ctx.n_required, n_skills)
    desired_mode, desired_counts = _wanted(ctx.desired_cols, ctx.n_desired, n_skills)
    kernels.leading_rows(
        rows,
        occ.indptr,
        occ.indices,
        occ.data,
        years.indptr,
        years.indices,
        years.data,
        skills.indptr,
        skills.indices,
        skills.data,
        np.asarray(ctx.relation, dtype=np.float64),
        required_counts,
        required_mode,
        ctx.n_required,
        desired_counts,
        desired_mode,
        ctx.n_desired,
        np.asarray(semantic, dtype=np.float64),
        np.asarray(lexical, dtype=np.float64),
        X,
    )
    return X


def _wanted(cols: np.ndarray, n_wanted: int, n_columns: int) -> tuple[int, np.ndarray]:
    """How a coverage column is computed, and each skill column's count among the wanted (a column
    wanted twice counts twice)."""
    if n_wanted == 0:
        return kernels.ALL, _NO_COUNTS
    if cols.size == 0:
        return kernels.NONE, _NO_COUNTS
    return kernels.SHARE, np.bincount(cols.astype(np.int64), minlength=n_columns).astype(np.float64)


_NO_COUNTS = np.zeros(0)


def fixed_features(ctx: VacancyContext) -> dict[int, float]:
    """Features with one value for every seeker of this vacancy (nothing asked for: everyone fits)."""
    fixed = {}
    if ctx.swedish_required == 0:
        fixed[5] = 1.0
    if not ctx.other_languages:
        fixed[6] = 1.0
    if not ctx.licences_required:
        fixed[8] = 1.0
    return fixed


def featurize(
    ctx: VacancyContext,
    arrays: SeekerArrays,
    rows: np.ndarray,
    semantic: np.ndarray,
    lexical: np.ndarray,
    leading: np.ndarray | None = None,
) -> np.ndarray:
    """Feature matrix (len(rows) × len(FEATURE_NAMES)) for one vacancy against the given seeker rows;
    ``leading``: the rows' ``leading_features`` when already computed."""
    rows = np.asarray(rows, dtype=np.int64)
    n = rows.size
    lead = leading_features(ctx, arrays, rows, semantic, lexical) if leading is None else leading
    X = np.empty((n, len(FEATURE_NAMES)))
    exps = np.empty((n, 2))
    commute_how = np.empty(n, dtype=np.int8)
    fixed = fixed_features(ctx)
    per_place, place_of = ctx.place_distances(arrays)
    kernels.other_features(
        rows,
        np.asarray(lead, dtype=np.float64),
        X,
        exps,
        commute_how,
        arrays.swedish,
        ctx.swedish_required,
        5 in fixed,
        per_place,
        place_of,
        arrays.max_commute_km,
        DEFAULT_COMMUTE_KM,
        arrays.licences,
        np.asarray(ctx.licence_bits, dtype=np.uint64),
        len(ctx.licences_required),
        8 in fixed,
        arrays.available_from,
        ctx.start_ordinal,
        arrays.wanted_extent,
        ctx.extent,
        arrays.wanted_kinds,
        ctx.kind_bit,
        arrays.registered,
        ctx.reference_ordinal,
    )
    np.exp(exps, out=exps)  # numpy's exponentials, as the features have always had (see kernels)
    kernels.finish_commute(X, exps, commute_how)
    if 6 in fixed:
        X[:, 6] = fixed[6]
    else:
        met = np.zeros(n)
        for col, level in ctx.other_languages:
            if col >= 0:
                met += np.asarray(arrays.languages[rows][:, [col]].toarray()).ravel() >= max(level, 1)
        X[:, 6] = met / len(ctx.other_languages)
    # Every column is in [0, 1]: clipped where a formula can leave it (extent far off, leading ones).
    return X


@dataclass
class PairFeaturizer:
    """sklearn-style featurizer for arbitrary (vacancy, seeker) pairs.

    The pipeline calls :func:`featurize` directly on precomputed arrays; this class is the
    convenient, slower entry point for training sets and tests. ``fit(documents)`` optionally fits
    the lexical index on a corpus; otherwise it is fitted on the texts of the pairs themselves.
    """

    taxonomy: TaxonomyView
    embedder: object | None = None
    reference_date: date | None = None

    def fit(self, documents: Sequence[str] | None = None) -> PairFeaturizer:
        from matcher.rank.lexical import LexicalIndex

        if documents is not None:
            self.lexical_ = LexicalIndex().fit(documents)
        return self

    def get_feature_names_out(self) -> np.ndarray:
        return np.asarray(FEATURE_NAMES, dtype=object)

    def transform(self, pairs: Sequence[tuple[VacancyProfile, SeekerProfile]]) -> np.ndarray:
        from matcher.rank.lexical import LexicalIndex
        from matcher.rank.profile_arrays import seeker_document, vacancy_document

        X = np.zeros((len(pairs), len(FEATURE_NAMES)))
        if not pairs:
            return X
        vac_texts = [vacancy_document(v) for v, _ in pairs]
        seek_texts = [seeker_document(s) for _, s in pairs]
        lexical_index = getattr(self, "lexical_", None) or LexicalIndex().fit(seek_texts + vac_texts)
        lexical = lexical_index.pair_similarity(vac_texts, seek_texts)
        semantic = np.zeros(len(pairs))
        if self.embedder is not None:
            q = self.embedder.encode_queries(vac_texts)  # type: ignore[attr-defined]
            d = self.embedder.encode_documents(seek_texts)  # type: ignore[attr-defined]
            semantic = np.einsum("ij,ij->i", q, d)
        for i, (vacancy, seeker) in enumerate(pairs):
            arrays = build_seeker_arrays([seeker], self.taxonomy)
            ctx = vacancy_context(vacancy, arrays, self.taxonomy, self.reference_date)
            X[i] = featurize(ctx, arrays, np.array([0]), semantic[i : i + 1], lexical[i : i + 1])[0]
        return X
