"""A vacancy's occupation from its headline and text; experience titles read as titles; scoring and
reasons that say whether the occupation was confirmed or inferred. Real taxonomy, committed model."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.rank.explain import explain, pair_facts
from matcher.rank.features import FEATURE_NAMES, featurize
from matcher.rank.profile_arrays import (
    build_seeker_arrays,
    experience_occupations,
    title_normaliser,
    vacancy_context,
)
from matcher.rank.scoring import LinearScorer
from matcher.text.enrich import enrich
from matcher.text.occupation_model import OccupationClassifier, load_default
from matcher.text.taxonomy import Taxonomy, default_taxonomy
from matcher.text.title_vocabulary import english_forms
from matcher.text.titles import ENGLISH_TITLES, TitleNormaliser
from matcher.types import Contribution, Experience, SeekerProfile, VacancyProfile


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return default_taxonomy()


@pytest.fixture(scope="module")
def model(taxonomy: Taxonomy) -> OccupationClassifier:
    return load_default(taxonomy)


def _label(taxonomy: Taxonomy, label: str) -> str:
    occ = taxonomy.occupation_by_label(label)
    assert occ is not None, label
    return occ.id


@pytest.mark.parametrize(
    ("headline", "ssyk4"),
    [
        ("Sjuksköterskor till akuten i Lund", "2221"),  # plural, "X till Y", a place
        ("Snickarna sökes", "7111"),  # definite plural, "X sökes"
        ("Barnsjuksköterska till BVC", "2232"),  # compound
        ("Bilmekaniker sökes", "7231"),  # compound of a generic head
        ("Kock till ny restaurang i Umeå", "5120"),
        ("Svensktalande Snickare / Hantverkare", "7111"),  # filler word, two titles
        ("Truckförare 25 000 kr/mån", "8344"),  # salary
        ("Undersköterskor till hemtjänsten i Malmö", "5321"),
        ("Software Engineer", "2512"),  # English
        ("Carpenter wanted", "7111"),
        ("Lagerarbetare, natt", "4322"),
    ],
)
def test_headline_patterns(model: OccupationClassifier, headline: str, ssyk4: str) -> None:
    groups = model.predict_groups(headline)
    assert groups and groups[0].ssyk4 == ssyk4, [(g.ssyk4, g.label, g.probability) for g in groups]


@pytest.mark.parametrize(
    ("headline", "ssyk4"),
    [
        ("Backend developer", "2512"),  # English, IT
        ("Senior Data Engineer", "2512"),
        ("Warehouse worker till vårt lager i Borås", "4322"),  # English compound: "lagerarbetare"
        ("Bus drivers wanted", "8331"),
        ("Lärare i matematik och NO till högstadiet", "2341"),  # subject teacher, years 7-9
        ("Lärare i engelska och spanska", "2341"),
        ("Gymnasielärare i svenska och historia", "2330"),
        ("Idrottslärare till gymnasiet i Lund", "2330"),  # a subject compound
    ],
)
def test_english_and_subject_teacher_headlines_rank_the_group_in_the_top_three(
    model: OccupationClassifier, headline: str, ssyk4: str
) -> None:
    groups = model.predict_groups(headline, k=3)
    assert ssyk4 in [g.ssyk4 for g in groups], [(g.ssyk4, g.label, g.probability) for g in groups]


def test_a_subject_teacher_is_not_the_subjects_profession(model: OccupationClassifier) -> None:
    top = model.predict_top("Lärare i matematik och fysik", k=1)[0]
    assert top.ssyk4 in {"2330", "2341"} and top.label.startswith("Ämneslärare"), top


def test_english_titles_become_swedish_compounds(taxonomy: Taxonomy) -> None:
    assert english_forms(["warehouse", "worker"]) == ["lagerarbetare", "lager arbetare"]
    assert english_forms(["worker"]) == ["arbetare"]
    assert english_forms(["frontend", "developer"]) == [] and english_forms(["warehouse"]) == []
    normaliser = TitleNormaliser(taxonomy)
    assert [o.label for o, _ in normaliser.normalise("forklift driver", 1)] == ["Truckförare"]
    teachers = {o.label for o, _ in normaliser.normalise("engelsklärare", 2)}
    assert teachers == {"Ämneslärare, 7-9", "Ämneslärare, gymnasieskolan"}


def test_a_generic_headline_is_decided_by_the_text(model: OccupationClassifier) -> None:
    text = (
        "Du kommer att köra truck, lasta och lossa gods och plocka order på vårt lager. "
        "Truckkort A och B krävs. Erfarenhet av lagerarbete och truckkörning är meriterande."
    )
    without_text = model.predict_groups("Ny medarbetare till vårt team i Borås", "", 3)
    with_text = model.predict_groups("Ny medarbetare till vårt team i Borås", text, 3)
    assert {"8344", "4322"} & {g.ssyk4 for g in with_text}
    assert not {"8344", "4322"} & {g.ssyk4 for g in without_text[:1]}


@pytest.mark.parametrize("headline", ["Säljare | Företaget AB", "Lärare i grundskolan", "xyz", ""])
def test_probabilities_are_calibrated_shares_in_order(model: OccupationClassifier, headline: str) -> None:
    top = model.predict_top(headline, "Arbete med kunder och försäljning.", k=5)
    groups = model.predict_groups(headline, "Arbete med kunder och försäljning.", k=50)
    for guesses in (top, groups):
        p = [g.probability for g in guesses]
        assert all(0.0 <= x <= 1.0 for x in p)
        assert p == sorted(p, reverse=True)
        assert sum(p) <= 1.0 + 1e-9
    assert len(top) <= 5
    # An occupation is never more likely than its group.
    by_group = {g.ssyk4: g.probability for g in groups}
    assert all(o.probability <= by_group.get(o.ssyk4, 0.0) + 1e-9 for o in top)


def test_a_generic_title_is_less_certain_than_a_specific_one(model: OccupationClassifier) -> None:
    generic = model.predict_groups("Säljare", k=1)[0].probability
    specific = model.predict_groups("Grundskollärare", k=1)[0].probability
    assert specific > 0.8 and specific - generic > 0.15


def test_fit_is_sklearn_style_and_calibrates(model: OccupationClassifier, taxonomy: Taxonomy) -> None:
    examples = [
        ("Städare sökes", "Städning av kontor.", "Städare"),
        ("Lokalvårdare till sjukhuset", "", "Städare"),
        ("Kock", "Matlagning i restaurang.", "Kock à la carte"),
        ("Kockar till vår restaurang", "", "Kock à la carte"),
        ("Truckförare", "Truckkort krävs.", "Truckförare"),
        ("Truckförare till lagret", "", "Truckförare"),
        ("Svetsare", "MIG/MAG-svetsning.", "Svetsare"),
        ("Svetsare sökes", "", "Svetsare"),
        ("Advokat", "Affärsjuridik.", "Advokat"),
        ("Advokater till byrån", "", "Advokat"),
    ]
    fresh = OccupationClassifier(taxonomy, n_folds=5)
    fresh.evidence_ = model.evidence_  # the index is built from the taxonomy alone; reuse it
    assert not hasattr(fresh, "temperature_")
    fitted = fresh.fit(
        [e[0] for e in examples], [e[1] for e in examples], [_label(taxonomy, e[2]) for e in examples]
    )
    assert fitted is fresh and fresh.temperature_ > 0
    assert fresh.predict_top("Städare", k=1)[0].label == "Städare"
    with pytest.raises(ValueError):
        fresh.fit([], [], [])
    with pytest.raises(RuntimeError):
        OccupationClassifier(taxonomy).predict_top("Städare")


def test_english_titles_name_existing_labels(taxonomy: Taxonomy) -> None:
    assert [label for label in ENGLISH_TITLES.values() if taxonomy.occupation_by_label(label) is None] == []


def test_an_experience_title_equal_to_a_label_maps_to_it_whatever_the_text_says(taxonomy: Taxonomy) -> None:
    teacher = _label(taxonomy, "Lärare i grundskolan, årskurs 1-6")
    text = "Jag har jobbat som städare och kock. Nu vill jag jobba i en butik."
    seeker = SeekerProfile(
        "s",
        text=text,
        experiences=(Experience("Lärare i grundskolan, årskurs 1-6", 4.0),),
        concepts=tuple(enrich(text)),
    )
    found = experience_occupations(seeker, title_normaliser(taxonomy))
    assert [(o, conf) for o, _, _, conf in found] == [(teacher, 1.0)]
    arrays = build_seeker_arrays([seeker], taxonomy)
    weights = arrays.occupations.toarray()[0]
    assert weights[arrays.occ_vocab[teacher]] > 0.9  # four years as a teacher, read from the title
    assert arrays.occ_vocab.keys() > {teacher}  # the free text still adds its occupations


def test_experience_titles_as_people_type_them(taxonomy: Taxonomy) -> None:
    normaliser = title_normaliser(taxonomy)
    cases = {"städerska": "Städare", "Svetsaren": "Svetsare", "carpenter": "Träarbetare/Snickare"}
    for title, label in cases.items():
        found = experience_occupations(SeekerProfile("s", experiences=(Experience(title, 1.0),)), normaliser)
        assert [o for o, *_ in found] == [_label(taxonomy, label)], title


def _reasons(vacancy: VacancyProfile, seeker: SeekerProfile, taxonomy: Taxonomy) -> tuple[float, list[str]]:
    arrays = build_seeker_arrays([seeker], taxonomy)
    ctx = vacancy_context(vacancy, arrays, taxonomy)
    X = featurize(ctx, arrays, np.array([0]), np.zeros(1), np.zeros(1))
    _, parts = LinearScorer.default().contributions(X)
    contributions = [Contribution(f, float(X[0, j]), float(parts[0, j])) for j, f in enumerate(FEATURE_NAMES)]
    reasons = explain(contributions, pair_facts(ctx, arrays, 0, None))
    return float(X[0, 0]), [r.sv for r in reasons] + [r.en for r in reasons]


def test_a_confirmed_occupation_is_certain_and_overrides_inference(taxonomy: Taxonomy) -> None:
    cleaner = _label(taxonomy, "Städare")
    seeker = SeekerProfile("s", experiences=(Experience("Städare", 3.0),))
    headline = "Software Engineer"  # the text says one thing, a person confirmed another
    confirmed = VacancyProfile("v", headline, headline, occupation_id=cleaner)
    fit, reasons = _reasons(confirmed, seeker, taxonomy)
    assert fit == pytest.approx(0.7 + 0.3 * 3 / 4)
    assert "Bekräftat yrke: Städare" in reasons and "Confirmed occupation: Städare" in reasons
    unconfirmed = VacancyProfile("v", headline, headline, occupation_id=cleaner, occupation_confirmed=False)
    ctx = vacancy_context(unconfirmed, build_seeker_arrays([seeker], taxonomy), taxonomy)
    assert ctx.occupation_probabilities is not None and ctx.occupation_ids[0] != cleaner


def test_an_inferred_occupation_weighs_fit_by_probability_and_says_so(
    model: OccupationClassifier, taxonomy: Taxonomy
) -> None:
    headline = "Grundskollärare till skola i Lund"
    guess = model.predict_top(headline, k=1)[0]
    seeker = SeekerProfile("s", experiences=(Experience(guess.label, 3.0),))
    fit, reasons = _reasons(VacancyProfile("v", headline, headline), seeker, taxonomy)
    assert 0 < fit < 0.7 + 0.3 * 3 / 4  # less than certain: the probability weighs the fit
    percent = round(100 * guess.probability)
    assert f"Yrke tolkat ur annonsen: {guess.label} ({percent} %)" in reasons
    assert f"Occupation inferred from the ad: {guess.label} ({percent}%)" in reasons


def test_given_guesses_are_used_as_they_are(taxonomy: Taxonomy) -> None:
    cleaner = _label(taxonomy, "Städare")
    seeker = SeekerProfile("s", experiences=(Experience("Städare", 0.0),))
    vacancy = VacancyProfile("v", "Medarbetare", "Medarbetare", occupation_guesses=((cleaner, 0.5),))
    fit, _ = _reasons(vacancy, seeker, taxonomy)
    assert fit == pytest.approx(0.5 * 0.7)


def test_stored_guesses_expire_with_either_weights_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guesses stored with a vacancy carry this version: a new text model must expire them too."""
    from matcher.text import occupation_model, occupation_text

    before = occupation_model.weights_digest()
    monkeypatch.setattr(occupation_text, "TEXT_WEIGHTS_FILE", "default.json")  # another committed file
    assert occupation_model.weights_digest() != before
