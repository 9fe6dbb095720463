"""A static embedding model: per-token vectors averaged, run by sentence-transformers' ``StaticEmbedding``.

The shipped model (``matcher/weights/static/``) is distilled with model2vec from the configured
MiniLM, offline, by ``scripts/build_static_model.py``: every word piece of MiniLM's vocabulary plus the
words of the repository's Swedish corpus (taxonomy labels and definitions, title terms, skills,
fixture texts) gets the transformer's own embedding of that token, reduced by PCA and weighted by
Zipf/SIF. A text's vector is the mean of its tokens' vectors, re-normalised: no attention, no length
limit (a long text is one mean, not windows), hundreds of times cheaper than the transformer's forward.

The weights are stored as int8 with one float32 scale per token (a few MB in git) and expanded to
float32 once at load; ``model_id`` is a digest of the files, so cached vectors of other models (or of
another build of this one) never mix with its vectors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from matcher.embed.embedding import SymmetricEmbedder

STATIC_MODEL_DIR = Path(__file__).resolve().parents[1] / "weights" / "static"
WEIGHTS_FILE = "embeddings.npz"
TOKENIZER_FILE = "tokenizer.json"


def quantise_rows(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes and one float32 scale per row (symmetric: row ≈ codes * scale)."""
    w = np.asarray(weights, dtype=np.float32)
    peak = np.abs(w).max(axis=1)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    codes = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8)
    return codes, scale


def save_static_model(directory: Path, tokenizer: Any, weights: np.ndarray, meta: dict[str, str]) -> None:
    """Write a static model: ``tokenizer.json`` (a ``tokenizers.Tokenizer``) and int8 weights."""
    directory.mkdir(parents=True, exist_ok=True)
    codes, scale = quantise_rows(weights)
    arrays: dict[str, Any] = {"codes": codes, "scale": scale, **{k: np.asarray(v) for k, v in meta.items()}}
    np.savez_compressed(directory / WEIGHTS_FILE, **arrays)
    tokenizer.save(str(directory / TOKENIZER_FILE))


def static_model_id(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in (TOKENIZER_FILE, WEIGHTS_FILE):
        digest.update((directory / name).read_bytes())
    return f"static/{directory.name}:{digest.hexdigest()[:16]}"


class StaticEmbedder(SymmetricEmbedder):
    """``Embedder`` over a static model directory (default: the shipped one)."""

    def __init__(self, model_dir: str | Path | None = None, batch_size: int = 1024) -> None:
        import torch
        from sentence_transformers import SentenceTransformer
        from sentence_transformers.sentence_transformer.modules import StaticEmbedding
        from tokenizers import Tokenizer

        self.model_dir = Path(model_dir) if model_dir is not None else STATIC_MODEL_DIR
        self.batch_size = batch_size
        with np.load(self.model_dir / WEIGHTS_FILE) as data:
            weights = data["codes"].astype(np.float32) * data["scale"][:, None]
        tokenizer = Tokenizer.from_file(str(self.model_dir / TOKENIZER_FILE))
        tokenizer.no_truncation()  # a text is the mean of all its tokens: nothing is cut
        self.module = StaticEmbedding(tokenizer, embedding_weights=torch.from_numpy(weights))
        self._model = SentenceTransformer(modules=[self.module], device="cpu")
        self._unk = tokenizer.token_to_id("[UNK]")
        self._model_id = static_model_id(self.model_dir)
        self._dim = int(weights.shape[1])

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self._dim), dtype=np.float32)
        # A text with no token at all (empty, white space) is read as the unknown token, so every
        # vector is a unit vector.
        inputs = [t if t.strip() else "[UNK]" for t in texts]
        out = self._model.encode(
            inputs,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(out, dtype=np.float32)
