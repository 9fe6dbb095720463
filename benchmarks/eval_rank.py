"""Ranking quality on the development benchmark: the engine against text-only baselines.

    .venv/bin/python benchmarks/eval_rank.py [--benchmark data/benchmark/dev.json]

Writes benchmarks/results/rank_eval.json and rank_eval.md.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from matcher.embed.embedding import CachedEmbedder, SentenceTransformerEmbedder
from matcher.evaluate.metrics import Benchmark, evaluate, load_benchmark, random_ranker, similarity_ranker
from matcher.rank.features import FEATURE_NAMES, featurize
from matcher.rank.lexical import LexicalIndex
from matcher.rank.pipeline import RankingPipeline
from matcher.rank.profile_arrays import seeker_document, vacancy_context, vacancy_document
from matcher.rank.scoring import LinearScorer
from matcher.text.enrich import enrich
from matcher.text.taxonomy import default_taxonomy


def fit_on_half(pipeline: RankingPipeline, bench: Benchmark) -> tuple[LinearScorer, Benchmark, Benchmark]:
    """Fit the scorer on the even queries (grade ≥ 2 → 1) and return it with both halves."""
    arrays, rows = pipeline.seekers_, np.arange(len(pipeline.seekers_))
    train = bench.queries[::2]
    Xs, ys, groups = [], [], []
    for q in train:
        text = vacancy_document(q)
        dense = pipeline.seeker_vectors_ @ pipeline.embedder.encode_queries([text])[0]
        lexical = pipeline.seeker_lexical_.similarity([text])[0]
        ctx = vacancy_context(q, arrays, pipeline.taxonomy)
        Xs.append(featurize(ctx, arrays, rows, dense, lexical))
        grades = bench.qrels[q.id]
        ys.append(np.asarray([grades.get(i, 0) >= 2 for i in arrays.ids], dtype=int))
        groups += [q.id] * len(rows)
    scorer = LinearScorer(C=1.0).fit(
        np.vstack(Xs),
        np.concatenate(ys),
        groups=np.asarray(groups, dtype=object),
        feature_names=FEATURE_NAMES,
    )

    def half(queries: tuple) -> Benchmark:  # type: ignore[type-arg]
        return Benchmark(queries, bench.candidates, bench.qrels, bench.meta)

    return scorer, half(bench.queries[::2]), half(bench.queries[1::2])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--benchmark", type=Path, default=Path("data/benchmark/dev.json"))
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/rank_eval"))
    args = parser.parse_args()
    t0 = time.perf_counter()
    bench = load_benchmark(args.benchmark, enrich=enrich)
    t_enrich = time.perf_counter() - t0
    embedder = CachedEmbedder(SentenceTransformerEmbedder())
    pipeline = RankingPipeline(embedder, default_taxonomy()).index_seekers(bench.candidates)
    ids = [c.id for c in bench.candidates]
    lexical = LexicalIndex().fit([seeker_document(c) for c in bench.candidates])
    vectors = pipeline.seeker_vectors_

    def engine(query):  # type: ignore[no-untyped-def]
        return [m.seeker_id for m in pipeline.shortlist(query, k=100).matches]

    rankers = {
        "engine": engine,
        "tfidf_only": similarity_ranker(lambda q: lexical.similarity([vacancy_document(q)])[0], ids),
        "embeddings_only": similarity_ranker(
            lambda q: vectors @ embedder.encode_queries([vacancy_document(q)])[0], ids
        ),
        "random": random_ranker(bench),
    }
    results = {name: evaluate(r, bench) for name, r in rankers.items()}
    # How far are the day-one weights from weights fitted on this benchmark? Fit on even queries,
    # compare both on the odd ones (the committed default stays hand-set).
    fitted, _, test_half = fit_on_half(pipeline, bench)
    results["engine_default_on_odd_half"] = evaluate(engine, test_half)
    default_scorer, pipeline.scorer = pipeline.scorer, fitted
    results["engine_fitted_on_even_half"] = evaluate(engine, test_half)
    pipeline.scorer = default_scorer
    best_text = max(results["tfidf_only"]["NDCG@10"], results["embeddings_only"]["NDCG@10"])
    summary = {
        "benchmark": str(args.benchmark),
        "meta": dict(bench.meta),
        "model_version": pipeline.model_version,
        "results": results,
        "engine_vs_best_text_baseline_ndcg10": results["engine"]["NDCG@10"] / best_text
        if best_text
        else None,
        "enrich_seconds": round(t_enrich, 1),
        "fitted_weights": dict(zip(FEATURE_NAMES, np.round(fitted.coef_, 3).tolist(), strict=True)),
        "fitted_intercept": round(fitted.intercept_, 3),
        "fitted_cv": fitted.metrics_,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    lines = [
        f"# Ranking quality on `{args.benchmark}`",
        "",
        f"{bench.meta.get('n_queries')} queries, {bench.meta.get('n_candidates')} candidates; "
        f"model `{pipeline.model_version}`. Grades: {bench.meta.get('grades')}. "
        "Recall@50 and MRR count grade ≥ 2 as relevant.",
        "",
        "| ranker | NDCG@10 | Recall@50 | MRR |",
        "| --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        lines.append(f"| {name} | {r['NDCG@10']:.3f} | {r['Recall@50']:.3f} | {r['MRR']:.3f} |")
    ratio = summary["engine_vs_best_text_baseline_ndcg10"]
    lines += ["", "Fitted weights (even queries): " + json.dumps(summary["fitted_weights"])]
    lines += ["", f"Engine NDCG@10 / best text-only baseline: {ratio:.2f}×" if ratio else ""]
    args.out.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(np.round(time.perf_counter() - t0, 1), "s")


if __name__ == "__main__":
    main()
