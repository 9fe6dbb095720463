"""Lexical index, top-k helpers, candidate selection and hard constraints."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.rank.lexical import LexicalIndex, normalise_text
from matcher.rank.profile_arrays import TaxonomyView, build_seeker_arrays, vacancy_context
from matcher.rank.retrieval import (
    allowed,
    candidate_rows,
    concept_candidates,
    constraint_failures,
    reasons_for,
    select_candidates,
)
from matcher.rank.vectors import SAMPLED_MIN, at_least_kth, nth_largest, top_k
from matcher.types import (
    Concept,
    ConceptType,
    Eligibility,
    Experience,
    PlacementKind,
    SeekerProfile,
    TargetGroup,
    VacancyProfile,
)

STADARE, SJUKHUSSTADARE, TRUCKFORARE = "KF64_AvU_S4N", "gBcF_mUm_Ruc", "GQSf_fnq_kjF"
START = date(2025, 6, 2)


@pytest.fixture(scope="module")
def taxonomy() -> TaxonomyView:
    # matcher.text.taxonomy is written in parallel; until it lands these tests skip with a reason.
    module = pytest.importorskip("matcher.text.taxonomy")
    return module.default_taxonomy()  # type: ignore[no-any-return]


def test_normalise_text_folds_case_and_diacritics() -> None:
    assert normalise_text("  Lokalvårdare  på SJUKHUS, Malmö ") == "lokalvardare pa sjukhus, malmo"


def test_lexical_index_tolerates_misspellings_and_missing_diacritics() -> None:
    index = LexicalIndex().fit(["Lokalvårdare på sjukhus", "Javautvecklare backend", "Truckförare lager"])
    sims = index.similarity(["lokalvardare", "truckforare"])
    assert sims.shape == (2, 3)
    assert sims[0].argmax() == 0 and sims[1].argmax() == 2
    assert index.similarity(["lokalvådrare"])[0].argmax() == 0  # a recorded misspelling
    # Weights sit on a 2**-11 grid (exact products): equal texts score 1 within the grid's rounding.
    np.testing.assert_allclose(index.pair_similarity(["Truckförare"], ["truckforare"]), [1.0], atol=1e-3)


@given(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, np.nan]), min_size=1, max_size=40), st.integers(0, 50))
def test_top_k_orders_by_score_then_tiebreak(scores: list[float], k: int) -> None:
    arr = np.asarray(scores)
    tiebreak = np.arange(arr.size)[::-1].copy()  # reversed ids: ties must follow this, not the index
    picked = top_k(arr, k, tiebreak)
    valid = [i for i in range(arr.size) if not np.isnan(arr[i])]  # NaN is never picked
    assert picked.size == min(k, len(valid))
    expected = sorted(valid, key=lambda i: (-arr[i], tiebreak[i]))[:k]
    assert picked.tolist() == expected
    assert top_k(arr, k).tolist() == sorted(valid, key=lambda i: (-arr[i], i))[:k]  # ties by index


def test_top_k_drops_nan() -> None:
    assert top_k(np.asarray([np.nan, 1.0, np.nan, 0.5]), 10).tolist() == [1, 3]


# Score rows of a whole pool, as a re-rank selects from them: spread, tied, sorted, mostly NaN, repeating.
_POOL_SCORES = st.tuples(
    st.integers(SAMPLED_MIN, 3 * SAMPLED_MIN),
    st.sampled_from(["normal", "ties", "sorted", "nan", "periodic", "few"]),
    st.sampled_from([np.float32, np.float64]),
    st.integers(0, 2**32 - 1),
)


def _pool_scores(n: int, kind: str, dtype: type, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = {
        "normal": lambda: rng.standard_normal(n),
        "ties": lambda: rng.integers(0, 4, n).astype(float),
        "sorted": lambda: np.sort(rng.random(n)),
        "nan": lambda: np.where(rng.random(n) < 0.9, np.nan, rng.random(n)),
        "periodic": lambda: np.tile(rng.random(64), n // 64 + 1)[:n],  # a strided sample sees one value
        "few": lambda: np.where(rng.random(n) < 0.002, 1.0, 0.0),
    }[kind]()
    return x.astype(dtype)


@given(_POOL_SCORES, st.integers(1, 600))
def test_top_k_of_a_whole_pool_is_the_sorted_order(case: tuple[int, str, type, int], k: int) -> None:
    """Over thousands of scores the k-th largest is found from a sample (``kernels.at_least_kth``): the
    same picks, in the same order, as sorting every score."""
    scores = _pool_scores(*case)
    tiebreak = np.random.default_rng(case[3]).permutation(scores.size)
    valid = np.flatnonzero(~np.isnan(scores))
    expected = valid[np.lexsort((tiebreak[valid], -scores[valid]))][:k]
    assert top_k(scores, k, tiebreak).tolist() == expected.tolist()


@given(_POOL_SCORES, st.integers(1, 3 * SAMPLED_MIN))
def test_nth_largest_is_what_a_partition_gives(case: tuple[int, str, type, int], n: int) -> None:
    values = _pool_scores(*case)
    n = min(n, values.size)
    expected = np.partition(values, values.size - n)[values.size - n]  # NaN sorts last: the largest
    got = nth_largest(values, n)
    assert got == expected or (np.isnan(got) and np.isnan(expected))


@given(_POOL_SCORES, st.integers(1, 2000))
def test_at_least_kth_holds_every_row_a_partition_could_pick(
    case: tuple[int, str, type, int], k: int
) -> None:
    values = _pool_scores(*case)
    if case[3] % 2:  # a strided view: partitioned in numpy, not sampled
        values = values[::2]
    finite = np.flatnonzero(~np.isnan(values))
    picked = at_least_kth(values, k)
    assert picked.tolist() == sorted(set(picked.tolist()))  # ascending, once each
    if finite.size <= k:
        assert picked.tolist() == finite.tolist()
        return
    kth = np.sort(values[finite])[finite.size - k]
    assert picked.tolist() == finite[values[finite] >= kth].tolist()


def _seeker(sid: str, **kw: object) -> SeekerProfile:
    return SeekerProfile(id=sid, **kw)  # type: ignore[arg-type]


def test_hard_constraints_each_have_a_reason(taxonomy: TaxonomyView) -> None:
    seekers = [
        _seeker("ok", eligibility=(Eligibility(TargetGroup.NEWCOMER),), licences=("CE",)),
        _seeker(
            "expired",
            eligibility=(Eligibility(TargetGroup.NEWCOMER, valid_until=date(2025, 5, 1)),),
            licences=("B",),
        ),
        _seeker("unverified", eligibility=(Eligibility(TargetGroup.YOUTH, verified=False),), licences=("B",)),
        _seeker(
            "kind",
            eligibility=(Eligibility(TargetGroup.YOUTH),),
            licences=("B",),
            wanted_kinds=(PlacementKind.INTERNSHIP,),
        ),
        _seeker("licence", eligibility=(Eligibility(TargetGroup.YOUTH),)),
        _seeker(
            "late",
            eligibility=(Eligibility(TargetGroup.YOUTH),),
            licences=("B",),
            available_from=date(2025, 7, 15),
        ),
        _seeker(
            "grace",
            eligibility=(Eligibility(TargetGroup.YOUTH),),
            licences=("B",),
            available_from=date(2025, 6, 30),
        ),
        _seeker("consent", eligibility=(Eligibility(TargetGroup.YOUTH),), licences=("B",), consent=False),
        _seeker(
            "negated",
            eligibility=(Eligibility(TargetGroup.YOUTH),),
            concepts=(Concept("B", ConceptType.LICENCE, "B-körkort", (0, 9), 1.0, negated=True),),
        ),
    ]
    vacancy = VacancyProfile(
        "v",
        "Städare",
        start_date=START,
        licences_required=("B",),
        kind=PlacementKind.EMPLOYMENT,
        target_groups=(TargetGroup.NEWCOMER, TargetGroup.YOUTH),
    )
    arrays = build_seeker_arrays(seekers, taxonomy)
    ctx = vacancy_context(vacancy, arrays, taxonomy)
    rows = np.arange(len(seekers))
    failures = constraint_failures(ctx, arrays, rows)
    got = {s.id: reasons_for(failures, i) for i, s in enumerate(seekers)}
    assert got == {
        "ok": (),  # CE implies B
        "expired": ("not_eligible",),
        "unverified": ("not_eligible",),
        "kind": ("kind_not_wanted",),
        "licence": ("licence_missing",),
        "late": ("available_too_late",),
        "grace": (),  # within the 30-day grace
        "consent": ("no_consent",),
        "negated": ("licence_missing",),
    }
    assert allowed(failures).tolist() == [not r for r in got.values()]


def test_no_target_groups_means_no_eligibility_check(taxonomy: TaxonomyView) -> None:
    arrays = build_seeker_arrays([_seeker("a")], taxonomy)
    ctx = vacancy_context(VacancyProfile("v", "Städare", start_date=START), arrays, taxonomy)
    assert reasons_for(constraint_failures(ctx, arrays, np.asarray([0])), 0) == ()


def test_candidates_union_dense_lexical_and_concepts(taxonomy: TaxonomyView) -> None:
    seekers = [
        _seeker("same", experiences=(Experience("Städare", 2, STADARE),)),
        _seeker("group", experiences=(Experience("Sjukhusstädare", 2, SJUKHUSSTADARE),)),
        _seeker("other", experiences=(Experience("Truckförare", 2, TRUCKFORARE),)),
        _seeker("nothing"),
    ]
    arrays = build_seeker_arrays(seekers, taxonomy)
    ctx = vacancy_context(VacancyProfile("v", "Städare", occupation_id=STADARE), arrays, taxonomy)
    from scipy import sparse

    concept = concept_candidates(
        ctx, arrays, sparse.csc_matrix(arrays.occupations), sparse.csc_matrix(arrays.skills)
    )
    assert concept.tolist() == [0, 1]
    dense = np.asarray([0.1, 0.2, 0.3, 0.9])
    lexical = np.asarray([0.0, 0.0, 0.8, 0.0])
    rows = select_candidates(dense, lexical, concept, arrays.id_rank, n_dense=1, n_lexical=1)
    assert rows.tolist() == [0, 1, 2, 3]
    assert select_candidates(dense, lexical, concept[:0], arrays.id_rank, 1, 1).tolist() == [2, 3]


def test_candidate_rows_are_the_sorted_union_of_concepts_and_picks(taxonomy: TaxonomyView) -> None:
    from scipy import sparse

    titles = [("Städare", STADARE), ("Sjukhusstädare", SJUKHUSSTADARE), ("Truckförare", TRUCKFORARE)]
    seekers = [
        _seeker(
            f"s{i:02d}", experiences=(Experience(*titles[i % 3][:1], 2, titles[i % 3][1]),) if i % 4 else ()
        )
        for i in range(40)
    ]
    arrays = build_seeker_arrays(seekers, taxonomy)
    ctx = vacancy_context(VacancyProfile("v", "Städare", occupation_id=STADARE), arrays, taxonomy)
    occupations, skills = sparse.csc_matrix(arrays.occupations), sparse.csc_matrix(arrays.skills)
    concept = concept_candidates(ctx, arrays, occupations, skills)
    assert 0 < concept.size < len(seekers)
    picks = np.asarray([39, 3, 3, 0]), np.asarray([7, 12])
    got = candidate_rows(ctx, arrays, occupations, skills, *picks)
    assert got.dtype == np.int64
    assert got.tolist() == sorted(set(concept.tolist()) | {39, 3, 0, 7, 12})
    assert candidate_rows(ctx, arrays, occupations, skills).tolist() == concept.tolist()
    with pytest.raises(ValueError):
        candidate_rows(ctx, arrays, occupations, skills, *picks, picks[0])
