"""What would raise a match: the costliest gap of one pair and the best addition across placements."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.embed.static_embedding import StaticEmbedder
from matcher.rank.additions import Addition, AdditionKind, with_addition
from matcher.rank.pipeline import RankingPipeline
from matcher.rank.raise_match import costliest_gap, gains_by_seeker, pair_gains, seeker_guidance
from matcher.rank.scoring import LinearScorer
from matcher.text.taxonomy import Taxonomy, default_taxonomy
from matcher.types import LanguageSkill, SeekerProfile, VacancyProfile

START = date(2026, 3, 2)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return default_taxonomy()


def _vacancy(vid: str, **kw: object) -> VacancyProfile:
    base: dict[str, object] = {
        "title": "Lagerarbetare",
        "text": "Lagerarbete, plock och pack.",
        "municipality_code": "1280",
        "start_date": START,
    }
    return VacancyProfile(id=vid, **(base | kw))  # type: ignore[arg-type]


def _seeker(**kw: object) -> SeekerProfile:
    base: dict[str, object] = {
        "id": "s1",
        "text": "Har arbetat på lager med plock.",
        "municipality_code": "1280",
        "languages": (LanguageSkill("sv", "B2"),),
    }
    return SeekerProfile(**(base | kw))  # type: ignore[arg-type]


def test_a_missing_licence_is_the_costliest_gap_and_lifts_the_constraint(taxonomy: Taxonomy) -> None:
    vacancy = _vacancy("v1", licences_required=("B",), required_skills=("Truckkort",), swedish_level="B1")
    gap = costliest_gap(
        pair_gains(vacancy, _seeker(), LinearScorer.default(), taxonomy, reference_date=START)
    )
    assert gap is not None
    assert gap.addition.kind == AdditionKind.LICENCE and gap.addition.code == "B"
    assert gap.unblocks == ("licence_missing",)
    assert gap.addition.label_sv == "körkort B"


def test_gains_are_the_scorers_weights_times_the_feature_change(taxonomy: Taxonomy) -> None:
    scorer = LinearScorer.default()
    coef = dict(zip(scorer.get_feature_names_out(), scorer.coef_, strict=True))
    vacancy = _vacancy("v1", required_skills=("Truckkort", "Lagerarbete"), swedish_level="B2")
    seeker = _seeker(languages=(LanguageSkill("sv", "A2"),), skills=("Lagerarbete",))
    gains = {g.addition.kind: g for g in pair_gains(vacancy, seeker, scorer, taxonomy, reference_date=START)}
    # One of two required skills: half the coverage. Swedish two levels below B2: 1 - 0.6 of the feature.
    assert gains[AdditionKind.REQUIRED_SKILL].gain == pytest.approx(coef["required_skill_coverage"] / 2)
    assert gains[AdditionKind.SWEDISH].gain == pytest.approx(coef["swedish_level_fit"] * 0.6)
    assert gains[AdditionKind.SWEDISH].addition.code == "B2"
    assert not any(g.unblocks for g in gains.values())
    ordered = pair_gains(vacancy, seeker, scorer, taxonomy, reference_date=START)
    assert [g.gain for g in ordered] == sorted((g.gain for g in ordered), reverse=True)


def test_distance_beyond_the_commute_is_a_gap(taxonomy: Taxonomy) -> None:
    vacancy = _vacancy("v1", municipality_code="1280")  # Malmö
    seeker = _seeker(municipality_code="0180", max_commute_km=20)  # Stockholm
    gap = costliest_gap(pair_gains(vacancy, seeker, LinearScorer.default(), taxonomy, reference_date=START))
    assert gap is not None and gap.addition.kind == AdditionKind.COMMUTE
    assert int(gap.addition.code) > 400 and gap.gain > 0


def test_nothing_missing_is_no_gap(taxonomy: Taxonomy) -> None:
    vacancy = _vacancy("v1", licences_required=("B",))
    seeker = _seeker(licences=("CE",))  # a heavier class includes B
    assert pair_gains(vacancy, seeker, LinearScorer.default(), taxonomy, reference_date=START) == ()


def test_gains_for_a_whole_list_are_each_pairs_own(taxonomy: Taxonomy) -> None:
    scorer = LinearScorer.default()
    vacancy = _vacancy("v1", licences_required=("B",), required_skills=("Truckkort",), swedish_level="C1")
    seekers = [
        _seeker(id="a"),
        _seeker(id="b", licences=("B",)),
        _seeker(id="c", licences=("B",), skills=("Truckkort",), languages=(LanguageSkill("sv", "C2"),)),
        _seeker(id="d", municipality_code="0180", max_commute_km=10),
    ]
    together = gains_by_seeker(vacancy, seekers, scorer, taxonomy, reference_date=START)
    for seeker in seekers:
        assert together[seeker.id] == pair_gains(vacancy, seeker, scorer, taxonomy, reference_date=START)
    assert together["c"] == () and costliest_gap(together["c"]) is None
    assert together["b"][0].addition.kind == AdditionKind.REQUIRED_SKILL
    assert AdditionKind.COMMUTE in {g.addition.kind for g in together["d"]}


def test_additions_raise_only_what_they_name() -> None:
    seeker = _seeker()
    assert with_addition(seeker, Addition(AdditionKind.LICENCE, "B")).licences == ("B",)
    sv = with_addition(seeker, Addition(AdditionKind.SWEDISH, "C1")).languages
    assert LanguageSkill("sv", "C1") in sv and LanguageSkill("sv", "B2") in sv
    assert with_addition(seeker, Addition(AdditionKind.COMMUTE, "45")).max_commute_km == 45.0


def test_guidance_names_the_b_licence_that_opens_three_placements(taxonomy: Taxonomy) -> None:
    vacancies = [
        _vacancy("v1", title="Lagerarbetare", licences_required=("B",)),
        _vacancy("v2", title="Lagerarbetare", text="Plock och leveranser.", licences_required=("B",)),
        _vacancy("v3", title="Lagerarbetare", text="Lager och bil i tjänsten.", licences_required=("B",)),
        _vacancy("v4", title="Lagerarbetare", text="Truckkörning på lager.", required_skills=("Truckkort",)),
        _vacancy("v5", title="Lagerarbetare", text="Lager, svenska B2.", swedish_level="C1"),
    ]
    pipeline = RankingPipeline(StaticEmbedder(), taxonomy, reference_date=START).index_vacancies(vacancies)
    seeker = _seeker()
    matches = pipeline.vacancies_for(seeker, k=len(vacancies), include_excluded=True).matches
    assert {m.vacancy_id for m in matches if m.excluded_reasons} == {"v1", "v2", "v3"}
    effects = seeker_guidance(
        seeker, matches, {v.id: v for v in vacancies}, pipeline.scorer, taxonomy, reference_date=START
    )
    best = effects[0]
    assert best.addition.kind == AdditionKind.LICENCE and best.addition.code == "B"
    assert sorted(best.opened) == ["v1", "v2", "v3"]
    # The truck licence and Swedish C1 each open nothing (no bar to reach) but improve one placement.
    rest = {e.addition.key: e for e in effects[1:]}
    assert (
        rest[("skill", "Truckkort", None)].opened == () and rest[("skill", "Truckkort", None)].improved == 1
    )
    assert rest[("swedish", "C1", None)].opened == () and rest[("swedish", "C1", None)].improved == 1


def test_a_bar_counts_a_placement_opened_only_when_the_addition_reaches_it(taxonomy: Taxonomy) -> None:
    vacancies = [_vacancy("v1", swedish_level="C1"), _vacancy("v2", swedish_level="C1", text="Lager.")]
    pipeline = RankingPipeline(StaticEmbedder(), taxonomy, reference_date=START).index_vacancies(vacancies)
    seeker = _seeker(languages=(LanguageSkill("sv", "A2"),))
    matches = pipeline.vacancies_for(seeker, k=2, include_excluded=True).matches
    score = {m.vacancy_id: m.score for m in matches}
    swedish = LinearScorer.default().coef_[5]
    # v1's list ends just above the seeker (reachable with C1); v2's far above (not reachable).
    bars = {"v1": score["v1"] + swedish / 2, "v2": score["v2"] + 10.0}
    effects = seeker_guidance(
        seeker,
        matches,
        {v.id: v for v in vacancies},
        pipeline.scorer,
        taxonomy,
        bars=bars,
        reference_date=START,
    )
    assert effects[0].addition.code == "C1" and effects[0].opened == ("v1",) and effects[0].improved == 2


def test_a_language_is_named_once_at_its_best_level(taxonomy: Taxonomy) -> None:
    vacancies = [_vacancy("v1", swedish_level="B1"), _vacancy("v2", swedish_level="B2", text="Lager.")]
    pipeline = RankingPipeline(StaticEmbedder(), taxonomy, reference_date=START).index_vacancies(vacancies)
    seeker = _seeker(languages=(LanguageSkill("sv", "A2"),))
    matches = pipeline.vacancies_for(seeker, k=2, include_excluded=True).matches
    effects = seeker_guidance(
        seeker, matches, {v.id: v for v in vacancies}, pipeline.scorer, taxonomy, reference_date=START
    )
    swedish = [e for e in effects if e.addition.kind == AdditionKind.SWEDISH]
    # B2 raises both placements fully (B1 only one of them): the one line names B2.
    assert [e.addition.code for e in swedish] == ["B2"] and swedish[0].improved == 2
