"""Point 10 of issue 25, on SQLite and PostgreSQL: intervals that stay honest at small n, four-fifths flags
only where the page shows them, the definitions in the "how to read" box, and refusal reasons per group
under the same small-group rule, in the API and on the auditor's page."""

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from models import (
    JobSeeker,
    MonitoringAttributes,
    Proposal,
    ReviewDecision,
    Shortlist,
    ShortlistEntry,
    SupplierFeedback,
)
from models.base import pk
from models.enums import OrganisationKind, Role
from service.app.seed import load_history
from service.platform.db import make_engine
from service.reporting.fairness import FairnessReport, fairness_report, group_rates
from tests import factories as f
from tests.service.csrf_helpers import with_csrf
from tests.service.review_fixtures import auth, make_client, point_app_at, reset_app

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))


def at(month: int, day: int = 1) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=UTC)


def test_a_group_where_nobody_was_selected_gets_an_honest_interval_even_at_n_1() -> None:
    labels = ["a"] * 30 + ["b"] + ["c"] + ["d"] * 5
    chosen = [True] * 15 + [False] * 15 + [False] + [True] + [False] * 5
    groups, _, _ = group_rates(labels, chosen, rng=np.random.default_rng(1), samples=2000)
    by = {g.group: g for g in groups}
    # Wilson at 95 %: 0 of 1 → 0 … z²/(1+z²) = 0.7935; 1 of 1 → 0.2065 … 1 (worked by hand).
    assert (by["b"].ci_low, by["b"].ci_high) == (0.0, 0.7935)
    assert (by["c"].ci_low, by["c"].ci_high) == (0.2065, 1.0)
    # 0 of 5 against the reference's 15 of 30: the ratio is 0, but its interval is not the point 0–0.
    assert by["d"].impact_ratio == 0.0 and (by["d"].ratio_ci_low or 0) < 0.01
    assert by["d"].ratio_ci_high is not None and by["d"].ratio_ci_high > 0.3
    # Too small to act on: no flag either way, as the page shows it.
    assert all(by[g].small and by[g].below_four_fifths is None for g in "bcd")
    assert by["a"].reference and by["a"].below_four_fifths is False


def _people(session: Session, actor: object, n: int, sex: str) -> list[JobSeeker]:
    out = [f.seeker(session, actor) for _ in range(n)]  # type: ignore[arg-type]
    for s in out:
        session.add(
            MonitoringAttributes(seeker_id=pk(s), sex=sex, age_band="30-49", born_abroad=sex == "female")
        )
    return out


def refusal_world(session: Session) -> None:
    """25 women, 25 men, 1 other. Top 10 of the engine's list: 2 women, 8 men. Staff rejected 20 women
    (12 for language, 8 for licence), 5 men (skills) and the one other (distance); employers said no to 3 men
    (licence, coded) and 1 woman (free text from before codes)."""
    authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
    supplier = f.organisation(session, OrganisationKind.SUPPLIER)
    actor = f.organisation(session, OrganisationKind.MATCHING_ACTOR)
    contract = f.contract(session, authority, supplier, actor)
    vacancy = pk(f.vacancy(session, contract))
    staff = f.user(session, actor, Role.STAFF)
    supplier_user = f.user(session, supplier, Role.SUPPLIER)
    women, men, other = _people(session, actor, 25, "female"), _people(session, actor, 25, "male"), None
    other = _people(session, actor, 1, "other")
    ranked = Shortlist(vacancy_id=vacancy, status="ready", model_version="m", config_hash="", input_hash="",
                       created_at=at(3))  # fmt: skip
    reviewed = Shortlist(vacancy_id=vacancy, status="superseded", model_version="m", config_hash="",
                         input_hash="", created_at=at(2))  # fmt: skip
    session.add_all([ranked, reviewed])
    session.flush()
    for rank, s in enumerate(women[:2] + men[:8], start=1):
        session.add(ShortlistEntry(shortlist_id=pk(ranked), seeker_id=pk(s), rank=rank, score=1.0))
    rejections = (
        [(s, "fit_language") for s in women[:12]]
        + [(s, "fit_licence") for s in women[12:20]]
        + [(s, "fit_skills") for s in men[10:15]]
        + [(other[0], "fit_distance")]
    )
    for rank, (s, code) in enumerate(rejections, start=1):
        entry = ShortlistEntry(
            shortlist_id=pk(reviewed), seeker_id=pk(s), rank=rank, score=0.0, source="manual"
        )
        session.add(entry)
        session.flush()
        session.add(ReviewDecision(entry_id=pk(entry), reviewer_id=pk(staff), decision="reject",
                                   reason_code=code, created_at=at(4)))  # fmt: skip
    for s, code in [
        (men[20], "no_licence"),
        (men[21], "no_licence"),
        (men[22], "no_licence"),
        (women[24], None),
    ]:
        proposal = Proposal(seeker_id=pk(s), vacancy_id=vacancy, proposed_by=pk(staff), status="not_hired",
                            created_at=at(5))  # fmt: skip
        session.add(proposal)
        session.flush()
        session.add(SupplierFeedback(proposal_id=pk(proposal), outcome="not_hired", reason_code=code,
                                     reason="" if code else "Valde en annan", given_by=pk(supplier_user),
                                     created_at=at(5, 2)))  # fmt: skip
    session.flush()


def _table(
    report: FairnessReport, source: str, attribute: str
) -> dict[str, tuple[int, bool, dict[str, int]]]:
    table = next(t for t in report.refusals if t.source == source)
    attr = next(a for a in table.attributes if a.attribute == attribute)
    return {g.group: (g.n, g.small, {r.reason: r.count for r in g.reasons}) for g in attr.groups}


def test_refusal_reasons_are_counted_per_group_with_the_small_group_rule(engine: Engine) -> None:
    with Session(engine) as session:
        refusal_world(session)
        report = fairness_report(session, *PERIOD, samples=500)
    assert _table(report, "staff", "sex") == {
        "female": (20, False, {"language_level": 12, "no_licence": 8}),
        "male": (5, True, {"missing_skill": 5}),
        "other": (1, True, {"hours_travel": 1}),
    }
    assert _table(report, "employer", "sex") == {
        "female": (1, True, {"no_code": 1}),  # the refusal from before codes keeps counting
        "male": (3, True, {"no_licence": 3}),
    }
    staff = next(t for t in report.refusals if t.source == "staff")
    by_sex = {g.group: g for a in staff.attributes if a.attribute == "sex" for g in a.groups}
    assert [r.share for r in by_sex["female"].reasons] == [0.4, 0.6]  # no_licence 8, language 12 of 20
    assert all(r.share is None for r in by_sex["male"].reasons)  # small: counts only, as on the page
    assert staff.total == 26 and {r.reason: r.share for r in staff.reasons}["language_level"] == round(
        12 / 26, 4
    )
    shortlisted = next(s for s in report.stages if s.stage == "shortlisted")
    sex = {g.group: g for g in next(a for a in shortlisted.attributes if a.attribute == "sex").groups}
    assert sex["female"].below_four_fifths is True and not sex["female"].small  # 2/25 against 8/25
    assert sex["other"].small and sex["other"].below_four_fifths is None
    assert (sex["other"].ci_low, sex["other"].ci_high) == (0.0, 0.7935)


@pytest.fixture(name="auditor_client")
def auditor_client_fixture(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[TestClient, dict]]:
    point_app_at(db_url, monkeypatch)
    engine = make_engine(db_url)
    with Session(engine) as session:
        refusal_world(session)
        headers = auth(session, f.organisation(session, OrganisationKind.MATCHING_ACTOR), Role.AUDITOR)
        session.commit()
    engine.dispose()
    with make_client() as client:
        yield client, headers
    reset_app()


def test_the_api_flags_exactly_the_groups_the_page_flags_and_the_page_explains_itself(
    auditor_client: tuple[TestClient, dict],
) -> None:
    client, headers = auditor_client
    q = {"from": "2026-01-01", "to": "2026-12-31"}
    api = client.get("/reports/fairness", params=q, headers=headers).json()
    groups = [g for st in api["stages"] for a in st["attributes"] for g in a["groups"]]
    assert all(g["below_four_fifths"] is None for g in groups if g["small"])
    flagged_in_api = sum(g["below_four_fifths"] is True for g in groups)
    page = client.get("/ui/fairness", params=q, headers=with_csrf(headers)).text
    assert flagged_in_api >= 1 and page.count('class="flagged"') == flagged_in_api
    assert "Referensgruppen väljs bara bland grupper med minst 20 personer." in page
    assert "Anställd = leverantören har markerat ett förslag från perioden som anställd" in page
    assert "Samtycke räknas som det är i dag" in page
    assert "Rapporten gäller alla matchningsaktörer tillsammans" in page
    assert "(0 av 1 ger 0–79 %)" in page
    # The refusal table: shares where the group is large enough, counts only where it is small.
    staff_sex = page.split('data-source="staff" data-attribute="sex"')[1].split("</table>")[0]
    language = staff_sex.split('data-reason="language_level"')[1].split("</tr>")[0]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", language)
    assert cells == ["12 (60\xa0%)", "0", "0"]  # female 12 of 20; male and other: small, counts only
    skills = re.findall(
        r"<td[^>]*>([^<]*)</td>", staff_sex.split('data-reason="missing_skill"')[1].split("</tr>")[0]
    )
    assert skills == ["0", "5", "0"]
    employer = page.split('data-source="employer" data-attribute="sex"')[1].split("</table>")[0]
    assert "Inget skäl valt (äldre fritext)" in employer and "Saknar körkort eller intyg" in employer
    english = client.get("/ui/fairness", params=q, headers=with_csrf({**headers, "Cookie": "lang=en"})).text
    assert "Reasons for refusals by group" in english and "No reason chosen (older free text)" in english
    assert "The reference group is chosen only among groups of at least 20 people." in english


def test_the_demo_history_is_engine_ranked_so_the_shortlisted_stage_is_not_empty(
    engine: Engine, tmp_path: Path
) -> None:
    """``load_history`` records the demo's decided entries as the engine's ranking (reviewed from the top),
    so the fairness report's first stage has people in the demo."""
    with Session(engine) as session:
        authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
        supplier = f.organisation(session, OrganisationKind.SUPPLIER)
        actor = f.organisation(session, OrganisationKind.MATCHING_ACTOR, ref="demo-actor")
        vacancy = f.vacancy(session, f.contract(session, authority, supplier, actor), ref="demo-v1")
        people = [f.seeker(session, actor, ref=f"demo-s{i}") for i in range(12)]
        for i, s in enumerate(people):
            session.add(MonitoringAttributes(seeker_id=pk(s), sex="female" if i % 2 else "male"))
        history = [{"type": "user", "email": "reviewer@demo.example", "full_name": "Demo Handläggare",
                    "org_ref": "demo-actor", "password": "demo-password-1", "role": "staff"}]  # fmt: skip
        history += [
            {"type": "decision", "vacancy_ref": vacancy.ref, "seeker_ref": s.ref, "decided_on": "2026-03-01",
             "decision": "reject", "reason_code": "fit_skills", "reviewer_email": "reviewer@demo.example"}
            for s in people
        ]  # fmt: skip
        path = tmp_path / "history.jsonl"
        path.write_text("\n".join(json.dumps(h) for h in history), encoding="utf-8")
        load_history(session, path)
        entries = session.exec(select(ShortlistEntry)).all()
        report = fairness_report(session, *PERIOD, samples=200)
    assert {e.source for e in entries} == {"engine"} and sorted(e.rank for e in entries) == list(range(1, 13))
    shortlisted = next(s for s in report.stages if s.stage == "shortlisted")
    assert shortlisted.selected == 10  # the top 10 of the 12 decided
    staff = next(t for t in report.refusals if t.source == "staff")
    assert staff.total == 12 and staff.reasons[0].reason == "missing_skill"
