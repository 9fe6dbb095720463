"""``matcher import --bulk``: the rows of a plain import, batch by batch; bad input exits 2 and says what
was written; importing the corrected file again goes on where it stopped."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from typer.testing import CliRunner

from service.platform.migrate import upgrade
from tests.scripts.test_generate_national_bulk import snapshot
from tests.service.imports import test_imports

GOOD = cast(list[dict[str, Any]], test_imports.GOOD)

PEOPLE: list[dict[str, Any]] = [
    {
        "type": "seeker",
        "ref": f"p{i}",
        "matching_actor_ref": "ame",
        "municipality_code": "1281",
        "profile_text": f"Jag har jobbat som lokalvårdare i {i} år.",
        "identity": identity,
        "eligibility": [{"target_group": "newcomer", "evidence": "Etableringsplan"}] if i % 2 else [],
    }
    for i, identity in enumerate(
        [
            {"full_name": "Amina Hassan", "phone": "070-111 22 33"},
            {"full_name": "Amina Hasan"},  # a similar name in the same municipality: a probable duplicate
            {"full_name": "Amira Hassan", "phone": "0701112233"},  # the same phone, a similar name
            {"full_name": "Jonas Berg", "personal_number": "19850312-9812"},
            {"full_name": "Jonas Berg", "personal_number": "198503129820"},  # same name and birth date
            {"full_name": "Lena Holm", "email": "lena@example.com"},
        ]
    )
]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def databases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    from service.platform.config import get_settings
    from service.platform.db import get_engine

    urls = {name: f"sqlite:///{tmp_path / name}.db" for name in ("plain", "bulk")}
    for url in urls.values():
        upgrade(url)
    yield urls
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def _import(monkeypatch: pytest.MonkeyPatch, url: str, *args: str) -> Any:
    from service.cli import app
    from service.platform.config import get_settings
    from service.platform.db import get_engine

    get_engine().dispose()
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    return CliRunner().invoke(app, ["import", *args])


def _snapshot(url: str) -> dict[str, list[str]]:
    from service.platform.db import make_engine

    engine = make_engine(url)
    try:
        found = snapshot(engine)
    finally:
        engine.dispose()
    # One audit event per transaction: the plain import writes one, the bulk import one per batch.
    found.pop("auditevent")
    return found


def test_bulk_import_writes_the_rows_of_a_plain_import(
    databases: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _write(tmp_path / "people.jsonl", [*GOOD, *PEOPLE])
    assert _import(monkeypatch, databases["plain"], str(good)).exit_code == 0
    result = _import(monkeypatch, databases["bulk"], str(good), "--bulk", "--batch", "2")
    assert result.exit_code == 0, result.output
    assert "seeker 7 new/0 updated" in result.output
    plain = _snapshot(databases["plain"])
    assert len(plain["seekerduplicate"]) >= 3  # every kind of flag is compared below
    assert _snapshot(databases["bulk"]) == plain
    # Again: every row upserted, the same content as a plain import run twice.
    assert _import(monkeypatch, databases["plain"], str(good)).exit_code == 0
    again = _import(monkeypatch, databases["bulk"], str(good), "--bulk", "--batch", "4")
    assert again.exit_code == 0 and "seeker 0 new/7 updated" in again.output
    assert _snapshot(databases["bulk"]) == _snapshot(databases["plain"])


def test_a_bad_line_exits_2_before_anything_is_written(
    databases: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _write(tmp_path / "bad.jsonl", [*GOOD, *PEOPLE[:3], {**PEOPLE[3], "max_commute_km": -4}])
    result = _import(monkeypatch, databases["bulk"], str(bad), "--bulk", "--batch", "2")
    assert result.exit_code == 2
    assert "line 10" in result.output and "max_commute_km" in result.output
    assert "Traceback" not in result.output
    assert all(rows == [] for rows in _snapshot(databases["bulk"]).values())
    jobsearch = _import(monkeypatch, databases["bulk"], str(bad), "--bulk", "--format", "jobsearch")
    assert jobsearch.exit_code == 2 and "jsonl format only" in jobsearch.output


def test_a_refused_batch_is_rolled_back_and_a_rerun_goes_on(
    databases: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same personnummer twice for one actor (lines 10 and 11): refused as a plain import refuses it, in
    # the third batch of seekers; the two batches before it stay, and the message says so.
    twin = {**PEOPLE[5], "identity": {"full_name": "Jon Bergh", "personal_number": "19850312-9812"}}
    path = _write(tmp_path / "twin.jsonl", [*GOOD, *PEOPLE[:4], twin, PEOPLE[4]])
    result = _import(monkeypatch, databases["bulk"], str(path), "--bulk", "--batch", "2")
    assert result.exit_code == 2
    assert "the same personnummer as job seeker" in result.output and "line 11" in result.output
    assert "This batch of 2 records was not imported" in result.output
    written = _snapshot(databases["bulk"])
    assert len(written["jobseeker"]) == 4  # the first two batches: GOOD's person and three of PEOPLE
    fixed = _write(tmp_path / "fixed.jsonl", [*GOOD, *PEOPLE])
    assert _import(monkeypatch, databases["bulk"], str(fixed), "--bulk", "--batch", "2").exit_code == 0
    assert _import(monkeypatch, databases["plain"], str(path)).exit_code == 2  # the plain import agrees
    assert _import(monkeypatch, databases["plain"], str(fixed)).exit_code == 0
    bulk, plain = _snapshot(databases["bulk"]), _snapshot(databases["plain"])
    assert bulk["jobseeker"] == plain["jobseeker"] and bulk["seekeridentity"] == plain["seekeridentity"]
