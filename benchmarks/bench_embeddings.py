"""Embedding backends side by side: texts per second, and ranking quality on the real-ad TRAIN split.

    .venv/bin/python benchmarks/bench_embeddings.py [--backends static,torch,onnx-int8] [--speed-texts 400]

For each backend (``MATCHER_EMBEDDING_BACKEND``): texts per second embedding real seeker profile
texts (the real-ad benchmark's seekers, uncached, batches of 64 as a pool is indexed), and NDCG@10,
Recall@50 and MRR of the engine and of the embeddings alone on the real-ad benchmark's train split
(``service.jobs.real_ad_eval``, the same path as ``matcher rank``). The test split is never read here: the
backend is chosen on train. TF-IDF and random are the baselines of the same run. Writes
benchmarks/results/embeddings.json and embeddings.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = ("static", "torch", "onnx-int8")
RANKERS = (
    "engine, text (headline + ad text)",
    "engine, structured (occupation given)",
    "embeddings alone",
    "TF-IDF char 3-5, whole ad",
    "TF-IDF char 3-5, headline",
    "random",
)


def _use_backend(name: str) -> None:
    from service.engine.ranking import embedder
    from service.platform.config import get_settings

    os.environ["MATCHER_EMBEDDING_BACKEND"] = name
    get_settings.cache_clear()
    embedder.cache_clear()


def speed(name: str, texts: list[str], min_seconds: float = 1.0) -> dict[str, Any]:
    """Texts per second of one backend, uncached, in batches of 64 (model load timed apart)."""
    from service.engine.ranking import embedder

    _use_backend(name)
    t0 = time.perf_counter()
    model = embedder()
    load_s = time.perf_counter() - t0
    model.encode_documents(texts[:8])  # first-call set-up (threads, allocations) is not throughput
    done, t0 = 0, time.perf_counter()
    while True:
        for start in range(0, len(texts), 64):
            model.encode_documents(texts[start : start + 64])
        done += len(texts)
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            break
    return {
        "model_id": model.model_id,
        "dim": model.dim,
        "load_s": round(load_s, 2),
        "texts": done,
        "seconds": round(elapsed, 3),
        "texts_per_s": round(done / elapsed, 1),
    }


def quality(name: str) -> dict[str, Any]:
    from service.jobs.real_ad_eval import evaluate_real_ads

    _use_backend(name)
    t0 = time.perf_counter()
    report = evaluate_real_ads(("train",))
    block = report["splits"]["train"]
    return {
        "model_version": report["model_version"],
        "ads": block["ads"],
        "seekers": block["seekers"],
        "seconds": round(time.perf_counter() - t0, 1),
        "ranking": {r: block["ranking"][r] for r in RANKERS if r in block["ranking"]},
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "# Embedding backends: speed and real-ad ranking quality (train split)",
        "",
        f"`python benchmarks/bench_embeddings.py` on {result['machine']}; speed over "
        f"{result['speed_texts']} real seeker texts, uncached.",
        "",
        "| backend | texts/s | load s | engine NDCG@10 (text) | engine NDCG@10 (structured) | "
        "embeddings alone NDCG@10 | engine Recall@50 (text) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, row in result["backends"].items():
        r = row["quality"]["ranking"]
        lines.append(
            f"| {name} | {row['speed']['texts_per_s']:.1f} | {row['speed']['load_s']:.1f} | "
            f"{r['engine, text (headline + ad text)']['NDCG@10']:.3f} | "
            f"{r['engine, structured (occupation given)']['NDCG@10']:.3f} | "
            f"{r['embeddings alone']['NDCG@10']:.3f} | "
            f"{r['engine, text (headline + ad text)']['Recall@50']:.3f} |"
        )
    first = next(iter(result["backends"].values()))["quality"]["ranking"]
    lines += ["", "Baselines (same run, no embeddings):", ""]
    for name in ("TF-IDF char 3-5, whole ad", "TF-IDF char 3-5, headline", "random"):
        if name in first:
            lines.append(f"- {name}: NDCG@10 {first[name]['NDCG@10']:.3f}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--speed-texts", type=int, default=400)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "embeddings")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from matcher.evaluate.real_ads import load_real_ads
    from matcher.rank.profile_arrays import seeker_document
    from service.jobs.rank_files import load_seekers

    seekers = load_seekers(load_real_ads().seekers_path)
    texts = [seeker_document(s) for s in seekers][: args.speed_texts]
    result: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "speed_texts": len(texts),
        "backends": {},
    }
    for name in args.backends.split(","):
        row = {"speed": speed(name, texts), "quality": quality(name)}
        result["backends"][name] = row
        print(name, json.dumps(row["speed"]), flush=True)
        for ranker, m in row["quality"]["ranking"].items():
            print(f"  {ranker}: NDCG@10 {m['NDCG@10']:.3f}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))


if __name__ == "__main__":
    main()
