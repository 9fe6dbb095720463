"""Cached shortlist read against a minimal FastAPI app returning the same JSON body, interleaved.

    .venv/bin/python benchmarks/bench_read.py [--rounds 3] [--seconds 8] [--connections 16] [--workers 1]

A fresh SQLite database holds one vacancy with a READY shortlist of 50 entries (explanations of the
engine's shape: a contribution per feature, 4 reasons in Swedish and English, skills), its 50 seekers
with eligibility, and a staff user. Our service runs as in production (uvicorn with uvloop and
httptools, ``--workers``, access log off, pool warm-up off: nothing to rank here) and answers
``GET /vacancies/{id}/shortlist`` as staff: bearer token checked against the user row, the one stamp
query, the stored page, the read queued for the batched audit writer. A stored page is answered by the
fast path (``service.shortlists.fast_read.ShortlistReadFastPath``) before routing, with the route's bytes
and headers; the first read renders it through the route. The peer
(``benchmarks/read_peer.py``) is a FastAPI app in the same uvicorn setup returning the same body from a
``def`` route (thread pool, like ours) and from an ``async def`` route.

Load comes from ``wrk`` (Debian package ``wrk``), 2 threads; targets alternate round by round. After the
server stops (SIGTERM, so the lifespan flushes), the audit events written are counted against the
requests wrk completed: every read must be audited. Writes benchmarks/results/read.json and read.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
sys.path.insert(0, str(REPO))


def build_database(url: str) -> tuple[int, str]:
    """One vacancy with a 50-entry READY shortlist; (vacancy id, a staff bearer token)."""
    from sqlmodel import Session

    from matcher.rank.features import FEATURE_NAMES
    from models import (
        Contract,
        Eligibility,
        EmploymentRequirement,
        JobSeeker,
        Organisation,
        Shortlist,
        ShortlistEntry,
        User,
        Vacancy,
    )
    from models.base import pk
    from models.enums import (
        ConsentStatus,
        OrganisationKind,
        Role,
        ShortlistStatus,
        TargetGroup,
        VacancyStatus,
    )
    from service.auth.tokens import create_access_token
    from service.platform.config import get_settings
    from service.platform.db import make_engine
    from service.platform.migrate import upgrade

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
        s.flush()
        s.add(
            EmploymentRequirement(
                contract_id=pk(contract),
                target_groups=["newcomer", "youth"],
                placement_kinds=["employment"],
                committed_placements=5,
                matching_actor_id=pk(actor),
            )
        )
        vacancy = Vacancy(
            ref="v1",
            contract_id=pk(contract),
            title="Lokalvårdare",
            description="Städning av skolor i Malmö.",
            status=VacancyStatus.OPEN,
            municipality_code="1280",
        )
        s.add(vacancy)
        user = User(
            email="staff@example.org",
            full_name="Handläggare",
            role=Role.STAFF,
            organisation_id=pk(actor),
            password_hash="x",
        )
        s.add(user)
        s.flush()
        shortlist = Shortlist(
            vacancy_id=pk(vacancy), model_version="bench", config_hash="c" * 64, input_hash="i" * 64
        )
        shortlist.status = ShortlistStatus.READY
        s.add(shortlist)
        s.flush()
        for rank in range(1, 51):
            seeker = JobSeeker(
                ref=f"seeker-{rank:03d}",
                matching_actor_id=pk(actor),
                profile_text="Jag har arbetat som lokalvårdare på skolor och kontor i Malmö.",
                consent=ConsentStatus.GIVEN,
                municipality_code="1280",
            )
            s.add(seeker)
            s.flush()
            group = TargetGroup.NEWCOMER if rank % 2 else TargetGroup.YOUTH
            s.add(Eligibility(seeker_id=pk(seeker), target_group=group, evidence="Intyg", verified=True))
            contributions = [
                {
                    "feature": f,
                    "value": round(0.5 + rank / 200, 6),
                    "contribution": round(0.1 - rank / 1000, 6),
                }
                for f in FEATURE_NAMES
            ]
            reasons = [
                {
                    "code": code,
                    "sv": f"Har arbetat som lokalvårdare i {rank % 7 + 1} år; yrket stämmer med platsen.",
                    "en": f"Has worked as a cleaner for {rank % 7 + 1} years; the occupation fits.",
                    "positive": code != "missing_skill",
                }
                for code in ("occupation_match", "experience", "distance", "missing_skill")
            ]
            s.add(
                ShortlistEntry(
                    shortlist_id=pk(shortlist),
                    seeker_id=pk(seeker),
                    rank=rank,
                    score=round(2.0 - rank / 50, 6),
                    intercept=-0.5,
                    contributions=contributions,
                    reasons=reasons,
                    matched_skills=["städning", "golvvård", "fönsterputs"],
                    missing_skills=["truckkort"],
                    distance_km=round(rank / 3, 2),
                )
            )
        s.commit()
        token = create_access_token(
            get_settings(),
            user_id=pk(user),
            role=Role.STAFF,
            organisation_id=pk(actor),
            session_key=user.session_key,
        )
        vacancy_id = pk(vacancy)
    engine.dispose()
    return vacancy_id, token


def serve(args: list[str], port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [str(REPO / ".venv" / "bin" / "uvicorn"), *args, "--host", "127.0.0.1", "--port", str(port)]
    command += ["--log-level", "warning", "--no-access-log", "--loop", "uvloop", "--http", "httptools"]
    proc = subprocess.Popen(command, env=env, cwd=REPO)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=1.0)
            return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"server on port {port} did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)  # the lifespan's shutdown flushes the audit queue
    proc.wait(60)


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str]) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for key, value in headers.items():
        command += ["-H", f"{key}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": rps,
        "p50_ms": float(p50.group(1)) * scale[p50.group(2)] if p50 else float("nan"),
        "requests": total,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed (Debian: apt-get install wrk)")

    tmp = Path(tempfile.mkdtemp(prefix="bench_read_"))
    url = f"sqlite:///{tmp / 'read.db'}"
    env = {**os.environ, "MATCHER_DATABASE_URL": url, "MATCHER_WARMUP": "false", "HF_HUB_OFFLINE": "1"}
    os.environ.update({"MATCHER_DATABASE_URL": url})
    vacancy_id, token = build_database(url)
    workers = ["--workers", str(args.workers)]
    ours = serve(["service.app.asgi:app", *workers], 8811, env)
    auth = {"Authorization": f"Bearer {token}"}
    ours_url = f"http://127.0.0.1:8811/vacancies/{vacancy_id}/shortlist?limit=50"
    first = httpx.get(ours_url, headers=auth, timeout=30)
    first.raise_for_status()
    body_file = tmp / "body.json"
    body_file.write_text(first.text, encoding="utf-8")
    assert len(first.json()["entries"]) == 50
    peer = serve(
        ["read_peer:app", "--app-dir", str(REPO / "benchmarks"), *workers],
        8812,
        {**env, "PEER_BODY": str(body_file)},
    )
    for path in ("sync", "async"):
        assert httpx.get(f"http://127.0.0.1:8812/{path}").json() == first.json()  # the same body

    targets = {
        "ours": (ours_url, auth),
        "peer_def": ("http://127.0.0.1:8812/sync", {}),
        "peer_async": ("http://127.0.0.1:8812/async", {}),
    }
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    try:
        for _ in range(args.rounds):
            for name, (target, headers) in targets.items():
                runs[name].append(wrk(target, args.seconds, args.connections, headers))
    finally:
        stop(ours)
        stop(peer)

    from sqlmodel import Session, col, func, select

    from models import AuditEvent
    from service.platform.db import make_engine

    engine = make_engine(url)
    with Session(engine) as session:
        audited = session.exec(
            select(func.count()).select_from(AuditEvent).where(col(AuditEvent.action) == "shortlist.read")
        ).one()
    engine.dispose()
    served = 1 + sum(int(r["requests"]) for r in runs["ours"])
    median = {name: statistics.median(r["rps"] for r in rs) for name, rs in runs.items()}
    p50 = {name: statistics.median(r["p50_ms"] for r in rs) for name, rs in runs.items()}
    result: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.python_version()}",
        "setup": {
            "rounds": args.rounds,
            "seconds": args.seconds,
            "connections": args.connections,
            "workers": args.workers,
            "body_bytes": len(first.content),
            "entries": 50,
        },
        "runs": runs,
        "median_rps": median,
        "median_p50_ms": p50,
        "ratio_vs_peer_def": median["ours"] / median["peer_def"],
        "ratio_vs_peer_async": median["ours"] / median["peer_async"],
        "audit": {"reads_answered_at_least": served, "shortlist_read_events": int(audited)},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "read.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Cached shortlist read vs a minimal FastAPI app (same body, same uvicorn setup, interleaved)",
        "",
        f"`python benchmarks/bench_read.py --rounds {args.rounds} --seconds {args.seconds} "
        f"--connections {args.connections} --workers {args.workers}`; {result['machine']}; "
        f"body {len(first.content)} bytes, 50 entries; wrk 2 threads.",
        "",
        "| target | req/s (median of rounds) | p50 latency ms | rounds req/s |",
        "| --- | --- | --- | --- |",
    ]
    for name in targets:
        rounds = ", ".join(f"{r['rps']:.0f}" for r in runs[name])
        lines.append(f"| {name} | {median[name]:.0f} | {p50[name]:.2f} | {rounds} |")
    lines += [
        "",
        f"Ours / peer (def): **{result['ratio_vs_peer_def']:.2f}**; ours / peer (async def): "
        f"**{result['ratio_vs_peer_async']:.2f}**.",
        f"Audit: {audited} `shortlist.read` events written for {served} reads answered (wrk counts "
        "completed responses; a read cut off at the end of a run may be audited without being counted).",
        "",
    ]
    (RESULTS / "read.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
