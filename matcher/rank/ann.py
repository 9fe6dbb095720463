"""Nearest-neighbour search over unit vectors: exact by default, hnswlib above a corpus size.

``ExactIndex`` is a blocked float32 matrix product plus ``argpartition``: at 100,000 × 384 a block of
queries reads the corpus once, so it runs near memory bandwidth and returns the true top-k with
ties broken by position (callers order the corpus by id). ``HnswIndex`` trades a little recall for
sub-linear queries; ``recall_at_k`` measures how much against the exact answer. ``merge_topk``
combines per-partition top-k lists into the global one, which for exact search equals searching
the whole corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

DEFAULT_HNSW_THRESHOLD = 200_000
QUERY_BLOCK = 256


class VectorIndex(Protocol):
    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, scores), each (n_queries, k), best first; rows are -1 and scores -inf where fewer exist."""
        ...


def _topk_rows(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    n = scores.shape[1]
    kk = min(k, n)
    if kk < n:
        part = np.argpartition(-scores, kk - 1, axis=1)[:, :kk]
    else:
        part = np.broadcast_to(np.arange(n), (scores.shape[0], n)).copy()
    part_scores = np.take_along_axis(scores, part, axis=1)
    # Score descending, then row ascending: deterministic under ties.
    order = np.lexsort((part, -part_scores), axis=1)
    rows = np.take_along_axis(part, order, axis=1)
    vals = np.take_along_axis(part_scores, order, axis=1)
    if kk < k:
        pad = k - kk
        rows = np.pad(rows, ((0, 0), (0, pad)), constant_values=-1)
        vals = np.pad(vals, ((0, 0), (0, pad)), constant_values=-np.inf)
    return rows.astype(np.int64), vals.astype(np.float32)


class ExactIndex:
    """Exact inner-product top-k (cosine for unit vectors)."""

    def __init__(self, vectors: np.ndarray, block: int = QUERY_BLOCK) -> None:
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.block = block

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        q = np.ascontiguousarray(queries, dtype=np.float32)
        rows = np.empty((q.shape[0], k), dtype=np.int64)
        vals = np.empty((q.shape[0], k), dtype=np.float32)
        for start in range(0, q.shape[0], self.block):
            scores = q[start : start + self.block] @ self.vectors.T
            rows[start : start + self.block], vals[start : start + self.block] = _topk_rows(scores, k)
        return rows, vals


class HnswIndex:
    """hnswlib graph index (inner product); ``ef`` trades query time for recall."""

    def __init__(
        self,
        vectors: np.ndarray,
        m: int = 16,
        ef_construction: int = 200,
        ef: int = 128,
        threads: int = 1,
        seed: int = 0,
    ) -> None:
        import hnswlib

        data = np.ascontiguousarray(vectors, dtype=np.float32)
        self.index = hnswlib.Index(space="ip", dim=data.shape[1])
        self.index.init_index(
            max_elements=max(1, data.shape[0]), M=m, ef_construction=ef_construction, random_seed=seed
        )
        self.index.set_num_threads(threads)
        self.index.add_items(data, np.arange(data.shape[0]))
        self.ef = ef
        self.size = data.shape[0]

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        kk = min(k, self.size)
        self.index.set_ef(max(self.ef, kk))
        labels, distances = self.index.knn_query(np.ascontiguousarray(queries, dtype=np.float32), k=kk)
        rows, vals = labels.astype(np.int64), (1.0 - distances).astype(np.float32)  # ip distance = 1 - dot
        order = np.lexsort((rows, -vals), axis=1)
        rows, vals = np.take_along_axis(rows, order, axis=1), np.take_along_axis(vals, order, axis=1)
        if kk < k:
            rows = np.pad(rows, ((0, 0), (0, k - kk)), constant_values=-1)
            vals = np.pad(vals, ((0, 0), (0, k - kk)), constant_values=-np.inf)
        return rows, vals


def build_index(vectors: np.ndarray, hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD) -> VectorIndex:
    """Exact below ``hnsw_threshold`` vectors, hnswlib at or above it."""
    if vectors.shape[0] >= hnsw_threshold:
        return HnswIndex(vectors)
    return ExactIndex(vectors)


def recall_at_k(found: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of the exact top-k rows that ``found`` also returned (rows are (n_queries, k))."""
    hits = [
        len(set(f[f >= 0].tolist()) & set(e[e >= 0].tolist())) / max(1, int((e >= 0).sum()))
        for f, e in zip(found, exact, strict=True)
    ]
    return float(np.mean(hits)) if hits else 1.0


def merge_topk(
    partials: Sequence[tuple[np.ndarray, np.ndarray]], offsets: Sequence[int], k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Global top-k from per-partition ``(rows, scores)``; partition p's rows start at ``offsets[p]``.

    Ties go to the lower global row, as in a search over the whole corpus.
    """
    rows = np.concatenate(
        [np.where(r >= 0, r + off, -1) for (r, _), off in zip(partials, offsets, strict=True)], axis=1
    )
    vals = np.concatenate([v for _, v in partials], axis=1)
    key_rows = np.where(rows >= 0, rows, np.iinfo(np.int64).max)
    order = np.lexsort((key_rows, -vals), axis=1)[:, :k]
    return np.take_along_axis(rows, order, axis=1), np.take_along_axis(vals, order, axis=1)
