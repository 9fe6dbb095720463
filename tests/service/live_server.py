"""A real uvicorn server in a child process, for tests that need real sockets and real process death.

The child is forked from a process that has already imported the app, so starting one costs milliseconds
instead of the seconds a fresh interpreter needs; it is an ordinary server process otherwise (its own
engine, pool and threads), and ``kill()`` ends it with SIGKILL, as a crash would.
"""

import multiprocessing
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any

import httpx

from service.app.main import create_app

# Built once here, in the parent (no database is touched), so every module the app imports lazily is
# loaded before the children are forked.
create_app()

_FORK = multiprocessing.get_context("fork")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(url: str, port: int, env: dict[str, str], workers: int) -> None:  # pragma: no cover (child)
    import uvicorn

    from service.platform.config import get_settings
    from service.platform.db import get_engine

    os.environ.update(env)
    os.environ["MATCHER_DATABASE_URL"] = url
    os.environ.setdefault("MATCHER_ENV", "test")
    os.environ.setdefault("MATCHER_WARMUP", "false")  # no model warm-up: these servers only store
    get_settings.cache_clear()
    get_engine.cache_clear()
    if workers > 1:
        # Worker processes of uvicorn's own (spawned, so they import the app afresh from the
        # environment set above), in a process group of their own that ``kill`` ends as a whole.
        os.setpgid(0, 0)
        # This forked child's stdin is /dev/null under a descriptor the spawned workers do not inherit;
        # without one, uvicorn reattaches none.
        sys.stdin = None  # type: ignore[assignment]
        uvicorn.run(
            "service.app.asgi:app",
            host="127.0.0.1",
            port=port,
            workers=workers,
            log_level="critical",
            access_log=False,
        )
        return
    uvicorn.run(create_app(), host="127.0.0.1", port=port, log_level="critical", access_log=False)


@dataclass
class LiveServer:
    """One server on ``base_url`` over the database ``url``; ``start``/``kill`` may be repeated."""

    url: str
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    workers: int = 1
    process: BaseProcess | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> "LiveServer":
        args = (self.url, self.port, self.env, self.workers)
        # A daemonic process may not start children: uvicorn's workers need a plain one (``kill`` ends it).
        self.process = _FORK.Process(target=_serve, args=args, daemon=self.workers == 1)
        self.process.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base_url}/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if not self.process.is_alive():
                raise RuntimeError(f"the server exited with code {self.process.exitcode}")
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("the server did not answer /health in time")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flush beyond what was committed."""
        if self.process is not None and self.process.pid is not None and self.process.is_alive():
            if self.workers > 1:
                os.killpg(self.process.pid, signal.SIGKILL)  # the supervisor and its workers
            else:
                os.kill(self.process.pid, signal.SIGKILL)
            self.process.join(10)
        self.process = None

    def __enter__(self) -> "LiveServer":
        return self.start()

    def __exit__(self, *_exc: Any) -> None:
        self.kill()
