"""The nightly re-rank at national scale on one box: peak memory, cost per stage, predicted wall time.

    .venv/bin/python benchmarks/bench_national.py --fraction 0.02          # ~5 min on the 2-core dev box
    .venv/bin/python benchmarks/bench_national.py --fraction 1 --skip-workers   # the full 300,000 × 30,000

1. generates the synthetic national set (``scripts/generate_national.py``) at ``--fraction`` of
   300,000 seekers × 30,000 placements and loads it into a fresh SQLite database through the bulk loader
   (``service.imports.bulk``: the rows the import code writes, many times faster; ``--import-code``: through
   ``import_records`` itself, as before);
2. runs ``python -m service.jobs.rerank`` (what ``matcher rerank`` runs) in a fresh process on a copy:
   in-process (the cost model: the run's own stage figures, ``RerankRun.metrics``), then with
   ``--scheduler local-processes --workers 1`` and ``2`` (scale-out efficiency), then again on the
   first run's database (nothing changed: every list kept, none written: idempotent);
3. prints the cost per stage per 1,000 seekers / placements with each stage's peak resident memory, a
   per-pool time model fitted on the pools of this run (non-negative least squares:
   ``seconds = c0 + c1·seekers + c2·placements + c3·placements·seekers``), the predicted full-size
   wall time at 1, 2, 4, 8 and 32 workers: the serial part (reads, digests, indexing, writes) plus the
   parallel part (embedding, the ranking pipeline) over w workers at the efficiency measured at 1 vs 2
   (taken as constant in w), next to Amdahl's bound (efficiency 1) and the ideal linear bound; and
   the predicted peak memory against the 16 GiB bound.

Peak memory is measured, not estimated: the run's own VmHWM (per stage) and, from outside, the summed
RSS of the run's process tree sampled every 0.1 s (forked workers share pages, so the sum over-counts).
Writes ``benchmarks/results/national.{json,md}``. Timings on a loaded machine: read the ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from generate_national import N_PLACEMENTS, N_SEEKERS, Options, generate, load  # noqa: E402

from service.jobs.progress import make_progress  # noqa: E402

OUT = ROOT / "benchmarks" / "results"
BOUND_GIB = 16.0
WORKERS = (1, 2, 4, 8, 32)
# Pipeline stages (ms, from RankingPipeline.last_timings) grouped as the issue names them.
GROUPS = {
    "candidates": ("embed", "dense", "lexical", "wait for similarities", "candidates", "constraints"),
    "features": ("features",),
    "score": ("score",),
    "explain": ("explain",),
}


def _tree_rss_mib(pid: int) -> float:
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total / 2**20


def run_rerank(url: str, scheduler: str | None, workers: int) -> dict[str, Any]:
    """One re-rank in a fresh interpreter: wall seconds, the run's metrics and the tree's peak RSS."""
    cmd = [sys.executable, "-m", "service.jobs.rerank", "--database-url", url, "--progress", "none"]
    if scheduler:
        cmd += ["--scheduler", scheduler, "--workers", str(workers)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss_mib(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"re-rank failed ({proc.returncode}): {err[-2000:]}")
    return {"wall_s": round(wall, 2), "tree_peak_rss_mib": round(peak[0], 1), **_last_run(url)}


def _last_run(url: str) -> dict[str, Any]:
    from sqlmodel import Session, col, select

    from models import RerankRun
    from service.platform.db import make_engine

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            run = session.exec(select(RerankRun).order_by(col(RerankRun.id).desc())).first()
            assert run is not None
            return {"status": run.status, "counts": dict(run.counts), "metrics": dict(run.metrics)}
    finally:
        engine.dispose()


def _nnls(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    from scipy.optimize import nnls

    scale = x.max(axis=0)
    scale[scale == 0] = 1
    coef, _ = nnls(x / scale, y)
    return np.asarray(coef / scale)


def _candidates_s(actor: dict[str, Any]) -> float:
    return sum(actor.get("cost_ms", {}).get(k, 0.0) for k in GROUPS["candidates"]) / 1000


def per_pool_model(actors: list[dict[str, Any]]) -> list[float]:
    """Each pool's seconds as c0 + c1·seekers + c2·placements + c3·placements·seekers, in two steps so the
    biggest pool (which has the most of everything) does not decide every term: the pair term from the
    candidate stages alone (dense and lexical similarity, top-N: the only work that grows with both),
    measured per pool; then the rest of each pool's time on (1, seekers, placements), non-negative."""
    rows = [a for a in actors if a["vacancies"]]
    v = np.array([float(a["rescored"]) for a in rows])
    pairs = np.array([a["rescored"] * a["seekers"] for a in rows], dtype=float)
    _, per_pair = _nnls(np.column_stack([v, pairs]), np.array([_candidates_s(a) for a in rows]))
    rest = np.array([a["seconds"] for a in rows]) - per_pair * pairs
    x = np.array([[1.0, a["seekers"], a["vacancies"]] for a in rows])
    c0, c1, c2 = _nnls(x, np.maximum(rest, 0.0))
    return [float(c0), float(c1), float(c2), float(per_pair)]


def parallel_share(run: dict[str, Any]) -> float:
    """The share of a run's time spent in what the executor spreads over workers: embedding and the
    ranking pipeline (reads, digests, indexing and the writes stay in the parent process)."""
    m = run["metrics"]
    embed = sum(m["stages"].get(k, {}).get("seconds", 0.0) for k in ("embed_document", "embed_query"))
    pipeline = sum(v for k, v in m["cost_ms"].items() if k != "write_ms") / 1000
    return min(1.0, (embed + pipeline) / max(run["wall_s"], 1e-9))


def memory_model(actors: list[dict[str, Any]]) -> list[float]:
    """Each pool's own peak over the resident memory before it, fitted as a + b·seekers (MiB)."""
    from scipy.optimize import nnls

    rows = [x for x in actors if x["vacancies"]]
    if len(rows) < 2:
        return [0.0, 0.0]
    x = np.array([[1.0, r["seekers"] / 1000] for r in rows])
    y = np.array([max(0.0, r["peak_rss_mib"] - r["rss_before_mib"]) for r in rows])
    coef, _ = nnls(x, y)
    return [float(coef[0]), float(coef[1]) / 1000]


def predict_full(coef: list[float], actors: list[dict[str, Any]], fraction: float, n_pools: int) -> float:
    """The run's pools scaled to full size (seekers and placements / fraction), plus pools that had no
    placement at this fraction (their fixed cost only)."""
    c0, c1, c2, c3 = coef
    busy = [a for a in actors if a["vacancies"]]
    total = 0.0
    for a in busy:
        s, v = a["seekers"] / fraction, a["vacancies"] / fraction
        total += c0 + c1 * s + c2 * v + c3 * v * s
    return total + c0 * max(0, n_pools - len(busy))


def cost_table(run: dict[str, Any], largest_pool: int) -> list[dict[str, Any]]:
    m, c = run["metrics"], run["counts"]
    stages, cost = m["stages"], m["cost_ms"]
    seekers, placements = max(1, c["seekers"]), max(1, c["rescored"] or c["vacancies"])
    base = stages.get("read", {}).get("peak_rss_mib", 0.0)

    def row(name: str, seconds: float, per: str, units: int, peak: float) -> dict[str, Any]:
        return {
            "stage": name,
            "seconds": round(seconds, 3),
            "per": per,
            "s_per_1000": round(seconds / units * 1000, 4),
            "peak_rss_mib": round(peak, 1),
            "mib_per_1000_seekers_of_largest_pool": round(max(0.0, peak - base) / largest_pool * 1000, 2),
        }

    def st(name: str) -> dict[str, float]:
        return stages.get(name, {"seconds": 0.0, "peak_rss_mib": 0.0})

    score_peak = st("score")["peak_rss_mib"]

    def of(label: str, stage: str, per: str, units: int) -> dict[str, Any]:
        return row(label, st(stage)["seconds"], per, units, st(stage)["peak_rss_mib"])

    out = [
        of("read (database → profiles)", "read", "seeker", seekers),
        of("embed seekers", "embed_document", "seeker", seekers),
        of("embed placements", "embed_query", "placement", placements),
        of("plan (digests)", "plan", "seeker", seekers),
        row(
            "index (vectors, arrays, lexical)",
            st("index")["seconds"] + st("index_lexical")["seconds"],
            "seeker",
            seekers,
            max(st("index")["peak_rss_mib"], st("index_lexical")["peak_rss_mib"]),
        ),
    ]
    for name, keys in GROUPS.items():
        ms = sum(cost.get(k, 0.0) for k in keys)
        out.append(row(name, ms / 1000, "placement", placements, score_peak))
    out.append(
        row(
            "write (batched transactions)",
            cost.get("write_ms", 0.0) / 1000,
            "placement",
            placements,
            score_peak,
        )
    )
    return out


def measure(a: argparse.Namespace, work: Path) -> tuple[dict[str, Any], float, float, dict[str, Any]]:
    """Generate, load, and run the re-ranks: (manifest, generate s, load s, runs)."""
    template = work / "template.db"
    if a.reuse_data and template.exists():  # the same data, loaded before: only the runs again
        kept = json.loads((work / "runs.json").read_text())
        manifest, gen_s, load_s = kept["manifest"], kept["generate_s"], kept["load_s"]
    else:
        t = time.perf_counter()
        manifest = generate(Options(a.seed, a.fraction, a.af_share), work / "data", make_progress("auto"))
        gen_s = time.perf_counter() - t
        template.unlink(missing_ok=True)
        t = time.perf_counter()
        load(work / "data", f"sqlite:///{template}", progress=make_progress("auto"), bulk=not a.import_code)
        load_s = time.perf_counter() - t

    def fresh(name: str) -> str:
        path = work / f"{name}.db"
        shutil.copy(template, path)
        return f"sqlite:///{path}"

    runs: dict[str, Any] = {}
    url = fresh("in_process")
    runs["in_process"] = run_rerank(url, None, 1)
    runs["rerun_unchanged"] = run_rerank(url, None, 1)
    if not a.skip_workers:
        for w in (1, 2):
            runs[f"local_processes_{w}"] = run_rerank(fresh(f"lp{w}"), "local-processes", w)
    return manifest, gen_s, load_s, runs


def probe(url: str, actor_id: int, copies: int) -> dict[str, float]:
    """Peak memory of one pool ``copies`` times the size of ``actor_id``'s (its profiles repeated under new
    ids), through the re-rank's own stages: index, lexical index, one score chunk. In a fresh process."""
    import copy
    from dataclasses import replace

    from sqlmodel import Session

    from service.engine.pools import open_vacancy_profiles, seeker_profiles
    from service.engine.ranking import build_pipeline
    from service.jobs.executors import InProcess
    from service.jobs.progress import Silent, reset_peak, rss_mib
    from service.jobs.rerank import SCORE_CHUNK, score_whole
    from service.platform.db import make_engine

    engine = make_engine(url)
    with Session(engine) as session:
        pipeline = build_pipeline(session, engine)
        base = seeker_profiles(session, actor_id)
        vacancies = open_vacancy_profiles(session, actor_id)[:SCORE_CHUNK]
    pool = [replace(s, id=f"{s.id}-{c}") for c in range(copies) for s in base]
    out = {"seekers": float(len(pool)), "before_mib": rss_mib()}
    reset_peak()
    indexed = copy.copy(pipeline).index_seekers(pool)
    out["index_peak_mib"] = rss_mib("VmHWM")
    reset_peak()
    _ = indexed.seeker_lexical_
    out["lexical_peak_mib"] = rss_mib("VmHWM")
    reset_peak()
    for _ in score_whole(indexed, pool, vacancies, 50, InProcess(), Silent()):
        pass
    out["score_peak_mib"] = rss_mib("VmHWM")
    out["after_mib"] = rss_mib()
    return out


def memory_probe(work: Path, copies: tuple[int, ...]) -> list[dict[str, float]]:
    """``probe`` at several pool sizes, each in a fresh interpreter, on the bench's largest pool."""
    url = f"sqlite:///{work / 'in_process.db'}"
    runs = json.loads((work / "runs.json").read_text())["runs"]["in_process"]["metrics"]["actors"]
    actor = max(runs, key=lambda x: x["seekers"])["actor"]
    found = []
    for c in copies:
        code = f"import json, bench_national as b; print(json.dumps(b.probe({url!r}, {actor}, {c})))"
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT / "benchmarks")}
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(done.stderr[-2000:])
        found.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fraction", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--af-share", type=float, default=0.3)
    parser.add_argument("--work", type=Path, default=None, help="keep the data and databases here")
    parser.add_argument("--skip-workers", action="store_true", help="only the in-process run and its re-run")
    parser.add_argument("--reuse", action="store_true", help="recompute the tables from --work's runs.json")
    parser.add_argument("--reuse-data", action="store_true", help="run again on --work's loaded database")
    parser.add_argument(
        "--import-code", action="store_true", help="load through the import code, not the bulk loader"
    )
    parser.add_argument(
        "--memory-probe",
        default="",
        help="pool sizes as multiples of the largest pool, e.g. 1,4,16: peak memory per stage, measured",
    )
    a = parser.parse_args(argv)
    work = a.work or Path(tempfile.mkdtemp(prefix="national-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    saved = work / "runs.json"
    if a.reuse and saved.exists():  # the tables again from a finished bench's runs, without re-running
        kept = json.loads(saved.read_text())
        manifest, gen_s, load_s, runs = kept["manifest"], kept["generate_s"], kept["load_s"], kept["runs"]
    else:
        manifest, gen_s, load_s, runs = measure(a, work)
        saved.write_text(
            json.dumps({"manifest": manifest, "generate_s": gen_s, "load_s": load_s, "runs": runs})
        )
    probes = memory_probe(work, tuple(int(x) for x in a.memory_probe.split(","))) if a.memory_probe else []
    main_run = runs["in_process"]
    actors = main_run["metrics"]["actors"]
    largest = max((x["seekers"] for x in actors), default=1) or 1
    table = cost_table(main_run, largest)
    coef = per_pool_model(actors)
    n_pools = manifest["pools"]["actors"]
    # Outside the pools: interpreter and model start, occupation guesses, the run record (kept as is).
    overhead = main_run["wall_s"] - sum(x["seconds"] for x in actors)
    t1_full = overhead + predict_full(coef, actors, a.fraction, n_pools)
    # The parallel part at full size: the pair term, the pipeline's per-placement work and embedding.
    full_pairs = sum(x["rescored"] * x["seekers"] for x in actors) / a.fraction**2
    p_full = coef[3] * full_pairs + parallel_share(main_run) * max(0.0, t1_full - coef[3] * full_pairs)
    p_full = min(p_full, t1_full)
    if "local_processes_2" in runs:
        lp1, lp2 = runs["local_processes_1"], runs["local_processes_2"]
        speedup = lp1["wall_s"] / lp2["wall_s"]
        # Efficiency of the parallel part: T2 = serial + parallel / (2·e), T1 = serial + parallel.
        par = parallel_share(lp1) * lp1["wall_s"]
        slower = lp2["wall_s"] - (lp1["wall_s"] - par)
        efficiency = min(1.0, par / (2 * slower)) if slower > 0 else 1.0
    else:
        speedup, efficiency = float("nan"), 1.0
    serial_full = t1_full - p_full
    predictions = [
        {
            "workers": w,
            "predicted_s": round(serial_full + p_full / (w * efficiency if w > 1 else 1), 1),
            "amdahl_bound_s": round(serial_full + p_full / w, 1),
            "ideal_bound_s": round(t1_full / w, 1),
        }
        for w in WORKERS
    ]
    peak = main_run["metrics"]["peak_rss_mib"]
    mem = memory_model(actors)
    base = min((x["rss_before_mib"] for x in actors), default=0.0)
    mem_full = base + mem[0] + mem[1] * largest / a.fraction
    mem_af = base + mem[0] + mem[1] * N_SEEKERS
    if len(probes) >= 2:  # measured at two pool sizes: the slope per seeker, beyond the fixed budgets
        lo, hi = probes[0], probes[-1]
        top = ("index_peak_mib", "lexical_peak_mib", "score_peak_mib")
        peak_lo, peak_hi = max(lo[k] for k in top), max(hi[k] for k in top)
        # Profiles repeated under new ids share their strings, so the probe misses what reading a pool
        # costs: that is added from this run's own read stage (its peak over the memory before it, per
        # seeker of the largest pool: an upper bound, as if all of it stayed).
        read_peak = main_run["metrics"]["stages"].get("read", {}).get("peak_rss_mib", 0.0)
        read_slope = max(0.0, read_peak - min(x["rss_before_mib"] for x in actors)) / largest
        probe_slope = (peak_hi - peak_lo) / (hi["seekers"] - lo["seekers"])
        slope = probe_slope + read_slope
        mem = [
            peak_hi - hi["before_mib"] - probe_slope * hi["seekers"],
            slope,
        ]  # base + mem0 + slope·n = at(n)
        base = hi["before_mib"]

        def at(n: float) -> float:
            return peak_hi + probe_slope * (n - hi["seekers"]) + read_slope * n

        mem_full, mem_af = at(largest / a.fraction), at(N_SEEKERS)
    rerun = runs["rerun_unchanged"]["counts"]
    result = {
        "fraction": a.fraction,
        "seekers": manifest["counts"]["seekers"],
        "placements": manifest["counts"]["vacancies"],
        "pools": manifest["pools"] | {"by_actor": None},
        "generate_s": round(gen_s, 1),
        "loaded_by": "import code" if a.import_code else "bulk loader",
        "load_s": round(load_s, 1),
        "runs": {k: _summary(v) for k, v in runs.items()},
        "cost_per_stage": table,
        "per_pool_model": dict(zip(MODEL_TERMS, coef, strict=True)),
        "full_size": {
            "seekers": N_SEEKERS,
            "placements": N_PLACEMENTS,
            "predicted_one_worker_s": round(t1_full, 1),
            "speedup_2_workers": round(speedup, 3),
            "efficiency_2_workers": round(efficiency, 3),
            "parallel_share": round(p_full / t1_full, 3) if t1_full else 0.0,
            "predictions": predictions,
            "peak_rss_mib_measured": peak,
            "memory_model_mib": {"per_pool": round(mem[0], 1), "per_1000_seekers": round(mem[1] * 1000, 2)},
            "process_base_mib": base,
            "predicted_peak_rss_mib": round(mem_full, 0),
            "predicted_peak_rss_mib_one_pool_of_300000": round(mem_af, 0),
            "bound_mib": BOUND_GIB * 1024,
        },
        "idempotent_rerun": {k: rerun[k] for k in ("kept", "written", "vacancies")},
        "memory_probe": probes,
        "total_bench_s": round(time.perf_counter() - started, 1),
    }
    OUT.mkdir(exist_ok=True)
    suffix = ("" if a.fraction == 0.02 else f"_{a.fraction:g}") + (
        "" if a.af_share == 0.3 else f"_af{a.af_share:g}"
    )
    (OUT / f"national{suffix}.json").write_text(json.dumps(result, indent=2) + "\n")
    md = render(result)
    (OUT / f"national{suffix}.md").write_text(md)
    print(md)
    return 0


MODEL_TERMS = ("c0_s", "c1_s_per_seeker", "c2_s_per_placement", "c3_s_per_pair")


def _summary(run: dict[str, Any]) -> dict[str, Any]:
    m = run["metrics"]
    rest = {k: v for k, v in run.items() if k != "metrics"}
    return rest | {"seconds": m["seconds"], "peak_rss_mib": m["peak_rss_mib"]}


def render(r: dict[str, Any]) -> str:
    f = r["full_size"]
    lines = [
        f"# National re-rank at fraction {r['fraction']:g}: "
        f"{r['seekers']} seekers × {r['placements']} placements",
        "",
        f"{r['pools']['actors']} pools, largest {r['pools']['largest']} with {r['pools']['largest_seekers']} "
        f"seekers; generated in {r['generate_s']} s, loaded ({r.get('loaded_by', 'import code')}) in "
        f"{r['load_s']} s.",
        "",
        "| run | wall s | run s | peak RSS MiB (process) | peak RSS MiB (process tree, sampled) "
        "| written | kept |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, run in r["runs"].items():
        c = run["counts"]
        lines.append(
            f"| {name} | {run['wall_s']} | {run['seconds']} | {run['peak_rss_mib']} | "
            f"{run['tree_peak_rss_mib']} | {c['written']} | {c['kept']} |"
        )
    lines += [
        "",
        "| stage | seconds | s per 1,000 | per | peak RSS MiB | MiB per 1,000 seekers of the largest pool |",
        "|---|---|---|---|---|---|",
    ]
    for row in r["cost_per_stage"]:
        lines.append(
            f"| {row['stage']} | {row['seconds']} | {row['s_per_1000']} | {row['per']} | "
            f"{row['peak_rss_mib']} | {row['mib_per_1000_seekers_of_largest_pool']} |"
        )
    m = r["per_pool_model"]
    lines += [
        "",
        f"Per-pool model: seconds = {m['c0_s']:.3g} + {m['c1_s_per_seeker']:.3g}·S + "
        f"{m['c2_s_per_placement']:.3g}·V + {m['c3_s_per_pair']:.3g}·V·S",
        "",
        f"Full size ({f['seekers']} × {f['placements']}), one worker: {f['predicted_one_worker_s']} s; "
        f"measured speed-up at 2 workers {f['speedup_2_workers']}, scale-out efficiency of the parallel part "
        f"{f['efficiency_2_workers']}; parallel share at full size {f['parallel_share']}.",
        "",
        "| workers | predicted s | Amdahl bound s (efficiency 1) | ideal linear bound s |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {p['workers']} | {p['predicted_s']} | {p['amdahl_bound_s']} | {p['ideal_bound_s']} |"
        for p in f["predictions"]
    ]
    if r["memory_probe"]:
        lines += [
            "",
            "| one pool, seekers | before MiB | index peak | lexical index peak | score chunk peak | after |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {p['seekers']:.0f} | {p['before_mib']:.0f} | {p['index_peak_mib']:.0f} | "
            f"{p['lexical_peak_mib']:.0f} | {p['score_peak_mib']:.0f} | {p['after_mib']:.0f} |"
            for p in r["memory_probe"]
        ]
    ok = "fits" if f["predicted_peak_rss_mib"] <= f["bound_mib"] else "EXCEEDS"
    mm, again = f["memory_model_mib"], r["idempotent_rerun"]
    lines += [
        "",
        f"Memory per pool (its peak over the resident memory before it): {mm['per_pool']} MiB + "
        f"{mm['per_1000_seekers']} MiB per 1,000 seekers, over a process base of "
        f"{f['process_base_mib']} MiB.",
        f"Peak RSS: measured {f['peak_rss_mib_measured']} MiB; predicted at full size "
        f"{f['predicted_peak_rss_mib']} MiB ({ok} the {f['bound_mib'] / 1024:g} GiB bound); with one pool "
        f"of all 300,000 seekers {f['predicted_peak_rss_mib_one_pool_of_300000']} MiB.",
        f"Re-run with nothing changed: {again['kept']} of {again['vacancies']} kept, "
        f"{again['written']} written.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
