"""The staff decision form over HTTP (no browser): nothing pre-selected, reasons that fit, one proposal per
placement, messages in place, and a decision that survives an expired session through re-login."""

from datetime import UTC, datetime, timedelta

import jwt
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import ReviewDecision, User
from service.auth.tokens import ALGORITHM
from service.platform.config import get_settings
from service.platform.db import get_engine
from service.platform.security import hash_password
from service.ui.resume import stash
from tests.service.csrf_helpers import ui_headers, with_csrf
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]
PASSWORD = "a-long-test-password-1"


def _entry(client: TestClient, world: World, name: str = "cleaner") -> int:
    response = client.post(
        f"/vacancies/{world.vacancy.id}/shortlist/manual",
        json={"seeker_id": world.sid(name), "reason": "Känd av handläggaren"},
        headers=world.headers["staff"],
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _browser(world: World) -> dict[str, str]:
    page = f"http://testserver/ui/vacancies/{world.vacancy.id}"
    return {**with_csrf(world.headers["staff"]), "Referer": page}


def _decisions() -> list[ReviewDecision]:
    with Session(get_engine()) as session:
        return list(session.exec(select(ReviewDecision)).all())


def test_no_decision_is_preselected_and_an_empty_or_contradictory_one_is_refused_in_place(
    client: TestClient, world: World
) -> None:
    entry_id = _entry(client, world)
    headers = _browser(world)
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=headers)
    row = page.text[page.text.index(f'id="entry-{entry_id}"') :]
    assert "checked" not in row.split("</tr>")[0]  # no radio pre-selected
    assert '<option value="">Välj skäl …</option>' in row
    url = f"/ui/entries/{entry_id}/decide"
    empty = client.post(url, data={"reason_code": "good_fit"}, headers=headers, follow_redirects=False)
    assert empty.status_code == 422 and "Välj ett beslut" in empty.text
    assert f'id="msg-{entry_id}"' in empty.text and "autofocus" in empty.text
    contradiction = {"decision": "reject", "reason_code": "good_fit", "comment": "min anteckning"}
    refused = client.post(url, data=contradiction, headers=headers, follow_redirects=False)
    assert refused.status_code == 422 and "Skälet passar inte beslutet" in refused.text
    assert 'value="min anteckning"' in refused.text  # what was typed is kept
    assert _decisions() == []
    other = {"decision": "reject", "reason_code": "other", "comment": " "}
    unexplained = client.post(url, data=other, headers=headers, follow_redirects=False)
    assert unexplained.status_code == 422
    assert "Skriv i kommentaren vad skälet är när du väljer ”Annat”." in unexplained.text
    assert _decisions() == []


def test_a_proposed_person_is_marked_and_cannot_be_proposed_twice(client: TestClient, world: World) -> None:
    entry_id = _entry(client, world)
    headers = _browser(world)
    url = f"/ui/entries/{entry_id}/decide"
    body = {"decision": "propose", "reason_code": "good_fit", "expected_version": "0"}
    saved = client.post(url, data=body, headers=headers, follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"].endswith(f"#entry-{entry_id}")  # back to the row, not the top
    page = client.get(saved.headers["location"].split("#")[0], headers=headers).text
    row = page[page.index(f'id="entry-{entry_id}"') :].split("</tr>")[0]
    assert 'data-marker="sent"' in row and "Föreslagen" in row and "redan föreslagen" in row
    assert "personen är föreslagen för leverantören" in row
    again = client.post(
        url, data={**body, "expected_version": "1"}, headers={**headers, "X-Requested-With": "fetch"}
    )
    assert again.status_code == 422
    message = "Personen är redan föreslagen för den här platsen och kan inte föreslås igen."
    assert again.json() == {"ok": False, "message": message}
    assert len(_decisions()) == 1


def test_a_decision_taken_after_the_session_expired_is_saved_after_logging_in_again(
    client: TestClient, world: World
) -> None:
    entry_id = _entry(client, world)
    settings = get_settings()
    live = jwt.decode(
        world.headers["staff"]["Authorization"].removeprefix("Bearer "),
        settings.secret_key,
        algorithms=[ALGORITHM],
    )
    with Session(get_engine()) as session:
        user = session.get(User, int(live["sub"]))
        assert user is not None
        user.password_hash = hash_password(PASSWORD)
        session.add(user)
        session.commit()
        email = user.email
    past = datetime.now(UTC) - timedelta(hours=1)
    expired = jwt.encode(
        {**live, "iat": past, "exp": past + timedelta(minutes=5)}, settings.secret_key, ALGORITHM
    )
    page = f"http://testserver/ui/vacancies/{world.vacancy.id}"
    headers = {**ui_headers(expired), "Referer": page, "Origin": "http://testserver"}
    decision = {"decision": "propose", "reason_code": "seeker_interested", "comment": "Ringde i morse"}
    login_page = client.post(f"/ui/entries/{entry_id}/decide", data=decision, headers=headers)
    assert login_page.status_code == 401
    text = login_page.text
    assert 'name="resume"' in text and "Föreslå för leverantören" in text and "Ringde i morse" in text
    assert _decisions() == []
    blob = text.split('name="resume" value="')[1].split('"')[0]

    forged = blob[:-4] + ("0000" if not blob.endswith("0000") else "1111")
    login = {"username": email, "password": PASSWORD, "next": f"/ui/vacancies/{world.vacancy.id}"}
    ignored = client.post(
        "/ui/login", data={**login, "resume": forged}, headers=headers, follow_redirects=False
    )
    assert ignored.status_code == 303 and _decisions() == []  # a tampered stash replays nothing

    replayed = client.post(
        "/ui/login", data={**login, "resume": blob}, headers=headers, follow_redirects=False
    )
    assert replayed.status_code == 303
    assert "notice=dec.saved.proposed" in replayed.headers["location"]
    assert replayed.headers["location"].endswith(f"#entry-{entry_id}")
    [stored] = _decisions()
    assert (stored.decision, stored.reason_code, stored.comment) == (
        "propose",
        "seeker_interested",
        "Ringde i morse",
    )
    assert stored.reviewer_id == int(live["sub"])


def test_a_stashed_decision_is_checked_again_when_replayed(client: TestClient, world: World) -> None:
    entry_id = _entry(client, world)
    settings = get_settings()
    sub = jwt.decode(
        world.headers["staff"]["Authorization"].removeprefix("Bearer "),
        settings.secret_key,
        algorithms=[ALGORITHM],
    )["sub"]
    with Session(get_engine()) as session:
        user = session.get(User, int(sub))
        assert user is not None
        user.password_hash = hash_password(PASSWORD)
        session.add(user)
        session.commit()
        email = user.email
    bad = stash(f"/ui/entries/{entry_id}/decide", {"decision": "reject", "reason_code": "good_fit"}, sub)
    response = client.post(
        "/ui/login",
        data={"username": email, "password": PASSWORD, "next": "/ui/", "resume": bad},
        headers=ui_headers(None),
        follow_redirects=False,
    )
    assert response.status_code == 303 and "Sk%C3%A4let+passar+inte" in response.headers["location"]
    assert _decisions() == []


def test_the_supplier_page_offers_only_outcomes_that_can_follow_and_says_why_in_swedish(
    client: TestClient, world: World
) -> None:
    entry_id = _entry(client, world)
    staff = _browser(world)
    client.post(f"/ui/entries/{entry_id}/decide", data={"decision": "propose", "reason_code": "good_fit",
                "expected_version": "0"}, headers=staff)  # fmt: skip
    supplier = {**with_csrf(world.headers["supplier"]), "Referer": "http://testserver/ui/"}
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=supplier).text
    proposal_id = int(page.split('action="/ui/proposals/')[1].split("/")[0])
    url = f"/ui/proposals/{proposal_id}/feedback"

    def post(data: dict[str, str]) -> str:
        answer = client.post(url, data=data, headers=supplier, follow_redirects=False)
        assert answer.status_code == 303
        return client.get(answer.headers["location"], headers=supplier).text

    hired = post({"outcome": "hired", "placement_start": "2026-03-02"})
    assert "Återkopplingen är sparad." in hired
    assert 'action="/ui/proposals/' not in hired  # hired with a placement: nothing left to report
    again = post({"outcome": "interviewed"})
    assert "utfallet kan inte ändras" in again and 'role="alert"' in again
    staff_page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=staff).text
    row = staff_page[staff_page.index(f'id="entry-{entry_id}"') :].split("</tr>")[0]
    assert 'data-marker="hired"' in row and "Anställd" in row
    dashboard = client.get("/ui/", headers=staff).text
    assert "1 anställd via förslag" in dashboard and "1 öppen plats" in dashboard


def test_a_shortlist_that_cannot_be_computed_says_why_in_the_users_language(
    client: TestClient, world: World
) -> None:
    from service.system.service import set_manual_mode

    with Session(get_engine()) as session:
        set_manual_mode(session, True, user_id=None)
        session.commit()
    url = f"/ui/vacancies/{world.vacancy.id}/shortlist"
    answer = client.post(url, headers=_browser(world), follow_redirects=False)
    assert answer.status_code == 303
    page = client.get(answer.headers["location"], headers=_browser(world)).text
    assert "Matchningsmotorn är avstängd (manuellt läge)" in page


def test_a_text_for_the_supplier_written_in_the_form_reaches_the_supplier_redacted(
    client: TestClient, world: World
) -> None:
    entry_id = _entry(client, world)
    text = "Noggrann och van vid storkök. Ring 070-123 45 67 eller mejla kim@example.se."
    body = {"decision": "propose", "reason_code": "good_fit", "expected_version": "0", "supplier_text": text}
    saved = client.post(
        f"/ui/entries/{entry_id}/decide", data=body, headers=_browser(world), follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    proposals = client.get(f"/vacancies/{world.vacancy.id}/proposals", headers=world.headers["supplier"])
    assert proposals.status_code == 200, proposals.text
    shown = proposals.json()["items"][0]["supplier_text"]
    assert shown.startswith("Noggrann och van vid storkök.")
    assert "070-123" not in shown and "kim@example.se" not in shown
