"""The re-rank on a real Dask cluster (a ``dask scheduler`` and ``dask worker`` processes), the workers
reading their seekers from the database: a worker SIGKILLed mid-run, a driver killed mid-run, seekers
edited mid-run, no seeker data in any task, and clear errors when there is no cluster to use."""

import io
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import cloudpickle
import dask.config
import distributed  # noqa: F401  (its settings loaded before a test sets one: leaving the set would drop them)
import pytest
from distributed import Client, Future
from distributed.protocol import dumps, to_serialize
from sqlmodel import Session, select

from matcher import SeekerProfile
from matcher.embed.embedding import text_key
from matcher.rank.profile_arrays import seeker_document
from models import Shortlist, ShortlistState
from models.enums import ShortlistStatus
from service.engine.ranking import DatabaseEmbeddingCache, build_pipeline
from service.jobs.distributed import ProcessCluster
from service.jobs.executors import GATE_ENV, DaskExecutor, ExecutorUnavailable, _Whole
from service.jobs.progress import Silent
from service.jobs.rerank import rerank, run_cli
from service.platform.config import REPO_ROOT
from service.platform.db import make_engine
from service.platform.migrate import upgrade
from tests.service.jobs.test_partitions import actor_of_seekers, driver_read
from tests.service.jobs.test_rerank import populate, ready_lists, run, states

SEEKERS = 60  # two partitions of 30, six vacancies: scored in two chunks per partition


@pytest.fixture(scope="module")
def gate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gate")


@pytest.fixture(scope="module")
def module_cluster(gate: Path) -> Iterator[ProcessCluster]:
    with ProcessCluster(2, env={GATE_ENV: str(gate)}) as cluster:
        yield cluster


@pytest.fixture
def cluster(module_cluster: ProcessCluster, gate: Path) -> Iterator[ProcessCluster]:
    """The module's cluster with two live workers and the gate disarmed (a test may have killed one)."""
    for name in ("armed", "held", "release"):
        (gate / name).unlink(missing_ok=True)
    while module_cluster.alive_workers() < 2:
        module_cluster.add_worker()
    yield module_cluster
    (gate / "release").touch()  # a task still held (a test that failed early) goes on


class Killer(threading.Thread):
    """Arms the gate at ``function`` and SIGKILLs the worker whose task then waits in it."""

    def __init__(self, cluster: ProcessCluster, gate: Path, function: str) -> None:
        super().__init__(daemon=True)
        self.cluster, self.held = cluster, gate / "held"
        self.killed: list[int] = []
        self.done = threading.Event()
        (gate / "armed").write_text(function)
        self.start()

    def run(self) -> None:
        while not self.done.wait(0.05):
            if self.held.exists() and self.held.read_text():
                self.killed.append(self.cluster.kill_worker(int(self.held.read_text())))
                return

    def stop(self) -> None:
        self.done.set()
        self.join(timeout=10)


class _Types(cloudpickle.CloudPickler):
    """Pickles as Dask does when a value is not plain data, noting the type of every object met."""

    def __init__(self, file: io.BytesIO, seen: set[type]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.seen = seen

    def reducer_override(self, obj: Any) -> Any:
        self.seen.add(type(obj))
        return super().reducer_override(obj)


class Recording:
    """A Dask executor that also pickles every argument handed to it on the way to the scheduler
    (futures are references to earlier tasks' results: they stay on the workers)."""

    def __init__(self, inner: DaskExecutor) -> None:
        self.inner = inner
        self.name, self.workers = inner.name, inner.workers
        self.sent: list[tuple[str, bytes, set[type]]] = []
        self.functions: set[str] = set()

    def _record(self, what: str, values: Sequence[Any]) -> None:
        self.functions.add(what)
        for value in values:
            if not isinstance(value, Future):
                seen: set[type] = set()
                buffer = io.BytesIO()
                _Types(buffer, seen).dump(value)
                self.sent.append((what, buffer.getvalue(), seen))

    def share(self, value: Any) -> Any:
        self._record("share", [value])
        return self.inner.share(value)

    def place(self, fn: Callable[..., Any], *args: Any) -> Any:
        self._record(fn.__name__, args)
        return self.inner.place(fn, *args)

    def map(self, fn: Callable[..., Any], chunks: Sequence[Any], *shared: Any) -> Iterator[tuple[int, Any]]:
        for chunk in chunks:
            self._record(fn.__name__, chunk if isinstance(chunk, tuple) else [chunk])
        self._record(fn.__name__, shared)
        return self.inner.map(fn, chunks, *shared)

    def release(self, *handles: Any) -> None:
        self.inner.release(*handles)

    def close(self) -> None:
        self.inner.close()


class Events(Silent):
    """No output; the names of the events the run reported."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[str] = []

    def event(self, name: str, **fields: Any) -> None:
        self.events.append(name)


def forget_lists(url: str) -> None:
    """Supersede every list and drop the states: the next run ranks everything in full."""
    engine = make_engine(url)
    with Session(engine) as session:
        for state in session.exec(select(ShortlistState)).all():
            session.delete(state)
        for shortlist in session.exec(select(Shortlist).where(Shortlist.status == ShortlistStatus.READY)):
            shortlist.status = ShortlistStatus.SUPERSEDED
            session.add(shortlist)
        session.commit()
    engine.dispose()


def killed_run_equals_in_process(url: str, cluster: ProcessCluster, gate: Path, function: str) -> None:
    populate(url, n_seekers=SEEKERS)
    # In-process first (its vectors are then cached: the cluster run is all ranking), then forgotten.
    alone = run(url)
    assert alone.counts["rescored"] == 6 and alone.counts["written"] == 6
    expected, expected_states = ready_lists(url), states(url)
    forget_lists(url)
    executor = DaskExecutor(cluster.address)
    try:
        assert executor.workers == 2
        killer = Killer(cluster, gate, function)
        report = run(url, executor=executor)
    finally:
        killer.stop()
        executor.close()
    assert killer.killed, "no task reached the gate: nothing was killed"
    assert cluster.alive_workers() == 1
    assert report.status == "done", report.message
    assert report.counts["rescored"] == 6 and report.counts["written"] == 6
    assert report.counts["already_written"] == 0  # nothing written twice
    assert ready_lists(url) == expected
    assert states(url) == expected_states


@pytest.mark.slow
def test_a_worker_killed_while_scoring_gives_the_single_process_lists(
    db_url: str, cluster: ProcessCluster, gate: Path
) -> None:
    """Its partition of seekers is lost with it: the scheduler rebuilds the partition on the other
    worker from the recipe it holds, reruns the chunk there, and the lists are the in-process ones."""
    killed_run_equals_in_process(db_url, cluster, gate, "_partition_chunk")


@pytest.mark.slow
def test_a_worker_killed_while_indexing_its_partition(
    tmp_path: Path, cluster: ProcessCluster, gate: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'run.db'}"
    upgrade(url)
    killed_run_equals_in_process(url, cluster, gate, "_index_partition")


@pytest.mark.slow
def test_no_seeker_data_is_submitted_to_the_cluster(tmp_path: Path, cluster: ProcessCluster) -> None:
    """The lists are the in-process ones, and no seeker profile, text or vector is in any task: a
    partition's task is its id range and digest, a few hundred bytes, whatever the pool's size."""
    url = f"sqlite:///{tmp_path / 'run.db'}"
    upgrade(url)
    populate(url, n_seekers=40)
    alone = run(url)  # in-process: the reference lists, and every vector cached
    expected, expected_states = ready_lists(url), states(url)
    seekers, _ = driver_read(url, actor_of_seekers(url))
    engine = make_engine(url)
    namespace = f"{build_pipeline().embedder.model_id}/document"
    vectors = DatabaseEmbeddingCache(engine).get_many(
        namespace, [text_key(seeker_document(s)) for s in seekers]
    )
    assert len(vectors) == len({seeker_document(s) for s in seekers})
    engine.dispose()
    forget_lists(url)
    executor = Recording(DaskExecutor(cluster.address))
    try:
        report = run(url, executor=executor)
    finally:
        executor.close()
    assert report.status == "done" and report.counts["rescored"] == alone.counts["rescored"] == 6
    assert ready_lists(url) == expected and states(url) == expected_states
    assert {"_index_partition", "_partition_tops", "_partition_chunk"} <= executor.functions
    assert all(SeekerProfile not in seen for _, _, seen in executor.sent)
    for s in seekers:
        assert all(s.text.encode() not in blob for _, blob, _ in executor.sent), s.id
    for vector in vectors.values():
        assert all(vector.astype("<f4").tobytes() not in blob for _, blob, _ in executor.sent)
    partition_args = [blob for what, blob, _ in executor.sent if what == "_index_partition"]
    assert len(partition_args) == 2 and all(len(blob) < 1024 for blob in partition_args)


def test_a_result_of_many_small_items_travels_as_one_piece(cluster: ProcessCluster) -> None:
    """Dask sends a list item by item, a frame each: a large pool's candidate tops (millions of seeker
    ids) took longer to reach the driver than to compute, and with fetches abandoned after a second
    they never arrived. A map's results travel as one pickle, and a long fetch is waited for."""
    words = " ".join(f"s{i}" for i in range(300_000))
    executor = DaskExecutor(cluster.address)
    try:
        [(i, got)] = list(executor.map(str.split, [words]))
    finally:
        executor.close()
    assert i == 0 and got == words.split()
    context = {"sender": "worker", "recipient": "driver"}
    assert len(dumps({"data": {"k": to_serialize(got)}}, context=context)) > len(got)  # a frame per item
    assert len(dumps({"data": {"k": to_serialize(_Whole(got))}}, context=context)) < 10


@pytest.mark.slow
def test_seekers_changed_during_the_run_are_ranked_as_the_driver_read_them(
    tmp_path: Path, cluster: ProcessCluster, gate: Path
) -> None:
    """Every seeker edited while a worker is about to read its partition: the worker refuses it, the
    driver ranks the rest in process on what it read, so the lists are those of the pool it digested;
    the next run sees the change."""
    url = f"sqlite:///{tmp_path / 'run.db'}"
    upgrade(url)
    populate(url, n_seekers=SEEKERS)
    run(url)
    expected = ready_lists(url)
    forget_lists(url)
    (gate / "armed").write_text("_index_partition")

    def edit_then_release() -> None:
        held = gate / "held"
        while not (held.exists() and held.read_text()):
            time.sleep(0.05)
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql("UPDATE jobseeker SET profile_text = profile_text || ' Jag har C-körkort.'")
        engine.dispose()
        (gate / "release").touch()

    editor = threading.Thread(target=edit_then_release, daemon=True)
    editor.start()
    executor = DaskExecutor(cluster.address)
    progress = Events()
    try:
        report = rerank(url, executor=executor, progress=progress)
    finally:
        (gate / "release").touch()
        editor.join(timeout=10)
        executor.close()
    assert report.status == "done" and report.counts["written"] == 6
    assert "partition_changed" in progress.events
    assert ready_lists(url) == expected
    assert run(url).counts["kept"] == 0  # the pool changed: nothing is taken as up to date


@pytest.mark.slow
def test_a_killed_driver_resumes_on_the_cluster(tmp_path: Path, cluster: ProcessCluster) -> None:
    """The process driving the run dies after two lists: the next run on the cluster writes only the
    other four, and the lists are the in-process ones. (SQLite: on PostgreSQL the driver's death frees
    the run lock as in the in-process crash tests; the cluster's part is the same.)"""
    db_url = f"sqlite:///{tmp_path / 'run.db'}"
    upgrade(db_url)
    populate(db_url, n_seekers=SEEKERS)
    # Batches of two lists, so the kill after the second leaves exactly the first batch committed.
    env = {**os.environ, "MATCHER_RERANK_KILL_AT": "written:2", "MATCHER_RERANK_WRITE_BATCH": "2"}
    killed = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.jobs.rerank",
            "--database-url",
            db_url,
            "--scheduler",
            cluster.address,
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    assert len(ready_lists(db_url)) == 2
    executor = DaskExecutor(cluster.address)
    try:
        resumed = run(db_url, executor=executor)
    finally:
        executor.close()
    assert resumed.status == "done" and resumed.counts["written"] == 4 and resumed.counts["kept"] == 2
    on_cluster = ready_lists(db_url)
    forget_lists(db_url)
    run(db_url)
    assert ready_lists(db_url) == on_cluster


def test_an_unreachable_scheduler_is_exit_code_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'none.db'}"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        assert run_cli(url, scheduler="127.0.0.1:1", progress="none") == 2
    err = capsys.readouterr().err
    assert "no Dask scheduler answers at tcp://127.0.0.1:1" in err
    assert not (tmp_path / "none.db").exists()


def _keys_of(cluster: ProcessCluster, prefix: str) -> int:
    with Client(cluster.address, timeout=10) as client:
        return int(
            client.run_on_scheduler(
                lambda dask_scheduler: sum(k.startswith(prefix) for k in dask_scheduler.tasks)
            )
        )


def test_each_result_leaves_the_cluster_once_fetched(cluster: ProcessCluster) -> None:
    """Held to the end of a map, a national pool's lists filled the workers' memory: each result is
    forgotten by the cluster once the map has handed it over."""
    executor = DaskExecutor(cluster.address)
    try:
        chunks = ["x" * n for n in range(1, 5)]
        received = []
        for i, result in executor.map(len, chunks):
            received.append(result == len(chunks[i]))
            if len(received) < len(chunks):
                continue
            # the map is still running (its last result just handed over): the results it gave are gone
            deadline = time.monotonic() + 10
            while (held := _keys_of(cluster, "len-")) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert held == 0
        assert received == [True] * len(chunks)
    finally:
        executor.close()


def test_a_scheduler_without_workers_is_refused() -> None:
    with ProcessCluster(0) as empty, pytest.raises(ExecutorUnavailable, match="has no workers"):
        DaskExecutor(empty.address, connect_timeout_s=1)


@pytest.mark.slow
def test_every_worker_lost_stops_the_command_with_a_message(
    tmp_path: Path, cluster: ProcessCluster, gate: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No worker left and none joining: the command says so and exits 1 instead of waiting forever;
    the next run on a cluster with workers finishes the lists."""
    url = f"sqlite:///{tmp_path / 'run.db'}"
    upgrade(url)
    populate(url, n_seekers=SEEKERS)
    run(url)  # vectors cached; then forgotten, so the command has every list to rank
    forget_lists(url)
    killer = Killer(cluster, gate, "_partition_chunk")

    def kill_the_other() -> None:
        killer.join()
        while cluster.alive_workers():
            cluster.kill_worker()

    other = threading.Thread(target=kill_the_other, daemon=True)
    other.start()
    try:
        with dask.config.set({"distributed.scheduler.no-workers-timeout": "2s"}):
            code = run_cli(url, scheduler=cluster.address, progress="none")
    finally:
        killer.stop()
        other.join(timeout=10)
    assert code == 1
    assert "every Dask worker of " in capsys.readouterr().err
    cluster.add_worker()
    (gate / "armed").unlink()
    executor = DaskExecutor(cluster.address)
    try:
        resumed = run(url, executor=executor)
    finally:
        executor.close()
    assert resumed.status == "done" and resumed.counts["written"] == 6
