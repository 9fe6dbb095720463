"""Re-rank write stage: shortlists written one transaction each (the old ``write_shortlist``) against
``ShortlistWriter`` batches, on SQLite and PostgreSQL, interleaved round by round.

    .venv/bin/python benchmarks/bench_store_writes.py [--lists 1000] [--rounds 3] [--batch 50]
        [--baseline /tmp/store_baseline.py | --baseline-rev HEAD] [--postgres URL]

Each database holds ``--lists`` open vacancies, each with a READY list of 50 entries of the engine's
shape (a contribution per feature, 4 reasons in Swedish and English, skills) and every tenth with a
staff addition, so every write supersedes a list and some carry a manual entry, as a nightly run does.
Every round writes a new list (new input hash) for every vacancy with each implementation in turn, the
order alternating. The old code is loaded from ``--baseline`` (a copy of the old module) or from
``git show REV:service/jobs/store.py``. PostgreSQL (``--postgres`` or MATCHER_TEST_POSTGRES_URL) gets a
scratch database of its own, dropped afterwards. Writes benchmarks/results/store_writes.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlmodel import Session, func, select  # noqa: E402

from matcher import Contribution, RankedList, Reason, ScoredMatch  # noqa: E402
from matcher.rank.features import FEATURE_NAMES  # noqa: E402
from models import (  # noqa: E402
    Contract,
    JobSeeker,
    Organisation,
    RerankRun,
    Shortlist,
    ShortlistEntry,
    Vacancy,
)
from models.base import pk  # noqa: E402
from models.enums import ConsentStatus, OrganisationKind, ShortlistStatus, VacancyStatus  # noqa: E402
from service.jobs import store  # noqa: E402
from service.platform.config import get_settings  # noqa: E402
from service.platform.db import make_engine  # noqa: E402
from service.platform.migrate import upgrade  # noqa: E402
from service.shortlists.service import entry_from_match  # noqa: E402

ENTRIES = 50


def load_baseline(path: str | None, rev: str) -> ModuleType:
    if path is None:
        source = subprocess.run(
            ["git", "show", f"{rev}:service/jobs/store.py"],
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        path = str(Path(tempfile.mkdtemp()) / "store_baseline.py")
        Path(path).write_text(source)
    spec = importlib.util.spec_from_file_location("store_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ranked_list(vacancy_id: int, seeker_ids: list[int], salt: int) -> RankedList:
    matches = []
    for rank, seeker_id in enumerate(seeker_ids[:ENTRIES], start=1):
        matches.append(
            ScoredMatch(
                vacancy_id=str(vacancy_id),
                seeker_id=str(seeker_id),
                rank=rank,
                score=round(2.0 - rank / 50 + salt / 1000, 6),
                intercept=-0.5,
                contributions=tuple(
                    Contribution(f, round(0.5 + rank / 200, 6), round(0.1 - rank / 1000, 6))
                    for f in FEATURE_NAMES
                ),
                reasons=tuple(
                    Reason(
                        code,
                        f"Har arbetat som lokalvårdare i {rank % 7 + 1} år; yrket stämmer med platsen.",
                        f"Has worked as a cleaner for {rank % 7 + 1} years; the occupation fits.",
                        code != "missing_skill",
                    )
                    for code in ("occupation_match", "experience", "distance", "missing_skill")
                ),
                matched_skills=("städning", "golvvård", "fönsterputs"),
                missing_skills=("truckkort",),
                distance_km=round(rank / 3, 2),
            )
        )
    return RankedList(query_id=str(vacancy_id), model_version="bench", matches=tuple(matches))


def build(url: str, n: int) -> tuple[list[int], list[int], int]:
    """(vacancy ids, seeker ids, run id) of a database with a READY list per vacancy."""
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as s:
        orgs = [
            Organisation(ref=f"o{i}", name=f"Org {i}", kind=kind, org_number=f"55{i:04d}-0000")
            for i, kind in enumerate(
                (
                    OrganisationKind.PROCURING_AUTHORITY,
                    OrganisationKind.SUPPLIER,
                    OrganisationKind.MATCHING_ACTOR,
                )
            )
        ]
        s.add_all(orgs)
        s.flush()
        authority, supplier, actor = orgs
        contract = Contract(
            ref="c1",
            title="Lokalvård",
            procuring_org_id=pk(authority),
            supplier_org_id=pk(supplier),
            start_date=date(2026, 1, 1),
            end_date=date(2028, 12, 31),
        )
        s.add(contract)
        seekers = [
            JobSeeker(
                ref=f"seeker-{i:03d}",
                matching_actor_id=pk(actor),
                profile_text="Lokalvårdare på skolor och kontor.",
                consent=ConsentStatus.GIVEN,
                municipality_code="1280",
            )
            for i in range(ENTRIES + 1)
        ]
        s.add_all(seekers)
        s.flush()
        vacancies = [
            Vacancy(
                ref=f"v{i}",
                contract_id=pk(contract),
                title="Lokalvårdare",
                description="Städning av skolor i Malmö.",
                status=VacancyStatus.OPEN,
                municipality_code="1280",
            )
            for i in range(n)
        ]
        s.add_all(vacancies)
        run = RerankRun(model_version="bench")
        s.add(run)
        s.flush()
        seeker_ids = [pk(x) for x in seekers]
        for v in vacancies:
            shortlist = Shortlist(
                vacancy_id=pk(v), model_version="bench", config_hash="c", input_hash="initial", run_id=pk(run)
            )
            shortlist.status = ShortlistStatus.READY
            s.add(shortlist)
            s.flush()
            for m in ranked_list(pk(v), seeker_ids, 0).matches:
                s.add(entry_from_match(pk(shortlist), m))
            if pk(v) % 10 == 0:  # a staff addition, carried by every later list
                s.add(
                    ShortlistEntry(
                        shortlist_id=pk(shortlist),
                        seeker_id=seeker_ids[ENTRIES],
                        rank=ENTRIES + 1,
                        score=0.0,
                        source="manual",
                        manual_reason="Känd sedan tidigare",
                    )
                )
        s.commit()
        ids = [pk(v) for v in vacancies]
        run_id = pk(run)
    engine.dispose()
    return ids, seeker_ids, run_id


def write_old(module: Any, engine: Engine, lists: dict[int, RankedList], run_id: int, tag: str) -> None:
    for ordinal, (vid, ranked) in enumerate(lists.items(), start=1):
        assert module.write_shortlist(
            engine,
            run_id=run_id,
            vacancy_id=vid,
            input_hash=tag,
            model_version="bench",
            config_hash="c",
            ranked=ranked,
            ordinal=ordinal,
            state=None,
        )


def write_new(engine: Engine, lists: dict[int, RankedList], run_id: int, tag: str, batch: int) -> None:
    answers: list[bool] = []
    with store.ShortlistWriter(
        engine, run_id=run_id, model_version="bench", config_hash="c", batch=batch, seconds=3600
    ) as writer:
        for vid, ranked in lists.items():
            writer.write(vacancy_id=vid, input_hash=tag, ranked=ranked, done=answers.append)
    assert answers == [True] * len(lists)


def check(engine: Engine, n: int) -> None:
    """One READY list per vacancy; every staff addition carried."""
    with Session(engine) as s:
        ready = s.exec(select(func.count()).where(Shortlist.status == ShortlistStatus.READY)).one()
        manual = s.exec(
            select(func.count())
            .select_from(ShortlistEntry)
            .join(Shortlist, Shortlist.id == ShortlistEntry.shortlist_id)  # type: ignore[arg-type]
            .where(Shortlist.status == ShortlistStatus.READY, ShortlistEntry.source == "manual")
        ).one()
    assert ready == n and manual == n // 10, (ready, manual)


def bench(url: str, args: argparse.Namespace, baseline: ModuleType) -> dict[str, Any]:
    ids, seeker_ids, run_id = build(url, args.lists)
    engine = make_engine(url)
    times: dict[str, list[float]] = {"old": [], "batched": []}
    for r in range(args.rounds):
        order = ["old", "batched"] if r % 2 == 0 else ["batched", "old"]
        for impl in order:
            tag = f"{impl}-{r}"
            lists = {vid: ranked_list(vid, seeker_ids, r + 1) for vid in ids}
            t0 = time.perf_counter()
            if impl == "old":
                write_old(baseline, engine, lists, run_id, tag)
            else:
                write_new(engine, lists, run_id, tag, args.batch)
            times[impl].append((time.perf_counter() - t0) * 1000 / len(ids) * 1000)
            check(engine, len(ids))
    engine.dispose()
    old, new = statistics.median(times["old"]), statistics.median(times["batched"])
    return {
        "ms_per_1000_lists": {k: [round(x, 1) for x in v] for k, v in times.items()},
        "median_old": round(old, 1),
        "median_batched": round(new, 1),
        "speedup": round(old / new, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=get_settings().rerank_write_batch)
    parser.add_argument("--baseline", help="a copy of the old service/jobs/store.py")
    parser.add_argument("--baseline-rev", default="HEAD")
    parser.add_argument("--postgres", default=os.environ.get("MATCHER_TEST_POSTGRES_URL"))
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "store_writes.json"))
    args = parser.parse_args()
    baseline = load_baseline(args.baseline, args.baseline_rev)
    results: dict[str, Any] = {
        "lists": args.lists,
        "entries_per_list": ENTRIES,
        "batch": args.batch,
        "rounds": args.rounds,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared, loaded)",
    }
    with tempfile.TemporaryDirectory() as tmp:
        results["sqlite"] = bench(f"sqlite:///{tmp}/bench.db", args, baseline)
        print("sqlite", json.dumps(results["sqlite"]), flush=True)
    if args.postgres:
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        name = f"bench_store_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
            results["postgresql"] = bench(url, args, baseline)
            print("postgresql", json.dumps(results["postgresql"]), flush=True)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
