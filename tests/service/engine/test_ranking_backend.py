"""The embedding backend is chosen by configuration; a wrong value is refused at start."""

import logging
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from matcher.embed.onnx_backend import OnnxEmbedder
from matcher.embed.static_embedding import StaticEmbedder
from service.engine.ranking import embedder
from service.platform.config import Settings, get_settings


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    embedder.cache_clear()
    yield
    get_settings.cache_clear()
    embedder.cache_clear()


def test_onnx_int8_backend_is_used_when_configured(
    fresh_settings: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    logging.getLogger().setLevel(logging.ERROR)  # onnxruntime's quantiser logs a pre-processing hint
    monkeypatch.setenv("MATCHER_EMBEDDING_BACKEND", "onnx-int8")
    monkeypatch.setattr("matcher.embed.onnx_backend.DEFAULT_CACHE", tmp_path)
    chosen = embedder()
    assert isinstance(chosen, OnnxEmbedder) and chosen.model_id.endswith("+onnx-int8-r7")
    vectors = chosen.encode_documents(["Städare med truckkort"])
    assert vectors.shape == (1, chosen.dim) and np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)
    assert any(tmp_path.iterdir())  # exported here, locally, not downloaded


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(ValidationError, match="embedding_backend"):
        Settings(embedding_backend="tensorflow")  # type: ignore[arg-type]


def test_the_static_model_is_the_default_backend(
    fresh_settings: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MATCHER_EMBEDDING_BACKEND", raising=False)
    chosen = embedder()
    assert isinstance(chosen, StaticEmbedder) and chosen.model_id.startswith("static/")
    vectors = chosen.encode_documents(["Städare med truckkort"])
    assert vectors.shape == (1, chosen.dim) and np.isclose(np.linalg.norm(vectors[0]), 1.0, atol=1e-5)
