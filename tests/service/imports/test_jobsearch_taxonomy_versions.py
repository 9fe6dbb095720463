"""JobSearch ads whose occupation ids are of a newer taxonomy version: every ad imports, each occupation
placed by its label, its SSYK-4 group or the text, with the ad's own id and label kept (issue 23)."""

from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, select
from typer.testing import CliRunner

from matcher import default_taxonomy
from models import Vacancy
from service.cli import app
from service.engine.translate import to_vacancy_profile
from service.platform.db import get_engine
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]

# Five ads: a known id; a new id whose label we know (Tandsköterska); a new occupation whose SSYK-4
# group we know (Pedagogassistent, 5312); a new occupation without a group (Nanny); and one whose
# label and group are both unknown to us.
FIXTURE = Path(__file__).parent / "data" / "jobsearch_newer_taxonomy.jsonl"


def _rows() -> dict[str, Vacancy]:
    with Session(get_engine()) as session:
        return {v.ref.removeprefix("jobsearch-"): v for v in session.exec(select(Vacancy)).all()}


def test_every_ad_of_a_newer_taxonomy_imports_and_keeps_what_it_said(world: World) -> None:
    result = CliRunner().invoke(
        app, ["import", "--format", "jobsearch", str(FIXTURE), "--contract", world.contract.ref]
    )
    assert result.exit_code == 0, result.output
    assert "5 new" in result.output
    assert (
        "occupations: 1 known, 1 mapped by label (newer taxonomy id), 1 unknown but placed in their SSYK-4 "
        "group, 2 read from the text alone"
    ) in result.output
    taxonomy = default_taxonomy()
    rows = _rows()
    assert rows["30000001"].occupation_id == "KF64_AvU_S4N"
    dental = rows["30000002"]
    assert dental.occupation_id == taxonomy.occupation_by_label("Tandsköterska").id  # type: ignore[union-attr]
    assert (dental.source_occupation_id, dental.source_occupation_label) == ("Nyx1_Tsk_001", "Tandsköterska")

    assistant = rows["30000003"]
    assert assistant.occupation_id is None
    assert (assistant.source_occupation_id, assistant.source_occupation_label) == (
        "Nyx1_Ped_002",
        "Pedagogassistent",
    )
    assert assistant.source_occupation_group == "5312"
    # Inferred within the ad's group: every guess is one of its occupations, and they sum to one.
    guesses = [(g["id"], g["p"]) for g in assistant.occupation_guesses]
    assert guesses and {taxonomy.ssyk4_of(oid) for oid, _ in guesses} == {"5312"}
    assert abs(sum(p for _, p in guesses) - 1.0) < 1e-6  # the group has four occupations, all listed
    profile = to_vacancy_profile(assistant, None)
    assert profile.occupation_group == "5312" and profile.occupation_id is None

    # An id the taxonomy no longer knows (kept from before an update) is ranked as if none were set.
    cleaner = rows["30000001"]
    cleaner.occupation_id = "Gone_Id_999"
    vanished = to_vacancy_profile(cleaner, None)
    assert vanished.occupation_id is None and vanished.occupation_group == "9111"

    for ref, source_id in (("30000004", "Nyx1_Bvk_003"), ("30000005", "Nyx1_Dck_004")):
        row = rows[ref]
        assert row.occupation_id is None and row.source_occupation_group is None
        assert row.source_occupation_id == source_id
        assert row.occupation_guesses  # ranked on what the text says, as an ad without an id would be


def test_the_api_says_how_the_occupations_were_placed(client: TestClient, world: World) -> None:
    import json

    ads = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    response = client.post(
        f"/contracts/{world.contract.id}/jobsearch-ads", json=ads, headers=world.headers["supplier"]
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["created"] == 5
    assert body["occupations"] == {"known": 1, "label": 1, "group": 1, "text": 2}
    shown = client.get(f"/vacancies/{body['vacancy_ids'][2]}", headers=world.headers["supplier"]).json()
    assert shown["occupation_id"] is None
    assert (shown["source_occupation_label"], shown["source_occupation_group"]) == (
        "Pedagogassistent",
        "5312",
    )
