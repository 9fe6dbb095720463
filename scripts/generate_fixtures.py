"""Generate the fictional Swedish demo and test fixtures, deterministically (a build-time script).

    .venv/bin/python scripts/generate_fixtures.py --seed 2026 --out data/fixtures
    .venv/bin/python scripts/generate_fixtures.py --jobtech /work/shared/data/jobtech   # refresh sources.json

Writes organisations, contracts, vacancies and seekers in the JSON Lines import format (models/io.py) and
``history.jsonl`` (demo users, review decisions, placements, follow-ups, monitoring attributes). Every person,
company and authority is invented; occupations, skills, languages and municipality codes are real JobTech and
SCB vocabulary, read from ``data/fixtures/sources.json`` (cut from the JobTech open data by ``--jobtech``).

The review history comes from a hidden notion of fit computed from structured data only (related occupation
in experience, skills, Swedish level, licences, commuting distance, availability, extent, placement kind) plus
noise, so a model trained on it has something to learn. Sex, age and origin never enter it.
Same seed and sources, same bytes: one ``random.Random``, sorted keys, no clock, no uuid.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fixtures.common import DEFAULT_SOURCES, REPO, Record
from fixtures.decisions import make_decisions, settle_outcomes
from fixtures.history import make_monitoring, make_placements, make_users
from fixtures.organisations import make_contracts, make_organisations
from fixtures.seekers import make_seekers
from fixtures.sources import build_sources
from fixtures.vacancies import make_vacancies
from fixtures.world import World


def generate(seed: int, sources: dict[str, Any]) -> dict[str, list[Record]]:
    w = World(rng=random.Random(seed), src=sources)
    make_organisations(w)
    make_contracts(w)
    make_vacancies(w)
    make_seekers(w)
    users, staff = make_users(w)
    decisions = make_decisions(w, staff)
    hired = settle_outcomes(w, decisions)
    placements, followups = make_placements(w, hired)
    history = users + [d for d, _ in decisions] + placements + followups + make_monitoring(w)
    return {
        "organisations": w.orgs,
        "contracts": w.contracts,
        "vacancies": w.vacancies,
        "seekers": w.seekers,
        "history": history,
    }


def write(files: dict[str, list[Record]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, records in files.items():
        lines = (json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
        (out / f"{name}.jsonl").write_text("".join(lines), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=REPO / "data" / "fixtures")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--jobtech", type=Path, help="rebuild --sources from this JobTech directory first")
    args = parser.parse_args(argv)
    if args.jobtech:
        args.sources.write_text(
            json.dumps(build_sources(args.jobtech), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    sources = json.loads(args.sources.read_text(encoding="utf-8"))
    files = generate(args.seed, sources)
    write(files, args.out)
    print(", ".join(f"{len(r)} {name}" for name, r in files.items()), "->", args.out)


if __name__ == "__main__":
    main()
