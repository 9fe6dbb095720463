"""First shortlist after ``make demo`` (seeded database, fresh process) against a warm one.

    .venv/bin/python benchmarks/bench_cold_start.py

The demo fixtures are seeded into a fresh SQLite database (as ``matcher seed`` does), which is copied
before anything ranks, so both runs start equally cold (no cached vectors, no indexed pool):

* **warm-up on** (the default): ``matcher serve`` as ``make demo`` starts it. Start-up is timed until
  ``/health`` answers; the app serves only after ``PoolWarmer``'s first pass (bounded by
  ``MATCHER_WARMUP_WAIT_S``), so this includes indexing every matching actor's pools.
* **warm-up off** (``MATCHER_WARMUP=false``): the same, with the pool indexed by the first request.

In each run a staff user of the matching actor with the most open vacancies computes the shortlist of
one vacancy (the first a person sees, ``POST /vacancies/{id}/shortlist``), then of a second one (warm),
then reads the first back (cached ``GET``). The embedder is the configured one
(``MATCHER_EMBEDDING_BACKEND``). Writes benchmarks/results/cold_start.json and cold_start.md.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
sys.path.insert(0, str(REPO))


def seed(url: str) -> float:
    from service.app.seed import load_fixtures
    from service.platform.db import make_engine, session_scope
    from service.platform.migrate import upgrade

    started = time.perf_counter()
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as session:
        load_fixtures(session)
    engine.dispose()
    return time.perf_counter() - started


def pick_staff_and_vacancies(url: str) -> tuple[str, list[int]]:
    """A bearer token of a staff user of the busiest matching actor, and two of its open vacancies."""
    from collections import Counter

    from sqlmodel import Session, col, select

    from models import EmploymentRequirement, User, Vacancy
    from models.enums import Role, VacancyStatus
    from service.auth.tokens import create_access_token
    from service.platform.config import get_settings
    from service.platform.db import make_engine

    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(
            select(Vacancy.id, EmploymentRequirement.matching_actor_id)
            .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
            .where(Vacancy.status == VacancyStatus.OPEN)
            .order_by(col(Vacancy.id))
        ).all()
        actors = Counter(actor for _, actor in rows if actor is not None)
        for actor, _ in actors.most_common():
            user = session.exec(
                select(User).where(User.organisation_id == actor, User.role == Role.STAFF)
            ).first()
            if user is not None:
                break
        else:
            raise RuntimeError("no staff user of a matching actor with open vacancies")
        vacancies = [v for v, a in rows if a == actor][:2]
        token = create_access_token(
            get_settings(),
            user_id=int(user.id or 0),
            role=Role.STAFF,
            organisation_id=actor,
            session_key=user.session_key,
            session_version=user.session_version,
        )
    engine.dispose()
    return token, vacancies


def run(url: str, port: int, token: str, vacancies: list[int], *, warmup: bool) -> dict[str, Any]:
    env = {
        **os.environ,
        "MATCHER_DATABASE_URL": url,
        "MATCHER_WARMUP": str(warmup).lower(),
        "HF_HUB_OFFLINE": "1",
    }
    command = [str(REPO / ".venv" / "bin" / "matcher"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.perf_counter() - started > 900:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        startup = time.perf_counter() - started
        headers = {"Authorization": f"Bearer {token}"}
        timings: dict[str, Any] = {"startup_s": startup}
        with httpx.Client(base_url=base, headers=headers, timeout=900) as client:
            for label, vacancy in (("first_shortlist_s", vacancies[0]), ("warm_shortlist_s", vacancies[1])):
                t = time.perf_counter()
                response = client.post(f"/vacancies/{vacancy}/shortlist")
                timings[label] = time.perf_counter() - t
                response.raise_for_status()
                timings[label.replace("_s", "_entries")] = response.json()["entries"]
            t = time.perf_counter()
            client.get(f"/vacancies/{vacancies[0]}/shortlist").raise_for_status()
            timings["cached_read_s"] = time.perf_counter() - t
        return timings
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)


def main() -> None:
    from service.platform.config import get_settings

    tmp = Path(tempfile.mkdtemp(prefix="bench_cold_"))
    seeded = tmp / "seeded.db"
    seed_s = seed(f"sqlite:///{seeded}")
    token, vacancies = pick_staff_and_vacancies(f"sqlite:///{seeded}")
    results: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.python_version()}",
        "embedding_backend": get_settings().embedding_backend,
        "seed_s": seed_s,
        "vacancies": vacancies,
    }
    for name, warmup, port in (("warmup_on", True, 8821), ("warmup_off", False, 8822)):
        db = tmp / f"{name}.db"
        shutil.copy(seeded, db)  # equally cold: no vectors cached, nothing indexed
        results[name] = run(f"sqlite:///{db}", port, token, vacancies, warmup=warmup)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "cold_start.json"
    # One entry per embedding backend, so runs with MATCHER_EMBEDDING_BACKEND=... add up.
    everything = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    everything[results["embedding_backend"]] = results
    path.write_text(json.dumps(everything, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# First shortlist after `make demo` (fresh seeded database, fresh process)",
        "",
        "`[MATCHER_EMBEDDING_BACKEND=...] python benchmarks/bench_cold_start.py`; each run copies one",
        "freshly seeded database twice (no cached vectors, nothing indexed), `matcher serve` on each copy.",
        "",
        "| backend | warm-up | start-up until /health answers | first shortlist (POST) | a second one (warm) "
        "| cached GET |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for backend, r in everything.items():
        for name, label in (("warmup_on", "on (default)"), ("warmup_off", "off")):
            t = r[name]
            lines.append(
                f"| {backend} | {label} | {t['startup_s']:.1f} s | {t['first_shortlist_s']:.2f} s | "
                f"{t['warm_shortlist_s']:.2f} s | {t['cached_read_s'] * 1000:.0f} ms |"
            )
    lines += [
        "",
        f"Machine: {results['machine']}. With warm-up on, every actor's pools are indexed before the app "
        "serves (at most `MATCHER_WARMUP_WAIT_S`); the start-up column carries that cost.",
        "",
    ]
    (RESULTS / "cold_start.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
