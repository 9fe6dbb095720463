"""Concepts and occupation guesses as stored on a row: JSON both ways, and the versions that expire them."""

import hashlib
from dataclasses import asdict
from functools import lru_cache
from typing import Any

from matcher import Concept, ConceptType, default_taxonomy
from matcher.rank.profile_arrays import occupation_model_version


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def concepts_to_json(concepts: list[Concept]) -> list[dict[str, Any]]:
    return [{**asdict(c), "type": c.type.value, "span": list(c.span)} for c in concepts]


def concepts_from_json(rows: list[dict[str, Any]]) -> tuple[Concept, ...]:
    return tuple(
        Concept(
            id=r["id"],
            type=ConceptType(r["type"]),
            label=r["label"],
            span=(int(r["span"][0]), int(r["span"][1])),
            confidence=float(r["confidence"]),
            negated=bool(r.get("negated", False)),
            level=r.get("level"),
        )
        for r in rows
    )


@lru_cache(maxsize=1)
def guesses_version() -> str:
    return occupation_model_version(default_taxonomy())
