"""The ONNX int8 embedder: exported locally from the shipped model, close to the torch vectors."""

import logging
from pathlib import Path

import numpy as np
import onnx as onnx_lib
import pytest
from onnx import numpy_helper

from matcher.embed.embedding import Embedder, SentenceTransformerEmbedder
from matcher.embed.onnx_backend import OnnxEmbedder

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
    assert onnx.model_id.endswith("+onnx-int8-r7")


def test_vectors_are_close_to_torch(onnx: OnnxEmbedder) -> None:
    # Measured 0.988–0.990 with 7-bit weights, the same on AVX-512 VNNI and under qemu -cpu Haswell
    # (AVX2); 8-bit weights gave 0.95 on AVX2 through int16 saturation.
    torch_vectors = SentenceTransformerEmbedder().encode_documents(TEXTS)
    cosines = (onnx.encode_documents(TEXTS) * torch_vectors).sum(axis=1)
    assert cosines.min() >= 0.98


def test_no_int8_product_can_saturate_on_cpus_without_vnni(onnx: OnnxEmbedder) -> None:
    # AVX2 and AVX-512F (no VNNI) sum pairs of u8·s8 products in int16: 255·|w|·2 must stay ≤ 32767,
    # which holds for every CPU only when all quantised weights lie in the 7-bit range.
    model = onnx_lib.load(str(onnx.onnx_path))
    weights = [
        numpy_helper.to_array(t) for t in model.graph.initializer if t.data_type == onnx_lib.TensorProto.INT8
    ]
    assert weights, "the export holds no int8 weights"
    assert max(int(np.abs(w.astype(np.int16)).max()) for w in weights) <= 64


def test_the_export_is_cached_and_reused(onnx: OnnxEmbedder) -> None:
    path = Path(onnx.onnx_path)
    stamp = path.stat().st_mtime_ns
    again = OnnxEmbedder(cache_dir=path.parent.parent)
    assert again.onnx_path == path and path.stat().st_mtime_ns == stamp
    assert np.array_equal(again.encode_queries(TEXTS[:1]), onnx.encode_queries(TEXTS[:1]))
