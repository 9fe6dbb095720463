"""``matcher rank``: file in, file out, no database."""

import json
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app

FIXTURES = Path(__file__).resolve().parents[3] / "data" / "fixtures"


def test_rank_files_writes_one_ranked_line_per_vacancy(tmp_path: Path) -> None:
    vacancies = tmp_path / "v.jsonl"
    lines = (FIXTURES / "vacancies.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    vacancies.write_text("\n".join(lines + (FIXTURES / "contracts.jsonl").read_text().splitlines()), "utf-8")
    seekers = tmp_path / "s.jsonl"
    seekers.write_text(
        "\n".join((FIXTURES / "seekers.jsonl").read_text(encoding="utf-8").splitlines()[:60]), "utf-8"
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app,
        ["rank", "--vacancies", str(vacancies), "--seekers", str(seekers), "--out", str(out), "--top", "5"],
    )
    assert result.exit_code == 0, result.output
    ranked = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["vacancy_id"] for r in ranked] == [json.loads(v)["ref"] for v in lines]
    for r in ranked:
        scores = [s["score"] for s in r["seekers"]]
        assert scores == sorted(scores, reverse=True) and len(scores) <= 5
        for s in r["seekers"]:
            total = s["intercept"] + sum(c["contribution"] for c in s["contributions"])
            assert abs(total - s["score"]) < 1e-5
            assert 2 <= len(s["reasons"]) <= 5 and all(x["sv"] and x["en"] for x in s["reasons"])


def test_rank_with_a_bad_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "vacancy", "ref": "v1"}\n', encoding="utf-8")
    result = CliRunner().invoke(
        app, ["rank", "--vacancies", str(bad), "--seekers", str(bad), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "line 1" in result.output
