"""Batched, durable audit of reads: a queue written by one background thread.

A read of personal data must leave an audit event, but committing one row per read makes every read
wait for the database's fsync. Reads therefore hand their event to the process's ``AuditWriter``, which
commits whatever is queued in one transaction at most ``max_delay_s`` after the first event of a batch
was submitted, and everything still queued when the app shuts down. The deadline is the submission time
of the oldest queued event, not the moment the writer thread got to it: an event that waited while the
previous batch was committing (a slow fsync, a busy machine) is written as soon as the writer is free,
never held for another full window.

What "durable" means here: an event is durable once its batch commits, which is within ``max_delay_s``
(``MATCHER_AUDIT_FLUSH_MS``, default 200 ms) of the read, with the database's own durability (SQLite
``synchronous=FULL``, PostgreSQL's WAL fsync). An orderly shutdown (SIGTERM/SIGINT through the app's
lifespan) writes every queued event first. A hard crash (kill -9, power loss) can lose the reads of the
last ``max_delay_s`` at most; a batch that fails to commit is kept and retried, never dropped. Actions that
change data are not batched: they are audited in their own transaction (``service.platform.audit.record``).
"""

import logging
import queue
import threading
import time
from typing import Any, Self

from sqlalchemy import Engine, insert

from models import AuditEvent

log = logging.getLogger("service.platform.audit")

_RUNNING: dict[str, "AuditWriter"] = {}  # database URL -> the writer started for it in this process
_RUNNING_LOCK = threading.Lock()


def running_writer(bind: Any) -> "AuditWriter | None":
    """The started writer for the database of ``bind`` (an Engine or Connection), if any."""
    if not _RUNNING:
        return None
    engine = getattr(bind, "engine", bind)
    return _RUNNING.get(str(engine.url))


def flush_all(timeout: float | None = 30.0) -> bool:
    """Commit every event queued so far by every running writer of this process."""
    with _RUNNING_LOCK:
        writers = list(_RUNNING.values())
    return all(w.flush(timeout) for w in writers)


class _Flush:
    """A marker in the queue: set once everything queued before it is committed."""

    def __init__(self) -> None:
        self.done = threading.Event()


class AuditWriter:
    """Queues audit events and commits them in batches from one thread (see the module docstring)."""

    def __init__(self, engine: Engine, *, max_delay_s: float = 0.2, max_batch: int = 1000) -> None:
        self.engine = engine
        self.max_delay_s = max_delay_s
        self.max_batch = max_batch
        # Each event travels with its submission time (time.monotonic()), which sets its batch's deadline.
        self._queue: queue.Queue[tuple[float, dict[str, Any]] | _Flush | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self.written = 0  # events committed so far

    def start(self) -> Self:
        with _RUNNING_LOCK:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
                self._thread.start()
                _RUNNING[str(self.engine.url)] = self
        return self

    def submit(self, values: dict[str, Any]) -> None:
        """Queue one event, given as its column values (``service.platform.audit.audit_values``)."""
        self._queue.put((time.monotonic(), values))

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait until every event submitted before this call is committed; False on timeout."""
        marker = _Flush()
        self._queue.put(marker)
        return marker.done.wait(timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Write what is queued, then stop."""
        with _RUNNING_LOCK:
            if _RUNNING.get(str(self.engine.url)) is self:
                del _RUNNING[str(self.engine.url)]
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        stop = False
        while not stop:
            first = self._queue.get()
            batch: list[dict[str, Any]] = []
            markers: list[_Flush] = []
            stop = self._take(first, batch, markers)
            submitted = first[0] if isinstance(first, tuple) else time.monotonic()
            deadline = submitted + self.max_delay_s
            # Collect until the first event is max_delay_s old, the batch is full, or someone waits.
            while not stop and not markers and len(batch) < self.max_batch:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    item = self._queue.get(timeout=remaining)
                except queue.Empty:
                    break
                stop = self._take(item, batch, markers)
            # Drain what arrived meanwhile, without waiting (bounded, so a flood cannot hold a batch open).
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                stop = self._take(item, batch, markers) or stop
            self._write(batch)
            for marker in markers:
                marker.done.set()

    @staticmethod
    def _take(
        item: tuple[float, dict[str, Any]] | _Flush | None,
        batch: list[dict[str, Any]],
        markers: list[_Flush],
    ) -> bool:
        if item is None:
            return True
        if isinstance(item, _Flush):
            markers.append(item)
        else:
            batch.append(item[1])
        return False

    def _write(self, batch: list[dict[str, Any]]) -> None:
        delay = 0.1
        while batch:
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(AuditEvent), batch)
                self.written += len(batch)
                return
            except Exception:
                # Never drop audit events: keep the batch and try again (the database may be busy or away).
                log.exception("writing %d audit events failed; retrying in %.1f s", len(batch), delay)
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
