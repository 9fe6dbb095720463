"""RankedList's compact pickle (how a re-rank's workers send their lists back) is bit-exact."""

from __future__ import annotations

import math
import pickle
import struct

import pytest

from matcher.rank.features import FEATURE_NAMES
from matcher.types import Contribution, RankedList, Reason, ScoredMatch

REASON = Reason("skill_match", "Har kompetensen", "Has the skill", True)


def _match(rank: int, values: list[float], seeker: str = "s") -> ScoredMatch:
    shares = [v / 3 for v in values]
    return ScoredMatch(
        "v1",
        f"{seeker}{rank}",
        rank,
        0.25 + sum(shares),
        0.25,
        tuple(Contribution(f, v, s) for f, v, s in zip(FEATURE_NAMES, values, shares, strict=True)),
        (REASON,) if rank % 2 else (),
        ("truck",),
        ("svets", "kassa") if rank == 1 else (),
        None if rank == 2 else 12.5,
        ("far",) if rank == 3 else (),
    )


def _bits(x: float) -> bytes:
    return struct.pack("<d", x)


def _same(a: RankedList, b: RankedList) -> None:
    """Equal field by field, floats to the bit and every value of the same type."""
    assert (a.query_id, a.model_version, len(a.matches)) == (b.query_id, b.model_version, len(b.matches))
    for x, y in zip(a.matches, b.matches, strict=True):
        for name in ScoredMatch.__slots__:
            u, v = getattr(x, name), getattr(y, name)
            if name == "contributions":
                assert [type(c) for c in v] == [Contribution] * len(u)
                assert [(c[0], type(c[1]), type(c[2])) for c in u] == [
                    (c[0], type(c[1]), type(c[2])) for c in v
                ]
                assert [(_bits(c[1]), _bits(c[2])) for c in u] == [(_bits(c[1]), _bits(c[2])) for c in v]
            elif isinstance(u, float):
                assert type(v) is float and _bits(u) == _bits(v)
            else:
                assert type(u) is type(v) and u == v


def test_a_list_of_float_contributions_travels_packed_and_comes_back_bit_for_bit() -> None:
    odd = [0.1, -0.0, 1e-300, math.nan, math.inf, -2.5, 1 / 3, 7.0, 0.0, 5e-324, -1e308, 0.3, 2.0, 9.75]
    ranked = RankedList("v1", "m1", tuple(_match(n, [x * n for x in odd]) for n in range(1, 6)))
    assert ranked.__reduce__()[0].__name__ == "_unpacked"  # the compact form, not the fallback
    back = pickle.loads(pickle.dumps(ranked, protocol=pickle.HIGHEST_PROTOCOL))
    _same(ranked, back)
    assert back.matches[0].reasons[0] is back.matches[2].reasons[0]  # a shared reason stays shared


@pytest.mark.parametrize(
    "ranked",
    [
        RankedList("v1", "m1"),  # empty
        # an int among the values: packed as float64 it would come back a float
        RankedList("v1", "m1", (_match(1, [1.0] * 13 + [2]),)),
        # two matches with their features in different orders
        RankedList(
            "v1",
            "m1",
            (
                _match(1, [1.0] * 14),
                ScoredMatch(
                    "v1", "s2", 2, 1.0, 0.5, (Contribution("b", 1.0, 0.5), Contribution("a", 0.0, 0.0)), ()
                ),
            ),
        ),
    ],
)
def test_lists_the_compact_form_cannot_hold_exactly_travel_as_they_are(ranked: RankedList) -> None:
    assert ranked.__reduce__()[0].__name__ == "_ranked_list_plain"
    _same(ranked, pickle.loads(pickle.dumps(ranked)))
