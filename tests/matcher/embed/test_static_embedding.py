"""The static embedder, and the engine's lists with it against a committed reference.

The reference (``static_reference.json`` next to this file) is the top 10 of ten fixture placements over
300 fixture seekers, ranked by ``RankingPipeline`` with the shipped static model (the default embedding
backend: static vectors for the whole pool and the query, no transformer stage). Regenerate it, after
a deliberate change of model, weights or ranking, with

    .venv/bin/python -m tests.matcher.embed.test_static_embedding

and review the diff: this test exists so that nothing changes those lists by accident.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matcher.embed.embedding import Embedder
from matcher.embed.static_embedding import STATIC_MODEL_DIR, WEIGHTS_FILE, StaticEmbedder
from matcher.rank.pipeline import RankingPipeline
from matcher.text.enrich import enrich
from matcher.text.taxonomy import default_taxonomy
from matcher.types import Experience, SeekerProfile, VacancyProfile

ROOT = Path(__file__).resolve().parents[3]
REFERENCE = Path(__file__).with_name("static_reference.json")
DAY = date(2026, 3, 2)
TEXTS = [
    "Jag har jobbat som städare på kontor i tre år.",
    "Lokalvårdare på sjukhus, van vid storstädning och golvvård.",
    "Truckförare med truckkort A och B, lagerarbete.",
    "Javautvecklare, backend och databaser.",
    "cleaner, office cleaning, 2 years",
    "",
    "   ",
    "ordet " * 3000,  # longer than any transformer window: one mean, nothing cut
]


@pytest.fixture(scope="module")
def static() -> StaticEmbedder:
    return StaticEmbedder()


def test_it_is_an_embedder_of_unit_float32_vectors(static: StaticEmbedder) -> None:
    assert isinstance(static, Embedder)
    for encode in (static.encode_queries, static.encode_documents):
        vectors = encode(TEXTS)
        assert vectors.dtype == np.float32 and vectors.shape == (len(TEXTS), static.dim)
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert static.encode_documents([]).shape == (0, static.dim)


def test_a_text_embeds_the_same_alone_and_in_a_batch(static: StaticEmbedder) -> None:
    batch = static.encode_documents(TEXTS)
    alone = np.vstack([static.encode_documents([t]) for t in TEXTS])
    np.testing.assert_array_equal(batch, alone)


def test_a_long_text_is_read_to_its_end(static: StaticEmbedder) -> None:
    head = "Jag har jobbat som städare på kontor. " * 400
    a, b = static.encode_documents([head + "Truckförare på lager.", head + "Javautvecklare, backend."])
    assert not np.array_equal(a, b)


def test_related_swedish_texts_are_closer_than_unrelated(static: StaticEmbedder) -> None:
    # A weak semantic signal (the engine's ranking rests on concepts and n-grams; see
    # benchmarks/results/embeddings.md), but one that must hold.
    cleaner, hospital_cleaner, _, developer = static.encode_documents(TEXTS[:4])
    assert cleaner @ hospital_cleaner > cleaner @ developer + 0.1
    assert hospital_cleaner @ developer < 0.0 < hospital_cleaner @ cleaner


def test_model_id_names_the_files(static: StaticEmbedder, tmp_path: Path) -> None:
    copy = tmp_path / "static"
    shutil.copytree(STATIC_MODEL_DIR, copy)
    assert StaticEmbedder(copy).model_id == static.model_id
    with np.load(copy / WEIGHTS_FILE) as data:
        arrays = dict(data)
    arrays["codes"] = arrays["codes"].copy()
    arrays["codes"][5, 0] ^= 1
    np.savez_compressed(copy / WEIGHTS_FILE, **arrays)
    assert StaticEmbedder(copy).model_id != static.model_id


def _fixture_profiles(n_seekers: int = 300, n_vacancies: int = 10) -> tuple[list[Any], list[Any]]:
    fixtures = ROOT / "data" / "fixtures"
    seekers = []
    for i, line in enumerate(fixtures.joinpath("seekers.jsonl").read_text(encoding="utf-8").split("\n")):
        if not line or i >= n_seekers:
            continue
        record = json.loads(line)
        text = record.get("profile_text", "")
        experiences = tuple(Experience(e["title"], float(e.get("years") or 0)) for e in record["experiences"])
        full = "\n".join([text, *(e.title for e in experiences)])
        seekers.append(
            SeekerProfile(f"s{i:04d}", text=text, experiences=experiences, concepts=tuple(enrich(full)))
        )
    vacancies = []
    for i, line in enumerate(fixtures.joinpath("vacancies.jsonl").read_text(encoding="utf-8").split("\n")):
        if not line or i >= n_vacancies:
            continue
        record = json.loads(line)
        text = record["description"]
        vacancies.append(
            VacancyProfile(
                f"v{i:03d}", record["title"], text=text, concepts=tuple(enrich(record["title"] + "\n" + text))
            )
        )
    return seekers, vacancies


def reference_lists() -> dict[str, list[list[Any]]]:
    """Per vacancy, the top 10 as [seeker id, score rounded to 6 decimals]."""
    seekers, vacancies = _fixture_profiles()
    pipeline = RankingPipeline(StaticEmbedder(), default_taxonomy(), reference_date=DAY)
    pipeline.index_seekers(seekers)
    return {
        ranked.query_id: [[m.seeker_id, round(m.score, 6)] for m in ranked.matches]
        for ranked in pipeline.shortlist_many(vacancies, k=10, block=4)
    }


def test_lists_equal_the_committed_reference() -> None:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))["lists"]
    got = reference_lists()
    assert [[s for s, _ in ranked] for ranked in got.values()] == [
        [s for s, _ in ranked] for ranked in reference.values()
    ]
    for vacancy, ranked in got.items():
        np.testing.assert_allclose([s for _, s in ranked], [s for _, s in reference[vacancy]], atol=2e-6)


if __name__ == "__main__":
    payload = {
        "about": "top 10 of 10 fixture placements over 300 fixture seekers, static embedder (see "
        "tests/matcher/embed/test_static_embedding.py); [seeker id, score]",
        "model_id": StaticEmbedder().model_id,
        "lists": reference_lists(),
    }
    REFERENCE.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {REFERENCE.relative_to(ROOT)}")
