"""Pair features: the occupation ladder, skills, languages, commute, dates and fairness invariance."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.rank.features import FEATURE_NAMES, PairFeaturizer
from matcher.rank.profile_arrays import SeekerArrays, TaxonomyView, VacancyContext
from matcher.types import (
    CEFR_LEVELS,
    Concept,
    ConceptType,
    Eligibility,
    Experience,
    LanguageSkill,
    PlacementKind,
    SeekerProfile,
    TargetGroup,
    VacancyProfile,
)

# matcher.text.taxonomy and matcher.text.enrich are written in parallel; until they land this module skips.
taxonomy_module = pytest.importorskip("matcher.text.taxonomy")
enrich = pytest.importorskip("matcher.text.enrich").enrich
Taxonomy = TaxonomyView

STADARE = "KF64_AvU_S4N"  # 9111
SJUKHUSSTADARE = "gBcF_mUm_Ruc"  # 9111, 75 % substitutable
BARNVAKT = "d9nv_iUm_Jyg"  # 9119: same SSYK-3
FONSTERPUTSARE = "Nvb6_uT7_hSa"  # 9120: Städare → Fönsterputsare 25 %
BILVARDARE = "KJ3U_fNr_b8K"  # 9120: same SSYK-2 only
TRUCKFORARE = "GQSf_fnq_kjF"  # 8344: unrelated
VARDBITRADE, PERSONLIG_ASSISTENT = "4zLr_jP5_peZ", "eU1q_zvL_9Rf"  # 5330 → 5343, 75 %
KONTORSSTADNING, STORSTADNING, GOLVVARD = "beHF_mum_ANM", "SHkX_Qc7_Xx3", "T4gk_cvU_TWk"


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return taxonomy_module.default_taxonomy()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def featurizer(taxonomy: Taxonomy) -> PairFeaturizer:
    return PairFeaturizer(taxonomy, reference_date=date(2025, 6, 1))


def feats(featurizer: PairFeaturizer, vacancy: VacancyProfile, seeker: SeekerProfile) -> dict[str, float]:
    row = featurizer.transform([(vacancy, seeker)])[0]
    return dict(zip(FEATURE_NAMES, row.tolist(), strict=True))


def mention(occupation_id: str) -> SeekerProfile:
    concept = Concept(occupation_id, ConceptType.OCCUPATION, "x", (0, 1), 1.0)
    return SeekerProfile(id=occupation_id, concepts=(concept,))


def test_feature_names(featurizer: PairFeaturizer) -> None:
    assert list(featurizer.get_feature_names_out()) == list(FEATURE_NAMES)
    assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES) == 14


@pytest.mark.parametrize(
    ("occupation", "relation"),
    [
        (STADARE, 1.0),
        (SJUKHUSSTADARE, 0.8),
        (BARNVAKT, 0.5),
        (FONSTERPUTSARE, 0.25),
        (BILVARDARE, 0.2),
        (TRUCKFORARE, 0.0),
    ],
)
def test_occupation_ladder_from_text_mentions(
    featurizer: PairFeaturizer, occupation: str, relation: float
) -> None:
    vacancy = VacancyProfile("v", "Städare", occupation_id=STADARE)
    assert feats(featurizer, vacancy, mention(occupation))["occupation_fit"] == pytest.approx(0.7 * relation)


def test_substitutable_across_groups(featurizer: PairFeaturizer, taxonomy: Taxonomy) -> None:
    assert taxonomy.substitutes(VARDBITRADE).get(PERSONLIG_ASSISTENT) == 75
    vacancy = VacancyProfile("v", "Vårdbiträde", occupation_id=VARDBITRADE)
    assert feats(featurizer, vacancy, mention(PERSONLIG_ASSISTENT))["occupation_fit"] == pytest.approx(
        0.7 * 0.75
    )


def test_experience_years_strengthen_occupation_fit(featurizer: PairFeaturizer) -> None:
    vacancy = VacancyProfile("v", "Städare", occupation_id=STADARE)
    short = SeekerProfile("a", experiences=(Experience("Städare", 0.5, STADARE),))
    long = SeekerProfile("b", experiences=(Experience("Städare", 6, STADARE),))
    f_short, f_long = feats(featurizer, vacancy, short), feats(featurizer, vacancy, long)
    assert f_short["occupation_fit"] < f_long["occupation_fit"] <= 1.0
    assert f_long["relevant_experience_years"] == pytest.approx(6 / 8)
    unrelated = SeekerProfile("c", experiences=(Experience("Truckförare", 6, TRUCKFORARE),))
    assert feats(featurizer, vacancy, unrelated)["relevant_experience_years"] == 0.0


def test_skill_coverage_by_id_and_label(featurizer: PairFeaturizer) -> None:
    vacancy = VacancyProfile(
        "v",
        "Städare",
        required_skills=(KONTORSSTADNING, "Storstädning"),
        desired_skills=(GOLVVARD, "Sanering med ozon"),
    )
    seeker = SeekerProfile("a", skills=(STORSTADNING, "sanering med ozon"))
    f = feats(featurizer, vacancy, seeker)
    assert f["required_skill_coverage"] == pytest.approx(0.5)  # label "Storstädning" resolves to its id
    assert f["desired_skill_coverage"] == pytest.approx(0.5)  # free labels compare normalised
    assert feats(featurizer, VacancyProfile("w", "Städare"), seeker)["required_skill_coverage"] == 1.0


def test_swedish_and_other_languages(featurizer: PairFeaturizer) -> None:
    vacancy = VacancyProfile("v", "Städare", swedish_level="B1", other_languages=(LanguageSkill("en", "B1"),))

    def with_sv(level: str | None) -> dict[str, float]:
        seeker = SeekerProfile("a", languages=(LanguageSkill("sv", level), LanguageSkill("en", "B2")))
        return feats(featurizer, vacancy, seeker)

    assert with_sv("B2")["swedish_level_fit"] == 1.0
    assert with_sv("A2")["swedish_level_fit"] == pytest.approx(0.7)
    assert with_sv("A1")["swedish_level_fit"] == pytest.approx(0.4)
    assert with_sv(None)["swedish_level_fit"] == pytest.approx(0.4)
    assert with_sv("B2")["other_languages_fit"] == 1.0
    assert feats(featurizer, vacancy, SeekerProfile("b"))["other_languages_fit"] == 0.0


def test_commute_fit(featurizer: PairFeaturizer) -> None:
    vacancy = VacancyProfile("v", "Städare", municipality_code="0180")  # Stockholm
    near = SeekerProfile("a", municipality_code="0184")  # Solna
    far = SeekerProfile("b", municipality_code="1480")  # Göteborg
    far_ok = replace(far, max_commute_km=600.0)
    assert feats(featurizer, vacancy, near)["commute_fit"] == 1.0
    assert feats(featurizer, vacancy, far)["commute_fit"] < 0.01
    assert feats(featurizer, vacancy, far_ok)["commute_fit"] == 1.0
    assert feats(featurizer, vacancy, SeekerProfile("c"))["commute_fit"] == 0.5


def test_dates_extent_kind_licence_and_registration(featurizer: PairFeaturizer) -> None:
    vacancy = VacancyProfile(
        "v",
        "Städare",
        start_date=date(2025, 6, 1),
        extent=100,
        kind=PlacementKind.TRAINEE,
        licences_required=("B", "TRUCK_A"),
    )
    seeker = SeekerProfile(
        "a",
        available_from=date(2025, 7, 1),
        wanted_extent=50,
        wanted_kinds=(PlacementKind.TRAINEE,),
        licences=("CE",),
        registered_at=date(2024, 6, 1),
    )
    f = feats(featurizer, vacancy, seeker)
    assert f["start_gap"] == pytest.approx(np.exp(-1.0))
    assert f["extent_fit"] == pytest.approx(0.5)
    assert f["kind_preference"] == 1.0
    assert f["licence_fit"] == pytest.approx(0.5)
    assert f["registration_time"] == pytest.approx(0.5, abs=0.01)  # a year registered
    blank = feats(featurizer, vacancy, SeekerProfile("b"))
    assert (
        blank["start_gap"],
        blank["extent_fit"],
        blank["kind_preference"],
        blank["registration_time"],
    ) == (1.0, 0.8, 0.5, 0.0)


seeker_strategy = st.builds(
    SeekerProfile,
    id=st.text(min_size=1, max_size=5),
    experiences=st.lists(
        st.builds(
            Experience,
            title=st.just("x"),
            years=st.floats(0, 40),
            occupation_id=st.sampled_from([STADARE, BARNVAKT, TRUCKFORARE, None]),
        ),
        max_size=3,
    ).map(tuple),
    languages=st.lists(
        st.builds(
            LanguageSkill,
            code=st.sampled_from(["sv", "en", "ar"]),
            level=st.sampled_from([*CEFR_LEVELS, None]),
        ),
        max_size=3,
    ).map(tuple),
    licences=st.lists(st.sampled_from(["B", "C", "CE", "TRUCK_A"]), max_size=3).map(tuple),
    municipality_code=st.sampled_from(["0180", "1480", "2480", None]),
    max_commute_km=st.one_of(st.none(), st.floats(0, 500)),
    available_from=st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 1, 1))),
    wanted_extent=st.one_of(st.none(), st.integers(0, 100)),
    wanted_kinds=st.lists(st.sampled_from(list(PlacementKind)), max_size=2).map(tuple),
    registered_at=st.one_of(st.none(), st.dates(date(2010, 1, 1), date(2030, 1, 1))),
)


@settings(max_examples=60, deadline=None)
@given(seeker_strategy)
def test_every_feature_lies_in_unit_interval(featurizer: PairFeaturizer, seeker: SeekerProfile) -> None:
    vacancy = VacancyProfile(
        "v",
        "Städare",
        occupation_id=STADARE,
        swedish_level="B1",
        municipality_code="0180",
        start_date=date(2025, 6, 1),
        licences_required=("B",),
    )
    row = featurizer.transform([(vacancy, seeker)])[0]
    assert np.all((row >= 0.0) & (row <= 1.0))


def test_profiles_have_no_sensitive_fields() -> None:
    names = {f.name for f in fields(SeekerProfile)}
    assert not names & {"sex", "gender", "age", "birth_date", "country_of_birth", "health", "support_needs"}


def test_features_ignore_target_group_membership(featurizer: PairFeaturizer) -> None:
    # Target groups proxy age, origin and disability: they gate eligibility, never the score.
    base = SeekerProfile(
        "a",
        text="Städare",
        experiences=(Experience("Städare", 2, STADARE),),
        municipality_code="0180",
        languages=(LanguageSkill("sv", "B1"),),
    )
    vacancy = VacancyProfile("v", "Städare", occupation_id=STADARE, municipality_code="0180")
    rows = featurizer.transform(
        [(vacancy, replace(base, eligibility=(Eligibility(group),))) for group in TargetGroup]
    )
    assert np.all(rows == rows[0])


def test_sensitive_words_in_text_reach_only_text_similarities(featurizer: PairFeaturizer) -> None:
    """Text-borne sensitive words are the fairness monitor's job; structured features must not move."""
    text = "Jag har arbetat som städare i tre år och har B-körkort."
    sensitive = "Jag heter Amina, kvinna, 52 år, född i Somalia. " + text
    vacancy_text = "Vi söker en städare till kontor i Stockholm."
    vacancy = VacancyProfile(
        "v",
        "Städare",
        text=vacancy_text,
        occupation_id=STADARE,
        concepts=tuple(enrich("Städare\n" + vacancy_text)),
    )
    a = SeekerProfile("a", text=text, concepts=tuple(enrich(text)))
    b = SeekerProfile("b", text=sensitive, concepts=tuple(enrich(sensitive)))
    fa, fb = feats(featurizer, vacancy, a), feats(featurizer, vacancy, b)
    changed = {name for name in FEATURE_NAMES if fa[name] != fb[name]}
    assert changed <= {"semantic_similarity", "lexical_similarity"}
    assert fa["occupation_fit"] > 0.5


def _cleaning_pool(taxonomy: Taxonomy) -> tuple[SeekerArrays, VacancyContext]:
    """60 seekers with experiences, skills and text occupations around a cleaning vacancy."""
    from matcher.rank.profile_arrays import build_seeker_arrays, vacancy_context

    titles = ["Städare", "Lokalvårdare", "Fönsterputsare", "Truckförare", "Personlig assistent"]
    pool = [
        SeekerProfile(
            id=f"s{i}",
            text=f"Jag har jobbat som {titles[i % 5].lower()} och med storstädning.",
            experiences=(
                Experience(titles[i % 5], years=0.5 + i % 7 / 3),
                Experience(titles[(i + 2) % 5], years=i % 3),
            ),
            skills=("Storstädning",) if i % 2 else ("Golvvård", "Truckkort"),
            concepts=tuple(enrich(f"{titles[(i + 1) % 5]} med golvvård")),
        )
        for i in range(60)
    ]
    arrays = build_seeker_arrays(pool, taxonomy)
    vacancy = VacancyProfile(
        id="v",
        title="Lokalvårdare",
        occupation_id=STADARE,
        required_skills=("Storstädning", "Golvvård"),
        desired_skills=("Golvvård", "Truckkort"),
    )
    return arrays, vacancy_context(vacancy, arrays, taxonomy, date(2025, 6, 1))


def test_leading_features_equal_the_plain_sparse_formulas(taxonomy: Taxonomy) -> None:
    """The compiled leading features are the formulas as scipy computes them, bit for bit: the best
    weighted occupation relation, the shares of wanted skills held, experience years, the similarities,
    all clipped to [0, 1]."""
    from matcher.rank import features

    arrays, ctx = _cleaning_pool(taxonomy)
    rows = np.asarray([0, 3, 4, 17, 18, 40, 59, 2, 2], dtype=np.int64)  # any order, repeats allowed
    similarity = np.linspace(-0.1, 1.1, rows.size)
    got = features.leading_features(ctx, arrays, rows, similarity, similarity)

    relation = np.asarray(ctx.relation, dtype=np.float64)
    weighted = arrays.occupations[rows].multiply(relation[None, :]).tocsr()
    fit = np.maximum(np.asarray(weighted.max(axis=1).todense()).ravel(), 0.0)
    skills = arrays.skills[rows]

    def share(cols: np.ndarray, n: int) -> np.ndarray:
        counts = np.bincount(cols, minlength=arrays.skills.shape[1]).astype(np.float64)
        return np.asarray(skills @ counts).ravel() / n

    years = np.asarray(arrays.experience_years[rows] @ relation).ravel()
    want = np.column_stack(
        [
            fit,
            share(ctx.required_cols, ctx.n_required),
            share(ctx.desired_cols, ctx.n_desired),
            similarity,
            similarity,
            years / (years + 2.0),
        ]
    )
    assert want[:, [0, 1, 2, 5]].any(axis=0).all()  # occupation, both skill shares, experience
    np.testing.assert_array_equal(got, np.clip(want, 0.0, 1.0))


def test_occupation_relations_kept_by_the_pool_equal_fresh_ones(taxonomy: Taxonomy) -> None:
    """A pool keeps each occupation's relations for the next vacancy: the same numbers as computed afresh."""
    from matcher.rank.profile_arrays import occupation_relation

    arrays, _ = _cleaning_pool(taxonomy)
    guesses = [STADARE, "GQSf_fnq_kjF"]  # städare, truckförare
    first = occupation_relation(guesses, arrays, taxonomy, [0.7, 0.3])
    assert first.any()
    first[:] = 0.0  # the caller's array is its own: the kept relations are not touched
    again = occupation_relation(guesses, arrays, taxonomy, [0.7, 0.3])
    fresh, _ = _cleaning_pool(taxonomy)
    np.testing.assert_array_equal(again, occupation_relation(guesses, fresh, taxonomy, [0.7, 0.3]))
    np.testing.assert_array_equal(
        occupation_relation(guesses[::-1], arrays, taxonomy), occupation_relation(guesses, fresh, taxonomy)
    )
