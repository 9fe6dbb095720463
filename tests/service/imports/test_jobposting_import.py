"""schema.org JobPosting ads (plain, @graph, wrapped as the 2020 dev ads) become a contract's placements."""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from models import AuditEvent, Vacancy
from models.enums import VacancyStatus
from service.cli import app
from service.imports.jobposting import (
    html_to_text,
    is_jobposting_file,
    parse_postings,
    read_postings,
)
from service.platform.db import get_engine
from service.platform.errors import BadInput
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]

DATA = Path(__file__).parent / "data"
WRAPPED = DATA / "jobposting_wrapped.json"


def posting(identifier: str = "kommun-114", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": "Kommunen", "value": identifier},
        "title": "Lokalvårdare till skolor i Malmö",
        "description": "<p>Du städar <b>klassrum</b> &amp; korridorer.</p><script>alert(1)</script>"
        "<ul><li>Heltid</li><li>B-körkort</li></ul>",
        "employmentType": ["FULL_TIME"],
        "datePosted": "2026-11-20",
        "validThrough": "2030-01-31T23:59:00Z",
        "jobLocation": {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": "Malmö", "postalCode": "211 45"},
            "geo": {"@type": "GeoCoordinates", "latitude": 55.605, "longitude": 13.0038},
        },
        "occupationalCategory": {"@type": "CategoryCode", "codeValue": "KF64_AvU_S4N", "name": "Städare"},
        "skills": ["Lokalvård", {"@type": "DefinedTerm", "name": "Golvvård"}, "Engelska", "Svenska"],
        "qualifications": "Du är noggrann.",
        "totalJobOpenings": 2,
    }
    body.update(changes)
    return body


def _vacancies() -> dict[str, Vacancy]:
    with Session(get_engine()) as session:
        return {v.ref: v for v in session.exec(select(Vacancy).order_by(col(Vacancy.id))).all()}


def _parse(value: Any, today: date = date(2026, 12, 6)) -> list[Any]:
    numbered_by, ads = read_postings(json.dumps(value, ensure_ascii=False))
    return parse_postings(ads, numbered_by=numbered_by, today=today)


def test_html_becomes_plain_text_without_markup_or_scripts() -> None:
    text = html_to_text(
        '<h2>Om jobbet</h2><p>Städ &amp; <a href="x">vård</a></p><style>p{}</style><ul><li>A</li></ul>'
    )
    assert text == "Om jobbet\n\nStäd & vård\n\n• A"
    assert "<" not in html_to_text("<img src=x onerror=alert(1)>Hej") and html_to_text("1 < 2") == "1 < 2"


def test_one_posting_maps_every_field_we_read() -> None:
    [m] = _parse(posting())
    v = m.values
    assert m.ref == "jobposting-kommun-114" and not m.removed
    assert v["title"] == "Lokalvårdare till skolor i Malmö"
    assert v["description"].startswith("Du städar klassrum & korridorer.\n\n• Heltid\n• B-körkort")
    assert "alert" not in v["description"] and v["description"].endswith("Du är noggrann.")
    assert v["occupation_id"] == "KF64_AvU_S4N" and m.placed_by == "known"
    assert (v["municipality_code"], v["latitude"], v["longitude"]) == ("1280", 55.605, 13.0038)
    assert v["required_skills"] == ["Lokalvård", "Golvvård"]
    assert v["other_languages"] == [{"code": "en", "level": None}]  # Swedish is left to the text
    assert (v["extent"], v["positions"]) == (100, 2)
    assert v["application_deadline"] == "2030-01-31"  # validThrough: the last day to apply


def test_shapes_list_graph_jsonl_and_wrapped_are_all_read(tmp_path: Path) -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [{"@type": "Organization"}, posting("a"), posting("b")],
    }
    assert [m.ref for m in _parse(graph)] == ["jobposting-a", "jobposting-b"]
    assert [m.ref for m in _parse([posting("a"), posting("b")])] == ["jobposting-a", "jobposting-b"]
    lines = "\n".join(json.dumps(p) for p in (posting("a"), {"originalJobPosting": posting("c"), "id": 3}))
    numbered_by, ads = read_postings(lines)
    assert numbered_by == "line" and [n for n, _ in ads] == [1, 2]
    wrapped = json.loads(WRAPPED.read_text(encoding="utf-8"))
    mapped = _parse(wrapped)
    assert [m.ref for m in mapped][:2] == ["jobposting-1313001", "jobposting-24016933"]
    first, second, third = mapped
    assert first.values["municipality_code"] == "1280" and first.values["positions"] == 2
    # The occupation's label is not ours ("… och äldreboende"); its codeValue is an old AMS id, not SSYK.
    assert first.placed_by == "text" and first.source["source_occupation_group"] is None
    assert second.values["extent"] == 50 and second.values["municipality_code"] is None  # "Deltid", "Sweden"
    assert "2-4 års erfarenhet" in second.values["description"]
    # No identifier: the url makes the ref; its validThrough has passed, so it closes (or is skipped).
    assert third.ref.startswith("jobposting-") and len(third.ref) <= 64 and third.removed
    assert is_jobposting_file(WRAPPED.read_text(encoding="utf-8"))
    assert not is_jobposting_file(json.dumps([{"id": "1", "headline": "x"}]))


@pytest.mark.parametrize(
    ("category", "placed_by", "occupation"),
    [
        ("KF64_AvU_S4N", "known", "KF64_AvU_S4N"),
        ("Städare", "label", "KF64_AvU_S4N"),
        ("9111", "group", None),
        ("zzzz_new_id", "text", None),
        ({"@type": "CategoryCode", "codeValue": "9111", "inCodeSet": "SSYK-2012"}, "group", None),
    ],
)
def test_occupational_category_by_id_label_or_ssyk_never_refuses(
    category: Any, placed_by: str, occupation: str | None
) -> None:
    [m] = _parse(posting(occupationalCategory=category))
    assert m.placed_by == placed_by and m.values["occupation_id"] == occupation
    if placed_by == "group":
        assert m.source["source_occupation_group"] == "9111"


def test_work_hours_give_the_extent() -> None:
    assert _parse(posting(workHours="75 %"))[0].values["extent"] == 75
    assert _parse(posting(workHours="30 timmar/vecka"))[0].values["extent"] == 75
    assert _parse(posting(employmentType="PART_TIME"))[0].values["extent"] == 50


def test_errors_name_every_ad_and_field_and_nothing_is_mapped() -> None:
    broken = [
        posting("1"),
        posting("2", title="  "),
        posting("3", validThrough="31/01/2030"),
        posting("1"),
        {"@type": "Organization", "name": "x"},
        posting("6", totalJobOpenings="många"),
        posting("7", jobLocation={"geo": {"latitude": 40.0, "longitude": 13.0}}),
        posting("8", datePosted="2026-12-01", validThrough="2026-11-01"),
    ]
    with pytest.raises(BadInput) as caught:
        _parse(broken)
    found = {(e["ad"], e["field"]) for e in caught.value.errors or []}
    assert found == {
        (2, "title"),
        (3, "validThrough"),
        (4, "identifier"),
        (5, "@type"),
        (6, "totalJobOpenings"),
        (7, "jobLocation.geo.latitude"),
        (8, "validThrough"),
    }
    assert "Nothing was imported" in caught.value.message
    with pytest.raises(BadInput, match="no JobPosting"):
        _parse({"@graph": [{"@type": "Organization"}]})
    with pytest.raises(BadInput) as caught:
        read_postings('{"@type": "JobPosting"}\n{not json\n')
    assert caught.value.errors == [
        {"line": 2, "field": "(line)", "message": caught.value.errors[0]["message"]}
    ]


def _cli(path: Path, world: World) -> Any:
    return CliRunner().invoke(
        app, ["import", "--format", "jobposting", str(path), "--contract", world.contract.ref]
    )


def test_the_cli_imports_the_wrapped_dev_ads_and_updates_on_a_second_run(
    tmp_path: Path, world: World
) -> None:
    result = _cli(WRAPPED, world)
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output and "1 removed or expired ads not found" in result.output
    found = _vacancies()
    assert found["jobposting-1313001"].status == VacancyStatus.OPEN
    assert found["jobposting-1313001"].enrichment  # enriched like any placement
    changed = json.loads(WRAPPED.read_text(encoding="utf-8"))
    changed[0]["originalJobPosting"]["title"] = "Undersköterska, hemtjänst Malmö"
    changed[1]["originalJobPosting"]["validThrough"] = "2026-11-30"  # ended: closes
    path = tmp_path / "again.json"
    path.write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    result = _cli(path, world)
    assert result.exit_code == 0 and "0 new, 1 updated, 1 closed" in result.output, result.output
    found = _vacancies()
    assert len([r for r in found if r.startswith("jobposting-")]) == 2
    assert found["jobposting-1313001"].title == "Undersköterska, hemtjänst Malmö"
    assert found["jobposting-24016933"].status == VacancyStatus.CLOSED

    before = _vacancies()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps(posting("x")) + "\n" + json.dumps(posting("y", title="")) + "\n", encoding="utf-8"
    )
    result = _cli(bad, world)
    assert result.exit_code == 2 and "line 2: title" in result.output
    assert _vacancies().keys() == before.keys()


def test_as_of_reads_an_archive_of_ads_as_open(world: World) -> None:
    run = CliRunner().invoke(
        app,
        [
            "import",
            "--format",
            "jobposting",
            str(WRAPPED),
            "--contract",
            world.contract.ref,
            "--as-of",
            "2025-12-01",
        ],
    )
    assert run.exit_code == 0 and "3 new" in run.output, run.output
    assert len([r for r in _vacancies() if r.startswith("jobposting-")]) == 3
    bad = CliRunner().invoke(
        app,
        [
            "import",
            "--format",
            "jobposting",
            str(WRAPPED),
            "--contract",
            world.contract.ref,
            "--as-of",
            "igår",
        ],
    )
    assert bad.exit_code == 2 and "--as-of" in bad.output


def test_the_api_takes_jobpostings_all_or_none(client: TestClient, world: World) -> None:
    url = f"/contracts/{world.contract.id}/jobposting-ads"
    graph = {"@context": "https://schema.org/", "@graph": [{"@type": "Organization"}, posting()]}
    response = client.post(url, json=graph, headers=world.headers["supplier"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["created"] == 1 and body["occupations"]["known"] == 1
    created = client.get(f"/vacancies/{body['vacancy_ids'][0]}", headers=world.headers["supplier"]).json()
    assert created["ref"] == "jobposting-kommun-114" and created["municipality_code"] == "1280"
    again = client.post(url, json=posting(title="Lokalvårdare, Malmö"), headers=world.headers["staff"])
    assert again.status_code == 200 and again.json()["updated"] == 1 and again.json()["created"] == 0

    response = client.post(url, json=[posting("9"), posting("10", title="")], headers=world.headers["staff"])
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [{"ad": 2, "field": "title", "message": "an ad needs a title"}]
    assert "jobposting-9" not in _vacancies()
    with Session(get_engine()) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "jobposting.import")).all()
    assert len(events) == 2 and events[0].detail["created"] == 1

    assert client.post(url, json=posting()).status_code == 401
    assert client.post(url, json=posting(), headers=world.headers["officer"]).status_code == 403
    assert client.post(url, json=[posting("7")], headers=world.headers["other_supplier"]).status_code == 422
    too_many = [posting(str(i)) for i in range(501)]
    assert client.post(url, json=too_many, headers=world.headers["staff"]).status_code == 413


def test_the_openapi_document_describes_the_route_with_examples(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/contracts/{contract_id}/jobposting-ads"]["post"]
    assert operation["description"]
    examples = operation["requestBody"]["content"]["application/json"]["examples"]
    assert {"one", "graph", "wrapped"} <= examples.keys()
