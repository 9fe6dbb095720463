"""How long a task's result of many small items takes to reach the driver: Dask's own fetch against the
re-rank's executor (``service.jobs.executors.DaskExecutor.map``), on a real 1-worker cluster.

    .venv/bin/python benchmarks/bench_dask_transfer.py            # a list of 1,000,000 short strings
    .venv/bin/python benchmarks/bench_dask_transfer.py --items 200000

Dask sends a list item by item, a frame each (so that arrays inside travel without copies); a partition's
candidate tops are millions of seeker ids. The executor sends a map's results (and shared values) as one
pickle. Printed as JSON: compute time, Dask's fetch, the executor's map (compute and fetch), bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from distributed import wait

from service.jobs.distributed import ProcessCluster
from service.jobs.executors import DaskExecutor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    items = parser.parse_args().items
    words = " ".join(f"s{i}" for i in range(items))
    with ProcessCluster(1) as cluster:
        executor = DaskExecutor(cluster.address)
        try:
            future = executor.client.submit(str.split, words, pure=False)
            t = time.perf_counter()
            wait(future)
            computed = time.perf_counter() - t
            t = time.perf_counter()
            plain = future.result()
            dask_fetch = time.perf_counter() - t
            del future
            t = time.perf_counter()
            [(_, mapped)] = list(executor.map(str.split, [words]))
            executor_map = time.perf_counter() - t
        finally:
            executor.close()
    assert plain == mapped == words.split()
    print(
        json.dumps(
            {
                "items": items,
                "compute_s": round(computed, 2),
                "dask_fetch_s": round(dask_fetch, 2),
                "executor_map_s (compute + fetch)": round(executor_map, 2),
                "text_mib": round(len(words) / 2**20, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
