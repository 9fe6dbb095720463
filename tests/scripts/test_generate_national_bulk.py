"""scripts/generate_national.py --load --bulk writes what the import code writes, on SQLite and PostgreSQL.

The synthetic national set at a small fraction is loaded once through the import code and once through
the bulk loader (``service.imports.bulk``); every table the import writes is compared row by row, ids
replaced by the refs they point at (ids, creation times and audit times legitimately differ). A second
bulk load of the same files is compared with a second load through the import code (an upsert: same
rows, one more audit event per batch), and a bad file is refused before anything is written.
"""

import json
import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import SQLModel

from service.platform.db import make_engine
from service.platform.errors import BadInput
from tests.conftest import _truncate_all

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import generate_national as GN

FRACTION = 0.002  # 600 seekers, 60 placements
BATCH = 250  # several batches per file, so that batch boundaries are crossed

# Every table the import writes, parents first (a row's foreign keys name rows of earlier tables).
TABLES = (
    "organisation",
    "contract",
    "employmentrequirement",
    "vacancy",
    "jobseeker",
    "seekeridentity",
    "eligibility",
    "seekerduplicate",
    "auditevent",
)
# Values that differ between two faithful loads: database ids and the clock.
VOLATILE = {"id", "created_at", "updated_at", "at"}


def snapshot(engine: Engine) -> dict[str, list[str]]:
    """Each table's rows, ids replaced by the natural key of the row they name, sorted."""
    keys: dict[str, dict[int, Any]] = {}
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for name in TABLES:
            table = SQLModel.metadata.tables[name]
            rows = [dict(r._mapping) for r in conn.execute(select(table))]
            fks = {
                c.name: next(iter(c.foreign_keys)).column.table.name for c in table.columns if c.foreign_keys
            }
            natural: dict[int, Any] = {}
            dumped = []
            for row in rows:
                body = {k: v for k, v in row.items() if k not in VOLATILE}
                for column, target in fks.items():
                    if body[column] is not None:
                        body[column] = keys[target][body[column]]
                if name == "jobseeker":
                    natural[row["id"]] = (body["matching_actor_id"], body["ref"])
                elif "ref" in body:
                    natural[row["id"]] = body["ref"]
                dumped.append(json.dumps(body, sort_keys=True, default=str, ensure_ascii=False))
            keys[name] = natural
            out[name] = sorted(dumped)
    return out


def _assert_same(a: dict[str, list[str]], b: dict[str, list[str]]) -> None:
    for name in TABLES:
        assert len(a[name]) == len(b[name]), name
        for x, y in zip(a[name], b[name], strict=True):
            assert x == y, name


def _with_personnummer(path: Path) -> None:
    """Give every third person a (fictional, valid) personnummer: the generator leaves them out, and the
    duplicate check reads birth dates and years from them."""
    from fixtures.common import luhn_digit

    lines = path.read_text(encoding="utf-8").splitlines()
    for i in range(0, len(lines), 3):
        record = json.loads(lines[i])
        born = date(1980 + i % 5, 1 + i % 12, 1 + i % 3)
        digits = f"{born:%y%m%d}{i % 1000:03d}"
        record["identity"]["personal_number"] = f"{born:%Y%m%d}-{digits[6:]}{luhn_digit(digits)}"
        lines[i] = json.dumps(record, ensure_ascii=False, sort_keys=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The set with everybody in one pool (the most comparisons), a third of them with a personnummer."""
    out = tmp_path_factory.mktemp("national") / "data"
    GN.generate(GN.Options(fraction=FRACTION, af_share=1.0), out)
    _with_personnummer(out / "seekers.jsonl")
    return out


@pytest.fixture(scope="module")
def by_import(files: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The import code's database after one load and after a second load of the same files."""
    url = f"sqlite:///{tmp_path_factory.mktemp('import') / 'import.db'}"
    GN.load(files, url, batch=BATCH)
    engine = make_engine(url)
    once = snapshot(engine)
    GN.load(files, url, batch=BATCH)
    twice = snapshot(engine)
    engine.dispose()
    yield {"once": once, "twice": twice}


def _bulk_twice(files: Path, url: str, workers: int) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    created = GN.load(files, url, batch=BATCH, bulk=True, workers=workers)
    assert created["seeker"] == 600 and created["vacancy"] == 60
    engine = make_engine(url)
    once = snapshot(engine)
    again = GN.load(files, url, batch=BATCH, bulk=True, workers=workers)
    assert again["seeker"] == 0 and again["vacancy"] == 0  # everything upserted, nothing new
    twice = snapshot(engine)
    engine.dispose()
    return once, twice


def test_the_synthetic_set_has_probable_duplicates_to_compare(by_import: dict[str, Any]) -> None:
    # Without flags the duplicate check's equivalence would go untested.
    assert len(by_import["once"]["seekerduplicate"]) >= 5
    assert len(by_import["once"]["eligibility"]) > len(by_import["once"]["jobseeker"]) // 2


def test_bulk_on_sqlite_with_workers_writes_what_the_import_writes(
    files: Path, by_import: dict[str, Any], tmp_path: Path
) -> None:
    once, twice = _bulk_twice(files, f"sqlite:///{tmp_path / 'bulk.db'}", workers=2)
    _assert_same(once, by_import["once"])
    _assert_same(twice, by_import["twice"])


@pytest.fixture
def pg_url(pg_database_url: str) -> Iterator[str]:
    """The session's PostgreSQL database, emptied afterwards for the tests that expect it empty."""
    yield pg_database_url
    engine = make_engine(pg_database_url)
    _truncate_all(engine)
    engine.dispose()


@pytest.mark.postgres
def test_bulk_on_postgresql_writes_what_the_import_writes(
    files: Path, by_import: dict[str, Any], pg_url: str
) -> None:
    once, twice = _bulk_twice(files, pg_url, workers=0)  # all in one process
    _assert_same(once, by_import["once"])
    _assert_same(twice, by_import["twice"])


def test_a_bad_line_is_refused_before_anything_is_written(files: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(files, data)
    lines = (data / "seekers.jsonl").read_text(encoding="utf-8").splitlines()
    lines[-1] = lines[-1].replace('"matching_actor_ref": "', '"matching_actor_ref": 7, "x": "')
    (data / "seekers.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    with pytest.raises(BadInput, match="line 600"):
        GN.load(data, url, batch=BATCH, bulk=True)
    engine = make_engine(url)
    assert snapshot(engine)["jobseeker"] == []  # the file is validated whole before its first write
    engine.dispose()
