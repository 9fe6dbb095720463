"""Rows that protect the service: rate-limit events and accessibility reports from anonymous visitors."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import NEVER_REUSED, utcnow


class RateEvent(SQLModel, table=True):
    """One counted event (a failed login, an anonymous form post) under a hashed key.

    Insert-only, so concurrent requests never lose each other's counts (no read-modify-write); a limit is
    a count of a key's rows within a window. Old rows are purged.
    """

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)


class AccessibilityReport(SQLModel, table=True):
    """A report of an accessibility problem, kept apart from the audit trail (anyone may send one)."""

    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    message: str = Field(max_length=4000)
    contact: str = Field(default="", max_length=254)
    sender_role: str = Field(default="anonymous", max_length=32)
    created_at: datetime = Field(default_factory=utcnow, index=True)
