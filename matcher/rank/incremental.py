"""Exact incremental re-ranking: a vacancy's shortlist carried over to a pool where a few seekers changed.

A shortlist is the top k of the allowed candidates by score, and the candidates are the dense top N,
the lexical top N and the concept matches. Every pair's similarities, constraints and score depend
only on the two profiles (the lexical weights are fixed, ``matcher.rank.lexical``), so what a change of
the pool can move is bounded: removed or edited seekers leave, new or edited ones arrive, and the top-N
cut-offs shift. ``RankState`` keeps, per vacancy, slightly deeper lists than the ranking needs:

* ``dense`` and ``lexical``: the pool's top N + margin by each similarity;
* ``scored``: the top k + margin of the allowed candidates by score.

Each list knows its ``floor``: every member of the pool (or of the candidates) that is not listed
ranks after it. Carrying a list to the new pool drops the entries that left, inserts the arrivals
that rank before the floor, and is exact as long as at least N (or k) entries remain; when a margin
is used up the vacancy is ranked in full again (``carry`` returns None), which also refreshes it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matcher.rank.retrieval import Cutoff

DEFAULT_MARGIN = 50


@dataclass(frozen=True)
class TopList:
    """Pool rows by (score descending, seeker id ascending); ``floor`` None: every member is listed."""

    rows: np.ndarray  # int64 positions in the pool the list was made on
    scores: np.ndarray
    floor: Cutoff | None

    def head(self, n: int) -> np.ndarray:
        return self.rows[:n]


def top_list(rows: np.ndarray, scores: np.ndarray, ids: Sequence[str], total: int) -> TopList:
    """A list of the best ``rows`` (already in order) out of ``total`` members."""
    floor = Cutoff(float(scores[-1]), ids[int(rows[-1])]) if 0 < rows.size < total else None
    return TopList(np.asarray(rows, dtype=np.int64), scores, floor)


def before_floor(
    scores: np.ndarray, ids: Sequence[str], rows: np.ndarray, floor: Cutoff | None
) -> np.ndarray:
    """Which entries rank at or before the floor (all when there is none)."""
    if floor is None:
        return np.ones(rows.size, dtype=bool)
    mask = scores > floor.score
    for i in np.flatnonzero(scores == floor.score).tolist():
        mask[i] = ids[int(rows[i])] <= floor.seeker_id
    return mask


def carry(
    old: TopList,
    old_to_new: np.ndarray,
    arrivals: np.ndarray,
    arrival_scores: np.ndarray,
    *,
    ids: Sequence[str],
    id_rank: np.ndarray,
    depth: int,
    need: int,
    drop: np.ndarray | None = None,
) -> TopList | None:
    """``old`` on the new pool: departed entries (and ``drop``, new-pool rows) out, arrivals in.

    ``arrivals`` are new-pool rows not on the old list; those ranking after the old floor stay out
    (members after the floor are not listed). None when fewer than ``need`` entries are certain to
    lead the new pool. The result holds at most ``depth`` entries.
    """
    moved = old_to_new[old.rows]
    keep = moved >= 0
    if drop is not None and drop.size:
        keep &= ~np.isin(moved, drop)
    inside = before_floor(arrival_scores, ids, arrivals, old.floor)
    rows = np.concatenate([moved[keep], arrivals[inside]]).astype(np.int64)
    scores = np.concatenate([old.scores[keep], arrival_scores[inside].astype(old.scores.dtype)])
    order = np.lexsort((id_rank[rows], -scores))
    rows, scores = rows[order], scores[order]
    if old.floor is not None and rows.size < need:
        return None
    if rows.size > depth:
        rows, scores = rows[:depth], scores[:depth]
        return TopList(rows, scores, Cutoff(float(scores[-1]), ids[int(rows[-1])]))
    return TopList(rows, scores, old.floor)


def merge_lists(
    parts: Sequence[tuple[np.ndarray, TopList]], depth: int, ids: Sequence[str], id_rank: np.ndarray
) -> TopList:
    """One pool's list from its partitions' lists (each with its rows' positions in the pool).

    The pool's best ``depth`` are among the partitions' best ``depth``; members not listed rank after
    the merged list's last whenever some partition, or the merge, left members out.
    """
    rows = np.concatenate([to_pool[t.rows] for to_pool, t in parts]).astype(np.int64)
    scores = np.concatenate([t.scores for _, t in parts])
    order = np.lexsort((id_rank[rows], -scores))
    rows, scores = rows[order][:depth], scores[order][:depth]
    cut = any(t.floor is not None for _, t in parts) or order.size > depth
    floor = Cutoff(float(scores[-1]), ids[int(rows[-1])]) if cut and rows.size else None
    return TopList(rows, scores, floor)


@dataclass(frozen=True)
class RankState:
    """What carrying one vacancy's shortlist to a changed pool needs (see the module docstring)."""

    dense: TopList
    lexical: TopList
    scored: TopList

    def to_bytes(self) -> bytes:
        arrays: dict[str, Any] = {}
        floors = {}
        for name in ("dense", "lexical", "scored"):
            part: TopList = getattr(self, name)
            arrays[f"{name}_rows"] = part.rows.astype(np.uint32)
            arrays[f"{name}_scores"] = part.scores
            floors[name] = None if part.floor is None else [part.floor.score, part.floor.seeker_id]
        arrays["floors"] = np.frombuffer(json.dumps(floors).encode(), dtype=np.uint8)
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def merge(
        cls,
        parts: Sequence[tuple[np.ndarray, RankState]],
        depths: tuple[int, int, int],
        ids: Sequence[str],
        id_rank: np.ndarray,
    ) -> RankState:
        """The pool's state from its partitions' (``rank_many`` with the pool's cut-offs on each);
        ``depths``: of the dense, lexical and scored lists (N + margin, N + margin, k + margin)."""
        return cls(
            *(
                merge_lists(
                    [(to_pool, getattr(state, name)) for to_pool, state in parts], depth, ids, id_rank
                )
                for name, depth in zip(("dense", "lexical", "scored"), depths, strict=True)
            )
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> RankState:
        with np.load(io.BytesIO(data)) as z:
            floors = json.loads(z["floors"].tobytes().decode())
            parts = {
                name: TopList(
                    z[f"{name}_rows"].astype(np.int64),
                    z[f"{name}_scores"],
                    None if floors[name] is None else Cutoff(float(floors[name][0]), str(floors[name][1])),
                )
                for name in ("dense", "lexical", "scored")
            }
        return cls(**parts)


@dataclass(frozen=True)
class PoolChange:
    """How a seeker pool changed: old rows mapped to new ones, and the rows that arrived.

    A seeker whose profile changed counts as leaving (its old row maps to -1) and arriving.
    """

    old_to_new: np.ndarray
    arrivals: np.ndarray
    size: int  # of the new pool

    @classmethod
    def between(
        cls,
        old_ids: Sequence[str],
        old_digests: Sequence[str],
        new_ids: Sequence[str],
        new_digests: Sequence[str],
    ) -> PoolChange:
        new_row = {(i, d): row for row, (i, d) in enumerate(zip(new_ids, new_digests, strict=True))}
        old_to_new = np.asarray(
            [new_row.get((i, d), -1) for i, d in zip(old_ids, old_digests, strict=True)], dtype=np.int64
        )
        stayed = np.zeros(len(new_ids), dtype=bool)
        stayed[old_to_new[old_to_new >= 0]] = True
        return cls(old_to_new, np.flatnonzero(~stayed).astype(np.int64), len(new_ids))

    @property
    def departures(self) -> int:
        return int((self.old_to_new < 0).sum())
