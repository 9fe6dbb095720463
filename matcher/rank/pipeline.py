"""The whole ranking flow, top-down: candidates → constraints → features → score → rank → explain.

``RankingPipeline`` holds the seeker (and vacancy) pool as arrays; one ``shortlist`` call embeds the
vacancy (cached), selects candidates, removes those that fail a hard constraint, scores the rest
with the linear scorer and explains only the top k. ``last_timings`` holds per-stage milliseconds
of the last call. Results are deterministic: ties are broken by id.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np

from matcher.embed.embedding import CachedEmbedder, Embedder, EmbeddingCache
from matcher.rank import kernels
from matcher.rank.explain import explain, explain_many, pair_facts, pair_facts_many
from matcher.rank.features import (
    FEATURE_NAMES,
    LEADING,
    ColumnMatrices,
    featurize,
    fixed_features,
    leading_features,
)
from matcher.rank.gc_tuning import fewer_collections
from matcher.rank.incremental import DEFAULT_MARGIN, RankState, top_list
from matcher.rank.lexical import DENSE_BUDGET, LexicalIndex, LexicalWeights, default_weights
from matcher.rank.profile_arrays import (
    SeekerArrays,
    TaxonomyView,
    VacancyContext,
    build_seeker_arrays,
    occupation_guesses,
    seeker_document,
    vacancy_context,
    vacancy_document,
    vacancy_occupations,
)
from matcher.rank.retrieval import (
    START_GRACE_DAYS,
    Cutoff,
    Failures,
    allowed,
    candidate_rows,
    constraint_failures,
    reasons_for,
    rows_within,
    select_candidates,
)
from matcher.rank.scoring import LinearScorer
from matcher.rank.vectors import at_least_kth, dense_scores, exact_grid, nth_largest, rank_order, top_k
from matcher.types import (
    PackedList,
    RankedList,
    ScoredMatch,
    SeekerProfile,
    VacancyProfile,
    contributions_from,
)


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._t = time.perf_counter()

    def add(self, stage: str, seconds: float) -> None:
        self.timings[stage] = self.timings.get(stage, 0.0) + seconds * 1000.0

    def restart(self) -> None:
        self._t = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + (now - self._t) * 1000.0
        self._t = now


class RankingPipeline:
    """Shortlists seekers for a vacancy and vacancies for a seeker."""

    def __init__(
        self,
        embedder: Embedder,
        taxonomy: TaxonomyView,
        scorer: LinearScorer | None = None,
        *,
        cache: EmbeddingCache | None = None,
        n_dense: int = 200,
        n_lexical: int = 200,
        start_grace_days: int = START_GRACE_DAYS,
        reference_date: date | None = None,
        lexical_weights: LexicalWeights | None = None,
        lexical_dense_budget: int = DENSE_BUDGET,
    ) -> None:
        self.embedder = embedder if isinstance(embedder, CachedEmbedder) else CachedEmbedder(embedder, cache)
        self.taxonomy = taxonomy
        self.scorer = scorer if scorer is not None else LinearScorer.default()
        if list(self.scorer.get_feature_names_out()) != list(FEATURE_NAMES):
            raise ValueError("the scorer was trained on other features than matcher.rank.features produces")
        self.n_dense = n_dense
        self.n_lexical = n_lexical
        self.start_grace_days = start_grace_days
        self.reference_date = reference_date
        self.lexical_weights = lexical_weights if lexical_weights is not None else default_weights()
        self.lexical_dense_budget = lexical_dense_budget  # bytes (``LexicalIndex``); a batch affords more
        self.last_timings: dict[str, float] = {}
        kernels.load()  # once per process

    @property
    def model_version(self) -> str:
        return f"{self.scorer.version}+{self.embedder.model_id}"

    # -- seekers for a vacancy ----------------------------------------------------------------
    def index_seekers(
        self,
        seekers: Sequence[SeekerProfile],
        *,
        lexical: bool = False,
        documents: Sequence[str] | None = None,
    ) -> RankingPipeline:
        """Embed (through the cache) and build the concept inverted index; the lexical index is built
        now with ``lexical``, else when first needed (``matcher.batch.carry`` does without it). The
        lexical weights are fixed, so a partition of a pool indexed on its own scores exactly as the
        whole pool does. ``documents``: the seekers' ``seeker_document``s, when the caller has them."""
        if documents is not None and len(documents) != len(seekers):
            raise ValueError("one document per seeker")
        docs = list(documents) if documents is not None else [seeker_document(s) for s in seekers]
        self.seeker_docs_ = docs
        self._seeker_lexical: LexicalIndex | None = None
        # Embedded here (the embedder's cache may hold a database session); the grid rounding is numpy
        # over the whole matrix (released GIL): on a second thread it overlaps the Python-bound arrays
        # and lexical counts, most of a large pool's indexing time.
        vectors = self.embedder.encode_documents(docs)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="grid") as worker:
            # On the exact grid, float32 products are exact: a vacancy's scores do not depend on which
            # other vacancies share its matrix product, nor on the rows scored (``matcher.batch.carry``).
            grid = worker.submit(exact_grid, vectors)
            self.seekers_ = build_seeker_arrays(seekers, self.taxonomy)
            self.columns_ = ColumnMatrices.of(self.seekers_)
            if lexical:
                _ = self.seeker_lexical_
            self.seeker_vectors_ = grid.result()
        return self

    @property
    def seeker_lexical_(self) -> LexicalIndex:
        if self._seeker_lexical is None:
            self._seeker_lexical = LexicalIndex(self.lexical_weights, self.lexical_dense_budget).fit(
                self.seeker_docs_
            )
        return self._seeker_lexical

    def shortlist(self, vacancy: VacancyProfile, k: int = 50, include_excluded: bool = False) -> RankedList:
        """The k best eligible seekers; with ``include_excluded`` also up to k excluded ones after them."""
        return next(self.shortlist_many([vacancy], k, include_excluded))

    def shortlist_many(
        self,
        vacancies: Sequence[VacancyProfile],
        k: int = 50,
        include_excluded: bool = False,
        block: int = 64,
        cutoffs: Sequence[tuple[Cutoff | None, Cutoff | None]] | None = None,
    ) -> Iterator[RankedList]:
        """``shortlist`` for each vacancy, in order, with embedding, dense and lexical similarity done
        ``block`` vacancies at a time (one matrix product instead of one per vacancy).

        Each result equals ``shortlist(vacancy)``; ``last_timings`` sums the stages over the call.
        ``cutoffs`` (per vacancy: dense, lexical) replace this pool's own top-N candidate selection by
        the whole pool's when this pipeline holds one partition of it (see ``candidate_tops``).
        """
        for packed, _ in self._rank_many(vacancies, k, include_excluded, block, cutoffs, None):
            yield packed.ranked()

    def rank_many(
        self,
        vacancies: Sequence[VacancyProfile],
        k: int = 50,
        margin: int = DEFAULT_MARGIN,
        block: int = 64,
        cutoffs: Sequence[tuple[Cutoff | None, Cutoff | None]] | None = None,
    ) -> Iterator[tuple[RankedList, RankState]]:
        """``shortlist_many`` with each vacancy's ``RankState``: what ``matcher.batch.carry.Carrier`` needs to
        bring the shortlist up to date after seekers change, without ranking the vacancy again. On a
        partition of the pool (``cutoffs``) the states are the partition's, to be merged
        (``RankState.merge``)."""
        for packed, state in self.rank_many_packed(vacancies, k, margin, block, cutoffs):
            yield packed.ranked(), state

    def rank_many_packed(
        self,
        vacancies: Sequence[VacancyProfile],
        k: int = 50,
        margin: int = DEFAULT_MARGIN,
        block: int = 64,
        cutoffs: Sequence[tuple[Cutoff | None, Cutoff | None]] | None = None,
    ) -> Iterator[tuple[PackedList, RankState]]:
        """``rank_many`` with each list as columns (``PackedList``): what a batch worker sends back, with
        no object per match or contribution to build and pickle there."""
        for packed, state in self._rank_many(vacancies, k, False, block, cutoffs, margin):
            assert state is not None
            yield packed, state

    def _rank_many(
        self,
        vacancies: Sequence[VacancyProfile],
        k: int,
        include_excluded: bool,
        block: int,
        cutoffs: Sequence[tuple[Cutoff | None, Cutoff | None]] | None,
        margin: int | None,
    ) -> Iterator[tuple[PackedList, RankState | None]]:
        if cutoffs is not None and len(cutoffs) != len(vacancies):
            raise ValueError("one (dense, lexical) cut-off pair per vacancy")
        if not hasattr(self, "seekers_"):
            raise RuntimeError("index_seekers() must be called before shortlist()")
        clock = _Clock()
        self.last_timings = clock.timings
        chunks = [vacancies[i : i + block] for i in range(0, len(vacancies), block)]
        if not chunks:
            return
        with fewer_collections() if len(vacancies) > 1 else nullcontext():
            yield from self._rank_chunks(chunks, k, include_excluded, block, cutoffs, margin, clock)

    def _rank_chunks(
        self,
        chunks: list[Sequence[VacancyProfile]],
        k: int,
        include_excluded: bool,
        block: int,
        cutoffs: Sequence[tuple[Cutoff | None, Cutoff | None]] | None,
        margin: int | None,
        clock: _Clock,
    ) -> Iterator[tuple[PackedList, RankState | None]]:
        if len(chunks) == 1:  # one block (an interactive shortlist): nothing to overlap with
            dense, lexical = self._similarities(chunks[0], clock)()
            clock.restart()  # the products timed themselves
            for i, vacancy in enumerate(chunks[0]):
                cut = cutoffs[i] if cutoffs is not None else None
                yield self._rank_seekers(
                    vacancy, dense[i], lexical[i], k, include_excluded, clock, cut, margin
                )
            return
        # The similarity products release the GIL: the next block's run on a second thread while this
        # thread ranks and explains the current block (on 2 cores, 1.5-2x for a full re-rank).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="similarity") as worker:
            pending = worker.submit(self._similarities(chunks[0], clock))
            for n, chunk in enumerate(chunks):
                dense, lexical = pending.result()
                clock.lap("wait for similarities")
                if n + 1 < len(chunks):
                    pending = worker.submit(self._similarities(chunks[n + 1], clock))
                for i, vacancy in enumerate(chunk):
                    cut = cutoffs[n * block + i] if cutoffs is not None else None
                    yield self._rank_seekers(
                        vacancy, dense[i], lexical[i], k, include_excluded, clock, cut, margin
                    )

    def candidate_tops(
        self, vacancies: Sequence[VacancyProfile], block: int = 64
    ) -> list[tuple[tuple[np.ndarray, list[str]], tuple[np.ndarray, list[str]]]]:
        """Per vacancy, this pool's dense and lexical top N as (scores, seeker ids).

        What one partition of a seeker pool contributes to the whole pool's candidate cut-offs
        (``matcher.rank.retrieval.merge_cutoff``); then ``shortlist_many(..., cutoffs=...)`` on each partition
        and ``merge_shortlists`` give exactly the shortlists of the unpartitioned pool.
        """
        clock = _Clock()
        ids, tiebreak = self.seekers_.ids, self.seekers_.id_rank
        out = []
        for start in range(0, len(vacancies), block):
            dense, lexical = self._similarities(vacancies[start : start + block], clock)()
            for d, lx in zip(dense, lexical, strict=True):
                picks = top_k(d, self.n_dense, tiebreak), top_k(lx, self.n_lexical, tiebreak)
                out.append(
                    (
                        (d[picks[0]], [ids[i] for i in picks[0].tolist()]),
                        (lx[picks[1]], [ids[i] for i in picks[1].tolist()]),
                    )
                )
        return out

    def _similarities(
        self, chunk: Sequence[VacancyProfile], clock: _Clock
    ) -> Callable[[], tuple[np.ndarray, np.ndarray]]:
        """Embed now (the embedder's cache may hold a database session); the products when called."""
        texts = [vacancy_document(v) for v in chunk]
        queries = exact_grid(self.embedder.encode_queries(texts))
        clock.lap("embed")

        def products() -> tuple[np.ndarray, np.ndarray]:
            t = time.perf_counter()
            dense = dense_scores(queries, self.seeker_vectors_)
            t_dense = time.perf_counter()
            lexical = self.seeker_lexical_.similarity(texts)
            # Stage times of the products; on the worker thread they overlap the ranking stages.
            clock.add("dense", t_dense - t)
            clock.add("lexical", time.perf_counter() - t_dense)
            return dense, lexical

        return products

    def _rank_seekers(
        self,
        vacancy: VacancyProfile,
        dense: np.ndarray,
        lexical: np.ndarray,
        k: int,
        include_excluded: bool,
        clock: _Clock,
        cutoff: tuple[Cutoff | None, Cutoff | None] | None = None,
        margin: int | None = None,
    ) -> tuple[PackedList, RankState | None]:
        arrays = self.seekers_
        ctx = vacancy_context(vacancy, arrays, self.taxonomy, self.reference_date)
        deep: tuple[np.ndarray, np.ndarray] | None = None
        if margin is not None:
            deep = (
                top_k(dense, self.n_dense + margin, arrays.id_rank),
                top_k(lexical, self.n_lexical + margin, arrays.id_rank),
            )
        if cutoff is None and deep is not None:
            picks = deep[0][: self.n_dense], deep[1][: self.n_lexical]
        elif cutoff is None:
            picks = top_k(dense, self.n_dense, arrays.id_rank), top_k(lexical, self.n_lexical, arrays.id_rank)
        else:
            picks = rows_within(dense, arrays.ids, cutoff[0]), rows_within(lexical, arrays.ids, cutoff[1])
        # with the concept rows: the dense and lexical top N, or the rows above the whole pool's cut-offs
        rows = candidate_rows(ctx, arrays, self.columns_.occupations, self.columns_.skills, *picks)
        clock.lap("candidates")
        failures = constraint_failures(ctx, arrays, rows, self.start_grace_days)
        ok = allowed(failures)
        if not include_excluded:
            rows, ok = rows[ok], ok[ok]
        n_ok = int(ok.sum())
        clock.lap("constraints")
        leading = leading_features(ctx, arrays, rows, dense[rows], lexical[rows])
        if include_excluded:
            X = featurize(ctx, arrays, rows, dense[rows], lexical[rows], leading)
        else:
            rows, X = self._features_of_best(ctx, arrays, rows, dense, lexical, leading, k + (margin or 0))
            ok = np.ones(rows.size, dtype=bool)
        clock.lap("features")
        intercept, parts = self.scorer.contributions(X)
        scores = intercept + parts.sum(axis=1)
        ranked_ok = top_k(np.where(ok, scores, np.nan), k + (margin or 0), arrays.id_rank[rows])
        picked = ranked_ok[:k].tolist()
        if include_excluded:
            picked += list(top_k(np.where(ok, np.nan, scores), k, arrays.id_rank[rows]))
        clock.lap("score")
        ranked = self._explained(
            ctx, arrays, rows, picked, X, intercept, parts, vacancy.id, failures if include_excluded else None
        )
        clock.lap("explain")
        if deep is None:
            return ranked, None
        n, ids = dense.shape[0], arrays.ids
        state = RankState(
            dense=top_list(deep[0], dense[deep[0]], ids, n),
            lexical=top_list(deep[1], lexical[deep[1]], ids, n),
            scored=top_list(rows[ranked_ok], scores[ranked_ok], ids, n_ok),
        )
        return ranked, state

    def _features_of_best(
        self,
        ctx: VacancyContext,
        arrays: SeekerArrays,
        rows: np.ndarray,
        dense: np.ndarray,
        lexical: np.ndarray,
        leading: np.ndarray,
        n: int,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Some of the (eligible) candidate ``rows`` and their features: every row that can be among the
        ``n`` best, in order; rows that cannot, whatever their other features, are not featurised.

        Bounds from the leading features alone leave thousands of rows of a large pool; the exact scores
        of the ``2n`` rows with the best upper bounds give a far higher floor. Features are computed row
        by row, so each kept row's numbers are the same whichever other rows are featurised with it."""

        def features(at: np.ndarray) -> np.ndarray:
            picked = rows[at]
            return featurize(ctx, arrays, picked, dense[picked], lexical[picked], leading[at])

        if rows.size <= n:
            return rows, features(np.arange(rows.size))
        lowest, highest = self.scorer.bounds(leading, LEADING, fixed_features(ctx))
        slack = self.scorer.slack()
        keep = ~(highest < nth_largest(lowest, n) - slack)
        n_first = 2 * n
        if int(keep.sum()) <= 2 * n_first or np.isnan(highest).any():
            kept = np.flatnonzero(keep)
            return rows[kept], features(kept)
        first = at_least_kth(highest, n_first)  # the best upper bounds (more where tied)
        X_first = features(first)
        intercept, parts = self.scorer.contributions(X_first)
        exact = intercept + parts.sum(axis=1)  # as the scores are computed from X
        if np.isnan(exact).any():
            kept = np.flatnonzero(keep)
            return rows[kept], features(kept)
        # The n-th best exact score so far: every row of the n best scores at least that.
        keep &= ~(highest < nth_largest(exact, n) - slack)
        keep[first] = True  # featurised already
        kept = np.flatnonzero(keep)
        X = np.empty((kept.size, X_first.shape[1]))
        is_first = np.zeros(kept.size, dtype=bool)
        is_first[np.searchsorted(kept, first)] = True
        X[is_first] = X_first
        if not is_first.all():
            X[~is_first] = features(kept[~is_first])
        return rows[kept], X

    def _explained(
        self,
        ctx: VacancyContext,
        arrays: SeekerArrays,
        rows: np.ndarray,
        picked: list[int],
        X: np.ndarray,
        intercept: float,
        parts: np.ndarray,
        vacancy_id: str,
        failures: Failures | None,
    ) -> PackedList:
        """The picked candidates as explained matches, ranked in order (what ``_match`` gives each).

        A batch explains 10^5 pairs: the array work is done once for the whole list (values, facts),
        and no object is made per contribution (``PackedList.ranked`` makes them where they are read)."""
        at = rows[picked]
        values = np.ascontiguousarray(X[picked], dtype=np.float64)
        shares = np.ascontiguousarray(parts[picked], dtype=np.float64)
        facts = (
            pair_facts_many(ctx, arrays, at.tolist(), ctx.distances(arrays, at).tolist(), shared=True)
            if picked
            else []
        )
        base, ids, n = float(intercept), arrays.ids, len(picked)
        return PackedList(
            vacancy_id,
            self.model_version,
            [vacancy_id] * n,
            [ids[row] for row in at.tolist()],
            list(range(1, n + 1)),
            # the contributions' sum, in their order (a running sum: ``sum`` of each row's floats, exactly)
            (base + np.cumsum(shares, axis=1)[:, -1]).tobytes() if n else b"",
            array("d", [base] * n).tobytes(),
            FEATURE_NAMES,
            values.tobytes(),
            shares.tobytes(),
            explain_many(FEATURE_NAMES, values, shares, facts),
            [tuple(f["matched_required"] + f["matched_desired"]) for f in facts],
            [tuple(f["missing_required"]) for f in facts],
            [f["distance_km"] for f in facts],
            # kept rows all passed
            [reasons_for(failures, i) for i in picked] if failures is not None else [()] * n,
        )

    def _match(
        self,
        ctx: VacancyContext,
        arrays: SeekerArrays,
        row: int,
        x: list[float],
        intercept: float,
        parts: list[float],
        rank: int,
        distance: float,
        vacancy_id: str,
        seeker_id: str,
        excluded: tuple[str, ...],
        facts: dict[str, Any] | None = None,
    ) -> ScoredMatch:
        contributions = contributions_from(zip(FEATURE_NAMES, x, parts, strict=True))
        if facts is None:
            facts = pair_facts(ctx, arrays, row, distance)
        return ScoredMatch(
            vacancy_id=vacancy_id,
            seeker_id=seeker_id,
            rank=rank,
            score=float(intercept) + sum(parts),  # the contributions' sum, in their order
            intercept=float(intercept),
            contributions=contributions,
            reasons=explain(contributions, facts),
            matched_skills=tuple(facts["matched_required"] + facts["matched_desired"]),
            missing_skills=tuple(facts["missing_required"]),
            distance_km=facts["distance_km"],
            excluded_reasons=excluded,
        )

    # -- vacancies for a seeker ---------------------------------------------------------------
    def index_vacancies(self, vacancies: Sequence[VacancyProfile]) -> RankingPipeline:
        docs = [vacancy_document(v) for v in vacancies]
        self.vacancies_ = list(vacancies)
        self.vacancy_vectors_ = np.ascontiguousarray(self.embedder.encode_queries(docs), dtype=np.float32)
        self.vacancy_lexical_ = LexicalIndex().fit(docs)
        ids = [v.id for v in vacancies]
        self.vacancy_id_rank_ = np.empty(len(ids), dtype=np.int64)
        self.vacancy_id_rank_[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(len(ids))
        # An inferred vacancy is found through the occupations it is ranked on (its likely ones).
        self.vacancy_occupations_ = [
            set(vacancy_occupations(v))
            if (g := occupation_guesses(v, self.taxonomy)) is None
            else {o for o, _ in g}
            for v in vacancies
        ]
        return self

    def vacancies_for(self, seeker: SeekerProfile, k: int = 20, include_excluded: bool = False) -> RankedList:
        """The k best vacancies the seeker may be placed in (same scorer, same constraints)."""
        if not hasattr(self, "vacancies_"):
            raise RuntimeError("index_vacancies() must be called before vacancies_for()")
        clock = _Clock()
        text = seeker_document(seeker)
        query = self.embedder.encode_documents([text])[0]
        clock.lap("embed")
        dense = self.vacancy_vectors_ @ query
        lexical = self.vacancy_lexical_.similarity([text])[0]
        arrays = build_seeker_arrays([seeker], self.taxonomy)
        ssyk = {c // 10 for c in arrays.occ_ssyk4.tolist() if c}
        concept = [
            j
            for j, occs in enumerate(self.vacancy_occupations_)
            if any((c := self.taxonomy.ssyk4_of(o)) and c.isdigit() and int(c) // 10 in ssyk for o in occs)
        ]
        rows = select_candidates(
            dense,
            lexical,
            np.asarray(concept, dtype=np.int64),
            self.vacancy_id_rank_,
            self.n_dense,
            self.n_lexical,
        )
        clock.lap("candidates")
        one = np.zeros(1, dtype=np.int64)
        scored = []
        for j in rows.tolist():
            ctx = vacancy_context(self.vacancies_[j], arrays, self.taxonomy, self.reference_date)
            failures = constraint_failures(ctx, arrays, one, self.start_grace_days)
            excluded = reasons_for(failures, 0)
            if excluded and not include_excluded:
                continue
            x = featurize(ctx, arrays, one, dense[j : j + 1], lexical[j : j + 1])[0]
            scored.append((j, ctx, x, excluded))
        clock.lap("features")
        if not scored:
            self.last_timings = clock.timings
            return RankedList(query_id=seeker.id, model_version=self.model_version)
        X = np.vstack([s[2] for s in scored])
        intercept, parts = self.scorer.contributions(X)
        scores = intercept + parts.sum(axis=1)
        tiebreak = self.vacancy_id_rank_[[s[0] for s in scored]]
        is_ok = np.asarray([not s[3] for s in scored])
        order = [i for i in rank_order(np.where(is_ok, scores, -np.inf), tiebreak) if is_ok[i]][:k]
        if include_excluded:
            order += [i for i in rank_order(np.where(is_ok, -np.inf, scores), tiebreak) if not is_ok[i]][:k]
        clock.lap("score")
        matches = []
        for rank, i in enumerate(order, start=1):
            j, ctx, x, excluded = scored[i]
            distance = float(ctx.distances(arrays, one)[0])
            matches.append(
                self._match(
                    ctx,
                    arrays,
                    0,
                    x.tolist(),
                    intercept,
                    parts[i].tolist(),
                    rank,
                    distance,
                    self.vacancies_[j].id,
                    seeker.id,
                    excluded,
                )
            )
        clock.lap("explain")
        self.last_timings = clock.timings
        return RankedList(query_id=seeker.id, model_version=self.model_version, matches=tuple(matches))


def merge_shortlists(parts: Sequence[RankedList], k: int) -> RankedList:
    """One shortlist from the shortlists of one vacancy over disjoint partitions of the seeker pool.

    The k best included matches by (score, seeker id), then the k best excluded ones (present only
    when exclusions were asked for), ranks renumbered: what the unpartitioned pool gives.
    """
    if not parts:
        raise ValueError("nothing to merge")
    matches = [m for part in parts for m in part.matches]
    order = _merged_order(
        [m.score for m in matches],
        [m.seeker_id for m in matches],
        [bool(m.excluded_reasons) for m in matches],
        k,
    )
    ranked = tuple(replace(matches[i], rank=rank) for rank, i in enumerate(order, start=1))
    return RankedList(query_id=parts[0].query_id, model_version=parts[0].model_version, matches=ranked)


def merge_packed(parts: Sequence[PackedList], k: int) -> PackedList:
    """``merge_shortlists`` on lists as columns: the matches it drops are never made objects."""
    if not parts:
        raise ValueError("nothing to merge")
    whole = PackedList.joined(parts)
    excluded = [bool(r) for r in whole.excluded_reasons]
    return whole.taken(_merged_order(whole.score_values(), whole.seeker_ids, excluded, k))


def _merged_order(scores: list[float], seeker_ids: list[str], excluded: list[bool], k: int) -> list[int]:
    """Positions of the k best included matches by (score, seeker id), then of the k best excluded."""
    best: list[int] = []
    for group in (False, True):
        at = sorted(
            (i for i, e in enumerate(excluded) if e == group), key=lambda i: (-scores[i], seeker_ids[i])
        )
        best += at[:k]
    return best
