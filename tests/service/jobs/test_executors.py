"""Executors: forked local processes see what was shared, yield every chunk once, and clean up."""

import gc
import os
from pathlib import Path

import pytest

from service.jobs.executors import _SHARED, ExecutorUnavailable, LocalProcesses, _call, make_executor
from service.jobs.rerank import run_cli


def _scaled(chunk: list[int], table: dict[str, int]) -> tuple[int, list[int]]:
    return os.getpid(), [x * table["factor"] for x in chunk]


def _fail(chunk: list[int]) -> int:
    raise ValueError(f"bad chunk {chunk}")


def test_local_processes_map_every_chunk_with_the_shared_value() -> None:
    executor = make_executor("local-processes", n_workers=2)
    assert isinstance(executor, LocalProcesses)
    try:
        table = executor.share({"factor": 3})
        chunks = [[1, 2], [3], [4, 5, 6], [7]]
        results = dict(executor.map(_scaled, chunks, table))
        assert sorted(results) == [0, 1, 2, 3]
        assert [results[i][1] for i in range(4)] == [[3, 6], [9], [12, 15, 18], [21]]
        assert all(pid != os.getpid() for pid, _ in results.values())  # ran in the workers
        # Shared after the workers started: they are replaced, so the new value is seen too.
        again = executor.share({"factor": -1})
        assert dict(executor.map(_scaled, [[2]], again))[0][1] == [-2]
        # Released (a pool is done): this process keeps neither value for later forks.
        executor.release(table, again)
        assert [v for v in _SHARED.values() if v in ({"factor": 3}, {"factor": -1})] == []
    finally:
        executor.close()


def test_local_processes_raise_a_chunk_error_in_the_caller() -> None:
    executor = LocalProcesses(2)
    try:
        with pytest.raises(ValueError, match="bad chunk"):
            list(executor.map(_fail, [[1], [2]]))
    finally:
        executor.close()


@pytest.mark.parametrize("scheduler", ["nonsense", "tcp://", "local cluster", "host:notaport"])
def test_an_unknown_scheduler_is_refused_with_exit_code_2(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ExecutorUnavailable, match="unknown scheduler"):
        make_executor(scheduler)
    # The command says what was wrong and exits 2, before touching the database.
    assert run_cli(f"sqlite:///{tmp_path / 'none.db'}", scheduler=scheduler, progress="none") == 2
    assert "unknown scheduler" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


def _collector_state(chunk: list[int]) -> bool:
    if chunk == [0]:
        raise ValueError("bad chunk [0]")
    return gc.isenabled()


def test_a_task_runs_without_the_cyclic_collector_and_gives_it_back_even_when_it_fails() -> None:
    assert gc.isenabled()
    assert _call(_collector_state, [1], ()) is False
    assert gc.isenabled()
    with pytest.raises(ValueError, match="bad chunk"):
        _call(_collector_state, [0], ())
    assert gc.isenabled()
    executor = LocalProcesses(2)
    try:
        assert dict(executor.map(_collector_state, [[1], [2], [3]])) == {0: False, 1: False, 2: False}
    finally:
        executor.close()
