"""A static embedding model: per-token vectors averaged (the operations of sentence-transformers'
``StaticEmbedding``, in numpy: ``bag_vectors``).

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
import json
import re
import string
import unicodedata
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


# ``BertPreTokenizer``'s split, for normalised text of Latin letters: white space (Rust's
# ``char::is_whitespace``) separates pieces, and each punctuation character (ASCII punctuation or a
# Unicode P* category) is a piece of its own.
_BERT_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_LATIN_END = 0x250  # Latin letters and their punctuation: categories that no Unicode version has moved
_BERT_PUNCT = "".join(
    re.escape(chr(c))
    for c in range(_LATIN_END)
    if unicodedata.category(chr(c)).startswith("P") or chr(c) in string.punctuation
)
_PIECE = re.compile(f"[^{_BERT_SPACE}{_BERT_PUNCT}]+|[{_BERT_PUNCT}]")
_BEYOND_LATIN = re.compile(f"[^\\x00-{re.escape(chr(_LATIN_END - 1))}]")


class BertTokenIds:
    """Token ids of texts, as ``Tokenizer.encode_batch(texts, add_special_tokens=False)`` gives them.

    The tokenizer's own normaliser runs on each text; the split into words is done here (the
    tokenizer's pre-tokenizer took twice as long as the rest of embedding together), and each word's
    word pieces are looked up once and remembered. Texts it cannot vouch for go to the tokenizer whole:
    a text with characters beyond Latin after normalisation, or one that could hold a special token.
    A tokenizer of any other make (not BERT's normaliser, pre-tokenizer and WordPiece) is always used
    whole.
    """

    def __init__(self, tokenizer: Any, fast: bool) -> None:
        self.tokenizer = tokenizer
        self.fast = fast
        self._pieces: dict[str, list[int]] = {}

    @classmethod
    def of(cls, tokenizer: Any, config: Path) -> BertTokenIds:
        spec = json.loads(config.read_text(encoding="utf-8"))
        bert = (
            (spec.get("normalizer") or {}).get("type") == "BertNormalizer"
            and (spec.get("pre_tokenizer") or {}).get("type") == "BertPreTokenizer"
            and (spec.get("model") or {}).get("type") == "WordPiece"
            and all(t["content"].startswith("[") for t in spec.get("added_tokens", []))
        )
        return cls(tokenizer, bert)

    def ids(self, texts: Sequence[str]) -> list[list[int]]:
        if not self.fast:
            return [e.ids for e in self.tokenizer.encode_batch(texts, add_special_tokens=False)]
        normalise = self.tokenizer.normalizer.normalize_str
        out: list[list[int]] = []
        for text in texts:
            normal = normalise(text) if "[" not in text else ""
            if "[" in text or _BEYOND_LATIN.search(normal) is not None:
                out.append(self.tokenizer.encode(text, add_special_tokens=False).ids)
                continue
            ids: list[int] = []
            for word in _PIECE.findall(normal):
                pieces = self._pieces.get(word)
                if pieces is None:
                    if len(self._pieces) >= 500_000:
                        self._pieces.clear()
                    pieces = self._pieces[word] = [t.id for t in self.tokenizer.model.tokenize(word)]
                ids.extend(pieces)
            out.append(ids)
        return out


def static_model_id(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in (TOKENIZER_FILE, WEIGHTS_FILE):
        digest.update((directory / name).read_bytes())
    return f"static/{directory.name}:{digest.hexdigest()[:16]}"


class StaticEmbedder(SymmetricEmbedder):
    """``Embedder`` over a static model directory (default: the shipped one)."""

    def __init__(self, model_dir: str | Path | None = None, batch_size: int = 1024) -> None:
        from tokenizers import Tokenizer

        self.model_dir = Path(model_dir) if model_dir is not None else STATIC_MODEL_DIR
        self.batch_size = batch_size
        with np.load(self.model_dir / WEIGHTS_FILE) as data:
            weights = data["codes"].astype(np.float32) * data["scale"][:, None]
        tokenizer = Tokenizer.from_file(str(self.model_dir / TOKENIZER_FILE))
        tokenizer.no_truncation()  # a text is the mean of all its tokens: nothing is cut
        self._tokenizer = tokenizer
        self._ids = BertTokenIds.of(tokenizer, self.model_dir / TOKENIZER_FILE)
        self._weights = np.ascontiguousarray(weights)
        self._unk = tokenizer.token_to_id("[UNK]")
        self._model_id = static_model_id(self.model_dir)
        self._dim = int(weights.shape[1])

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self._dim), dtype=np.float32)
        # A text with no token at all (empty, white space) is read as the unknown token, so every
        # vector is a unit vector.
        inputs = [t if t.strip() else "[UNK]" for t in texts]
        out = np.empty((len(inputs), self._dim), dtype=np.float32)
        for start in range(0, len(inputs), self.batch_size):
            batch = inputs[start : start + self.batch_size]
            out[start : start + len(batch)] = bag_vectors(self._weights, self._ids.ids(batch))
        return out


def bag_vectors(weights: np.ndarray, ids: Sequence[Sequence[int]]) -> np.ndarray:
    """Per list of token ids, the unit-length mean of those rows of ``weights``: what sentence-
    transformers' ``StaticEmbedding`` computes with torch (``EmbeddingBag(mode="mean")``, then
    ``normalize``), bit for bit, in numpy.

    Importing torch took longer than embedding 10,000 texts. The float32 operations are torch's, in
    torch's order: each bag summed row after row from zero and divided by its length; the norm summed
    in eight lanes (element k into lane k mod 8, in order), the lanes then one after the other. A
    width that is not a multiple of eight runs torch itself (its tail order is not reproduced here).
    """
    n, dim = len(ids), weights.shape[1]
    if dim % _LANES:
        return _torch_bag_vectors(weights, ids)
    lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=n)
    # Longest first, so that the bags still summing at position j are the first ``active[j]`` rows.
    order = np.argsort(-lengths, kind="stable")
    sorted_lengths = lengths[order]
    longest = int(sorted_lengths[0]) if n else 0
    padded = np.zeros((n, longest), dtype=np.int64)
    padded[np.arange(longest) < sorted_lengths[:, None]] = np.fromiter(
        (i for k in order.tolist() for i in ids[k]), dtype=np.int64, count=int(lengths.sum())
    )
    active = np.searchsorted(-sorted_lengths, -np.arange(longest), side="left")
    sums = np.zeros((n, dim), dtype=np.float32)
    for j in range(longest):
        sums[: active[j]] += weights[padded[: active[j], j]]
    # An empty bag is zeros in torch (0 / 1 here), and stays zeros after normalising.
    means = sums / np.maximum(sorted_lengths, 1).astype(np.float32)[:, None]
    squares = (means * means).reshape(n, dim // _LANES, _LANES)
    lanes = squares[:, 0].copy()
    for c in range(1, dim // _LANES):
        lanes += squares[:, c]
    total = lanes[:, 0].copy()
    for k in range(1, _LANES):
        total += lanes[:, k]
    norms = np.maximum(np.sqrt(total), np.float32(1e-12))
    out = np.empty_like(means)
    out[order] = means / norms[:, None]
    return out


_LANES = 8


def _torch_bag_vectors(weights: np.ndarray, ids: Sequence[Sequence[int]]) -> np.ndarray:
    import torch

    bag = torch.nn.EmbeddingBag.from_pretrained(torch.from_numpy(weights), mode="mean")
    with torch.inference_mode():
        offsets = torch.from_numpy(np.cumsum([0] + [len(x) for x in ids[:-1]]))
        flat = torch.tensor([i for x in ids for i in x], dtype=torch.long)
        return torch.nn.functional.normalize(bag(flat, offsets), p=2, dim=1).numpy()
