"""Issue 25, point 7: the small traps, each closed (over HTTP, without a browser)."""

import struct
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models import ApiKey, Contract, Placement, Proposal
from models.base import pk
from models.enums import Role
from service.platform.db import get_engine
from tests.service.csrf_helpers import with_csrf
from tests.service.review_fixtures import (
    World,
    auth,
    client_fixture,
    sqlite_url_fixture,
    world_fixture,
)

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]


def _proposal(client: TestClient, world: World) -> int:
    """Staff propose a seeker for the world's placement; the proposal's id."""
    entry = client.post(
        f"/vacancies/{world.vacancy.id}/shortlist/manual",
        json={"seeker_id": world.sid("cleaner"), "reason": "Känd av handläggaren"},
        headers=world.headers["staff"],
    )
    assert entry.status_code == 201, entry.text
    staff = {
        **with_csrf(world.headers["staff"]),
        "Referer": f"http://testserver/ui/vacancies/{world.vacancy.id}",
    }
    body = {"decision": "propose", "reason_code": "good_fit", "expected_version": "0"}
    client.post(f"/ui/entries/{entry.json()['id']}/decide", data=body, headers=staff)
    with Session(get_engine()) as session:
        return pk(session.exec(select(Proposal)).one())


def _user_headers(world: World, org_id: int, role: Role) -> dict[str, str]:
    with Session(get_engine(), expire_on_commit=False) as session:
        from models import Organisation

        org = session.get(Organisation, org_id)
        assert org is not None
        headers = auth(session, org, role)
        session.commit()
    return headers


def test_the_feedback_form_preselects_nothing_asks_for_a_start_date_and_returns_to_the_row(
    client: TestClient, world: World
) -> None:
    proposal_id = _proposal(client, world)
    supplier = {**with_csrf(world.headers["supplier"]), "Referer": "http://testserver/ui/"}
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=supplier).text
    row = page[page.index(f'id="proposal-{proposal_id}"') :].split("</li>")[0]
    select_html = row[row.index(f'id="o-{proposal_id}"') :].split("</select>")[0]
    assert '<option value="" selected>Välj utfall</option>' in select_html
    assert select_html.count("selected") == 1  # only the empty choice
    assert "Krävs när personen är anställd." in row

    url = f"/ui/proposals/{proposal_id}/feedback"
    typed = {"outcome": "hired", "reason": "Började på måndag, heltid"}
    refused = client.post(url, data=typed, headers=supplier, follow_redirects=False)
    assert refused.status_code == 422
    row = refused.text[refused.text.index(f'id="proposal-{proposal_id}"') :].split("</li>")[0]
    assert "Skriv startdatum när personen är anställd." in row and 'role="alert"' in row
    assert 'value="Började på måndag, heltid"' in row  # nothing typed is lost
    assert '<option value="hired" selected>' in row and 'aria-invalid="true"' in row
    with Session(get_engine()) as session:
        assert session.exec(select(Placement)).first() is None
        assert session.exec(select(Proposal)).one().status == "sent"

    saved = client.post(
        url, data=typed | {"placement_start": "2026-03-02"}, headers=supplier, follow_redirects=False
    )
    assert saved.status_code == 303
    location = saved.headers["location"]
    assert location.endswith(f"#proposal-{proposal_id}") and f"entry={proposal_id}" in location
    page = client.get(location, headers=supplier).text
    row = page[page.index(f'id="proposal-{proposal_id}"') :].split("</li>")[0]
    assert "Återkopplingen är sparad." in row
    with Session(get_engine()) as session:
        assert str(session.exec(select(Placement)).one().start_date) == "2026-03-02"


def test_the_suppliers_saved_placement_page_shows_what_was_entered(client: TestClient, world: World) -> None:
    supplier = with_csrf(world.headers["supplier"])
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=supplier).text
    details = page[page.index('id="placement-details"') :].split("</section>")[0]
    assert "Städning av skolor och förskolor i Malmö. Golvvård ingår." in details
    assert "Malmö" in details and "städning" in details and "A2" in details and "75" in details
    patched = client.patch(
        f"/vacancies/{world.vacancy.id}",
        json={"occupation_id": "KF64_AvU_S4N"},
        headers=world.headers["supplier"],
    )
    assert patched.status_code == 200, patched.text
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=supplier).text
    assert '<span id="placement-occupation">Städare</span>' in page


def test_dashboard_to_do_links_open_filtered_lists(client: TestClient, world: World) -> None:
    _proposal(client, world)
    supplier = with_csrf(world.headers["supplier"])
    dashboard = client.get("/ui/", headers=supplier).text
    assert 'href="/ui/vacancies?has=awaiting"' in dashboard
    with Session(get_engine()) as session:
        from tests import factories as f

        contract = session.get(Contract, world.contract.id)
        assert contract is not None
        f.vacancy(session, contract, title="Fönsterputsare utan förslag")
        session.commit()
    everything = client.get("/ui/vacancies", headers=supplier).text
    assert "Fönsterputsare utan förslag" in everything and "Lokalvårdare" in everything
    awaiting = client.get("/ui/vacancies?has=awaiting", headers=supplier).text
    assert "Lokalvårdare" in awaiting and "Fönsterputsare utan förslag" not in awaiting
    assert '<option value="awaiting" selected>' in awaiting  # the filter shows, and can be lifted
    assert (
        "Lokalvårdare" not in client.get("/ui/vacancies?has=hired", headers=supplier).text.split("<table")[-1]
    )


def test_staff_see_manual_mode_before_they_press_compute(client: TestClient, world: World) -> None:
    from service.system.service import set_manual_mode

    staff = with_csrf(world.headers["staff"])
    assert (
        'id="manual-mode-notice"' not in client.get(f"/ui/vacancies/{world.vacancy.id}", headers=staff).text
    )
    with Session(get_engine()) as session:
        set_manual_mode(session, True, user_id=None)
        session.commit()
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=staff).text
    assert 'id="manual-mode-notice"' in page and "Manuellt läge är på" in page
    assert page.index('id="manual-mode-notice"') < page.index('/shortlist" data-progress')


def test_reloading_the_api_key_page_never_makes_a_second_key(client: TestClient, world: World) -> None:
    admin = with_csrf(_user_headers(world, world.contract.procuring_org_id, Role.ADMIN))
    admin["Referer"] = "http://testserver/ui/admin/api-keys"
    made = client.post(
        "/ui/admin/api-keys",
        data={"name": "Lönesystemet", "organisation_id": str(world.actor.id)},
        headers=admin,
        follow_redirects=False,
    )
    assert made.status_code == 303 and made.headers["location"].startswith("/ui/admin/api-keys?shown=")
    shown = client.get(made.headers["location"], headers=admin).text
    key = shown.split('<code id="new-key">')[1].split("</code>")[0]
    assert key.startswith("mk_")
    again = client.get(made.headers["location"], headers=admin).text  # a reload
    assert 'id="new-key"' not in again and key not in again
    with Session(get_engine()) as session:
        assert len([k for k in session.exec(select(ApiKey)).all() if k.name == "Lönesystemet"]) == 1
    other_admin = with_csrf(_user_headers(world, world.contract.procuring_org_id, Role.ADMIN))
    assert key not in client.get(made.headers["location"], headers=other_admin).text


def test_favicon_answers_with_an_icon(client: TestClient) -> None:
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/x-icon"
    reserved, kind, count = struct.unpack("<HHH", answer.content[:6])
    assert (reserved, kind) == (0, 1) and count >= 1  # an ICO directory


def _contract_form(world: World, **extra: str) -> dict[str, Any]:
    return {
        "title": "Städtjänster", "end_date": "2027-12-31", "target_groups": ["newcomer"],
        "placement_kinds": ["employment"], "committed_placements": "3", "committed_fte_months": "24",
        "min_duration_months": "6", "fulfilment_threshold_pct": "75",
        "matching_actor_id": str(world.actor.id), "value_sek": "12000000",
    } | extra  # fmt: skip


def test_the_contract_form_refuses_a_word_as_cpv_and_the_page_shows_cpv_value_and_commitments(
    client: TestClient, world: World
) -> None:
    officer = with_csrf(_user_headers(world, world.contract.procuring_org_id, Role.PROCUREMENT_OFFICER))
    url = f"/ui/contracts/{world.contract.id}/edit"
    officer["Referer"] = f"http://testserver{url}"
    refused = client.post(
        url, data=_contract_form(world, cpv_code="kök"), headers=officer, follow_redirects=False
    )
    assert refused.status_code == 422
    assert "Skriv CPV-koden som åtta siffror och en kontrollsiffra" in refused.text
    assert 'value="kök"' in refused.text  # kept for correcting
    with Session(get_engine()) as session:
        contract = session.get(Contract, world.contract.id)
        assert contract is not None and contract.cpv_code != "kök"
    api = client.patch(f"/contracts/{world.contract.id}", json={"cpv_code": "kök"}, headers=officer)
    assert api.status_code in (401, 403, 422)  # never stored, whoever asks
    saved = client.post(
        url, data=_contract_form(world, cpv_code="90911200-8"), headers=officer, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    page = client.get(f"/ui/contracts/{world.contract.id}", headers=officer).text
    assert '<dd id="contract-cpv">90911200-8</dd>' in page
    assert "12" in page.split('id="contract-value">')[1].split("</dd>")[0]
    assert page.split('id="contract-placements">')[1].startswith("3<")
    assert page.split('id="contract-fte">')[1].startswith("24<")


def test_the_accessibility_statement_lists_no_fixed_flaw(client: TestClient) -> None:
    page = client.get("/ui/accessibility").text
    assert "Kända brister" not in page and "Vi känner inte till några brister" in page
