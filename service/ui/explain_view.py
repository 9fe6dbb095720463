"""Scores and contributions as a case officer reads them: shares of the assessment and a list-relative match.

The scorer's contributions are additive log-odds; a raw "+3.33" means nothing to an officer. Each factor is
shown instead as its share of the whole assessment (the absolute contributions sum to 100 %), signed
(plus raises, minus lowers), with its label and a "what this means" from the translation table. The match
figure is relative to the list it is shown in: the highest score is 100, the lowest 0, so it says where a
person stands among the others; only people with exactly the top score get 100.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from service.ui.i18n import TRANSLATIONS


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
        known = f"feat.{feature}" in TRANSLATIONS
        out.append(
            Share(
                feature=feature,
                label_key=f"feat.{feature}" if known else "sl.other_factor",
                help_key=f"feat.{feature}.help" if known else None,
                percent=percent,
            )
        )
    return out


def relative_match(scores: Sequence[float | None]) -> list[int | None]:
    """0–100 per score relative to the others (``None`` for entries without an engine score)."""
    known = [s for s in scores if s is not None]
    if not known:
        return [None for _ in scores]
    top, low = max(known), min(known)
    out: list[int | None] = []
    for s in scores:
        if s is None:
            out.append(None)
        elif s == top or top == low:
            out.append(100)
        else:
            # Below the top never rounds up to 100: that figure is reserved for the best on the list.
            out.append(min(99, round(100 * (s - low) / (top - low))))
    return out
