"""The real-ad benchmark run through the engine as ``matcher rank`` runs it.

Vacancies and seekers are read by ``service.jobs.rank_files`` (the import format, enriched on load) and
ranked by the service's pipeline (same embedder, taxonomy and scorer as ``build_pipeline``); only the
embedding cache differs: vectors are kept in a SQLite file so repeated runs embed nothing twice.

``real_ad_table("train")`` is the call for development: it touches only the train ads.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matcher import ConceptType, RankingPipeline, SqliteEmbeddingCache, VacancyProfile, default_taxonomy
from matcher.evaluate.real_ads import (
    DEFAULT_DIR,
    SPLITS,
    CharTfidfRanker,
    RealAd,
    classifier_rankings,
    format_report,
    load_real_ads,
    occupation_accuracy,
    qrels,
    random_rankings,
    rank_by_score,
    split_metrics,
    vacancy_records,
)
from matcher.rank.profile_arrays import vacancy_document
from service.engine.ranking import active_scorer, embedder
from service.jobs.rank_files import load_seekers, load_vacancies

DEFAULT_CACHE = Path.home() / ".cache" / "sysselsattning-matcher" / "real_ads_embeddings.sqlite"
TOP = 100


def engine_pipeline(cache_path: Path | None = DEFAULT_CACHE) -> RankingPipeline:
    """``build_pipeline()``'s components, with an on-disk embedding cache."""
    cache = None
    if cache_path is not None:
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        cache = SqliteEmbeddingCache(cache_path)
    return RankingPipeline(embedder(), default_taxonomy(), active_scorer(None), cache=cache)


def _vacancy_profiles(ads: Sequence[RealAd], structured: bool) -> dict[str, VacancyProfile]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "vacancies.jsonl"
        lines = [json.dumps(r, ensure_ascii=False) for r in vacancy_records(ads, structured=structured)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return {v.id: v for v in load_vacancies(path)}


def _enricher_occupations(vacancy: VacancyProfile) -> list[str]:
    """The enricher's occupations in the ad, in text order: the "before" row, read from the concepts
    themselves so that it stays the enricher's even when the engine's inference changes."""
    found = (c.id for c in vacancy.concepts if c.type == ConceptType.OCCUPATION and not c.negated)
    return list(dict.fromkeys(found))


def _classifier_guesses(
    ads: Sequence[RealAd], k: int = 3
) -> tuple[tuple[dict[str, list[str]], dict[str, list[str]]] | None, str]:
    """The occupation classifier's top k occupations and SSYK-4 groups per ad, or None and why (module
    absent, weights not built for this code): the rest of the report does not depend on it."""
    try:
        from matcher.text import occupation_model

        model = occupation_model.load_default(default_taxonomy())
    except (ImportError, OSError, ValueError, KeyError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    return classifier_rankings(model, ads, k), ""


def evaluate_real_ads(
    splits: Sequence[str] = SPLITS,
    *,
    directory: Path = DEFAULT_DIR,
    cache_path: Path | None = DEFAULT_CACHE,
) -> dict[str, Any]:
    """Ranking metrics (engine text/structured variants, TF-IDF and embedding baselines, random) and
    ad → occupation accuracy (enricher, classifier) for each split asked for; other ads are not read."""
    bench = load_real_ads(directory)
    taxonomy = default_taxonomy()
    ads = [ad for split in splits for ad in bench.split(split)]
    seekers = load_seekers(bench.seekers_path)
    pipeline = engine_pipeline(cache_path).index_seekers(seekers)
    ids = [s.id for s in seekers]
    text_variant = _vacancy_profiles(ads, structured=False)
    structured = _vacancy_profiles(ads, structured=True)
    docs = pipeline.seeker_docs_
    headline_tfidf = CharTfidfRanker().fit(ids, docs)
    id_array = headline_tfidf.ids_
    query_vectors = pipeline.embedder.encode_queries([vacancy_document(text_variant[ad.id]) for ad in ads])
    rankings: dict[str, dict[str, list[str]]] = {
        "engine, text (headline + ad text)": {
            ad.id: [m.seeker_id for m in pipeline.shortlist(text_variant[ad.id], k=TOP).matches] for ad in ads
        },
        "engine, structured (occupation given)": {
            ad.id: [m.seeker_id for m in pipeline.shortlist(structured[ad.id], k=TOP).matches] for ad in ads
        },
        "TF-IDF char 3-5, headline": {ad.id: headline_tfidf.rank(ad.headline, TOP) for ad in ads},
        "TF-IDF char 3-5, whole ad": {
            ad.id: headline_tfidf.rank(ad.headline + "\n" + ad.text, TOP) for ad in ads
        },
        "embeddings alone": {
            ad.id: rank_by_score(pipeline.seeker_vectors_ @ vec, id_array, TOP)
            for ad, vec in zip(ads, query_vectors, strict=True)
        },
        "random": random_rankings(ads, ids),
    }
    enricher = {ad.id: _enricher_occupations(text_variant[ad.id]) for ad in ads}
    classifier, classifier_note = _classifier_guesses(ads)
    report: dict[str, Any] = {"model_version": pipeline.model_version, "splits": {}}
    if classifier is None:
        report["occupation_classifier_unavailable"] = classifier_note
    for split in splits:
        part = bench.split(split)
        grades = qrels(part, bench.truth, taxonomy)
        report["splits"][split] = {
            "ads": len(part),
            "seekers": len(seekers),
            "ranking": split_metrics(rankings, part, grades),
            "occupation": {
                "enricher (before)": occupation_accuracy(enricher, part, taxonomy),
                "occupation classifier": occupation_accuracy(classifier[0], part, taxonomy, classifier[1])
                if classifier is not None
                else None,
            },
        }
    return report


def real_ad_table(split: str = "train", **kwargs: Any) -> str:
    """The markdown table for one split (default train: the one to develop on)."""
    return format_report(evaluate_real_ads((split,), **kwargs))
