"""The JSON Lines import/export format (version 1).

Each line is one JSON object with a ``type`` of ``organisation``, ``contract``, ``vacancy`` or
``seeker``. Records refer to each other by ``ref`` (the caller's own stable id), never by database id,
so a file can be imported into any database and re-imported without duplicates (upsert by ``ref``).
``data/schema/import-v1.schema.json`` is generated from these classes (``matcher schema``).
"""

from typing import Annotated, Literal

from pydantic import Field, TypeAdapter

from models.base import StrictSchema
from models.contract import ContractFields, RequirementFields
from models.organisation import OrganisationBase
from models.seeker import EligibilityIn, JobSeekerFields, SeekerIdentityIn, SeekerLists
from models.vacancy import VacancyFields, VacancyLists

FORMAT_VERSION = 1


class OrganisationRecord(OrganisationBase, StrictSchema):
    type: Literal["organisation"]


class RequirementRecord(RequirementFields, StrictSchema):
    matching_actor_ref: str | None = None


class ContractRecord(ContractFields, StrictSchema):
    type: Literal["contract"]
    procuring_org_ref: str
    supplier_ref: str
    requirement: RequirementRecord


class VacancyRecord(VacancyFields, VacancyLists):
    type: Literal["vacancy"]
    contract_ref: str


class SeekerRecord(JobSeekerFields, SeekerLists):
    type: Literal["seeker"]
    matching_actor_ref: str
    identity: SeekerIdentityIn | None = None
    eligibility: list[EligibilityIn] = []


ImportRecord = Annotated[
    OrganisationRecord | ContractRecord | VacancyRecord | SeekerRecord, Field(discriminator="type")
]
record_adapter: TypeAdapter[ImportRecord] = TypeAdapter(ImportRecord)

# Import order that satisfies references within one file.
TYPE_ORDER = ("organisation", "contract", "vacancy", "seeker")


def json_schema() -> dict[str, object]:
    schema = record_adapter.json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://example.invalid/matcher/import-v{FORMAT_VERSION}.schema.json"
    schema["title"] = f"Matcher import record, format version {FORMAT_VERSION} (one per JSON Lines line)"
    return schema
