"""The annual report (HTML + PDF) and the model card."""

from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session

from matcher.rank.scoring import LinearScorer
from models.enums import OrganisationKind, Role
from service.reporting.fairness import fairness_report
from service.reporting.model_card import build_model_card
from service.reporting.report import build_report, report_html
from tests import factories as f
from tests.service.reporting.test_fairness import PERIOD, fairness_world
from tests.service.reporting_fixtures import app_url_fixture, auth, client_fixture, small_world  # noqa: F401


def test_report_html_has_every_section_and_figure(engine: Engine) -> None:
    with Session(engine) as session:
        small_world(session)
        page = report_html(session, 2026, today=date(2026, 6, 30))
    for heading in (
        "Uppfyllelse per kontrakt",
        "Placeringar per målgrupp och form",
        "Utfall efter avslutad placering",
        "Samhällsekonomisk uppskattning",
        "Metod och förbehåll",
    ):
        assert heading in page
    assert page.count("data:image/png;base64,") == 4  # charts are inline: the file stands alone
    assert 'src="http' not in page and "<link" not in page
    assert "I riskzonen" in page and "I fas" in page  # C2 at risk, C1 on track
    assert "125\xa0%" in page  # C1's forecast fulfilment
    assert "Socialstyrelsen" in page  # parameters carry their sources


def test_report_writes_swedish_numbers_and_labels_never_identifiers(engine: Engine) -> None:
    with Session(engine) as session:
        small_world(session)
        page = report_html(session, 2026, today=date(2026, 6, 30))
    assert '<td class="num">7,5</td>' in page  # C1's full-time months, with a decimal comma
    assert "7.5" not in page
    assert "26\xa0000" in page  # the salary parameter, thousands apart
    # Parameters, target groups and placement kinds by their Swedish names, never the file's keys.
    assert "Bruttolön per heltidsmånad" in page and "Ekonomiskt bistånd per månad" in page
    assert "Långtidsarbetslösa: 0,4" in page and "Lärlingsplats" in page
    for identifier in ("monthly_salary", "economic_assistance_per_month", "long_term_unemployed", "newcomer"):
        assert identifier not in page, identifier
    assert "Lärlingsanställning" not in page


@pytest.mark.slow
def test_annual_report_builds_from_the_fixtures(tmp_path: Path) -> None:
    from service.app.seed import load_fixtures
    from service.platform.db import make_engine
    from service.platform.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'fixtures.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        counts = load_fixtures(session)
        session.commit()
        assert counts["placements"] > 0
        html_path, pdf_path = build_report(session, 2026, tmp_path / "out", today=date(2026, 12, 31))
    engine.dispose()
    html = html_path.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "årsrapport 2026" in html
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(PdfReader(pdf_path).pages) >= 3
    assert "Samhällsekonomisk uppskattning" in "".join(p.extract_text() for p in PdfReader(pdf_path).pages)


def test_model_card_carries_version_features_and_fairness(engine: Engine) -> None:
    payload = LinearScorer.default().to_dict()
    with Session(engine) as session:
        fairness_world(session)
        fairness = fairness_report(session, *PERIOD, samples=200)
    metrics = {"NDCG@10": 0.61, "per_group": {"female": {"NDCG@10": 0.6}, "male": {"NDCG@10": 0.62}}}
    card = build_model_card(payload, metrics, fairness)
    assert payload["version"] in card
    for name, weight in zip(payload["feature_names"], payload["coef"], strict=True):
        assert f"| {name} | {weight:.3f} |" in card
    assert "| NDCG@10 | 0.610 |" in card and "| female | 0.600 |" in card
    assert "| sex | female | 30 | 0.200 | 0.500 | ja |" in card  # four-fifths flag at the shortlist stage
    assert "female & born_abroad" not in card  # intersections of under 20 people are not shown
    assert "Handsatta startvikter" in card  # the default weights are not trained
    assert "beslutar aldrig" in card and "Granskningsloggen" in card
    html = build_model_card(payload, metrics, fairness, fmt="html")
    assert html.startswith("<!doctype html>") and payload["version"] in html and "<table>" in html


def test_model_card_endpoint_for_any_logged_in_role(client: TestClient) -> None:
    from service.platform.db import get_engine

    with Session(get_engine()) as session:
        supplier = f.organisation(session, OrganisationKind.SUPPLIER)
        session.commit()
        headers = auth(session, supplier, Role.SUPPLIER)
    version = LinearScorer.default().version
    response = client.get("/model-card", headers=headers)
    assert response.status_code == 200 and version in response.text
    assert response.headers["content-type"].startswith("text/html")
    markdown = client.get("/model-card", params={"format": "markdown"}, headers=headers)
    assert markdown.text.startswith("# Modellkort") and "text/markdown" in markdown.headers["content-type"]
    assert client.get("/model-card").status_code == 401
