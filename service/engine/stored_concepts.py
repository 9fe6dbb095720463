"""Concepts and occupation guesses as stored on a row: JSON both ways, and the versions that expire them."""

import hashlib
from dataclasses import asdict
from functools import lru_cache
from typing import Any

from matcher import Concept, ConceptType, default_taxonomy
from matcher.rank.profile_arrays import occupation_model_version
from matcher.text.experience import OccupationEvidence, reader_version


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def concepts_to_json(concepts: list[Concept]) -> list[dict[str, Any]]:
    # The dict ``asdict`` gives (fields in order), built directly: ``asdict`` deep-copies every value,
    # which cost more than finding the concepts when a pool of seekers is loaded.
    return [
        {
            "id": c.id,
            "type": c.type.value,
            "label": c.label,
            "span": list(c.span),
            "confidence": c.confidence,
            "negated": c.negated,
            "level": c.level,
        }
        for c in concepts
    ]


def concepts_from_json(rows: list[dict[str, Any]]) -> tuple[Concept, ...]:
    # Occupation evidence read from the seeker's titles is stored beside the concepts (records with a
    # ``kind``): not a mention in the text, so never counted as one.
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
        if "kind" not in r
    )


EVIDENCE = "occupation_evidence"


def evidence_to_json(items: list[tuple[str, OccupationEvidence]]) -> list[dict[str, Any]]:
    """(the typed title, or "" for the free text; its evidence) as stored in a seeker's ``enrichment``."""
    return [
        {**asdict(e), "kind": EVIDENCE, "type": EVIDENCE, "title": title, "version": reader_version()}
        for title, e in items
    ]


def evidence_from_json(rows: list[dict[str, Any]]) -> list[tuple[str, OccupationEvidence]] | None:
    """The stored evidence, or None when there is none of the current reader (read the titles again)."""
    stored = [r for r in rows if r.get("kind") == EVIDENCE]
    marker = next((r for r in rows if r.get("kind") == EVIDENCE_READ), None)
    if marker is None or marker.get("version") != reader_version():
        return None
    return [
        (
            str(r["title"]),
            OccupationEvidence(
                occupation_id=str(r["occupation_id"]),
                label=str(r["label"]),
                confidence=float(r["confidence"]),
                typed=str(r["typed"]),
                source=str(r["source"]),
                years=None if r.get("years") is None else float(r["years"]),
            ),
        )
        for r in stored
        if r.get("version") == reader_version()
    ]


# One record says the titles were read (by which reader), so that "no evidence" is stored too.
EVIDENCE_READ = "occupation_evidence_read"


def evidence_marker(titles: list[str]) -> dict[str, Any]:
    # "type" too: readers of the stored list that filter concepts by type skip these records.
    return {"kind": EVIDENCE_READ, "type": EVIDENCE_READ, "version": reader_version(), "titles": titles}


def titles_read(rows: list[dict[str, Any]]) -> set[str]:
    """The typed titles the stored evidence was read from by the current reader (found something or not)."""
    marker = next((r for r in rows if r.get("kind") == EVIDENCE_READ), None)
    if marker is None or marker.get("version") != reader_version():
        return set()
    return {str(t) for t in marker.get("titles", [])}


@lru_cache(maxsize=1)
def guesses_version() -> str:
    return occupation_model_version(default_taxonomy())
