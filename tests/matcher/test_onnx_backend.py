"""The ONNX int8 embedder: exported locally from the shipped model, close to the torch vectors."""

import logging
from pathlib import Path

import numpy as np
import pytest

from matcher.embedding import Embedder, SentenceTransformerEmbedder
from matcher.onnx_backend import OnnxEmbedder

TEXTS = [
    "Jag har arbetat som städare på skolor i tre år.",
    "Kock i storkök, svenska på nivå B1, körkort B.",
    "Lagerarbetare med truckkort. " * 120,  # longer than one model window
]


@pytest.fixture(scope="module")
def onnx(tmp_path_factory: pytest.TempPathFactory) -> OnnxEmbedder:
    logging.getLogger().setLevel(logging.ERROR)  # onnxruntime's quantiser logs a pre-processing hint
    return OnnxEmbedder(cache_dir=tmp_path_factory.mktemp("onnx"))


def test_it_is_an_embedder_of_unit_vectors(onnx: OnnxEmbedder) -> None:
    assert isinstance(onnx, Embedder)
    vectors = onnx.encode_documents(TEXTS)
    assert vectors.shape == (3, onnx.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert onnx.encode_queries([]).shape == (0, onnx.dim)
    assert onnx.model_id.endswith("+onnx-int8")


def test_vectors_are_close_to_torch(onnx: OnnxEmbedder) -> None:
    torch_vectors = SentenceTransformerEmbedder().encode_documents(TEXTS)
    cosines = (onnx.encode_documents(TEXTS) * torch_vectors).sum(axis=1)
    assert cosines.min() >= 0.98


def test_the_export_is_cached_and_reused(onnx: OnnxEmbedder) -> None:
    path = Path(onnx.onnx_path)
    stamp = path.stat().st_mtime_ns
    again = OnnxEmbedder(cache_dir=path.parent.parent)
    assert again.onnx_path == path and path.stat().st_mtime_ns == stamp
    assert np.array_equal(again.encode_queries(TEXTS[:1]), onnx.encode_queries(TEXTS[:1]))
