import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from models import Organisation
from models.enums import OrganisationKind
from service.organisations.service import delete_organisation
from service.platform.errors import Conflict, NotFound
from tests import factories as f


def test_deleting_an_organisation_with_contracts_is_refused(engine: Engine) -> None:
    with Session(engine) as session:
        authority = f.organisation(session, OrganisationKind.PROCURING_AUTHORITY)
        supplier = f.organisation(session, OrganisationKind.SUPPLIER)
        actor = f.organisation(session, OrganisationKind.MATCHING_ACTOR)
        f.contract(session, authority, supplier, actor)
        session.commit()
        with pytest.raises(Conflict, match="1 contracts refer to it"):
            delete_organisation(session, supplier.id)  # type: ignore[arg-type]
        session.rollback()
        assert session.get(Organisation, supplier.id) is not None


def test_an_unreferenced_organisation_can_be_deleted(engine: Engine) -> None:
    with Session(engine) as session:
        lonely = f.organisation(session, OrganisationKind.SUPPLIER)
        session.commit()
        delete_organisation(session, lonely.id)  # type: ignore[arg-type]
        session.commit()
        assert session.get(Organisation, lonely.id) is None
        with pytest.raises(NotFound):
            delete_organisation(session, lonely.id)  # type: ignore[arg-type]
