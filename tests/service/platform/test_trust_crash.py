"""An acknowledged write is durable: SIGKILL the server at random moments during decisions, restart it,
and no acknowledged decision is lost or has its id handed to another (both engines). Figures:
``python scripts/crash_test.py --rounds 200``."""

from tests.service.crash_harness import run_crash_test


def test_no_acknowledged_decision_is_lost_or_renumbered_across_kill_9(db_url: str) -> None:
    report = run_crash_test(db_url, rounds=20, seed_value=14)
    print(f"crash test ({db_url.split(':')[0]}): {report}")  # the figures, shown with pytest -rP
    assert report.rounds == 20
    assert report.acknowledged > 20  # the rounds did real work before each kill
    assert report.problems == []
    assert (report.lost, report.ids_reused, report.read_your_writes_failures, report.server_errors) == (
        0,
        0,
        0,
        0,
    )
