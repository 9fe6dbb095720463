"""Lists that scale, over HTTP: seekers found by name, personnummer, reference or occupation (identity hits
audited), totals and pages; placements open first with counts of proposals awaiting feedback."""

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models import AuditEvent, Proposal, SeekerIdentity, User
from models.enums import VacancyStatus
from service.platform.db import get_engine
from tests import factories as f
from tests.service.csrf_helpers import with_csrf
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]


def _crowd(world: World, n: int) -> None:
    with Session(get_engine()) as session:
        for i in range(n):
            row = f.seeker(
                session, world.actor, ref=f"crowd-{i:03d}", profile_text="Söker arbete inom lager."
            )
            session.add(SeekerIdentity(seeker_id=row.id or 0, full_name=f"Mängd Person {i:03d}",
                                       personal_number=f"19850101-{i:04d}"))  # fmt: skip
        session.commit()


def _refs(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('<tr data-seeker="')[1:]]


def test_the_seeker_list_pages_with_totals_and_finds_by_name_number_ref_and_occupation(
    client: TestClient, world: World
) -> None:
    _crowd(world, 60)
    headers = with_csrf(world.headers["staff"])
    first = client.get("/ui/seekers", headers=headers).text
    assert "Visar 1–50 av 66" in first and len(_refs(first)) == 50 and 'rel="next"' in first
    second = client.get("/ui/seekers?page=2", headers=headers).text
    assert "Visar 51–66 av 66" in second and len(_refs(second)) == 16
    assert not set(_refs(first)) & set(_refs(second))

    by_name = client.get("/ui/seekers", params={"q": "Mängd Person 007"}, headers=headers).text
    assert _refs(by_name) == ["crowd-007"] and "Mängd Person 007" in by_name
    by_number = client.get("/ui/seekers", params={"q": "850101-0042"}, headers=headers).text
    assert _refs(by_number) == ["crowd-042"]
    by_ref = client.get("/ui/seekers", params={"q": "seeker-cook"}, headers=headers).text
    assert _refs(by_ref) == ["seeker-cook"] and "Namn Cook" not in by_ref  # no identity read for a ref
    by_occupation = client.get("/ui/seekers", params={"q": "lokalvårdare"}, headers=headers).text
    assert {"seeker-cleaner", "seeker-not_eligible"} <= set(_refs(by_occupation))
    assert "seeker-cook" not in _refs(by_occupation)
    other_actor = client.get("/ui/seekers", params={"q": "seeker-other-actor"}, headers=headers).text
    assert _refs(other_actor) == []
    with Session(get_engine()) as session:
        reads = session.exec(
            select(AuditEvent).where(AuditEvent.action == "seeker.identity.read").order_by(col(AuditEvent.id))
        ).all()
    assert [e.detail for e in reads] == [{"via": "search"}, {"via": "search"}]  # the name and the number hit


def test_placements_are_listed_open_first_with_proposals_awaiting_feedback(
    client: TestClient, world: World
) -> None:
    with Session(get_engine()) as session:
        for status in ("closed", "draft", "filled"):
            row = f.vacancy(session, world.contract, title=f"Plats {status}")
            row.status = VacancyStatus(status)
            session.add(row)
        staff_user = session.exec(select(User).where(User.organisation_id == world.actor.id)).first()
        assert staff_user is not None
        for name in ("cleaner", "cleaner2", "cook"):
            session.add(Proposal(seeker_id=world.sid(name), vacancy_id=world.vacancy.id or 0,
                                 proposed_by=staff_user.id or 0))  # fmt: skip
        session.commit()
    headers = with_csrf(world.headers["staff"])
    page = client.get("/ui/vacancies", headers=headers).text
    titles = [
        part.split("</a>")[0].split(">")[-1]
        for part in page.split('<th scope="row"><a href="/ui/vacancies/')[1:]
    ]
    assert titles == ["Lokalvårdare", "Plats draft", "Plats filled", "Plats closed"]
    assert "3 förslag väntar på återkoppling" in page and "Visar 1–4 av 4" in page
    only_open = client.get("/ui/vacancies", params={"status": "open"}, headers=headers).text
    assert "Visar 1–1 av 1" in only_open
