"""Top-k helpers with deterministic tie-breaking."""

from __future__ import annotations

import numpy as np


def top_k(scores: np.ndarray, k: int, tiebreak: np.ndarray | None = None) -> np.ndarray:
    """Indices of the ``k`` highest scores, best first; ties by ``tiebreak`` ascending (else index).

    ``argpartition`` first so that 100,000 scores cost a linear pass, then a stable sort of the few.
    NaN scores are never returned.
    """
    valid = ~np.isnan(scores)
    idx = np.flatnonzero(valid) if not valid.all() else np.arange(scores.shape[0])
    if k <= 0 or idx.size == 0:
        return np.zeros(0, dtype=np.int64)
    sub = scores[idx]
    if idx.size > k:
        # Keep every element tied with the k-th score so the tie-break decides, not the partition.
        kth = np.partition(sub, idx.size - k)[idx.size - k]
        keep = sub >= kth
        idx, sub = idx[keep], sub[keep]
    secondary = tiebreak[idx] if tiebreak is not None else idx
    order = np.lexsort((secondary, -sub))
    return idx[order][:k]


def rank_order(scores: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
    """A full ordering: score descending, then ``tiebreak`` ascending."""
    return np.lexsort((tiebreak, -scores))
