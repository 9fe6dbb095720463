"""Trust in a real browser (headless Chromium): the supplier page shows no identifier of a proposed
person, and a form posted from another port of the same host (same site, so SameSite cookies go along)
changes nothing."""

import http.server
import os
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, select

from models import Contract, EmploymentRequirement, JobSeeker, Organisation, Proposal, Vacancy
from models.enums import ConsentStatus, VacancyStatus
from service.platform.db import make_engine
from tests.ui.browser import (
    ACTOR,
    PASSWORD,
    STAFF,
    SUPPLIER,
    browser,  # noqa: F401
    live_server,  # noqa: F401
    login,
)

pytestmark = pytest.mark.browser

CANARY = {
    "full_name": "Zlatanella Quixbeck",
    "phone": "070-987 65 43",
    "email": "zlatanella.q@example.net",
    "personal_number": "19850412-7788",
}


def _bearer(base: str, email: str) -> dict[str, str]:
    response = httpx.post(f"{base}/auth/token", data={"username": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _canary_vacancy() -> int:
    """An open vacancy of the supplier, matched by the staff's actor, other than the end-to-end test's."""
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        supplier = session.exec(select(Organisation).where(Organisation.ref == "glansholmen")).one()
        actor = session.exec(select(Organisation).where(Organisation.ref == ACTOR)).one()
        vacancy_id = session.exec(
            select(Vacancy.id)
            .join(Contract, col(Contract.id) == col(Vacancy.contract_id))
            .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Contract.id))
            .where(
                Contract.supplier_org_id == supplier.id,
                EmploymentRequirement.matching_actor_id == actor.id,
                Vacancy.status == VacancyStatus.OPEN,
            )
            .order_by(col(Vacancy.id).desc())
        ).first()
    engine.dispose()
    assert vacancy_id is not None
    return int(vacancy_id)


def _unproposed_seeker(vacancy_id: int) -> int:
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        taken = select(Proposal.seeker_id).where(Proposal.vacancy_id == vacancy_id)
        seeker_id = session.exec(
            select(JobSeeker.id)
            .where(JobSeeker.consent == ConsentStatus.GIVEN, col(JobSeeker.id).not_in(taken))
            .order_by(col(JobSeeker.id).desc())
        ).first()
    engine.dispose()
    assert seeker_id is not None
    return int(seeker_id)


def test_the_supplier_page_shows_no_identifier_of_a_proposed_person(live_server: str, browser: Any) -> None:  # noqa: F811
    base = live_server
    vacancy_id = _canary_vacancy()
    staff = _bearer(base, STAFF)
    seeker_id = _unproposed_seeker(vacancy_id)
    with httpx.Client(base_url=base, headers=staff) as api:
        assert api.put(f"/seekers/{seeker_id}/identity", json=CANARY).status_code == 200
        text = f"Jag heter {CANARY['full_name']}, 38 år. Ring {CANARY['phone']} eller {CANARY['email']}."
        assert api.patch(f"/seekers/{seeker_id}", json={"profile_text": text}).status_code == 200
        entry = api.post(
            f"/vacancies/{vacancy_id}/shortlist/manual",
            json={"seeker_id": seeker_id, "reason": "Känd sedan tidigare"},
        )
        assert entry.status_code == 201, entry.text
        note = f"Pålitlig och van vid städning. {CANARY['full_name']}, {CANARY['personal_number']}"
        body = {
            "decision": "propose",
            "reason_code": "good_fit",
            "expected_version": 0,
            "supplier_text": note,
        }
        assert api.post(f"/shortlist-entries/{entry.json()['id']}/decisions", json=body).status_code == 201
    supplier = _bearer(base, SUPPLIER)
    proposals = httpx.get(f"{base}/vacancies/{vacancy_id}/proposals?limit=100", headers=supplier).json()
    refs = [p["candidate_ref"] for p in proposals["items"] if p["supplier_text"].startswith("Pålitlig")]
    assert len(refs) == 1

    page = browser.new_page()
    login(page, base, SUPPLIER)
    page.goto(f"{base}/ui/vacancies/{vacancy_id}")
    html = page.content()
    assert refs[0] in html and "Pålitlig och van vid städning." in html
    for value in [*CANARY.values(), "Zlatanella", "Quixbeck", "9876543"]:
        assert value not in html, value
    page.close()


class _AttackerPage(http.server.BaseHTTPRequestHandler):
    target = ""

    def do_GET(self) -> None:
        html = (
            f'<form id="f" method="post" action="{self.target}/ui/vacancies/new">'
            '<input name="title" value="CSRF-probe"><input name="contract_id" value="1">'
            '<input name="kind" value="employment"></form>'
            '<script>document.getElementById("f").submit()</script>'
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(html.encode())

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def attacker_site(live_server: str) -> Iterator[str]:  # noqa: F811
    _AttackerPage.target = live_server
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _AttackerPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_a_form_from_another_port_of_the_same_host_changes_nothing(
    live_server: str,  # noqa: F811
    browser: Any,  # noqa: F811
    attacker_site: str,
) -> None:
    page = browser.new_page()
    login(page, live_server, SUPPLIER)  # the browser holds a valid session cookie for 127.0.0.1
    with page.expect_response(lambda r: r.url.startswith(f"{live_server}/ui/vacancies/new")) as answer:
        page.goto(attacker_site)
    assert answer.value.status == 403
    engine = make_engine(os.environ["MATCHER_DATABASE_URL"])
    with Session(engine) as session:
        assert session.exec(select(Vacancy.id).where(Vacancy.title == "CSRF-probe")).first() is None
    engine.dispose()
    page.close()
