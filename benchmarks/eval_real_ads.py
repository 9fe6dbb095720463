"""Ranking and ad → occupation quality on the real-ad benchmark, per split.

    .venv/bin/python benchmarks/eval_real_ads.py [--split train|test|all]

Writes benchmarks/results/real_ads.json and real_ads.md (the same tables ``matcher evaluate`` prints).
Develop on train; the test split is reported, never tuned on (data/benchmark/real_ads/README.md).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from matcher.evaluate.real_ads import format_report
from service.jobs.real_ad_eval import evaluate_real_ads


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=["train", "test", "all"], default="all")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/real_ads"))
    args = parser.parse_args()
    started = time.perf_counter()
    report = evaluate_real_ads(("train", "test") if args.split == "all" else (args.split,))
    report["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    table = format_report(report)
    header = (
        "# Real-ad benchmark\n\n100 hand-labelled 2020 ads, 800 generated seekers; grades 3/2/1 by "
        "occupation, SSYK-4 or 75 % substitutable, SSYK-3 or 25 % substitutable. Recall@50 and MRR "
        f"count grade ≥ 2. Model `{report['model_version']}`.\n\n"
    )
    args.out.with_suffix(".md").write_text(header + table + "\n")
    print(table)
    print(f"{report['seconds']} s")


if __name__ == "__main__":
    main()
