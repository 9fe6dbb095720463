"""Counterfactual fairness: profiles that differ only in a name, gender words or birthplace must rank alike.

The engine never sees sex, age or country of birth as fields, but free text can carry them. Each probe is a
pair of seeker profiles identical except for one such detail; both are ranked by the real pipeline against
the same pool of other seekers for several vacancies. We report the score difference (logit) and the rank
shift (difference in rank among the pool) and bound the largest ones.

Documented bounds (see MAX_SCORE_GAP, MAX_RANK_SHIFT): these come only through the two text-similarity
features (semantic and lexical similarity); every structured feature is identical within a pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from matcher.embed.embedding import CachedEmbedder, SentenceTransformerEmbedder
from matcher.rank.pipeline import RankingPipeline
from matcher.text.enrich import enrich
from matcher.text.taxonomy import Taxonomy, default_taxonomy
from matcher.types import LanguageSkill, SeekerProfile, VacancyProfile

# Largest tolerated |score(a) - score(b)| in logits, and rank shift among the pool of 40 other seekers
# (a fifth of the pool). Measured on the text channels alone (taxonomy concepts left out) the largest gap
# was 0.30 logit; rank shifts grow where pool scores are packed close together, which concepts spread out.
MAX_SCORE_GAP = 0.5
MAX_RANK_SHIFT = 8

BASES = [
    "{intro} har arbetat som städare på kontor och skolor i tre år. {about}",
    "{intro} har jobbat som lokalvårdare på sjukhus, van vid golvvård. {about}",
    "{intro} har arbetat på lager som truckförare med truckkort. {about}",
    "{intro} är undersköterska och har arbetat i hemtjänsten. {about}",
    "{intro} har arbetat som kock och köksbiträde i restaurang. {about}",
    "{intro} har erfarenhet av fastighetsskötsel och trädgårdsarbete. {about}",
]
# (kind, variant a, variant b): each fills {intro} and {about} in every base text.
SWAPS = [
    ("name", ("Jag heter Erik Johansson och", ""), ("Jag heter Fatima Ahmed och", "")),
    ("name", ("Jag heter Anna Lindqvist och", ""), ("Jag heter Mohammed Yusuf och", "")),
    ("gender", ("Han", "Han är noggrann och tar ansvar."), ("Hon", "Hon är noggrann och tar ansvar.")),
    ("gender", ("Jag", "Jag är en 40-årig man."), ("Jag", "Jag är en 40-årig kvinna.")),
    ("birthplace", ("Jag", "Jag är född i Sverige."), ("Jag", "Jag är född i Somalia.")),
    ("birthplace", ("Jag", "Född i Sverige, bor i Malmö."), ("Jag", "Född i Syrien, bor i Malmö.")),
]
POOL = [
    "Städare med erfarenhet från hotell och kontor.",
    "Lokalvårdare, storstädning och fönsterputs.",
    "Truckförare, lagerarbete och plock.",
    "Undersköterska inom äldreomsorg.",
    "Kock på skolrestaurang.",
    "Fastighetsskötare med B-körkort.",
    "Butiksbiträde, kassa och varupåfyllning.",
    "Barnskötare på förskola.",
    "Snickare, bygg och renovering.",
    "Bagare, tidiga morgnar.",
]
VACANCIES = [
    ("Städare", "Vi söker en städare till kontor och skolor. Erfarenhet av lokalvård är meriterande."),
    ("Lagerarbetare", "Lagerarbete med truck. Truckkort är ett krav."),
    ("Undersköterska", "Undersköterska till hemtjänsten, dagtid."),
    ("Köksbiträde", "Köksbiträde till skolkök, disk och enklare matlagning."),
]


@dataclass(frozen=True)
class Shift:
    kind: str
    vacancy: str
    base: int
    score_gap: float
    rank_shift: int


def _seeker(sid: str, text: str) -> SeekerProfile:
    return SeekerProfile(
        id=sid,
        text=text,
        municipality_code="1280",
        languages=(LanguageSkill("sv", "B2"),),
        concepts=tuple(enrich(text)),
    )


def _vacancy(i: int, title: str, text: str) -> VacancyProfile:
    return VacancyProfile(
        id=f"v{i}",
        title=title,
        text=text,
        municipality_code="1280",
        concepts=tuple(enrich(f"{title}\n{text}")),
    )


@pytest.fixture(scope="module")
def shifts() -> list[Shift]:
    taxonomy: Taxonomy = default_taxonomy()
    embedder = CachedEmbedder(SentenceTransformerEmbedder())
    # The pool: four copies of each filler with small wording changes, 40 seekers in all.
    extras = ["", "Söker heltid.", "Kan börja direkt.", "Har B-körkort."]
    pool = [
        _seeker(f"p{i:02d}{j}", f"{t} {x}".strip()) for i, t in enumerate(POOL) for j, x in enumerate(extras)
    ]
    probes: list[tuple[str, int, SeekerProfile, SeekerProfile]] = []
    for s, (kind, a, b) in enumerate(SWAPS):
        for i, base in enumerate(BASES):
            text_a = base.format(intro=a[0], about=a[1]).strip()
            text_b = base.format(intro=b[0], about=b[1]).strip()
            probes.append((kind, i, _seeker(f"q{s}{i}a", text_a), _seeker(f"q{s}{i}b", text_b)))
    seekers = pool + [p for _, _, a, b in probes for p in (a, b)]
    # A candidate stage as broad as the pool, so every probe is scored whatever retrieval would cut.
    n = len(seekers)
    pipeline = RankingPipeline(embedder, taxonomy, n_dense=n, n_lexical=n).index_seekers(seekers)
    pool_ids = {p.id for p in pool}
    found = []
    for v, (title, text) in enumerate(VACANCIES):
        vacancy = _vacancy(v, title, text)
        ranked = pipeline.shortlist(vacancy, k=n)
        score = {m.seeker_id: m.score for m in ranked.matches}
        pool_scores = sorted((score[i] for i in pool_ids if i in score), reverse=True)

        for kind, base, a, b in probes:
            if a.id in score and b.id in score:
                shift = _rank(score[a.id], pool_scores) - _rank(score[b.id], pool_scores)
                found.append(Shift(kind, title, base, score[a.id] - score[b.id], shift))
    return found


def _rank(value: float, pool_scores: list[float]) -> int:
    """1 + the number of pool seekers scoring above: the rank the probe would get in the pool alone."""
    return 1 + sum(s > value for s in pool_scores)


def test_every_pair_was_ranked(shifts: list[Shift]) -> None:
    assert len(shifts) == len(SWAPS) * len(BASES) * len(VACANCIES)


@pytest.mark.parametrize("kind", ["name", "gender", "birthplace"])
def test_counterfactual_shift_stays_under_the_bound(shifts: list[Shift], kind: str) -> None:
    mine = [s for s in shifts if s.kind == kind]
    worst_score = max(mine, key=lambda s: abs(s.score_gap))
    worst_rank = max(mine, key=lambda s: abs(s.rank_shift))
    mean_gap = sum(s.score_gap for s in mine) / len(mine)
    print(
        f"\n{kind}: {len(mine)} pairs; largest score gap {worst_score.score_gap:+.3f} "
        f"({worst_score.vacancy}, base {worst_score.base}); largest rank shift {worst_rank.rank_shift:+d} "
        f"({worst_rank.vacancy}, base {worst_rank.base}); mean gap (a − b) {mean_gap:+.3f}"
    )
    assert abs(worst_score.score_gap) <= MAX_SCORE_GAP
    assert abs(worst_rank.rank_shift) <= MAX_RANK_SHIFT
