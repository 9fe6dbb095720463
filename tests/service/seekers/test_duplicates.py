"""Duplicate detection on seeker create, identity change and import: certain (personnummer) is refused with
a problem naming the existing person, probable ones are created and flagged; never across actors."""

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models import SeekerDuplicate
from models.personnummer import birth_date, luhn_ok, normalise
from service.platform.db import get_engine
from service.seekers.duplicates import fold
from tests.service.seekers_fixtures import (  # noqa: F401
    World,
    any_client_fixture,
    any_world_fixture,
    create_seeker,
    seeker_body,
)


def _person(world: World, ref: str, name: str, pnr: str | None, **identity: Any) -> dict[str, Any]:
    body = seeker_body(world.actor_1, ref=ref)
    body["identity"] = {"full_name": name, "personal_number": pnr, **identity}
    return body


def _flags() -> list[SeekerDuplicate]:
    with Session(get_engine()) as session:
        return list(session.exec(select(SeekerDuplicate).order_by(col(SeekerDuplicate.id))).all())


def test_personnummer_forms_normalise_to_one() -> None:
    today = date(2026, 12, 6)
    forms = ["19860503-9802", "198605039802", "860503-9802", "8605039802", " 860503 9802 "]
    assert {normalise(f, today) for f in forms} == {"19860503-9802"}
    assert normalise("120503+9802", today) == "19120503-9802"  # "+": 100 or older
    assert normalise("250101-1234", today) == "20250101-1234"
    assert normalise("kök", today) is None and normalise("1986-05-03", today) is None
    assert luhn_ok("19860503-9802") and not luhn_ok("19860503-9803")
    assert birth_date("19860563-9802") == date(1986, 5, 3)  # samordningsnummer: day + 60
    assert fold("  Åsa  Öberg-Nilsson ") == "asa oberg nilsson"


def test_the_same_personnummer_is_refused_naming_the_existing_person(
    any_client: TestClient, world: World
) -> None:
    first = any_client.post(
        "/seekers", json=_person(world, "a-1", "Åsa Öberg", "19860503-9802"), headers=world.staff_1
    )
    assert first.status_code == 201, first.text
    again = _person(world, "a-2", "Asa Oberg", "860503-9802")  # no century, other spelling
    response = any_client.post("/seekers", json=again, headers=world.staff_1)
    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["existing_seeker_id"] == first.json()["id"]
    assert problem["existing"] == f"/seekers/{first.json()['id']}"
    assert problem["errors"][0]["field"] == "identity.personal_number"
    # Nothing of the refused person was written.
    listed = any_client.get("/seekers", headers=world.staff_1).json()
    assert [s["ref"] for s in listed["items"]] == ["a-1"]


def test_another_actor_may_hold_the_same_person_and_learns_nothing(
    any_client: TestClient, world: World
) -> None:
    ok = any_client.post(
        "/seekers", json=_person(world, "a-1", "Åsa Öberg", "19860503-9802"), headers=world.staff_1
    )
    assert ok.status_code == 201
    other = seeker_body(world.actor_2, ref="a-1")
    other["identity"] = {"full_name": "Åsa Öberg", "personal_number": "19860503-9802"}
    response = any_client.post("/seekers", json=other, headers=world.staff_2)
    assert response.status_code == 201, response.text
    assert response.json()["possible_duplicates"] == []
    assert _flags() == []


def test_probable_duplicates_are_created_and_flagged(any_client: TestClient, world: World) -> None:
    base = any_client.post(
        "/seekers",
        json=_person(
            world, "p-1", "Åsa Öberg", "19860503-9802", email="asa@example.org", phone="070-111 22 33"
        ),
        headers=world.staff_1,
    ).json()
    # Same name and birth date, another serial (a typo): probable.
    typo = any_client.post(
        "/seekers", json=_person(world, "p-2", "Asa Oberg", "19860503-9810"), headers=world.staff_1
    )
    assert typo.status_code == 201 and typo.json()["possible_duplicates"] == [base["id"]]
    # Shared phone and a similar name (written another way round): probable; without a birth date the
    # similar name counts where both live in the same municipality.
    contact = _person(world, "p-3", "Öberg Åsa", None, phone="+46 70 111 22 33")
    found = any_client.post("/seekers", json=contact, headers=world.staff_1).json()["possible_duplicates"]
    assert found == [base["id"], typo.json()["id"]]
    # A different person with a shared family phone: not flagged on the phone alone.
    family = _person(world, "p-4", "Mohammed Öberg", None, phone="070-111 22 33")
    assert any_client.post("/seekers", json=family, headers=world.staff_1).json()["possible_duplicates"] == []
    # The same name born another year is another person (those with a birth date are not flagged).
    other_year = _person(world, "p-5", "Åsa Öberg", "19900101-2389")
    flagged = any_client.post("/seekers", json=other_year, headers=world.staff_1).json()[
        "possible_duplicates"
    ]
    assert base["id"] not in flagged and typo.json()["id"] not in flagged
    reasons = {(f.reason, f.other_id) for f in _flags()}
    assert ("name_birth_date", base["id"]) in reasons
    assert any(r == "contact" for r, _ in reasons)
    listed = any_client.get("/seeker-duplicates", headers=world.staff_1)
    assert listed.status_code == 200 and listed.json()["total"] == len(_flags())
    # Another actor's staff see none of them.
    assert any_client.get("/seeker-duplicates", headers=world.staff_2).json()["total"] == 0


def test_changing_an_identity_to_a_taken_personnummer_is_refused(
    any_client: TestClient, world: World
) -> None:
    any_client.post(
        "/seekers", json=_person(world, "i-1", "Åsa Öberg", "19860503-9802"), headers=world.staff_1
    )
    second = any_client.post(
        "/seekers", json=_person(world, "i-2", "Bo Ek", None), headers=world.staff_1
    ).json()
    response = any_client.put(
        f"/seekers/{second['id']}/identity",
        json={"full_name": "Bo Ek", "personal_number": "8605039802"},
        headers=world.staff_1,
    )
    assert response.status_code == 409 and "already registered" in response.json()["detail"]


def test_a_dismissed_flag_closes_and_is_audited(any_client: TestClient, world: World) -> None:
    any_client.post(
        "/seekers", json=_person(world, "d-1", "Åsa Öberg", "19860503-9802"), headers=world.staff_1
    )
    any_client.post(
        "/seekers", json=_person(world, "d-2", "Åsa Öberg", "19860503-9810"), headers=world.staff_1
    )
    (flag,) = _flags()
    assert any_client.post(f"/seeker-duplicates/{flag.id}/dismiss", headers=world.staff_2).status_code == 404
    done = any_client.post(f"/seeker-duplicates/{flag.id}/dismiss", headers=world.staff_1)
    assert done.status_code == 200 and done.json()["status"] == "dismissed"
    assert any_client.post(f"/seeker-duplicates/{flag.id}/dismiss", headers=world.staff_1).status_code == 409
    assert any_client.get("/seeker-duplicates", headers=world.staff_1).json()["total"] == 0


def test_an_import_refuses_a_known_personnummer_and_flags_a_probable_one(
    any_client: TestClient, world: World
) -> None:
    from service.imports.service import import_records, jsonl_lines, parse_lines
    from service.platform.errors import BadInput

    any_client.post(
        "/seekers", json=_person(world, "m-1", "Åsa Öberg", "19860503-9802"), headers=world.staff_1
    )

    def line(ref: str, pnr: str) -> str:
        import json

        return json.dumps(
            {
                "type": "seeker",
                "ref": ref,
                "matching_actor_ref": world.actor_1.ref,
                "consent": "given",
                "identity": {"full_name": "Åsa Öberg", "personal_number": pnr},
            }
        )

    with Session(get_engine()) as session:
        with pytest.raises(BadInput) as refused:
            import_records(session, parse_lines(jsonl_lines(line("m-2", "860503-9802"))))
        assert "line 1" in refused.value.message and "personnummer" in refused.value.message
        session.rollback()
    with Session(get_engine()) as session:
        import_records(session, parse_lines(jsonl_lines(line("m-3", "19860503-9810"))))
        session.commit()
    assert [f.reason for f in _flags()] == ["name_birth_date"]
