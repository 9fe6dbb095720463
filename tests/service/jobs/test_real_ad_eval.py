"""The real-ad evaluation end to end on a small slice of the benchmark: ``matcher rank``'s loaders, the
service's pipeline, every ranker and the occupation accuracy rows, for the split asked for only."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from service.jobs.real_ad_eval import evaluate_real_ads

BENCH = Path(__file__).resolve().parents[3] / "data" / "benchmark" / "real_ads"


def _slice(tmp_path: Path) -> Path:
    ads = [json.loads(line) for line in (BENCH / "ads.jsonl").read_text(encoding="utf-8").splitlines()]
    picked = [a for a in ads if a["split"] == "train"][:3] + [a for a in ads if a["split"] == "test"][:1]
    occupations = {a["occupation_id"] for a in picked}
    with (BENCH / "seekers_truth.csv").open(encoding="utf-8") as f:
        truth = list(csv.DictReader(f))
    keep = [t for t in truth if t["occupation_id"] in occupations] + truth[:25]
    refs = {t["ref"] for t in keep}
    seekers = [
        line
        for line in (BENCH / "seekers.jsonl").read_text(encoding="utf-8").splitlines()
        if json.loads(line)["ref"] in refs
    ]
    (tmp_path / "ads.jsonl").write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in picked) + "\n")
    (tmp_path / "seekers.jsonl").write_text("\n".join(seekers) + "\n", encoding="utf-8")
    with (tmp_path / "seekers_truth.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(truth[0]))
        writer.writeheader()
        writer.writerows({t["ref"]: t for t in keep}.values())
    return tmp_path


def test_train_split_report_through_the_engine(tmp_path: Path) -> None:
    report = evaluate_real_ads(("train",), directory=_slice(tmp_path), cache_path=None)
    assert list(report["splits"]) == ["train"]
    block = report["splits"]["train"]
    assert block["ads"] == 3
    ranking = block["ranking"]
    assert set(ranking) == {
        "engine, text (headline + ad text)",
        "engine, structured (occupation given)",
        "TF-IDF char 3-5, headline",
        "TF-IDF char 3-5, whole ad",
        "embeddings alone",
        "random",
    }
    for metrics in ranking.values():
        assert all(0.0 <= metrics[m] <= 1.0 for m in ("NDCG@10", "Recall@50", "MRR"))
    structured = ranking["engine, structured (occupation given)"]
    assert structured["MRR"] == 1.0  # the labelled occupation's own seekers come first
    assert structured["NDCG@10"] > ranking["random"]["NDCG@10"]
    enricher = block["occupation"]["enricher (before)"]
    assert enricher["ads"] == 3.0 and 0.0 <= enricher["exact@1"] <= enricher["exact@3"] <= 1.0
