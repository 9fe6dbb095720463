"""``enrich_many`` on several processes gives exactly what one process gives, in text order, and raises
the first too-long text as one process would."""

import json
from pathlib import Path

import pytest

from matcher.text.enrich import (
    MAX_TEXT_CHARS,
    PARALLEL_MIN_TEXTS,
    TextTooLong,
    _balanced_cuts,
    enrich,
    enrich_many,
)

ROOT = Path(__file__).resolve().parents[3]


def _texts(n: int) -> list[str]:
    lines = (ROOT / "data" / "fixtures" / "seekers.jsonl").read_text(encoding="utf-8").splitlines()
    base = [str(json.loads(x).get("profile_text") or "") for x in lines if x.strip()]
    # Two fixture texts joined: distinct texts, as a large import holds.
    return [f"{base[i % len(base)]} {base[(i * 7 + 3) % len(base)]}" for i in range(n)]


def test_two_processes_find_what_one_finds() -> None:
    texts = _texts(PARALLEL_MIN_TEXTS + 37)
    assert enrich_many(texts, processes=2) == [enrich(t) for t in texts]


def test_few_texts_stay_in_this_process() -> None:
    texts = _texts(10)
    assert enrich_many(texts, processes=4) == [enrich(t) for t in texts]
    assert enrich_many([], processes=2) == []


@pytest.mark.parametrize("where", [0, -1])
def test_a_too_long_text_raises_from_either_part(where: int) -> None:
    texts = _texts(PARALLEL_MIN_TEXTS)
    texts[where] = "städare " * (MAX_TEXT_CHARS // 8 + 1)
    with pytest.raises(TextTooLong, match="the limit is"):
        enrich_many(texts, processes=2)


def test_cuts_cover_every_text_once_in_order() -> None:
    for texts, parts in [(["a"] * 10, 2), (["a"] * 10, 3), ([], 2), (["a" * 10, "a", "a"], 2), (["", ""], 2)]:
        cuts = _balanced_cuts(texts, parts, first_share=0.9 / parts)
        assert len(cuts) == parts + 1 and cuts[0] == 0 and cuts[-1] == len(texts)
        assert cuts == sorted(cuts)
    assert _balanced_cuts(["a"] * 1000, 2, first_share=0.45) == [0, 450, 1000]
