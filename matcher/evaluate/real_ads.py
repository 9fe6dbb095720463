"""The real-ad development benchmark: loading, grading, text baselines and metrics per split.

100 real 2020 ads labelled by hand (``data/benchmark/real_ads``, see its README) against 800 generated
seekers whose true occupation the engine never sees. Grades follow the SSYK hierarchy and JobTech's
substitutability: 3 same occupation, 2 same SSYK-4 or 75 % substitutable, 1 same SSYK-3 or 25 %
substitutable, else 0. Splits are "train" (develop on it) and "test" (report it; never tune on it).

This module is pure (no service, no database). The engine rows go through the service's own file
path (``service.jobs.real_ad_eval``), exactly as ``matcher rank`` ranks.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher.evaluate.metrics import ranking_metrics

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "data" / "benchmark" / "real_ads"
SPLITS = ("train", "test")


class TaxonomyLike(Protocol):
    def ssyk4_of(self, occupation_id: str) -> str | None: ...

    def substitutes(self, occupation_id: str) -> dict[str, int]: ...


@dataclass(frozen=True, slots=True)
class RealAd:
    id: str
    headline: str
    text: str
    occupation_id: str
    ssyk4: str
    split: str
    group: str


@dataclass(frozen=True)
class RealAdBenchmark:
    """The labelled ads, the path of the seeker records and each seeker's true occupation."""

    ads: tuple[RealAd, ...]
    seekers_path: Path
    truth: Mapping[str, str]  # seeker ref → true occupation id (never shown to the engine)

    def split(self, name: str) -> tuple[RealAd, ...]:
        if name not in SPLITS:
            raise ValueError(f"unknown split {name!r}; use one of {SPLITS}")
        return tuple(ad for ad in self.ads if ad.split == name)


def load_real_ads(directory: str | Path = DEFAULT_DIR) -> RealAdBenchmark:
    """Read ``ads.jsonl`` and ``seekers_truth.csv`` (``seekers.jsonl`` is read by the caller's loader)."""
    root = Path(directory)
    with (root / "ads.jsonl").open(encoding="utf-8") as f:
        ads = tuple(RealAd(**json.loads(line)) for line in f if line.strip())
    with (root / "seekers_truth.csv").open(encoding="utf-8") as f:
        truth = {row["ref"]: row["occupation_id"] for row in csv.DictReader(f)}
    return RealAdBenchmark(ads, root / "seekers.jsonl", truth)


def grade(vacancy_occupation: str, seeker_occupation: str, taxonomy: TaxonomyLike) -> int:
    """Relevance of a seeker holding ``seeker_occupation`` to a vacancy for ``vacancy_occupation``.

    Substitutability counts in either direction (the taxonomy's relation is directed)."""
    if vacancy_occupation == seeker_occupation:
        return 3
    pct = max(
        taxonomy.substitutes(vacancy_occupation).get(seeker_occupation, 0),
        taxonomy.substitutes(seeker_occupation).get(vacancy_occupation, 0),
    )
    a, b = taxonomy.ssyk4_of(vacancy_occupation), taxonomy.ssyk4_of(seeker_occupation)
    if (a is not None and a == b) or pct >= 75:
        return 2
    if (a is not None and b is not None and a[:3] == b[:3]) or pct >= 25:
        return 1
    return 0


def qrels(
    ads: Sequence[RealAd], truth: Mapping[str, str], taxonomy: TaxonomyLike
) -> dict[str, dict[str, int]]:
    """Per ad id: the graded seekers (grade > 0 only)."""
    out: dict[str, dict[str, int]] = {}
    for ad in ads:
        grades = {ref: grade(ad.occupation_id, occ, taxonomy) for ref, occ in truth.items()}
        out[ad.id] = {ref: g for ref, g in grades.items() if g > 0}
    return out


def vacancy_records(ads: Sequence[RealAd], *, structured: bool) -> list[dict[str, Any]]:
    """The ads as vacancy records of the import format: the text variant (headline + text, what a
    supplier pastes) or the structured variant (the labelled occupation given, as a person picks it)."""
    return [
        {
            "type": "vacancy",
            "ref": ad.id,
            "contract_ref": "real-ads",
            "title": ad.headline[:200] or "-",
            "description": ad.text,
            "occupation_id": ad.occupation_id if structured else None,
        }
        for ad in ads
    ]


class CharTfidfRanker:
    """Baseline: TF-IDF over character 3–5-grams (word-bounded), cosine to each seeker document."""

    def __init__(self, ngram_range: tuple[int, int] = (3, 5)) -> None:
        self.ngram_range = ngram_range

    def fit(self, ids: Sequence[str], documents: Sequence[str]) -> CharTfidfRanker:
        self.vectorizer_ = TfidfVectorizer(
            analyzer="char_wb", ngram_range=self.ngram_range, sublinear_tf=True, lowercase=True
        )
        self.matrix_ = self.vectorizer_.fit_transform(documents)
        self.ids_ = np.asarray(ids, dtype=object)
        return self

    def rank(self, query: str, k: int = 100) -> list[str]:
        scores = (self.matrix_ @ self.vectorizer_.transform([query]).T).toarray().ravel()
        return rank_by_score(scores, self.ids_, k)


def rank_by_score(scores: np.ndarray, ids: np.ndarray, k: int = 100) -> list[str]:
    """Ids by descending score, ties broken by id (stable across runs)."""
    order = np.lexsort((ids.astype(str), -np.asarray(scores, dtype=np.float64)))[:k]
    return [str(ids[i]) for i in order]


def random_rankings(ads: Sequence[RealAd], ids: Sequence[str], seed: int = 0) -> dict[str, list[str]]:
    out = {}
    for ad in ads:
        rng = np.random.default_rng([seed, int(ad.id)])
        out[ad.id] = [ids[i] for i in rng.permutation(len(ids))]
    return out


def split_metrics(
    rankings: Mapping[str, Mapping[str, Sequence[str]]],
    ads: Sequence[RealAd],
    grades: Mapping[str, Mapping[str, int]],
) -> dict[str, dict[str, float]]:
    """Per ranker: NDCG@10, Recall@50, MRR over ``ads`` (rankings: ranker → ad id → seeker refs)."""
    return {
        name: ranking_metrics({ad.id: ranked[ad.id] for ad in ads}, grades)
        for name, ranked in rankings.items()
    }


def occupation_accuracy(
    predictions: Mapping[str, Sequence[str]],
    ads: Sequence[RealAd],
    taxonomy: TaxonomyLike,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, float]:
    """Top-1 and top-3 accuracy against the labels: exact (the ranked occupations ``predictions``),
    same SSYK-4 and same SSYK-3 (the ranked groups: ``groups`` when given, a classifier's own group
    ranking, else the distinct groups of ``predictions`` in order). An ad with no prediction is a miss."""
    hits = np.zeros((len(ads), 6))
    for row, ad in enumerate(ads):
        guesses = list(predictions.get(ad.id, ()))
        ranked = list(groups.get(ad.id, ())) if groups is not None else ranked_groups(guesses, taxonomy)
        for col, k in ((0, 1), (3, 3)):
            codes = [c for c in ranked[:k] if c]
            hits[row, col] = ad.occupation_id in guesses[:k]
            hits[row, col + 1] = ad.ssyk4 in codes
            hits[row, col + 2] = any(c[:3] == ad.ssyk4[:3] for c in codes)
    means = hits.mean(axis=0) if len(ads) else np.zeros(6)
    names = ("exact@1", "ssyk4@1", "ssyk3@1", "exact@3", "ssyk4@3", "ssyk3@3")
    return {**{n: float(m) for n, m in zip(names, means, strict=True)}, "ads": float(len(ads))}


def ranked_groups(occupation_ids: Sequence[str], taxonomy: TaxonomyLike) -> list[str]:
    """The distinct SSYK-4 groups of ranked occupations, in the order their first occupation comes."""
    return list(dict.fromkeys(code for oid in occupation_ids if (code := taxonomy.ssyk4_of(oid))))


class OccupationRanker(Protocol):
    def predict_top(self, headline: str, text: str = "", k: int = 5) -> Sequence[Any]: ...

    def predict_groups(self, headline: str, text: str = "", k: int = 5) -> Sequence[Any]: ...


def classifier_rankings(
    model: OccupationRanker, ads: Sequence[RealAd], k: int = 3
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Per ad the classifier's k most likely occupations (``predict_top``) and SSYK-4 groups
    (``predict_groups``, summed probability): the two arguments ``occupation_accuracy`` takes."""
    occupations = {ad.id: [g.occupation_id for g in model.predict_top(ad.headline, ad.text, k)] for ad in ads}
    groups = {ad.id: [g.ssyk4 for g in model.predict_groups(ad.headline, ad.text, k)] for ad in ads}
    return occupations, groups


def format_report(report: Mapping[str, Any]) -> str:
    """Markdown tables of ``service.jobs.real_ad_eval.evaluate_real_ads``'s result, one block per split."""
    lines: list[str] = []
    for split, block in report["splits"].items():
        lines += [
            f"### Real ads, {split} split ({block['ads']} ads, {block['seekers']} seekers)",
            "",
            "| ranker | NDCG@10 | Recall@50 | MRR |",
            "| --- | --- | --- | --- |",
        ]
        for name, m in block["ranking"].items():
            lines.append(f"| {name} | {m['NDCG@10']:.3f} | {m['Recall@50']:.3f} | {m['MRR']:.3f} |")
        lines += [
            "",
            "| ad → occupation | exact@1 | SSYK-4@1 | SSYK-3@1 | exact@3 | SSYK-4@3 | SSYK-3@3 |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for name, acc in block["occupation"].items():
            if acc is None:
                lines.append(f"| {name} | not available | | | | | |")
                continue
            cells = " | ".join(
                f"{acc[k]:.2f}" for k in ("exact@1", "ssyk4@1", "ssyk3@1", "exact@3", "ssyk4@3", "ssyk3@3")
            )
            lines.append(f"| {name} | {cells} |")
        lines.append("")
    if report.get("occupation_classifier_unavailable"):
        lines += [f"Occupation classifier not available: {report['occupation_classifier_unavailable']}", ""]
    return "\n".join(lines)
