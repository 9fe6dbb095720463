"""Lexical similarity: TF-IDF over character n-grams of normalised text.

Character n-grams within word boundaries (3–5) tolerate Swedish compounds, inflection and the
misspellings typical of short profile texts; folding diacritics makes "lokalvardare" meet
"lokalvårdare".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Lower-case, fold diacritics (å→a, é→e) and collapse white space."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACE.sub(" ", folded).strip()


class LexicalIndex:
    """sklearn-style: ``fit(documents)`` learns the vocabulary and keeps the document matrix."""

    def __init__(
        self, ngram_range: tuple[int, int] = (3, 5), min_df: int = 1, max_features: int | None = None
    ):
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features

    def fit(self, documents: Sequence[str]) -> LexicalIndex:
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=self.ngram_range,
            min_df=self.min_df,
            max_features=self.max_features,
            sublinear_tf=True,
            preprocessor=normalise_text,
            dtype=np.float32,
        )
        docs = list(documents)
        if not any(d.strip() for d in docs):
            docs = [*docs, "_"]  # an all-empty corpus has no vocabulary; keep the index usable
        matrix = self.vectorizer_.fit_transform(docs)[: len(documents)]
        # Columns of the transposed matrix are documents: a query row times it gives all cosines at once.
        self.matrix_t_ = sparse.csr_matrix(matrix.T, dtype=np.float32)
        self.n_documents_ = len(documents)
        return self

    def subset(self, rows: Sequence[int] | np.ndarray) -> LexicalIndex:
        """The same vocabulary and weights over only these documents (a partition of the pool)."""
        part = LexicalIndex(self.ngram_range, self.min_df, self.max_features)
        part.vectorizer_ = self.vectorizer_
        part.matrix_t_ = sparse.csr_matrix(self.matrix_t_[:, np.asarray(rows, dtype=np.int64)])
        part.n_documents_ = len(rows)
        return part

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows for ``texts``."""
        return sparse.csr_matrix(self.vectorizer_.transform(list(texts)), dtype=np.float32)

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of each text to every fitted document: shape (len(texts), n_documents)."""
        return np.asarray((self.transform(texts) @ self.matrix_t_).todense(), dtype=np.float32)

    def pair_similarity(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Cosine of a[i] with b[i] under this index's vocabulary and weights."""
        ma, mb = self.transform(a), self.transform(b)
        return np.asarray(ma.multiply(mb).sum(axis=1), dtype=np.float32).ravel()
