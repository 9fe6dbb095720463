"""Staff pages say what would raise a match: a line per shortlisted person, guidance on the seeker page."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from service.engine.enrichment import enrich_vacancy
from service.platform.db import get_engine
from tests import factories as f
from tests.service.csrf_helpers import with_csrf
from tests.service.review_fixtures import World, client_fixture, sqlite_url_fixture, world_fixture

__all__ = ["client_fixture", "sqlite_url_fixture", "world_fixture"]


def _row(page: str, ref: str) -> str:
    start = page.index(f'data-seeker="{ref}"')
    return page[start : page.index("</tr>", start)]


def test_each_shortlist_row_names_what_would_raise_the_match_most(client: TestClient, world: World) -> None:
    staff = world.headers["staff"]
    assert client.post(f"/vacancies/{world.vacancy.id}/shortlist", headers=staff).status_code == 201
    cook = _row(client.get(f"/ui/vacancies/{world.vacancy.id}", headers=with_csrf(staff)).text, "seeker-cook")
    assert 'class="raise-match" data-kind="required_skill"' in cook
    assert "Skulle höja matchningen mest: " in cook and "(krävd kompetens)" in cook

    in_english = with_csrf({**staff, "Cookie": "lang=en"})
    english = client.get(f"/ui/vacancies/{world.vacancy.id}", headers=in_english).text
    assert "Would raise the match most: " in _row(english, "seeker-cook")


def test_the_seeker_page_says_which_addition_would_open_most_placements(
    client: TestClient, world: World
) -> None:
    with Session(get_engine()) as session:
        for i in range(3):
            row = f.vacancy(
                session,
                world.contract,
                title="Lokalvårdare med bil",
                description=f"Städning i hemtjänsten, egen bil i tjänsten, område {i + 1}.",
                required_skills=["städning"],
                licences_required=["B"],
                municipality_code="1280",
            )
            enrich_vacancy(row)
            session.add(row)
        session.commit()
    page = client.get(f"/ui/seekers/{world.sid('cleaner2')}", headers=with_csrf(world.headers["staff"])).text
    guidance = page[page.index('id="guidance"') :]
    first = guidance[: guidance.index("</li>")]
    assert 'data-kind="licence" data-code="B"' in first
    assert "Med körkort B skulle 3 fler platser passa" in first

    in_english = with_csrf({**world.headers["staff"], "Cookie": "lang=en"})
    english = client.get(f"/ui/seekers/{world.sid('cleaner2')}", headers=in_english).text
    assert "With driving licence B, 3 more placements would fit" in english
