"""Create and update schemas reject unknown fields and wrong types with a clear message."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from models.contract import ContractCreate
from models.io import json_schema, record_adapter
from models.organisation import OrganisationCreate, UserCreate
from models.seeker import JobSeekerCreate, JobSeekerUpdate
from models.vacancy import VacancyCreate, VacancyUpdate

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "data" / "schema" / "import-v1.schema.json"

REQ = {"target_groups": ["newcomer"], "placement_kinds": ["employment"], "committed_placements": 3}


@pytest.mark.parametrize(
    ("schema", "body"),
    [
        (VacancyCreate, {"ref": "v", "contract_id": 1, "title": "Städare", "is_admin": True}),
        (VacancyUpdate, {"status": "open", "contract_id": 7}),
        (JobSeekerCreate, {"ref": "s", "matching_actor_id": 1, "password": "x"}),
        (JobSeekerUpdate, {"matching_actor_id": 2}),
        (
            OrganisationCreate,
            {"ref": "o", "name": "A", "kind": "supplier", "org_number": "212000-0142", "x": 1},
        ),
    ],
)
def test_unknown_fields_are_rejected_by_name(schema: type, body: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as info:
        schema.model_validate(body)
    errors = info.value.errors()
    assert any(e["type"] == "extra_forbidden" for e in errors)
    unknown = {k for k in body if k not in schema.model_fields}
    assert {e["loc"][-1] for e in errors if e["type"] == "extra_forbidden"} == unknown


@pytest.mark.parametrize(
    ("body", "field", "needle"),
    [
        ({"extent": "full"}, "extent", "integer"),
        ({"start_date": "next week"}, "start_date", "date"),
        ({"kind": "slavery"}, "kind", "employment"),
        ({"swedish_level": "B7"}, "swedish_level", "A1"),
        ({"other_languages": [{"code": "s1", "level": "B1"}]}, "code", "letters"),
        ({"positions": 0}, "positions", "greater than or equal to 1"),
    ],
)
def test_wrong_types_name_the_field_and_the_expectation(
    body: dict[str, object], field: str, needle: str
) -> None:
    with pytest.raises(ValidationError) as info:
        VacancyCreate.model_validate({"ref": "v", "contract_id": 1, "title": "Städare", **body})
    [err] = info.value.errors()
    assert field in [str(p) for p in err["loc"]]
    assert needle in err["msg"]


def test_org_number_check_digit_and_user_password_length() -> None:
    with pytest.raises(ValidationError, match="check digit"):
        OrganisationCreate(ref="o", name="A", kind="supplier", org_number="212000-0143")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="at least 12"):
        UserCreate.model_validate(
            {"email": "a@b.se", "full_name": "A", "role": "staff", "organisation_id": 1, "password": "short"}
        )


def test_contract_requires_a_commitment_and_ordered_dates() -> None:
    base = {"ref": "c", "title": "Städ", "procuring_org_id": 1, "supplier_org_id": 2}
    with pytest.raises(ValidationError, match="end_date is before start_date"):
        ContractCreate.model_validate(
            {**base, "start_date": "2027-01-01", "end_date": "2026-01-01", "requirement": REQ}
        )
    no_commitment = {k: v for k, v in REQ.items() if k != "committed_placements"}
    with pytest.raises(ValidationError, match="committed_placements"):
        ContractCreate.model_validate(
            {**base, "start_date": "2026-01-01", "end_date": "2027-01-01", "requirement": no_commitment}
        )


def test_import_record_types_are_discriminated() -> None:
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        record_adapter.validate_python({"type": "person", "ref": "x"})


def test_committed_json_schema_matches_the_code() -> None:
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json_schema()
