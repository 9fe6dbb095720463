"""Carrying a pipeline's shortlists to a changed seeker pool (the ranking side of
``matcher.rank.incremental``).

``Carrier(pipeline).carry_many`` takes each vacancy's ``RankState`` on the old pool and the
``PoolChange``, and gives what ``RankingPipeline.rank_many`` gives on the new pool, looking only at
the arrivals and at the seekers that enter or leave a top N:

1. per block of vacancies, similarities to the arrivals in one dense and one sparse product;
2. per vacancy, the dense and lexical lists carried; the arrivals that are candidates (and can reach
   the scored list's floor: every feature but the similarities is in [0, 1] and enters linearly),
   and the unchanged seekers that entered a top N, are scored; those that left every top N and
   match no concept are dropped;
3. the scored list carried; an unchanged top k is reported as such, a changed one explained, with
   the explanations of seekers who stay taken from the previous list.

Every number is computed as ranking in full computes it (exact float32 products of grid vectors,
sparse products summed in column order), so the lists are equal, not close.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from matcher.rank.features import FEATURE_NAMES, featurize
from matcher.rank.gc_tuning import fewer_collections
from matcher.rank.incremental import DEFAULT_MARGIN, PoolChange, RankState, TopList, carry
from matcher.rank.lexical import LexicalWeights
from matcher.rank.profile_arrays import SeekerArrays, VacancyContext, vacancy_context, vacancy_document
from matcher.rank.retrieval import CONCEPT_MIN_RELATION, allowed, constraint_failures
from matcher.rank.vectors import dense_scores, exact_grid
from matcher.types import RankedList, VacancyProfile

if TYPE_CHECKING:
    from matcher.rank.pipeline import RankingPipeline


@dataclass(frozen=True)
class Carried:
    """One vacancy's shortlist carried to a changed pool (``Carrier.carry_many``).

    ``state`` None: a margin was used up, rank this vacancy in full. ``ranked`` None: the shortlist is
    the same as before (same seekers, same order, none of them changed).
    """

    state: RankState | None
    ranked: RankedList | None


class _LexicalRows:
    """Seekers' lexical rows, computed once for the rows asked for (a carry needs few of them)."""

    def __init__(self, weights: LexicalWeights, docs: Sequence[str]) -> None:
        self.weights, self.docs = weights, docs
        self.rows: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def load(self, rows: np.ndarray) -> None:
        missing = sorted(set(rows.tolist()) - self.rows.keys())
        if missing:
            m = self.weights.transform([self.docs[r] for r in missing])
            for i, r in enumerate(missing):
                a, b = m.indptr[i], m.indptr[i + 1]
                self.rows[r] = (m.indices[a:b], m.data[a:b])

    def matrix(self, rows: np.ndarray) -> sparse.csr_matrix:
        self.load(rows)
        parts = [self.rows[r] for r in rows.tolist()]
        indptr = np.cumsum([0] + [p[0].size for p in parts])
        indices = np.concatenate([p[0] for p in parts] + [np.zeros(0, dtype=np.int32)])
        data = np.concatenate([p[1] for p in parts] + [np.zeros(0, dtype=np.float32)])
        return sparse.csr_matrix((data, indices, indptr), shape=(len(parts), self.weights.n_features))

    def cosines(self, query: sparse.csr_matrix, rows: np.ndarray) -> np.ndarray:
        """query · row for each row, summed exactly as the pool's sparse product sums (term by term
        in column order, in float32), so a carried score equals the fully ranked one to the bit."""
        self.load(rows)
        out = np.zeros(rows.size, dtype=np.float32)
        q_cols, q_vals = query.indices, query.data
        if q_cols.size == 0 or rows.size == 0:
            return out
        parts = [self.rows[r] for r in rows.tolist()]
        cols = np.concatenate([p[0] for p in parts])
        vals = np.concatenate([p[1] for p in parts])
        owner = np.repeat(np.arange(rows.size), [p[0].size for p in parts])
        at = np.minimum(np.searchsorted(q_cols, cols), q_cols.size - 1)
        hit = q_cols[at] == cols
        # Each row's products are in column order, and add.at adds them one at a time in that order.
        np.add.at(out, owner[hit], vals[hit] * q_vals[at[hit]])
        return out


@dataclass(frozen=True)
class _Query:
    dense: np.ndarray  # on the exact grid (matcher.rank.vectors.exact_grid)
    lexical: sparse.csr_matrix  # one row
    rows: _LexicalRows


class _ConceptView:
    """The concept view of a few rows (the arrivals, or seekers leaving a top N): two sparse products
    per vacancy instead of selecting the pool's columns."""

    def __init__(self, arrays: SeekerArrays, rows: np.ndarray) -> None:
        self.occupations = sparse.csr_matrix(arrays.occupations[rows], dtype=np.float64)
        self.skills = sparse.csr_matrix(arrays.skills[rows], dtype=np.float64)
        self.occupations.data[:] = 1.0  # stored entries count, whatever their weight
        self.skills.data[:] = 1.0

    def match(self, ctx: VacancyContext) -> np.ndarray:
        """As ``concept_candidates``: an occupation related ≥ 0.25, or a wanted skill held."""
        occupations = (ctx.relation >= CONCEPT_MIN_RELATION).astype(np.float64)
        wanted = np.zeros(self.skills.shape[1])
        wanted[np.concatenate([ctx.required_cols, ctx.desired_cols]).astype(int)] = 1.0
        return np.asarray((self.occupations @ occupations > 0) | (self.skills @ wanted > 0)).ravel()


@dataclass(frozen=True)
class _Top:
    """A changed top k, and the features of the rows scored while carrying it."""

    ctx: VacancyContext
    rows: np.ndarray
    scored: dict[int, tuple[np.ndarray, np.ndarray]]  # row: (features, contributions)
    intercept: float


@dataclass(frozen=True)
class _CarryPlan:
    dense: TopList
    lexical: TopList
    ctx: VacancyContext
    rows: np.ndarray  # to score
    drop: np.ndarray  # unchanged rows no longer candidates


class Carrier:
    """Carries shortlists to the pool ``pipeline`` is indexed on (``index_seekers``)."""

    def __init__(self, pipeline: RankingPipeline) -> None:
        self.pipeline = pipeline

    def carry_many(
        self,
        vacancies: Sequence[VacancyProfile],
        states: Sequence[RankState],
        change: PoolChange,
        k: int = 50,
        margin: int = DEFAULT_MARGIN,
        previous: Sequence[RankedList | None]
        | Callable[[list[int]], Sequence[RankedList | None]]
        | None = None,
        block: int = 64,
    ) -> Iterator[Carried]:
        """Each vacancy's shortlist brought to this (changed) pool from its ``RankState`` on the old one.

        Equal to ``rank_many`` on this pool, but only the arrivals, and the seekers that enter or leave
        a top N, are looked at: similarities to the arrivals in one matrix product per block, a few
        rows scored per vacancy, explanations only for a list that changed, reused from its previous
        list where a seeker stays on it. ``previous``: the lists, or a function giving them for the
        vacancies (indices) whose lists changed, called once per block. The pool must be indexed
        (``index_seekers``); its lexical matrix is not needed.
        """
        with fewer_collections():
            yield from self._carry_many(vacancies, states, change, k, margin, previous, block)

    def _carry_many(
        self,
        vacancies: Sequence[VacancyProfile],
        states: Sequence[RankState],
        change: PoolChange,
        k: int,
        margin: int,
        previous: Sequence[RankedList | None] | Callable[[list[int]], Sequence[RankedList | None]] | None,
        block: int,
    ) -> Iterator[Carried]:
        if len(states) != len(vacancies):
            raise ValueError("one state per vacancy")
        if change.size != len(self.pipeline.seekers_.ids):
            raise ValueError("the change describes another pool than the one indexed")
        lexical_rows = _LexicalRows(self.pipeline.lexical_weights, self.pipeline.seeker_docs_)
        arrivals = change.arrivals
        arrived = np.zeros(change.size, dtype=bool)
        arrived[arrivals] = True
        arrival_concepts = _ConceptView(self.pipeline.seekers_, arrivals)
        arrival_vectors = self.pipeline.seeker_vectors_[arrivals]
        arrival_lexical_t = sparse.csr_matrix(lexical_rows.matrix(arrivals).T)
        for start in range(0, len(vacancies), block):
            chunk = vacancies[start : start + block]
            texts = [vacancy_document(v) for v in chunk]
            queries = exact_grid(self.pipeline.embedder.encode_queries(texts))
            query_lexical = self.pipeline.lexical_weights.transform(texts)
            dense = dense_scores(queries, arrival_vectors)
            lexical = np.asarray((query_lexical @ arrival_lexical_t).todense(), dtype=np.float32)
            bounds = self._score_bounds(dense, lexical)
            plans = [
                self._carry_lists(
                    v, states[start + i], change, (dense[i], lexical[i]), bounds[i], arrival_concepts, margin
                )
                for i, v in enumerate(chunk)
            ]
            # The lexical cosines of every row to score in this block: one product, summed as the pool's is.
            union = np.unique(np.concatenate([p.rows for p in plans if p is not None] + [arrivals[:0]]))
            block_lexical = np.asarray(
                (query_lexical @ sparse.csr_matrix(lexical_rows.matrix(union).T)).todense(), dtype=np.float32
            )
            queries_of = [_Query(queries[i], query_lexical[i], lexical_rows) for i in range(len(chunk))]
            outcomes = [
                None
                if plan is None
                else self._carry_scored(
                    states[start + i],
                    change,
                    plan,
                    queries_of[i],
                    block_lexical[i, np.searchsorted(union, plan.rows)],
                    k,
                    margin,
                )
                for i, plan in enumerate(plans)
            ]
            tops = {i: o[1] for i, o in enumerate(outcomes) if o is not None and o[1] is not None}
            if previous is None:
                before: list[RankedList | None] = [None] * len(tops)
            elif callable(previous):
                before = list(previous([start + i for i in tops]))
            else:
                before = [previous[start + i] for i in tops]
            reuse = dict(zip(tops, before, strict=True))
            fresh = {i: self._fresh_rows(top, reuse[i], arrived) for i, top in tops.items()}
            lexical_rows.load(np.concatenate([*fresh.values(), arrivals[:0]]))
            for i, outcome in enumerate(outcomes):
                if outcome is None:
                    yield Carried(None, None)
                elif i not in tops:
                    yield Carried(outcome[0], None)
                else:
                    ranked = self._explain_rows(chunk[i], tops[i], fresh[i], reuse[i], arrived, queries_of[i])
                    yield Carried(outcome[0], ranked)

    def _carry_lists(
        self,
        vacancy: VacancyProfile,
        state: RankState,
        change: PoolChange,
        arrival_similarity: tuple[np.ndarray, np.ndarray],
        arrival_bounds: np.ndarray,
        arrival_concepts: _ConceptView,
        margin: int,
    ) -> _CarryPlan | None:
        """The dense and lexical lists carried, the rows to score and to drop; None: rank in full."""
        arrays = self.pipeline.seekers_
        ids, id_rank, moved, arrivals = arrays.ids, arrays.id_rank, change.old_to_new, change.arrivals
        lists = []
        for old, similarity, n in (
            (state.dense, arrival_similarity[0], self.pipeline.n_dense),
            (state.lexical, arrival_similarity[1], self.pipeline.n_lexical),
        ):
            new = carry(old, moved, arrivals, similarity, ids=ids, id_rank=id_rank, depth=n + margin, need=n)
            if new is None:
                return None
            lists.append(new)
        old_top = moved[
            np.concatenate(
                [state.dense.head(self.pipeline.n_dense), state.lexical.head(self.pipeline.n_lexical)]
            )
        ]
        old_top = np.unique(old_top[old_top >= 0])
        new_top = np.unique(
            np.concatenate([lists[0].head(self.pipeline.n_dense), lists[1].head(self.pipeline.n_lexical)])
        )
        ctx = vacancy_context(vacancy, arrays, self.pipeline.taxonomy, self.pipeline.reference_date)
        # Unchanged seekers that left every top N stay candidates only through a concept match.
        left = np.setdiff1d(old_top, new_top, assume_unique=True)
        drop = left[~_ConceptView(arrays, left).match(ctx)]
        # To score: arrivals that are candidates, and unchanged seekers that entered a top N.
        floor = state.scored.floor
        # An arrival that cannot reach the scored list's floor need not be looked at.
        reach = np.ones(arrivals.size, dtype=bool) if floor is None else arrival_bounds >= floor.score - 1e-9
        wanted = reach & (np.isin(arrivals, new_top) | arrival_concepts.match(ctx))
        arriving = arrivals[wanted]
        entered = np.setdiff1d(np.setdiff1d(new_top, old_top, assume_unique=True), arrivals)
        listed = moved[state.scored.rows]
        entered = np.setdiff1d(entered, listed[listed >= 0])
        rows = np.union1d(arriving, entered).astype(np.int64)
        return _CarryPlan(lists[0], lists[1], ctx, rows, drop)

    def _carry_scored(
        self,
        state: RankState,
        change: PoolChange,
        plan: _CarryPlan,
        query: _Query,
        lexical: np.ndarray,
        k: int,
        margin: int,
    ) -> tuple[RankState, _Top | None] | None:
        """The new state and, when the top k changed, what explaining it needs; None: rank in full."""
        arrays, moved = self.pipeline.seekers_, change.old_to_new
        X, intercept, parts, scores, ok = self._score_rows(plan.ctx, plan.rows, query, lexical)
        scored = carry(
            state.scored,
            moved,
            plan.rows[ok],
            scores[ok],
            ids=arrays.ids,
            id_rank=arrays.id_rank,
            depth=k + margin,
            need=k,
            drop=plan.drop,
        )
        if scored is None:
            return None
        new_state = RankState(plan.dense, plan.lexical, scored)
        top = scored.head(k)
        before = moved[state.scored.head(k)]
        if top.size == before.size and bool((before >= 0).all()) and np.array_equal(top, before):
            return new_state, None
        return new_state, _Top(
            plan.ctx, top, {r: (X[i], parts[i]) for i, r in enumerate(plan.rows.tolist())}, intercept
        )

    def _score_bounds(self, dense: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        """The highest score each pair can have knowing only its similarities: every other feature is
        in [0, 1] and enters the score linearly, so it adds at most its positive weight."""
        coef = np.asarray(self.pipeline.scorer.coef_, dtype=np.float64)
        sem, lex = FEATURE_NAMES.index("semantic_similarity"), FEATURE_NAMES.index("lexical_similarity")
        others = np.delete(coef, [sem, lex])
        base = float(self.pipeline.scorer.intercept_) + float(np.clip(others, 0.0, None).sum())
        return base + coef[sem] * np.clip(dense, 0.0, 1.0) + coef[lex] * np.clip(lexical, 0.0, 1.0)

    def _fresh_rows(self, top: _Top, previous: RankedList | None, arrived: np.ndarray) -> np.ndarray:
        """Top rows neither on the previous list nor scored while carrying (moved up from the margin)."""
        keep = {m.seeker_id for m in previous.matches} if previous is not None else set()
        ids = self.pipeline.seekers_.ids
        rows = [r for r in top.rows.tolist() if not arrived[r] and ids[r] not in keep and r not in top.scored]
        return np.asarray(rows, dtype=np.int64)

    def _explain_rows(
        self,
        vacancy: VacancyProfile,
        top: _Top,
        fresh: np.ndarray,
        previous: RankedList | None,
        arrived: np.ndarray,
        query: _Query,
    ) -> RankedList:
        """The top rows as matches: an unchanged seeker's from the previous list, the others explained
        from the features computed while carrying, or for ``fresh`` rows now."""
        ctx, arrays = top.ctx, self.pipeline.seekers_
        known = dict(top.scored)
        if fresh.size:
            X, _, parts, _, _ = self._score_rows(ctx, fresh, query)
            known.update({r: (X[i], parts[i]) for i, r in enumerate(fresh.tolist())})
        reuse = {m.seeker_id: m for m in previous.matches} if previous is not None else {}
        matches = []
        for rank, r in enumerate(top.rows.tolist(), start=1):
            seeker_id = arrays.ids[r]
            if seeker_id in reuse and not arrived[r]:
                matches.append(replace(reuse[seeker_id], rank=rank))
                continue
            x, part = known[r]
            distance = float(ctx.distances(arrays, np.asarray([r]))[0])
            matches.append(
                self.pipeline._match(
                    ctx,
                    arrays,
                    r,
                    x.tolist(),
                    top.intercept,
                    part.tolist(),
                    rank,
                    distance,
                    vacancy.id,
                    seeker_id,
                    (),
                )
            )
        return RankedList(
            query_id=vacancy.id, model_version=self.pipeline.model_version, matches=tuple(matches)
        )

    def _score_rows(
        self, ctx: VacancyContext, rows: np.ndarray, query: _Query, lexical: np.ndarray | None = None
    ) -> tuple[np.ndarray, float, np.ndarray, np.ndarray, np.ndarray]:
        """Features, intercept, contributions, scores and the allowed mask of these rows only."""
        dense = dense_scores(query.dense[None, :], self.pipeline.seeker_vectors_[rows])[0]
        if lexical is None:
            lexical = query.rows.cosines(query.lexical, rows)
        ok = allowed(constraint_failures(ctx, self.pipeline.seekers_, rows, self.pipeline.start_grace_days))
        X = featurize(ctx, self.pipeline.seekers_, rows, dense, lexical)
        intercept, parts = self.pipeline.scorer.contributions(X)
        return X, intercept, parts, intercept + parts.sum(axis=1), ok
