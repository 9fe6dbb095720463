"""The calibrated match band of a stored or computed pair: what an officer can read across lists.

The calibration (``matcher.rank.calibration``, fitted by ``scripts/build_match_calibration.py``) maps
the shipped scorer's logit to the probability of a relevant match. A list ranked by another scorer (a
retrained one activated by ``matcher train --activate``) has logits on another scale: it gets no band
rather than a wrong one, until the calibration is rebuilt for it.
"""

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from matcher.rank.calibration import MatchCalibration, MatchEstimate
from matcher.types import Contribution


@lru_cache(maxsize=1)
def match_calibration() -> MatchCalibration:
    return MatchCalibration.default()


def match_estimate(
    model_version: str,
    score: float,
    contributions: Iterable[Contribution | Mapping[str, Any]],
    matched_skills: Sequence[str],
) -> MatchEstimate | None:
    """The pair's probability and band; None when the calibration does not fit the list's scorer or the
    pair was not scored (an entry added by hand has no contributions)."""
    calibration = match_calibration()
    rows = list(contributions)
    if not rows or not calibration.applies_to(model_version):
        return None
    return calibration.estimate(score, rows, matched_skills)
