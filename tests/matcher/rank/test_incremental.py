"""Carrying shortlists to a changed seeker pool gives exactly what ranking the new pool gives."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from matcher.batch.carry import Carrier
from matcher.embed.embedding import CachedEmbedder, SentenceTransformerEmbedder
from matcher.rank.incremental import PoolChange, RankState, TopList, carry
from matcher.rank.pipeline import RankingPipeline
from matcher.rank.retrieval import Cutoff
from matcher.text.taxonomy import default_taxonomy
from matcher.types import Eligibility, SeekerProfile, TargetGroup, VacancyProfile
from service.engine.pools import profile_digest

WORDS = [
    "städare",
    "lokalvård",
    "kontor",
    "sjukhus",
    "truckförare",
    "lager",
    "truckkort",
    "kock",
    "restaurang",
    "diskare",
    "undersköterska",
    "hemtjänst",
    "körkort",
    "snickare",
    "bygg",
    "målare",
    "vaktmästare",
    "fastighet",
    "butik",
    "kassa",
]
OCCUPATIONS = ("KF64_AvU_S4N", "GQSf_fnq_kjF", None)


@pytest.fixture(scope="module")
def pipeline_parts() -> tuple[CachedEmbedder, object]:
    return CachedEmbedder(SentenceTransformerEmbedder()), default_taxonomy()


def make_seeker(rng: random.Random, i: int, version: int = 0) -> SeekerProfile:
    words = rng.sample(WORDS, 4)
    return SeekerProfile(
        id=f"s{i:03d}",
        text=f"Jag har jobbat som {words[0]} och {words[1]}. Kan {words[2]}." + (" Ny." if version else ""),
        skills=(words[3],),
        municipality_code=rng.choice(("1280", "1281", "1282")),
        eligibility=(Eligibility(TargetGroup.NEWCOMER),) if rng.random() < 0.7 else (),
    )


def vacancies() -> list[VacancyProfile]:
    return [
        VacancyProfile(
            id=f"v{j}",
            title=WORDS[j],
            text=f"Vi söker en {WORDS[j]} till vårt team, gärna med erfarenhet av {WORDS[j + 5]}.",
            required_skills=(WORDS[j + 2],),
            occupation_id=OCCUPATIONS[j % 3],
            municipality_code="1280",
            target_groups=(TargetGroup.NEWCOMER,) if j % 2 else (),
        )
        for j in range(12)
    ]


def indexed(parts: tuple[CachedEmbedder, object], pool: list[SeekerProfile]) -> RankingPipeline:
    embedder, taxonomy = parts
    # Small top N and margins, so that a few changes move the cut-offs and use margins up.
    pipeline = RankingPipeline(embedder, taxonomy, n_dense=6, n_lexical=6)  # type: ignore[arg-type]
    return pipeline.index_seekers(pool)


def change_of(old: list[SeekerProfile], new: list[SeekerProfile]) -> PoolChange:
    return PoolChange.between(
        [s.id for s in old],
        [profile_digest(s) for s in old],
        [s.id for s in new],
        [profile_digest(s) for s in new],
    )


def mutate(rng: random.Random, pool: list[SeekerProfile], next_id: int, n: int) -> list[SeekerProfile]:
    """n seekers leave, n change their profile, n arrive; the order of the pool is shuffled too."""
    out = list(pool)
    for _ in range(n):
        out.pop(rng.randrange(len(out)))
    for _ in range(n):
        i = rng.randrange(len(out))
        out[i] = replace(make_seeker(rng, int(out[i].id[1:]), version=1), id=out[i].id)
    out += [make_seeker(rng, next_id + i) for i in range(n)]
    rng.shuffle(out)
    return out


def test_carried_shortlists_equal_ranking_the_changed_pool(pipeline_parts) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(11)
    pool = [make_seeker(rng, i) for i in range(60)]
    vacs = vacancies()
    k, margin = 5, 2
    pipeline = indexed(pipeline_parts, pool)
    current = list(pipeline.rank_many(vacs, k, margin))
    outcomes = {"same": 0, "changed": 0, "fallback": 0}
    for step in range(4):  # successive changes: floors and margins erode as they would in production
        new_pool = mutate(rng, pool, 100 + 10 * step, 4)
        new = indexed(pipeline_parts, new_pool)
        expected = list(new.rank_many(vacs, k, margin))
        carried = list(
            Carrier(new).carry_many(
                vacs, [s for _, s in current], change_of(pool, new_pool), k, margin, [r for r, _ in current]
            )
        )
        following = []
        for (before, _), (want, want_state), got in zip(current, expected, carried, strict=True):
            if got.state is None:
                outcomes["fallback"] += 1
                following.append((want, want_state))  # what a run does: rank that vacancy in full
                continue
            ranked = got.ranked if got.ranked is not None else before
            assert ranked == want
            assert np.array_equal(got.state.scored.head(k), want_state.scored.head(k))
            outcomes["same" if got.ranked is None else "changed"] += 1
            following.append((ranked, got.state))
        pool, current = new_pool, following
    # The test has teeth: lists were carried unchanged, carried with changes, and margins ran out.
    assert all(outcomes.values()), outcomes


def test_without_previous_lists_every_entry_is_explained(pipeline_parts) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(5)
    pool = [make_seeker(rng, i) for i in range(40)]
    vacs = vacancies()
    before = list(indexed(pipeline_parts, pool).rank_many(vacs, 5, 10))
    new_pool = mutate(rng, pool, 200, 2)
    new = indexed(pipeline_parts, new_pool)
    expected = [r for r, _ in new.rank_many(vacs, 5, 10)]
    carried = list(Carrier(new).carry_many(vacs, [s for _, s in before], change_of(pool, new_pool), 5, 10))
    for (old, _), want, got in zip(before, expected, carried, strict=True):
        if got.state is not None:
            assert (got.ranked or old) == want


def test_state_round_trips_through_bytes(pipeline_parts) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(3)
    pool = [make_seeker(rng, i) for i in range(30)]
    _, state = next(indexed(pipeline_parts, pool).rank_many(vacancies()[:1], 5, 5))
    back = RankState.from_bytes(state.to_bytes())
    for name in ("dense", "lexical", "scored"):
        a, b = getattr(state, name), getattr(back, name)
        assert np.array_equal(a.rows, b.rows) and np.array_equal(a.scores, b.scores) and a.floor == b.floor
        assert a.scores.dtype == b.scores.dtype


def test_carry_is_none_when_the_margin_is_used_up() -> None:
    ids = ["a", "b", "c", "d", "e"]
    id_rank = np.arange(5)
    old = TopList(np.array([0, 1, 2]), np.array([0.9, 0.8, 0.7], dtype=np.float32), Cutoff(0.7, "c"))
    gone = np.array([-1, 1, 2, 3, 4])  # "a" left
    nothing = np.zeros(0, dtype=np.int64)
    assert carry(old, gone, nothing, np.zeros(0), ids=ids, id_rank=id_rank, depth=3, need=3) is None
    kept = carry(old, gone, nothing, np.zeros(0), ids=ids, id_rank=id_rank, depth=3, need=2)
    assert kept is not None and kept.rows.tolist() == [1, 2] and kept.floor == Cutoff(0.7, "c")
    # An arrival after the floor stays out; one before it goes in and the list is cut at its depth.
    arrivals, scores = np.array([3, 4]), np.array([0.6, 0.95], dtype=np.float32)
    moved = carry(old, np.arange(5), arrivals, scores, ids=ids, id_rank=id_rank, depth=3, need=3)
    assert moved is not None and moved.rows.tolist() == [4, 0, 1]
    assert moved.floor == Cutoff(pytest.approx(0.8), "b")  # type: ignore[arg-type]


def test_pool_change_counts_edits_as_leaving_and_arriving() -> None:
    change = PoolChange.between(["a", "b", "c"], ["1", "2", "3"], ["c", "b", "d"], ["3", "2x", "4"])
    assert change.old_to_new.tolist() == [-1, -1, 0]
    assert change.arrivals.tolist() == [1, 2]
    assert change.departures == 2
