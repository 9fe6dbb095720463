"""Scores and contributions as a case officer reads them: shares of the assessment and the match band.

The scorer's contributions are additive log-odds; a raw "+3.33" means nothing to an officer. Each factor is
shown instead as its share of the whole assessment (the absolute contributions sum to 100 %), signed
(plus raises, minus lowers), with its label and a "what this means" from the translation table. The match
itself is shown as the calibrated band (stark / möjlig / svag, ``matcher.rank.calibration``), which means
the same on every list, beside the rank on this list ("Plats 3 av 50"); a figure relative to the list
("100 = best here") read as a strong match even when nobody on the list fitted.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from matcher.rank.calibration import MatchEstimate
from service.ui.i18n import has_message


@dataclass(frozen=True)
class Share:
    feature: str
    label_key: str  # a translation key; "sl.other_factor" for a factor without its own label
    help_key: str | None
    percent: int  # signed share of the assessment, -100..100


def contribution_shares(contributions: Iterable[dict[str, Any]]) -> list[Share]:
    """Signed shares of the assessment, largest first; factors that contribute nothing are left out."""
    rows = [(str(c["feature"]), float(c.get("contribution", 0.0))) for c in contributions]
    total = sum(abs(v) for _, v in rows)
    if total <= 0:
        return []
    out = []
    for feature, value in sorted(rows, key=lambda r: (-abs(r[1]), r[0])):
        percent = round(100 * value / total)
        if percent == 0:
            continue
        known = has_message(f"feat.{feature}")
        out.append(
            Share(
                feature=feature,
                label_key=f"feat.{feature}" if known else "sl.other_factor",
                help_key=f"feat.{feature}.help" if known else None,
                percent=percent,
            )
        )
    return out


@dataclass(frozen=True)
class MatchLabel:
    band: str | None  # "strong" / "possible" / "weak"; None: the list's scorer is not calibrated
    percent: int | None  # the calibrated probability in whole percent
    capped: bool  # weak because neither the occupation nor a skill speaks for the person


def match_label(estimate: MatchEstimate | None) -> MatchLabel:
    """What the row shows for an engine-ranked pair (``None``: no calibration applies to its list)."""
    if estimate is None:
        return MatchLabel(None, None, False)
    return MatchLabel(estimate.band.value, round(100 * estimate.probability), not estimate.evidence)
