"""Idempotent decision and hire posts, on SQLite and PostgreSQL: a retried or doubled post with one
Idempotency-Key records one decision, one feedback, one placement, and answers as the first did; the same
key with another body is refused; two truly concurrent posts (threads against a live server, and two open
sessions) still record one."""

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from sqlmodel import Session, func, select

from models import AuditEvent, Placement, Proposal, ReviewDecision, SupplierFeedback, User
from models.enums import Decision, ReasonCode, Role
from models.shortlist import IdempotencyRecord, ReviewDecisionCreate
from service.platform.db import get_engine, make_engine
from service.platform.principal import Principal
from service.reviews.service import decide_once
from tests.service.review_fixtures import World, make_client, point_app_at, reset_app, world_with_users

DECISION = {"decision": "propose", "reason_code": "good_fit", "expected_version": 0, "comment": "Passar"}


@pytest.fixture(name="shared")
def shared_fixture(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[World, int]]:
    """The review world on either engine with one manual entry, the app pointed at it."""
    point_app_at(db_url, monkeypatch)
    world = world_with_users(db_url)
    with make_client() as client:
        added = client.post(
            f"/vacancies/{world.vacancy.id}/shortlist/manual",
            json={"seeker_id": world.sid("cleaner"), "reason": "Känd sedan tidigare"},
            headers=world.headers["staff"],
        )
        assert added.status_code == 201, added.text
    yield world, added.json()["id"]
    reset_app()


def _count(model: Any) -> int:
    with Session(get_engine()) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def _key(world: World, who: str, key: str) -> dict[str, str]:
    return {**world.headers[who], "Idempotency-Key": key}


def test_a_retried_decision_is_answered_not_repeated(shared: tuple[World, int]) -> None:
    world, entry_id = shared
    url = f"/shortlist-entries/{entry_id}/decisions"
    with make_client() as client:
        first = client.post(url, json=DECISION, headers=_key(world, "staff", "click-1"))
        again = client.post(url, json=DECISION, headers=_key(world, "staff", "click-1"))
        assert first.status_code == again.status_code == 201, again.text
        assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
        assert "Idempotent-Replayed" not in first.headers
        # The same key for another action names two things: refused, nothing written.
        other = client.post(
            url, json={**DECISION, "comment": "Annat"}, headers=_key(world, "staff", "click-1")
        )
        assert other.status_code == 422 and "different request" in other.json()["detail"]
        # Keys are per person: a colleague's identical key is a new action (and loses on the version).
        colleague = client.post(url, json=DECISION, headers=_key(world, "staff2", "click-1"))
        assert colleague.status_code == 409
        bad = client.post(url, json=DECISION, headers=_key(world, "staff", "has space"))
        assert bad.status_code == 422
    assert (_count(ReviewDecision), _count(Proposal), _count(IdempotencyRecord)) == (1, 1, 1)
    with Session(get_engine()) as session:
        actions = session.exec(select(AuditEvent.action)).all()
    assert actions.count("decision.create") == 1 and actions.count("decision.replay") == 1


def test_a_failed_post_leaves_no_key_and_its_retry_runs_afresh(shared: tuple[World, int]) -> None:
    world, entry_id = shared
    url = f"/shortlist-entries/{entry_id}/decisions"
    with make_client() as client:
        wrong = {**DECISION, "reason_code": "fit_skills"}  # not a reason to propose: 422, nothing kept
        assert client.post(url, json=wrong, headers=_key(world, "staff", "k")).status_code == 422
        assert _count(IdempotencyRecord) == 0
        assert client.post(url, json=DECISION, headers=_key(world, "staff", "k")).status_code == 201
    assert _count(ReviewDecision) == 1


def test_doubled_hire_and_placement_posts_record_one(shared: tuple[World, int]) -> None:
    world, entry_id = shared
    with make_client() as client:
        decided = client.post(
            f"/shortlist-entries/{entry_id}/decisions", json=DECISION, headers=world.headers["staff"]
        )
        proposal_id = decided.json()["proposal_id"]
        # "hired" without a start date may be repeated by the state machine: only the key stops a double.
        hired = {"outcome": "hired", "reason": "Börjar snart"}
        url = f"/proposals/{proposal_id}/feedback"
        answers = [client.post(url, json=hired, headers=_key(world, "supplier", "hire-1")) for _ in range(2)]
        assert [a.status_code for a in answers] == [201, 201] and answers[0].json() == answers[1].json()
        assert _count(SupplierFeedback) == 1
        body = {
            "seeker_id": world.sid("cleaner2"),
            "vacancy_id": world.vacancy.id,
            "contract_id": world.contract.id,
            "kind": "employment",
            "target_group": "youth",
            "start_date": "2026-03-01",
        }
        placed = [
            client.post("/placements", json=body, headers=_key(world, "staff", "pl-1")) for _ in range(2)
        ]
        assert [p.status_code for p in placed] == [201, 201], placed[1].text
        assert placed[0].json() == placed[1].json() and placed[1].headers["Idempotent-Replayed"] == "true"
    assert _count(Placement) == 1


@pytest.fixture(name="live")
def live_fixture(shared: tuple[World, int]) -> Iterator[str]:
    """A real HTTP server on the shared world's database (requests truly run at once, in its threads)."""
    from service.app.main import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_two_concurrent_posts_with_one_key_record_one_decision(shared: tuple[World, int], live: str) -> None:
    world, entry_id = shared
    barrier = threading.Barrier(4)
    answers: list[httpx.Response] = []

    def post(key: str) -> None:
        with httpx.Client(base_url=live, timeout=60) as http:
            barrier.wait()
            answers.append(
                http.post(
                    f"/shortlist-entries/{entry_id}/decisions",
                    json=DECISION,
                    headers=_key(world, "staff", key),
                )
            )

    # Four clicks of one form at once: all four get the one decision.
    threads = [threading.Thread(target=post, args=("same-key",)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    assert [a.status_code for a in answers] == [201] * 4, [a.text for a in answers]
    assert len({a.json()["decision"]["id"] for a in answers}) == 1
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == 3
    assert (_count(ReviewDecision), _count(Proposal)) == (1, 1)


def test_an_open_first_transaction_makes_the_second_wait_then_replay(shared: tuple[World, int]) -> None:
    """Request A has claimed the key and decided but not committed when B (same key) arrives: B waits for
    A's lock, then answers with A's decision instead of deciding again."""
    world, entry_id = shared
    engine = make_engine(get_engine().url.render_as_string(hide_password=False))
    with Session(engine) as session:
        user_id = session.exec(
            select(User.id).where(User.organisation_id == world.actor.id, User.role == Role.STAFF)
        ).first()
    staff = Principal(role=Role.STAFF, organisation_id=world.actor.id or 0, user_id=user_id)
    data = ReviewDecisionCreate(
        decision=Decision.PROPOSE, reason_code=ReasonCode.GOOD_FIT, expected_version=0
    )
    outcome: list[tuple[int, bool]] = []
    b_started = threading.Event()

    def request_b() -> None:
        with Session(engine) as session_b:
            b_started.set()
            result, replayed = decide_once(session_b, staff, entry_id, data, "k-1")
            session_b.commit()
            outcome.append((result.decision.id, replayed))

    with Session(engine) as session_a:
        first, replayed_a = decide_once(session_a, staff, entry_id, data, "k-1")
        thread = threading.Thread(target=request_b)
        thread.start()
        b_started.wait()
        thread.join(timeout=0.5)
        assert thread.is_alive()  # B waits behind A's uncommitted claim
        session_a.commit()
    thread.join(timeout=30)
    engine.dispose()
    assert not replayed_a and outcome == [(first.decision.id, True)]
    assert _count(ReviewDecision) == 1


def test_a_double_clicked_decision_form_records_one_decision(shared: tuple[World, int]) -> None:
    """The page's form carries a fresh key per render: two posts of one rendering are one decision, with
    or without JavaScript, and a stale rendering sent with another choice is refused in words."""
    from tests.service.csrf_helpers import with_csrf

    world, entry_id = shared
    headers = {
        **with_csrf(world.headers["staff"]),
        "Referer": f"http://testserver/ui/vacancies/{world.vacancy.id}",
    }
    with make_client() as client:
        page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=headers).text
        row = page[page.index(f'id="entry-{entry_id}"') :]
        key = row.split('name="idempotency_key" value="')[1].split('"')[0]
        form = {
            "decision": "hold",
            "reason_code": "needs_more_info",
            "expected_version": "0",
            "idempotency_key": key,
        }
        url = f"/ui/entries/{entry_id}/decide"
        plain = client.post(url, data=form, headers=headers, follow_redirects=False)
        fetched = client.post(url, data=form, headers={**headers, "X-Requested-With": "fetch"})
        assert plain.status_code == 303 and "notice=dec.saved" in plain.headers["location"]
        assert fetched.status_code == 200 and fetched.json()["ok"] is True
        changed = client.post(url, data={**form, "decision": "reject", "reason_code": "fit_skills"},
                              headers={**headers, "X-Requested-With": "fetch"})  # fmt: skip
        assert changed.status_code == 422 and "Ladda om sidan" in changed.json()["message"]
        again = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=headers).text
        fresh = again[again.index(f'id="entry-{entry_id}"') :].split('name="idempotency_key" value="')[1]
        assert fresh.split('"')[0] != key  # the next rendering gets a new key
    assert _count(ReviewDecision) == 1


def test_concurrent_hire_posts_with_one_key_record_one_hire(shared: tuple[World, int], live: str) -> None:
    world, entry_id = shared
    with httpx.Client(base_url=live, timeout=60) as http:
        decided = http.post(
            f"/shortlist-entries/{entry_id}/decisions", json=DECISION, headers=world.headers["staff"]
        )
        proposal_id = decided.json()["proposal_id"]
    barrier = threading.Barrier(3)
    answers: list[httpx.Response] = []
    hired = {"outcome": "hired", "reason": "Börjar 1 mars", "placement_start": "2026-03-01"}

    def post() -> None:
        with httpx.Client(base_url=live, timeout=60) as http:
            barrier.wait()
            answers.append(
                http.post(
                    f"/proposals/{proposal_id}/feedback", json=hired, headers=_key(world, "supplier", "hire")
                )
            )

    threads = [threading.Thread(target=post) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    assert [a.status_code for a in answers] == [201] * 3, [a.text for a in answers]
    assert len({a.json()["placement_id"] for a in answers}) == 1
    assert (_count(SupplierFeedback), _count(Placement)) == (1, 1)


def test_purge_forgets_keys_older_than_a_week_and_keeps_the_rest(shared: tuple[World, int]) -> None:
    from datetime import timedelta

    from typer.testing import CliRunner

    from models.base import utcnow
    from service.cli import app

    world, entry_id = shared
    with make_client() as client:
        for key in ("old-key", "new-key"):
            headers = {**world.headers["staff"], "Idempotency-Key": key}
            body = {**DECISION, "decision": "hold", "reason_code": "needs_more_info"}
            body["expected_version"] = 0 if key == "old-key" else 1
            response = client.post(f"/shortlist-entries/{entry_id}/decisions", json=body, headers=headers)
            assert response.status_code == 201, response.text
    with Session(get_engine()) as session:
        old = session.exec(select(IdempotencyRecord).where(IdempotencyRecord.key == "old-key")).one()
        old.created_at = utcnow() - timedelta(days=8)
        session.add(old)
        session.commit()
    done = CliRunner().invoke(app, ["purge"])
    assert done.exit_code == 0, done.output
    assert "forgot 1 idempotency keys older than 7 days" in done.output
    with Session(get_engine()) as session:
        assert session.exec(select(IdempotencyRecord.key)).all() == ["new-key"]
