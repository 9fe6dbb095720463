"""The engine as the service runs it: one pipeline per process, vectors cached in the database.

``build_pipeline`` is used by the API, the UI, the CLI and batch jobs alike, so every path ranks with
the same model, taxonomy and scorer, and the model version stored with a shortlist names all three.
"""

from collections.abc import Mapping, Sequence
from functools import cache

import numpy as np
from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from matcher import Embedder, LinearScorer, RankingPipeline, SentenceTransformerEmbedder, default_taxonomy
from matcher.rank.lexical import DENSE_BUDGET
from models import EmbeddingVector, ScorerModel
from models.base import utcnow
from service.platform.config import get_settings


class DatabaseEmbeddingCache:
    """``EmbeddingCache`` over the EmbeddingVector table, keyed by (model id, content hash)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get_many(self, namespace: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        wanted = list(dict.fromkeys(keys))
        with Session(self.engine) as session:
            for start in range(0, len(wanted), 500):
                rows = session.exec(
                    select(EmbeddingVector).where(
                        EmbeddingVector.model_id == namespace,
                        col(EmbeddingVector.content_hash).in_(wanted[start : start + 500]),
                    )
                ).all()
                for row in rows:
                    found[row.content_hash] = np.frombuffer(row.vector, dtype="<f4").copy()
        return found

    def put_many(self, namespace: str, vectors: Mapping[str, np.ndarray]) -> None:
        if not vectors:
            return
        rows = [
            {
                "model_id": namespace,
                "content_hash": key,
                "dim": int(np.asarray(vec).size),
                "vector": np.asarray(vec, dtype="<f4").tobytes(),
                "created_at": utcnow(),
            }
            for key, vec in vectors.items()
        ]
        # Two processes may embed the same text at once: the first insert wins, the other is a no-op.
        insert = pg_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
        statement = insert(EmbeddingVector).on_conflict_do_nothing(
            index_elements=["model_id", "content_hash"]
        )
        with self.engine.begin() as conn:
            conn.execute(statement, rows)


@cache
def embedder() -> Embedder:
    settings = get_settings()
    if settings.embedding_backend == "static":
        from matcher import StaticEmbedder

        return StaticEmbedder()
    if settings.embedding_backend == "onnx-int8":
        from matcher import OnnxEmbedder

        return OnnxEmbedder(settings.model_path, quantize=True)
    return SentenceTransformerEmbedder(settings.model_path)


def active_scorer(session: Session | None) -> LinearScorer:
    """The active trained scorer, or the shipped default weights."""
    if session is not None:
        row = session.exec(select(ScorerModel).where(ScorerModel.active == True)).first()  # noqa: E712
        if row is not None:
            return LinearScorer.from_dict(row.payload)
    return LinearScorer.default()


def build_pipeline(
    session: Session | None = None, engine: Engine | None = None, *, lexical_dense_budget: int = DENSE_BUDGET
) -> RankingPipeline:
    cache_ = DatabaseEmbeddingCache(engine) if engine is not None else None
    return RankingPipeline(
        embedder(),
        default_taxonomy(),
        active_scorer(session),
        cache=cache_,
        lexical_dense_budget=lexical_dense_budget,
    )
