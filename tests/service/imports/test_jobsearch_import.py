"""Job ads in JobTech's JobSearch/JobStream JSON become a contract's placements: CLI and API, all or none."""

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from models import Vacancy
from models.enums import VacancyStatus
from service.cli import app
from service.platform.db import get_engine
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]

# Line and paragraph separators and NEL inside strings, as real Platsbanken ad text has them.
SEPARATORS = "Om tjänsten\u2028Vi söker\u2029en lokalvårdare\u0085till skolor."


def ad(ad_id: str = "24681794", **changes: Any) -> dict[str, Any]:
    """A JobSearch ``JobAd`` as the API returns it, with fields we ignore (employer, application…)."""
    body: dict[str, Any] = {
        "id": ad_id,
        "external_id": None,
        "webpage_url": f"https://arbetsformedlingen.se/platsbanken/annonser/{ad_id}",
        "headline": "Lokalvårdare till skolor i Malmö",
        "number_of_vacancies": 2,
        "description": {
            "text": f"{SEPARATORS} Du städar klassrum och korridorer. B-körkort krävs.",
            "text_formatted": "<p>…</p>",
            "company_information": None,
            "needs": None,
            "requirements": None,
            "conditions": "Heltid, tillsvidare",
        },
        "employment_type": {"concept_id": "kpPX_CNN_gDU", "label": "Vanlig anställning"},
        "salary_type": {"concept_id": "oG8G_9cW_nRf", "label": "Fast månads- vecko- eller timlön"},
        "duration": {"concept_id": "a7uU_j21_mkL", "label": "Tills vidare", "legacy_ams_taxonomy_id": "1"},
        "working_hours_type": {"concept_id": "6YE1_gAC_R2G", "label": "Heltid"},
        "scope_of_work": {"min": 75, "max": 100},
        "employer": {"name": "Städbolaget AB", "organization_number": "5566778899", "email": "x@example.org"},
        "application_details": {"via_af": False, "url": "https://example.org/jobb"},
        "application_deadline": "2030-06-30T23:59:59",
        "experience_required": True,
        "driving_license_required": True,
        "driving_license": [{"concept_id": "VTK8_WRx_GcM", "label": "B", "legacy_ams_taxonomy_id": "3"}],
        "occupation": {"concept_id": "KF64_AvU_S4N", "label": "Städare", "legacy_ams_taxonomy_id": "4305"},
        "occupation_group": {
            "concept_id": "4KQd_u3n_6Tr",
            "label": "Städare",
            "legacy_ams_taxonomy_id": "9111",
        },
        "occupation_field": {"concept_id": "E7hm_BLq_fqZ", "label": "Städ och rengöring"},
        "workplace_address": {
            "municipality": "Malmö",
            "municipality_code": "1280",
            "region": "Skåne län",
            "region_code": "12",
            "country": "Sverige",
            "coordinates": [13.0038, 55.605],
        },
        "must_have": {
            "skills": [{"concept_id": "x1", "label": "Städning", "weight": 10}],
            "languages": [
                {"concept_id": "zSLA_vw2_FXN", "label": "Svenska", "weight": 10},
                {"concept_id": "NVxJ_hLg_TYS", "label": "Engelska", "weight": 5},
            ],
            "work_experiences": [],
        },
        "nice_to_have": {"skills": [{"concept_id": "x2", "label": "Golvvård", "weight": 5}], "languages": []},
        "publication_date": "2026-11-01T10:00:00",
        "removed": False,
    }
    body.update(changes)
    return body


def _vacancies() -> dict[str, Vacancy]:
    with Session(get_engine()) as session:
        return {v.ref: v for v in session.exec(select(Vacancy).order_by(col(Vacancy.id))).all()}


def _write(path: Path, ads: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in ads) + "\n", encoding="utf-8")
    return path


def _import(path: Path, world: World, *extra: str) -> Any:
    return CliRunner().invoke(
        app, ["import", "--format", "jobsearch", str(path), "--contract", world.contract.ref, *extra]
    )


def test_a_jobsearch_file_imports_as_the_contracts_placements(tmp_path: Path, world: World) -> None:
    second = ad("24700001", headline="Städare, deltid", scope_of_work={"min": 50, "max": 50})
    second["duration"] = {"label": "3 - 6 månader"}
    second["workplace_address"] = {"municipality_code": "1283"}
    path = _write(tmp_path / "ads.jsonl", [ad(), second])

    result = _import(path, world)
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output
    found = _vacancies()
    first = found["jobsearch-24681794"]
    assert first.contract_id == world.contract.id and first.status == VacancyStatus.OPEN
    assert first.title == "Lokalvårdare till skolor i Malmö"
    assert first.description.startswith(SEPARATORS)  # separators kept inside the text
    assert first.occupation_id == "KF64_AvU_S4N" and first.municipality_code == "1280"
    assert (first.latitude, first.longitude) == (55.605, 13.0038)  # JobSearch gives [longitude, latitude]
    assert first.extent == 100 and first.duration_months is None and first.positions == 2
    assert first.required_skills == ["Städning"] and first.desired_skills == ["Golvvård"]
    assert first.licences_required == ["B"]
    assert first.other_languages == [{"code": "en", "level": None}]
    assert first.enrichment  # enriched on import, like any vacancy
    assert str(first.application_deadline) == "2030-06-30"  # the day of JobSearch's local time stamp
    other = found["jobsearch-24700001"]
    assert (other.extent, other.duration_months, other.municipality_code) == (50, 3, "1283")

    # Again, with one ad removed in the stream: nothing duplicated, the removed ad's placement is closed.
    again = _write(
        tmp_path / "stream.jsonl", [ad(headline="Lokalvårdare, Malmö"), {"id": "24700001", "removed": True}]
    )
    result = _import(again, world)
    assert result.exit_code == 0, result.output
    found = _vacancies()
    assert len([r for r in found if r.startswith("jobsearch-")]) == 2
    assert found["jobsearch-24681794"].title == "Lokalvårdare, Malmö"
    assert found["jobsearch-24700001"].status == VacancyStatus.CLOSED


def test_a_broken_jobsearch_file_names_line_and_field_and_imports_nothing(
    tmp_path: Path, world: World
) -> None:
    before = _vacancies()
    bad_place = ad("2", workplace_address={"municipality_code": "9999", "coordinates": [13.0, 55.6]})
    bad_day = ad("5", application_deadline="30 juni")
    ads = [ad("1"), bad_place, ad("3", scope_of_work={"max": "heltid"}), bad_day]
    result = _import(_write(tmp_path / "ads.jsonl", ads), world)
    assert result.exit_code == 2
    assert "line 2: workplace_address.municipality_code" in result.output
    assert "line 3: scope_of_work.max" in result.output
    assert "line 4: application_deadline" in result.output
    assert _vacancies() == before

    result = _import(_write(tmp_path / "b.jsonl", [ad("1"), ad("4", headline=None)]), world)
    assert result.exit_code == 2 and "line 2: headline" in result.output
    assert _vacancies() == before


def test_import_without_a_known_contract_exits_2(tmp_path: Path, world: World) -> None:
    path = _write(tmp_path / "ads.jsonl", [ad()])
    result = CliRunner().invoke(app, ["import", "--format", "jobsearch", str(path), "--contract", "nope"])
    assert result.exit_code == 2 and "unknown contract" in result.output
    result = CliRunner().invoke(app, ["import", "--format", "jobsearch", str(path)])
    assert result.exit_code == 2 and "--contract" in result.output


def test_the_api_takes_a_jobsearch_result_as_placements(client: TestClient, world: World) -> None:
    url = f"/contracts/{world.contract.id}/jobsearch-ads"
    response = client.post(
        url, json={"total": {"value": 1}, "hits": [ad()]}, headers=world.headers["supplier"]
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["created"] == 1 and len(body["vacancy_ids"]) == 1
    created = client.get(f"/vacancies/{body['vacancy_ids'][0]}", headers=world.headers["supplier"]).json()
    assert created["ref"] == "jobsearch-24681794" and created["contract_id"] == world.contract.id

    broken = [ad("5"), ad("6", driving_license=[{"label": "Z9"}])]
    response = client.post(url, json=broken, headers=world.headers["staff"])
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0] == {
        "ad": 2,
        "field": "driving_license.0.label",
        "message": "unknown driving licence 'Z9'",
    }
    assert "jobsearch-5" not in _vacancies()

    assert client.post(url, json=[ad()]).status_code == 401
    assert client.post(url, json=[ad()], headers=world.headers["officer"]).status_code == 403
    # Another supplier's contract: the same answer as a contract that does not exist.
    assert client.post(url, json=[ad("7")], headers=world.headers["other_supplier"]).status_code == 422
    assert "jobsearch-7" not in _vacancies()
