"""Lexical similarity: TF-IDF over character n-grams of normalised text, with fixed weights.

Character n-grams within word boundaries (3–5) tolerate Swedish compounds, inflection and the
misspellings typical of short profile texts; folding diacritics makes "lokalvardare" meet
"lokalvårdare".

The n-gram weights (IDF) are part of the model: fitted once on a reference corpus and shipped in
``matcher/weights/lexical_idf.npz`` (``scripts/build_lexical_weights.py``), not refitted on whoever is
in the pool. So a pair's lexical score depends only on the two texts: a person's score does not move
because somebody else registered, and a re-rank after a few profiles changed can re-score just those
(``matcher.rank.incremental``). N-grams are hashed into a fixed number of columns, so text the reference
corpus never saw still gets weights (the highest, as the rarest n-grams).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from matcher.rank import kernels
from matcher.rank.vectors import dense_scores

_SPACE = re.compile(r"\s+")
WEIGHTS_PATH = Path(__file__).resolve().parents[1] / "weights" / "lexical_idf.npz"
N_FEATURES = 2**21  # 2M hashed columns: few collisions among the ~10^5 n-grams of a large pool
WORD_CACHE = 200_000  # words whose hashed columns are kept (a pool's vocabulary is far smaller)
# Row weights are multiples of 2**-GRID_BITS. A unit row's codes have L2 norm <= 2**GRID_BITS (+ rounding),
# so any dot product of two rows sums integer codes below 2**24 (Cauchy-Schwarz): float32 computes it
# without rounding, in any order: the dense product and the posting lists, blocks and single queries agree.
GRID_BITS = 11
# Bytes a pool's most frequent n-grams may take as a dense matrix (float32): the n-grams most documents
# share have the longest posting lists, and cost least in a dense product.
DENSE_BUDGET = 96 * 2**20
# An n-gram goes dense only when at least this share of documents has it. A dense column costs every
# query of a block a pass over all documents; a posting list costs only the queries that have the n-gram,
# each about 20 times more per entry. On the realistic 13,472-person pool, 128 real ads a block: 0.01
# took 3.6 ms a query (8,000 dense columns within the re-rank's 512 MiB), 0.1 and 0.2 took 1.4 ms.
DENSE_MIN_SHARE = 0.1
# Up to this many queries, the frequent n-grams are read from their posting lists when those hold fewer
# than 1/POSTINGS_COST of the dense block's entries per query (an entry gathered and scattered costs
# about that many streamed by a one-query product).
FEW_QUERIES, POSTINGS_COST = 4, 4
# Up to this many words, counts are gathered text by text (``LexicalWeights._counts_direct``): a batch's
# block of 128 placements has ~10^4; a pool's documents go through the one product.
DIRECT_WORDS = 50_000
_ASCII_OFFSETS = np.arange(256, dtype=np.int64)  # a character a byte
_NO_COLUMNS = np.zeros(0, dtype=np.int32)


def normalise_text(text: str) -> str:
    """Lower-case, fold diacritics (å→a, é→e) and collapse white space."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    # Combining marks found among the text's distinct characters, then dropped in C by a pattern of
    # just those (a loop over every character cost most of a short query's lexical stage, and
    # ``str.translate`` with a mapping still looks up every character).
    marks = frozenset(ch for ch in set(decomposed) if unicodedata.combining(ch))
    folded = _marks_pattern(marks).sub("", decomposed) if marks else decomposed
    return _SPACE.sub(" ", folded).strip()


@lru_cache(maxsize=1024)
def _marks_pattern(marks: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(marks)) + "]")


class LexicalWeights:
    """sklearn-style: ``fit(corpus)`` learns n-gram document frequencies; ``transform`` gives rows.

    Rows are sublinear term frequency × smoothed IDF (as sklearn's ``TfidfVectorizer(sublinear_tf=True)``),
    L2-normalised, over hashed ``char_wb`` n-grams.
    """

    def __init__(self, ngram_range: tuple[int, int] = (3, 5), n_features: int = N_FEATURES) -> None:
        self.ngram_range = ngram_range
        self.n_features = n_features
        self._word_columns: dict[str, np.ndarray] = {}

    def fit(self, corpus: Sequence[str]) -> LexicalWeights:
        counts = self.counts(list(corpus))
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
        counts = self.counts(texts)
        np.log(counts.data, out=counts.data)
        counts.data += 1.0
        counts.data *= self.idf_[counts.indices]
        kernels.l2_normalise_rows(counts.indptr, counts.data)
        rows = counts
        scale = np.float32(2**GRID_BITS)
        rows.data = np.rint(rows.data * scale) / scale
        rows.eliminate_zeros()  # weights below half a grid step
        return rows

    def counts(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Hashed n-gram counts, equal to ``HashingVectorizer.transform``: n-grams are formed and hashed
        once per distinct word (kept in a bounded cache), and the counts are (texts x words) times
        (words x n-grams), one sparse product."""
        # Each distinct word numbered on first sight (in C: a missing key takes the next number).
        vocabulary: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        word_ids: list[int] = []
        indptr = np.zeros(len(texts) + 1, dtype=np.int64)
        for i, text in enumerate(texts):
            word_ids += map(vocabulary.__getitem__, normalise_text(text).split())
            indptr[i + 1] = len(word_ids)
        if len(word_ids) <= DIRECT_WORDS:
            return self._counts_direct(list(vocabulary), word_ids, indptr)
        ids = np.asarray(word_ids, dtype=np.int32)
        texts_words = sparse.csr_matrix(
            (np.ones(ids.size, dtype=np.float32), ids, indptr), shape=(len(texts), len(vocabulary))
        )
        columns = [self._columns(w) for w in vocabulary]
        grams_indptr = np.zeros(len(columns) + 1, dtype=np.int64)
        np.cumsum([c.size for c in columns], out=grams_indptr[1:])
        grams = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int32)
        words_grams = sparse.csr_matrix(
            (np.ones(grams.size, dtype=np.float32), grams, grams_indptr),
            shape=(len(columns), self.n_features),
        )
        # Counts are integers far below 2**24: float32 sums them exactly, in any order. The product is
        # formed transposed (n-grams x texts): turned back into rows per text, its columns come out
        # sorted, which the product's own rows are not (sorting them cost twice the product).
        by_gram = words_grams.T.tocsr() @ texts_words.T.tocsr()
        matrix = sparse.csr_matrix(by_gram.T.tocsr(), dtype=np.float32)
        matrix.sum_duplicates()  # sorted indices, duplicates summed: HashingVectorizer's layout
        return matrix

    def _counts_direct(self, words: list[str], word_ids: list[int], indptr: np.ndarray) -> sparse.csr_matrix:
        """``counts`` of a few texts: each text's n-gram columns gathered, duplicates summed. The product
        of ``counts`` turns matrices with a row per hashed column (2M) around, ~4 ms each time: most of a
        single query's lexical stage, and a tenth of a batch's."""
        columns = [self._columns(w) for w in words]
        per_text = [
            np.concatenate([columns[w] for w in word_ids[a:b]]) if b > a else _NO_COLUMNS
            for a, b in itertools.pairwise(indptr.tolist())
        ]
        lengths = np.asarray([c.size for c in per_text], dtype=np.int64)
        cols = np.concatenate(per_text) if per_text else _NO_COLUMNS
        rows = np.repeat(np.arange(lengths.size), lengths)
        matrix = sparse.csr_matrix(
            (np.ones(cols.size, dtype=np.float32), (rows, cols)), shape=(lengths.size, self.n_features)
        )
        matrix.sum_duplicates()  # sorted indices, duplicates summed: HashingVectorizer's layout
        return matrix

    def _columns(self, word: str) -> np.ndarray:
        cache = self._word_columns
        cols = cache.get(word)
        if cols is None:
            if len(cache) >= WORD_CACHE:
                cache.clear()
            padded = f" {word} "
            utf8 = padded.encode()
            offsets = (
                _ASCII_OFFSETS[: len(padded) + 1]
                if len(utf8) == len(padded) and len(padded) < _ASCII_OFFSETS.size
                else np.fromiter(
                    itertools.accumulate((len(ch.encode()) for ch in padded), initial=0),
                    dtype=np.int64,
                    count=len(padded) + 1,
                )
            )
            lo, hi = self.ngram_range
            cols = kernels.gram_columns(np.frombuffer(utf8, dtype=np.uint8), offsets, lo, hi, self.n_features)
            cache[word] = cols
        return cols


def _add_postings(
    out: np.ndarray, rows: np.ndarray, cols: np.ndarray, data: np.ndarray, postings: sparse.csr_matrix
) -> None:
    """``out[rows[e]] += data[e] *`` row ``cols[e]`` of ``postings``, for every entry ``e``."""
    order = np.argsort(rows, kind="stable")
    kernels.add_postings(
        out,
        np.searchsorted(rows[order], np.arange(out.shape[0] + 1)).astype(np.int64),
        cols[order].astype(np.int64),
        np.asarray(data[order], dtype=np.float32),
        postings.indptr,
        postings.indices,
        postings.data,
    )


def _column_map(n_features: int, columns: np.ndarray) -> np.ndarray:
    """Hashed column -> its position among ``columns`` (-1 when absent)."""
    out = np.full(n_features, -1, dtype=np.int32)
    out[columns] = np.arange(columns.size, dtype=np.int32)
    return out


@lru_cache(maxsize=1)
def default_weights() -> LexicalWeights:
    """The shipped weights (``scripts/build_lexical_weights.py`` writes them)."""
    return LexicalWeights.load(WEIGHTS_PATH)


class LexicalIndex:
    """``fit(documents)`` indexes documents under fixed weights (default: the shipped ones).

    ``dense_budget``: bytes the most frequent n-grams may take as a dense block. A batch of queries
    streams that block at BLAS speed, ~10x faster per entry than the sparse rest; a single query reads
    all of it, so an interactive index keeps the default."""

    def __init__(self, weights: LexicalWeights | None = None, dense_budget: int = DENSE_BUDGET) -> None:
        self.weights = weights
        self.dense_budget = dense_budget

    @property
    def weights_(self) -> LexicalWeights:
        return self.weights if self.weights is not None else default_weights()

    def fit(self, documents: Sequence[str]) -> LexicalIndex:
        matrix = self.weights_.transform(documents)
        n = len(documents)
        df = np.bincount(matrix.indices, minlength=matrix.shape[1])
        # The most frequent n-grams as a dense (documents x n-grams) block, within the memory budget; the
        # rest as a sparse (documents x n-grams) matrix over the n-grams the documents have.
        width = min(
            int(np.count_nonzero(df >= max(2, DENSE_MIN_SHARE * n))), self.dense_budget // (4 * max(n, 1))
        )
        frequent = np.sort(np.argsort(-df, kind="stable")[:width]) if width else np.zeros(0, np.int64)
        self.dense_map_ = _column_map(matrix.shape[1], frequent)
        rare = np.setdiff1d(np.flatnonzero(df), frequent)
        self.sparse_map_ = _column_map(matrix.shape[1], rare)
        self.dense_ = np.ascontiguousarray(matrix[:, frequent].toarray(), dtype=np.float32)
        # By n-gram (row j: the documents that have rare n-gram j, with their weights): a query reads only
        # its own n-grams' lists, a few per cent of the entries, where a product streams all of them.
        self.postings_ = sparse.csr_matrix(matrix.tocsc()[:, rare].T, dtype=np.float32)
        self.n_documents_ = n
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows for ``texts``."""
        return self.weights_.transform(texts)

    def similarity(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of each text to every indexed document: shape (len(texts), n_documents).

        Frequent n-grams dense x dense (BLAS); each rare n-gram of a query adds its posting list to the
        query's row (a compiled loop). A few queries (an interactive shortlist) read the frequent
        n-grams' posting lists too, when those are shorter than the dense block: a single query's
        product streams all of it. On the weights' grid the sums are exact in any order: a block of
        queries, a single one and any dense budget give the same scores.
        """
        queries = self.transform(texts).tocoo()
        n_queries = queries.shape[0]
        if self.dense_.shape[1]:
            cols = self.dense_map_[queries.col]
            found = cols >= 0
            frequent = self._frequent_postings() if n_queries <= FEW_QUERIES else None
            if (
                frequent is not None
                and POSTINGS_COST
                * int((frequent.indptr[cols[found] + 1] - frequent.indptr[cols[found]]).sum())
                < n_queries * self.dense_.size
            ):
                out = np.zeros((n_queries, self.n_documents_), dtype=np.float32)
                _add_postings(out, queries.row[found], cols[found], queries.data[found], frequent)
            else:  # into the result itself (no pass to zero it, none to add it)
                head = np.zeros((n_queries, self.dense_.shape[1]), dtype=np.float32)
                head[queries.row[found], cols[found]] = queries.data[found]
                out = dense_scores(head, self.dense_)
        else:
            out = np.zeros((n_queries, self.n_documents_), dtype=np.float32)
        if self.postings_.shape[0]:
            cols = self.sparse_map_[queries.col]
            found = cols >= 0
            _add_postings(out, queries.row[found], cols[found], queries.data[found], self.postings_)
        return out

    def with_postings(self) -> LexicalIndex:
        """Build now the frequent n-grams' posting lists that single queries read (else on the first)."""
        self._frequent_postings()
        return self

    def _frequent_postings(self) -> sparse.csr_matrix:
        """The dense block by n-gram (row j: the documents that have frequent n-gram j): a batch never
        needs it, a single query reads its own n-grams' rows instead of the whole block."""
        found: sparse.csr_matrix | None = getattr(self, "_by_frequent", None)
        if found is None:
            found = self._by_frequent = sparse.csr_matrix(self.dense_.T)
        return found

    def pair_similarity(self, a: Sequence[str], b: Sequence[str]) -> np.ndarray:
        """Cosine of a[i] with b[i] under this index's weights."""
        ma, mb = self.transform(a), self.transform(b)
        return np.asarray(ma.multiply(mb).sum(axis=1), dtype=np.float32).ravel()
