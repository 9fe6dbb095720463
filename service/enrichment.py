"""Enrich vacancy and seeker text on save; store the concepts with the hash of the text they came from.

Ranking reads the stored concepts and never re-parses unchanged text.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from matcher.enrich import enrich
from matcher.types import Concept, ConceptType
from models import JobSeeker, Vacancy
from service.translate import seeker_text, vacancy_text


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


def _enrich_if_changed(row: Vacancy | JobSeeker, text: str) -> bool:
    digest = content_hash(text)
    if row.content_hash == digest:
        return False
    row.enrichment = concepts_to_json(enrich(text))
    row.content_hash = digest
    return True


def enrich_vacancy(row: Vacancy) -> bool:
    """Re-enrich if the text changed; True when it did."""
    return _enrich_if_changed(row, vacancy_text(row))


def enrich_seeker(row: JobSeeker) -> bool:
    return _enrich_if_changed(row, seeker_text(row))


def stable_json(value: Any, default: Callable[[Any], Any] = str) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=default)
