"""The static embedder runs torch directly and splits words itself: the same token ids as the tokenizer's
own ``encode_batch``, and the same vectors, bit for bit, as sentence-transformers' ``StaticEmbedding``
that it replaced (on fixture texts, and on generated texts of every kind of character)."""

import json
import random
from pathlib import Path

import numpy as np
import pytest

from matcher.embed.static_embedding import STATIC_MODEL_DIR, StaticEmbedder

ROOT = Path(__file__).resolve().parents[3]


def _texts() -> list[str]:
    texts = []
    for line in (ROOT / "data" / "fixtures" / "seekers.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            texts += [v for v in json.loads(line).values() if isinstance(v, str)]
    alphabet = (
        "abcåäöÅÄÖéü ,.-!?'\"()[]{}/\\:;_+*&%$#@^~`|<>=\t\n\r\x00\x85\xa0\u2003\u3000ßçñøæœ¿¡«»–—…€£µ°·§"
        "×÷日本語İıſ\u212a\u0301\u030a\u200b\ufeff\u00ad" + "".join(chr(c) for c in range(0x100, 0x260, 3))
    )
    rng = random.Random(26)
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    return [*texts, "", "  ", "[UNK]", "a [PAD] b", "x" * 300, "Städare med truckkort, B-körkort."]


@pytest.fixture(scope="module", name="static")
def static_fixture() -> StaticEmbedder:
    return StaticEmbedder()


def test_token_ids_are_the_tokenizers(static: StaticEmbedder) -> None:
    texts = _texts()
    assert static._ids.fast
    expected = [e.ids for e in static._tokenizer.encode_batch(texts, add_special_tokens=False)]
    assert static._ids.ids(texts) == expected
    assert static._ids.ids(texts) == expected  # remembered word pieces


@pytest.mark.slow
def test_vectors_are_those_of_sentence_transformers_static_embedding(static: StaticEmbedder) -> None:
    torch = pytest.importorskip("torch")
    st = pytest.importorskip("sentence_transformers")
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding
    from tokenizers import Tokenizer

    with np.load(STATIC_MODEL_DIR / "embeddings.npz") as data:
        weights = data["codes"].astype(np.float32) * data["scale"][:, None]
    tokenizer = Tokenizer.from_file(str(STATIC_MODEL_DIR / "tokenizer.json"))
    tokenizer.no_truncation()
    module = StaticEmbedding(tokenizer, embedding_weights=torch.from_numpy(weights))
    model = st.SentenceTransformer(modules=[module], device="cpu")
    texts = [t if t.strip() else "[UNK]" for t in _texts()]
    expected = model.encode(
        texts, batch_size=1024, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    got = static._encode(texts)
    assert got.dtype == np.float32 and got.shape == expected.shape
    assert np.array_equal(got, expected.astype(np.float32))
