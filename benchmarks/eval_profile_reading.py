"""Does reading typed experience titles as occupations help ranking? Paired, on the real-ad benchmark.

    .venv/bin/python benchmarks/eval_profile_reading.py --split train   # develop (any tuning) here
    .venv/bin/python benchmarks/eval_profile_reading.py --split test    # once, at the end

"before": the seekers' experiences as typed (what ``to_seeker_profile`` passed until now); "after":
as ``service.engine.translate.seeker_experiences`` reads them (``matcher.text.experience``). Same
pipeline, ads and grades; per ad NDCG@10 for the engine's text and structured variants, the mean
difference with a paired bootstrap 95 % interval (10,000 resamples of ads), and how often the reading
of a seeker's first experience names the seeker's true occupation (exact, SSYK-4; Wilson 95 %).
Writes benchmarks/results/profile_reading_<split>.json.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np

from matcher import Experience, default_taxonomy
from matcher.evaluate.metrics import ndcg_at_k
from matcher.evaluate.real_ads import load_real_ads, qrels
from service.jobs.rank_files import load_seekers
from service.jobs.real_ad_eval import _vacancy_profiles, engine_pipeline


def wilson(k: int, n: int, z: float = 1.96) -> list[float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(max(0.0, centre - half), 3), round(min(1.0, centre + half), 3)]


def paired_bootstrap(before: np.ndarray, after: np.ndarray, n: int = 10_000) -> dict[str, object]:
    rng = np.random.default_rng(0)
    diff = after - before
    idx = rng.integers(0, len(diff), size=(n, len(diff)))
    means = diff[idx].mean(axis=1)
    return {
        "before": round(float(before.mean()), 4),
        "after": round(float(after.mean()), 4),
        "difference": round(float(diff.mean()), 4),
        "ci95": [round(float(np.percentile(means, 2.5)), 4), round(float(np.percentile(means, 97.5)), 4)],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=["train", "test"], required=True)
    args = parser.parse_args()
    bench = load_real_ads()
    taxonomy = default_taxonomy()
    ads = bench.split(args.split)
    raw = {
        r["ref"]: r for r in map(json.loads, bench.seekers_path.read_text(encoding="utf-8").splitlines()) if r
    }
    after = load_seekers(bench.seekers_path)
    before = [
        replace(
            s,
            experiences=tuple(
                Experience(str(e["title"]), float(e.get("years") or 0), e.get("occupation_id"))
                for e in raw[s.id]["experiences"]
            ),
        )
        for s in after
    ]
    grades = qrels(ads, bench.truth, taxonomy)
    report: dict[str, object] = {"split": args.split, "ads": len(ads), "seekers": len(after)}
    for structured in (False, True):
        vacancies = _vacancy_profiles(ads, structured=structured)
        scores = []
        for seekers in (before, after):
            pipeline = engine_pipeline().index_seekers(seekers)
            ranked = {
                ad.id: [m.seeker_id for m in pipeline.shortlist(vacancies[ad.id], k=100).matches]
                for ad in ads
            }
            scores.append(np.array([ndcg_at_k(ranked[ad.id], grades[ad.id]) for ad in ads]))
        name = "engine, structured (occupation given)" if structured else "engine, text (headline + ad text)"
        report[name] = paired_bootstrap(scores[0], scores[1])
    exact = group = n = 0
    for s in after:
        if not s.experiences or s.id not in bench.truth:
            continue
        n += 1
        got, want = s.experiences[0].occupation_id, bench.truth[s.id]
        exact += got == want
        group += got is not None and taxonomy.ssyk4_of(got) == taxonomy.ssyk4_of(want)
    report["first title → true occupation"] = {
        "n": n,
        "exact": round(exact / n, 3),
        "exact_ci": wilson(exact, n),
        "ssyk4": round(group / n, 3),
        "ssyk4_ci": wilson(group, n),
    }
    out = Path(f"benchmarks/results/profile_reading_{args.split}.json")
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
