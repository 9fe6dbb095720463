"""Kill the server with SIGKILL at random moments during decisions, many times; report what survived.

    python scripts/crash_test.py --rounds 200 [--database-url URL] [--out benchmarks/results/crash_test.json]

Without ``--database-url`` a fresh SQLite file is used. The database must be migrated and may be empty;
a PostgreSQL URL is used as is. Exit code 1 when any acknowledged write was lost or an id reused.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MATCHER_ENV", "test")
os.environ.setdefault("MATCHER_PYTEST", "1")  # the test harness: may sign with the known test secret
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from service.platform.migrate import upgrade  # noqa: E402
from tests.service.crash_harness import run_crash_test  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--reviewers", type=int, default=4)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'crash.db'}"
    upgrade(url)
    started = time.monotonic()
    report = run_crash_test(url, rounds=args.rounds, reviewers=args.reviewers, seed_value=args.seed)
    result = {
        "engine": url.split(":", 1)[0],
        "seconds": round(time.monotonic() - started, 1),
        **{k: v for k, v in asdict(report).items() if k != "problems"},
        "problems": report.problems[:20],
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if report.lost == 0 and report.ids_reused == 0 and report.read_your_writes_failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
