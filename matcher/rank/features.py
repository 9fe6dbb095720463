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

from matcher.rank.profile_arrays import (
    SeekerArrays,
    TaxonomyView,
    VacancyContext,
    build_seeker_arrays,
    vacancy_context,
)
from matcher.rank.vectors import compressed_entries
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


def _row_max(indptr: np.ndarray, values: np.ndarray, n_rows: int) -> np.ndarray:
    """Max of each CSR row's values (0 for empty rows)."""
    out = np.zeros(n_rows)
    nonempty = indptr[1:] > indptr[:-1]
    if values.size:
        out[nonempty] = np.maximum.reduceat(values, indptr[:-1][nonempty])
    return np.maximum(out, 0.0)


# Below this many rows, scipy's row indexing costs mostly its argument checks (~0.15 ms a call, three
# calls per vacancy: most of a carried vacancy's few rows); gathered with numpy instead. Above it, scipy's
# C loop is faster. Both sum each row in stored order: the same numbers.
SMALL_ROWS = 2_000


class _Rows:
    """Some rows of a CSR matrix as (indptr, indices, data), and their products with a vector."""

    def __init__(self, matrix: sparse.csr_matrix, rows: np.ndarray) -> None:
        self.n = rows.size
        if rows.size >= SMALL_ROWS:
            picked = matrix[rows]
            self.indptr, self.indices, self.data = picked.indptr, picked.indices, picked.data
            self._matrix: sparse.csr_matrix | None = picked
            return
        self.indices, self.data, self._row_of = compressed_entries(matrix, rows)
        self.indptr = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(matrix.indptr[rows + 1] - matrix.indptr[rows], out=self.indptr[1:])
        self._matrix = None

    def dot(self, x: np.ndarray) -> np.ndarray:
        """Each row times ``x`` (float64), summed in stored order, as scipy's CSR product sums."""
        if self._matrix is not None:
            return np.asarray(self._matrix @ x, dtype=np.float64).ravel()
        return np.bincount(self._row_of, weights=self.data * x[self.indices], minlength=self.n)


def _coverage(skills: _Rows, n_columns: int, cols: np.ndarray, n_wanted: int) -> np.ndarray:
    """Share of the wanted skills held; ``skills``: the rows' skills (held skills are 1)."""
    if n_wanted == 0:
        return np.ones(skills.n)
    if cols.size == 0:
        return np.zeros(skills.n)
    # A product with the wanted columns' counts: one pass over the rows' skills, not a column selection.
    hits = skills.dot(np.bincount(cols.astype(np.int64), minlength=n_columns).astype(np.float64))
    return np.asarray(hits / n_wanted)


class PoolConcepts(NamedTuple):
    """One vacancy's concept features for every seeker of the pool, read from the column (CSC) matrices.

    Built from the columns the vacancy touches (its related occupations, its skills): cheaper than
    gathering the rows of many candidates, and the same numbers (each row's terms summed in column order,
    as the row matrices sum them)."""

    occupation_fit: np.ndarray
    experience_years: np.ndarray
    required_hits: np.ndarray
    desired_hits: np.ndarray


def pool_concepts(ctx: VacancyContext, arrays: SeekerArrays, columns: ColumnMatrices) -> PoolConcepts:
    n = arrays.consent.shape[0]
    related = np.flatnonzero(ctx.relation > 0)
    rows, weights, of = compressed_entries(columns.occupations, related)
    fit = np.zeros(n)
    np.maximum.at(fit, rows, weights * ctx.relation[related][of])
    rows, weights, of = compressed_entries(columns.experience_years, related)
    relation = np.asarray(ctx.relation, dtype=np.float64)[related]
    years = np.bincount(rows, weights=weights * relation[of], minlength=n)
    return PoolConcepts(
        fit,
        years,
        _column_hits(columns.skills, ctx.required_cols, n),
        _column_hits(columns.skills, ctx.desired_cols, n),
    )


def _column_hits(skills: sparse.csc_matrix, cols: np.ndarray, n: int) -> np.ndarray:
    # A column wanted twice counts twice, as in _coverage.
    rows, weights, _ = compressed_entries(skills, cols.astype(np.int64))
    return np.bincount(rows, weights=weights, minlength=n)


class ColumnMatrices(NamedTuple):
    """The pool's concept matrices by column (seekers per occupation, per skill)."""

    occupations: sparse.csc_matrix
    experience_years: sparse.csc_matrix
    skills: sparse.csc_matrix

    @classmethod
    def of(cls, arrays: SeekerArrays) -> ColumnMatrices:
        return cls(
            *(sparse.csc_matrix(m) for m in (arrays.occupations, arrays.experience_years, arrays.skills))
        )


# The features known from concepts and text alone (the strongest); the rest are bounded by the pipeline
# (every feature lies in [0, 1]) to skip candidates that cannot reach a list.
LEADING = (0, 1, 2, 3, 4, 12)


def leading_features(
    ctx: VacancyContext,
    arrays: SeekerArrays,
    rows: np.ndarray,
    semantic: np.ndarray,
    lexical: np.ndarray,
    concepts: PoolConcepts | None = None,
) -> np.ndarray:
    """The ``LEADING`` features of the rows (len(rows) × len(LEADING)), clipped to [0, 1]."""
    n = rows.size
    X = np.empty((n, len(LEADING)))
    if concepts is not None:
        X[:, 0] = concepts.occupation_fit[rows]
        X[:, 1] = _share(concepts.required_hits[rows], ctx.n_required, ctx.required_cols.size)
        X[:, 2] = _share(concepts.desired_hits[rows], ctx.n_desired, ctx.desired_cols.size)
        years = concepts.experience_years[rows]
    else:
        occ = _Rows(arrays.occupations, rows)
        X[:, 0] = _row_max(occ.indptr, occ.data * ctx.relation[occ.indices], n)
        skills, n_skills = _Rows(arrays.skills, rows), arrays.skills.shape[1]
        X[:, 1] = _coverage(skills, n_skills, ctx.required_cols, ctx.n_required)
        X[:, 2] = _coverage(skills, n_skills, ctx.desired_cols, ctx.n_desired)
        years = _Rows(arrays.experience_years, rows).dot(np.asarray(ctx.relation, dtype=np.float64))
    X[:, 3] = semantic
    X[:, 4] = lexical
    X[:, 5] = years / (years + 2.0)
    return np.clip(X, 0.0, 1.0)


def _share(hits: np.ndarray, n_wanted: int, n_cols: int) -> np.ndarray:
    if n_wanted == 0:
        return np.ones(hits.size)
    if n_cols == 0:
        return np.zeros(hits.size)
    return np.asarray(hits / n_wanted)


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
    n = rows.size
    X = np.empty((n, len(FEATURE_NAMES)))
    lead = leading_features(ctx, arrays, rows, semantic, lexical) if leading is None else leading
    X[:, :5], X[:, 12] = lead[:, :5], lead[:, 5]  # LEADING's columns, as slices (cheaper than a list)

    fixed = fixed_features(ctx)  # the same values the scorer's bounds take as known
    for j, value in fixed.items():
        X[:, j] = value
    if 5 not in fixed:
        sw = arrays.swedish[rows]
        below = np.clip(1.0 - 0.3 * (ctx.swedish_required - sw), 0.0, 1.0)
        X[:, 5] = np.where(sw == 0, 0.4, np.where(sw >= ctx.swedish_required, 1.0, below))
    if 6 not in fixed:
        met = np.zeros(n)
        for col, level in ctx.other_languages:
            if col >= 0:
                met += np.asarray(arrays.languages[rows][:, [col]].toarray()).ravel() >= max(level, 1)
        X[:, 6] = met / len(ctx.other_languages)
    X[:, 7] = commute_fit(ctx.distances(arrays, rows), arrays.max_commute_km[rows])
    if 8 not in fixed:
        held = np.zeros(n)
        for bit in ctx.licence_bits:
            held += (arrays.licences[rows] & np.uint64(bit)) != 0
        X[:, 8] = held / len(ctx.licences_required)

    # The forms below give the same numbers as the plain ones (NaN → default, else the formula) with
    # fewer passes: a re-rank featurises 10^7 rows.
    if np.isnan(ctx.start_ordinal):
        X[:, 9] = 1.0  # no start date: everyone starts in time
    else:
        # exp(-0/30) is exactly 1: a gap ≤ 0 or unknown (fmax drops the NaN) gives 1, as stated.
        X[:, 9] = np.exp(-np.fmax(arrays.available_from[rows] - ctx.start_ordinal, 0.0) / 30.0)
    extent = arrays.wanted_extent[rows]
    fit = 1.0 - np.abs(extent - ctx.extent) / 100.0
    fit[np.isnan(extent)] = 0.8
    X[:, 10] = np.clip(fit, 0.0, 1.0)  # the one column that can leave [0, 1] (an extent far off)
    kinds = arrays.wanted_kinds[rows]
    X[:, 11] = np.where(kinds == 0, 0.5, ((kinds & ctx.kind_bit) != 0).astype(float))
    # np.maximum keeps NaN (an unknown registration), as np.clip does.
    months = np.maximum((ctx.reference_ordinal - arrays.registered[rows]) / 30.44, 0.0)
    registered = months / (months + 12.0)
    registered[np.isnan(months)] = 0.0
    X[:, 13] = registered
    # Every other column is in [0, 1] by construction (leading features arrive clipped); clipping the
    # whole matrix again would change no value.
    return X


def commute_fit(distance_km: np.ndarray, max_km: np.ndarray) -> np.ndarray:
    # A stated maximum under 1 km is treated as 1 km (and keeps the decay finite).
    m = np.where(np.isnan(max_km) | (max_km <= 0), DEFAULT_COMMUTE_KM, np.maximum(max_km, 1.0))
    d = np.nan_to_num(distance_km, nan=0.0)
    fit = np.where(d <= m, 1.0, np.exp(-(d - m) / m))
    return np.where(np.isnan(distance_km), 0.5, fit)


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
