"""Bounding password checks: argon2 is CPU-bound by design, so only a few run at once.

A login waits for one of ``login_concurrency`` slots without holding a database connection; when
``login_queue`` more are already waiting, it is refused at once (429) instead of tying up a worker thread.
That is the global limit: a flood of failed logins can slow logins down, never the rest of the service.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from service.platform.config import Settings
from service.platform.errors import TooManyRequests


class LoginBusy(TooManyRequests):
    """More logins are being checked than the service takes at once; ``retry_after`` is in seconds."""

    retry_after = 1

    def __init__(self) -> None:
        super().__init__("too many logins at once; try again in a moment")


class LoginGate:
    def __init__(self, *, slots: int, queue: int) -> None:
        self.slots = slots
        self.queue = queue
        self._semaphore = threading.BoundedSemaphore(slots)
        self._lock = threading.Lock()
        self._admitted = 0

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot for a password check; ``LoginBusy`` when the queue is full."""
        with self._lock:
            if self._admitted >= self.slots + self.queue:
                raise LoginBusy()
            self._admitted += 1
        try:
            with self._semaphore:
                yield
        finally:
            with self._lock:
                self._admitted -= 1


_gates: dict[tuple[int, int], LoginGate] = {}
_gates_lock = threading.Lock()


def login_gate(settings: Settings) -> LoginGate:
    """One gate per process (per configuration), shared by the API and the web login."""
    key = (settings.login_concurrency, settings.login_queue)
    with _gates_lock:
        if key not in _gates:
            _gates[key] = LoginGate(slots=key[0], queue=key[1])
        return _gates[key]
