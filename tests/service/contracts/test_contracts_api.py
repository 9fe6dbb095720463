"""Contracts with their employment requirement: who writes, who reads which view, and fulfilment."""

from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from models import Placement
from models.base import pk
from models.enums import PlacementKind, TargetGroup
from service.platform.db import get_engine
from tests.service.authz_fixtures import (  # noqa: F401
    Seeded,
    client_fixture,
    seeded_fixture,
    sqlite_url_fixture,
)


def _body(seeded: Seeded, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "ref": "upph-2026-17",
        "title": "Parkskötsel",
        "cpv_code": "77310000",
        "value_sek": 8_500_000,
        "start_date": "2026-03-01",
        "end_date": "2028-02-29",
        "procuring_org_id": seeded.a.authority.id,
        "supplier_org_id": seeded.a.supplier.id,
        "requirement": {
            "target_groups": ["long_term_unemployed"],
            "placement_kinds": ["employment", "internship"],
            "committed_placements": 3,
            "first_placement_deadline": "2026-09-01",
            "matching_actor_id": seeded.a.actor.id,
        },
    }
    body.update(extra)
    return body


def test_an_officer_creates_a_contract_with_its_requirement(client: TestClient, seeded: Seeded) -> None:
    officer = seeded.headers["procurement_officer"]
    created = client.post("/contracts", json=_body(seeded), headers=officer)
    assert created.status_code == 201, created.text
    contract = created.json()
    assert contract["value_sek"] == 8_500_000
    assert contract["requirement"]["committed_placements"] == 3
    assert contract["requirement"]["placement_kinds"] == ["employment", "internship"]
    assert contract["requirement"]["fulfilment_threshold"] == 0.75  # the default
    assert client.get(f"/contracts/{contract['id']}", headers=officer).json() == contract
    assert client.post("/contracts", json=_body(seeded), headers=officer).status_code == 409  # same ref


def test_contracts_are_written_for_ones_own_authority_only(client: TestClient, seeded: Seeded) -> None:
    officer = seeded.headers["procurement_officer"]
    other = _body(seeded, procuring_org_id=seeded.b.authority.id)
    assert client.post("/contracts", json=other, headers=officer).status_code == 403
    not_a_supplier = _body(seeded, supplier_org_id=seeded.a.actor.id)
    assert client.post("/contracts", json=not_a_supplier, headers=officer).status_code == 422
    assert (
        client.patch(f"/contracts/{seeded.b.contract.id}", json={"title": "X"}, headers=officer).status_code
        == 404
    )
    for role in ("supplier", "staff", "admin", "auditor", "batch"):
        assert client.post("/contracts", json=_body(seeded), headers=seeded.headers[role]).status_code == 403


def test_invalid_requirements_and_unknown_fields_are_422(client: TestClient, seeded: Seeded) -> None:
    officer = seeded.headers["procurement_officer"]
    body = _body(seeded)
    no_commitment = {**body, "requirement": {**body["requirement"], "committed_placements": None}}
    assert client.post("/contracts", json=no_commitment, headers=officer).status_code == 422
    assert client.post("/contracts", json={**body, "id": 77}, headers=officer).status_code == 422
    nested = {**body, "requirement": {**body["requirement"], "contract_id": 1}}
    assert client.post("/contracts", json=nested, headers=officer).status_code == 422
    backwards = _body(seeded, end_date="2025-01-01")
    assert client.post("/contracts", json=backwards, headers=officer).status_code == 422


def test_an_officer_updates_the_contract_and_its_requirement(client: TestClient, seeded: Seeded) -> None:
    officer = seeded.headers["procurement_officer"]
    url = f"/contracts/{seeded.a.contract.id}"
    change = {
        "title": "Städ och fönsterputs",
        "requirement": {"committed_fte_months": 24, "fulfilment_threshold": 0.9},
    }
    updated = client.patch(url, json=change, headers=officer)
    assert updated.status_code == 200, updated.text
    assert updated.json()["title"] == "Städ och fönsterputs"
    requirement = updated.json()["requirement"]
    assert requirement["committed_fte_months"] == 24 and requirement["committed_placements"] == 4  # kept
    assert client.patch(url, json={"end_date": "2020-01-01"}, headers=officer).status_code == 422
    emptied = {"requirement": {"committed_placements": None, "committed_fte_months": None}}
    assert client.patch(url, json=emptied, headers=officer).status_code == 422
    assert (
        client.patch(url, json={"procuring_org_id": seeded.b.authority.id}, headers=officer).status_code
        == 422
    )
    assert client.get(url, headers=officer).json()["requirement"]["committed_fte_months"] == 24


def test_each_party_reads_its_contracts_and_staff_do_not_see_the_value(
    client: TestClient, seeded: Seeded
) -> None:
    mine = seeded.a.contract.id
    for role in ("procurement_officer", "supplier", "admin"):
        listed = client.get("/contracts", headers=seeded.headers[role]).json()
        ids = {c["id"] for c in listed["items"]}
        assert mine in ids and "value_sek" in listed["items"][0], role
        assert (seeded.b.contract.id in ids) is (role == "admin"), role
    staff = client.get("/contracts", headers=seeded.headers["staff"]).json()
    assert [c["id"] for c in staff["items"]] == [mine]
    assert (
        "value_sek" not in staff["items"][0] and staff["items"][0]["requirement"]["committed_placements"] == 4
    )
    single = client.get(f"/contracts/{mine}", headers=seeded.headers["staff"]).json()
    assert "value_sek" not in single
    for who in ("b:supplier", "b:staff"):
        assert client.get(f"/contracts/{mine}", headers=seeded.headers[who]).status_code == 404
    assert client.get("/contracts", headers=seeded.headers["auditor"]).status_code == 403


def test_follow_up_counts_placements_against_the_commitment(client: TestClient, seeded: Seeded) -> None:
    contract_id = seeded.a.contract.id
    with Session(get_engine()) as session:
        for start in (date(2026, 3, 1), date(2026, 4, 1)):
            session.add(
                Placement(
                    seeker_id=seeded.a.ids["seeker_id"],
                    vacancy_id=seeded.a.ids["vacancy_id"],
                    contract_id=pk(seeded.a.contract),
                    kind=PlacementKind.EMPLOYMENT,
                    target_group=TargetGroup.YOUTH,
                    start_date=start,
                    end_date=None,
                )
            )
        session.commit()
    url = f"/contracts/{contract_id}/follow-up?as_of=2026-06-30"
    figures = client.get(url, headers=seeded.headers["procurement_officer"])
    assert figures.status_code == 200, figures.text
    body = figures.json()
    # Seeded: one newcomer employment Feb–Jul 2026 (5 months by 30 June); added: two youth employments.
    assert body["placements"] == 3 and body["committed_placements"] == 4
    assert body["fte_months"] == 5.0 + 4.0 + 3.0
    assert body["fulfilment_threshold"] == 0.75 and body["on_track"] is True
    assert set(body) == {
        "contract_id",
        "as_of",
        "committed_placements",
        "committed_fte_months",
        "placements",
        "fte_months",
        "fulfilment_threshold",
        "forecast_fulfilment",
        "first_placement_deadline",
        "first_placement_deadline_met",
        "on_track",
    }  # fmt: skip  (aggregates only: no seeker appears)
    assert client.get(url, headers=seeded.headers["staff"]).json() == body
    assert client.get(url, headers=seeded.headers["admin"]).json() == body
    # The supplier is a party to the contract: it sees how far it has come (issue 15), never another's.
    assert client.get(url, headers=seeded.headers["supplier"]).json() == body
    assert client.get(url, headers=seeded.headers["b:supplier"]).status_code == 404
    assert client.get(url, headers=seeded.headers["b:staff"]).status_code == 404


def test_follow_up_is_not_on_track_when_the_first_placement_deadline_was_missed(
    client: TestClient, seeded: Seeded
) -> None:
    officer = seeded.headers["procurement_officer"]
    created = client.post("/contracts", json=_body(seeded), headers=officer).json()
    early = client.get(f"/contracts/{created['id']}/follow-up?as_of=2026-04-01", headers=officer).json()
    assert early["placements"] == 0 and early["first_placement_deadline_met"] is None
    late = client.get(f"/contracts/{created['id']}/follow-up?as_of=2026-10-01", headers=officer).json()
    assert late["first_placement_deadline_met"] is False and late["on_track"] is False
    with Session(get_engine()) as session:
        session.add(
            Placement(
                seeker_id=seeded.a.ids["seeker_id"],
                vacancy_id=seeded.a.ids["vacancy_id"],
                contract_id=pk_of(created),
                kind=PlacementKind.INTERNSHIP,
                target_group=TargetGroup.LONG_TERM_UNEMPLOYED,
                start_date=date(2026, 8, 1),
            )
        )
        session.commit()
    met = client.get(f"/contracts/{created['id']}/follow-up?as_of=2026-10-01", headers=officer).json()
    assert met["placements"] == 1 and met["first_placement_deadline_met"] is True


def pk_of(row: dict[str, Any]) -> int:
    return int(row["id"])


def test_contract_changes_are_audited(client: TestClient, seeded: Seeded) -> None:
    from sqlmodel import select

    from models import AuditEvent

    officer = seeded.headers["procurement_officer"]
    created = client.post("/contracts", json=_body(seeded), headers=officer).json()
    client.patch(f"/contracts/{created['id']}", json={"title": "Ny titel"}, headers=officer)
    with Session(get_engine()) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.object_type == "contract")).all()
    assert [(e.action, e.object_id) for e in events] == [
        ("contract.create", str(created["id"])),
        ("contract.update", str(created["id"])),
    ]
    assert pk(seeded.a.contract) != created["id"]
