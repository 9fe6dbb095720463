"""``matcher rank``: rank vacancies and seekers given as import-format files, with no database.

Other systems (and our own evaluations) can run the engine on their data this way. Profile ids in
the output are the records' ``ref``s.
"""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from matcher import RankedList, RankingPipeline, SeekerProfile, VacancyProfile
from models import EmploymentRequirement, Vacancy
from models.io import ContractRecord, SeekerRecord, VacancyRecord
from service.engine.enrichment import enrich_vacancy, enriched_records
from service.engine.translate import to_vacancy_profile
from service.imports.service import jsonl_lines, parse_lines
from service.platform.errors import BadInput


def _records(path: Path) -> list[Any]:
    try:
        lines = jsonl_lines(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BadInput(f"no such file: {path}") from exc
    except UnicodeDecodeError as exc:
        raise BadInput(f"{path} is not UTF-8 text") from exc
    return [record for _, record in parse_lines(lines)]


def load_vacancies(path: Path) -> list[VacancyProfile]:
    """Vacancy records (and the contracts they refer to, if in the same file) → engine inputs."""
    records = _records(path)
    requirements = {
        r.ref: EmploymentRequirement.model_validate(
            {**r.requirement.model_dump(mode="json"), "contract_id": 0}
        )
        for r in records
        if isinstance(r, ContractRecord)
    }
    out = []
    for r in records:
        if isinstance(r, VacancyRecord):
            row = Vacancy.model_validate(
                {**r.model_dump(mode="json", exclude={"type", "contract_ref"}), "contract_id": 0}
            )
            row.id = None
            enrich_vacancy(row)
            profile = to_vacancy_profile(row, requirements.get(r.contract_ref))
            out.append(_with_id(profile, r.ref))
    if not out:
        raise BadInput(f"{path} holds no vacancy records")
    return out


def load_seekers(path: Path, processes: int | None = None) -> list[SeekerProfile]:
    """Seeker records → engine inputs, straight from the records (no rows: building them cost more than
    a third of the command), their texts read on ``processes`` processes (default: up to two cores)."""
    if processes is None:
        processes = min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    records = [r for r in _records(path) if isinstance(r, SeekerRecord)]
    out = enriched_records(records, processes)
    if not out:
        raise BadInput(f"{path} holds no seeker records")
    return out


def _with_id(profile: Any, ref: str) -> Any:
    from dataclasses import replace

    return replace(profile, id=ref)


def rank_lines(
    pipeline: RankingPipeline, vacancies: list[VacancyProfile], top: int, block: int = 64
) -> Iterator[str]:
    """One JSON line per vacancy, in order. Vacancies are ranked ``block`` at a time: one embedding
    call and one similarity product per block (each list equals ranking that vacancy alone)."""
    for ranked in pipeline.shortlist_many(vacancies, k=top, block=block):
        yield json.dumps(_ranked_json(ranked), ensure_ascii=False, sort_keys=True)


def _ranked_json(ranked: RankedList) -> dict[str, Any]:
    return {
        "vacancy_id": ranked.query_id,
        "model_version": ranked.model_version,
        "seekers": [
            {
                "seeker_id": m.seeker_id,
                "rank": m.rank,
                "score": round(m.score, 6),
                "intercept": round(m.intercept, 6),
                "contributions": [c._asdict() for c in m.contributions],
                "reasons": [r._asdict() for r in m.reasons],
                "matched_skills": list(m.matched_skills),
                "missing_skills": list(m.missing_skills),
                "distance_km": m.distance_km,
            }
            for m in ranked.matches
        ],
    }
