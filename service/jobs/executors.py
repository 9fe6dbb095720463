"""Where batch work runs: in this process (the default), on forked processes of this machine, or on a
Dask cluster.

An executor maps a picklable function over chunks and yields ``(chunk_index, result)`` as chunks
finish, so the caller can write each result as soon as it exists (a killed run loses at most the
chunks in flight). Big read-only objects go through ``share`` once instead of with every chunk.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
import re
import time
import uuid
import warnings
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

    def release(self, *handles: Any) -> None:
        """Forget values ``share`` or ``place`` gave these handles for: a national run shares a template
        and a partitioned index per pool, and holding every pool's until the end outgrows any machine."""
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

    def release(self, *handles: Any) -> None:
        return None

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
    # Runs in a worker, one task at a time. A re-rank task builds 10^5 small objects that all live
    # until its result is sent: the cyclic collector walking them again and again was a tenth of the
    # workers' CPU. Off for the task; the little cyclic garbage it leaves is collected after it.
    gc.disable()
    try:
        return fn(chunk, *(_resolve(v) for v in shared))
    finally:
        gc.enable()


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
        # Results arrive as 10^5 small objects to unpickle here: collect young objects less often, and
        # freeze what is already here after each result, so that older collections do not walk every
        # list received so far again and again (half the parent's CPU in a full re-rank).
        with fewer_collections():
            try:
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        result = future.result()
                        gc.freeze()
                        yield pending.pop(future), result
            finally:
                gc.unfreeze()
                for future in pending:
                    future.cancel()

    def release(self, *handles: Any) -> None:
        # The forked workers keep their copy until the next ``share`` restarts them; this process's goes.
        for h in handles:
            if isinstance(h, _Shared):
                _SHARED.pop(h.key, None)
                if h.key in self._keys:
                    self._keys.remove(h.key)

    def _stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        self._stop()
        for key in self._keys:
            _SHARED.pop(key, None)
        self._keys.clear()


GATE_ENV = "MATCHER_DASK_TEST_GATE"


def _gate(fn: Callable[..., Any]) -> None:
    """Test hook for killing a worker mid-task. With ``MATCHER_DASK_TEST_GATE=DIR`` in a worker's
    environment and a function name in DIR/armed, the first task of that function on any worker writes
    its pid to DIR/held and waits (for the test to kill this worker, or for DIR/release); every other
    task, and that task's rerun, passes."""
    folder = os.environ.get(GATE_ENV)
    if not folder:
        return
    try:
        with open(os.path.join(folder, "armed")) as armed:
            if armed.read().strip() != fn.__name__:
                return
        fd = os.open(os.path.join(folder, "held"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except (FileNotFoundError, FileExistsError):
        return
    os.write(fd, str(os.getpid()).encode())
    os.close(fd)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not os.path.exists(os.path.join(folder, "release")):
        time.sleep(0.05)


def _key(fn: Callable[..., Any]) -> str:
    """A task's key names its function (the dashboard, the task stream), unique per submission."""
    return f"{getattr(fn, '__name__', 'task')}-{uuid.uuid4().hex}"


@contextlib.contextmanager
def _large_graphs_expected() -> Iterator[None]:
    # Dask warns of data inside a task; here it is there on purpose (see ``share``), once per value.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
        yield


def _shared(value: Any) -> _Whole:
    return _Whole(value)


def _task(fn: Callable[..., R], *args: Any) -> R:
    _gate(fn)
    return fn(*(a.value if isinstance(a, _Whole) else a for a in args))


class _Whole:
    """A map task's result or a shared value, sent as one pickle (to the driver, between workers).

    Dask sends a list item by item, a frame each (so that arrays in it travel without copies): 100,000
    strings took 2.2 s to serialise instead of 0.02 s, and a large pool's candidate tops (millions of
    seeker ids) took longer to send than to compute."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _mapped(fn: Callable[..., Any], *args: Any) -> _Whole:
    return _Whole(_task(fn, *args))


def _dask_seconds(key: str) -> float:
    import dask.config
    from dask.utils import parse_timedelta

    return float(parse_timedelta(dask.config.get(key, None), default="seconds") or 0.0)


class DaskExecutor:
    """Chunks as Dask tasks on a cluster: ``"local-cluster"`` starts one here, else a scheduler address.

    Survives losing workers mid-run: everything a task needs is either in the task or the result of a
    task, never data scattered to one worker, so the scheduler can make any lost piece again on the
    workers left (``service.jobs.distributed`` runs this against real ``dask worker`` processes).
    Workers need this project importable (installed, or on PYTHONPATH); ``--preload service.jobs.rerank``
    imports its libraries as a worker starts instead of in its first task.
    """

    name = "dask"

    def __init__(
        self,
        scheduler: str = "local-cluster",
        n_workers: int = 2,
        processes: bool = False,
        connect_timeout_s: float | None = None,
        no_workers_timeout_s: float | None = None,
    ) -> None:
        from distributed import Client, LocalCluster

        self.scheduler = scheduler
        # How long a run waits with every worker gone (for one to join) before it stops: Dask's own
        # setting for tasks without a worker, when set.
        if no_workers_timeout_s is None:
            no_workers_timeout_s = _dask_seconds("distributed.scheduler.no-workers-timeout") or 120.0
        self.no_workers_timeout_s = no_workers_timeout_s
        self._cluster: Any = None
        self._shared: dict[int, tuple[Any, Any]] = {}  # id -> (the value, kept alive; its future)
        self._placed = itertools.count()
        if scheduler == "local-cluster":
            # One thread per worker: numpy/torch already use the cores inside a task.
            self._cluster = LocalCluster(
                n_workers=n_workers,
                threads_per_worker=1,
                processes=processes,
                dashboard_address="127.0.0.1:0",  # None still binds 0.0.0.0:8787, taken by any other cluster
            )
            self.client = Client(self._cluster)
        else:
            address = scheduler if "://" in scheduler else f"tcp://{scheduler}"
            if connect_timeout_s is None:
                connect_timeout_s = min(10.0, _dask_seconds("distributed.comm.timeouts.connect"))
            try:
                self.client = Client(address, timeout=connect_timeout_s)
            except (OSError, TimeoutError) as exc:
                raise ExecutorUnavailable(
                    f"no Dask scheduler answers at {address} (waited {connect_timeout_s:.0f} s): "
                    "start one (dask scheduler) or check the address"
                ) from exc
            try:
                # Tasks given to a scheduler without workers would wait forever.
                self.client.wait_for_workers(1, timeout=connect_timeout_s)
            except TimeoutError as exc:
                self.client.close()
                raise ExecutorUnavailable(
                    f"the Dask scheduler at {address} has no workers (waited {connect_timeout_s:.0f} s): "
                    "start some (dask worker " + address + ")"
                ) from exc
        self.workers = max(1, len(self.client.scheduler_info(n_workers=-1).get("workers", {})))

    def share(self, value: Any) -> Any:
        # A task that returns the value, not scattered data: the scheduler keeps the recipe, so if the
        # workers holding it die it is made again on another (scattered data would be gone for good,
        # and the scheduler's memory manager keeps only one replica of it). Workers take it from
        # each other as tasks need it. Once per object: the embedder is shared for every actor and side.
        found = self._shared.get(id(value))
        if found is None or found[0] is not value:
            key = f"shared-{type(value).__name__}-{uuid.uuid4().hex}"
            with _large_graphs_expected():
                found = (value, self.client.submit(_shared, value, key=key))
            self._shared[id(value)] = found
        return found[1]

    def place(self, fn: Callable[..., Any], *args: Any) -> Any:
        # A future: the result stays in that worker's memory, and tasks that take it run there. The
        # arguments (a partition of seekers and their vectors) travel inside the task, not scattered:
        # the scheduler then holds the recipe, and if that worker dies it rebuilds the partition on
        # another one (data scattered to a single worker would be lost with it).
        # Placed round the workers (loosely: if that one is gone, any other): by default every partition
        # would follow the shared template to the one worker holding it, and the chunks ranked on the
        # other worker would fetch a partition first.
        addresses = sorted(self.client.scheduler_info(n_workers=-1).get("workers", {}))
        target = [addresses[next(self._placed) % len(addresses)]] if addresses else None
        with _large_graphs_expected():
            return self.client.submit(
                _task,
                fn,
                *args,
                key=_key(fn),
                pure=False,
                workers=target,
                allow_other_workers=target is not None,  # Dask refuses it without workers named
            )

    def map(self, fn: Callable[..., R], chunks: Sequence[T], *shared: Any) -> Iterator[tuple[int, R]]:
        # A task whose worker dies is run again elsewhere by the scheduler (the same future: each chunk
        # is yielded once); every task here is a pure function of its inputs, so the rerun gives the
        # same result. With every worker gone the run stops instead of waiting for one forever.
        from distributed import as_completed

        futures: list[Any] = [
            self.client.submit(_mapped, fn, chunk, *shared, key=_key(fn), pure=False) for chunk in chunks
        ]
        index = {f.key: i for i, f in enumerate(futures)}
        pending = as_completed(futures)
        watch = _WorkerWatch(self)
        try:
            while not pending.is_empty():
                if pending.has_ready():
                    for future in pending.next_batch(block=False):
                        i = index[future.key]
                        result = self._result(future, watch)
                        # Fetched: the worker may forget it now. Held to the end of the map, a large
                        # pool's lists stayed in the workers' memory (gigabytes at national scale).
                        futures[i] = None
                        future.release()
                        yield i, result
                    continue
                watch.check()
                time.sleep(0.002)
        finally:
            for f in futures:
                if f is not None:
                    f.cancel()

    @staticmethod
    def _result(future: Any, watch: _WorkerWatch) -> Any:
        # A finished task whose worker dies before its result is fetched is made again: wait for that in
        # steps, so that with every worker gone the run stops instead of waiting on it forever. A step
        # that times out abandons the transfer under way, so each step is twice as long as the last: with
        # steps of 1 s, a large pool's result (250 MB of candidate tops) never arrived.
        step = 1.0
        while True:
            try:
                return future.result(timeout=step).value
            except TimeoutError:
                watch.check()
                step = min(2 * step, 120.0)

    def release(self, *handles: Any) -> None:
        # Dropping the last future lets the scheduler forget the task (its pickled value included) and
        # the workers free its result.
        gone = {id(h) for h in handles}
        for key, (_, future) in list(self._shared.items()):
            if id(future) in gone:
                del self._shared[key]

    def close(self) -> None:
        self._shared.clear()
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


class _WorkerWatch:
    """Raises WorkersLost once the cluster has had no worker for ``no_workers_timeout_s``."""

    def __init__(self, executor: DaskExecutor) -> None:
        self.executor = executor
        self.next_check = 0.0
        self.alone_since: float | None = None

    def check(self) -> None:
        now = time.monotonic()
        if now < self.next_check:
            return
        self.next_check = now + 1.0
        ex = self.executor
        if ex.client.scheduler_info(n_workers=-1).get("workers"):
            self.alone_since = None
        elif self.alone_since is None:
            self.alone_since = now
        elif now - self.alone_since > ex.no_workers_timeout_s:
            raise WorkersLost(
                f"every Dask worker of {ex.scheduler} has been gone for "
                f"{ex.no_workers_timeout_s:.0f} s: start workers and run again to resume"
            )


class ExecutorUnavailable(ValueError):
    """The executor asked for cannot be had: a malformed or unreachable scheduler address, no fork."""


class WorkersLost(RuntimeError):
    """Every worker of a Dask cluster left during a run (what was written stays; a rerun resumes)."""


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
