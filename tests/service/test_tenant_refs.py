"""Refs belong to their tenant: another organisation's refs neither answer 409 "already exists" (an oracle)
nor block anything; a JobSearch ref typed by hand under one contract does not block another supplier's
import of that ad. On SQLite and PostgreSQL (the uniqueness lives in the database, migration 0007)."""

from sqlmodel import Session, select

from models import JobSeeker, Vacancy
from service.platform.db import get_engine
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401


def _ref_of(model: type[JobSeeker] | type[Vacancy], row_id: int) -> str:
    with Session(get_engine()) as session:
        row = session.get(model, row_id)
        assert isinstance(row, JobSeeker | Vacancy)
        return row.ref


def test_another_actors_seeker_ref_is_free_for_this_actor(trusted: Trusted) -> None:
    client, seeded = trusted.client, trusted.seeded
    theirs = _ref_of(JobSeeker, seeded.a.ids["seeker_id"])
    body = {"ref": theirs, "matching_actor_id": seeded.b.actor.id}
    created = client.post("/seekers", json=body, headers=seeded.headers["b:staff"])
    assert created.status_code == 201, created.text  # as for any new ref: nothing told of world A
    again = client.post("/seekers", json=body, headers=seeded.headers["b:staff"])
    assert again.status_code == 409 and "you already have" in again.json()["detail"]  # one's own refs
    with Session(get_engine()) as session:
        holders = session.exec(select(JobSeeker.matching_actor_id).where(JobSeeker.ref == theirs)).all()
    assert set(holders) == {seeded.a.actor.id, seeded.b.actor.id}


def test_another_contracts_vacancy_ref_is_free_for_this_contract(trusted: Trusted) -> None:
    client, seeded = trusted.client, trusted.seeded
    theirs = _ref_of(Vacancy, seeded.a.ids["vacancy_id"])
    body = {"ref": theirs, "title": "Städare", "contract_id": seeded.b.contract.id}
    created = client.post("/vacancies", json=body, headers=seeded.headers["b:supplier"])
    assert created.status_code == 201, created.text
    again = client.post("/vacancies", json=body, headers=seeded.headers["b:supplier"])
    assert again.status_code == 409 and "this contract already has" in again.json()["detail"]


def test_a_jobsearch_ref_typed_by_hand_does_not_block_another_suppliers_import(trusted: Trusted) -> None:
    client, seeded = trusted.client, trusted.seeded
    squatted = {"ref": "jobsearch-24681794", "title": "Handskriven", "contract_id": seeded.a.contract.id}
    assert client.post("/vacancies", json=squatted, headers=seeded.headers["supplier"]).status_code == 201
    ad = {"id": "24681794", "headline": "Lokalvårdare till skolor i Malmö"}
    url = f"/contracts/{seeded.b.contract.id}/jobsearch-ads"
    imported = client.post(url, json=[ad], headers=seeded.headers["b:supplier"])
    assert imported.status_code == 200, imported.text
    assert imported.json()["created"] == 1
    # Imported again into its own contract: the same placement is updated, the other contract's untouched.
    again = client.post(
        url, json=[{**ad, "headline": "Lokalvårdare, Malmö"}], headers=seeded.headers["b:supplier"]
    )
    assert again.json()["updated"] == 1 and again.json()["vacancy_ids"] == imported.json()["vacancy_ids"]
    with Session(get_engine()) as session:
        rows = session.exec(select(Vacancy).where(Vacancy.ref == "jobsearch-24681794")).all()
    assert sorted((r.contract_id, r.title) for r in rows) == sorted(
        [(seeded.a.contract.id, "Handskriven"), (seeded.b.contract.id, "Lokalvårdare, Malmö")]
    )
