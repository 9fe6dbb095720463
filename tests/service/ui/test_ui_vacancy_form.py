"""The supplier's vacancy form goes through the vacancy service: the API's checks, field by field."""

from urllib.parse import urlencode

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models import AuditEvent, Vacancy
from models.base import pk
from service.platform.db import get_engine
from tests.service.csrf_helpers import with_csrf
from tests.service.seekers_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture  # noqa: F401

CLEANER = "KF64_AvU_S4N"  # JobTech occupation "Städare"


def cookie(headers: dict[str, str]) -> dict[str, str]:
    return with_csrf(headers)


def form(contract_id: int, **extra: str) -> dict[str, str]:
    return {
        "contract_id": str(contract_id),
        "title": "Lokalvårdare",
        "description": "Städning av skolor i Malmö. B-körkort krävs.",
        "occupation_id": CLEANER,
        "required_skills": "Städning, Golvvård",
        "kind": "employment",
        "positions": "2",
        "status": "draft",
    } | extra


def vacancies() -> list[Vacancy]:
    with Session(get_engine()) as session:
        return list(session.exec(select(Vacancy).order_by(col(Vacancy.id))).all())


def test_a_supplier_creates_and_edits_a_vacancy_through_the_form(client: TestClient, world: World) -> None:
    headers = cookie(world.supplier_1_user)
    created = client.post(
        "/ui/vacancies/new", data=form(pk(world.c1)), headers=headers, follow_redirects=False
    )
    assert created.status_code == 303, created.text
    [row] = vacancies()
    assert row.title == "Lokalvårdare" and row.required_skills == ["Städning", "Golvvård"]
    assert len(row.content_hash) == 64 and row.enrichment  # enriched, as the API does
    edited = client.post(
        f"/ui/vacancies/{row.id}/edit",
        data=form(pk(world.c1), title="Lokalvårdare deltid", positions="3"),
        headers=headers,
        follow_redirects=False,
    )
    assert edited.status_code == 303, edited.text
    [row] = vacancies()
    assert (row.title, row.positions) == ("Lokalvårdare deltid", 3)
    with Session(get_engine()) as session:
        actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert actions.count("vacancy.save") == 2


def test_the_form_answers_each_bad_field_and_saves_nothing(client: TestClient, world: World) -> None:
    headers = cookie(world.supplier_1_user)
    cases = {
        "another supplier's contract": (form(pk(world.c2)), "contract_id", "Välj ett av era kontrakt"),
        "a kind the contract does not allow": (
            form(pk(world.c1), kind="apprenticeship"),
            "kind",
            "tillåter inte",
        ),
        "an unknown occupation": (form(pk(world.c1), occupation_id="nope_nope_1"), "title", "Okänt yrke"),
        "no title": (form(pk(world.c1), title=""), "title", "Skriv platsens yrke eller titel"),
        "an unknown municipality": (
            form(pk(world.c1), municipality_code="9999"),
            "municipality_code",
            "Välj en kommun i listan",
        ),
        "an extent over full time": (form(pk(world.c1), extent="120"), "extent", "mellan 1 och 100"),
        "a duration of zero": (
            form(pk(world.c1), duration_months="0"),
            "duration_months",
            "mellan 1 och 120",
        ),
        "a malformed language": (form(pk(world.c1), other_languages="engelska!"), "other_languages", "en:B1"),
        "a date that is none": (form(pk(world.c1), start_date="2026-13-40"), "start_date", "ÅÅÅÅ-MM-DD"),
        "a deadline that is none": (
            form(pk(world.c1), application_deadline="sista juni"),
            "application_deadline",
            "ÅÅÅÅ-MM-DD",
        ),
    }
    for case, (data, field, message) in cases.items():
        response = client.post("/ui/vacancies/new", data=data, headers=headers, follow_redirects=False)
        assert response.status_code == 422, case
        assert f'id="{field}-error"' in response.text and message in response.text, case
    assert vacancies() == []


def test_a_placement_cannot_be_moved_to_another_contract(client: TestClient, world: World) -> None:
    headers = cookie(world.supplier_1_user)
    client.post("/ui/vacancies/new", data=form(pk(world.c1)), headers=headers, follow_redirects=False)
    [row] = vacancies()
    moved = client.post(
        f"/ui/vacancies/{row.id}/edit", data=form(pk(world.c2)), headers=headers, follow_redirects=False
    )
    assert moved.status_code == 422 and "annat kontrakt" in moved.text
    assert vacancies()[0].contract_id == pk(world.c1)


def test_a_complete_placement_gets_coordinates_terms_and_requirements(
    client: TestClient, world: World
) -> None:
    """The workplace's municipality gives coordinates (its centroid), so distances and the filter work."""
    headers = cookie(world.supplier_1_user)
    data = form(
        pk(world.c1),
        municipality_code="1280",
        extent="75",
        duration_months="6",
        start_date="2026-03-02",
        application_deadline="2026-02-01",
        desired_skills="Fönsterputs, Storstädning",
        other_languages="en:B1, ar",
        adaptations_possible="on",
        status="open",
    )
    body = urlencode([*data.items(), ("licences_required", "B"), ("licences_required", "TRUCK")])
    created = client.post(
        "/ui/vacancies/new",
        content=body.encode(),
        headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert created.status_code == 303, created.text
    [row] = vacancies()
    assert row.municipality_code == "1280" and row.latitude and 55.5 < row.latitude < 55.7  # Malmö
    assert row.longitude and 12.9 < row.longitude < 13.2
    assert (row.extent, row.duration_months, str(row.start_date)) == (75, 6, "2026-03-02")
    assert row.desired_skills == ["Fönsterputs", "Storstädning"]
    assert row.licences_required == ["B", "TRUCK"] and row.adaptations_possible
    assert row.other_languages == [{"code": "en", "level": "B1"}, {"code": "ar", "level": None}]
    edit = client.get(f"/ui/vacancies/{row.id}/edit", headers=headers)
    assert 'value="1280" selected' in edit.text and "en:B1, ar" in edit.text
    assert str(row.application_deadline) == "2026-02-01" and 'value="2026-02-01"' in edit.text
    page = client.get(f"/ui/vacancies/{row.id}", headers=headers).text
    assert "Sista ansökningsdag" in page.split('id="place-deadline"')[0][-200:]
    assert page.split('id="place-deadline">')[1].startswith("2026-02-01</dd>")


def test_field_errors_are_in_the_users_language(client: TestClient, world: World) -> None:
    headers = cookie(world.supplier_1_user)
    headers["Cookie"] += "; lang=en"
    response = client.post(
        "/ui/vacancies/new", data=form(pk(world.c1), extent="0"), headers=headers, follow_redirects=False
    )
    assert response.status_code == 422 and "Enter a whole number from 1 to 100" in response.text
