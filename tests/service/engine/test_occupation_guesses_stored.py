"""Occupation guesses are inferred when a vacancy is saved and stored with it; ranking reads them."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from matcher.rank.profile_arrays import occupation_guesses
from matcher.text.taxonomy import default_taxonomy
from matcher.types import VacancyProfile
from models import Vacancy
from models.enums import OrganisationKind
from service.engine.enrichment import enrich_vacancy, refresh_occupation_guesses
from service.engine.stored_concepts import guesses_version
from service.engine.translate import to_vacancy_profile
from service.platform.db import make_engine
from service.platform.migrate import upgrade
from tests import factories


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as s:
        yield s
    engine.dispose()


def _vacancy(session: Session, **kw: object) -> Vacancy:
    authority = factories.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
    supplier = factories.organisation(session, OrganisationKind.SUPPLIER)
    actor = factories.organisation(session, OrganisationKind.MATCHING_ACTOR)
    contract = factories.contract(session, authority, supplier, actor)
    return factories.vacancy(session, contract, **kw)


def test_saved_vacancy_carries_the_guesses_ranking_would_infer(session: Session) -> None:
    row = _vacancy(
        session, title="Undersköterskor sökes till hemtjänsten", description="Omvårdnad, dag och kväll."
    )
    enrich_vacancy(row)
    assert row.guesses_version == guesses_version() and row.occupation_guesses
    stored = to_vacancy_profile(row, None)
    assert stored.occupation_guesses  # ranking reads these instead of inferring
    bare = VacancyProfile(id=stored.id, title=stored.title, text=stored.text, occupation_id=None)
    assert occupation_guesses(bare, default_taxonomy()) == stored.occupation_guesses
    probabilities = [p for _, p in stored.occupation_guesses]
    assert probabilities == sorted(probabilities, reverse=True) and 0 < sum(probabilities) <= 1 + 1e-9


def test_confirmed_occupation_ignores_guesses_and_stale_ones_are_refreshed(session: Session) -> None:
    row = _vacancy(session, title="Kock till restaurang", description="À la carte och lunch.")
    enrich_vacancy(row)
    row.occupation_id = row.occupation_guesses[0]["id"]
    assert to_vacancy_profile(row, None).occupation_guesses == ()  # confirmed: certain, no guesses
    row.occupation_id = None
    row.guesses_version = "older-model"
    session.add(row)
    session.commit()
    assert to_vacancy_profile(row, None).occupation_guesses == ()  # stale: the engine infers afresh
    assert refresh_occupation_guesses(session) == 1
    fresh = session.exec(select(Vacancy).where(Vacancy.id == row.id)).one()
    assert fresh.guesses_version == guesses_version() and to_vacancy_profile(fresh, None).occupation_guesses
    assert refresh_occupation_guesses(session) == 0


def test_a_confirmed_occupation_needs_no_guesses_until_it_is_cleared(session: Session) -> None:
    row = _vacancy(session, title="Kock till restaurang", description="À la carte och lunch.")
    row.occupation_id = "JbJw_as4_S93"  # Kock à la carte (a person picked it)
    enrich_vacancy(row)
    assert row.occupation_guesses == [] and row.guesses_version == ""
    row.occupation_id = None  # unconfirmed again: saved through the same path
    enrich_vacancy(row)
    assert row.guesses_version == guesses_version() and row.occupation_guesses
    assert to_vacancy_profile(row, None).occupation_guesses
