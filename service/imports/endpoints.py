"""Job ads posted as a contract's placements (supplier or staff): JobTech's JobSearch/JobStream JSON, or
schema.org JobPosting (JSON-LD)."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from pydantic import BaseModel, ConfigDict, Field

from models.enums import PlacementKind, Role
from service.auth.deps import Principal, SessionDep, require
from service.imports.jobposting import parse_postings, postings_of
from service.imports.jobsearch import import_ads, parse_ads
from service.platform.errors import PayloadTooLarge
from service.vacancies.service import _contract_for_writing as contract_for_writing

router = APIRouter(tags=["vacancies"])

SupplierOrStaff = Annotated[Principal, Depends(require(Role.SUPPLIER, Role.STAFF))]
# Each ad becomes a placement (enriched, stored, re-ranked later): one request creates at most this many.
# Larger files go through the command line, which an operator runs.
MAX_ADS_PER_REQUEST = 500


# The documented request: one ad as JobStream delivers it (a list); a search result's ``hits`` works alike.
EXAMPLE_AD = {
    "id": "30000001",
    "headline": "Städare till kontor i Malmö",
    "description": {"text": "Du städar kontor och trapphus på dagtid. Krav: B-körkort."},
    "occupation": {"concept_id": "KF64_AvU_S4N", "label": "Städare", "legacy_ams_taxonomy_id": "4305"},
    "occupation_group": {"concept_id": "4KQd_u3n_6Tr", "label": "Städare", "legacy_ams_taxonomy_id": "9111"},
    "workplace_address": {"municipality_code": "1280", "coordinates": [13.0038, 55.605]},
    "working_hours_type": {"label": "Heltid"},
    "scope_of_work": {"min": 100, "max": 100},
    "driving_license": [{"concept_id": "VTK8_WRx_GcM", "label": "B"}],
    "must_have": {"skills": [{"label": "Lokalvård"}], "languages": [{"label": "Svenska"}]},
    "number_of_vacancies": 2,
}
ADS_EXAMPLES = {
    "jobstream": {"summary": "A list of ads (JobStream)", "value": [EXAMPLE_AD]},
    "search": {
        "summary": "A search result (JobSearch)",
        "value": {"total": {"value": 1}, "hits": [EXAMPLE_AD]},
    },
    "removed": {
        "summary": "An ad taken down: its placement is closed",
        "value": [{"id": "30000001", "removed": True}],
    },
}


class JobSearchImportResult(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "created": 1,
                    "updated": 0,
                    "closed": 0,
                    "skipped": 0,
                    "vacancy_ids": [57],
                    "occupations": {"known": 1, "label": 0, "group": 0, "text": 0},
                }
            ]
        }
    )

    created: int
    updated: int
    closed: int
    skipped: int
    vacancy_ids: list[int]
    occupations: dict[str, int] = Field(
        description="how each created or updated ad's occupation was placed: known (an id of our taxonomy), "
        "label (a newer taxonomy's id whose label we know), group (unknown occupation, its SSYK-4 group "
        "known), text (read from the ad's text alone)"
    )


@router.post("/contracts/{contract_id}/jobsearch-ads", response_model=JobSearchImportResult)
def import_jobsearch_ads(
    contract_id: int,
    session: SessionDep,
    principal: SupplierOrStaff,
    ads: Annotated[
        list[dict[str, Any]] | dict[str, Any],
        Body(
            description="JobSearch ads: a list of JobAd objects (JobStream), a search result with "
            "``hits``, or one ad; at most 500 ads (413 above). Unknown fields are ignored; errors name the "
            "ad (1-based) and field.",
            openapi_examples=ADS_EXAMPLES,
        ),
    ],
    kind: PlacementKind = PlacementKind.EMPLOYMENT,
) -> JobSearchImportResult:
    """Create or update the contract's placements from job ads; all ads or none."""
    contract, _ = contract_for_writing(session, principal, contract_id)
    listed = ads if isinstance(ads, list) else ads.get("hits", [ads])
    numbered = list(enumerate(listed if isinstance(listed, list) else [ads], start=1))
    if len(numbered) > MAX_ADS_PER_REQUEST:
        raise PayloadTooLarge(
            f"at most {MAX_ADS_PER_REQUEST} ads per request (this one has {len(numbered)}); send them in "
            "parts, or import a larger file with `matcher import --format jobsearch`"
        )
    mapped = parse_ads(numbered, numbered_by="ad")
    report = import_ads(session, contract, mapped, kind=kind, numbered_by="ad", principal=principal)
    return JobSearchImportResult(
        created=report.created,
        updated=report.updated,
        closed=report.closed,
        skipped=report.skipped,
        vacancy_ids=report.vacancy_ids,
        occupations={str(k): v for k, v in report.occupations.items()},
    )


EXAMPLE_POSTING = {
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "identifier": "kommunen-2026-114",
    "title": "Lokalvårdare till skolor i Malmö",
    "description": "<p>Du städar klassrum och korridorer på dagtid.</p><ul><li>Heltid</li></ul>",
    "employmentType": "FULL_TIME",
    "datePosted": "2026-11-20",
    "validThrough": "2027-01-31",
    "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Malmö"}},
    "occupationalCategory": "Städare",
    "skills": ["Lokalvård", "Engelska"],
    "totalJobOpenings": 2,
}
POSTING_EXAMPLES = {
    "one": {"summary": "One JobPosting (JSON-LD)", "value": EXAMPLE_POSTING},
    "graph": {
        "summary": "A JSON-LD document with @graph (other nodes are skipped)",
        "value": {
            "@context": "https://schema.org/",
            "@graph": [{"@type": "Organization", "name": "Exempel AB"}, EXAMPLE_POSTING],
        },
    },
    "wrapped": {
        "summary": "Wrapped as the scraped 2020 dev ads are",
        "value": [{"originalJobPosting": EXAMPLE_POSTING, "id": 49791, "yrke": "Städare"}],
    },
}


@router.post("/contracts/{contract_id}/jobposting-ads", response_model=JobSearchImportResult)
def import_jobposting_ads(
    contract_id: int,
    session: SessionDep,
    principal: SupplierOrStaff,
    postings: Annotated[
        list[Any] | dict[str, Any],
        Body(
            description="schema.org JobPosting ads: one object, a list, a JSON-LD document with ``@graph``, "
            'or wrapped as ``{"originalJobPosting": {...}}``; at most 500 (413 above). The ref of each '
            "placement is ``jobposting-`` and the ad's ``identifier`` (else its url): posting the same ad "
            "again updates it; an ad whose ``validThrough`` has passed is not created and closes the "
            "placement an earlier import made (counted as closed, or skipped). Errors name the ad "
            "(1-based) and the posting's field; nothing is written unless every ad is valid.",
            openapi_examples=POSTING_EXAMPLES,
        ),
    ],
    kind: PlacementKind = PlacementKind.EMPLOYMENT,
) -> JobSearchImportResult:
    """Create, update or close the contract's placements from schema.org JobPosting ads; all or none."""
    contract, _ = contract_for_writing(session, principal, contract_id)
    numbered = list(enumerate(postings_of(postings), start=1))
    if len(numbered) > MAX_ADS_PER_REQUEST:
        raise PayloadTooLarge(
            f"at most {MAX_ADS_PER_REQUEST} ads per request (this one has {len(numbered)}); send them in "
            "parts, or import a larger file with `matcher import --format jobposting`"
        )
    mapped = parse_postings(numbered, numbered_by="ad")
    report = import_ads(
        session, contract, mapped, kind=kind, numbered_by="ad", principal=principal, source="jobposting"
    )
    return JobSearchImportResult(
        created=report.created,
        updated=report.updated,
        closed=report.closed,
        skipped=report.skipped,
        vacancy_ids=report.vacancy_ids,
        occupations={str(k): v for k, v in report.occupations.items()},
    )
