"""Where batch work runs: in this process (the default) or on a Dask cluster.

An executor maps a picklable function over chunks and yields ``(chunk_index, result)`` as chunks
finish, so the caller can write each result as soon as it exists (a killed run loses at most the
chunks in flight). Big read-only objects go through ``share`` once instead of with every chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

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


def make_executor(scheduler: str | None, n_workers: int = 2) -> Executor:
    """``None``/``"in-process"``: here; ``"local-cluster"``: a local Dask cluster; else an address."""
    if scheduler in (None, "", "in-process"):
        return InProcess()
    return DaskExecutor(scheduler, n_workers=n_workers)


def chunked(items: Sequence[T], size: int) -> list[list[T]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]
