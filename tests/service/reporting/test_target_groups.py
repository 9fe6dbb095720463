"""The target-group report on the hand-checked small world: the figures, the scope, the API's errors,
and the page's honesty at small n (no data is never drawn as 0 %)."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from models import Eligibility
from models.base import pk
from models.enums import Role
from service.platform.db import get_engine
from service.platform.errors import BadInput, NotFound
from service.platform.principal import Principal
from service.reporting.scope import SYSTEM
from service.reporting.target_groups import GroupFigures, TargetGroupReport, target_group_report
from tests.service.csrf_helpers import ui_headers
from tests.service.reporting_fixtures import (  # noqa: F401
    World,
    app_url_fixture,
    auth,
    client_fixture,
    small_world,
)

END = date(2026, 12, 31)


def _world_with_eligibility(session: Session) -> World:
    """small_world, and evidence of target groups: seeker 0 a newcomer; seeker 1 young until February
    (expired when proposed in March); seeker 2 long-term unemployed (verified) and a newcomer (not
    verified, so not counted); seeker 3 none."""
    world = small_world(session)
    s = world.seekers
    for seeker, group, verified, until in (
        (s[0], "newcomer", True, None),
        (s[1], "youth", True, date(2026, 2, 1)),
        (s[2], "long_term_unemployed", True, None),
        (s[2], "newcomer", False, None),
    ):
        session.add(
            Eligibility(
                seeker_id=pk(seeker),
                target_group=group,
                evidence="intyg",
                verified=verified,
                valid_until=until,
            )
        )
    session.flush()
    return world


def _group(report: TargetGroupReport, key: str) -> GroupFigures:
    return next(g for g in report.groups if g.group == key)


def test_the_figures_per_target_group_are_those_worked_out_by_hand(engine: Engine) -> None:
    with Session(engine) as session:
        _world_with_eligibility(session)
        report = target_group_report(session, SYSTEM, year=2026, as_of=END)
    newcomer, youth = _group(report, "newcomer"), _group(report, "youth")
    ltu, none = _group(report, "long_term_unemployed"), _group(report, "none")
    # Proposed (by verified evidence valid on the day): s0 newcomer, s1 expired -> none, s2 LTU, s3 none.
    assert (newcomer.proposed, youth.proposed, ltu.proposed, none.proposed) == (1, 0, 1, 2)
    # Hired (the placement's group): P1, P3 newcomer; P2 youth; P5 LTU; P4 none.
    assert (newcomer.hired, youth.hired, ltu.hired, none.hired) == (2, 1, 1, 1)
    # Newcomers at 6 months: P1 employed, P3 studying -> 1 of 2; at 12: P1 employed, P3 unknown -> 1 of 1.
    assert (newcomer.followed_6, newcomer.employed_6, newcomer.share_6) == (2, 1, 0.5)
    assert (newcomer.followed_12, newcomer.employed_12, newcomer.share_12) == (1, 1, 1.0)
    assert newcomer.small_6 and newcomer.small_12
    # Youth: nobody followed up -> no share at all (not 0 %), and not "small" either: there is nothing.
    assert (youth.followed_6, youth.share_6, youth.small_6) == (0, None, False)
    # LTU: employed at 6, back on assistance at 12 -> 0 % of one person, a share that exists.
    assert (ltu.share_6, ltu.followed_12, ltu.share_12) == (1.0, 1, 0.0)
    assert (none.followed_6, none.share_6) == (1, 0.0)  # P4 on assistance at 6 months
    total = report.total
    assert (total.proposed, total.hired, total.followed_6, total.employed_6) == (4, 5, 4, 2)
    assert (total.followed_12, total.employed_12, total.share_12) == (2, 1, 0.5)
    assert [b.label for b in report.by_contract] == ["C1 – Kontrakt C1", "C2 – Kontrakt C2"]
    assert [b.total.hired for b in report.by_contract] == [4, 1]
    assert [(b.label, b.total.hired) for b in report.by_supplier] == [("Leverantören AB", 5)]
    assert report.by_year == []  # one year asked for


def test_scope_year_contract_and_supplier(engine: Engine) -> None:
    with Session(engine) as session:
        world = _world_with_eligibility(session)
        officer = Principal(role=Role.PROCUREMENT_OFFICER, organisation_id=pk(world.authority_a))
        own = target_group_report(session, officer, as_of=END)
        assert [b.key for b in own.by_contract] == [str(pk(world.c1))]  # authority A sees C1 only
        assert [(b.key, b.total.hired) for b in own.by_year] == [("2026", 4)]
        assert target_group_report(session, SYSTEM, year=2025, as_of=END).total.hired == 0
        one = target_group_report(session, SYSTEM, contract_id=pk(world.c2), as_of=END)
        assert (one.total.hired, one.total.proposed) == (1, 0)
        by_supplier = target_group_report(session, SYSTEM, supplier_id=pk(world.supplier), as_of=END)
        assert by_supplier.total.hired == 5
        # As of the end of March: P1, P3 and P5 had started; the January proposal only.
        march = target_group_report(session, SYSTEM, as_of=date(2026, 3, 31))
        assert (march.total.hired, march.total.proposed) == (3, 2)
        with pytest.raises(NotFound):  # another authority's contract is answered as missing
            target_group_report(session, officer, contract_id=pk(world.c2))
        with pytest.raises(NotFound):
            target_group_report(session, officer, supplier_id=999_999)
        with pytest.raises(BadInput):
            target_group_report(session, officer, year=1999)


def test_the_api_answers_figures_files_and_problem_details(client: TestClient) -> None:
    with Session(get_engine()) as session:
        world = _world_with_eligibility(session)
        session.commit()
        officer = auth(session, world.authority_a, Role.PROCUREMENT_OFFICER)
        supplier = auth(session, world.supplier, Role.SUPPLIER)
        c2 = pk(world.c2)
    ok = client.get("/reports/target-groups", params={"year": 2026, "as_of": "2026-12-31"}, headers=officer)
    assert ok.status_code == 200, ok.text
    assert ok.json()["total"]["hired"] == 4
    for params, status in (({"year": 1999}, 422), ({"year": "x"}, 422), ({"contract_id": c2}, 404),
                           ({"supplier_id": 999_999}, 404)):  # fmt: skip
        answer = client.get("/reports/target-groups", params=params, headers=officer)
        assert answer.status_code == status, (params, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["status"] == status
    csv = client.get("/reports/target-groups.csv", params={"year": 2026}, headers=officer)
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Avgränsning;Del;Målgrupp;Föreslagna;Anställda")
    assert "Totalt;Hela urvalet;Nyanlända;1;2;2;1;50;1;1;100;ja" in text.splitlines()
    pdf = client.get("/reports/target-groups.pdf", params={"year": 2026}, headers=officer)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/reports/target-groups", headers=supplier).status_code == 403


def test_the_page_shows_no_data_and_zero_of_one_differently(client: TestClient) -> None:
    with Session(get_engine()) as session:
        world = _world_with_eligibility(session)
        session.commit()
        token = auth(session, world.authority_a, Role.PROCUREMENT_OFFICER)["Authorization"].split()[1]
    page = client.get("/ui/reports/target-groups", params={"year": "2026"}, headers=ui_headers(token))
    assert page.status_code == 200, page.text
    html = page.text
    youth = html.split('data-group="youth"')[1].split("</tr>")[0]
    assert youth.count("inga uppgifter") == 2 and "0\xa0%" not in youth
    none = html.split('data-group="none"')[1].split("</tr>")[0]
    assert "0\xa0% (n\xa0=\xa01)" in none and "litet underlag" in none
    # The chart of shares: the group without follow-ups says so in words and draws no bar.
    chart = html.split('aria-label="I arbete 6 månader efter placeringen, per målgrupp"')[1].split("</svg>")[
        0
    ]
    assert "inga uppgifter" in chart and "0\xa0% (n\xa0=\xa01)" in chart
    assert 'width="0.0"' in chart
    assert "/ui/reports/target-groups?year=2026&amp;format=pdf" in html
    # The English page writes English words and figures.
    english = client.get(
        "/ui/reports/target-groups", params={"year": "2026"}, headers=ui_headers(token, lang="en")
    ).text
    assert "no data" in english and "0% (n\xa0=\xa01)" in english
    bad = client.get("/ui/reports/target-groups", params={"year": "20x6"}, headers=ui_headers(token))
    assert bad.status_code == 422 and "Skriv ett år med fyra siffror" in bad.text
    csv = client.get(
        "/ui/reports/target-groups", params={"year": "2026", "format": "csv"}, headers=ui_headers(token)
    )
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbfAvgr")
