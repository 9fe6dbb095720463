"""The collector settings batches use: restored when the last of nested and concurrent uses finishes."""

import gc
import threading

from matcher.rank.gc_tuning import fewer_collections, no_collections


def test_the_collector_is_off_inside_and_back_on_after_the_last_use() -> None:
    assert gc.isenabled()
    with no_collections():
        assert not gc.isenabled()
        with no_collections():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer use still runs
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with no_collections():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_concurrent_uses_share_one_switch() -> None:
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with no_collections():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(10)
    with no_collections():
        pass
    assert not gc.isenabled()  # the other thread's use is not over
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_fewer_collections_restores_the_thresholds() -> None:
    before = gc.get_threshold()
    with fewer_collections(young=123_456):
        assert gc.get_threshold()[0] == 123_456
        with fewer_collections(young=1_000):
            assert gc.get_threshold()[0] == 123_456  # nested uses share the outer setting
    assert gc.get_threshold() == before
