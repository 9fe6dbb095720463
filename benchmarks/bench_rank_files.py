"""``matcher rank`` from scratch: 100 placements × 10,000 seekers, files in, shortlists out, no cache.

    .venv/bin/python benchmarks/bench_rank_files.py [--seekers 10000] [--vacancies 100]

The files are built from the demo fixtures (import format): the first placements with their
contracts, and seekers whose profile texts are fixture texts combined two by two (every text distinct,
so nothing is served twice from the embedding cache). The command runs as a user runs it, in a fresh
process with the configured embedding backend (``MATCHER_EMBEDDING_BACKEND``, default static):
reading and enriching both files, embedding every text, indexing, ranking in blocks and writing. Writes
benchmarks/results/rank_files.json and rank_files.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "data" / "fixtures"


def _lines(name: str) -> list[dict[str, object]]:
    return [json.loads(x) for x in (FIXTURES / name).read_text(encoding="utf-8").split("\n") if x.strip()]


def write_inputs(directory: Path, n_seekers: int, n_vacancies: int) -> tuple[Path, Path]:
    base = _lines("seekers.jsonl")
    texts = [str(s.get("profile_text") or "") for s in base]
    seekers = []
    for i in range(n_seekers):
        record = dict(base[i % len(base)])
        record.pop("identity", None)
        record["ref"] = f"bench-{i:06d}"
        if i >= len(base):  # a second fixture text appended: a distinct, still realistic profile
            record["profile_text"] = f"{texts[i % len(base)]} {texts[(i * 7 + 3) % len(base)]}".strip()
        seekers.append(record)
    vacancies = _lines("vacancies.jsonl")[:n_vacancies]
    wanted = {v["contract_ref"] for v in vacancies}
    contracts = [c for c in _lines("contracts.jsonl") if c.get("ref") in wanted]
    seeker_path, vacancy_path = directory / "seekers.jsonl", directory / "vacancies.jsonl"
    seeker_path.write_text(
        "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in seekers), encoding="utf-8"
    )
    vacancy_path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in contracts + vacancies), encoding="utf-8"
    )
    return vacancy_path, seeker_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=10_000)
    parser.add_argument("--vacancies", type=int, default=100)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "rank_files")
    args = parser.parse_args()
    matcher = Path(sys.executable).with_name("matcher")
    with tempfile.TemporaryDirectory() as tmp:
        vacancies, seekers = write_inputs(Path(tmp), args.seekers, args.vacancies)
        out = Path(tmp) / "shortlists.jsonl"
        command = [str(matcher), "rank", "--vacancies", str(vacancies), "--seekers", str(seekers)]
        command += ["--out", str(out), "--top", "50"]
        t0 = time.perf_counter()
        cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(command, check=True, capture_output=True, text=True, env=dict(os.environ))
        wall = time.perf_counter() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU seconds of the command: on a shared, loaded machine the wall time says more about the load.
        cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
        lines = out.read_text(encoding="utf-8").split("\n")
        ranked = [json.loads(x) for x in lines if x]
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "backend": os.environ.get("MATCHER_EMBEDDING_BACKEND", "static (default)"),
        "seekers": args.seekers,
        "vacancies": len(ranked),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "target_s": 15,
        "command_says": done.stdout.strip().splitlines()[-1],
        "entries": sum(len(r["seekers"]) for r in ranked),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    md = (
        "# `matcher rank` from scratch\n\n"
        "| backend | vacancies | seekers | wall s (process start to exit) | CPU s | load average | target |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
        f"| {result['backend']} | {result['vacancies']} | {result['seekers']:,} | "
        f"{result['wall_s']} | {result['cpu_s']} | {result['load_average_1min']} | ≤ 15 s (issue 26) |\n\n"
        f"`python benchmarks/bench_rank_files.py` on {result['machine']}; the command said: "
        f"“{result['command_says']}”\n"
    )
    args.out.with_suffix(".md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
