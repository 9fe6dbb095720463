"""Progress of long steps: an ETA on every progress line, per-stage peak memory, one bar per stage."""

import io
import json

from service.jobs.progress import JsonLines, RichBar, Silent, eta_s, rss_mib, start_window, window_peak


def test_json_lines_carry_an_eta_and_stage_memory() -> None:
    out = io.StringIO()
    progress = JsonLines(out, every=2)
    progress.stage("generate_seekers", 4)
    progress.advance(2)
    progress.advance(2)
    figures = progress.close()
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    ticks = [x for x in lines if x["event"] == "progress"]
    assert [t["done"] for t in ticks] == [2, 4]
    assert ticks[0]["eta_s"] is not None and ticks[0]["eta_s"] >= 0 and ticks[-1]["eta_s"] == 0
    assert figures["generate_seekers"]["items"] == 4
    assert figures["generate_seekers"]["peak_rss_mib"] > 0


def test_eta_is_the_rate_so_far() -> None:
    assert eta_s(0, 10, 5.0) is None
    assert eta_s(5, 10, 5.0) == 5.0
    assert eta_s(10, 10, 3.0) == 0.0


def test_a_repeated_stage_keeps_one_bar_and_sums_its_figures() -> None:
    bar = RichBar()
    for _ in range(3):  # as a re-rank runs its stages once per matching actor
        bar.stage("score", 2)
        bar.advance(2)
    bar.event("overall", label="re-rank", done=6, total=6, eta_s=0.0)
    figures = bar.close()
    tasks = bar._bar.tasks
    assert [t.description for t in tasks] == ["score", "re-rank"]
    assert tasks[0].total == 6 and tasks[0].completed == 6
    assert figures["score"]["items"] == 6


def test_memory_window_sees_a_peak_inside_a_stage() -> None:
    start_window()
    before = rss_mib()
    progress = Silent()
    progress.stage("big", 1)
    block = bytearray(64 * 2**20)  # 64 MiB touched, then freed before the stage ends
    block[::4096] = b"x" * len(block[::4096])
    del block
    progress.advance()
    figures = progress.close()
    assert figures["big"]["peak_rss_mib"] >= before + 60  # the freed block's peak is still seen
    assert rss_mib() < figures["big"]["peak_rss_mib"] - 30
    assert window_peak() >= figures["big"]["peak_rss_mib"]
