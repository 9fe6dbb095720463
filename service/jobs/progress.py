"""Progress of a batch run: a rich progress bar on a terminal, one JSON line per event otherwise.

Both record the same figures (duration, item count and peak resident memory per stage), which the job
stores in ``RerankRun.metrics`` so a run can be judged after the fact, not only watched. Progress lines
carry an ETA (``eta_s``) for the stage and, through ``overall`` events, for the whole run.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path
from typing import IO, Any, Protocol

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def rss_mib(field: str = "VmRSS") -> float:
    """This process's resident memory (``VmRSS``) or its peak since the last reset (``VmHWM``), in MiB;
    0 where /proc is not there."""
    try:
        for line in _STATUS.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class _Window:
    """The peak seen since ``start_window`` (across the per-stage resets): one actor's peak, say."""

    peak = 0.0


def start_window() -> None:
    _Window.peak = rss_mib("VmRSS")


def window_peak() -> float:
    """The peak resident memory (MiB) since ``start_window``, this moment included."""
    _Window.peak = max(_Window.peak, rss_mib("VmHWM"))
    return _Window.peak


def reset_peak() -> None:
    """Start a new peak (Linux: ``5`` to clear_refs resets VmHWM), so a stage's own peak can be read."""
    with contextlib.suppress(OSError):
        _CLEAR_REFS.write_text("5")


def eta_s(done: float, total: float, elapsed: float) -> float | None:
    """Seconds left at the rate so far; None before the first item."""
    if done <= 0 or elapsed <= 0:
        return None
    return round(max(0.0, total - done) * elapsed / done, 1)


class Progress(Protocol):
    def stage(self, name: str, total: int) -> None:
        """Start a stage of ``total`` items (ends the previous one)."""
        ...

    def advance(self, n: int = 1) -> None: ...

    def event(self, name: str, **fields: Any) -> None:
        """A one-off fact worth a log line (counts, a skipped run, …)."""
        ...

    def close(self) -> dict[str, Any]:
        """End the last stage; the per-stage figures."""
        ...


class _Stages:
    """Per-stage durations, item counts and peak resident memory (summed, resp. the maximum, over the
    stage's repeats: a re-rank runs its stages once per matching actor)."""

    def __init__(self) -> None:
        self.figures: dict[str, dict[str, float]] = {}
        self._name: str | None = None
        self._t0 = 0.0
        self._done = 0
        self.peak_rss_mib = rss_mib("VmHWM")  # of the whole run, across the per-stage resets

    def start(self, name: str) -> None:
        self.end()
        self.peak_rss_mib = max(self.peak_rss_mib, window_peak())
        reset_peak()
        self._name, self._t0, self._done = name, time.perf_counter(), 0

    def elapsed(self) -> float:
        return time.perf_counter() - self._t0 if self._name is not None else 0.0

    def add(self, n: int) -> None:
        self._done += n

    def end(self) -> dict[str, float] | None:
        if self._name is None:
            return None
        seconds = time.perf_counter() - self._t0
        peak = rss_mib("VmHWM")  # the stage's own peak (reset at its start)
        self.peak_rss_mib = max(self.peak_rss_mib, window_peak())
        prev = self.figures.get(self._name, {"seconds": 0.0, "items": 0.0, "peak_rss_mib": 0.0})
        fig = {
            "seconds": prev["seconds"] + seconds,
            "items": prev["items"] + self._done,
            "peak_rss_mib": max(prev["peak_rss_mib"], peak),
        }
        fig["items_per_s"] = fig["items"] / fig["seconds"] if fig["seconds"] > 0 else 0.0
        self.figures[self._name] = fig
        self._name = None
        return fig

    @property
    def current(self) -> str | None:
        return self._name


class JsonLines:
    """Structured log lines (one JSON object per line) for cron, CI and log collectors."""

    def __init__(self, stream: IO[str] | None = None, every: int = 100) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self._stages = _Stages()
        self._total = 0

    def _write(self, **fields: Any) -> None:
        self.stream.write(json.dumps({"ts": round(time.time(), 3), **fields}, default=str) + "\n")
        self.stream.flush()

    def stage(self, name: str, total: int) -> None:
        self._finish()
        self._stages.start(name)
        self._total = total
        self._write(event="stage_start", stage=name, total=total)

    def advance(self, n: int = 1) -> None:
        before = self._stages._done
        self._stages.add(n)
        if self._stages._done // self.every != before // self.every:
            self._write(
                event="progress",
                stage=self._stages.current,
                done=self._stages._done,
                total=self._total,
                eta_s=eta_s(self._stages._done, self._total, self._stages.elapsed()),
            )

    def event(self, name: str, **fields: Any) -> None:
        self._write(event=name, **fields)

    def _finish(self) -> None:
        name = self._stages.current
        fig = self._stages.end()
        if fig is not None:
            self._write(event="stage_end", stage=name, **{k: round(v, 4) for k, v in fig.items()})

    def close(self) -> dict[str, Any]:
        self._finish()
        return dict(self._stages.figures)


class RichBar:
    """A live bar per stage on a terminal (rich)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._console = Console(stderr=True)
        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=self._console,
        )
        self._bar.start()
        self._task: Any = None
        self._tasks: dict[str, Any] = {}
        self._stages = _Stages()

    def stage(self, name: str, total: int) -> None:
        # A stage repeated (once per matching actor) grows its one bar instead of adding bars.
        self._stages.start(name)
        task = self._tasks.get(name)
        if task is None:
            task = self._tasks[name] = self._bar.add_task(name, total=total)
        else:
            self._bar.update(task, total=(self._bar.tasks[task].total or 0) + total)
        self._task = task

    def advance(self, n: int = 1) -> None:
        self._stages.add(n)
        if self._task is not None:
            self._bar.advance(self._task, n)

    def event(self, name: str, **fields: Any) -> None:
        if name == "overall":  # the whole run's bar (and its ETA), first of all
            task = self._tasks.get("_overall")
            if task is None:
                task = self._tasks["_overall"] = self._bar.add_task(
                    str(fields.get("label", "run")), total=fields["total"]
                )
            self._bar.update(task, total=fields["total"], completed=fields["done"])
            return
        self._console.log(name, fields)

    def close(self) -> dict[str, Any]:
        self._stages.end()
        self._bar.stop()
        return dict(self._stages.figures)


class Silent:
    """Figures only, no output (tests, library use)."""

    def __init__(self) -> None:
        self._stages = _Stages()

    def stage(self, name: str, total: int) -> None:
        self._stages.start(name)

    def advance(self, n: int = 1) -> None:
        self._stages.add(n)

    def event(self, name: str, **fields: Any) -> None:
        return None

    def close(self) -> dict[str, Any]:
        self._stages.end()
        return dict(self._stages.figures)


def make_progress(mode: str = "auto") -> Progress:
    """``auto``: a bar on a terminal, JSON lines otherwise; or ``bar``, ``json``, ``none``."""
    if mode == "auto":
        mode = "bar" if sys.stderr.isatty() else "json"
    if mode == "bar":
        return RichBar()
    if mode == "json":
        return JsonLines()
    return Silent()
