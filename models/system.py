"""Engine state kept by the service: cached vectors, batch runs, trained models, switches."""

from datetime import datetime

from sqlalchemy import LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import NEVER_REUSED, json_field, utcnow


class EmbeddingVector(SQLModel, table=True):
    """A cached embedding keyed by (model id, content hash): unchanged texts are never re-embedded."""

    __table_args__ = (UniqueConstraint("model_id", "content_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    model_id: str = Field(max_length=64, index=True)
    content_hash: str = Field(max_length=64)
    dim: int
    vector: bytes = Field(sa_type=LargeBinary)  # float32, little-endian
    created_at: datetime = Field(default_factory=utcnow)


class RerankRun(SQLModel, table=True):
    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    status: str = Field(default="running", max_length=16)  # running | done | failed | skipped
    model_version: str = Field(max_length=64)
    input_hash: str = Field(default="", max_length=64)
    counts: dict[str, object] = json_field(default_factory=dict)
    metrics: dict[str, object] = json_field(default_factory=dict)
    error: str | None = Field(default=None, max_length=2000)


class ScorerModel(SQLModel, table=True):
    """A trained (or the shipped default) scorer; exactly one is active."""

    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=64, unique=True)
    payload: dict[str, object] = json_field(default_factory=dict)
    active: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class SystemSetting(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=2000)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = None


class PoolSnapshot(SQLModel, table=True):
    """A matching actor's seeker pool as a re-rank saw it: pseudonymous ids and profile digests only.

    ``ShortlistState`` rows point into it by position; the job diffs it against the current pool.
    Dropped by the job once no state refers to it.
    """

    __table_args__ = (UniqueConstraint("matching_actor_id", "digest"),)

    id: int | None = Field(default=None, primary_key=True)
    matching_actor_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    digest: str = Field(max_length=64)
    seekers: bytes = Field(sa_type=LargeBinary)  # zlib-compressed JSON [[seeker id, digest prefix], ...]
    created_at: datetime = Field(default_factory=utcnow)


class ShortlistState(SQLModel, table=True):
    """What carrying a vacancy's READY shortlist to a changed pool needs (``matcher.rank.incremental``)."""

    vacancy_id: int = Field(primary_key=True, foreign_key="vacancy.id", ondelete="CASCADE")
    shortlist_id: int = Field(foreign_key="shortlist.id", index=True, ondelete="CASCADE")
    snapshot_id: int = Field(foreign_key="poolsnapshot.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=64)  # vacancy, model, config and day: all of it must be equal to carry
    state: bytes = Field(sa_type=LargeBinary)
    updated_at: datetime = Field(default_factory=utcnow)
