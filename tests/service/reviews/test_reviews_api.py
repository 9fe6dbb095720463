"""The review workflow over HTTP: decisions (with concurrency on SQLite and PostgreSQL), manual additions,
explanations, the supplier's minimised view, feedback, placements and follow-ups."""

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from models import AuditEvent, Placement, Proposal, ReviewDecision, ShortlistEntry, User
from models.enums import Decision, ReasonCode, Role
from models.shortlist import ReviewDecisionCreate
from service.platform.db import get_engine, make_engine
from service.platform.errors import Conflict
from service.platform.principal import Principal
from service.reviews.service import decide
from service.system.service import set_manual_mode
from tests.service.review_fixtures import (
    World,
    client_fixture,
    entry_version,
    make_client,
    point_app_at,
    reset_app,
    sqlite_url_fixture,
    world_fixture,
    world_with_users,
)

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]

# What a supplier may learn about a proposed candidate; anything more is a leak.
SUPPLIER_KEYS = {
    "proposal_id",
    "candidate_ref",
    "status",
    "proposed_at",
    "supplier_text",
    "experiences",
    "skills",
    "languages",
    "licences",
    "distance_km",
    "available_from",
    "wanted_extent",
}


def _shortlist(client: TestClient, world: World) -> dict[str, dict]:
    """Compute and read the shortlist; entries by seeker name."""
    assert client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"]).is_success
    body = client.get(f"/vacancies/{world.vacancy.id}/shortlist", headers=world.headers["staff"]).json()
    return {e["seeker_ref"].removeprefix("seeker-"): e for e in body["entries"]}


def _decide(client: TestClient, world: World, entry_id: int, decision: str, who: str = "staff", **kw: object):
    kw.setdefault("expected_version", entry_version(entry_id))  # the version the reviewer saw
    body = {"decision": decision, "reason_code": kw.pop("reason_code", "good_fit"), **kw}
    return client.post(f"/shortlist-entries/{entry_id}/decisions", json=body, headers=world.headers[who])


def _actions() -> list[str]:
    with Session(get_engine()) as session:
        return list(session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id))).all())


def test_propose_creates_one_proposal_and_the_supplier_sees_a_minimised_candidate(
    client: TestClient, world: World
) -> None:
    entries = _shortlist(client, world)
    entry = entries["cleaner"]
    response = _decide(client, world, entry["id"], "propose", expected_version=0, comment="Passar bra")
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["entry_version"] == 1 and result["proposal_id"] is not None
    assert _actions()[-2:] == ["decision.create", "proposal.create"]
    state = _shortlist(client, world)["cleaner"]["decision_state"]
    assert state["decision"] == "propose" and state["proposal_id"] == result["proposal_id"]

    listed = client.get(f"/vacancies/{world.vacancy.id}/proposals", headers=world.headers["supplier"])
    assert listed.status_code == 200 and listed.headers["cache-control"] == "no-store"
    items = listed.json()["items"]
    assert len(items) == 1
    candidate = items[0]
    assert set(candidate) == SUPPLIER_KEYS
    assert candidate["proposal_id"] == result["proposal_id"]
    assert candidate["supplier_text"] == ""  # staff wrote none; the profile text never leaves
    assert world.seekers["cleaner"].profile_text not in listed.text
    assert candidate["languages"] == [{"code": "sv", "level": "B1"}, {"code": "ar", "level": "C2"}]
    assert candidate["skills"] == ["städning", "golvvård"]
    text = listed.text
    for secret in ("Namn Cleaner", "19900101-1234", "newcomer", "Intyg", "seeker-cleaner", "score"):
        assert secret not in text
    assert "proposal.read" in _actions()
    # Other suppliers and staff do not use this view.
    other = client.get(f"/vacancies/{world.vacancy.id}/proposals", headers=world.headers["other_supplier"])
    assert other.status_code == 404
    assert (
        client.get(f"/vacancies/{world.vacancy.id}/proposals", headers=world.headers["staff"]).status_code
        == 403
    )


def test_decisions_are_a_persons_and_stale_versions_conflict(client: TestClient, world: World) -> None:
    entry = _shortlist(client, world)["cook"]
    by_key = _decide(client, world, entry["id"], "reject", who="batch", reason_code="fit_skills")
    assert by_key.status_code == 403
    assert _decide(client, world, entry["id"], "hold", who="other_staff").status_code == 404
    assert _decide(client, world, entry["id"], "hold", who="supplier").status_code == 403
    bad = _decide(client, world, entry["id"], "approve_all")
    assert bad.status_code == 422
    assert _decide(client, world, entry["id"], "hold", reason_code="needs_more_info").status_code == 201
    stale = _decide(client, world, entry["id"], "reject", reason_code="fit_skills", expected_version=0)
    assert stale.status_code == 409
    assert stale.headers["content-type"] == "application/problem+json"
    ok = _decide(client, world, entry["id"], "reject", reason_code="fit_skills", expected_version=1)
    assert ok.status_code == 201 and ok.json()["entry_version"] == 2


def test_explanation_shows_contributions_model_and_decisions(client: TestClient, world: World) -> None:
    entries = _shortlist(client, world)
    entry = entries["cleaner2"]
    _decide(client, world, entry["id"], "hold", reason_code="needs_more_info")
    response = client.get(f"/shortlist-entries/{entry['id']}/explanation", headers=world.headers["staff"])
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    body = response.json()
    shares = [abs(c["contribution"]) for c in body["contributions"]]
    assert shares == sorted(shares, reverse=True) and len(shares) == len(entry["contributions"])
    assert body["score"] == pytest.approx(
        body["intercept"] + sum(c["contribution"] for c in body["contributions"])
    )
    assert body["model_version"] and body["reasons"] == entry["reasons"]
    assert [(d["decision"], d["reason_code"]) for d in body["decisions"]] == [("hold", "needs_more_info")]
    assert "explanation.read" in _actions()
    other = client.get(f"/shortlist-entries/{entry['id']}/explanation", headers=world.headers["other_staff"])
    assert other.status_code == 404


def test_manual_mode_still_allows_shortlisting_by_hand(client: TestClient, world: World) -> None:
    with Session(get_engine()) as session:
        set_manual_mode(session, True, user_id=None)
        session.commit()
    url = f"/vacancies/{world.vacancy.id}/shortlist"
    assert client.post(url, headers=world.headers["staff"]).status_code == 503
    manual = f"{url}/manual"
    missing_reason = client.post(
        manual, json={"seeker_id": world.sid("cook")}, headers=world.headers["staff"]
    )
    assert missing_reason.status_code == 422
    body = {"seeker_id": world.sid("not_eligible"), "reason": "Känd av handläggaren, intyg på väg"}
    added = client.post(manual, json=body, headers=world.headers["staff"])
    assert added.status_code == 201, added.text
    assert added.json()["source"] == "manual" and added.json()["rank"] == 1
    assert client.post(manual, json=body, headers=world.headers["staff"]).status_code == 409
    foreign = {"seeker_id": world.sid("other_actor"), "reason": "fel aktör"}
    assert client.post(manual, json=foreign, headers=world.headers["staff"]).status_code == 404
    unconsented = {"seeker_id": world.sid("no_consent"), "reason": "har inte samtyckt"}
    assert client.post(manual, json=unconsented, headers=world.headers["staff"]).status_code == 409
    assert client.post(manual, json=body, headers=world.headers["batch"]).status_code == 403
    listed = client.get(url, headers=world.headers["staff"]).json()
    assert listed["model_version"] == "manual"
    [entry] = listed["entries"]
    assert entry["source"] == "manual" and entry["manual_reason"] == body["reason"]
    assert _decide(client, world, entry["id"], "propose").status_code == 201


def test_manual_additions_survive_a_recomputed_shortlist(client: TestClient, world: World) -> None:
    url = f"/vacancies/{world.vacancy.id}/shortlist"
    body = {"seeker_id": world.sid("not_eligible"), "reason": "Handläggaren bedömer att hon passar"}
    assert client.post(f"{url}/manual", json=body, headers=world.headers["staff"]).status_code == 201
    entries = _shortlist(client, world)
    assert entries["not_eligible"]["source"] == "manual" and entries["not_eligible"]["rank"] == 5


def test_feedback_hired_records_a_placement_and_follow_ups(client: TestClient, world: World) -> None:
    entry = _shortlist(client, world)["cleaner"]
    proposal_id = _decide(client, world, entry["id"], "propose").json()["proposal_id"]
    url = f"/proposals/{proposal_id}/feedback"
    hired = {"outcome": "hired", "reason": "", "placement_start": "2026-03-01"}
    assert client.post(url, json=hired, headers=world.headers["other_supplier"]).status_code == 404
    assert client.post(url, json=hired, headers=world.headers["staff"]).status_code == 403
    bad = {"outcome": "not_hired", "reason": "annan kandidat", "placement_start": "2026-03-01"}
    assert client.post(url, json=bad, headers=world.headers["supplier"]).status_code == 422
    response = client.post(url, json=hired, headers=world.headers["supplier"])
    assert response.status_code == 201, response.text
    placement_id = response.json()["placement_id"]
    with Session(get_engine()) as session:
        placement = session.get(Placement, placement_id)
        assert placement is not None
        assert (placement.kind, placement.contract_id, placement.target_group, placement.extent) == (
            "employment",
            world.contract.id,
            "newcomer",
            75,
        )
        assert session.get(Proposal, proposal_id).status == "hired"  # type: ignore[union-attr]
    staff_view = client.get("/proposals", headers=world.headers["staff"]).json()["items"]
    assert [p["feedback"][0]["outcome"] for p in staff_view] == ["hired"]
    assert client.get("/proposals", headers=world.headers["other_staff"]).json()["total"] == 0
    placements = client.get("/placements", headers=world.headers["staff"])
    assert [p["id"] for p in placements.json()["items"]] == [placement_id]
    assert client.get("/placements", headers=world.headers["officer"]).status_code == 403
    follow = {
        "months_after_end": 6,
        "status": "employed",
        "left_assistance": True,
        "recorded_on": "2026-12-01",
    }
    fu_url = f"/placements/{placement_id}/follow-ups"
    assert client.post(fu_url, json=follow, headers=world.headers["staff"]).status_code == 201
    assert client.post(fu_url, json=follow, headers=world.headers["staff"]).status_code == 409
    assert client.post(fu_url, json=follow, headers=world.headers["other_staff"]).status_code == 404
    assert {"feedback.create", "placement.create", "followup.create"} <= set(_actions())


def test_reject_after_propose_withdraws_the_proposal(client: TestClient, world: World) -> None:
    entry = _shortlist(client, world)["cleaner2"]
    _decide(client, world, entry["id"], "propose")
    assert _decide(client, world, entry["id"], "reject", reason_code="seeker_declined").status_code == 201
    listed = client.get(f"/vacancies/{world.vacancy.id}/proposals", headers=world.headers["supplier"]).json()
    assert listed["items"] == []
    assert "proposal.withdraw" in _actions()


def test_placements_can_be_recorded_by_hand(client: TestClient, world: World) -> None:
    body = {
        "seeker_id": world.sid("driver"),
        "vacancy_id": world.vacancy.id,
        "contract_id": world.contract.id,
        "kind": "employment",
        "target_group": "youth",
        "start_date": "2026-02-01",
        "extent": 100,
    }
    assert client.post("/placements", json=body, headers=world.headers["staff"]).status_code == 201
    wrong_group = {**body, "seeker_id": world.sid("cook")}  # the cook is a newcomer, not youth
    assert client.post("/placements", json=wrong_group, headers=world.headers["staff"]).status_code == 422
    assert client.post("/placements", json=body, headers=world.headers["other_staff"]).status_code == 422


# -- concurrency, on SQLite and PostgreSQL ---------------------------------------------------------


@pytest.fixture(name="shared_world")
def shared_world_fixture(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[World, int]]:
    """The world on either engine with one manual entry (no engine needed), and the app pointed at it."""
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


def test_two_reviewers_at_once_one_wins_the_other_gets_409(shared_world: tuple[World, int]) -> None:
    world, entry_id = shared_world
    barrier = threading.Barrier(2)
    codes: list[int] = []

    def review(who: str) -> None:
        with make_client() as client:
            barrier.wait()
            codes.append(_decide(client, world, entry_id, "propose", who=who, expected_version=0).status_code)

    threads = [threading.Thread(target=review, args=(who,)) for who in ("staff", "staff2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(codes) == [201, 409]
    with Session(get_engine()) as session:
        assert session.exec(select(func.count()).select_from(ReviewDecision)).one() == 1
        assert session.exec(select(func.count()).select_from(Proposal)).one() == 1
        assert session.get(ShortlistEntry, entry_id).version == 1  # type: ignore[union-attr]


def test_guarded_write_makes_the_second_open_transaction_lose(shared_world: tuple[World, int]) -> None:
    """Reviewer A has written but not committed when B decides: B waits for A's lock, then loses."""
    world, entry_id = shared_world
    engine = make_engine(get_engine().url.render_as_string(hide_password=False))
    with Session(engine) as session:
        user_id = session.exec(
            select(User.id).where(User.organisation_id == world.actor.id, User.role == Role.STAFF)
        ).first()
    staff = Principal(role=Role.STAFF, organisation_id=world.actor.id or 0, user_id=user_id)
    data = ReviewDecisionCreate(
        decision=Decision.PROPOSE, reason_code=ReasonCode.GOOD_FIT, expected_version=0
    )
    outcome: list[BaseException | None] = []
    b_started = threading.Event()

    def reviewer_b() -> None:
        with Session(engine) as session_b:
            b_started.set()
            try:
                decide(session_b, staff, entry_id, data)
                session_b.commit()
                outcome.append(None)
            except Conflict as exc:
                session_b.rollback()
                outcome.append(exc)

    with Session(engine) as session_a:
        decide(
            session_a, staff, entry_id, data
        )  # flushed, holding the row (PostgreSQL) / write lock (SQLite)
        thread = threading.Thread(target=reviewer_b)
        thread.start()
        b_started.wait()
        thread.join(timeout=0.5)
        assert thread.is_alive()  # B is blocked behind A's uncommitted write
        session_a.commit()
    thread.join(timeout=30)
    engine.dispose()
    assert len(outcome) == 1 and isinstance(outcome[0], Conflict)
    with Session(get_engine()) as session:
        assert session.exec(select(func.count()).select_from(ReviewDecision)).one() == 1
        assert session.get(ShortlistEntry, entry_id).version == 1  # type: ignore[union-attr]
