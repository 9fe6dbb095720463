"""Consent and minimisation hold where data leaves (both engines): withdrawn consent removes a person from
every list and supplier view and refuses decide/feedback/placement with a 409 problem; a supplier sees a
minimised candidate with none of the person's identifiers, in the API and on the page."""

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from models import Organisation, SeekerIdentity
from models.enums import Role
from service.platform.db import get_engine
from tests.service.csrf_helpers import with_csrf
from tests.service.review_fixtures import World, auth, make_client, point_app_at, reset_app, world_with_users

CANARY = {
    "name": "Zlatanella Quixbeck",
    "phone": "070-987 65 43",
    "email": "zlatanella.q@example.net",
    "personnummer": "19850412-7788",
}


@dataclass
class Setup:
    client: TestClient
    world: World


@pytest.fixture(name="setup")
def setup_fixture(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Setup]:
    point_app_at(db_url, monkeypatch)
    world = world_with_users(db_url)
    with make_client() as client:
        yield Setup(client, world)
    reset_app()


def _manual(s: Setup, name: str) -> int:
    response = s.client.post(
        f"/vacancies/{s.world.vacancy.id}/shortlist/manual",
        json={"seeker_id": s.world.sid(name), "reason": "Känd från tidigare uppdrag"},
        headers=s.world.headers["staff"],
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _decide(s: Setup, entry_id: int, decision: str, version: int, **extra: str):  # type: ignore[no-untyped-def]
    body = {"decision": decision, "reason_code": "good_fit" if decision == "propose" else "needs_more_info"}
    return s.client.post(
        f"/shortlist-entries/{entry_id}/decisions",
        json={**body, "expected_version": version, **extra},
        headers=s.world.headers["staff"],
    )


def _withdraw(s: Setup, name: str) -> None:
    response = s.client.put(
        f"/seekers/{s.world.sid(name)}/consent",
        json={"consent": "withdrawn"},
        headers=s.world.headers["staff"],
    )
    assert response.status_code == 200, response.text


def _supplier_page(s: Setup) -> str:
    cookie = with_csrf(s.world.headers["supplier"])
    response = s.client.get(f"/ui/vacancies/{s.world.vacancy.id}", headers=cookie)
    assert response.status_code == 200, response.text
    return response.text


def test_withdrawn_consent_removes_the_person_everywhere_and_refuses_further_steps(setup: Setup) -> None:
    s, w = setup, setup.world
    listed_entry = _manual(s, "cleaner")  # withdraws after being shortlisted
    proposed_entry = _manual(s, "cook")  # withdraws after being proposed
    proposal_id = _decide(s, proposed_entry, "propose", 0).json()["proposal_id"]
    proposals = s.client.get(f"/vacancies/{w.vacancy.id}/proposals", headers=w.headers["supplier"]).json()
    assert proposals["total"] == 1
    ref = proposals["items"][0]["candidate_ref"]
    assert ref in _supplier_page(s)

    _withdraw(s, "cleaner")
    _withdraw(s, "cook")

    shortlist = s.client.get(f"/vacancies/{w.vacancy.id}/shortlist", headers=w.headers["staff"]).json()
    assert {e["seeker_id"] for e in shortlist["entries"]}.isdisjoint({w.sid("cleaner"), w.sid("cook")})
    staff_page = s.client.get(f"/ui/vacancies/{w.vacancy.id}", headers=with_csrf(w.headers["staff"])).text
    assert "seeker-cleaner" not in staff_page and "seeker-cook" not in staff_page
    supplier_view = s.client.get(f"/vacancies/{w.vacancy.id}/proposals", headers=w.headers["supplier"]).json()
    assert supplier_view["total"] == 0 and supplier_view["items"] == []
    assert ref not in _supplier_page(s)
    staff_proposals = s.client.get("/proposals", headers=w.headers["staff"]).json()
    assert all(p["seeker_id"] != w.sid("cook") for p in staff_proposals["items"])

    refused = [
        _decide(s, listed_entry, "hold", 0),
        s.client.post(
            f"/proposals/{proposal_id}/feedback",
            json={"outcome": "interviewed"},
            headers=w.headers["supplier"],
        ),
        s.client.post(
            "/placements",
            json={
                "seeker_id": w.sid("cook"),
                "vacancy_id": w.vacancy.id,
                "contract_id": w.contract.id,
                "kind": "employment",
                "start_date": "2026-03-01",
            },
            headers=w.headers["staff"],
        ),
    ]
    for response in refused:
        assert response.status_code == 409, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert "consent" in response.json()["detail"]


def test_the_supplier_never_receives_the_persons_identifiers(setup: Setup) -> None:
    s, w = setup, setup.world
    canaries = " ".join(CANARY.values())
    with Session(get_engine()) as session:
        seeker = session.get(type(w.seekers["cleaner"]), w.sid("cleaner"))
        assert seeker is not None
        seeker.profile_text = f"Jag heter {CANARY['name']}, 41 år, född i Kiruna. Ring {canaries}."
        session.add(seeker)
        identity = session.get(SeekerIdentity, _identity_id(session, w.sid("cleaner")))
        assert identity is not None
        identity.full_name, identity.email = CANARY["name"], CANARY["email"]
        identity.phone, identity.personal_number = CANARY["phone"], CANARY["personnummer"]
        session.add(identity)
        session.commit()
    entry = _manual(s, "cleaner")
    note = (
        f"Noggrann och punktlig lokalvårdare. Kontakt: {CANARY['name']}, {CANARY['phone']}, {CANARY['email']}"
    )
    assert _decide(s, entry, "propose", 0, supplier_text=note).status_code == 201

    api = s.client.get(f"/vacancies/{w.vacancy.id}/proposals", headers=w.headers["supplier"])
    page = _supplier_page(s)
    [candidate] = api.json()["items"]
    assert candidate["supplier_text"].startswith("Noggrann och punktlig lokalvårdare.")
    assert candidate["candidate_ref"] in page and "seeker-cleaner" not in page
    for text in (api.text, page):
        for value in [*CANARY.values(), *CANARY["name"].split(), "Kiruna", "41 år", "9876543"]:
            assert value not in text, value


def _identity_id(session: Session, seeker_id: int) -> int:
    from sqlmodel import select

    row = session.exec(select(SeekerIdentity.id).where(SeekerIdentity.seeker_id == seeker_id)).first()
    assert row is not None
    return int(row)


def _race(s: Setup, entry: int) -> list[int]:
    """Two reviewers who both saw the undecided entry decide at the same moment, neither sending a version."""
    start = threading.Barrier(2)
    codes: list[int] = []

    def review(who: str) -> None:
        body = {"decision": "hold", "reason_code": "needs_more_info"}
        start.wait()
        url = f"/shortlist-entries/{entry}/decisions"
        codes.append(s.client.post(url, json=body, headers=s.world.headers[who]).status_code)

    threads = [threading.Thread(target=review, args=(who,)) for who in ("staff", "staff2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def test_two_reviewers_deciding_without_a_version_never_both_succeed(setup: Setup) -> None:
    for name in ("cleaner", "cleaner2", "cook", "driver", "not_eligible"):
        codes = _race(setup, _manual(setup, name))
        assert sorted(codes) == [201, 409], codes


def test_dates_round_trip_through_patch(setup: Setup) -> None:
    s, w = setup, setup.world
    vacancy = s.client.patch(
        f"/vacancies/{w.vacancy.id}", json={"start_date": "2026-09-01"}, headers=w.headers["supplier"]
    )
    assert vacancy.status_code == 200, vacancy.text
    assert s.client.get(f"/vacancies/{w.vacancy.id}", headers=w.headers["supplier"]).json()["start_date"] == (
        "2026-09-01"
    )
    seeker = s.client.patch(
        f"/seekers/{w.sid('cook')}", json={"available_from": "2026-10-15"}, headers=w.headers["staff"]
    )
    assert seeker.status_code == 200, seeker.text
    assert s.client.get(f"/seekers/{w.sid('cook')}", headers=w.headers["staff"]).json()["available_from"] == (
        "2026-10-15"
    )
    with Session(get_engine()) as session:
        authority = session.get(Organisation, w.contract.procuring_org_id)
        assert authority is not None
        officer = auth(session, authority, Role.PROCUREMENT_OFFICER)
        session.commit()
    contract = s.client.patch(
        f"/contracts/{w.contract.id}",
        json={"requirement": {"first_placement_deadline": "2026-12-31"}},
        headers=officer,
    )
    assert contract.status_code == 200, contract.text
    assert contract.json()["requirement"]["first_placement_deadline"] == "2026-12-31"
