"""The static embedder's numpy means equal torch's ``EmbeddingBag(mode="mean")`` and ``normalize``, bit for
bit (the shipped model against sentence-transformers is in ``test_static_token_ids``)."""

import numpy as np
import pytest

from matcher.embed.static_embedding import bag_vectors


def _torch_vectors(weights: np.ndarray, ids: list[list[int]]) -> np.ndarray:
    torch = pytest.importorskip("torch")
    bag = torch.nn.EmbeddingBag.from_pretrained(torch.from_numpy(weights), mode="mean")
    offsets = torch.from_numpy(np.cumsum([0] + [len(x) for x in ids[:-1]]))
    flat = torch.tensor([i for x in ids for i in x], dtype=torch.long)
    with torch.inference_mode():
        return torch.nn.functional.normalize(bag(flat, offsets), p=2, dim=1).numpy()


@pytest.mark.parametrize("dim", [8, 128, 384, 13])
def test_means_are_torchs_bit_for_bit(dim: int) -> None:
    rng = np.random.default_rng(dim)
    weights = (rng.standard_normal((500, dim)) * rng.uniform(0.01, 3, (500, 1))).astype(np.float32)
    ids = [rng.integers(0, 500, int(n)).tolist() for n in rng.integers(1, 400, 300)]
    ids += [[7], [7, 7, 7], []]  # one token, a repeated token, an empty bag (zeros)
    got = bag_vectors(weights, ids)
    assert got.dtype == np.float32 and got.shape == (len(ids), dim)
    assert np.array_equal(got, _torch_vectors(weights, ids))
    assert not got[-1].any()
