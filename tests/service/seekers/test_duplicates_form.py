"""Registering a seeker in the web UI runs the same duplicate checks as the API: the same personnummer is
refused on the form with a link to the person already registered; a probable duplicate is registered and
flagged; bad fields are named in Swedish."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import JobSeeker, SeekerDuplicate
from service.platform.db import get_engine
from tests.service.csrf_helpers import with_csrf
from tests.service.seekers_fixtures import World, any_client_fixture, build_world  # noqa: F401


@pytest.fixture(name="world")
def _world(any_client: TestClient) -> World:
    with Session(get_engine(), expire_on_commit=False) as session:
        return build_world(session)


def _form(**values: str) -> dict[str, str]:
    form = {"ref": "f-1", "full_name": "Åsa Öberg", "personal_number": "19860503-9802", "email": "",
            "phone": "", "municipality_code": "1280", "profile_text": "Lokalvård i tre år.",
            "consent": "given"}  # fmt: skip
    form.update(values)
    return form


def test_register_then_refuse_the_same_personnummer(any_client: TestClient, world: World) -> None:
    headers = with_csrf(world.staff_1)
    assert any_client.get("/ui/seekers/new", headers=headers).status_code == 200
    done = any_client.post("/ui/seekers/new", data=_form(), headers=headers, follow_redirects=False)
    assert done.status_code == 303, done.text
    first = int(done.headers["location"].rsplit("/", 1)[-1])
    again = any_client.post(
        "/ui/seekers/new", data=_form(ref="f-2", personal_number="860503-9802"), headers=headers
    )
    assert again.status_code == 422
    assert "Personen finns redan hos er med det här personnumret." in again.text
    assert f'href="/ui/seekers/{first}"' in again.text
    assert 'value="f-2"' in again.text  # what was typed is kept
    # A probable duplicate is registered, and its page says so.
    typo = any_client.post(
        "/ui/seekers/new", data=_form(ref="f-3", personal_number="19860503-9810"), headers=headers,
        follow_redirects=False,
    )  # fmt: skip
    assert typo.status_code == 303
    with Session(get_engine()) as session:
        flag = session.exec(select(SeekerDuplicate)).one()
        assert flag.other_id == first and flag.reason == "name_birth_date"
        assert len(session.exec(select(JobSeeker)).all()) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"personal_number": "kök"}, "Skriv personnumret som ÅÅÅÅMMDD-NNNN"),
        ({"consent": ""}, "Välj vad personen har svarat om samtycke."),
        ({"ref": ""}, "Fältet måste fyllas i."),
        ({"municipality_code": "9999"}, "Det finns ingen kommun med den koden."),
    ],
)
def test_bad_fields_are_named(
    any_client: TestClient, world: World, change: dict[str, str], message: str
) -> None:
    response = any_client.post("/ui/seekers/new", data=_form(**change), headers=with_csrf(world.staff_1))
    assert response.status_code == 422 and message in response.text
    assert re.search(r'aria-invalid="true"', response.text)
    with Session(get_engine()) as session:
        assert session.exec(select(JobSeeker)).all() == []
