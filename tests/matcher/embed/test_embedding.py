"""The shipped model, chunking of long texts and the embedding caches."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.embed.embedding import (
    CachedEmbedder,
    InMemoryEmbeddingCache,
    SentenceTransformerEmbedder,
    SqliteEmbeddingCache,
    model_dir_id,
)

LONG_TEXT = " ".join(
    [
        "Jag har arbetat som lokalvårdare på ett sjukhus i Göteborg i tre år och ansvarade för städning av "
        "operationssalar, vårdavdelningar och personalutrymmen.",
        "Innan dess var jag lagerarbetare med truckkort och plockade order i ett kylt lager.",
        "Jag pratar arabiska som modersmål, svenska på nivå B2 och lite engelska.",
    ]
    * 8
    + ["Sist i texten: jag vill helst arbeta som busschaufför i kollektivtrafiken med D-körkort och YKB."] * 6
)


@pytest.fixture(scope="module")
def embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder()


def test_vectors_are_normalised_float32(embedder: SentenceTransformerEmbedder) -> None:
    vectors = embedder.encode_documents(["Lokalvårdare med erfarenhet", "Truckförare", ""])
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, embedder.dim)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_related_texts_are_closer_than_unrelated(embedder: SentenceTransformerEmbedder) -> None:
    q = embedder.encode_queries(["cleaner, office cleaning"])[0]
    d = embedder.encode_documents(["office cleaning and janitor work", "software developer in Java"])
    assert q @ d[0] > q @ d[1]


def test_long_text_is_chunked_not_truncated(embedder: SentenceTransformerEmbedder) -> None:
    chunks = embedder.chunks(LONG_TEXT)
    assert len(chunks) > 1
    tokenizer = embedder._model.tokenizer
    assert all(
        len(tokenizer(c, add_special_tokens=True)["input_ids"]) <= embedder.window_tokens + 2 for c in chunks
    )
    # The model alone would only see the first window: the full vector must differ from that prefix's.
    prefix = chunks[0]
    full, head = embedder.encode_documents([LONG_TEXT, prefix])
    assert float(full @ head) < 0.995
    np.testing.assert_allclose(np.linalg.norm(full), 1.0, atol=1e-5)


def test_short_text_is_one_chunk(embedder: SentenceTransformerEmbedder) -> None:
    assert embedder.chunks("Undersköterska i hemtjänsten") == ["Undersköterska i hemtjänsten"]


def test_model_id_changes_with_model_directory(tmp_path: Path, embedder: SentenceTransformerEmbedder) -> None:
    (tmp_path / "config.json").write_text('{"hidden_size": 384}')
    (tmp_path / "model.safetensors").write_bytes(b"0" * 10)
    first = model_dir_id(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"0" * 11)
    assert model_dir_id(tmp_path) != first
    assert model_dir_id(embedder.model_path) == embedder.model_id


def test_cached_embedder_embeds_only_misses(embedder: SentenceTransformerEmbedder) -> None:
    cached = CachedEmbedder(embedder, InMemoryEmbeddingCache())
    first = cached.encode_documents(["Svetsare", "Kock", "Svetsare"])
    assert (cached.hits, cached.misses) == (0, 2)  # the duplicate is embedded once
    np.testing.assert_array_equal(first[0], first[2])
    second = cached.encode_documents(["Kock", "Svetsare", "Målare"])
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second[1], first[0])
    assert cached.misses == 3  # "Målare" was the only new text
    np.testing.assert_allclose(second[2], embedder.encode_documents(["Målare"])[0], atol=1e-6)


def test_sqlite_cache_persists_across_instances(
    tmp_path: Path, embedder: SentenceTransformerEmbedder
) -> None:
    path = tmp_path / "vectors.sqlite"
    cache = SqliteEmbeddingCache(path)
    vectors = CachedEmbedder(embedder, cache).encode_queries(["Barnskötare", "Elektriker"])
    cache.close()
    reopened = CachedEmbedder(embedder, SqliteEmbeddingCache(path))
    again = reopened.encode_queries(["Elektriker", "Barnskötare"])
    assert (reopened.hits, reopened.misses) == (2, 0)
    np.testing.assert_array_equal(again, vectors[::-1])
    # Another side (documents) is another namespace: not served from the query vectors.
    reopened.encode_documents(["Elektriker"])
    assert reopened.misses == 1
