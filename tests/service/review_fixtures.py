"""Shared helpers for the shortlist and review tests: an app on a real database and a small world.

The world: one contract (authority A, supplier S, matching actor M) whose requirement wants newcomers
or youth in employment; one open cleaning vacancy in Malmö. Actor M has six seekers: four who consented
and are verified newcomers or youth (cleaners, a cook, a truck driver), one who consented but has no
eligibility (the engine must exclude her), and one who has not consented (never ranked). A second
actor N has a seeker of its own; a second supplier T has nothing to do with the contract.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from models import ApiKey, Contract, Eligibility, JobSeeker, Organisation, SeekerIdentity, Vacancy
from models.base import pk
from models.enums import OrganisationKind, Role, TargetGroup
from service.engine.enrichment import enrich_seeker, enrich_vacancy
from tests import factories as f


def point_app_at(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from service.engine.pools import get_ranking_engine
    from service.platform.config import get_settings
    from service.platform.db import get_engine

    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    get_ranking_engine().clear()


def reset_app() -> None:
    from service.platform.config import get_settings
    from service.platform.db import get_engine

    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture(name="sqlite_url")
def sqlite_url_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from service.platform.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'reviews.db'}"
    upgrade(url)
    point_app_at(url, monkeypatch)
    yield url
    reset_app()


def make_client() -> TestClient:
    from service.app.main import create_app

    return TestClient(create_app())


@pytest.fixture(name="client")
def client_fixture(sqlite_url: str) -> Iterator[TestClient]:
    with make_client() as test_client:
        yield test_client


@dataclass
class World:
    actor: Organisation
    other_actor: Organisation
    supplier: Organisation
    other_supplier: Organisation
    contract: Contract
    vacancy: Vacancy
    seekers: dict[str, JobSeeker]
    headers: dict[str, dict[str, str]] = field(default_factory=dict)

    def sid(self, name: str) -> int:
        return pk(self.seekers[name])


def auth(session: Session, org: Organisation, role: Role) -> dict[str, str]:
    """Headers with a bearer token of a fresh user of the given role and organisation."""
    from service.auth.tokens import create_access_token
    from service.platform.config import get_settings

    row = f.user(session, org, role)
    token = create_access_token(
        get_settings(),
        user_id=pk(row),
        role=role,
        organisation_id=pk(org),
        session_key=row.session_key,
    )
    return {"Authorization": f"Bearer {token}"}


def entry_version(entry_id: int) -> int:
    """The entry's current version, as a reviewer's page shows it (sent as ``expected_version``)."""
    from models import ShortlistEntry
    from service.platform.db import get_engine

    with Session(get_engine()) as session:
        row = session.get(ShortlistEntry, entry_id)
        return row.version if row is not None else 0


def api_key(session: Session, org: Organisation) -> dict[str, str]:
    from service.auth.tokens import new_api_key

    key, prefix, key_hash = new_api_key()
    session.add(ApiKey(name="nightly batch", organisation_id=pk(org), prefix=prefix, key_hash=key_hash))
    session.flush()
    return {"X-API-Key": key}


SEEKERS: dict[str, dict[str, object]] = {
    "cleaner": {
        "profile_text": "Jag har arbetat som lokalvårdare på skolor och kontor i Malmö i fyra år.",
        "experiences": [{"title": "Lokalvårdare", "years": 4}],
        "skills": ["städning", "golvvård"],
        "languages": [{"code": "sv", "level": "B1"}, {"code": "ar", "level": "native"}],
        "municipality_code": "1280",
        "licences": ["B"],
    },
    "cleaner2": {
        "profile_text": "Städerska med erfarenhet av hotellstädning och storstädning.",
        "experiences": [{"title": "Städare", "years": 2}],
        "skills": ["städning"],
        "languages": [{"code": "sv", "level": "A2"}],
        "municipality_code": "1283",
    },
    "cook": {
        "profile_text": "Kock på restaurang i sex år, van vid storkök och skolmat.",
        "experiences": [{"title": "Kock", "years": 6}],
        "municipality_code": "1280",
    },
    "driver": {
        "profile_text": "Lastbilschaufför med C-körkort, distribution i Skåne.",
        "experiences": [{"title": "Lastbilsförare", "years": 3}],
        "licences": ["B", "C"],
        "municipality_code": "0180",
    },
    "not_eligible": {
        "profile_text": "Jag har städat kontor och trappuppgångar i Malmö i många år.",
        "experiences": [{"title": "Lokalvårdare", "years": 8}],
        "municipality_code": "1280",
    },
    "no_consent": {
        "profile_text": "Lokalvårdare i Malmö, söker heltid.",
        "experiences": [{"title": "Lokalvårdare", "years": 5}],
        "consent": "pending",
    },
}
ELIGIBILITY = {
    "cleaner": TargetGroup.NEWCOMER,
    "cleaner2": TargetGroup.YOUTH,
    "cook": TargetGroup.NEWCOMER,
    "driver": TargetGroup.YOUTH,
}


def build_world(session: Session) -> World:
    authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY, name="Malmö stad")
    supplier = f.organisation(session, OrganisationKind.SUPPLIER, name="Städbolaget AB")
    other_supplier = f.organisation(session, OrganisationKind.SUPPLIER, name="Annat AB")
    actor = f.organisation(session, OrganisationKind.MATCHING_ACTOR, name="Matchning Syd")
    other_actor = f.organisation(session, OrganisationKind.MATCHING_ACTOR, name="Matchning Norr")
    contract = f.contract(session, authority, supplier, actor)
    vacancy = f.vacancy(
        session,
        contract,
        title="Lokalvårdare",
        description="Städning av skolor och förskolor i Malmö. Golvvård ingår.",
        required_skills=["städning"],
        municipality_code="1280",
        swedish_level="A2",
        extent=75,
    )
    enrich_vacancy(vacancy)
    seekers: dict[str, JobSeeker] = {}
    for name, fields in SEEKERS.items():
        values = dict(fields)
        consent = values.pop("consent", "given")
        seekers[name] = f.seeker(session, actor, ref=f"seeker-{name}", **values)
        seekers[name].consent = consent  # type: ignore[assignment]
    seekers["other_actor"] = f.seeker(session, other_actor, ref="seeker-other-actor")
    for name, row in seekers.items():
        enrich_seeker(row)
        session.add(row)
        group = ELIGIBILITY.get(name)
        if group:
            session.add(
                Eligibility(
                    seeker_id=pk(row), target_group=group, evidence="Intyg från AF, dnr 123", verified=True
                )
            )
        session.add(
            SeekerIdentity(
                seeker_id=pk(row),
                full_name=f"Namn {name.title()}",
                personal_number="19900101-1234",
                email="x@y.se",
            )
        )
    session.flush()
    return World(actor, other_actor, supplier, other_supplier, contract, vacancy, seekers)


def world_with_users(url: str) -> World:
    """Build the world in ``url`` with headers for each role, committed."""
    from service.platform.db import make_engine

    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        world = build_world(session)
        world.headers = {
            "staff": auth(session, world.actor, Role.STAFF),
            "staff2": auth(session, world.actor, Role.STAFF),
            "other_staff": auth(session, world.other_actor, Role.STAFF),
            "supplier": auth(session, world.supplier, Role.SUPPLIER),
            "other_supplier": auth(session, world.other_supplier, Role.SUPPLIER),
            "officer": auth(session, world.actor, Role.PROCUREMENT_OFFICER),
            "batch": api_key(session, world.actor),
        }
        session.commit()
    engine.dispose()
    return world


@pytest.fixture(name="world")
def world_fixture(sqlite_url: str) -> World:
    return world_with_users(sqlite_url)
