"""Top-k with deterministic ordering, and dense products on the exact grid."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from threadpoolctl import ThreadpoolController

from matcher.rank import kernels


def top_k(scores: np.ndarray, k: int, tiebreak: np.ndarray | None = None) -> np.ndarray:
    """Indices of the ``k`` highest scores, best first; ties by ``tiebreak`` ascending (else index).

    The k-th largest first (a whole pool's row from a sample, ``kernels.at_least_kth``, 7x faster than
    ``np.partition`` over 50,000 scores), then a sort of the few at least that large. NaN scores are
    never returned.
    """
    if k <= 0 or scores.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    # Every score tied with the k-th is kept, so that the tie-break decides, not the selection.
    found = at_least_kth(scores, k)
    order = np.lexsort((tiebreak[found] if tiebreak is not None else found, -scores[found]))
    return found[order][:k]


def at_least_kth(values: np.ndarray, k: int) -> np.ndarray:
    """Indices, ascending, of the values at least the ``k``-th largest (ties included: ``k`` or more);
    NaN never counts. A superset of any ``np.argpartition(-values, k)[:k]``, without its order."""
    if values.shape[0] >= SAMPLED_MIN and k > 0 and k * 8 <= values.shape[0] and _sampled_kind(values):
        found = kernels.at_least_kth(values, k)
        if found.size:
            return found
    finite = values[~np.isnan(values)]
    if finite.size <= k:
        return np.flatnonzero(~np.isnan(values))
    return np.flatnonzero(values >= np.partition(finite, finite.size - k)[finite.size - k])


def nth_largest(values: np.ndarray, n: int) -> float:
    """``np.partition(values, values.size - n)[values.size - n]``: NaN counts as the largest."""
    n_nan = int(np.isnan(values).sum())
    if n_nan >= n:
        return math.nan
    return float(values[at_least_kth(values, n - n_nan)].min())


SAMPLED_MIN = 4096  # below this, partitioning every score costs no more than sampling


def _sampled_kind(scores: np.ndarray) -> bool:
    # The types ``kernels.load`` compiles the selection for.
    return scores.ndim == 1 and scores.dtype in _FLOATS and scores.flags.c_contiguous


_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def rank_order(scores: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
    """A full ordering: score descending, then ``tiebreak`` ascending."""
    return np.lexsort((tiebreak, -scores))


def exact_grid(vectors: np.ndarray) -> np.ndarray:
    """Each row rounded to its own power-of-two grid, as float32: dot products of such rows are exact.

    A row becomes ``codes * 2**-e`` with integer codes of at most ``grid_limit(dim)`` in magnitude. All
    products of two such rows are multiples of one power of two and every partial sum fits float32's
    24-bit mantissa, so a float32 matrix product computes them without rounding, in any order: the
    same scores whatever the batch shape, BLAS kernel or thread count (and without a float64 copy).
    For unit vectors the rounding moves a cosine by about 1e-3 at most.
    """
    x = np.asarray(vectors, dtype=np.float32)
    if x.size == 0:
        return np.ascontiguousarray(x)
    limit = grid_limit(x.shape[-1])
    peak = np.abs(x).max(axis=-1, keepdims=True)
    peak[peak == 0] = 1.0
    # The largest exponent e with peak * 2**e <= limit: codes use the grid's full range.
    exponent = np.floor(np.log2(limit / peak.astype(np.float64)))
    if np.abs(exponent).max() <= 100:
        # Scaling by a power of two, rint and clip are exact in float32 too (no over- or underflow this
        # far from float32's exponent range): the same bits as in float64, at a tenth of the work.
        codes = np.rint(x * np.exp2(exponent).astype(np.float32))
        np.clip(codes, -limit, limit, out=codes)
        codes *= np.exp2(-exponent).astype(np.float32)
        return np.ascontiguousarray(codes)
    codes = np.clip(np.rint(x * np.exp2(exponent)), -limit, limit)
    return np.ascontiguousarray((codes * np.exp2(-exponent)).astype(np.float32))


def grid_limit(dim: int) -> int:
    """The largest code magnitude A with dim * A**2 < 2**24 (every partial dot product exact)."""
    return int(np.floor(np.sqrt((2**24 - 1) / max(1, dim))))


def dense_scores(queries: np.ndarray, documents: np.ndarray) -> np.ndarray:
    """float32 dot products of rows on the exact grid (``exact_grid``): (n_queries, n_documents).

    BLAS threads are sized to the product: one below ``PARALLEL_MIN_MACS`` multiply-adds, where
    waking a second thread saves little and, on a loaded machine, costs more (a shortlist's product over
    10,000 seekers once ran 3x slower on two). A single query of 100,000 seekers streams its matrix
    twice as fast on two threads. On the grid the scores do not depend on the thread count.
    """
    macs = queries.shape[0] * documents.shape[0] * documents.shape[1]
    with _blas().limit(limits=1 if macs < PARALLEL_MIN_MACS else None, user_api="blas"):
        if queries.shape[0] == 1:  # one query (a shortlist): matrix times vector, 2x faster than as a matrix
            return np.asarray(documents @ queries[0], dtype=np.float32)[None, :]
        return np.asarray(queries @ documents.T, dtype=np.float32)


PARALLEL_MIN_MACS = 8_000_000  # about one query over 20,000 seekers


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    # Built once: inspecting the loaded libraries costs milliseconds, a limit on them microseconds.
    return ThreadpoolController()
