"""Candidate selection and hard constraints.

Candidates are the union of three cheap views of the seeker pool: the dense top-N (embedding
cosine), the lexical top-N (character n-gram TF-IDF) and every seeker whose occupations or skills
overlap the vacancy's in the taxonomy (same occupation, SSYK-4/3, substitutable, shared skill id).
The union is what the scorer sees; nothing outside it is scored.

Hard constraints then remove pairs that must not be proposed, each with a reason code:

``not_eligible``        the vacancy names target groups and the seeker has no verified eligibility
                        for any of them that is valid on the start date (no target groups: no check)
``kind_not_wanted``     the seeker states wanted placement kinds and this one is not among them
``licence_missing``     a driving licence in ``licences_required`` is not held (higher classes
                        count for lower ones; licences negated in text are not held)
``available_too_late``  available_from is later than start_date + ``START_GRACE_DAYS`` (30): a
                        start a few weeks late is usually negotiable, a quarter late is not
``no_consent``          the seeker has not consented to being matched
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matcher.rank import kernels
from matcher.rank.profile_arrays import SeekerArrays, VacancyContext
from matcher.rank.vectors import top_k

START_GRACE_DAYS = 30
CONCEPT_MIN_RELATION = 0.25
EXCLUSION_CODES: tuple[str, ...] = (
    "not_eligible",
    "kind_not_wanted",
    "licence_missing",
    "available_too_late",
    "no_consent",
)


def concept_candidates(
    ctx: VacancyContext,
    arrays: SeekerArrays,
    occupations_csc: sparse.csc_matrix,
    skills_csc: sparse.csc_matrix,
) -> np.ndarray:
    """Seekers sharing an occupation relation ≥ 0.25 or a skill with the vacancy (sorted row indices)."""
    return candidate_rows(ctx, arrays, occupations_csc, skills_csc)


def candidate_rows(
    ctx: VacancyContext,
    arrays: SeekerArrays,
    occupations_csc: sparse.csc_matrix,
    skills_csc: sparse.csc_matrix,
    *picks: np.ndarray,
) -> np.ndarray:
    """The ``concept_candidates`` and the rows of up to two ``picks`` (the dense and the lexical top N),
    as sorted unique row indices: one pass, without the concept rows as an array of their own."""
    if len(picks) > 2:
        raise ValueError("at most two picks")
    a, b = (*(np.asarray(p, dtype=np.int64) for p in picks), _NO_ROWS, _NO_ROWS)[:2]
    return kernels.union_rows(
        arrays.consent.shape[0],
        occupations_csc.indptr,
        occupations_csc.indices,
        np.flatnonzero(ctx.relation >= CONCEPT_MIN_RELATION),
        skills_csc.indptr,
        skills_csc.indices,
        np.concatenate([ctx.required_cols, ctx.desired_cols]).astype(np.int64),
        a,
        b,
    )


_NO_ROWS = np.zeros(0, dtype=np.int64)


def select_candidates(
    dense: np.ndarray,
    lexical: np.ndarray,
    concept_rows: np.ndarray,
    tiebreak: np.ndarray,
    n_dense: int,
    n_lexical: int,
) -> np.ndarray:
    """Union of dense top-N, lexical top-N and concept-overlap rows, as sorted unique indices."""
    picks = top_k(dense, n_dense, tiebreak), top_k(lexical, n_lexical, tiebreak)
    return union_rows(dense.shape[0], *picks, concept_rows)


def union_rows(n: int, *parts: np.ndarray) -> np.ndarray:
    """Sorted unique row indices of the parts (a mask: far cheaper than np.unique for many rows)."""
    union = np.zeros(n, dtype=bool)
    for rows in parts:
        union[rows] = True
    return np.flatnonzero(union).astype(np.int64)


@dataclass(frozen=True)
class Cutoff:
    """The N-th best (score, seeker id) of a whole pool: a row is in the pool's top N iff it is at or above.

    With the seeker pool split over workers, each worker's own top N is not the pool's; the cut-offs
    merged from every partition's top N (``merge_cutoff``) select exactly the rows the whole pool would.
    """

    score: float
    seeker_id: str


def merge_cutoff(parts: Sequence[tuple[np.ndarray, Sequence[str]]], n: int) -> Cutoff | None:
    """The pool's N-th best from each partition's top N (scores, ids); None when the pool has ≤ N rows."""
    pairs = sorted(
        (-float(score), seeker_id)
        for scores, ids in parts
        for score, seeker_id in zip(scores, ids, strict=True)
    )
    if len(pairs) <= n or n <= 0:
        return None
    score, seeker_id = pairs[n - 1]
    return Cutoff(-score, seeker_id)


def rows_within(scores: np.ndarray, ids: Sequence[str], cutoff: Cutoff | None) -> np.ndarray:
    """Rows at or above the cut-off: a higher score, or the same score and an id not after its id."""
    if cutoff is None:
        return np.arange(scores.shape[0])
    mask = scores > cutoff.score
    for i in np.flatnonzero(scores == cutoff.score).tolist():
        mask[i] = ids[i] <= cutoff.seeker_id
    return np.flatnonzero(mask)


class Failures(Mapping[str, np.ndarray]):
    """Which rows fail which hard constraint: a mapping from each of ``EXCLUSION_CODES`` to a boolean
    mask over the rows, kept as one bit per code and row (``kernels.constraint_bits``)."""

    def __init__(self, bits: np.ndarray) -> None:
        self.bits = bits
        self._masks: dict[str, np.ndarray] = {}

    def __getitem__(self, code: str) -> np.ndarray:
        mask = self._masks.get(code)
        if mask is None:
            mask = self._masks[code] = (self.bits & np.uint8(1 << EXCLUSION_CODES.index(code))) != 0
        return mask

    def __iter__(self) -> Iterator[str]:
        return iter(EXCLUSION_CODES)

    def __len__(self) -> int:
        return len(EXCLUSION_CODES)

    def codes(self, i: int) -> tuple[str, ...]:
        """The codes the i-th row fails, in ``EXCLUSION_CODES`` order."""
        bits = int(self.bits[i])
        return tuple(code for n, code in enumerate(EXCLUSION_CODES) if bits >> n & 1)


def constraint_failures(
    ctx: VacancyContext, arrays: SeekerArrays, rows: np.ndarray, grace_days: int = START_GRACE_DAYS
) -> Failures:
    """For each exclusion code, a boolean mask over ``rows`` of the pairs that fail it."""
    groups = sorted({arrays.eligibility_row(g) for g in ctx.vacancy.target_groups})
    day = ctx.start_ordinal if not np.isnan(ctx.start_ordinal) else ctx.reference_ordinal
    return Failures(
        kernels.constraint_bits(
            np.asarray(rows, dtype=np.int64),
            arrays.eligibility(),
            np.asarray(groups, dtype=np.int64),
            day,
            arrays.wanted_kinds,
            ctx.kind_bit,
            arrays.licences,
            np.asarray(ctx.licence_bits, dtype=np.uint64),
            arrays.available_from,
            ctx.start_ordinal + grace_days,
            arrays.consent,
        )
    )


def reasons_for(failures: Failures, i: int) -> tuple[str, ...]:
    """The exclusion codes that apply to the i-th row, in ``EXCLUSION_CODES`` order."""
    return failures.codes(i)


def allowed(failures: Failures) -> np.ndarray:
    """The rows that fail no constraint."""
    return np.asarray(failures.bits == 0)
