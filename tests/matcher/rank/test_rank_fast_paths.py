"""The re-rank's fast paths give exactly what the plain computations give.

Features in fewer passes, a second pruning pass on exact scores, reasons from a table, the scorer's
version remembered: each is checked here against the plain computation it replaces, to the bit.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise

import numpy as np
import pytest

from matcher.embed.embedding import text_key
from matcher.rank.explain import explain, pair_facts_many
from matcher.rank.features import DEFAULT_COMMUTE_KM, FEATURE_NAMES, LEADING, featurize, fixed_features
from matcher.rank.pipeline import RankingPipeline
from matcher.rank.profile_arrays import SeekerArrays, VacancyContext, build_seeker_arrays, vacancy_context
from matcher.rank.scoring import LinearScorer
from matcher.types import Eligibility, PlacementKind, SeekerProfile, TargetGroup, VacancyProfile

taxonomy_module = pytest.importorskip("matcher.text.taxonomy")

WORDS = ["städ", "lokalvård", "kock", "lager", "truck", "chaufför", "svets", "vård", "kassa", "butik"]
PLACES = ("0180", "1280", "1480", "0380", "1281")


class HashEmbedder:
    """Unit vectors seeded by the text: no model, the same vector for the same text."""

    model_id = "hash-16"
    dim = 16

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            x = np.random.default_rng(int(text_key(t)[:12], 16)).standard_normal(self.dim)
            out[i] = x / np.linalg.norm(x)
        return out

    encode_queries = _encode
    encode_documents = _encode


def pool(n: int, seed: int = 3) -> list[SeekerProfile]:
    rng = np.random.default_rng(seed)
    groups = list(TargetGroup)
    return [
        SeekerProfile(
            id=f"s{i:05d}",
            text=" ".join(rng.choice(WORDS, 6)),
            skills=tuple(str(w) for w in rng.choice(WORDS, 2)),
            municipality_code=str(rng.choice(PLACES)) if i % 7 else None,
            wanted_extent=[50, 75, 100, None][i % 4],
            wanted_kinds=(PlacementKind.EMPLOYMENT,) if i % 5 == 0 else (),
            available_from=date(2025, 1 + i % 12, 1) if i % 3 else None,
            registered_at=date(2024, 1 + i % 12, 1) if i % 6 else None,
            max_commute_km=[None, 0.5, 10.0, 40.0][i % 4],
            eligibility=(Eligibility(groups[i % len(groups)]),) if i % 4 else (),
        )
        for i in range(n)
    ]


def vacancies(n: int, seed: int = 4) -> list[VacancyProfile]:
    rng = np.random.default_rng(seed)
    return [
        VacancyProfile(
            id=f"v{j:03d}",
            title=str(rng.choice(WORDS)),
            text=" ".join(rng.choice(WORDS, 8)),
            required_skills=tuple(str(w) for w in rng.choice(WORDS, 2)),
            desired_skills=(str(rng.choice(WORDS)),),
            municipality_code=str(rng.choice(PLACES)),
            start_date=date(2025, 1 + j % 12, 15) if j % 3 else None,
            extent=[100, 50, 75][j % 3],
            target_groups=(TargetGroup.NEWCOMER, TargetGroup.YOUTH) if j % 2 else (),
        )
        for j in range(n)
    ]


class EveryCandidate(LinearScorer):
    """The default weights with bounds that prune nothing: every candidate is featurised and scored."""

    def __init__(self) -> None:
        super().__init__()
        default = LinearScorer.default()
        self.coef_, self.intercept_ = default.coef_.copy(), default.intercept_
        self.feature_names_in_ = default.feature_names_in_

    def bounds(self, known: np.ndarray, *args: object, **kw: object) -> tuple[np.ndarray, np.ndarray]:
        return np.full(known.shape[0], -np.inf), np.full(known.shape[0], np.inf)


@pytest.fixture(scope="module")
def taxonomy() -> object:
    return taxonomy_module.default_taxonomy()


@pytest.mark.parametrize("k, margin", [(5, 0), (20, 10), (50, 50)])
def test_pruning_on_exact_scores_changes_no_list_nor_state(taxonomy: object, k: int, margin: int) -> None:
    seekers, vacs = pool(3_000), vacancies(12)
    pruned = RankingPipeline(HashEmbedder(), taxonomy).index_seekers(seekers)  # type: ignore[arg-type]
    full = RankingPipeline(HashEmbedder(), taxonomy, scorer=EveryCandidate()).index_seekers(seekers)  # type: ignore[arg-type]
    got, want = list(pruned.rank_many(vacs, k, margin=margin)), list(full.rank_many(vacs, k, margin=margin))
    assert [r for r, _ in got] == [r for r, _ in want]
    for (_, a), (_, b) in zip(got, want, strict=True):
        np.testing.assert_array_equal(a.scored.rows, b.scored.rows)
        np.testing.assert_array_equal(a.scored.scores, b.scored.scores)
        assert a.scored.floor == b.scored.floor
    assert all(len(r.matches) == k for r, _ in got)
    assert list(pruned.shortlist_many(vacs, k)) == list(full.shortlist_many(vacs, k))


def commute_fit(distance_km: np.ndarray, max_km: np.ndarray) -> np.ndarray:
    """1 within the maximum (under 1 km taken as 1 km), exp(-(d - m)/m) beyond, 0.5 when unknown."""
    m = np.where(np.isnan(max_km) | (max_km <= 0), DEFAULT_COMMUTE_KM, np.maximum(max_km, 1.0))
    d = np.nan_to_num(distance_km, nan=0.0)
    fit = np.where(d <= m, 1.0, np.exp(-(d - m) / m))
    return np.where(np.isnan(distance_km), 0.5, fit)


def plain_featurize(
    ctx: VacancyContext, arrays: SeekerArrays, rows: np.ndarray, leading: np.ndarray
) -> np.ndarray:
    """The features as first written (one formula per column, then the whole matrix clipped)."""
    n = rows.size
    X = np.empty((n, len(FEATURE_NAMES)))
    X[:, LEADING] = leading
    for j, value in fixed_features(ctx).items():
        X[:, j] = value
    if 5 not in fixed_features(ctx):
        sw = arrays.swedish[rows]
        below = np.clip(1.0 - 0.3 * (ctx.swedish_required - sw), 0.0, 1.0)
        X[:, 5] = np.where(sw == 0, 0.4, np.where(sw >= ctx.swedish_required, 1.0, below))
    X[:, 7] = commute_fit(ctx.distances(arrays, rows), arrays.max_commute_km[rows])
    gap = arrays.available_from[rows] - ctx.start_ordinal
    X[:, 9] = np.where(np.isnan(gap) | (gap <= 0), 1.0, np.exp(-np.nan_to_num(gap) / 30.0))
    extent = arrays.wanted_extent[rows]
    X[:, 10] = np.where(np.isnan(extent), 0.8, 1.0 - np.abs(np.nan_to_num(extent) - ctx.extent) / 100.0)
    kinds = arrays.wanted_kinds[rows]
    X[:, 11] = np.where(kinds == 0, 0.5, ((kinds & ctx.kind_bit) != 0).astype(float))
    months = np.clip((ctx.reference_ordinal - arrays.registered[rows]) / 30.44, 0.0, None)
    X[:, 13] = np.where(np.isnan(months), 0.0, np.nan_to_num(months) / (np.nan_to_num(months) + 12.0))
    return np.clip(X, 0.0, 1.0)


@pytest.mark.parametrize("extent", [100, 50, 0, 250])
@pytest.mark.parametrize("start", [None, date(2025, 6, 1), date(2024, 1, 1)])
def test_features_in_fewer_passes_equal_the_plain_formulas(
    taxonomy: object, extent: int, start: date | None
) -> None:
    odd = replace(pool(1)[0], id="odd", wanted_extent=-30, registered_at=date(2030, 1, 1))
    seekers = [*pool(400), odd]
    arrays = build_seeker_arrays(seekers, taxonomy)  # type: ignore[arg-type]
    v = replace(vacancies(1)[0], extent=extent, start_date=start, swedish_level="B1")
    ctx = vacancy_context(v, arrays, taxonomy, date(2025, 3, 1))  # type: ignore[arg-type]
    rows = np.arange(len(seekers))
    leading = np.random.default_rng(0).random((rows.size, len(LEADING)))
    got = featurize(ctx, arrays, rows, leading[:, 3], leading[:, 4], leading)
    want = plain_featurize(ctx, arrays, rows, leading)
    assert got.tobytes() == want.tobytes()  # to the bit, signs of zeros included


def test_explain_with_its_table_gives_the_stored_reasons(taxonomy: object) -> None:
    """Each list's reasons are explain's of its contributions and facts (as stored shortlists re-explain)."""
    seekers = pool(300)
    p = RankingPipeline(HashEmbedder(), taxonomy).index_seekers(seekers)  # type: ignore[arg-type]
    reasons = 0
    for ranked in p.shortlist_many(vacancies(6), 20, include_excluded=True):
        for m in ranked.matches:
            assert explain(m.contributions, _facts_of(p, ranked.query_id, m.seeker_id)) == m.reasons
            reasons += len(m.reasons)
    assert reasons > 0


def _facts_of(p: RankingPipeline, vacancy_id: str, seeker_id: str) -> dict[str, object]:
    v = next(v for v in vacancies(6) if v.id == vacancy_id)
    ctx = vacancy_context(v, p.seekers_, p.taxonomy, p.reference_date)
    row = p.seekers_.ids.index(seeker_id)
    distance = float(ctx.distances(p.seekers_, np.asarray([row]))[0])
    return pair_facts_many(ctx, p.seekers_, [row], [distance])[0]


def test_skill_facts_answer_by_key(taxonomy: object) -> None:
    seekers = [
        SeekerProfile(id="a", text="", skills=("truck", "städ")),
        SeekerProfile(id="b", text="", skills=("kock",)),
        SeekerProfile(id="c", text="", skills=()),
    ]
    arrays = build_seeker_arrays(seekers, taxonomy)  # type: ignore[arg-type]
    # "truck" wanted twice (required and desired), "svets" held by nobody (no column).
    v = VacancyProfile(
        "v", "t", text="", required_skills=("truck", "svets"), desired_skills=("truck", "kock")
    )
    ctx = vacancy_context(v, arrays, taxonomy)  # type: ignore[arg-type]
    facts = pair_facts_many(ctx, arrays, [0, 1, 2, 0], [None] * 4)
    held = [{arrays.resolver.resolve(x)[0] for x in s.skills} for s in (*seekers, seekers[0])]
    for f, keys in zip(facts, held, strict=True):
        assert f["matched_required"] == [label for key, label in ctx.required if key in keys]
        assert f["missing_required"] == [label for key, label in ctx.required if key not in keys]
        assert f["matched_desired"] == [label for key, label in ctx.desired if key in keys]
    assert facts[0]["matched_required"] and facts[0]["matched_desired"] and not facts[2]["matched_desired"]


def test_scorer_version_follows_its_weights() -> None:
    scorer = LinearScorer.default()
    first = scorer.version
    assert scorer.version == first
    scorer.coef_[0] += 0.5  # changed in place: the remembered version must not be served
    changed = scorer.version
    assert changed != first
    scorer.coef_[0] -= 0.5
    assert scorer.version == first
    versions = [
        LinearScorer.from_dict({**scorer.to_dict(), "version": None, "intercept": b}).version
        for b in (0.0, 1.0)
    ]
    assert all(a != b for a, b in pairwise(versions))


def test_a_built_pipeline_holds_every_kernel_ranking_calls(taxonomy: object) -> None:
    """Building a pipeline loads the compiled kernels for the argument types ranking passes them, whatever
    the pool: forked batch workers inherit them instead of each loading (or compiling) them on its first
    placement."""
    from matcher.rank import kernels

    names = (
        "leading_rows",
        "other_features",
        "finish_commute",
        "union_rows",
        "constraint_bits",
        "held_columns",
        "at_least_kth",
    )
    RankingPipeline(HashEmbedder(), taxonomy)  # type: ignore[arg-type]
    loaded = {name: len(getattr(kernels, name).signatures) for name in names}
    assert all(loaded.values())
    every_extent_stated = [replace(s, wanted_extent=75) for s in pool(60)]  # no None among the extents
    for seekers in (pool(300), every_extent_stated):
        p = RankingPipeline(HashEmbedder(), taxonomy).index_seekers(seekers)  # type: ignore[arg-type]
        assert all(len(r.matches) for r, _ in p.rank_many(vacancies(6), 10, margin=5))
        p.shortlist(vacancies(1)[0], 10, include_excluded=True)
    assert {name: len(getattr(kernels, name).signatures) for name in names} == loaded


def test_documents_made_by_the_caller_index_as_the_seekers_own(taxonomy: object) -> None:
    """A re-rank has its seekers' documents from embedding them: indexed from those, the same lists."""
    from matcher.rank.profile_arrays import seeker_document

    seekers = pool(200)
    own = RankingPipeline(HashEmbedder(), taxonomy).index_seekers(seekers, lexical=True)  # type: ignore[arg-type]
    given = RankingPipeline(HashEmbedder(), taxonomy).index_seekers(  # type: ignore[arg-type]
        seekers, lexical=True, documents=[seeker_document(s) for s in seekers]
    )
    assert list(own.shortlist_many(vacancies(6), 20)) == list(given.shortlist_many(vacancies(6), 20))
    with pytest.raises(ValueError, match="one document per seeker"):
        RankingPipeline(HashEmbedder(), taxonomy).index_seekers(seekers, documents=["a"])  # type: ignore[arg-type]
