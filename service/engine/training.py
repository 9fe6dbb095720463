"""Learning the scorer from people's decisions: review decisions and supplier outcomes.

Positives are proposals and hires, negatives rejections for a fit-related reason (see
``matcher.rank.scoring.training_set``). The last quarter of decisions in time is held out, so the trained
model is compared with the shipped default weights on decisions it never saw.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from matcher import (
    FEATURE_NAMES,
    CachedEmbedder,
    Decision,
    LinearScorer,
    PairFeaturizer,
    default_taxonomy,
    training_set,
)
from models import (
    Eligibility,
    EmploymentRequirement,
    JobSeeker,
    Proposal,
    ReviewDecision,
    ScorerModel,
    Shortlist,
    ShortlistEntry,
    Vacancy,
)
from service.engine.ranking import DatabaseEmbeddingCache, embedder
from service.engine.translate import to_seeker_profile, to_vacancy_profile
from service.platform.errors import BadInput

HELD_OUT_SHARE = 0.25


@dataclass
class TrainingReport:
    n_train: int
    n_test: int
    window: tuple[str | None, str | None]
    trained: dict[str, float]
    default: dict[str, float]
    version: str
    activated: bool

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _quiet(_message: str) -> None:
    pass


def decision_history(session: Session, progress: Callable[[str], None] = _quiet) -> list[Decision]:
    """Every review decision with the pair's features; texts already embedded come from the vector cache."""
    rows = session.exec(
        select(ReviewDecision, ShortlistEntry, Shortlist)
        .join(ShortlistEntry, col(ShortlistEntry.id) == col(ReviewDecision.entry_id))
        .join(Shortlist, col(Shortlist.id) == col(ShortlistEntry.shortlist_id))
        .order_by(col(ReviewDecision.created_at), col(ReviewDecision.id))
    ).all()
    if not rows:
        return []
    outcomes = {(p.seeker_id, p.vacancy_id): str(p.status) for p in session.exec(select(Proposal)).all()}
    vacancy_ids = {s.vacancy_id for _, _, s in rows}
    seeker_ids = {e.seeker_id for _, e, _ in rows}
    reqs = {r.contract_id: r for r in session.exec(select(EmploymentRequirement)).all()}
    vacancies = {
        v.id: to_vacancy_profile(v, reqs.get(v.contract_id))
        for v in session.exec(select(Vacancy).where(col(Vacancy.id).in_(vacancy_ids))).all()
    }
    elig: dict[int, list[Eligibility]] = defaultdict(list)
    for e in session.exec(select(Eligibility).where(col(Eligibility.seeker_id).in_(seeker_ids))).all():
        elig[e.seeker_id].append(e)
    seekers = {
        s.id: to_seeker_profile(s, elig[s.id or 0])
        for s in session.exec(select(JobSeeker).where(col(JobSeeker.id).in_(seeker_ids))).all()
    }
    pairs = [(vacancies[s.vacancy_id], seekers[e.seeker_id]) for _, e, s in rows]
    progress(f"{len(rows)} decisions, {len(vacancies)} placements, {len(seekers)} job seekers: features…")
    bind = session.get_bind()
    # The vectors the shortlists stored: only texts never embedded before cost a model call.
    vectors = CachedEmbedder(embedder(), DatabaseEmbeddingCache(bind) if isinstance(bind, Engine) else None)
    featurizer = PairFeaturizer(default_taxonomy(), vectors)
    X = featurizer.fit([p[1].text for p in pairs] + [p[0].text for p in pairs]).transform(pairs)
    progress(f"features done: {vectors.hits} vectors from the cache, {vectors.misses} texts embedded")
    return [
        Decision(
            features=dict(zip(FEATURE_NAMES, map(float, x), strict=True)),
            decision=str(d.decision),
            reason_code=str(d.reason_code),
            outcome=outcomes.get((e.seeker_id, s.vacancy_id)),
            group=str(s.vacancy_id),
            decided_on=d.created_at.date(),
        )
        for (d, e, s), x in zip(rows, X, strict=True)
    ]


def _metrics(scorer: LinearScorer, X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> dict[str, float]:
    from matcher.rank.scoring import _ndcg_of_group

    scores = scorer.decision_function(X)
    ndcgs = [_ndcg_of_group(y[groups == g], scores[groups == g]) for g in np.unique(groups)]
    ndcgs = [v for v in ndcgs if not np.isnan(v)]
    return {"auc": round(float(roc_auc_score(y, scores)), 4), "ndcg@10": round(float(np.mean(ndcgs)), 4)}


def train(
    session: Session, *, activate: bool = False, progress: Callable[[str], None] = _quiet
) -> TrainingReport:
    progress("reading the review history…")
    decisions = decision_history(session, progress)
    dated = sorted((d for d in decisions if d.decided_on), key=lambda d: d.decided_on)  # type: ignore[arg-type,return-value]
    cut = int(len(dated) * (1 - HELD_OUT_SHARE))
    train_set = training_set(dated[:cut], FEATURE_NAMES)
    test_set = training_set(dated[cut:], FEATURE_NAMES)
    if len(set(train_set.y.tolist())) < 2 or len(set(test_set.y.tolist())) < 2:
        raise BadInput("not enough decisions of both kinds to train and evaluate a model")
    progress(f"fitting on {len(train_set.y)} decisions, {len(test_set.y)} held out…")
    scorer = LinearScorer().fit(
        train_set.X,
        train_set.y,
        groups=train_set.groups,
        feature_names=FEATURE_NAMES,
        window=train_set.window,
    )
    trained = _metrics(scorer, test_set.X, test_set.y, test_set.groups)
    default = _metrics(LinearScorer.default(), test_set.X, test_set.y, test_set.groups)
    payload = {**scorer.to_dict(), "held_out": {"trained": trained, "default": default, "n": len(test_set.y)}}
    row = session.exec(select(ScorerModel).where(ScorerModel.version == scorer.version)).first()
    row = row or ScorerModel(version=scorer.version, payload=payload)
    do_activate = activate and trained["ndcg@10"] >= default["ndcg@10"]
    if do_activate:
        for other in session.exec(select(ScorerModel).where(ScorerModel.active == True)).all():  # noqa: E712
            other.active = False
            session.add(other)
        row.active = True
    session.add(row)
    session.flush()
    window = tuple(d.isoformat() if d else None for d in train_set.window)
    return TrainingReport(
        len(train_set.y),
        len(test_set.y),
        (window[0], window[1]),
        trained,
        default,
        scorer.version,
        do_activate,
    )
