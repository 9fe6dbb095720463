"""Imports that must refuse, cap and audit: CLI and API, on SQLite and PostgreSQL.

- a JSON Lines seeker record carrying another matching actor's seeker ref moves no one (exit 2);
- a file nested 200,000 deep is bad input (exit 2 with a message), not a traceback;
- one JobSearch request creates at most ``MAX_ADS_PER_REQUEST`` placements (413 above, nothing written);
- every JobSearch import, CLI or API, leaves an audit event with its created/updated/closed counts;
- the command line's import and export of people leave audit events too.
"""

import json
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select
from typer.testing import CliRunner

from models import AuditEvent, Eligibility, JobSeeker, Organisation, SeekerIdentity, Vacancy
from service.cli import app
from service.imports.endpoints import MAX_ADS_PER_REQUEST
from service.platform.db import get_engine
from tests.service.trust_fixtures import Trusted, trusted_fixture  # noqa: F401

DEEP = 200_000


def _cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def _write(path: Path, lines: list[Any]) -> Path:
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    return path


def _events(action: str) -> list[AuditEvent]:
    with Session(get_engine()) as session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
        return list(session.exec(query).all())


def _ads(*ids: str, **changes: Any) -> list[dict[str, Any]]:
    return [{"id": ad_id, "headline": "Lokalvårdare till skolor", **changes} for ad_id in ids]


def test_a_seeker_record_with_another_actors_ref_moves_no_one(trusted: Trusted, tmp_path: Path) -> None:
    seeded = trusted.seeded
    with Session(get_engine()) as session:
        person = session.get(JobSeeker, seeded.a.ids["seeker_id"])
        other_actor = session.get(Organisation, seeded.b.actor.id)
        assert person is not None and other_actor is not None
        ref, home, other_ref = person.ref, person.matching_actor_id, other_actor.ref
    record = {
        "type": "seeker", "ref": ref, "matching_actor_ref": other_ref, "profile_text": "Övertagen",
        "identity": {"full_name": "Någon Annan"},
    }  # fmt: skip
    result = _cli("import", str(_write(tmp_path / "move.jsonl", [record])))
    assert result.exit_code == 2, result.output
    assert "another matching actor" in result.output and "line 1" in result.output
    assert "Traceback" not in result.output
    with Session(get_engine()) as session:
        person = session.get(JobSeeker, seeded.a.ids["seeker_id"])
        assert person is not None and person.matching_actor_id == home and person.profile_text != "Övertagen"
        identity = session.exec(select(SeekerIdentity).where(SeekerIdentity.seeker_id == person.id)).one()
        assert identity.full_name == "Person A"
        assert session.exec(select(Eligibility).where(Eligibility.seeker_id == person.id)).all()
    # The person's own actor may still update them by import.
    with Session(get_engine()) as session:
        home_ref = session.get(Organisation, home)
        assert home_ref is not None
        own = {**record, "matching_actor_ref": home_ref.ref, "identity": None}
    assert _cli("import", str(_write(tmp_path / "own.jsonl", [own]))).exit_code == 0


def test_a_file_nested_200000_deep_is_bad_input_not_a_traceback(trusted: Trusted, tmp_path: Path) -> None:
    nested = tmp_path / "deep.json"
    nested.write_text("[" * DEEP + "]" * DEEP, encoding="utf-8")
    contract = trusted.seeded.a.contract.ref
    result = _cli("import", "--format", "jobsearch", str(nested), "--contract", contract)
    assert result.exit_code == 2, result.output
    assert "nested too deeply" in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an escaped RecursionError
    # One line of JSON Lines nested deeper than the parser's stack (and within the line length limit):
    # as an ad, and as a record of our own format.
    deep_line = '{"id": "1", "headline": "x", "more": ' + "[" * 50_000 + "]" * 50_000 + "}\n"
    lines = tmp_path / "deep.jsonl"
    lines.write_text(deep_line, encoding="utf-8")
    for args in (
        ("import", "--format", "jobsearch", str(lines), "--contract", contract),
        ("import", str(lines)),
    ):
        result = _cli(*args)
        assert result.exit_code == 2, result.output
        assert "line 1" in result.output and "nested too deeply" in result.output


def test_one_jobsearch_request_creates_a_bounded_number_of_placements(trusted: Trusted) -> None:
    client, seeded = trusted.client, trusted.seeded
    url = f"/contracts/{seeded.a.contract.id}/jobsearch-ads"
    too_many = _ads(*(str(800000 + n) for n in range(MAX_ADS_PER_REQUEST + 1)))
    response = client.post(url, json=too_many, headers=seeded.headers["supplier"])
    assert response.status_code == 413, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert str(MAX_ADS_PER_REQUEST) in response.json()["detail"]
    with Session(get_engine()) as session:
        assert not session.exec(select(Vacancy).where(col(Vacancy.ref).startswith("jobsearch-8"))).all()


def test_every_jobsearch_import_is_audited_with_its_counts(trusted: Trusted, tmp_path: Path) -> None:
    client, seeded = trusted.client, trusted.seeded
    contract = seeded.a.contract
    first = _write(tmp_path / "ads.jsonl", _ads("700001", "700002"))
    assert _cli("import", "--format", "jobsearch", str(first), "--contract", contract.ref).exit_code == 0
    stream = _write(tmp_path / "stream.jsonl", [*_ads("700001"), {"id": "700002", "removed": True}])
    assert _cli("import", "--format", "jobsearch", str(stream), "--contract", contract.ref).exit_code == 0
    response = client.post(
        f"/contracts/{contract.id}/jobsearch-ads", json=_ads("700003"), headers=seeded.headers["supplier"]
    )
    assert response.status_code == 200, response.text
    events = _events("jobsearch.import")
    assert [(e.object_id, e.detail["created"], e.detail["updated"], e.detail["closed"]) for e in events] == [
        (str(contract.id), 2, 0, 0),
        (str(contract.id), 0, 1, 1),
        (str(contract.id), 1, 0, 0),
    ]
    assert [e.actor_role for e in events[:2]] == ["system", "system"]  # the operator at the command line
    assert events[2].actor_user_id == seeded.users["supplier"].id


def test_the_command_line_import_and_export_of_people_are_audited(trusted: Trusted, tmp_path: Path) -> None:
    seeded = trusted.seeded
    with Session(get_engine()) as session:
        actor = session.get(Organisation, seeded.a.actor.id)
        assert actor is not None
        actor_ref = actor.ref
    record = {"type": "seeker", "ref": "cli-1", "matching_actor_ref": actor_ref, "profile_text": "Städ"}
    assert _cli("import", str(_write(tmp_path / "people.jsonl", [record]))).exit_code == 0
    [imported] = _events("import.records")
    assert imported.object_id == "people.jsonl" and imported.detail["seeker.new"] == 1
    out = tmp_path / "export.jsonl"
    assert _cli("export", "--out", str(out), "--with-identity").exit_code == 0
    [exported] = _events("export.records")
    assert exported.detail == {"records": len(out.read_text().splitlines()), "with_identity": True}
