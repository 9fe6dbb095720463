"""The synthetic national set (CI-sized): deterministic for a seed, and the one-box re-rank over it writes the
same lists when run twice, and when killed mid-run and resumed."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from service.jobs.progress import Silent
from service.jobs.rerank import rerank
from service.platform.config import REPO_ROOT
from tests.service.jobs.test_rerank import ready_lists

sys.path.insert(0, str(REPO_ROOT / "scripts"))

from generate_national import Country, Options, generate, load

SMALL = Options(seed=7, fraction=0.0005, af_share=0.6)  # 150 seekers, 15 placements


def test_generator_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    a = generate(SMALL, tmp_path / "a")
    b = generate(SMALL, tmp_path / "b")
    other = generate(Options(seed=8, fraction=SMALL.fraction, af_share=SMALL.af_share), tmp_path / "c")
    assert a["sha256"] == b["sha256"]
    for name in ("seekers", "vacancies"):
        assert (tmp_path / "a" / f"{name}.jsonl").read_bytes() == (
            tmp_path / "b" / f"{name}.jsonl"
        ).read_bytes()
        assert other["sha256"][name] != a["sha256"][name]
    assert a["counts"]["seekers"] == 150 and a["counts"]["vacancies"] == 15


def test_national_set_covers_the_country(tmp_path: Path) -> None:
    country = Country.load()
    assert len(country.codes) == 290
    # Population weights: Stockholm outweighs a small inland municipality by far.
    weight = dict(zip(country.codes, country.weights, strict=True))
    assert weight["0180"] > 100 * weight["2303"]
    manifest = generate(Options(seed=1, fraction=0.01), tmp_path)
    seekers = [json.loads(x) for x in (tmp_path / "seekers.jsonl").read_text(encoding="utf-8").splitlines()]
    vacancies = [
        json.loads(x) for x in (tmp_path / "vacancies.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert {s["municipality_code"] for s in seekers} <= set(country.codes)
    assert len({s["municipality_code"] for s in seekers}) > 150  # 3,000 seekers reach most of the country
    assert all(v["status"] == "open" for v in vacancies)
    actors = manifest["pools"]["by_actor"]
    assert 0.25 < actors["af"]["seekers"] / len(seekers) < 0.35  # the default Arbetsförmedlingen share
    assert any(a.startswith("lan-") for a in actors) and any(a.startswith("ame-") for a in actors)
    assert all("personal_number" not in s["identity"] for s in seekers)


@pytest.fixture(scope="module")
def national_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("national")
    generate(SMALL, work / "data")
    path = work / "template.db"
    created = load(work / "data", f"sqlite:///{path}", batch=50)
    assert created["seeker"] == 150 and created["vacancy"] == 15
    return path


def _copy(template: Path, to: Path) -> str:
    shutil.copy(template, to)
    return f"sqlite:///{to}"


def test_rerank_twice_writes_the_same_lists(national_db: Path, tmp_path: Path) -> None:
    url = _copy(national_db, tmp_path / "run.db")
    first = rerank(url, progress=Silent())
    assert first.status == "done" and first.counts["written"] == 15
    lists = ready_lists(url)
    assert len(lists) == 15 and any(lists.values())
    second = rerank(url, progress=Silent())
    assert second.counts["written"] == 0 and second.counts["kept"] == 15
    assert ready_lists(url) == lists
    # The cost model's figures are recorded with the run.
    assert first.metrics["cost_ms"]["write_ms"] > 0 and first.metrics["peak_rss_mib"] > 0
    assert sum(a["vacancies"] for a in first.metrics["actors"]) == 15


def test_rerank_killed_and_resumed_equals_an_undisturbed_run(national_db: Path, tmp_path: Path) -> None:
    undisturbed = _copy(national_db, tmp_path / "undisturbed.db")
    rerank(undisturbed, progress=Silent())
    url = _copy(national_db, tmp_path / "killed.db")
    env = {**os.environ, "MATCHER_RERANK_KILL_AT": "written:4", "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "service.jobs.rerank", "--database-url", url, "--progress", "none"]
    killed = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9, killed.stderr[-2000:]
    partial = ready_lists(url)
    assert 0 < len(partial) < 15
    resumed = rerank(url, progress=Silent())
    assert resumed.status == "done" and resumed.counts["written"] == 15 - len(partial)
    assert ready_lists(url) == ready_lists(undisturbed)
