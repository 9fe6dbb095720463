"""Typed parts of profiles that are stored as JSON (languages, experiences, skills)."""

from typing import Any

from pydantic import Field, field_validator

from matcher.types import CEFR_LEVELS
from models.base import StrictSchema

_LEVELS = set(CEFR_LEVELS)


class LanguageLevelIn(StrictSchema):
    code: str = Field(min_length=2, max_length=3, description="ISO 639-1 (or 639-2) code, e.g. 'sv', 'ar'")
    level: str | None = Field(default=None, description="CEFR A1…C2 or 'native'")

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not value.isalpha():
            raise ValueError("language code must be letters, e.g. 'sv'")
        return value.lower()

    @field_validator("level")
    @classmethod
    def _level(cls, value: str | None) -> str | None:
        if value is not None and value not in _LEVELS:
            raise ValueError(f"level must be one of {', '.join(CEFR_LEVELS)}")
        return value


class ExperienceIn(StrictSchema):
    title: str = Field(min_length=1, max_length=200)
    years: float = Field(default=0, ge=0, le=60)
    occupation_id: str | None = Field(default=None, max_length=32)


JsonList = list[dict[str, Any]]


def check_cefr(value: str | None) -> str | None:
    if value is not None and value not in _LEVELS:
        raise ValueError(f"level must be one of {', '.join(CEFR_LEVELS)}")
    return value


def check_texts(values: list[str], *, max_items: int = 100, max_len: int = 200) -> list[str]:
    if len(values) > max_items:
        raise ValueError(f"at most {max_items} items")
    cleaned = [v.strip() for v in values]
    if any(not v or len(v) > max_len for v in cleaned):
        raise ValueError(f"items must be non-empty and at most {max_len} characters")
    return cleaned
