"""Structured refusal reasons through the API and the pages: the employer's "not hired" names a reason
from the fixed list (free text only beside it, minimised), the staff who proposed read it from a template
on the shortlist, the seeker page and GET /proposals; a refusal from before codes keeps its free text."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session, select

from models import SupplierFeedback, Vacancy
from service.platform.db import get_engine, make_engine
from service.platform.migrate import upgrade
from tests.service.csrf_helpers import with_csrf
from tests.service.review_fixtures import World, make_client, point_app_at, reset_app, world_with_users


@pytest.fixture(name="world")
def world_fixture(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """The review world on SQLite and on PostgreSQL, the app pointed at it."""
    point_app_at(db_url, monkeypatch)
    yield world_with_users(db_url)
    reset_app()


@pytest.fixture(name="client")
def client_fixture(world: World) -> Iterator[TestClient]:
    with make_client() as test_client:
        yield test_client


def _require_licence(world: World, licences: list[str]) -> None:
    with Session(get_engine()) as session:
        vacancy = session.get(Vacancy, world.vacancy.id)
        assert vacancy is not None
        vacancy.licences_required = licences
        session.add(vacancy)
        session.commit()


def _proposal(client: TestClient, world: World, name: str = "cleaner") -> tuple[int, int]:
    added = client.post(
        f"/vacancies/{world.vacancy.id}/shortlist/manual",
        json={"seeker_id": world.sid(name), "reason": "Känd av handläggaren"},
        headers=world.headers["staff"],
    )
    entry_id = added.json()["id"]
    decided = client.post(
        f"/shortlist-entries/{entry_id}/decisions",
        json={"decision": "propose", "reason_code": "good_fit", "expected_version": 0},
        headers=world.headers["staff"],
    )
    assert decided.status_code == 201, decided.text
    return entry_id, decided.json()["proposal_id"]


def test_the_vocabulary_is_listed_with_labels_for_every_role_that_reads_refusals(
    client: TestClient, world: World
) -> None:
    answer = client.get("/refusal-reasons", headers=world.headers["supplier"])
    assert answer.status_code == 200
    by_code = {r["code"]: r for r in answer.json()}
    assert by_code["no_licence"]["sv"] == "saknar körkort eller intyg" and by_code["no_licence"]["employer"]
    assert by_code["other"]["needs_detail"] and not by_code["not_eligible"]["employer"]
    assert by_code["hours_travel"]["staff_codes"] == ["fit_distance"]
    assert client.get("/refusal-reasons").status_code == 401


def test_not_hired_needs_a_reason_from_the_list_and_staff_read_it_from_the_template(
    client: TestClient, world: World
) -> None:
    _require_licence(world, ["B"])
    _, proposal_id = _proposal(client, world)
    url = f"/proposals/{proposal_id}/feedback"
    supplier = world.headers["supplier"]

    def post(body: dict[str, object]) -> tuple[int, dict]:
        answer = client.post(url, json=body, headers=supplier)
        return answer.status_code, answer.json()

    status, body = post({"outcome": "not_hired", "reason": "passade inte"})
    assert status == 422 and body["errors"][0]["field"] == "reason_code"
    status, body = post({"outcome": "not_hired", "reason_code": "not_eligible"})  # staff's judgement only
    assert status == 422 and body["errors"][0]["field"] == "reason_code"
    status, body = post({"outcome": "not_hired", "reason_code": "other", "reason": "  "})
    assert status == 422 and body["errors"][0]["field"] == "reason"
    status, body = post({"outcome": "interviewed", "reason_code": "no_licence"})
    assert status == 422 and body["errors"][0]["field"] == "reason_code"
    assert post({"outcome": "not_hired", "reason_code": "bogus"})[0] == 422
    # Free text beside the code is minimised: no phone number, no health detail is kept.
    status, body = post(
        {
            "outcome": "not_hired",
            "reason_code": "no_licence",
            "reason": "Ring 070-123 45 67, han har diabetes",
        }
    )
    assert status == 201, body
    assert (
        body["reason_code"] == "no_licence"
        and "070" not in body["reason"]
        and "diabetes" not in body["reason"]
    )
    assert body["refusal"]["sv"].startswith("Arbetsgivaren tackade nej: saknar körkort B")
    assert body["refusal"]["en"].startswith("The employer declined: no driving licence B")
    with Session(get_engine()) as session:
        stored = session.exec(select(SupplierFeedback)).one()
    assert stored.reason_code == "no_licence" and "070" not in stored.reason
    listed = client.get(f"/proposals?vacancy_id={world.vacancy.id}", headers=world.headers["staff"]).json()
    refusal = listed["items"][0]["feedback"][-1]["refusal"]
    assert refusal["code"] == "no_licence" and refusal["sv"].startswith(
        "Arbetsgivaren tackade nej: saknar körkort B"
    )
    # Another matching actor's staff never see it.
    other = client.get("/proposals", headers=world.headers["other_staff"]).json()
    assert other["items"] == []


def test_the_referring_staff_see_the_employers_and_their_own_reasons_on_their_pages(
    client: TestClient, world: World
) -> None:
    _require_licence(world, ["B"])
    entry_id, _ = _proposal(client, world)
    staff = {
        **with_csrf(world.headers["staff"]),
        "Referer": f"http://testserver/ui/vacancies/{world.vacancy.id}",
    }
    supplier = {**with_csrf(world.headers["supplier"]), "Referer": "http://testserver/ui/"}
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=supplier).text
    assert 'name="reason_code"' in page and 'value="position_filled"' in page
    assert "Platsen är redan tillsatt</option>" in page
    proposal_id = int(page.split('action="/ui/proposals/')[1].split("/")[0])
    key = page.split('name="idempotency_key" value="')[1].split('"')[0]
    url = f"/ui/proposals/{proposal_id}/feedback"
    missing = client.post(url, data={"outcome": "not_hired", "idempotency_key": key}, headers=supplier)
    assert "Välj varför personen inte blev anställd." in missing.text
    other = client.post(url, data={"outcome": "not_hired", "reason_code": "other"}, headers=supplier)
    assert "Skriv med några ord" in other.text
    form = {"outcome": "not_hired", "reason_code": "no_licence", "idempotency_key": key}
    saved = []
    for _ in range(2):  # a double click: the second post is answered as the first
        answer = client.post(url, data=form, headers=supplier, follow_redirects=False)
        assert answer.status_code == 303
        saved.append(client.get(answer.headers["location"], headers=supplier).text)
    assert all("Återkopplingen är sparad." in s for s in saved)
    with Session(get_engine()) as session:
        assert len(session.exec(select(SupplierFeedback)).all()) == 1
    shortlist = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=staff).text
    row = shortlist[shortlist.index(f'id="entry-{entry_id}"') :].split("</tr>")[0]
    assert '<p class="refusal" data-code="no_licence">Arbetsgivaren tackade nej: saknar körkort B</p>' in row
    in_english = with_csrf({**world.headers["staff"], "Cookie": "lang=en"})
    english = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=in_english).text
    assert "The employer declined: no driving licence B" in english and "Arbetsgivaren" not in english
    # The staff's own decline on another person shows on that person's page, beside the employer's.
    added = client.post(
        f"/vacancies/{world.vacancy.id}/shortlist/manual",
        json={"seeker_id": world.sid("cook"), "reason": "Frågade själv"},
        headers=world.headers["staff"],
    ).json()
    client.post(
        f"/shortlist-entries/{added['id']}/decisions",
        json={"decision": "reject", "reason_code": "fit_language", "comment": "Behöver mer svenska"},
        headers=world.headers["staff"],
    )
    cook = client.get(f"/ui/seekers/{world.sid('cook')}", headers=staff).text
    assert "Handläggaren avböjde: svenskan räcker inte för jobbet (krav A2) (Behöver mer svenska)" in cook
    cleaner = client.get(f"/ui/seekers/{world.sid('cleaner')}", headers=staff).text
    assert 'data-source="employer" data-code="no_licence"' in cleaner and "saknar körkort B" in cleaner


def test_a_refusal_from_before_codes_keeps_its_free_text_after_the_upgrade(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Migration 0010 on a database holding an old free-text refusal: the text stays, the code is empty,
    and it reads as the employer's words."""
    from service.reviews.outcomes import feedback_public

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0009")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("PRAGMA foreign_keys=OFF"))
        conn.execute(
            text(
                "INSERT INTO supplierfeedback (proposal_id, outcome, reason, given_by, created_at) "
                "VALUES (1, 'NOT_HIRED', 'Valde en annan kandidat', 1, '2026-05-01 10:00:00')"
            )
        )
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        row = session.exec(select(SupplierFeedback)).one()
    engine.dispose()
    assert (row.reason, row.reason_code) == ("Valde en annan kandidat", None)
    shown = feedback_public(row, None)
    assert shown.refusal is not None and shown.refusal.code is None
    assert shown.refusal.sv == "Arbetsgivaren tackade nej: Valde en annan kandidat"
