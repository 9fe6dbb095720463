"""Speed of the vacancy occupation classifier: one ad = a headline + a 500-word text.

    .venv/bin/python benchmarks/bench_occupation.py [--ads 300]

Texts are cut from the fixtures' vacancy descriptions (500 words each, different for every ad so no
cache helps); headlines from the fixtures' titles with noise. The classifier is loaded (and its
indexes built) before timing. Reports wall and CPU time per ad (median, p90) and the load time.
Writes benchmarks/results/occupation_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matcher.text.occupation_model import load_default  # noqa: E402
from matcher.text.taxonomy import default_taxonomy  # noqa: E402

OUT = ROOT / "benchmarks" / "results"


def ads(n: int) -> list[tuple[str, str]]:
    rows = [
        json.loads(line) for line in (ROOT / "data" / "fixtures" / "vacancies.jsonl").read_text().splitlines()
    ]
    words = " ".join(str(r.get("description") or "") for r in rows).split()
    titles = [str(r.get("title") or "Medarbetare") for r in rows]
    noise = ("{} sökes", "{} till vårt team i Malmö", "{} | Företaget AB", "Erfaren {}, heltid")
    out = []
    for i in range(n):
        start = (i * 137) % max(1, len(words) - 500)
        text = " ".join((words * 2)[start : start + 500]) + f" (annons {i})"
        out.append((noise[i % len(noise)].format(titles[i % len(titles)]), text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ads", type=int, default=300)
    args = parser.parse_args()
    started = time.perf_counter()
    model = load_default(default_taxonomy())
    load_s = time.perf_counter() - started
    batch = ads(args.ads)
    model.predict_top(*ads(1)[0])  # warm-up: first-call imports and caches
    wall, cpu = [], []
    for headline, text in batch:
        t, c = time.perf_counter(), time.process_time()
        model.predict_top(headline, text, k=5)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)

    def p90(xs: list[float]) -> float:
        return sorted(xs)[int(0.9 * (len(xs) - 1))]

    result = {
        "ads": len(batch),
        "words_per_text": 500,
        "wall_ms_median": round(statistics.median(wall), 3),
        "wall_ms_p90": round(p90(wall), 3),
        "cpu_ms_median": round(statistics.median(cpu), 3),
        "cpu_ms_p90": round(p90(cpu), 3),
        "load_s": round(load_s, 2),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "occupation_speed.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
