"""Contract follow-up, outcomes and the socio-economic estimate on the hand-checked small world.

Every expected figure is worked out by hand from the world described in reporting_fixtures.
"""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from models import AuditEvent
from models.enums import Role
from service.reporting.followup import contract_followup, to_csv
from service.reporting.outcomes import outcome_report
from service.reporting.scope import SYSTEM, months_between, visible_contracts
from service.reporting.socioeconomic import Parameter, Parameters, load_parameters, socioeconomic_estimate
from tests.service.reporting_fixtures import app_url_fixture, auth, client_fixture, small_world  # noqa: F401

JUNE_30 = date(2026, 6, 30)


def test_months_between_counts_calendar_months_exactly() -> None:
    assert months_between(date(2026, 1, 1), date(2026, 7, 1)) == 6.0
    assert months_between(date(2026, 1, 15), date(2027, 1, 15)) == 12.0
    assert months_between(date(2026, 7, 1), date(2026, 1, 1)) == 0.0
    assert months_between(date(2026, 2, 1), date(2026, 2, 16)) == pytest.approx(15 / 30.436875)


def test_contract_followup_figures(engine: Engine) -> None:
    with Session(engine) as session:
        w = small_world(session)
        pairs = {c.id: r for c, r in visible_contracts(session, SYSTEM)}
        c1 = contract_followup(session, w.c1, pairs[w.c1.id], JUNE_30)
        c2 = contract_followup(session, w.c2, pairs[w.c2.id], JUNE_30)
    # P1 newcomer 6.0 months + P2 youth 3 months at 50 % count; P3 (internship) and P4 (no group) do not.
    assert (c1.placements_total, c1.placements, c1.fte_months) == (4, 2, 7.5)
    assert {k: (t.placements, t.fte_months) for k, t in c1.by_kind.items()} == {
        "employment": (3, 8.5),
        "internship": (1, 2.0),
    }
    assert {k: (t.placements, t.fte_months) for k, t in c1.by_target_group.items()} == {
        "newcomer": (2, 8.0),
        "unknown": (1, 1.0),
        "youth": (1, 1.5),
    }
    # 6 of 24 months gone: 2 placements → 8 forecast (8/4 = 2.0), 7.5 FTE months → 30 (30/24 = 1.25).
    assert (c1.months_elapsed, c1.months_left) == (6.0, 18.0)
    assert (c1.forecast_placements, c1.forecast_fte_months, c1.forecast_fulfilment) == (8.0, 30.0, 1.25)
    assert c1.status == "on_track"
    assert (c1.proposals, c1.proposals_with_feedback, c1.feedback_rate) == (3, 2, 0.6667)
    # C2: 1 placement in 6 of 12 months → 2 of 10 committed = 0.2 < 0.75.
    assert (c2.placements, c2.fte_months, c2.forecast_placements, c2.forecast_fulfilment) == (
        1,
        4.0,
        2.0,
        0.2,
    )
    assert c2.status == "at_risk"
    assert c2.feedback_rate is None


def test_followup_after_contract_end_forecasts_what_was_done(engine: Engine) -> None:
    with Session(engine) as session:
        w = small_world(session)
        pairs = {c.id: r for c, r in visible_contracts(session, SYSTEM)}
        before = contract_followup(session, w.c2, pairs[w.c2.id], date(2025, 12, 1))
        after = contract_followup(session, w.c2, pairs[w.c2.id], date(2027, 3, 1))
    assert before.status == "not_started" and before.forecast_fulfilment is None
    assert (after.months_elapsed, after.months_left, after.fte_months) == (12.0, 0.0, 6.0)
    assert (after.forecast_placements, after.status) == (1.0, "at_risk")


def test_outcomes_figures(engine: Engine) -> None:
    with Session(engine) as session:
        w = small_world(session)
        ids = [w.c1.id, w.c2.id]
        report = outcome_report(session, ids, None, date(2027, 12, 31))  # type: ignore[arg-type]
        none_2025 = outcome_report(session, ids, 2025, date(2027, 12, 31))  # type: ignore[arg-type]
        early = outcome_report(session, ids, None, JUNE_30)  # type: ignore[arg-type]
    o = report.overall
    # Ended: P1, P3, P4, P5. At 6 months all four known, three working; at 12 P1 working, P5 not, P3 unknown.
    assert (o.placements, o.known_6, o.employed_or_studying_6, o.share_6, o.unknown_6) == (4, 4, 3, 0.75, 0)
    assert (o.known_12, o.employed_or_studying_12, o.share_12, o.unknown_12) == (2, 1, 0.5, 2)
    # On assistance before: P1, P4, P5; left for work: P1, P5; P5 was back on it at 12 months.
    assert (o.on_assistance_before, o.left_for_work, o.share_left_for_work) == (3, 2, 0.6667)
    assert (o.followed_12_after_leaving, o.no_return_12, o.share_no_return_12) == (2, 1, 0.5)
    groups = {r.key: (r.placements, r.share_6, r.share_12) for r in report.by_target_group}
    assert groups == {
        "long_term_unemployed": (1, 1.0, 0.0),
        "newcomer": (2, 1.0, 1.0),
        "unknown": (1, 0.0, None),
    }
    assert {r.label: r.placements for r in report.by_contract} == {"C1": 3, "C2": 1}
    assert [(r.label, r.placements) for r in report.by_supplier] == [("Leverantören AB", 4)]
    assert [(r.key, r.placements) for r in report.by_year] == [("2026", 4)]
    assert none_2025.overall.placements == 0 and none_2025.overall.share_6 is None
    assert early.overall.placements == 3  # P5 has not ended by the end of June


def _params() -> Parameters:
    base = load_parameters()

    def p(key: str, value: object) -> Parameter:
        return base.items[key].model_copy(update={"value": value})

    values = {
        "monthly_salary": 20000.0,
        "basic_deduction": 2000.0,
        "municipal_tax_rate": 0.2,
        "regional_tax_rate": 0.1,
        "employer_fee_rate": 0.3,
        "earned_income_tax_credit": 1000.0,
        "economic_assistance_per_month": 8000.0,
        "share_on_assistance": {"newcomer": 0.5, "other": 0.0},
        "benefit_days_per_month": 20.0,
        "state_benefit_per_day": {"newcomer": 100.0, "other": 0.0},
        "wage_subsidy_share": 0.0,
        "salaried_kinds": ["employment"],
    }
    return base.model_copy(update={"items": {k: p(k, v) for k, v in values.items()}})


def test_socioeconomic_estimate_figures(engine: Engine) -> None:
    with Session(engine) as session:
        w = small_world(session)
        est = socioeconomic_estimate(session, [w.c1.id, w.c2.id], 2026, date(2027, 1, 1), _params())  # type: ignore[list-item]
    # Salaried FTE months in 2026: P1 newcomer 6; P2 youth 9 × 0.5; P4 (other) 1; P5 LTU 6; P3 is a
    # (non-salaried) internship.
    assert est.fte_months == 17.5
    per_group = {g.target_group: (g.fte_months, g.per_fte_month) for g in est.by_target_group}
    # Newcomer month: tax base 18 000 → kommun 3 600 + assistance 4 000; region 1 800; state 6 000 fees
    # − 1 000 credit + 2 000 benefits; individual 20 000 − 5 400 + 1 000 − 4 000 − 2 000.
    assert per_group["newcomer"] == (
        6.0,
        {"municipality": 7600.0, "region": 1800.0, "state": 7000.0, "individual": 9600.0, "total": 26000.0},
    )
    assert per_group["youth"][1] == {
        "municipality": 3600.0,
        "region": 1800.0,
        "state": 5000.0,
        "individual": 15600.0,
        "total": 26000.0,
    }
    assert {g: v[0] for g, v in per_group.items()} == {
        "newcomer": 6.0,
        "youth": 4.5,
        "other": 1.0,
        "long_term_unemployed": 6.0,
    }
    assert est.totals == {
        "municipality": 87000.0,
        "region": 31500.0,
        "state": 99500.0,
        "individual": 237000.0,
        "total": 455000.0,
    }
    assert est.per_fte_month["total"] == 26000.0


def test_every_socioeconomic_parameter_names_its_source() -> None:
    params = load_parameters()
    assert {"monthly_salary", "employer_fee_rate", "economic_assistance_per_month"} <= set(params.items)
    for p in params.items.values():
        assert len(p.source) > 20 and p.unit, p.key
    assert params.items["monthly_salary"].assumption  # the salary is ours, not a published figure
    assert not params.items["employer_fee_rate"].assumption


def test_csv_has_one_line_per_contract(engine: Engine) -> None:
    with Session(engine) as session:
        w = small_world(session)
        rows = [contract_followup(session, c, r, JUNE_30) for c, r in visible_contracts(session, SYSTEM)]
    text = to_csv(rows)
    header, *lines = text.strip().splitlines()
    assert header.startswith("contract_id,ref,title") and "kind:internship" in header
    assert len(lines) == 2 and lines[0].split(",")[1] == w.c1.ref


def test_contract_reports_are_scoped_by_role(client: TestClient) -> None:
    from service.platform.db import get_engine

    with Session(get_engine()) as session:
        w = small_world(session)
        session.commit()
        officer_a = auth(session, w.authority_a, Role.PROCUREMENT_OFFICER)
        staff_2 = auth(session, w.actor_2, Role.STAFF)
        admin = auth(session, w.supplier, Role.ADMIN)
        supplier = auth(session, w.supplier, Role.SUPPLIER)
        c1, c2 = w.c1.id, w.c2.id
    q = {"as_of": "2026-06-30"}
    listed = client.get("/reports/contracts", params=q, headers=officer_a)
    assert listed.status_code == 200
    assert [i["ref"] for i in listed.json()["items"]] == ["C1"]
    assert listed.json()["items"][0]["forecast_fulfilment"] == 1.25
    assert [i["ref"] for i in client.get("/reports/contracts", headers=staff_2).json()["items"]] == ["C2"]
    assert client.get("/reports/contracts", headers=admin).json()["total"] == 2
    assert client.get(f"/reports/contracts/{c1}", params=q, headers=officer_a).json()["status"] == "on_track"
    assert client.get(f"/reports/contracts/{c2}", headers=officer_a).status_code == 404  # not 403: no leak
    assert client.get("/reports/contracts", headers=supplier).status_code == 403
    assert client.get("/reports/contracts").status_code == 401
    csv_response = client.get("/reports/contracts.csv", params=q, headers=admin)
    assert csv_response.status_code == 200 and csv_response.headers["content-type"].startswith("text/csv")
    assert len(csv_response.text.strip().splitlines()) == 3
    with Session(get_engine()) as session:
        exports = session.exec(select(AuditEvent).where(AuditEvent.action == "report.export")).all()
    assert len(exports) == 1


def test_outcome_and_socioeconomic_endpoints(client: TestClient) -> None:
    from service.platform.db import get_engine

    with Session(get_engine()) as session:
        w = small_world(session)
        session.commit()
        officer_a = auth(session, w.authority_a, Role.PROCUREMENT_OFFICER)
    outcomes = client.get(
        "/reports/outcomes", params={"year": 2026, "as_of": "2027-12-31"}, headers=officer_a
    )
    assert outcomes.status_code == 200
    assert outcomes.json()["overall"]["placements"] == 3  # C1 only: P1, P3, P4
    est = client.get(
        "/reports/socioeconomic", params={"year": 2026, "as_of": "2026-12-31"}, headers=officer_a
    )
    assert est.status_code == 200
    body = est.json()
    assert body["fte_months"] == 11.5  # C1: P1 6 + P2 4.5 + P4 1
    assert set(body["totals"]) == {"municipality", "region", "state", "individual", "total"}
    assert all(p["source"] for p in body["parameters"])
    assert client.get("/reports/socioeconomic", headers=officer_a).status_code == 422  # year is required
