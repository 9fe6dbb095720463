"""Where batch work runs: in this process (the default), on forked processes of this machine, or on a
Dask cluster.

An executor maps a picklable function over chunks and yields ``(chunk_index, result)`` as chunks
finish, so the caller can write each result as soon as it exists (a killed run loses at most the
chunks in flight). Big read-only objects go through ``share`` once instead of with every chunk.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from matcher.rank.gc_tuning import fewer_collections

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    name: str
    workers: int

    def share(self, value: Any) -> Any:
        """A handle to pass to ``map`` in place of ``value`` (sent to each worker once)."""
        ...

    def place(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` computed where it will be used and kept there: a handle for ``map``'s chunks."""
        ...

    def map(self, fn: Callable[..., R], chunks: Sequence[T], *shared: Any) -> Iterator[tuple[int, R]]:
        """``fn(chunk, *shared)`` for each chunk; yields (index, result) in completion order."""
        ...

    def close(self) -> None: ...


class InProcess:
    """Runs every chunk here, in order."""

    name = "in-process"
    workers = 1

    def share(self, value: Any) -> Any:
        return value

    def place(self, fn: Callable[..., Any], *args: Any) -> Any:
        return fn(*args)

    def map(self, fn: Callable[..., R], chunks: Sequence[T], *shared: Any) -> Iterator[tuple[int, R]]:
        for i, chunk in enumerate(chunks):
            yield i, fn(chunk, *shared)

    def close(self) -> None:
        return None


# Values shared with forked workers: inherited with the process image (copy-on-write), never pickled.
_SHARED: dict[int, Any] = {}
_KEYS = itertools.count()


@dataclass(frozen=True)
class _Shared:
    key: int


def _resolve(value: Any) -> Any:
    return _SHARED[value.key] if isinstance(value, _Shared) else value


def _one_thread() -> None:
    # Each worker is one of the cores: BLAS threads on top would only contend with the other workers.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _call(fn: Callable[..., R], chunk: Any, shared: tuple[Any, ...]) -> R:
    return fn(chunk, *(_resolve(v) for v in shared))


class LocalProcesses:
    """Chunks on ``n_workers`` forked processes of this machine (POSIX).

    What ``share`` is given (an indexed pipeline of 50,000 seekers: hundreds of MB) reaches the workers
    by fork, not by pickling; only the chunks and their results travel. The workers start at the first
    ``map`` after a ``share``, so they see every shared value.
    """

    name = "local-processes"
    shares_memory = True  # a whole pool's index reaches every worker for free: no partitioning needed

    def __init__(self, n_workers: int = 2) -> None:
        if "fork" not in multiprocessing.get_all_start_methods():
            raise RuntimeError("local processes need the fork start method (Linux, macOS)")
        self.workers = max(1, n_workers)
        self._pool: ProcessPoolExecutor | None = None
        self._keys: list[int] = []

    def share(self, value: Any) -> Any:
        key = next(_KEYS)
        _SHARED[key] = value
        self._keys.append(key)
        self._stop()  # workers forked before this value was shared would not have it
        return _Shared(key)

    def place(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.share(fn(*(_resolve(a) for a in args)))

    def map(self, fn: Callable[..., R], chunks: Sequence[T], *shared: Any) -> Iterator[tuple[int, R]]:
        # Frozen while the workers fork (at the first submit): the inherited heap stays out of their
        # garbage collections, which would otherwise walk it and so copy every page of it.
        gc.freeze()
        try:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_one_thread
                )
            pending: dict[Future[R], int] = {
                self._pool.submit(_call, fn, chunk, shared): i for i, chunk in enumerate(chunks)
            }
        finally:
            gc.unfreeze()
        # Results arrive as 10^5 small objects to unpickle here: collect young objects less often.
        with fewer_collections():
            try:
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        yield pending.pop(future), future.result()
            finally:
                for future in pending:
                    future.cancel()

    def _stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        self._stop()
        for key in self._keys:
            _SHARED.pop(key, None)
        self._keys.clear()


class DaskExecutor:
    """Chunks as Dask tasks on a cluster: ``"local-cluster"`` starts one here, else a scheduler address."""

    name = "dask"

    def __init__(self, scheduler: str = "local-cluster", n_workers: int = 2, processes: bool = False) -> None:
        from distributed import Client, LocalCluster

        self.scheduler = scheduler
        self._cluster: Any = None
        if scheduler == "local-cluster":
            # One thread per worker: numpy/torch already use the cores inside a task.
            self._cluster = LocalCluster(
                n_workers=n_workers,
                threads_per_worker=1,
                processes=processes,
                dashboard_address=None,
            )
            self.client = Client(self._cluster)
        else:
            self.client = Client(scheduler)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def share(self, value: Any) -> Any:
        # Wrapped: a list scattered bare becomes one future per element.
        return self.client.scatter([value], broadcast=True, hash=False)[0]

    def place(self, fn: Callable[..., Any], *args: Any) -> Any:
        # A future: the result stays in that worker's memory, and tasks that take it run there. The
        # arguments (a pipeline with its taxonomy and weights, a partition) go as data, not in the graph.
        from distributed import Future

        data = [a if isinstance(a, Future) else self.client.scatter([a], hash=False)[0] for a in args]
        return self.client.submit(fn, *data, pure=False)

    def map(self, fn: Callable[..., R], chunks: Sequence[T], *shared: Any) -> Iterator[tuple[int, R]]:
        from distributed import as_completed

        futures = [self.client.submit(fn, chunk, *shared, pure=False) for chunk in chunks]
        index = {f.key: i for i, f in enumerate(futures)}
        try:
            for future in as_completed(futures):
                yield index[future.key], future.result()
        finally:
            for f in futures:
                f.cancel()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


class ExecutorUnavailable(ValueError):
    """The executor asked for cannot be had: a malformed or unreachable scheduler address, no fork."""


def make_executor(scheduler: str | None, n_workers: int = 2) -> Executor:
    """``None``/``"in-process"``: here; ``"local-processes"``: forked processes here; ``"local-cluster"``: a
    local Dask cluster; else a Dask scheduler's address (``HOST:PORT`` or ``tcp://HOST:PORT``)."""
    if scheduler in (None, "", "in-process"):
        return InProcess()
    if n_workers < 1:
        raise ExecutorUnavailable(f"workers must be at least 1, not {n_workers}")
    try:
        if scheduler == "local-processes":
            return LocalProcesses(n_workers)
        if scheduler != "local-cluster" and not re.fullmatch(r"([a-z]+://)?[^\s:/]+:\d{1,5}", str(scheduler)):
            raise ExecutorUnavailable(
                f"unknown scheduler {scheduler!r}: use in-process, local-processes, local-cluster "
                "or a Dask scheduler address HOST:PORT"
            )
        return DaskExecutor(str(scheduler), n_workers=n_workers)
    except ExecutorUnavailable:
        raise
    except (OSError, RuntimeError, TimeoutError, ValueError) as exc:
        raise ExecutorUnavailable(f"cannot start the {scheduler} executor: {exc}") from exc


def chunked(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]
