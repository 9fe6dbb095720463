"""A contract's people stay with the matching actor that worked with them (both engines).

Changing ``requirement.matching_actor_id`` is refused (409, saying what to do) while anyone on the contract
has been decided on, added by hand, proposed or placed; the old actor keeps seeing its history and the new
one sees none of it. A contract nobody has worked on moves, and the engine's lists of the old pool go.
"""

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models import (
    Contract,
    JobSeeker,
    Placement,
    Proposal,
    ReviewDecision,
    Shortlist,
    ShortlistEntry,
    Vacancy,
)
from models.base import pk
from models.enums import Decision, PlacementKind, ReasonCode, ShortlistStatus
from service.platform.db import get_engine
from tests import factories as f
from tests.service.csrf_helpers import with_csrf
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401


def _move(trusted: Trusted, contract_id: int, actor_id: int) -> Any:
    return trusted.client.patch(
        f"/contracts/{contract_id}",
        json={"requirement": {"matching_actor_id": actor_id}},
        headers=trusted.seeded.headers["procurement_officer"],
    )


def _ids(client: TestClient, path: str, headers: dict[str, str]) -> set[int]:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return {int(item["id"]) for item in response.json()["items"]}


def _seen_by(trusted: Trusted, who: str) -> dict[str, Any]:
    """What a matching actor's staff see of world A's people: placements, proposals, the entry, the list."""
    client, headers, a = trusted.client, trusted.seeded.headers[who], trusted.seeded.a.ids
    return {
        "placements": _ids(client, "/placements", headers),
        "proposals": _ids(client, "/proposals", headers),
        "contract": client.get(f"/contracts/{a['contract_id']}", headers=headers).status_code,
        "explanation": client.get(
            f"/shortlist-entries/{a['entry_id']}/explanation", headers=headers
        ).status_code,
        "shortlist": client.get(f"/vacancies/{a['vacancy_id']}/shortlist", headers=headers).status_code,
    }


def _manual_entry_in_world_a(trusted: Trusted) -> int:
    with Session(get_engine(), expire_on_commit=False) as session:
        seeker = f.seeker(session, trusted.seeded.a.actor)
        session.commit()
    response = trusted.client.post(
        f"/vacancies/{trusted.seeded.a.ids['vacancy_id']}/shortlist/manual",
        json={"seeker_id": pk(seeker), "reason": "Känd från tidigare uppdrag"},
        headers=trusted.seeded.headers["staff"],
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _ranked(session: Session, vacancy: Vacancy, seeker: JobSeeker, source: str) -> ShortlistEntry:
    """A READY list of the vacancy with the seeker on it, as the engine (or a person, ``manual``) put it."""
    shortlist = Shortlist(
        vacancy_id=pk(vacancy), status=ShortlistStatus.READY, model_version="m", config_hash="", input_hash=""
    )
    session.add(shortlist)
    session.flush()
    entry = ShortlistEntry(shortlist_id=pk(shortlist), seeker_id=pk(seeker), rank=1, score=0.7, source=source)
    session.add(entry)
    session.flush()
    return entry


def test_a_contract_with_people_keeps_its_actor_and_each_actor_keeps_its_own(trusted: Trusted) -> None:
    seeded = trusted.seeded
    _manual_entry_in_world_a(trusted)  # world A now has a decision, a manual entry, a proposal, a placement
    old_before, new_before = _seen_by(trusted, "staff"), _seen_by(trusted, "b:staff")
    assert seeded.a.ids["placement_id"] in old_before["placements"]
    assert old_before["contract"] == old_before["explanation"] == old_before["shortlist"] == 200
    assert seeded.a.ids["placement_id"] not in new_before["placements"]

    refused = _move(trusted, seeded.a.ids["contract_id"], seeded.b.actor.id or 0)
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    for words in ("1 decisions", "1 manual entries", "1 proposals", "1 placements", "end this contract"):
        assert words in problem["detail"]

    # The old actor keeps its whole history; the new actor sees none of it, and keeps its own.
    assert _seen_by(trusted, "staff") == old_before
    assert _seen_by(trusted, "b:staff") == new_before
    new_seen = _seen_by(trusted, "b:staff")
    assert new_seen["placements"] == {seeded.b.ids["placement_id"]}
    assert new_seen["proposals"] == {seeded.b.ids["proposal_id"]}
    assert new_seen["contract"] == new_seen["explanation"] == 404
    officer = seeded.headers["procurement_officer"]
    contract = trusted.client.get(f"/contracts/{seeded.a.ids['contract_id']}", headers=officer).json()
    assert contract["requirement"]["matching_actor_id"] == seeded.a.actor.id


def test_each_kind_of_person_record_alone_blocks_the_move(trusted: Trusted) -> None:
    seeded = trusted.seeded
    staff_id = seeded.users["staff"].id or 0
    for kind in ("decisions", "manual entries", "proposals", "placements"):
        with Session(get_engine(), expire_on_commit=False) as session:
            contract = f.contract(session, seeded.a.authority, seeded.a.supplier, seeded.a.actor)
            vacancy = f.vacancy(session, contract)
            seeker = f.seeker(session, seeded.a.actor)
            entry = _ranked(session, vacancy, seeker, "manual" if kind == "manual entries" else "engine")
            if kind == "decisions":
                session.add(
                    ReviewDecision(
                        entry_id=pk(entry),
                        reviewer_id=staff_id,
                        decision=Decision.HOLD,
                        reason_code=ReasonCode.NEEDS_MORE_INFO,
                    )
                )
            if kind == "proposals":
                session.add(Proposal(seeker_id=pk(seeker), vacancy_id=pk(vacancy), proposed_by=staff_id))
            if kind == "placements":
                session.add(
                    Placement(
                        seeker_id=pk(seeker),
                        vacancy_id=pk(vacancy),
                        contract_id=pk(contract),
                        kind=PlacementKind.EMPLOYMENT,
                        start_date=date(2026, 3, 1),
                    )
                )
            session.commit()
        refused = _move(trusted, pk(contract), seeded.b.actor.id or 0)
        assert refused.status_code == 409, (kind, refused.text)
        assert f"1 {kind}" in refused.json()["detail"]


def test_a_contract_nobody_worked_on_moves_and_the_old_pools_lists_go(trusted: Trusted) -> None:
    seeded = trusted.seeded
    with Session(get_engine(), expire_on_commit=False) as session:
        contract = f.contract(session, seeded.a.authority, seeded.a.supplier, seeded.a.actor)
        vacancy = f.vacancy(session, contract)
        seeker = f.seeker(session, seeded.a.actor)  # world A's person, ranked by the engine only
        _ranked(session, vacancy, seeker, "engine")
        session.commit()
    old, new = seeded.headers["staff"], seeded.headers["b:staff"]
    assert trusted.client.get(f"/vacancies/{pk(vacancy)}/shortlist", headers=old).status_code == 200

    moved = _move(trusted, pk(contract), seeded.b.actor.id or 0)
    assert moved.status_code == 200, moved.text
    assert moved.json()["requirement"]["matching_actor_id"] == seeded.b.actor.id
    assert trusted.client.get(f"/contracts/{pk(contract)}", headers=new).status_code == 200
    assert trusted.client.get(f"/contracts/{pk(contract)}", headers=old).status_code == 404
    listed = trusted.client.get(f"/vacancies/{pk(vacancy)}/shortlist", headers=new)
    assert listed.status_code in (200, 404)
    assert pk(seeker) not in {e["seeker_id"] for e in (listed.json().get("entries") or [])}
    with Session(get_engine()) as session:
        lists = session.exec(select(Shortlist).where(Shortlist.vacancy_id == pk(vacancy))).all()
        entries = session.exec(select(ShortlistEntry).where(ShortlistEntry.seeker_id == pk(seeker))).all()
        assert (lists, entries) == ([], [])
        assert session.get(Vacancy, pk(vacancy)) is not None  # the placement itself moves with the contract
        assert session.get(Contract, pk(contract)) is not None
        assert session.exec(select(col(ShortlistEntry.id))).first() is not None  # other lists untouched


def test_the_officers_form_refuses_the_move_in_the_users_language(trusted: Trusted) -> None:
    seeded = trusted.seeded
    token = seeded.headers["procurement_officer"]["Authorization"].removeprefix("Bearer ")
    form = {
        "title": "Städtjänster",
        "cpv_code": "90910000",
        "value_sek": "12000000",
        "end_date": "2028-12-31",
        "matching_actor_id": str(seeded.b.actor.id),
        "target_groups": ["newcomer", "youth"],
        "placement_kinds": ["employment"],
        "committed_placements": "4",
        "min_duration_months": "6",
        "fulfilment_threshold_pct": "75",
    }
    for lang, words in (("sv", "stannar hos den"), ("en", "stays with it")):
        headers = with_csrf({"Cookie": f"access_token={token}; lang={lang}"})
        page = trusted.client.post(
            f"/ui/contracts/{seeded.a.ids['contract_id']}/edit", data=form, headers=headers
        )
        assert page.status_code == 409, page.text
        assert words in page.text and "text/html" in page.headers["content-type"]
    officer = seeded.headers["procurement_officer"]
    contract = trusted.client.get(f"/contracts/{seeded.a.ids['contract_id']}", headers=officer).json()
    assert contract["requirement"]["matching_actor_id"] == seeded.a.actor.id
