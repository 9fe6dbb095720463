"""JSON Lines split on ``\\n`` only: U+2028, U+2029, U+0085 inside strings (as in real ads) stay text."""

import json
from pathlib import Path

from sqlmodel import Session, select
from typer.testing import CliRunner

from models import JobSeeker, Vacancy
from service.cli import app
from service.imports.service import jsonl_lines
from service.platform.db import get_engine
from tests.service.imports.test_imports import GOOD, cli_env

__all__ = ["cli_env"]

SEPARATORS = "Vi söker\u2028en lokalvårdare\u2029till skolor\u0085i Malmö."


def _with_separators() -> list[dict[str, object]]:
    records = [dict(r) for r in GOOD]
    records[4]["description"] = f"{SEPARATORS} B-körkort krävs."
    records[5]["profile_text"] = "Jag har städat\u2028skolor\u2029i fyra år.\u0085Har B-körkort."
    return records


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    # ensure_ascii=False writes the separators raw, as real exports do.
    path.write_text("\r\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


def test_lines_split_on_newline_only() -> None:
    text = '{"a": "x\u2028y"}\r\n{"b": "\u2029\u0085"}\n'
    assert jsonl_lines(text) == ['{"a": "x\u2028y"}', '{"b": "\u2029\u0085"}', ""]
    assert len(text.splitlines()) == 5  # what the reader used to do


def test_matcher_import_keeps_separators_inside_strings(cli_env: Path) -> None:
    path = _write(cli_env / "sep.jsonl", _with_separators())
    result = CliRunner().invoke(app, ["import", str(path)])
    assert result.exit_code == 0, result.output
    with Session(get_engine()) as session:
        assert session.exec(select(Vacancy)).one().description.startswith(SEPARATORS)
        assert "\u2028skolor\u2029" in session.exec(select(JobSeeker)).one().profile_text


def test_matcher_rank_reads_files_with_separators_inside_strings(tmp_path: Path) -> None:
    records = _with_separators()
    vacancies = _write(tmp_path / "v.jsonl", [r for r in records if r["type"] in ("contract", "vacancy")])
    seekers = _write(tmp_path / "s.jsonl", [r for r in records if r["type"] == "seeker"])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app,
        ["rank", "--vacancies", str(vacancies), "--seekers", str(seekers), "--out", str(out), "--top", "5"],
    )
    assert result.exit_code == 0, result.output
    (ranked,) = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    assert ranked["vacancy_id"] == "v1" and [s["seeker_id"] for s in ranked["seekers"]] == ["s1"]
