"""The lexical model's own n-gram counting, hashing and weighting equal scikit-learn's (HashingVectorizer,
murmurhash3_32, normalize) bit for bit: the model no longer imports scikit-learn, which took ~1.5 s of
every process's start."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

from matcher.rank import kernels
from matcher.rank.lexical import LexicalWeights, default_weights, normalise_text

TEXTS = [
    "Lokalvårdare på sjukhus, van vid storstädning och golvvård.",
    "Truckförare  med\ttruckkort A och B\n\nlagerarbete",
    "a",
    "ab cd é",
    "",
    "   ",
    "Ärtsoppa\u2028och\u00a0pannkakor ﬁ Ⅻ ½ Ǆ",
    "Zürich naïve façade résumé",
    "x" * 40,
]


def reference_counts(weights: LexicalWeights, texts: list[str]) -> sparse.csr_matrix:
    hasher = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=weights.ngram_range,
        n_features=weights.n_features,
        alternate_sign=False,
        norm=None,
        preprocessor=normalise_text,
        dtype=np.float32,
    )
    return sparse.csr_matrix(hasher.transform(texts), dtype=np.float32)


def assert_same(a: sparse.csr_matrix, b: sparse.csr_matrix) -> None:
    assert a.shape == b.shape
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_array_equal(a.data, b.data)


@pytest.fixture(params=["direct", "product"])
def counting(request: pytest.FixtureRequest) -> Iterator[str]:
    """Counts gathered text by text (few words) or through the one sparse product (many)."""
    from matcher.rank import lexical

    with pytest.MonkeyPatch.context() as patch:
        if request.param == "product":
            patch.setattr(lexical, "DIRECT_WORDS", -1)
        yield request.param


def test_counts_equal_hashing_vectorizer_on_awkward_text(counting: str) -> None:
    weights = default_weights()
    assert_same(weights.counts(TEXTS), reference_counts(weights, TEXTS))
    assert_same(weights.counts(TEXTS), weights.counts(TEXTS))  # served from the word cache
    assert_same(weights.counts(["", " "]), reference_counts(weights, ["", " "]))  # no word at all


# The fixture only chooses the way of counting, the same for every example.
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=60), min_size=1, max_size=5))
def test_counts_equal_hashing_vectorizer_on_any_text(counting: str, texts: list[str]) -> None:
    weights = LexicalWeights(n_features=2**12)
    assert_same(weights.counts(texts), reference_counts(weights, texts))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_the_hash_is_murmurhash3_of_the_utf8(text: str) -> None:
    utf8 = text.encode()
    buf = np.frombuffer(utf8, dtype=np.uint8)
    offsets = np.asarray([0, len(utf8)], dtype=np.int64)
    expected = murmurhash3_32(text, seed=0)
    column = (2**31 - 1 - (997 - 1)) % 997 if expected == -(2**31) else abs(expected) % 997
    assert kernels.gram_columns(buf, offsets, 1, 1, 997).tolist() == [column]


def test_weights_fit_and_rows_equal_scikit_learn() -> None:
    """Document frequencies as HashingVectorizer counts them; rows L2-normalised as ``normalize`` does
    (float32 squares summed in double), then put on the grid."""
    from matcher.rank import lexical

    corpus = POOL + TEXTS
    weights = LexicalWeights(n_features=2**16).fit(corpus)
    reference = reference_counts(weights, corpus)
    np.testing.assert_array_equal(weights.df_, np.bincount(reference.indices, minlength=2**16))
    counts = reference_counts(weights, QUERIES + TEXTS)
    np.log(counts.data, out=counts.data)
    counts.data += 1.0
    counts.data *= weights.idf_[counts.indices]
    unit = sparse.csr_matrix(normalize(counts, copy=False), dtype=np.float32)
    scale = np.float32(2**lexical.GRID_BITS)
    unit.data = np.rint(unit.data * scale) / scale
    unit.eliminate_zeros()
    assert_same(weights.transform(QUERIES + TEXTS), unit)


def test_normalise_text_folds_diacritics_and_space() -> None:
    assert normalise_text("  Lokalvårdare\u2028på  CAFÉ ") == "lokalvardare pa cafe"


POOL = [
    "Lokalvårdare på sjukhus, van vid storstädning",
    "Truckförare med truckkort, lagerarbete och plock",
    "Undersköterska inom äldreomsorg, nattarbete",
    "Kock och kallskänka, restaurang och catering",
    "Lagerarbetare, plock och pack, truck",
    "Barnskötare i förskola",
] * 40 + ["Javautvecklare backend", "Svetsare MIG/MAG"]
QUERIES = ["lokalvårdare sjukhus", "lager truck plock", "Kock sökes till restaurang", "javautvecklare", "xyz"]


def test_similarity_is_exact_whatever_the_split_or_block() -> None:
    """Frequent n-grams go dense, the rest sparse; on the weights' grid every way of summing agrees."""
    from matcher.rank import lexical

    index = lexical.LexicalIndex().fit(POOL)
    assert index.dense_.shape[1] > 0 and index.postings_.shape[0] > 0  # both ways take part
    plain = (index.transform(QUERIES) @ index.transform(POOL).T).toarray()
    block = index.similarity(QUERIES)
    np.testing.assert_array_equal(block, plain)
    for i, query in enumerate(QUERIES):
        np.testing.assert_array_equal(index.similarity([query])[0], block[i])
    grid = block * 2.0 ** (2 * lexical.GRID_BITS)
    np.testing.assert_array_equal(grid, np.rint(grid))  # multiples of the grid's unit: no rounding


def test_similarity_whatever_the_dense_budget() -> None:
    """No dense block (every n-gram from posting lists), a small one, the default, all dense: the same
    scores, for a block of queries and for each alone."""
    from matcher.rank import lexical

    default = lexical.LexicalIndex().fit(POOL)
    with_dense = default.similarity(QUERIES)
    none = lexical.LexicalIndex(dense_budget=0).fit(POOL)
    assert none.dense_.shape[1] == 0
    np.testing.assert_array_equal(none.similarity(QUERIES), with_dense)
    smaller = lexical.LexicalIndex(dense_budget=4 * len(POOL) * 50).fit(POOL)  # room for 50 n-grams
    assert smaller.dense_.shape[1] == 50 < default.dense_.shape[1]
    np.testing.assert_array_equal(smaller.similarity(QUERIES), with_dense)
    for i, query in enumerate(QUERIES):
        np.testing.assert_array_equal(none.similarity([query])[0], with_dense[i])
    # The posting lists of the 0-budget index hold every n-gram of the pool, each document once per n-gram.
    assert none.postings_.nnz == none.transform(POOL).nnz


@pytest.mark.parametrize("cost", [0, 4, 10**9])
def test_a_few_queries_from_posting_lists_equal_the_product(monkeypatch, cost: int) -> None:  # type: ignore[no-untyped-def]
    """An interactive shortlist's query reads its frequent n-grams' posting lists (always, by their
    length, never) instead of the whole dense block: the same scores as a block of queries."""
    from matcher.rank import lexical

    index = lexical.LexicalIndex().fit(POOL)
    assert index.dense_.shape[1] > 0
    block = index.similarity(QUERIES)  # five queries: the dense product
    monkeypatch.setattr(lexical, "POSTINGS_COST", cost)
    assert index.with_postings() is index  # built ahead (as the service's pools do) or on first use
    assert index._frequent_postings().nnz == np.count_nonzero(index.dense_)
    np.testing.assert_array_equal(index.similarity(QUERIES[:3]), block[:3])
    np.testing.assert_array_equal(index.similarity(QUERIES[3:4]), block[3:4])


def test_no_queries_give_no_rows() -> None:
    from matcher.rank import lexical

    index = lexical.LexicalIndex().fit(POOL)
    np.testing.assert_array_equal(index.similarity([]), np.zeros((0, len(POOL)), dtype=np.float32))
