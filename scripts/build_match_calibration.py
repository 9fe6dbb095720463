"""Fit the match calibration and write matcher/weights/match_calibration.json (developer script).

    .venv/bin/python scripts/build_match_calibration.py [--report-test]

Data: the real-ad benchmark's TRAIN split only (``data/benchmark/real_ads``, 70 ads, 800 seekers). Each
ad is ranked by the engine as the service ranks it (``service.jobs.real_ad_eval.engine_pipeline``: the
configured embedder, the default scorer), twice: as text (headline and ad, what a supplier pastes) and
with its occupation given (as a person confirms it). The shortlist's top 50 per ad (the rows staff see)
become calibration rows: the scorer's logit, whether the occupation or a held skill speaks for the
person, and "relevant" = grade ≥ 2 (same occupation, same SSYK-4 group or 75 % substitutable).

Printed and written to ``benchmarks/results/match_calibration.md``: out-of-fold figures on train (5
folds by ad; each fold's calibration fitted without its ads) and, with ``--report-test``, the held-out
test split once (reliability table, Brier against the base-rate baseline, the bands' observed shares).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher import RankingPipeline, VacancyProfile, default_taxonomy  # noqa: E402
from matcher.evaluate.calibration import (  # noqa: E402
    brier_by_cluster,
    format_reliability,
    reliability_table,
)
from matcher.evaluate.real_ads import RealAd, load_real_ads, qrels, vacancy_records  # noqa: E402
from matcher.rank.calibration import (  # noqa: E402
    WEIGHTS_FILE,
    MatchBand,
    MatchCalibration,
    has_job_evidence,
    wilson_interval,
)
from service.jobs.rank_files import load_seekers, load_vacancies  # noqa: E402
from service.jobs.real_ad_eval import engine_pipeline  # noqa: E402

TOP = 50  # the service's shortlist size (service.platform.config.Settings.shortlist_size)
RELEVANT_GRADE = 2
OUT = ROOT / "benchmarks" / "results" / "match_calibration.md"


@dataclass(frozen=True)
class Rows:
    score: np.ndarray
    evidence: np.ndarray
    relevant: np.ndarray
    ad: np.ndarray


def _profiles(ads: list[RealAd], structured: bool) -> dict[str, VacancyProfile]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vacancies.jsonl"
        records = vacancy_records(ads, structured=structured)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        return {v.id: v for v in load_vacancies(path)}


def shortlist_rows(pipeline: RankingPipeline, ads: list[RealAd], grades: dict[str, dict[str, int]]) -> Rows:
    score, evidence, relevant, ad_ids = [], [], [], []
    for structured in (False, True):
        profiles = _profiles(ads, structured)
        for ad in ads:
            for m in pipeline.shortlist(profiles[ad.id], k=TOP).matches:
                score.append(m.score)
                evidence.append(has_job_evidence(m.contributions, m.matched_skills))
                relevant.append(grades[ad.id].get(m.seeker_id, 0) >= RELEVANT_GRADE)
                ad_ids.append(ad.id)
    return Rows(np.array(score), np.array(evidence), np.array(relevant), np.array(ad_ids))


def out_of_fold(rows: Rows, folds: int = 5) -> np.ndarray:
    predicted = np.zeros(rows.score.size)
    for train, test in GroupKFold(n_splits=folds).split(rows.score, rows.relevant, rows.ad):
        fold = MatchCalibration().fit(rows.score[train], rows.evidence[train], rows.relevant[train])
        predicted[test] = fold.predict_proba(rows.score[test], rows.evidence[test])
    return predicted


def figures(title: str, predicted: np.ndarray, rows: Rows, base_rate: float, model: MatchCalibration) -> str:
    """Reliability table, Brier vs the base rate (cluster bootstrap by ad) and the bands' shares."""
    b = brier_by_cluster(predicted, np.full(predicted.size, base_rate), rows.relevant, rows.ad)
    lines = [
        f"### {title}: {np.unique(rows.ad).size} ads, {rows.score.size} rows, "
        f"relevant share {rows.relevant.mean():.3f}",
        "",
        format_reliability(reliability_table(predicted, rows.relevant)),
        "",
        "| | Brier | 95 % interval |",
        "| --- | --- | --- |",
        f"| calibrated | {b['brier'][0]:.4f} | [{b['brier'][1]:.4f}, {b['brier'][2]:.4f}] |",
        f"| base rate {base_rate:.3f} (train) | {b['baseline'][0]:.4f} "
        f"| [{b['baseline'][1]:.4f}, {b['baseline'][2]:.4f}] |",
        f"| difference | {b['difference'][0]:+.4f} "
        f"| [{b['difference'][1]:+.4f}, {b['difference'][2]:+.4f}] |",
        "",
        "| band | rows | observed relevant | 95 % interval |",
        "| --- | --- | --- | --- |",
    ]
    bands = np.array([model.band(p, e) for p, e in zip(predicted, rows.evidence, strict=True)])
    for band in (MatchBand.STRONG, MatchBand.POSSIBLE, MatchBand.WEAK):
        mask = bands == band
        hits, n = int(rows.relevant[mask].sum()), int(mask.sum())
        low, high = wilson_interval(hits, n)
        share = hits / n if n else float("nan")
        lines.append(f"| {band.value} | {n} | {share:.3f} | [{low:.3f}, {high:.3f}] |")
    no_ev = ~rows.evidence
    lines += [
        "",
        f"Rows without occupational evidence: {int(no_ev.sum())}, relevant share "
        f"{rows.relevant[no_ev].mean():.3f}, highest shown probability {predicted[no_ev].max():.3f}.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--report-test", action="store_true", help="also report the held-out test split")
    parser.add_argument("--out", type=Path, default=ROOT / "matcher" / WEIGHTS_FILE)
    args = parser.parse_args()
    bench = load_real_ads()
    taxonomy = default_taxonomy()
    pipeline = engine_pipeline().index_seekers(load_seekers(bench.seekers_path))
    train_ads = list(bench.split("train"))
    train = shortlist_rows(pipeline, train_ads, qrels(train_ads, bench.truth, taxonomy))
    model = MatchCalibration().fit(
        train.score, train.evidence, train.relevant, scorer_version=pipeline.scorer.version
    )
    model.save(
        args.out,
        fitted_on=(
            f"real-ad benchmark, train split ({len(train_ads)} ads), engine top {TOP} per ad, ad as text "
            f"and with its occupation given; relevant = grade >= {RELEVANT_GRADE}"
        ),
        embedder=pipeline.embedder.model_id,
        script="scripts/build_match_calibration.py",
    )
    report = [
        "# Match calibration",
        "",
        f"Platt scaling of the scorer's logit: p = σ({model.slope_:.3f} · score {model.intercept_:+.3f}); "
        f"rows without occupational evidence capped at {model.no_evidence_cap_:.3f}. Bands: strong from "
        f"{model.strong_from}, possible from {model.possible_from}. Scorer `{model.scorer_version_}`, "
        f"embedder `{pipeline.embedder.model_id}`.",
        "",
        figures(
            "Train, out-of-fold (5 folds by ad)",
            out_of_fold(train),
            train,
            float(train.relevant.mean()),
            model,
        ),
    ]
    if args.report_test:
        test_ads = list(bench.split("test"))
        test = shortlist_rows(pipeline, test_ads, qrels(test_ads, bench.truth, taxonomy))
        predicted = model.predict_proba(test.score, test.evidence)
        report.append(figures("Test (held out)", predicted, test, float(train.relevant.mean()), model))
    text = "\n".join(report)
    OUT.write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
