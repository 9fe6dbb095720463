"""Shared column helpers and schema configuration."""

from datetime import UTC, datetime
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

# Ids that leave the server name one row forever: a deleted row's id is never handed out again. SQLite
# without AUTOINCREMENT reuses the highest rowid (a deleted user's id, and so their old links and tokens,
# would pass to the next user); PostgreSQL sequences never reuse. Migration 0005 rebuilt the tables.
NEVER_REUSED: dict[str, Any] = {"sqlite_autoincrement": True}


def utcnow() -> datetime:
    return datetime.now(UTC)


def json_field(default_factory: Any = list, **kwargs: Any) -> Any:
    """A JSON column (TEXT on SQLite, json on PostgreSQL) with a fresh default per row."""
    return Field(default_factory=default_factory, sa_type=JSON, **kwargs)


class StrictSchema(SQLModel):
    """Request bodies: unknown fields are an error, never silently dropped (no mass assignment)."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


def with_examples(*examples: dict[str, Any]) -> Any:
    """A model configuration carrying examples for the API documentation (``/docs`` shows the first).

    Assign it as ``model_config``; pydantic merges it with the parents' configuration. Subclasses inherit
    the examples, so give a subclass with other fields its own.
    """
    return ConfigDict(json_schema_extra={"examples": list(examples)})


__all__ = ["JSON", "NEVER_REUSED", "Column", "StrictSchema", "json_field", "pk", "utcnow"]


def pk(row: Any) -> int:
    """The primary key of a flushed row (mypy-friendly: table ids are Optional until flushed)."""
    value = row.id
    if value is None:
        raise ValueError(f"{type(row).__name__} has no id yet; flush the session first")
    return int(value)


def patch_values(data: Any, *, exclude_unset: bool = True) -> dict[str, Any]:
    """The fields of a request body, ready to set on a table row.

    Scalars keep their Python types (a ``date`` stays a date: SQLite's date type refuses a string), while
    nested models and lists become plain JSON values for the JSON columns.
    """
    plain = data.model_dump(exclude_unset=exclude_unset)
    as_json = data.model_dump(mode="json", exclude_unset=exclude_unset)
    return {key: as_json[key] if isinstance(value, list | dict) else value for key, value in plain.items()}
