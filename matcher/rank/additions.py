"""What a seeker could add to a profile: a skill, a licence, a Swedish or other language level, a commute.

An ``Addition`` names one such change; ``with_addition`` applies it to a profile, and
``missing_requirements`` lists the additions one vacancy asks for that one seeker lacks (read from the
same arrays the ranking reads, so "lacks" means exactly what the features and constraints mean by it).
``matcher.rank.raise_match`` re-evaluates pairs with each addition to say which one matters most.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from matcher.rank.explain import LICENCE_NAMES
from matcher.rank.features import DEFAULT_COMMUTE_KM
from matcher.rank.profile_arrays import SeekerArrays, TaxonomyView, VacancyContext
from matcher.types import CEFR_LEVELS, LanguageSkill, SeekerProfile


class AdditionKind(StrEnum):
    REQUIRED_SKILL = "required_skill"
    DESIRED_SKILL = "desired_skill"
    LICENCE = "licence"
    SWEDISH = "swedish"
    LANGUAGE = "language"
    COMMUTE = "commute"


@dataclass(frozen=True, slots=True, order=True)
class Addition:
    """One thing a seeker could add. ``code``: the skill's concept id (or its label when the taxonomy has
    none), the licence code, the CEFR level of Swedish, the language code, or the commute in whole km."""

    kind: AdditionKind
    code: str
    level: str | None = None  # the level of another language (None: any level)
    label_sv: str = ""
    label_en: str = ""

    @property
    def key(self) -> tuple[str, str, str | None]:
        """What the addition is, whatever a vacancy calls it: a skill required in one ad and desired in
        another is one addition."""
        kind = (
            "skill" if self.kind in (AdditionKind.REQUIRED_SKILL, AdditionKind.DESIRED_SKILL) else self.kind
        )
        return (kind, self.code, self.level)


def with_addition(seeker: SeekerProfile, addition: Addition) -> SeekerProfile:
    """The profile as it would be with the addition (a level only ever raises what is held)."""
    kind = addition.kind
    if kind in (AdditionKind.REQUIRED_SKILL, AdditionKind.DESIRED_SKILL):
        return replace(seeker, skills=(*seeker.skills, addition.code))
    if kind == AdditionKind.LICENCE:
        return replace(seeker, licences=(*seeker.licences, addition.code))
    if kind == AdditionKind.SWEDISH:
        return replace(seeker, languages=(*seeker.languages, LanguageSkill("sv", addition.code)))
    if kind == AdditionKind.LANGUAGE:
        return replace(seeker, languages=(*seeker.languages, LanguageSkill(addition.code, addition.level)))
    return replace(seeker, max_commute_km=float(addition.code))


def missing_requirements(
    ctx: VacancyContext,
    arrays: SeekerArrays,
    row: int,
    taxonomy: TaxonomyView,
    *,
    commute: bool = True,
) -> list[Addition]:
    """The additions the vacancy asks for that the seeker in ``row`` lacks, in the order the ad states them:
    required skills, licences, Swedish, other languages, desired skills, then (with ``commute``) the
    distance when it is beyond the seeker's commute."""
    m = arrays.skills
    held_skills = set(m.indices[m.indptr[row] : m.indptr[row + 1]].tolist())
    vocab = arrays.skill_vocab

    def skills(wanted: list[tuple[str, str]], kind: AdditionKind) -> list[Addition]:
        return [
            # A key without a concept ("label:…") is given back as the label, which resolves to that key.
            Addition(kind, label if key.startswith("label:") else key, None, label, label)
            for key, label in wanted
            if vocab.get(key, -1) not in held_skills
        ]

    out = skills(ctx.required, AdditionKind.REQUIRED_SKILL)
    mask = int(arrays.licences[row])
    for code, bit in zip(ctx.licences_required, ctx.licence_bits, strict=True):
        if not mask & bit:
            sv, en = LICENCE_NAMES.get(code, (f"körkort {code}", f"driving licence {code}"))
            out.append(Addition(AdditionKind.LICENCE, code, None, sv, en))
    if ctx.swedish_required and arrays.swedish[row] < ctx.swedish_required:
        level = CEFR_LEVELS[ctx.swedish_required - 1]
        out.append(Addition(AdditionKind.SWEDISH, level, None, f"svenska {level}", f"Swedish {level}"))
    for wanted, (col, rank) in zip(ctx.vacancy.other_languages, ctx.other_languages, strict=True):
        held = float(arrays.languages[row, col]) if col >= 0 else 0.0
        if held < max(rank, 1):
            out.append(_language(wanted, taxonomy))
    out += skills(ctx.desired, AdditionKind.DESIRED_SKILL)
    if commute:
        distance = float(ctx.distances(arrays, np.array([row]))[0]) if len(arrays) else math.nan
        limit = arrays.max_commute_km[row]
        limit = DEFAULT_COMMUTE_KM if math.isnan(limit) or limit <= 0 else max(float(limit), 1.0)
        if not math.isnan(distance) and distance > limit:
            km = str(math.ceil(distance))
            out.append(Addition(AdditionKind.COMMUTE, km, None, f"pendling {km} km", f"a {km} km commute"))
    return out


def _language(wanted: LanguageSkill, taxonomy: TaxonomyView) -> Addition:
    code = wanted.code.lower()
    lookup = getattr(taxonomy, "language", None)
    found = lookup(code) if lookup is not None else None
    name = str(found.label) if found is not None else code
    level = f" {wanted.level}" if wanted.level else ""
    # Taxonomy labels are Swedish and capitalised ("Arabiska"); in running text a language is lower case.
    return Addition(
        AdditionKind.LANGUAGE, code, wanted.level, f"{name.lower()}{level}", f"{name}{level} ({code})"
    )
