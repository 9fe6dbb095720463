"""Import/export of the JSON Lines format: all lines or none, clear errors, round trip."""

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, select
from typer.testing import CliRunner

from models import Contract, JobSeeker, Organisation, SeekerIdentity, Vacancy
from service.imports.service import export_records, import_records, parse_lines
from service.platform.errors import BadInput

ORG = {"type": "organisation", "kind": "supplier", "org_number": "212000-0142"}
GOOD = [
    {**ORG, "ref": "auth", "name": "Lunds kommun", "kind": "procuring_authority"},
    {**ORG, "ref": "sup", "name": "Städbolaget AB"},
    {**ORG, "ref": "ame", "name": "Arbetsmarknadsenheten", "kind": "matching_actor"},
    {
        "type": "contract",
        "ref": "c1",
        "title": "Lokalvård skolor",
        "procuring_org_ref": "auth",
        "supplier_ref": "sup",
        "start_date": "2026-01-01",
        "end_date": "2028-12-31",
        "requirement": {
            "target_groups": ["newcomer"],
            "placement_kinds": ["employment"],
            "committed_placements": 3,
            "matching_actor_ref": "ame",
        },
    },
    {
        "type": "vacancy",
        "ref": "v1",
        "contract_ref": "c1",
        "title": "Lokalvårdare",
        "description": "Städning av skolor. B-körkort krävs.",
        "licences_required": ["B"],
        "status": "open",
    },
    {
        "type": "seeker",
        "ref": "s1",
        "matching_actor_ref": "ame",
        "profile_text": "Jag har jobbat som städerska.",
        "identity": {"full_name": "Testa Testsson", "personal_number": "19900101-9801"},
        "eligibility": [{"target_group": "newcomer", "evidence": "Etableringsplan"}],
        "consent": "given",
    },
]


def _lines(records: list[dict[str, object]]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


def _counts(session: Session) -> dict[str, int]:
    return {
        t.name: session.exec(select(func.count()).select_from(t)).one()  # type: ignore[call-overload]
        for t in SQLModel.metadata.sorted_tables
    }


def test_import_then_export_round_trips(engine: Engine) -> None:
    with Session(engine) as session:
        report = import_records(session, parse_lines(_lines(GOOD)))
        session.commit()
        assert report.created == {"organisation": 3, "contract": 1, "vacancy": 1, "seeker": 1}
        vacancy = session.exec(select(Vacancy)).one()
        assert vacancy.content_hash and any(c["type"] == "occupation" for c in vacancy.enrichment)
        exported = list(export_records(session, with_identity=True))
    with Session(engine) as session:
        again = import_records(session, parse_lines(_lines(exported)))
        session.commit()
        assert again.created == dict.fromkeys(again.created, 0)  # upsert by ref: nothing duplicated
        assert session.exec(select(func.count()).select_from(JobSeeker)).one() == 1
        assert session.exec(select(SeekerIdentity)).one().full_name == "Testa Testsson"


@pytest.mark.parametrize(
    ("line_no", "bad", "field"),
    [
        (5, {**GOOD[4], "extent": "heltid"}, "extent"),
        (6, {**GOOD[5], "favourite_colour": "blue"}, "favourite_colour"),
        (4, {**GOOD[3], "end_date": "2020-01-01"}, "(line)"),
        (5, {**GOOD[4], "contract_ref": "nope"}, "contract_ref"),
    ],
)
def test_one_bad_line_changes_nothing_and_names_line_and_field(
    engine: Engine, line_no: int, bad: dict[str, object], field: str
) -> None:
    records = list(GOOD)
    records[line_no - 1] = bad
    with Session(engine) as session:
        before = _counts(session)
        with pytest.raises(BadInput) as info:
            import_records(session, parse_lines(_lines(records)))
        session.rollback()
        assert _counts(session) == before
    assert info.value.errors[0]["line"] == line_no
    assert info.value.errors[0]["field"] == field
    assert f"line {line_no}" in info.value.message


def test_invalid_json_is_reported_with_its_line() -> None:
    with pytest.raises(BadInput, match="line 2"):
        parse_lines([json.dumps(GOOD[0]), "{not json"])


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from service.platform.config import get_settings
    from service.platform.db import get_engine
    from service.platform.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    upgrade(url)
    yield tmp_path
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_cli_import_bad_file_exits_2_and_writes_nothing(cli_env: Path) -> None:
    from service.cli import app
    from service.platform.db import get_engine

    bad = cli_env / "bad.jsonl"
    bad.write_text("\n".join(_lines([*GOOD[:4], {**GOOD[4], "positions": -1}, GOOD[5]])), encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(bad)])
    assert result.exit_code == 2
    assert "line 5" in result.output and "positions" in result.output
    with Session(get_engine()) as session:
        assert session.exec(select(func.count()).select_from(Organisation)).one() == 0
    missing = CliRunner().invoke(app, ["import", str(cli_env / "missing.jsonl")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_cli_import_and_export(cli_env: Path) -> None:
    from service.cli import app

    good = cli_env / "good.jsonl"
    good.write_text("\n".join(_lines(GOOD)), encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(good)])
    assert result.exit_code == 0, result.output
    out = cli_env / "out.jsonl"
    assert CliRunner().invoke(app, ["export", "--out", str(out)]).exit_code == 0
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["type"] for r in exported].count("contract") == 1
    assert all("identity" not in r for r in exported)  # identity only on request
    assert {r["ref"] for r in exported} == {r["ref"] for r in GOOD}
    assert Contract.__tablename__ == "contract"
