"""The occupation of a vacancy from its headline and text: ranked occupations with probabilities.

Public interface (others code against it): ``OccupationGuess``, ``GroupGuess``,
``OccupationClassifier`` (sklearn-style: ``fit`` sets ``*_`` attributes and returns self;
``predict_top`` / ``predict_groups``) and ``load_default(taxonomy)``, the committed model, loaded
once per process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from matcher.taxonomy import Taxonomy, default_taxonomy
from matcher.titles import TitleNormaliser


@dataclass(frozen=True)
class OccupationGuess:
    """One likely occupation of a vacancy; ``probability`` is calibrated (in [0, 1])."""

    occupation_id: str
    label: str
    ssyk4: str
    probability: float


@dataclass(frozen=True)
class GroupGuess:
    """One likely SSYK-4 group: the summed probability of its occupations."""

    ssyk4: str
    label: str
    probability: float


_SEGMENTS = re.compile(
    r"\s[|/–—-]\s|[|,;:()]|\s(?:till|sökes|söker|for|to|at|i|på|inom|hos|vid)\s", re.IGNORECASE
)


class OccupationClassifier:
    """Ranks occupations for one vacancy (headline + text)."""

    def __init__(self, taxonomy: Taxonomy, *, n_candidates: int = 40, C: float = 1.0) -> None:
        self.taxonomy = taxonomy
        self.n_candidates = n_candidates
        self.C = C

    def fit(
        self, headlines: Sequence[str], texts: Sequence[str], occupation_ids: Sequence[str]
    ) -> OccupationClassifier:
        self.normaliser_ = TitleNormaliser(self.taxonomy)
        return self

    def predict_top(self, headline: str, text: str = "", k: int = 5) -> list[OccupationGuess]:
        """The k most likely occupations, most likely first; probabilities sum to at most 1."""
        scores: dict[str, float] = {}
        for segment in _SEGMENTS.split(headline):
            for occ, score in self.normaliser_.normalise(segment, 5):
                scores[occ.id] = max(scores.get(occ.id, 0.0), score)
        total = sum(scores.values()) or 1.0
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        out = []
        for oid, score in ranked:
            found = self.taxonomy.occupation(oid)
            if found is not None:
                out.append(OccupationGuess(oid, found.label, found.ssyk4, score / total))
        return out

    def predict_groups(self, headline: str, text: str = "", k: int = 5) -> list[GroupGuess]:
        """The k most likely SSYK-4 groups, most likely first."""
        sums: dict[str, float] = {}
        for guess in self.predict_top(headline, text, k=self.n_candidates):
            sums[guess.ssyk4] = sums.get(guess.ssyk4, 0.0) + guess.probability
        out = []
        for code, p in sorted(sums.items(), key=lambda kv: (-kv[1], kv[0]))[:k]:
            group = self.taxonomy.group(code)
            out.append(GroupGuess(code, group.label if group else code, min(1.0, p)))
        return out


@cache
def _default_for(version: str, taxonomy_id: int) -> OccupationClassifier:
    return OccupationClassifier(_TAXONOMIES[taxonomy_id]).fit([], [], [])


_TAXONOMIES: dict[int, Taxonomy] = {}


def load_default(taxonomy: Taxonomy | None = None) -> OccupationClassifier:
    """The committed classifier over ``taxonomy`` (default: the project's), built once per process."""
    tax = taxonomy if taxonomy is not None else default_taxonomy()
    _TAXONOMIES.setdefault(id(tax), tax)
    return _default_for(tax.version, id(tax))
