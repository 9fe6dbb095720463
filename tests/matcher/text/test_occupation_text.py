"""The text model: a vacancy whose headline is noise is classified by its text; the model is small,
round-trips through its committed form and scores nothing it does not know. Real taxonomy, committed model."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.text.occupation_features import GROUP_FEATURES, text_stems
from matcher.text.occupation_model import OccupationClassifier, load_default
from matcher.text.occupation_text import GroupTextModel, load_text_model

COOK_TEXT = (
    "Du kommer att laga mat, tillreda maträtter och planera menyer i vårt restaurangkök. Du ansvarar "
    "för råvaror, hygien och kökets rutiner. Erfarenhet av à la carte är meriterande."
)


@pytest.fixture(scope="module")
def model() -> OccupationClassifier:
    return load_default()


def test_a_noise_headline_is_decided_by_the_text(model: OccupationClassifier) -> None:
    groups = model.predict_groups("Vi söker dig till vårt team i Malmö!", COOK_TEXT, 3)
    assert "5120" in [g.ssyk4 for g in groups], [(g.ssyk4, g.label, g.probability) for g in groups]


def test_the_text_proposes_candidates_and_feeds_the_text_features(model: OccupationClassifier) -> None:
    cands = model.evidence_.candidates("Vi söker dig till vårt team i Malmö!", COOK_TEXT)
    assert "5120" in cands.groups
    row = cands.X[cands.groups.index("5120")]
    assert row[GROUP_FEATURES.index("text_model")] > 0
    assert row[GROUP_FEATURES.index("text_model_rank")] >= 0.5  # among the text model's top two
    empty = model.evidence_.candidates("Kock till ny restaurang i Umeå")
    assert not empty.X[:, GROUP_FEATURES.index("text_model")].any()


def test_the_committed_text_model_ranks_a_cook_text_high() -> None:
    text_model = load_text_model()
    p = text_model.probabilities(text_stems(COOK_TEXT))
    assert p.sum() == pytest.approx(1.0)
    top = [text_model.groups_[i] for i in np.argsort(-p)[:3]]
    assert "5120" in top, top
    assert not text_model.probabilities(text_stems("qwxz zzyq")).any()


def test_fit_round_trips_and_ignores_unknown_words() -> None:
    documents = [["kock", "mat"], ["kock", "meny"], ["lastbil", "gods"], ["lastbil", "kor"], ["stad", "golv"]]
    groups = ["5120", "5120", "8332", "8332", "9111"]
    text_model = GroupTextModel(C=10.0, keep=2, min_df=1, max_df=1.0).fit(documents, groups)
    assert text_model.coef_.getnnz(axis=0).max() <= 2  # at most ``keep`` weights per group
    again = GroupTextModel.from_dict(text_model.to_dict())
    query = ["mat", "kock", "mat"]
    np.testing.assert_allclose(again.scores(query), text_model.scores(query), atol=1e-4)
    assert text_model.groups_[int(np.argmax(text_model.scores(query)))] == "5120"
    assert not text_model.scores(["okand", "ord"]).any()
    with pytest.raises(RuntimeError):
        GroupTextModel().scores(query)
    with pytest.raises(ValueError):
        GroupTextModel().fit(documents, ["5120", "5120", "8332", "8332", "8332"])
