"""Reports for decision makers (aggregates only), the auditor's fairness monitoring and the model card."""

from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from models.enums import Role
from service.auth.deps import Principal, SessionDep, require
from service.platform import audit
from service.platform.errors import BadInput, NotFound
from service.platform.pagination import Page, PageDep
from service.reporting.downloads import contracts_csv
from service.reporting.fairness import FairnessReport, fairness_report
from service.reporting.followup import ContractFollowUp, contract_followup
from service.reporting.model_card import current_model_card
from service.reporting.outcomes import OutcomeReport, outcome_report
from service.reporting.scope import visible_contracts
from service.reporting.socioeconomic import SocioEconomicEstimate, socioeconomic_estimate

router = APIRouter(tags=["reports"])

Reader = Annotated[Principal, Depends(require(Role.PROCUREMENT_OFFICER, Role.STAFF, Role.ADMIN))]
Auditor = Annotated[Principal, Depends(require(Role.AUDITOR))]
AnyUser = Annotated[Principal, Depends(require(*(r.value for r in Role)))]
AsOf = Annotated[date | None, Query(description="the day the figures are computed for; default today")]
Year = Annotated[int, Query(ge=2000, le=2100)]
# Documented answers of the two non-JSON reports (shortened).
CSV_EXAMPLE = (
    "contract_id,ref,title,procuring_org,supplier_org,start_date,end_date,as_of,committed_placements,"
    "committed_fte_months,fulfilment_threshold,placements_total,placements,fte_months,months_elapsed,"
    "months_left,forecast_placements,forecast_fte_months,forecast_fulfilment,status,proposals,"
    "proposals_with_feedback,feedback_rate\r\n"
    "1,sundstad-2024-017,Lokalvård i skolor och förskolor,Sundstads kommun,Glansholmens Städservice AB,"
    "2024-03-01,2027-02-28,2026-12-06,6,,0.75,5,4,27.5,33.197,2.803,4.34,29.8,0.72,at_risk,11,9,0.82\r\n"
)
MODEL_CARD_EXAMPLE = (
    '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Modellkort – rangordningsmodell '
    "bd51223f0245b2d7</title></head><body><h1>Modellkort – rangordningsmodell bd51223f0245b2d7</h1>"
    "<h2>Modell</h2><p>Typ: linjär logistisk poängmodell med förklarbara bidrag.</p>…</body></html>"
)


@router.get("/reports/contracts", response_model=Page[ContractFollowUp])
def list_contract_followups(
    session: SessionDep, principal: Reader, page: PageDep, as_of: AsOf = None
) -> Page[ContractFollowUp]:
    """Follow-up of every contract the caller may see, one page: placements and FTE months against the
    commitment, by kind and target group, the forecast at the current pace and the status (on track, at
    risk, not started). Aggregates only."""
    pairs = visible_contracts(session, principal)
    chosen = pairs[page.offset : page.offset + page.limit]
    day = as_of or date.today()
    items = [contract_followup(session, c, r, day) for c, r in chosen]
    return Page(items=items, total=len(pairs), offset=page.offset, limit=page.limit)


@router.get(
    "/reports/contracts.csv",
    response_class=Response,
    responses={
        200: {"description": "one row per contract", "content": {"text/csv": {"example": CSV_EXAMPLE}}}
    },
)
def export_contract_followups(session: SessionDep, principal: Reader, as_of: AsOf = None) -> Response:
    """The same contract follow-up as a CSV file, one row per contract the caller may see."""
    return contracts_csv(session, principal, as_of or date.today())


@router.get("/reports/contracts/{contract_id}", response_model=ContractFollowUp)
def get_contract_followup(
    contract_id: int, session: SessionDep, principal: Reader, as_of: AsOf = None
) -> ContractFollowUp:
    """Follow-up of one contract (aggregates only); a contract the caller may not see is answered 404."""
    for contract, requirement in visible_contracts(session, principal):
        if contract.id == contract_id:
            return contract_followup(session, contract, requirement, as_of or date.today())
    # Other organisations' contracts are answered like missing ones, so ids do not leak.
    raise NotFound(f"contract {contract_id} does not exist")


@router.get("/reports/outcomes", response_model=OutcomeReport)
def get_outcomes(
    session: SessionDep, principal: Reader, year: Year | None = None, as_of: AsOf = None
) -> OutcomeReport:
    """How placed people fared: employed or studying 6 and 12 months after their placement ended, and who
    left economic assistance for work, overall and by target group, contract, supplier and year.
    Aggregates only."""
    ids = [c.id for c, _ in visible_contracts(session, principal) if c.id is not None]
    return outcome_report(session, ids, year, as_of)


@router.get("/reports/socioeconomic", response_model=SocioEconomicEstimate)
def get_socioeconomic(
    session: SessionDep, principal: Reader, year: Year, as_of: AsOf = None
) -> SocioEconomicEstimate:
    """Estimated socio-economic effect of the year's placements per party (municipality, region, state,
    individual), by target group, with every parameter, its unit, its source and whether it is an
    assumption."""
    ids = [c.id for c, _ in visible_contracts(session, principal) if c.id is not None]
    return socioeconomic_estimate(session, ids, year, as_of)


@router.get("/reports/fairness", response_model=FairnessReport)
def get_fairness(
    session: SessionDep,
    principal: Auditor,
    response: Response,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> FairnessReport:
    """Selection rates per protected group at each stage (shortlisted, proposed, hired) with bootstrap
    intervals, impact ratios against the reference group and four-fifths flags; groups under the minimum
    size are marked small. Audited, never cached."""
    end = end or date.today()
    start = start or end - timedelta(days=365)
    if start > end:
        raise BadInput("from must not be after to")
    # Reading protected attributes, even aggregated, is logged like a read of personal data.
    audit.record(
        session, principal, "fairness.read", "report", "fairness", detail={"from": str(start), "to": str(end)}
    )
    response.headers["Cache-Control"] = "no-store"
    return fairness_report(session, start, end)


@router.get(
    "/model-card",
    response_class=HTMLResponse,
    responses={
        200: {
            "content": {
                "text/html": {"example": MODEL_CARD_EXAMPLE},
                "text/markdown": {
                    "example": "# Modellkort – rangordningsmodell bd51223f0245b2d7\n\n## Modell\n…"
                },
            }
        }
    },
)
def get_model_card(
    session: SessionDep, principal: AnyUser, format: Literal["html", "markdown"] = "html"
) -> Response:
    """The current ranking model's card (version, intended use and limits, features and their weights),
    as HTML or Markdown."""
    card = current_model_card(session, fmt=format)
    if format == "markdown":
        return PlainTextResponse(card, media_type="text/markdown; charset=utf-8")
    return HTMLResponse(card)
