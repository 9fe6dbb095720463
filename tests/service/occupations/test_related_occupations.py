"""Related occupations for staff (JobTech substitutability) and occupations read from a seeker's typing,
through the web pages: the seeker page, a thin shortlist, the reasons and the full explanation."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from matcher import default_taxonomy
from models import Eligibility, JobSeeker, Vacancy
from models.enums import OrganisationKind, TargetGroup, VacancyStatus
from service.engine.enrichment import enrich_seeker, enrich_vacancy
from service.occupations.related import THIN_SHORTLIST, related_ids
from service.platform.db import get_engine
from tests import factories as f
from tests.service.csrf_helpers import with_csrf
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]


def _id(label: str) -> str:
    found = default_taxonomy().occupation_by_label(label)
    assert found is not None
    return found.id


def _block(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start : page.index("</section>", start)]


def _placements(
    world: World, label: str, titles: list[str], status: VacancyStatus = VacancyStatus.OPEN
) -> list[int]:
    ids = []
    with Session(get_engine()) as session:
        for title in titles:
            row = f.vacancy(session, world.contract, title=title, occupation_id=_id(label))
            row.status = status
            enrich_vacancy(row)
            session.add(row)
            session.flush()
            ids.append(int(row.id or 0))
        session.commit()
    return ids


def test_related_occupations_come_from_the_substitutability_relation_both_ways() -> None:
    related = dict(related_ids([_id("Städare")]))
    assert related[_id("Sjukhusstädare")] == 75
    # Directed in JobTech's data; either direction counts.
    assert dict(related_ids([_id("Sjukhusstädare")]))[_id("Städare")] == 75
    assert _id("Städare") not in related
    # No judgement for cooks: the SSYK-4 siblings stand in, marked as the same group (0).
    cooks = dict(related_ids([_id("Kock à la carte")]))
    assert cooks and set(cooks.values()) == {0} and _id("Kock storhushåll") in cooks


def test_the_seeker_page_lists_related_occupations_with_open_placements_here(
    client: TestClient, world: World
) -> None:
    # cleaner2 typed "Städare"; Sjukhusstädare is 75 % related. Two open placements count, with links;
    # a closed one and one of another matching actor's contract do not.
    open_ids = _placements(world, "Sjukhusstädare", ["Städ på akuten", "Städ på BB"])
    _placements(world, "Sjukhusstädare", ["Stängd städplats"], status=VacancyStatus.CLOSED)
    with Session(get_engine()) as session:
        authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY, name="Lund")
        other = f.contract(session, authority, world.supplier, world.other_actor)
        f.vacancy(session, other, title="Annan aktörs plats", occupation_id=_id("Sjukhusstädare"))
        session.commit()
    staff = with_csrf(world.headers["staff"])
    page = client.get(f"/ui/seekers/{world.sid('cleaner2')}", headers=staff).text
    block = _block(page, 'id="related-occupations"')
    assert "Närliggande yrken med lediga platser" in block
    item = block[block.index(f'data-occupation="{_id("Sjukhusstädare")}"') :]
    item = item[: item.index("</li>")]
    assert "Sjukhusstädare" in item and "nära yrke" in item and "Lediga platser: 2" in item
    assert all(f'href="/ui/vacancies/{i}"' in item for i in open_ids)
    assert "Stängd städplats" not in block and "Annan aktörs plats" not in block

    english = client.get(
        f"/ui/seekers/{world.sid('cleaner2')}",
        headers=with_csrf({**world.headers["staff"], "Cookie": "lang=en"}),
    ).text
    assert "Related occupations with open placements" in english and "Open placements: 2" in english


def test_a_profile_that_names_no_occupation_says_so(client: TestClient, world: World) -> None:
    with Session(get_engine()) as session:
        row = f.seeker(session, world.actor, ref="seeker-silent", profile_text="Har körkort B och bil.")
        enrich_seeker(row)
        session.add(row)
        session.commit()
        sid = int(row.id or 0)
    page = client.get(f"/ui/seekers/{sid}", headers=with_csrf(world.headers["staff"])).text
    assert "Profilen säger inte vilket yrke personen har haft" in _block(page, 'id="related-occupations"')
    assert 'id="typed-occupations"' not in page


def test_typed_titles_are_read_named_in_reasons_and_shown_beside_the_typing(
    client: TestClient, world: World
) -> None:
    with Session(get_engine()) as session:
        row = f.seeker(
            session,
            world.actor,
            ref="seeker-typed",
            profile_text="Jag söker jobb i Malmö.",
            experiences=[{"title": "sjukhusstadare", "years": 3}],
            skills=["städning"],
            municipality_code="1280",
            languages=[{"code": "sv", "level": "B1"}],
        )
        enrich_seeker(row)
        session.add(row)
        session.flush()
        session.add(_eligible(row))
        vacancy = session.get(Vacancy, world.vacancy.id)
        assert vacancy is not None
        vacancy.occupation_id = _id("Städare")
        enrich_vacancy(vacancy)
        session.add(vacancy)
        session.commit()
        sid = int(row.id or 0)
    staff = world.headers["staff"]
    assert client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=staff).status_code == 201
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=with_csrf(staff)).text
    start = page.index('data-seeker="seeker-typed"')
    row_html = page[start : page.index("</tr>", start)]
    assert "Har arbetat som Sjukhusstädare i 3 år" in row_html  # the occupation, not the typing
    assert "Yrke läst från profilen: Sjukhusstädare" in row_html and "skrev: sjukhusstadare" in row_html

    seeker_page = client.get(f"/ui/seekers/{sid}", headers=with_csrf(staff)).text
    typed = seeker_page[seeker_page.index('id="typed-occupations"') :]
    assert "Sjukhusstädare" in typed[: typed.index("</ul>")] and "skrev: sjukhusstadare" in typed


def _eligible(row: JobSeeker) -> Eligibility:
    return Eligibility(
        seeker_id=int(row.id or 0), target_group=TargetGroup.NEWCOMER, evidence="Intyg", verified=True
    )


def test_a_thin_shortlist_names_related_occupations_with_seeker_counts_and_no_person(
    client: TestClient, world: World
) -> None:
    with Session(get_engine()) as session:
        vacancy = session.get(Vacancy, world.vacancy.id)
        assert vacancy is not None
        vacancy.occupation_id = _id("Städare")
        enrich_vacancy(vacancy)
        session.add(vacancy)
        # Two people of this actor typed a related occupation; one of another actor does not count.
        for ref in ("seeker-h1", "seeker-h2"):
            row = f.seeker(
                session, world.actor, ref=ref, experiences=[{"title": "sjukhus städare", "years": 1}]
            )
            enrich_seeker(row)
            session.add(row)
        other = f.seeker(session, world.other_actor, experiences=[{"title": "Sjukhusstädare", "years": 1}])
        enrich_seeker(other)
        session.add(other)
        session.commit()
    staff = world.headers["staff"]
    assert client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=staff).status_code == 201
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=with_csrf(staff)).text
    assert page.count('data-seeker="') < THIN_SHORTLIST  # the world's list is thin
    block = _block(page, 'id="thin-related"')
    assert "Få kandidater; närliggande yrken:" in block
    item = block[block.index(f'data-occupation="{_id("Sjukhusstädare")}"') :]
    assert "arbetssökande: 2" in item[: item.index("</li>")]
    assert 'href="/ui/seekers?q=Sjukhusst%C3%A4dare"' in item
    assert "seeker-" not in block and "Namn " not in block  # counts and occupations, no person

    supplier = client.get(
        f"/ui/vacancies/{world.vacancy.id}", headers=with_csrf(world.headers["supplier"])
    ).text
    assert "thin-related" not in supplier and "Närliggande" not in supplier


def test_a_full_shortlist_shows_no_related_block(client: TestClient, world: World) -> None:
    with Session(get_engine()) as session:
        for i in range(THIN_SHORTLIST + 1):
            row = f.seeker(
                session,
                world.actor,
                ref=f"seeker-extra-{i}",
                experiences=[{"title": "lokalvardare", "years": 2}],
                skills=["städning"],
                municipality_code="1280",
            )
            enrich_seeker(row)
            session.add(row)
            session.flush()
            session.add(_eligible(row))
        session.commit()
    staff = world.headers["staff"]
    assert client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=staff).status_code == 201
    page = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=with_csrf(staff)).text
    assert page.count('data-seeker="') >= THIN_SHORTLIST
    assert 'id="thin-related"' not in page
