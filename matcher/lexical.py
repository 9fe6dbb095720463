"""Lexical similarity: TF-IDF over character n-grams of normalised text, with fixed weights.

Character n-grams within word boundaries (3–5) tolerate Swedish compounds, inflection and the
misspellings typical of short profile texts; folding diacritics makes "lokalvardare" meet
"lokalvårdare".

The n-gram weights (IDF) are part of the model: fitted once on a reference corpus and shipped in
``matcher/weights/lexical_idf.npz`` (``scripts/build_lexical_weights.py``), not refitted on whoever is
in the pool. So a pair's lexical score depends only on the two texts: a person's score does not move
because somebody else registered, and a re-rank after a few profiles changed can re-score just those
(``matcher.incremental``). N-grams are hashed into a fixed number of columns, so text the reference
corpus never saw still gets weights (the highest, as the rarest n-grams).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

_SPACE = re.compile(r"\s+")
WEIGHTS_PATH = Path(__file__).resolve().parent / "weights" / "lexical_idf.npz"
N_FEATURES = 2**21  # 2M hashed columns: few collisions among the ~10^5 n-grams of a large pool


def normalise_text(text: str) -> str:
    """Lower-case, fold diacritics (å→a, é→e) and collapse white space."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", folded).strip()


class LexicalWeights:
    """sklearn-style: ``fit(corpus)`` learns n-gram document frequencies; ``transform`` gives rows.

    Rows are sublinear term frequency × smoothed IDF (as sklearn's ``TfidfVectorizer(sublinear_tf=True)``),
    L2-normalised, over hashed ``char_wb`` n-grams.
    """

    def __init__(self, ngram_range: tuple[int, int] = (3, 5), n_features: int = N_FEATURES) -> None:
        self.ngram_range = ngram_range
        self.n_features = n_features
        self._hasher = HashingVectorizer(
            analyzer="char_wb",
            ngram_range=ngram_range,
            n_features=n_features,
            alternate_sign=False,
            norm=None,
            preprocessor=normalise_text,
            dtype=np.float32,
        )

    def fit(self, corpus: Sequence[str]) -> LexicalWeights:
        counts = self._hasher.transform(list(corpus))
        df = np.bincount(counts.indices, minlength=self.n_features)
        self._set(len(corpus), df)
        return self

    def _set(self, n_documents: int, df: np.ndarray) -> None:
        self.n_documents_ = int(n_documents)
        self.df_ = np.asarray(df, dtype=np.int64)
        self.idf_ = (np.log((1.0 + n_documents) / (1.0 + df)) + 1.0).astype(np.float32)
        digest = hashlib.sha256(f"{self.ngram_range}|{self.n_features}|{n_documents}".encode())
        digest.update(self.df_.tobytes())
        self.version_ = digest.hexdigest()[:16]

    def save(self, path: Path) -> None:
        arrays: dict[str, Any] = {k: np.asarray(v) for k, v in self.__getstate__().items()}
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> LexicalWeights:
        weights = cls.__new__(cls)
        with np.load(path) as data:
            weights.__setstate__(dict(data))
        return weights

    def __getstate__(self) -> dict[str, Any]:
        # Shipped to Dask workers with every pipeline: the seen columns only (~1 MB, not ~24 MB).
        nz = np.flatnonzero(self.df_ > 0)
        return {
            "ngram_range": self.ngram_range,
            "n_features": self.n_features,
            "n_documents": self.n_documents_,
            "columns": nz.astype(np.uint32),
            "df": self.df_[nz].astype(np.uint32),
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        lo, hi = (int(x) for x in state["ngram_range"])
        self.__init__((lo, hi), int(state["n_features"]))  # type: ignore[misc]
        df = np.zeros(self.n_features, dtype=np.int64)
        df[np.asarray(state["columns"], dtype=np.int64)] = state["df"]
        self._set(int(state["n_documents"]), df)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows for ``texts``."""
        if not texts:
            return sparse.csr_matrix((0, self.n_features), dtype=np.float32)
        counts = sparse.csr_matrix(self._hasher.transform(list(texts)), dtype=np.float32)
        np.log(counts.data, out=counts.data)
        counts.data += 1.0
        counts.data *= self.idf_[counts.indices]
        return sparse.csr_matrix(normalize(counts, copy=False), dtype=np.float32)


@lru_cache(maxsize=1)
def default_weights() -> LexicalWeights:
    """The shipped weights (``scripts/build_lexical_weights.py`` writes them)."""
    return LexicalWeights.load(WEIGHTS_PATH)


class LexicalIndex:
    """``fit(documents)`` indexes documents under fixed weights (default: the shipped ones)."""

    def __init__(self, weights: LexicalWeights | None = None) -> None:
        self.weights = weights

    @property
    def weights_(self) -> LexicalWeights:
        return self.weights if self.weights is not None else default_weights()

    def fit(self, documents: Sequence[str]) -> LexicalIndex:
        matrix = self.weights_.transform(documents)
        # Columns of the transposed matrix are documents: a query row times it gives all cosines at once.
        self.matrix_t_ = sparse.csr_matrix(matrix.T, dtype=np.float32)
        self.n_documents_ = len(documents)
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows for ``texts``."""
        return self.weights_.transform(texts)

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of each text to every indexed document: shape (len(texts), n_documents)."""
        return np.asarray((self.transform(texts) @ self.matrix_t_).todense(), dtype=np.float32)

    def pair_similarity(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Cosine of a[i] with b[i] under this index's weights."""
        ma, mb = self.transform(a), self.transform(b)
        return np.asarray(ma.multiply(mb).sum(axis=1), dtype=np.float32).ravel()
