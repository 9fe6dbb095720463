"""The enricher looks at phrases only where a phrase key can begin, and remembers each word's look-up:
the concepts are those of looking at every window, on the fixtures' texts and real ads."""

import json
from pathlib import Path

import pytest

from matcher.text.enrich import Enricher
from matcher.text.taxonomy import default_taxonomy

ROOT = Path(__file__).resolve().parents[3]


class _Everything(frozenset[str]):
    def __contains__(self, _item: object) -> bool:
        return True


def _texts() -> list[str]:
    texts = []
    paths = [*sorted((ROOT / "data" / "fixtures").glob("*.jsonl"))]
    paths += sorted((ROOT / "data" / "benchmark" / "real_ads").glob("*.jsonl"))
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts += [v for v in json.loads(line).values() if isinstance(v, str) and len(v) < 20_000]
    return texts


@pytest.mark.slow
def test_the_concepts_are_those_of_every_window() -> None:
    taxonomy = default_taxonomy()
    fast, every = Enricher(taxonomy), Enricher(taxonomy)
    every._phrase_heads = _Everything()
    texts = _texts()
    assert len(texts) > 1000
    found = [fast.enrich(t) for t in texts]
    assert found == [every.enrich(t) for t in texts]
    assert found == [fast.enrich(t) for t in texts]  # the remembered look-ups give the same again
    assert sum(len(c) for c in found) > 1000
