"""Profiles turned into arrays once, so that one vacancy can be scored against 100,000 seekers with numpy.

``build_seeker_arrays`` runs at indexing time (one Python pass per seeker); ``vacancy_context``
runs once per query and holds the vacancy's side in the same vocabularies.
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from scipy import sparse

from matcher.rank.lexical import normalise_text
from matcher.text.redact import redact_sensitive
from matcher.text.titles import TitleNormaliser
from matcher.types import (
    Concept,
    ConceptType,
    PlacementKind,
    SeekerProfile,
    TargetGroup,
    VacancyProfile,
    cefr_rank,
)

TEXT_MENTION_WEIGHT = 0.7
KIND_BITS = {kind: 1 << i for i, kind in enumerate(PlacementKind)}
# Holding a higher class implies the lower ones (Swedish driving licence rules).
LICENCE_IMPLIES: dict[str, tuple[str, ...]] = {
    "BE": ("B",),
    "C1": ("B",),
    "C1E": ("C1", "BE", "B"),
    "C": ("C1", "B"),
    "CE": ("C", "C1", "C1E", "BE", "B"),
    "D1": ("B",),
    "D1E": ("D1", "BE", "B"),
    "D": ("D1", "B"),
    "DE": ("D", "D1", "D1E", "BE", "B"),
}

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: np.ndarray, lon1: np.ndarray, lat2: float, lon2: float) -> np.ndarray:
    p1, p2 = np.radians(lat1), math.radians(lat2)
    dphi, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


class TaxonomyView(Protocol):
    """The part of ``matcher.text.taxonomy.Taxonomy`` the engine reads."""

    def ssyk4_of(self, occupation_id: str) -> str | None: ...
    def substitutes(self, occupation_id: str) -> dict[str, int]: ...
    def skill(self, skill_id: str) -> Any: ...
    def skill_by_label(self, label: str) -> Any: ...
    def municipality(self, code: str) -> Any: ...


def seeker_document(s: SeekerProfile) -> str:
    """The text embedded and indexed for a seeker."""
    titles = "; ".join(e.title for e in s.experiences if e.title)
    return "\n".join(part for part in (titles, redact_sensitive(s.text)) if part)


def vacancy_document(v: VacancyProfile) -> str:
    return "\n".join(part for part in (v.title, v.text) if part)


def _positive(concepts: Sequence[Concept], kind: ConceptType) -> list[Concept]:
    return [c for c in concepts if c.type == kind and not c.negated]


class SkillResolver:
    """Skill strings (concept ids or free labels) → comparable keys and display labels."""

    def __init__(self, taxonomy: TaxonomyView) -> None:
        self.taxonomy = taxonomy
        self._cache: dict[str, tuple[str, str]] = {}

    def resolve(self, value: str) -> tuple[str, str]:
        if value not in self._cache:
            found = self.taxonomy.skill(value)
            if found is None:
                found = self.taxonomy.skill_by_label(value)
            if found is not None:
                self._cache[value] = (str(found.id), str(getattr(found, "label", value)))
            else:
                self._cache[value] = ("label:" + normalise_text(value), value)
        return self._cache[value]


def _licence_closure(codes: Sequence[str]) -> set[str]:
    held = {c.strip().upper() for c in codes if c.strip()}
    for code in list(held):
        held.update(LICENCE_IMPLIES.get(code, ()))
    return held


def seeker_licences(s: SeekerProfile) -> set[str]:
    if not s.licences and not s.concepts:  # most of a pool: nothing to read (indexing asks of everyone)
        return set()
    return _licence_closure([*s.licences, *(c.id for c in _positive(s.concepts, ConceptType.LICENCE))])


def seeker_languages(s: SeekerProfile) -> dict[str, int]:
    """Language code → best CEFR rank (a mention without level counts as 1)."""
    if not s.languages and not s.concepts:
        return {}
    levels: dict[str, int] = {}
    pairs = [(ls.code, ls.level) for ls in s.languages]
    pairs += [(c.id, c.level) for c in _positive(s.concepts, ConceptType.LANGUAGE)]
    for code, level in pairs:
        key = code.lower()
        rank = cefr_rank(level)
        if key != "sv":  # for other languages a bare mention is evidence of some level
            rank = max(rank, 1)
        levels[key] = max(levels.get(key, 0), rank)
    return levels


# Title confidence below this is a guess, not a reading of what the person wrote.
MIN_TITLE_CONFIDENCE = 0.8
MAX_TITLE_OCCUPATIONS = 3


def title_normaliser(taxonomy: TaxonomyView) -> TitleNormaliser | None:
    """The title normaliser over ``taxonomy`` (one per taxonomy), or None for a partial view of one."""
    from matcher.text.taxonomy import Taxonomy

    if not isinstance(taxonomy, Taxonomy):
        return None
    return _normaliser_for(taxonomy)


@lru_cache(maxsize=4)
def _normaliser_for(taxonomy: Any) -> TitleNormaliser:
    return TitleNormaliser(taxonomy)


def experience_occupations(
    s: SeekerProfile, normaliser: TitleNormaliser | None = None
) -> list[tuple[str, float, str, float]]:
    """(occupation id, years, title, confidence) for each experience's occupation.

    A set occupation id is certain. Otherwise the title the person typed is read as a title (alias,
    stem, compound, fuzzy: ``matcher.text.titles``), whatever the free text says; a generic title
    ("projektledare") names up to three occupations; one that names more is left to the text.
    Without a normaliser, or when it finds nothing,
    an occupation the enricher found in the text counts when its label appears in the title.
    """
    out: list[tuple[str, float, str, float]] = []
    if not s.experiences:  # many of those far from the labour market: asked of everyone when indexing
        return out
    occ_concepts = _positive(s.concepts, ConceptType.OCCUPATION)
    for e in s.experiences:
        years = float(e.years)
        if e.occupation_id is not None:
            out.append((e.occupation_id, years, e.title, 1.0))
            continue
        hits = normaliser.normalise(e.title, MAX_TITLE_OCCUPATIONS + 1) if normaliser and e.title else []
        best = max((score for _, score in hits), default=0.0)
        tied = [(occ, score) for occ, score in hits if score >= best - 1e-9]
        if best >= MIN_TITLE_CONFIDENCE and len(tied) <= MAX_TITLE_OCCUPATIONS:
            out += [(occ.id, years, e.title, score) for occ, score in tied]
            continue
        title = normalise_text(e.title)
        occ_id = next((c.id for c in occ_concepts if normalise_text(c.label) in title), None)
        if occ_id is not None:
            out.append((occ_id, years, e.title, 1.0))
    return out


def _ordinal(day: date | None) -> float:
    return float(day.toordinal()) if day is not None else math.nan


@dataclass
class SeekerArrays:
    ids: list[str]
    profiles: list[SeekerProfile]
    id_rank: np.ndarray
    occ_vocab: dict[str, int]
    occ_ssyk4: np.ndarray
    occupations: sparse.csr_matrix  # evidence weight per (seeker, occupation)
    experience_years: sparse.csr_matrix
    skill_vocab: dict[str, int]
    skills: sparse.csr_matrix
    lang_vocab: dict[str, int]
    languages: sparse.csr_matrix
    swedish: np.ndarray
    licence_vocab: dict[str, int]
    licences: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    max_commute_km: np.ndarray
    available_from: np.ndarray
    wanted_extent: np.ndarray
    wanted_kinds: np.ndarray
    registered: np.ndarray
    eligible_until: dict[TargetGroup, np.ndarray]
    consent: np.ndarray
    resolver: SkillResolver = field(repr=False)
    # Per seeker: (occupation id, years, title, confidence) of each experience (``experience_occupations``).
    experiences: list[list[tuple[str, float, str, float]]] = field(default_factory=list, repr=False)
    _places: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    # Per (occupation, id of the taxonomy): its relation to every occupation of the pool
    # (``occupation_relation``); a re-rank's thousands of vacancies share a few hundred occupations.
    _relations: dict[tuple[str, int], np.ndarray] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    _eligibility: tuple[np.ndarray, dict[TargetGroup, int]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    # Per vacancy place (lat, lon): the distance to each of the seekers' places (``distances_from``).
    _distances: dict[tuple[float, float], np.ndarray] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __len__(self) -> int:
        return len(self.ids)

    def eligibility(self) -> np.ndarray:
        """``eligible_until`` as one matrix, a row per target group (``eligibility_row``)."""
        return self._eligibility_matrix()[0]

    def eligibility_row(self, group: TargetGroup) -> int:
        return self._eligibility_matrix()[1][group]

    def _eligibility_matrix(self) -> tuple[np.ndarray, dict[TargetGroup, int]]:
        if self._eligibility is None:
            groups = list(self.eligible_until)
            matrix = (
                np.stack([self.eligible_until[g] for g in groups]) if groups else np.zeros((0, len(self.ids)))
            )
            self._eligibility = (matrix, {g: i for i, g in enumerate(groups)})
        return self._eligibility

    def places(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The distinct (lat, lon) of the seekers and each seeker's index among them (-1: unknown).

        Seekers live at a few hundred municipality centroids: a distance computed per place and
        gathered costs a fraction of one per seeker, and is the same number for every caller.
        """
        if self._places is None:
            known = ~(np.isnan(self.lat) | np.isnan(self.lon))
            where = np.full(self.lat.shape[0], -1, dtype=np.int64)
            pairs, inverse = np.unique(
                np.stack([self.lat[known], self.lon[known]], axis=1), axis=0, return_inverse=True
            )
            where[known] = inverse.ravel()
            self._places = (pairs[:, 0].copy(), pairs[:, 1].copy(), where)
        return self._places

    def distances_from(self, lat: float, lon: float) -> np.ndarray:
        """The distance from (lat, lon) to each of the seekers' places (``places``), NaN appended (index
        -1: an unknown place). A re-rank's thousands of vacancies lie at a few hundred places: each place's
        distances are computed once (a dozen small numpy calls, ~40 us) and shared."""
        if math.isnan(lat) or math.isnan(lon):
            return np.full(self.places()[0].size + 1, math.nan)
        found = self._distances.get((lat, lon))
        if found is None:
            lats, lons, _ = self.places()
            # Shared, but left writeable: the feature kernels are compiled for writeable arrays.
            found = np.append(haversine_km(lats, lons, lat, lon), math.nan)
            if len(self._distances) >= PLACES_KEPT:
                self._distances.clear()
            self._distances[(lat, lon)] = found
        return found


PLACES_KEPT = 4096


def _csr(rows: list[int], cols: list[int], vals: list[float], shape: tuple[int, int]) -> sparse.csr_matrix:
    m = sparse.coo_matrix((vals, (rows, cols)), shape=shape).tocsr()
    m.sum_duplicates()
    return m


def build_seeker_arrays(seekers: Sequence[SeekerProfile], taxonomy: TaxonomyView) -> SeekerArrays:
    n = len(seekers)
    resolver = SkillResolver(taxonomy)
    occ_vocab: dict[str, int] = {}
    skill_vocab: dict[str, int] = {}
    lang_vocab: dict[str, int] = {}
    licence_vocab: dict[str, int] = {}
    occ_w: dict[tuple[int, int], float] = {}
    exp_r: list[int] = []
    exp_c: list[int] = []
    exp_v: list[float] = []
    sk_r: list[int] = []
    sk_c: list[int] = []
    la_r: list[int] = []
    la_c: list[int] = []
    la_v: list[float] = []
    swedish = np.zeros(n)
    licences = np.zeros(n, dtype=np.uint64)
    lat, lon = np.full(n, math.nan), np.full(n, math.nan)
    eligible = {g: np.full(n, -math.inf) for g in TargetGroup}
    normaliser = title_normaliser(taxonomy)
    experiences: list[list[tuple[str, float, str, float]]] = []
    for i, s in enumerate(seekers):
        experiences.append(experience_occupations(s, normaliser))
        for occ_id, years, _, confidence in experiences[-1]:
            j = occ_vocab.setdefault(occ_id, len(occ_vocab))
            weight = confidence * (0.7 + 0.3 * years / (years + 1.0))
            occ_w[(i, j)] = max(occ_w.get((i, j), 0.0), weight)
            exp_r.append(i)
            exp_c.append(j)
            exp_v.append(years)
        for c in _positive(s.concepts, ConceptType.OCCUPATION):
            j = occ_vocab.setdefault(c.id, len(occ_vocab))
            occ_w[(i, j)] = max(occ_w.get((i, j), 0.0), TEXT_MENTION_WEIGHT)
        keys = {resolver.resolve(x)[0] for x in s.skills}
        keys |= {c.id for c in _positive(s.concepts, ConceptType.SKILL)}
        for key in sorted(keys):
            sk_r.append(i)
            sk_c.append(skill_vocab.setdefault(key, len(skill_vocab)))
        for code, rank in seeker_languages(s).items():
            if code == "sv":
                swedish[i] = rank
            la_r.append(i)
            la_c.append(lang_vocab.setdefault(code, len(lang_vocab)))
            la_v.append(float(rank))
        mask = 0
        for code in seeker_licences(s):
            bit = licence_vocab.setdefault(code, len(licence_vocab))
            if bit < 64:
                mask |= 1 << bit
        licences[i] = np.uint64(mask)
        place = taxonomy.municipality(s.municipality_code) if s.municipality_code else None
        if place is not None:
            lat[i], lon[i] = place.lat, place.lon
        for e in s.eligibility:
            if e.verified:
                until = math.inf if e.valid_until is None else float(e.valid_until.toordinal())
                eligible[e.target_group][i] = max(eligible[e.target_group][i], until)
    ids = [s.id for s in seekers]
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(n)
    ssyk = [taxonomy.ssyk4_of(o) for o in occ_vocab]
    occ_keys = list(occ_w)
    n_occ = max(len(occ_vocab), 1)
    return SeekerArrays(
        ids=ids,
        profiles=list(seekers),
        id_rank=id_rank,
        occ_vocab=occ_vocab,
        occ_ssyk4=np.asarray([int(c) if c and c.isdigit() else 0 for c in ssyk] or [0], dtype=np.int64),
        occupations=_csr(
            [k[0] for k in occ_keys], [k[1] for k in occ_keys], list(occ_w.values()), (n, n_occ)
        ),
        experience_years=_csr(exp_r, exp_c, exp_v, (n, n_occ)),
        skill_vocab=skill_vocab,
        skills=_csr(sk_r, sk_c, [1.0] * len(sk_r), (n, max(len(skill_vocab), 1))),
        lang_vocab=lang_vocab,
        languages=_csr(la_r, la_c, la_v, (n, max(len(lang_vocab), 1))),
        swedish=swedish,
        licence_vocab=licence_vocab,
        licences=licences,
        lat=lat,
        lon=lon,
        max_commute_km=np.asarray([s.max_commute_km or math.nan for s in seekers], dtype=float),
        available_from=np.asarray([_ordinal(s.available_from) for s in seekers], dtype=float),
        wanted_extent=np.asarray(
            [math.nan if s.wanted_extent is None else s.wanted_extent for s in seekers], dtype=float
        ),
        wanted_kinds=np.asarray(
            [sum(KIND_BITS[k] for k in set(s.wanted_kinds)) for s in seekers], dtype=np.int64
        ),
        registered=np.asarray([_ordinal(s.registered_at) for s in seekers], dtype=float),
        eligible_until=eligible,
        consent=np.asarray([s.consent for s in seekers], dtype=bool),
        resolver=resolver,
        experiences=experiences,
    )


@dataclass
class VacancyContext:
    """One vacancy expressed in a ``SeekerArrays``' vocabularies."""

    vacancy: VacancyProfile
    occupation_ids: tuple[str, ...]
    # Probability of each of ``occupation_ids`` when they were inferred; None when confirmed (certain).
    occupation_probabilities: tuple[float, ...] | None
    # (label, probability, confirmed) of the occupation the vacancy is ranked on, for the explanation.
    occupation_basis: tuple[str, float, bool] | None
    relation: np.ndarray  # per occupation in the seeker vocabulary: how well it fits this vacancy
    required: list[tuple[str, str]]  # (key, display label)
    desired: list[tuple[str, str]]
    required_cols: np.ndarray
    desired_cols: np.ndarray
    swedish_required: int
    other_languages: list[tuple[int, int]]  # (column in lang vocab or -1, required rank)
    licences_required: tuple[str, ...]
    licence_bits: list[int]  # 0 where no seeker holds the licence
    lat: float
    lon: float
    start_ordinal: float
    reference_ordinal: float
    extent: float
    kind_bit: int
    # (the seekers' places, distance to each with NaN appended): computed for the first rows asked about
    _per_place: tuple[np.ndarray, np.ndarray] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def n_required(self) -> int:
        return len(self.required)

    @property
    def n_desired(self) -> int:
        return len(self.desired)

    def distances(self, arrays: SeekerArrays, rows: np.ndarray) -> np.ndarray:
        per_place, where = self.place_distances(arrays)
        return per_place[where[rows]]  # -1: the appended NaN, an unknown place

    def place_distances(self, arrays: SeekerArrays) -> tuple[np.ndarray, np.ndarray]:
        """The distance to each of the seekers' places, NaN appended (index -1: an unknown place), and
        each seeker's place (``SeekerArrays.places``); features and facts of a vacancy ask three times."""
        lat, _, where = arrays.places()
        if self._per_place is None or self._per_place[0] is not lat:
            self._per_place = (lat, arrays.distances_from(self.lat, self.lon))
        return self._per_place[1], where


# Relation strengths of the SSYK hierarchy and JobTech substitutability (see matcher.rank.features).
SAME_OCCUPATION, SAME_SSYK4, SUBST_75, SAME_SSYK3, SUBST_25, SAME_SSYK2 = 1.0, 0.8, 0.75, 0.5, 0.25, 0.2


# Occupations inferred from an ad that take part in its fit (the rest of the probability is "unknown").
N_GUESSES = 10


def vacancy_occupations(v: VacancyProfile) -> tuple[str, ...]:
    """The confirmed occupation, else the given guesses, else the occupations found in the text."""
    if v.has_confirmed_occupation:
        return (str(v.occupation_id),)
    if v.occupation_guesses:
        return tuple(oid for oid, _ in v.occupation_guesses)
    return tuple(dict.fromkeys(c.id for c in _positive(v.concepts, ConceptType.OCCUPATION)))


def occupation_guesses(v: VacancyProfile, taxonomy: TaxonomyView) -> tuple[tuple[str, float], ...] | None:
    """(occupation id, probability) the vacancy is ranked on; None when it is not inferred.

    A confirmed occupation is certain (None: ranked as before on it alone). Otherwise the vacancy's own
    ``occupation_guesses``, else the committed classifier's top guesses from headline and text
    (``matcher.text.occupation_model``); over a partial taxonomy view, None (the text's occupations count).
    """
    from matcher.text.taxonomy import Taxonomy

    if v.has_confirmed_occupation:
        return None
    if v.occupation_guesses:
        return tuple(v.occupation_guesses)
    if not isinstance(taxonomy, Taxonomy):
        return None
    from matcher.text.occupation_model import load_default

    text = v.text[len(v.title) :] if v.text.startswith(v.title) else v.text
    group = v.occupation_group if v.occupation_group and taxonomy.group(v.occupation_group) else None
    digest = hashlib.sha1(f"{v.title}\x00{text}\x00{group or ''}".encode()).hexdigest()
    key = (taxonomy.version, digest)
    if (cached := _GUESSES.get(key)) is not None:
        _GUESSES.move_to_end(key)
        return cached
    model = load_default(taxonomy)
    # A group the source gives is the ad's own label, better evidence than the text's guess of the
    # group: choose within it (the occupation is one of a newer taxonomy version).
    guesses = (
        model.predict_in_group(v.title, text, group, k=N_GUESSES)
        if group
        else model.predict_top(v.title, text, k=N_GUESSES)
    )
    result = tuple((g.occupation_id, g.probability) for g in guesses)
    _GUESSES[key] = result
    if len(_GUESSES) > _GUESSES_MAX:
        _GUESSES.popitem(last=False)
    return result


def occupation_model_version(taxonomy: TaxonomyView) -> str:
    """Identifies what ``occupation_guesses`` infers with (classifier and text-model weights, taxonomy,
    N_GUESSES), so guesses stored with a vacancy are used only while they are what inference would give."""
    from matcher.text.occupation_model import weights_digest

    key = f"{weights_digest()}|{getattr(taxonomy, 'version', '')}|{N_GUESSES}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


# Batch re-ranks classify the same unchanged vacancies again and again (a few ms each): remember the
# latest answers by text digest, bounded.
_GUESSES: OrderedDict[tuple[str, str], tuple[tuple[str, float], ...]] = OrderedDict()
_GUESSES_MAX = 50_000


def occupation_relation(
    occupation_ids: Sequence[str],
    arrays: SeekerArrays,
    taxonomy: TaxonomyView,
    probabilities: Sequence[float] | None = None,
) -> np.ndarray:
    """Per occupation in the seekers' vocabulary, how well it fits the vacancy's occupations: the best
    relation, or with ``probabilities`` the expected relation over the vacancy's likely occupations."""
    relation = np.zeros(arrays.occ_ssyk4.shape[0])
    for k, occ_id in enumerate(occupation_ids):
        r = arrays._relations.get((occ_id, id(taxonomy)))
        if r is None:
            r = _relation_to(occ_id, arrays, taxonomy)
            r.flags.writeable = False  # shared by every later vacancy with this occupation
            if len(arrays._relations) >= RELATIONS_KEPT:
                arrays._relations.clear()
            arrays._relations[(occ_id, id(taxonomy))] = r
        if probabilities is None:
            relation = np.maximum(relation, r)
        else:
            relation += probabilities[k] * r
    return np.minimum(relation, 1.0)


RELATIONS_KEPT = 4096


def _relation_to(occ_id: str, arrays: SeekerArrays, taxonomy: TaxonomyView) -> np.ndarray:
    ssyk = arrays.occ_ssyk4
    code = taxonomy.ssyk4_of(occ_id)
    v4 = int(code) if code and code.isdigit() else 0
    r = np.zeros(ssyk.shape[0])
    if v4:
        known = ssyk > 0
        r = np.where(known & (ssyk // 100 == v4 // 100), SAME_SSYK2, r)
        r = np.where(known & (ssyk // 10 == v4 // 10), SAME_SSYK3, r)
        r = np.where(known & (ssyk == v4), SAME_SSYK4, r)
    for target, pct in taxonomy.substitutes(occ_id).items():
        j = arrays.occ_vocab.get(target)
        if j is not None:
            r[j] = max(r[j], SUBST_75 if pct >= 75 else SUBST_25)
    j = arrays.occ_vocab.get(occ_id)
    if j is not None:
        r[j] = SAME_OCCUPATION
    return r


def _basis(
    v: VacancyProfile,
    occupation_ids: Sequence[str],
    guesses: Sequence[tuple[str, float]] | None,
    taxonomy: TaxonomyView,
) -> tuple[str, float, bool] | None:
    lookup = getattr(taxonomy, "occupation", None)
    if not occupation_ids or lookup is None:
        return None
    occ = lookup(occupation_ids[0])
    if occ is None:
        return None
    if guesses is None:  # confirmed, or only found in the text without a classifier: no claim
        return (str(occ.label), 1.0, True) if v.has_confirmed_occupation else None
    return (str(occ.label), float(guesses[0][1]), False)


def vacancy_context(
    v: VacancyProfile, arrays: SeekerArrays, taxonomy: TaxonomyView, reference_date: date | None = None
) -> VacancyContext:
    resolver = arrays.resolver
    required = list(dict.fromkeys(resolver.resolve(x) for x in v.required_skills))
    required_keys = {k for k, _ in required}
    desired = list(dict.fromkeys(resolver.resolve(x) for x in v.desired_skills))
    for c in _positive(v.concepts, ConceptType.SKILL):
        if c.id not in required_keys and all(c.id != k for k, _ in desired):
            desired.append((c.id, c.label))
    guesses = occupation_guesses(v, taxonomy)
    if guesses is None:
        occupation_ids = vacancy_occupations(v)
        relation = occupation_relation(occupation_ids, arrays, taxonomy)
    else:
        occupation_ids = tuple(oid for oid, _ in guesses)
        relation = occupation_relation(occupation_ids, arrays, taxonomy, [p for _, p in guesses])
    place = taxonomy.municipality(v.municipality_code) if v.municipality_code else None
    lat = v.latitude if v.latitude is not None else (place.lat if place is not None else math.nan)
    lon = v.longitude if v.longitude is not None else (place.lon if place is not None else math.nan)
    licences = tuple(dict.fromkeys(c.strip().upper() for c in v.licences_required if c.strip()))
    bits = [1 << arrays.licence_vocab[c] if arrays.licence_vocab.get(c, 64) < 64 else 0 for c in licences]
    reference = reference_date or v.start_date or date.today()
    return VacancyContext(
        vacancy=v,
        occupation_ids=occupation_ids,
        occupation_probabilities=None if guesses is None else tuple(p for _, p in guesses),
        occupation_basis=_basis(v, occupation_ids, guesses, taxonomy),
        relation=relation,
        required=required,
        desired=desired,
        required_cols=np.asarray(
            [arrays.skill_vocab[k] for k, _ in required if k in arrays.skill_vocab], dtype=int
        ),
        desired_cols=np.asarray(
            [arrays.skill_vocab[k] for k, _ in desired if k in arrays.skill_vocab], dtype=int
        ),
        swedish_required=cefr_rank(v.swedish_level),
        other_languages=[
            (arrays.lang_vocab.get(ls.code.lower(), -1), cefr_rank(ls.level)) for ls in v.other_languages
        ],
        licences_required=licences,
        licence_bits=bits,
        lat=float(lat) if lat is not None else math.nan,
        lon=float(lon) if lon is not None else math.nan,
        start_ordinal=_ordinal(v.start_date),
        reference_ordinal=float(reference.toordinal()),
        extent=float(v.extent),
        kind_bit=KIND_BITS[v.kind],
    )
