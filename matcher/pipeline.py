"""The whole ranking flow, top-down: candidates → constraints → features → score → rank → explain.

``RankingPipeline`` holds the seeker (and vacancy) pool as arrays; one ``shortlist`` call embeds the
vacancy (cached), selects candidates, removes those that fail a hard constraint, scores the rest
with the linear scorer and explains only the top k. ``last_timings`` holds per-stage milliseconds
of the last call. Results are deterministic: ties are broken by id.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date

import numpy as np
from scipy import sparse

from matcher.embedding import CachedEmbedder, Embedder, EmbeddingCache
from matcher.explain import explain, pair_facts
from matcher.features import FEATURE_NAMES, featurize
from matcher.lexical import LexicalIndex
from matcher.profile_arrays import (
    SeekerArrays,
    TaxonomyView,
    VacancyContext,
    build_seeker_arrays,
    seeker_document,
    vacancy_context,
    vacancy_document,
    vacancy_occupations,
)
from matcher.retrieval import (
    START_GRACE_DAYS,
    allowed,
    concept_candidates,
    constraint_failures,
    reasons_for,
    select_candidates,
)
from matcher.scoring import LinearScorer
from matcher.types import Contribution, RankedList, ScoredMatch, SeekerProfile, VacancyProfile
from matcher.vectors import rank_order, top_k


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
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
    ) -> None:
        self.embedder = embedder if isinstance(embedder, CachedEmbedder) else CachedEmbedder(embedder, cache)
        self.taxonomy = taxonomy
        self.scorer = scorer if scorer is not None else LinearScorer.default()
        if list(self.scorer.get_feature_names_out()) != list(FEATURE_NAMES):
            raise ValueError("the scorer was trained on other features than matcher.features produces")
        self.n_dense = n_dense
        self.n_lexical = n_lexical
        self.start_grace_days = start_grace_days
        self.reference_date = reference_date
        self.last_timings: dict[str, float] = {}

    @property
    def model_version(self) -> str:
        return f"{self.scorer.version}+{self.embedder.model_id}"

    # -- seekers for a vacancy ----------------------------------------------------------------
    def index_seekers(self, seekers: Sequence[SeekerProfile]) -> RankingPipeline:
        """Embed (through the cache), build the lexical index and the concept inverted index."""
        docs = [seeker_document(s) for s in seekers]
        self.seeker_vectors_ = np.ascontiguousarray(self.embedder.encode_documents(docs), dtype=np.float32)
        self.seeker_lexical_ = LexicalIndex().fit(docs)
        self.seekers_ = build_seeker_arrays(seekers, self.taxonomy)
        self.occupations_csc_ = sparse.csc_matrix(self.seekers_.occupations)
        self.skills_csc_ = sparse.csc_matrix(self.seekers_.skills)
        return self

    def shortlist(self, vacancy: VacancyProfile, k: int = 50, include_excluded: bool = False) -> RankedList:
        """The k best eligible seekers; with ``include_excluded`` also up to k excluded ones after them."""
        if not hasattr(self, "seekers_"):
            raise RuntimeError("index_seekers() must be called before shortlist()")
        clock = _Clock()
        arrays = self.seekers_
        text = vacancy_document(vacancy)
        query = self.embedder.encode_queries([text])[0]
        clock.lap("embed")
        dense = self.seeker_vectors_ @ query
        clock.lap("dense")
        lexical = self.seeker_lexical_.similarity([text])[0]
        clock.lap("lexical")
        ctx = vacancy_context(vacancy, arrays, self.taxonomy, self.reference_date)
        concept_rows = concept_candidates(ctx, arrays, self.occupations_csc_, self.skills_csc_)
        rows = select_candidates(dense, lexical, concept_rows, arrays.id_rank, self.n_dense, self.n_lexical)
        clock.lap("candidates")
        failures = constraint_failures(ctx, arrays, rows, self.start_grace_days)
        ok = allowed(failures, rows.size)
        if not include_excluded:
            failures = {code: mask[ok] for code, mask in failures.items()}
            rows, ok = rows[ok], ok[ok]
        clock.lap("constraints")
        X = featurize(ctx, arrays, rows, dense[rows], lexical[rows])
        clock.lap("features")
        intercept, parts = self.scorer.contributions(X)
        scores = intercept + parts.sum(axis=1)
        picked = [i for i in top_k(np.where(ok, scores, np.nan), k, arrays.id_rank[rows])]
        if include_excluded:
            picked += list(top_k(np.where(ok, np.nan, scores), k, arrays.id_rank[rows]))
        clock.lap("score")
        distances = ctx.distances(arrays, rows[picked]) if picked else np.zeros(0)
        matches = []
        for rank, (i, distance) in enumerate(zip(picked, distances, strict=True), start=1):
            matches.append(
                self._match(
                    ctx,
                    arrays,
                    int(rows[i]),
                    X[i],
                    intercept,
                    parts[i],
                    rank,
                    float(distance),
                    vacancy.id,
                    arrays.ids[rows[i]],
                    reasons_for(failures, i),
                )
            )
        clock.lap("explain")
        self.last_timings = clock.timings
        return RankedList(query_id=vacancy.id, model_version=self.model_version, matches=tuple(matches))

    def _match(
        self,
        ctx: VacancyContext,
        arrays: SeekerArrays,
        row: int,
        x: np.ndarray,
        intercept: float,
        parts: np.ndarray,
        rank: int,
        distance: float,
        vacancy_id: str,
        seeker_id: str,
        excluded: tuple[str, ...],
    ) -> ScoredMatch:
        contributions = tuple(
            Contribution(name, float(value), float(part))
            for name, value, part in zip(FEATURE_NAMES, x, parts, strict=True)
        )
        facts = pair_facts(ctx, arrays, row, distance)
        return ScoredMatch(
            vacancy_id=vacancy_id,
            seeker_id=seeker_id,
            rank=rank,
            score=float(intercept) + sum(c.contribution for c in contributions),
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
        self.vacancy_occupations_ = [set(vacancy_occupations(v)) for v in vacancies]
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
                    x,
                    intercept,
                    parts[i],
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
