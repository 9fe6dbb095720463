"""Fairness monitoring on a hand-checked population, the auditor-only endpoint, and the engine's isolation
from the monitoring table."""

import ast
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from models import AuditEvent, JobSeeker, MonitoringAttributes, Placement, Proposal, Shortlist, ShortlistEntry
from models.base import pk
from models.enums import OrganisationKind, Role
from service.reporting.fairness import FairnessReport, fairness_report, group_rates
from tests import factories as f
from tests.service.reporting_fixtures import app_url_fixture, auth, client_fixture  # noqa: F401

REPO = Path(__file__).resolve().parents[3]
PERIOD = (date(2026, 1, 1), date(2026, 12, 31))


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 12, tzinfo=UTC)


def test_group_rates_impact_ratio_and_small_groups() -> None:
    labels = ["a"] * 20 + ["b"] * 20 + ["c"] * 5 + [None] * 3
    chosen = [True] * 10 + [False] * 10 + [True] * 4 + [False] * 16 + [True] * 5 + [True, False, False]
    groups, unknown_n, unknown_sel = group_rates(labels, chosen, rng=np.random.default_rng(0), samples=500)
    by = {g.group: g for g in groups}
    assert (unknown_n, unknown_sel) == (3, 1)
    # c is selected most (5/5) but is too small to be the reference; a (0.5) is.
    assert by["c"].small and by["c"].rate == 1.0 and not by["c"].reference
    assert by["a"].reference and by["a"].impact_ratio == 1.0
    assert (by["b"].rate, by["b"].impact_ratio, by["b"].below_four_fifths) == (0.2, 0.4, True)
    assert by["c"].impact_ratio == 2.0 and by["c"].below_four_fifths is None  # too small to be flagged
    for g in groups:
        assert g.ci_low <= g.rate <= g.ci_high
    assert by["b"].ratio_ci_low is not None and by["b"].ratio_ci_low < 0.4 < (by["b"].ratio_ci_high or 0)


def _population(session: Session) -> dict[str, list[JobSeeker]]:
    actor = f.organisation(session, OrganisationKind.MATCHING_ACTOR)
    pop: dict[str, list[JobSeeker]] = {}
    for key, sex, abroad, n in [
        ("F_abroad", "female", True, 15),
        ("F_se", "female", False, 15),
        ("M_abroad", "male", True, 15),
        ("M_se", "male", False, 15),
        ("unknown_sex", None, None, 5),
        ("no_row", None, None, 5),
    ]:
        pop[key] = [f.seeker(session, actor) for _ in range(n)]
        if key != "no_row":
            for s in pop[key]:
                age = "30-49" if sex else None
                session.add(MonitoringAttributes(seeker_id=pk(s), sex=sex, age_band=age, born_abroad=abroad))
    withdrawn = f.seeker(session, actor)
    withdrawn.consent = "withdrawn"  # not in the population
    session.add(withdrawn)
    return pop


def _shortlist(
    session: Session,
    vacancy_id: int,
    status: str,
    day: datetime,
    seekers: list[JobSeeker],
    source: str = "engine",
) -> None:
    sl = Shortlist(
        vacancy_id=vacancy_id, status=status, model_version="m", config_hash="", input_hash="", created_at=day
    )
    session.add(sl)
    session.flush()
    for rank, s in enumerate(seekers, start=1):
        session.add(ShortlistEntry(shortlist_id=pk(sl), seeker_id=pk(s), rank=rank, score=1.0, source=source))


def fairness_world(session: Session) -> None:
    """Shortlisted (top 10, engine, READY/SUPERSEDED, in 2026): 6 of 30 women, 12 of 30 men, 2 of unknown sex.
    Proposed in 2026: 3 women, 3 men. Hired: one man (proposal), one woman (placement)."""
    p = _population(session)
    authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
    supplier = f.organisation(session, OrganisationKind.SUPPLIER)
    actor = f.organisation(session, OrganisationKind.MATCHING_ACTOR)
    contract = f.contract(session, authority, supplier, actor)
    v = pk(f.vacancy(session, contract))
    fa, fs, ma, ms, un = p["F_abroad"], p["F_se"], p["M_abroad"], p["M_se"], p["unknown_sex"]
    _shortlist(session, v, "ready", at(2026, 3, 1), ma[0:3] + ms[0:3] + fa[0:2] + fs[0:2] + fa[10:13])
    _shortlist(session, v, "superseded", at(2026, 5, 1), ma[3:6] + ms[3:6] + fa[2:4] + un[0:2])
    # None of these count: still building, before the period, manual additions.
    _shortlist(session, v, "building", at(2026, 6, 1), fs[5:15])
    _shortlist(session, v, "superseded", at(2025, 6, 1), fs[5:15])
    _shortlist(session, v, "superseded", at(2026, 6, 1), fa[5:8], source="manual")
    staff = f.user(session, actor, Role.STAFF)
    for s, day, status in [
        (fa[0], at(2026, 4, 1), "sent"),
        (fs[0], at(2026, 4, 1), "not_hired"),
        (fs[1], at(2026, 4, 2), "sent"),
        (ma[0], at(2026, 4, 1), "hired"),
        (ma[1], at(2026, 4, 1), "sent"),
        (ma[2], at(2026, 4, 3), "sent"),
        (fa[1], at(2025, 12, 1), "hired"),  # before the period
    ]:
        session.add(
            Proposal(seeker_id=pk(s), vacancy_id=v, proposed_by=pk(staff), status=status, created_at=day)
        )
    session.add(
        Placement(
            seeker_id=pk(fs[0]),
            vacancy_id=v,
            contract_id=pk(contract),
            kind="employment",
            start_date=date(2026, 6, 1),
        )
    )
    session.flush()


def _rates(
    report: FairnessReport, stage: str, attribute: str
) -> dict[str, tuple[int, int, float, float | None, bool | None, bool]]:
    st = next(s for s in report.stages if s.stage == stage)
    attr = next(a for a in st.attributes if a.attribute == attribute)
    return {
        g.group: (g.n, g.selected, g.rate, g.impact_ratio, g.below_four_fifths, g.small) for g in attr.groups
    }


def test_fairness_figures_on_a_hand_checked_population(engine: Engine) -> None:
    with Session(engine) as session:
        fairness_world(session)
        report = fairness_report(session, *PERIOD, samples=1000)
        again = fairness_report(session, *PERIOD, samples=1000)
    assert report.population == 70  # the withdrawn seeker is left out
    assert report == again  # fixed seed: the bootstrap is reproducible
    assert _rates(report, "shortlisted", "sex") == {
        "female": (30, 6, 0.2, 0.5, True, False),
        "male": (30, 12, 0.4, 1.0, False, False),
    }
    assert _rates(report, "shortlisted", "born_abroad") == {
        "born_abroad": (30, 10, 0.3333, 1.0, False, False),
        "born_in_sweden": (30, 8, 0.2667, 0.8, False, False),  # exactly four fifths: not flagged
    }
    shortlisted = next(s for s in report.stages if s.stage == "shortlisted")
    sex = next(a for a in shortlisted.attributes if a.attribute == "sex")
    assert (sex.unknown_n, sex.unknown_selected) == (10, 2)
    assert shortlisted.selected == 20
    cross = _rates(report, "shortlisted", "sex×born_abroad")
    # Under 20: below four fifths, but too small to be flagged (as the page shows it).
    assert cross["female & born_abroad"] == (15, 4, 0.2667, pytest.approx(0.6667, abs=1e-4), None, True)
    assert cross["female & born_in_sweden"][1:4] == (2, 0.1333, pytest.approx(0.3333, abs=1e-4))
    assert all(v[5] for v in cross.values())  # every intersection here is under 20: marked small
    assert _rates(report, "proposed", "sex") == {
        "female": (30, 3, 0.1, 1.0, False, False),
        "male": (30, 3, 0.1, 1.0, False, False),
    }
    assert {g: v[1] for g, v in _rates(report, "hired", "sex").items()} == {"female": 1, "male": 1}
    female = next(g for g in sex.groups if g.group == "female")
    # Wilson's 95 % interval of 6/30 (z = 1.96, worked by hand): 0.0951 … 0.3731.
    assert (female.ci_low, female.ci_high) == (0.0951, 0.3731)


def test_fairness_endpoint_is_for_auditors_only(client: TestClient) -> None:
    from service.platform.db import get_engine

    with Session(get_engine()) as session:
        fairness_world(session)
        session.commit()
        org = f.organisation(session, OrganisationKind.MATCHING_ACTOR)
        auditor, staff, admin = (auth(session, org, r) for r in (Role.AUDITOR, Role.STAFF, Role.ADMIN))
    q = {"from": "2026-01-01", "to": "2026-12-31"}
    response = client.get("/reports/fairness", params=q, headers=auditor)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.json()["population"] == 70
    assert client.get("/reports/fairness", params=q, headers=staff).status_code == 403
    assert client.get("/reports/fairness", params=q, headers=admin).status_code == 403
    assert (
        client.get(
            "/reports/fairness", params={"from": "2026-12-31", "to": "2026-01-01"}, headers=auditor
        ).status_code
        == 422
    )
    with Session(get_engine()) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "fairness.read")).all()
    assert len(events) == 1 and events[0].detail == {"from": "2026-01-01", "to": "2026-12-31"}


# -- the engine has no code path to the monitoring table ---------------------------------------------
FORBIDDEN_IN_MATCHER = ("models", "service", "sqlalchemy", "sqlmodel", "fastapi", "psycopg", "alembic")
ENGINE_ENTRY_POINTS = (
    "service/engine/translate.py",
    "service/engine/pools.py",
    "service/engine/enrichment.py",
)


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):  # every import, also those inside functions
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _mentions_monitoring(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "MonitoringAttributes":
            return True
        if isinstance(node, ast.Attribute) and node.attr == "MonitoringAttributes":
            return True
        if isinstance(node, ast.alias) and node.name.split(".")[-1] == "MonitoringAttributes":
            return True
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and "monitoringattributes" in node.value.lower()
        ):
            return True
    return False


def test_matcher_imports_no_database_or_service_code() -> None:
    files = sorted((REPO / "matcher").rglob("*.py"))
    assert len(files) > 5
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad = {m for m in _imports(tree) if m.split(".")[0] in FORBIDDEN_IN_MATCHER}
        assert not bad, f"{path.relative_to(REPO)} imports {sorted(bad)}"
        assert not _mentions_monitoring(tree), path


def _module_file(name: str) -> Path | None:
    base = REPO / Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def test_no_engine_module_reaches_the_monitoring_table() -> None:
    """Walk every service/matcher module reachable by import from the engine's entry points (the models
    package, which only declares tables, is not followed) and require that none names MonitoringAttributes."""
    start = [REPO / p for p in ENGINE_ENTRY_POINTS if (REPO / p).exists()]
    assert REPO / "service/engine/translate.py" in start
    seen: set[Path] = set()
    todo = list(start)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not _mentions_monitoring(tree), f"{path.relative_to(REPO)} refers to MonitoringAttributes"
        for name in _imports(tree):
            if name.split(".")[0] in ("service", "matcher"):
                found = _module_file(name)
                if found is not None and found not in seen:
                    todo.append(found)
    assert any("matcher" in p.parts for p in seen)  # the walk did reach the engine library
    # The check itself can fail: this very module (the auditor's reporting) does name the table.
    assert _mentions_monitoring(
        ast.parse((REPO / "service/reporting/fairness.py").read_text(encoding="utf-8"))
    )
