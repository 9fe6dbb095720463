"""A Dask cluster of separate OS processes on this machine: ``dask scheduler`` and ``dask worker``.

What a real cluster is made of, started here: the re-rank then runs against its address exactly as it
would against a scheduler on another host (``matcher rerank --scheduler HOST:PORT``). Used by the
distributed tests and ``benchmarks/bench_distributed.py``; ``python -m service.jobs.distributed`` starts
one and prints its address until interrupted.

The workers read their partitions of seekers and the cached vectors from the database the driver
names in each task (``service.jobs.partitions``): they need to reach it (PostgreSQL), or to see the same
SQLite file at the same path (one host).

Workers run without a nanny by default, so a killed worker stays dead (the run must finish on the rest)
instead of being restarted behind the test's back.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

from service.platform.config import REPO_ROOT

START_TIMEOUT_S = 60.0
PRELOAD = "service.jobs.rerank"


class ClusterError(RuntimeError):
    """A scheduler or worker process did not come up."""


# Loaded here, not in the forked child (where loading a library could wait on a lock another thread held).
_PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Linux: the process gets SIGKILL when the thread that started it ends (a test runner killed
    mid-run leaves no scheduler or worker behind). Elsewhere ``close`` is the only clean-up."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)


def _dask() -> list[str]:
    found = Path(sys.executable).with_name("dask")
    if found.exists():
        return [str(found)]
    which = shutil.which("dask")
    if which is None:
        raise ClusterError("the dask command is not installed (pip install distributed)")
    return [which]


class ProcessCluster:
    """``n_workers`` single-threaded ``dask worker`` processes on one ``dask scheduler`` process, all on
    127.0.0.1. ``env`` is added to the workers' environment (test hooks, database settings)."""

    def __init__(
        self,
        n_workers: int = 2,
        *,
        env: Mapping[str, str] | None = None,
        nanny: bool = False,
        workdir: str | Path | None = None,
    ) -> None:
        self.n_workers = n_workers
        self.env = {**os.environ, **(env or {})}
        # The workers unpickle the project's functions by module name: the repository must be importable.
        self.env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), self.env.get("PYTHONPATH", "")) if p
        )
        self.nanny = nanny
        self._own_dir = workdir is None
        self.workdir = Path(workdir) if workdir is not None else Path(tempfile.mkdtemp(prefix="dask-"))
        self.scheduler: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []
        self.address = ""

    def __enter__(self) -> ProcessCluster:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def start(self) -> str:
        """Start the scheduler and the workers; the scheduler's address once every worker is in."""
        scheduler_file = self.workdir / "scheduler.json"
        self.scheduler = self._spawn(
            [
                *_dask(),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                # Its HTTP server (health, metrics) would otherwise take 0.0.0.0:8787: open to the network,
                # and taken from any other cluster or test on this machine.
                "--dashboard-address",
                "127.0.0.1:0",
                "--scheduler-file",
                str(scheduler_file),
            ],
            "scheduler",
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while not scheduler_file.exists() or not scheduler_file.read_text().strip():
            self._check(self.scheduler, "scheduler", deadline)
            time.sleep(0.05)
        self.address = str(json.loads(scheduler_file.read_text())["address"])
        for _ in range(self.n_workers):
            self.add_worker(wait=False)
        self.wait_for_workers(self.n_workers)
        return self.address

    def add_worker(self, wait: bool = True) -> subprocess.Popen[bytes]:
        i = len(self.workers)
        cmd = [
            *_dask(),
            "worker",
            self.address,
            "--host",
            "127.0.0.1",
            "--nthreads",
            "1",
            "--no-dashboard",
            "--dashboard-address",
            "127.0.0.1:0",
            "--name",
            f"worker-{i}",
            "--local-directory",
            str(self.workdir / f"worker-{i}"),
            "--death-timeout",
            "30",
            "--nanny" if self.nanny else "--no-nanny",
            # The job's modules (scikit-learn, the taxonomy, SQLModel: seconds) imported as the worker
            # starts rather than inside the first task of a run.
            "--preload",
            PRELOAD,
        ]
        worker = self._spawn(cmd, f"worker-{i}")
        self.workers.append(worker)
        if wait:
            self.wait_for_workers(self.alive_workers())
        return worker

    def alive_workers(self) -> int:
        return sum(w.poll() is None for w in self.workers)

    def wait_for_workers(self, n: int) -> None:
        from distributed import Client

        if n < 1:
            return

        with Client(self.address, timeout=START_TIMEOUT_S) as client:
            try:
                client.wait_for_workers(n, timeout=START_TIMEOUT_S)
            except TimeoutError as exc:
                message = f"{n} workers did not join in {START_TIMEOUT_S:.0f} s: {self.logs()}"
                raise ClusterError(message) from exc

    def kill_worker(self, pid: int | None = None) -> int:
        """SIGKILL one worker process (the one with ``pid``, else the first alive): no goodbye to the
        scheduler, as when a machine dies. Returns the pid killed."""
        target = next((w for w in self.workers if w.poll() is None and (pid is None or w.pid == pid)), None)
        if target is None:
            raise ClusterError(f"no live worker process {pid or ''}".strip())
        target.send_signal(signal.SIGKILL)
        target.wait(timeout=10)
        return target.pid

    def logs(self) -> str:
        """The tail of every process's log, for error messages."""
        parts = []
        for log in sorted(self.workdir.glob("*.log")):
            parts.append(f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}")
        return "\n".join(parts)

    def close(self) -> None:
        """Stop every process this cluster started (workers first), then remove its directory."""
        for proc in [*self.workers, *([self.scheduler] if self.scheduler else [])]:
            if proc.poll() is None:
                proc.terminate()
        for proc in [*self.workers, *([self.scheduler] if self.scheduler else [])]:
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        self.workers.clear()
        self.scheduler = None
        if self._own_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _spawn(self, cmd: Sequence[str], name: str) -> subprocess.Popen[bytes]:
        self.workdir.mkdir(parents=True, exist_ok=True)
        with open(self.workdir / f"{name}.log", "ab") as log:
            return subprocess.Popen(
                list(cmd),
                cwd=REPO_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C meant for the caller is not also theirs
                preexec_fn=_die_with_parent,
            )

    def _check(self, proc: subprocess.Popen[bytes], name: str, deadline: float) -> None:
        if proc.poll() is not None:
            raise ClusterError(f"the {name} exited with {proc.returncode}: {self.logs()}")
        if time.monotonic() > deadline:
            raise ClusterError(f"the {name} did not start in {START_TIMEOUT_S:.0f} s: {self.logs()}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m service.jobs.distributed", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--workers", type=int, default=2)
    a = parser.parse_args(argv)
    if a.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return 2
    with ProcessCluster(a.workers) as cluster:
        print(f"scheduler at {cluster.address} with {a.workers} workers; Ctrl-C stops them", flush=True)
        try:
            while all(w.poll() is None for w in cluster.workers):
                time.sleep(1)
        except KeyboardInterrupt:
            return 0
    print("a worker exited: stopping", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
