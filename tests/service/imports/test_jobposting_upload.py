"""The upload page: a file is checked whole, previewed, and written only when its own user confirms."""

import json
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models import AuditEvent, FormHandoff, Vacancy
from models.base import pk
from service.platform.db import get_engine
from service.ui.upload import MAX_UPLOAD_BYTES
from tests.service.csrf_helpers import with_csrf
from tests.service.imports.test_jobposting_import import WRAPPED, posting
from tests.service.seekers_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture  # noqa: F401


def vacancies() -> dict[str, Vacancy]:
    with Session(get_engine()) as session:
        return {v.ref: v for v in session.exec(select(Vacancy).order_by(col(Vacancy.id))).all()}


def upload(client: TestClient, headers: dict[str, str], contract_id: int, content: bytes, **form: str) -> Any:
    return client.post(
        "/ui/upload",
        data={"contract_id": str(contract_id), "kind": "employment"} | form,
        files={"file": ("annonser.json", content, "application/json")},
        headers=with_csrf(headers),
        follow_redirects=False,
    )


def test_a_supplier_previews_then_confirms_and_nothing_is_written_before(
    client: TestClient, world: World
) -> None:
    headers = world.supplier_1_user
    page = client.get("/ui/upload", headers=with_csrf(headers))
    assert page.status_code == 200
    assert f'value="{pk(world.c1)}"' in page.text and f'value="{pk(world.c2)}"' not in page.text

    sent = upload(client, headers, pk(world.c1), WRAPPED.read_bytes())
    assert sent.status_code == 303, sent.text
    preview_url = sent.headers["location"]
    assert not [r for r in vacancies() if r.startswith("jobposting-")]  # nothing yet

    preview = client.get(preview_url, headers=with_csrf(headers))
    assert preview.status_code == 200
    assert "Nya platser: 2" in preview.text and "Hoppas över" in preview.text
    assert "Undersköterska till hemtjänsten" in preview.text and "Malmö" in preview.text
    assert client.get(preview_url, headers=with_csrf(headers)).status_code == 200  # a reload changes nothing
    assert not [r for r in vacancies() if r.startswith("jobposting-")]

    # Another user (even of the same organisation's partner, staff) cannot see or confirm it.
    assert client.get(preview_url, headers=with_csrf(world.supplier_2_user)).status_code == 404
    other = client.post(f"{preview_url}/confirm", headers=with_csrf(world.staff_1), follow_redirects=False)
    assert other.status_code == 404
    assert not [r for r in vacancies() if r.startswith("jobposting-")]

    done = client.post(f"{preview_url}/confirm", headers=with_csrf(headers), follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == preview_url
    twice = client.post(f"{preview_url}/confirm", headers=with_csrf(headers), follow_redirects=False)
    assert twice.status_code == 303  # a double click writes once
    result = client.get(preview_url, headers=with_csrf(headers))
    assert "2 nya" in result.text and "Undersköterska till hemtjänsten" in result.text
    made = [r for r in vacancies() if r.startswith("jobposting-")]
    assert sorted(made) == ["jobposting-1313001", "jobposting-24016933"]
    with Session(get_engine()) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "jobposting.import")).all()
        handoff = session.exec(select(FormHandoff)).one()
        previews = session.exec(select(AuditEvent).where(AuditEvent.action == "upload.preview")).all()
    assert len(events) == 1 and handoff.body == "" and handoff.done_at is not None
    assert len(previews) == 1 and previews[0].object_id == str(pk(world.c1))
    assert all(handoff.token not in str(e.detail) for e in [*events, *previews])

    # The same file again: the preview says "updated", not "new".
    again = client.get(
        upload(client, headers, pk(world.c1), WRAPPED.read_bytes()).headers["location"],
        headers=with_csrf(headers),
    )
    assert "Platser som uppdateras: 2" in again.text and "Nya platser: 0" in again.text


def test_a_broken_file_lists_every_error_in_swedish_and_keeps_nothing(
    client: TestClient, world: World
) -> None:
    bad = [posting("1"), posting("2", title=""), posting("3", validThrough="31/01/2030")]
    answer = upload(client, world.staff_1, pk(world.c1), json.dumps(bad).encode())
    assert answer.status_code == 422
    assert "Inget har sparats" in answer.text
    assert "Annons 2, fältet title: Annonsen saknar rubrik." in answer.text
    assert "Annons 3, fältet validThrough: Datumet ska skrivas ÅÅÅÅ-MM-DD." in answer.text
    with Session(get_engine()) as session:
        assert session.exec(select(FormHandoff)).first() is None

    jsonl = '{"id": "1", "headline": "Städare"}\n{inte json\n'.encode()
    answer = upload(client, world.staff_1, pk(world.c1), jsonl)
    assert answer.status_code == 422 and "Rad 2" in answer.text and "inte giltig JSON" in answer.text

    too_big = b" " * (MAX_UPLOAD_BYTES + 1)
    answer = upload(client, world.staff_1, pk(world.c1), too_big)
    assert answer.status_code == 422 and "Filen är för stor" in answer.text
    answer = upload(client, world.staff_1, pk(world.c1), "Städare".encode("latin-1"))
    assert answer.status_code == 422 and "UTF-8" in answer.text
    # A contract the user may not add to: the same answer as one that does not exist.
    answer = upload(client, world.supplier_1_user, pk(world.c2), WRAPPED.read_bytes())
    assert answer.status_code == 422 and "Välj ett avtal" in answer.text
    answer = upload(client, world.staff_1, pk(world.c1), WRAPPED.read_bytes(), kind="nonsense")
    assert answer.status_code == 422
    assert not [r for r in vacancies() if r.startswith("jobposting-")]


def test_a_jobsearch_file_is_recognised_and_its_removals_previewed_as_closing(
    client: TestClient, world: World
) -> None:
    ads = [{"id": "501", "headline": "Städare i Malmö", "workplace_address": {"municipality_code": "1280"}}]
    sent = upload(client, world.staff_1, pk(world.c1), json.dumps(ads).encode())
    preview = client.get(sent.headers["location"], headers=with_csrf(world.staff_1))
    assert "JobTech JobSearch" in preview.text and "Nya platser: 1" in preview.text
    client.post(f"{sent.headers['location']}/confirm", headers=with_csrf(world.staff_1))
    assert "jobsearch-501" in vacancies()
    removal = upload(
        client, world.staff_1, pk(world.c1), json.dumps([{"id": "501", "removed": True}]).encode()
    )
    preview = client.get(removal.headers["location"], headers=with_csrf(world.staff_1))
    assert "Platser som stängs: 1" in preview.text and "Städare i Malmö" in preview.text


def test_the_upload_needs_a_login_and_a_csrf_token(client: TestClient, world: World) -> None:
    assert client.get("/ui/upload", follow_redirects=False).status_code == 303
    assert client.get("/ui/upload", headers=with_csrf(world.auditor)).status_code == 403
    no_token = client.post(
        "/ui/upload",
        data={"contract_id": str(pk(world.c1)), "kind": "employment"},
        files={"file": ("a.json", WRAPPED.read_bytes(), "application/json")},
        headers={k: v for k, v in with_csrf(world.supplier_1_user).items() if k != "X-CSRF-Token"},
        follow_redirects=False,
    )
    assert no_token.status_code == 403
    assert not [r for r in vacancies() if r.startswith("jobposting-")]
