"""The batch re-rank on a real Dask cluster (``dask scheduler`` + ``dask worker`` processes) against the
same run in one process, and where the distributed time goes.

    .venv/bin/python benchmarks/bench_distributed.py                        # 20,000 seekers × 2,000
    .venv/bin/python benchmarks/bench_distributed.py --seekers 5000 --vacancies 500

One matching actor's pool in a SQLite file (seekers with varied Swedish texts, eligibility, placements
under ten contracts), its vectors cached by a first in-process run. Then on fresh copies of that file,
each ranking every list in full: in one process; on a cluster of 1 worker; of 2 workers (each cluster
warmed by one small run first, as a long-lived nightly cluster is). Printed per run: wall
time, the job's stage times, whether the stored lists equal the in-process ones, the driver's peak
resident memory and CPU seconds, the tasks it submitted and the pickled bytes of their arguments (the
workers read their seekers from the database: a partition's task is its id range); per cluster: the task
stream (compute, transfer, deserialisation per task kind); and two cluster constants for the cost
model: the per-task overhead (no-op tasks) and the rate at which a shared value reaches the workers.

Scale-out efficiency at n workers = t(1 worker) / (n × t(n workers)). This machine has 2 cores and is
shared: the figures hold for the run that printed them, and the ratios matter more than the seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("MATCHER_ENV", "test")
os.environ.setdefault("MATCHER_PYTEST", "1")  # the development secret is fine for a throw-away file
os.environ.setdefault("MATCHER_WARMUP", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from sqlalchemy import text
from sqlmodel import Session, select

from matcher.rank.profile_arrays import seeker_document, vacancy_document
from models import Eligibility, JobSeeker, Organisation, Vacancy
from models.base import pk
from models.enums import ConsentStatus, OrganisationKind, TargetGroup, VacancyStatus
from service.engine.enrichment import enrich_seeker, enrich_vacancy
from service.engine.pools import open_vacancy_profiles, seeker_profiles
from service.engine.ranking import build_pipeline
from service.jobs.distributed import ProcessCluster
from service.jobs.executors import DaskExecutor, InProcess
from service.jobs.progress import Silent
from service.jobs.rerank import embed_missing, rerank
from service.platform.db import make_engine
from service.platform.migrate import upgrade
from tests import factories

OUT = Path(__file__).resolve().parent / "results"
OCCUPATIONS = [
    ("Lokalvårdare", "städare på skolor och kontor"),
    ("Kock", "kock i storkök och à la carte"),
    ("Lagerarbetare", "lagerarbete med truckkort, plock och packning"),
    ("Barnskötare", "barnskötare på förskola"),
    ("Butikssäljare", "säljare i butik med kassa och kundservice"),
    ("Undersköterska", "undersköterska inom hemtjänst och äldreomsorg"),
    ("Snickare", "snickare inom bygg och renovering"),
    ("Lastbilschaufför", "chaufför med C-körkort, distribution"),
    ("Svetsare", "svetsare, MIG och TIG"),
    ("Målare", "målare, inomhus och fasad"),
    ("Diskare", "diskare på restaurang"),
    ("Vaktmästare", "vaktmästare i fastighetsskötsel"),
]
EXTRAS = [
    "Jag talar arabiska och svenska.",
    "Jag har B-körkort.",
    "Jag vill arbeta heltid.",
    "Jag har gått en kurs i hygien.",
    "Jag talar somaliska och lite engelska.",
    "Jag kan börja direkt.",
    "Jag har jobbat nätter.",
    "Jag har intyg från praktik.",
    "Jag läser SFI på kvällarna.",
    "Jag har erfarenhet av kundkontakt.",
]
CITIES = ["Malmö", "Lund", "Helsingborg", "Trelleborg", "Landskrona"]


def populate(url: str, n_seekers: int, n_vacancies: int, seed: int = 7) -> None:
    """One matching actor; ``n_vacancies`` open placements under ten contracts; ``n_seekers`` seekers.
    Texts repeat (a few thousand distinct): each distinct one is enriched once and the result copied."""
    rng = random.Random(seed)
    engine = make_engine(url)
    with Session(engine) as session:
        authority = factories.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
        supplier = factories.organisation(session, OrganisationKind.SUPPLIER)
        actor = factories.organisation(session, OrganisationKind.MATCHING_ACTOR)
        contracts = [factories.contract(session, authority, supplier, actor) for _ in range(10)]
        done: dict[str, Vacancy] = {}
        for i in range(n_vacancies):
            title, what = OCCUPATIONS[i % len(OCCUPATIONS)]
            city = CITIES[rng.randrange(len(CITIES))]
            row = Vacancy(
                ref=f"v-{i}",
                contract_id=pk(contracts[i % 10]),
                title=title,
                description=f"Vi söker {what} till {city}. {rng.choice(EXTRAS)}",
                status=VacancyStatus.OPEN,
                positions=1 + i % 3,
            )
            key = f"{row.title}|{row.description}"
            if key in done:
                for name in ("enrichment", "content_hash", "occupation_guesses", "guesses_version"):
                    setattr(row, name, getattr(done[key], name))
            else:
                enrich_vacancy(row)
                done[key] = row
            session.add(row)
        seekers: dict[str, JobSeeker] = {}
        rows = []
        for i in range(n_seekers):
            title, what = OCCUPATIONS[rng.randrange(len(OCCUPATIONS))]
            years = 1 + rng.randrange(12)
            extras = EXTRAS[rng.randrange(len(EXTRAS))]
            seeker = JobSeeker(
                ref=f"s-{i}",
                matching_actor_id=pk(actor),
                profile_text=f"Jag har arbetat som {what} i {years} år. {extras}",
                experiences=[{"title": title, "years": 1 + years % 5}],
                consent=ConsentStatus.GIVEN,
            )
            key = f"{seeker.profile_text}|{title}"
            if key in seekers:
                seeker.enrichment = seekers[key].enrichment
                seeker.content_hash = seekers[key].content_hash
            else:
                enrich_seeker(seeker)
                seekers[key] = seeker
            rows.append(seeker)
        session.add_all(rows)
        session.flush()
        session.add_all(
            Eligibility(
                seeker_id=pk(row),
                target_group=TargetGroup.NEWCOMER if i % 2 else TargetGroup.YOUTH,
                evidence="intyg",
            )
            for i, row in enumerate(rows)
            if i % 6 != 5
        )
        session.commit()
    engine.dispose()


def forget_lists(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM shortliststate"))
        conn.execute(text("UPDATE shortlist SET status = 'SUPERSEDED' WHERE status = 'READY'"))
    engine.dispose()


def lists(url: str) -> dict[int, list[tuple[int, float]]]:
    engine = make_engine(url)
    out: dict[int, list[tuple[int, float]]] = defaultdict(list)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.vacancy_id, e.seeker_id, e.score FROM shortlistentry e "
                "JOIN shortlist s ON s.id = e.shortlist_id WHERE s.status = 'READY' "
                "ORDER BY s.vacancy_id, e.rank"
            )
        ).all()
    engine.dispose()
    for vacancy_id, seeker_id, score in rows:
        out[vacancy_id].append((seeker_id, score))
    return dict(out)


def timed_run(url: str, executor: Any) -> dict[str, Any]:
    t, cpu = time.perf_counter(), time.process_time()
    report = rerank(url, executor=executor, progress=Silent())
    wall, cpu = time.perf_counter() - t, time.process_time() - cpu
    assert report.status == "done", report.message
    stages = {k: round(v["seconds"], 2) for k, v in report.metrics.get("stages", {}).items()}
    actors = report.metrics.get("actors", [])
    return {
        "wall_s": round(wall, 2),
        "driver_cpu_s": round(cpu, 2),
        # The driver's own peak during the run (this process; the workers' are theirs).
        "driver_peak_rss_mib": max((a["peak_rss_mib"] for a in actors), default=0.0),
        "written": report.counts["written"],
        "stages": stages,
    }


class SubmitCounter:
    """Counts what the driver submits to the scheduler: tasks, and the pickled bytes of their arguments
    (futures passed on as arguments count as their key only: their data stays on the workers)."""

    def __init__(self, client: Any) -> None:
        import cloudpickle
        from distributed import Future

        self.tasks, self.bytes = 0, 0
        submit = client.submit

        def counted(fn: Any, *args: Any, **kwargs: Any) -> Any:
            self.tasks += 1
            for arg in args:
                if not isinstance(arg, Future):
                    self.bytes += len(cloudpickle.dumps(arg, protocol=5))
            return submit(fn, *args, **kwargs)

        client.submit = counted


def task_stream(records: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per task kind (the function's name): count, and seconds of compute, transfer, deserialisation."""
    out: dict[str, dict[str, float]] = {}
    for r in records:
        kind = str(r["key"]).rsplit("-", 1)[0] if isinstance(r["key"], str) else str(r["key"])
        row = out.setdefault(kind, {"tasks": 0, "compute_s": 0.0, "transfer_s": 0.0, "deserialize_s": 0.0})
        row["tasks"] += 1
        for part in r["startstops"]:
            action = part["action"]
            name = "deserialize" if action.startswith("deserialize") else action
            if f"{name}_s" in row:
                row[f"{name}_s"] += part["stop"] - part["start"]
    return {k: {m: round(v, 3) for m, v in row.items()} for k, row in sorted(out.items())}


def _noop(x: int) -> int:
    return x


def cluster_constants(executor: DaskExecutor) -> dict[str, float]:
    """Per-task overhead (500 no-op tasks through the executor), and the time from sharing a 64 MiB
    array to its first use by tasks (pickled to the scheduler, then to a worker)."""
    n = 500
    t = time.perf_counter()
    assert len(list(executor.map(_noop, list(range(n))))) == n
    per_task_ms = (time.perf_counter() - t) / n * 1000
    block = np.ones(64 * 2**20 // 8)
    t = time.perf_counter()
    handle = executor.share(block)
    got = dict(executor.map(_size_of_chunk, [0] * executor.workers * 2, handle))
    seconds = time.perf_counter() - t
    assert all(v == block.nbytes for v in got.values())
    return {
        "per_task_overhead_ms": round(per_task_ms, 2),
        "share_64mib_first_use_s": round(seconds, 2),
    }


def _size_of_chunk(chunk: int, x: np.ndarray) -> int:
    return int(x.nbytes)


def cluster_runs(
    template: Path, warmup: Path, work: Path, n_workers: int, baseline: dict[int, Any], whole: bool = False
) -> dict[str, Any]:
    from distributed import get_task_stream

    t = time.perf_counter()
    with ProcessCluster(n_workers, workdir=work / f"cluster{n_workers}") as cluster:
        started = time.perf_counter() - t
        executor = DaskExecutor(cluster.address)
        if whole:
            # The job then ships the indexed pool to every worker and splits the placements (as for
            # forked processes) instead of partitioning the seekers.
            setattr(executor, "shares_memory", True)  # noqa: B010
        try:
            # A long-lived nightly cluster has imported the job's libraries and loaded the model: one
            # small run first, so the measured run is what a night costs.
            warm = work / f"warm{n_workers}.db"
            shutil.copy(warmup, warm)
            warm_run = timed_run(f"sqlite:///{warm}", executor)
            db = work / f"cluster{n_workers}.db"
            shutil.copy(template, db)
            counter = SubmitCounter(executor.client)
            with get_task_stream(executor.client) as stream:
                result = timed_run(f"sqlite:///{db}", executor)
            result["submitted_tasks"] = counter.tasks
            result["submitted_mib"] = round(counter.bytes / 2**20, 2)
            result["lists_equal"] = lists(f"sqlite:///{db}") == baseline
            result["warmup_run_wall_s"] = warm_run["wall_s"]
            result["cluster_start_s"] = round(started, 2)
            result["task_stream"] = task_stream(stream.data)
            result["constants"] = cluster_constants(executor)
        finally:
            executor.close()
    return result


def embed_all(url: str) -> None:
    """Every seeker's and placement's vector into the cache (in this process), ranking nothing."""
    engine = make_engine(url)
    with Session(engine) as session:
        pipeline = build_pipeline(session, engine)
        for actor_id in {int(o.id or 0) for o in session.exec(select(Organisation)).all()}:
            for side, texts in (
                ("document", [seeker_document(s) for s in seeker_profiles(session, actor_id)]),
                ("query", [vacancy_document(v) for v in open_vacancy_profiles(session, actor_id)]),
            ):
                embed_missing(pipeline.embedder, texts, side, InProcess(), Silent())
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=20_000)
    parser.add_argument("--vacancies", type=int, default=2_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--whole-pool",
        type=int,
        nargs="*",
        default=[2],
        help="also run at these worker counts with the whole pool on every worker, placements split",
    )
    a = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-distributed-"))
    try:
        template = work / "template.db"
        url = f"sqlite:///{template}"
        t = time.perf_counter()
        upgrade(url)
        populate(url, a.seekers, a.vacancies)
        print(f"populated {a.seekers} seekers × {a.vacancies} placements in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        embed_all(url)  # the measured runs are ranking and writing
        print(f"vectors cached in {time.perf_counter() - t:.1f} s")
        warmup = work / "warmup.db"
        upgrade(f"sqlite:///{warmup}")
        populate(f"sqlite:///{warmup}", 300, 30, seed=8)

        db = work / "single.db"
        shutil.copy(template, db)
        single = timed_run(f"sqlite:///{db}", InProcess())
        baseline = lists(f"sqlite:///{db}")
        print(
            f"single process: {single['wall_s']} s, {single['written']} lists, peak RSS "
            f"{single['driver_peak_rss_mib']} MiB; stages {single['stages']}"
        )
        results: dict[str, Any] = {
            "seekers": a.seekers,
            "vacancies": a.vacancies,
            "cpus": os.cpu_count(),
            "load_1min": round(os.getloadavg()[0], 2),
            "single_process": single,
        }
        runs = [(n, False) for n in a.workers] + [(n, True) for n in a.whole_pool]
        for n, whole in runs:
            r = cluster_runs(template, warmup, work, n, baseline, whole)
            results[f"cluster_{n}" + ("_whole_pool" if whole else "")] = r
            how = ", whole pool on each" if whole else ""
            print(
                f"cluster of {n} worker(s){how}: {r['wall_s']} s (cluster start {r['cluster_start_s']} s, "
                f"warm-up run {r['warmup_run_wall_s']} s), lists equal: "
                f"{r['lists_equal']}; driver peak RSS {r['driver_peak_rss_mib']} MiB, driver CPU "
                f"{r['driver_cpu_s']} s, {r['submitted_tasks']} tasks submitted carrying "
                f"{r['submitted_mib']} MiB; stages {r['stages']}"
            )
            for kind, row in r["task_stream"].items():
                print(f"    {kind:>18}: {row}")
            print(f"    constants: {r['constants']}")
        if "cluster_1" in results:
            t1 = results["cluster_1"]["wall_s"]
            for n, whole in runs:
                name = f"cluster_{n}" + ("_whole_pool" if whole else "")
                tn = results[name]["wall_s"]
                results[name]["efficiency"] = round(t1 / (n * tn), 3)
                results[name]["vs_single"] = round(tn / single["wall_s"], 3)
                print(
                    f"{name}: scale-out efficiency {t1 / (n * tn):.2f}, "
                    f"{tn / single['wall_s']:.2f}× the single-process time"
                )
        results["load_1min_end"] = round(os.getloadavg()[0], 2)
        OUT.mkdir(exist_ok=True)
        name = f"distributed_{a.seekers}x{a.vacancies}.json"
        (OUT / name).write_text(json.dumps(results, indent=2) + "\n")
        print(f"load average {results['load_1min']} → {results['load_1min_end']}; wrote results/{name}")
        ok = all(r["lists_equal"] for name, r in results.items() if name.startswith("cluster_"))
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
