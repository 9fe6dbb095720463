"""The matching engine: a pure library (no web framework, no database).

Two halves and the pipeline between them:

- ``matcher.text``: Swedish and English text → taxonomy concepts: the JobTech taxonomy, job titles as
  people type them, the ad occupation classifier, enrichment, redaction of sensitive words;
- ``matcher.embed``: embedding backends (the shipped static vectors, sentence-transformers, ONNX);
- ``matcher.rank``: candidates → constraints → features → score → rank → explain (``pipeline.py``);
- ``matcher.batch``: carrying rankings to a changed seeker pool between runs;
- ``matcher.evaluate``: metrics with intervals and the benchmarks;
- ``matcher.types``: the typed inputs and results every stage shares.

The public API is re-exported here (``from matcher import RankingPipeline``), loaded on first use so that
importing the types does not load scikit-learn.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matcher.batch.carry import Carrier
    from matcher.embed.embedding import (
        CachedEmbedder,
        Embedder,
        EmbeddingCache,
        InMemoryEmbeddingCache,
        SentenceTransformerEmbedder,
        SqliteEmbeddingCache,
    )
    from matcher.embed.onnx_backend import OnnxEmbedder
    from matcher.embed.static_embedding import StaticEmbedder
    from matcher.evaluate.metrics import ranking_metrics
    from matcher.rank.calibration import MatchBand, MatchCalibration
    from matcher.rank.features import FEATURE_NAMES, PairFeaturizer
    from matcher.rank.incremental import DEFAULT_MARGIN, PoolChange, RankState
    from matcher.rank.pipeline import RankingPipeline, merge_packed, merge_shortlists
    from matcher.rank.retrieval import Cutoff, merge_cutoff
    from matcher.rank.scoring import Decision, LinearScorer, training_set
    from matcher.text.enrich import TextTooLong, enrich
    from matcher.text.occupation_model import OccupationClassifier, OccupationGuess
    from matcher.text.redact import redact_sensitive
    from matcher.text.taxonomy import Taxonomy, default_taxonomy
    from matcher.text.titles import TitleNormaliser
    from matcher.types import (
        CEFR_LEVELS,
        Concept,
        ConceptType,
        Contribution,
        Eligibility,
        Experience,
        LanguageSkill,
        PackedList,
        PlacementKind,
        RankedList,
        Reason,
        ScoredMatch,
        SeekerProfile,
        TargetGroup,
        VacancyProfile,
    )

_WHERE: dict[str, str] = {
    "CEFR_LEVELS": "matcher.types",
    "Concept": "matcher.types",
    "ConceptType": "matcher.types",
    "Contribution": "matcher.types",
    "Eligibility": "matcher.types",
    "Experience": "matcher.types",
    "LanguageSkill": "matcher.types",
    "PlacementKind": "matcher.types",
    "PackedList": "matcher.types",
    "RankedList": "matcher.types",
    "Reason": "matcher.types",
    "ScoredMatch": "matcher.types",
    "SeekerProfile": "matcher.types",
    "TargetGroup": "matcher.types",
    "VacancyProfile": "matcher.types",
    "Taxonomy": "matcher.text.taxonomy",
    "default_taxonomy": "matcher.text.taxonomy",
    "TextTooLong": "matcher.text.enrich",
    "enrich": "matcher.text.enrich",
    "redact_sensitive": "matcher.text.redact",
    "TitleNormaliser": "matcher.text.titles",
    "OccupationClassifier": "matcher.text.occupation_model",
    "OccupationGuess": "matcher.text.occupation_model",
    "CachedEmbedder": "matcher.embed.embedding",
    "Embedder": "matcher.embed.embedding",
    "EmbeddingCache": "matcher.embed.embedding",
    "InMemoryEmbeddingCache": "matcher.embed.embedding",
    "SentenceTransformerEmbedder": "matcher.embed.embedding",
    "SqliteEmbeddingCache": "matcher.embed.embedding",
    "StaticEmbedder": "matcher.embed.static_embedding",
    "OnnxEmbedder": "matcher.embed.onnx_backend",
    "RankingPipeline": "matcher.rank.pipeline",
    "merge_packed": "matcher.rank.pipeline",
    "merge_shortlists": "matcher.rank.pipeline",
    "Decision": "matcher.rank.scoring",
    "LinearScorer": "matcher.rank.scoring",
    "MatchBand": "matcher.rank.calibration",
    "MatchCalibration": "matcher.rank.calibration",
    "training_set": "matcher.rank.scoring",
    "FEATURE_NAMES": "matcher.rank.features",
    "PairFeaturizer": "matcher.rank.features",
    "Cutoff": "matcher.rank.retrieval",
    "merge_cutoff": "matcher.rank.retrieval",
    "DEFAULT_MARGIN": "matcher.rank.incremental",
    "PoolChange": "matcher.rank.incremental",
    "RankState": "matcher.rank.incremental",
    "Carrier": "matcher.batch.carry",
    "ranking_metrics": "matcher.evaluate.metrics",
}
__all__ = [
    "CEFR_LEVELS",
    "DEFAULT_MARGIN",
    "FEATURE_NAMES",
    "CachedEmbedder",
    "Carrier",
    "Concept",
    "ConceptType",
    "Contribution",
    "Cutoff",
    "Decision",
    "Eligibility",
    "Embedder",
    "EmbeddingCache",
    "Experience",
    "InMemoryEmbeddingCache",
    "LanguageSkill",
    "LinearScorer",
    "MatchBand",
    "MatchCalibration",
    "OccupationClassifier",
    "OccupationGuess",
    "OnnxEmbedder",
    "PackedList",
    "PairFeaturizer",
    "PlacementKind",
    "PoolChange",
    "RankState",
    "RankedList",
    "RankingPipeline",
    "Reason",
    "ScoredMatch",
    "SeekerProfile",
    "SentenceTransformerEmbedder",
    "SqliteEmbeddingCache",
    "StaticEmbedder",
    "TargetGroup",
    "Taxonomy",
    "TextTooLong",
    "TitleNormaliser",
    "VacancyProfile",
    "default_taxonomy",
    "enrich",
    "merge_cutoff",
    "merge_packed",
    "merge_shortlists",
    "ranking_metrics",
    "redact_sensitive",
    "training_set",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'matcher' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
