"""Socio-economic estimate per month of employment, split by municipality, region, state and individual.

In the spirit of Upphandlingsmyndigheten's calculation model: had the person not been placed they would
have stayed unemployed, so each full-time month of paid placement brings the public sector tax, fees and
saved transfers and the person a net income gain. Every figure comes from ``data/socioeconomic.toml``,
where each parameter names its source and says whether it is an assumption.
"""

import tomllib
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, select

from models import Placement
from models.base import with_examples
from service.platform.config import REPO_ROOT
from service.reporting.followup import fte_months

PARAMETERS = REPO_ROOT / "data" / "socioeconomic.toml"
PARTIES = ("municipality", "region", "state", "individual")
PARTY_LABELS = {
    "municipality": "Kommunen",
    "region": "Regionen",
    "state": "Staten",
    "individual": "Individen",
}
ITEM_LABELS = {
    "municipal_tax": "Kommunalskatt (kommunens del)",
    "assistance_saved": "Minskat ekonomiskt bistånd",
    "regional_tax": "Kommunalskatt (regionens del)",
    "employer_fees": "Arbetsgivaravgifter",
    "tax_credit": "Jobbskatteavdrag (kostnad)",
    "benefits_saved": "Minskad statlig ersättning (etableringsersättning, aktivitetsstöd)",
    "wage_subsidy": "Anställningsstöd (kostnad)",
    "net_wage": "Nettolön",
    "assistance_lost": "Bortfallet ekonomiskt bistånd",
    "benefits_lost": "Bortfallen statlig ersättning",
}
# What the report calls each parameter of data/socioeconomic.toml (its keys are not words for a reader).
PARAMETER_LABELS = {
    "monthly_salary": "Bruttolön per heltidsmånad",
    "employer_fee_rate": "Arbetsgivaravgifter",
    "municipal_tax_rate": "Kommunalskatt, kommunens del",
    "regional_tax_rate": "Kommunalskatt, regionens del",
    "basic_deduction": "Grundavdrag",
    "earned_income_tax_credit": "Jobbskatteavdrag",
    "economic_assistance_per_month": "Ekonomiskt bistånd per månad",
    "share_on_assistance": "Andel med ekonomiskt bistånd före placeringen",
    "benefit_days_per_month": "Ersättningsdagar per månad",
    "state_benefit_per_day": "Statlig ersättning per dag",
    "wage_subsidy_share": "Anställningsstöd, andel av lönen",
    "salaried_kinds": "Placeringsformer med lön",
}


class Parameter(BaseModel):
    key: str
    value: float | dict[str, float] | list[str]
    unit: str
    source: str
    assumption: bool


class Parameters(BaseModel):
    valid_for: int
    note: str
    items: dict[str, Parameter]

    def number(self, key: str, group: str | None = None) -> float:
        value = self.items[key].value
        if isinstance(value, dict):
            return float(value.get(group or "other", value.get("other", 0.0)))
        if isinstance(value, list):
            raise TypeError(f"parameter {key} is a list")
        return float(value)

    def names(self, key: str) -> list[str]:
        value = self.items[key].value
        return list(value) if isinstance(value, list) else []


class EstimateLine(BaseModel):
    party: str
    item: str
    label: str
    amount: float


class GroupEstimate(BaseModel):
    target_group: str
    fte_months: float
    per_fte_month: dict[str, float]
    totals: dict[str, float]


class SocioEconomicEstimate(BaseModel):
    model_config = with_examples(
        {
            "year": 2026,
            "as_of": "2026-12-06",
            "fte_months": 27.5,
            "totals": {
                "municipality": 412500.0,
                "region": 96250.0,
                "state": 151250.0,
                "individual": 165000.0,
                "total": 825000.0,
            },
            "per_fte_month": {
                "municipality": 15000.0,
                "region": 3500.0,
                "state": 5500.0,
                "individual": 6000.0,
                "total": 30000.0,
            },
            "by_target_group": [
                {
                    "target_group": "economic_assistance",
                    "fte_months": 12.0,
                    "per_fte_month": {
                        "municipality": 17000.0,
                        "region": 3500.0,
                        "state": 5500.0,
                        "individual": 4000.0,
                        "total": 30000.0,
                    },
                    "totals": {
                        "municipality": 204000.0,
                        "region": 42000.0,
                        "state": 66000.0,
                        "individual": 48000.0,
                        "total": 360000.0,
                    },
                }
            ],
            "lines": [
                {
                    "party": "municipality",
                    "item": "assistance_saved",
                    "label": "Minskat ekonomiskt bistånd",
                    "amount": 132000.0,
                }
            ],
            "parameters": [
                {
                    "key": "monthly_salary",
                    "value": 26000.0,
                    "unit": "SEK per heltidsmånad (bruttolön)",
                    "source": "Antagande: i nivå med lägstalöner i kollektivavtal för t.ex. lokalvård.",
                    "assumption": True,
                }
            ],
        }
    )

    year: int
    as_of: date
    fte_months: float
    totals: dict[str, float]  # per party and "total"
    per_fte_month: dict[str, float]
    by_target_group: list[GroupEstimate]
    lines: list[EstimateLine]  # totals per item
    parameters: list[Parameter]


def load_parameters(path: Path = PARAMETERS) -> Parameters:
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    items = {key: Parameter(key=key, **spec) for key, spec in data["params"].items()}
    return Parameters(
        valid_for=int(data["meta"]["valid_for"]), note=data["meta"].get("note", ""), items=items
    )


def per_month_effects(params: Parameters, target_group: str) -> list[EstimateLine]:
    """The effect of one full-time month of paid placement for a person of the target group."""
    salary = params.number("monthly_salary")
    taxable = max(0.0, salary - params.number("basic_deduction"))
    municipal_tax = taxable * params.number("municipal_tax_rate")
    regional_tax = taxable * params.number("regional_tax_rate")
    credit = params.number("earned_income_tax_credit")
    assistance = params.number("economic_assistance_per_month") * params.number(
        "share_on_assistance", target_group
    )
    benefit = params.number("state_benefit_per_day", target_group) * params.number("benefit_days_per_month")
    effects = [
        ("municipality", "municipal_tax", municipal_tax),
        ("municipality", "assistance_saved", assistance),
        ("region", "regional_tax", regional_tax),
        ("state", "employer_fees", salary * params.number("employer_fee_rate")),
        ("state", "tax_credit", -credit),
        ("state", "benefits_saved", benefit),
        ("state", "wage_subsidy", -salary * params.number("wage_subsidy_share")),
        ("individual", "net_wage", salary - municipal_tax - regional_tax + credit),
        ("individual", "assistance_lost", -assistance),
        ("individual", "benefits_lost", -benefit),
    ]
    return [EstimateLine(party=p, item=i, label=ITEM_LABELS[i], amount=a) for p, i, a in effects]


def _by_party(lines: Iterable[EstimateLine], factor: float = 1.0) -> dict[str, float]:
    out = dict.fromkeys(PARTIES, 0.0)
    for line in lines:
        out[line.party] += line.amount * factor
    out["total"] = sum(out[p] for p in PARTIES)
    return {k: round(v, 2) for k, v in out.items()}


def socioeconomic_estimate(
    session: Session,
    contract_ids: Iterable[int],
    year: int,
    as_of: date | None = None,
    params: Parameters | None = None,
) -> SocioEconomicEstimate:
    """FTE months of paid placements worked in ``year`` (up to ``as_of``) times the per-month effects."""
    params = params or load_parameters()
    as_of = min(as_of or date.today(), date(year, 12, 31))
    salaried = set(params.names("salaried_kinds"))
    start, stop = date(year, 1, 1), date(year + 1, 1, 1)
    months: dict[str, float] = defaultdict(float)
    rows = session.exec(
        select(Placement).where(
            col(Placement.contract_id).in_(list(contract_ids)), Placement.start_date < stop
        )
    ).all()
    for p in rows:
        if str(p.kind) in salaried:
            months[str(p.target_group or "other")] += fte_months(p, as_of, start, stop)
    groups: list[GroupEstimate] = []
    item_totals: dict[tuple[str, str], float] = defaultdict(float)
    for group in sorted(g for g, m in months.items() if m > 0):
        effects = per_month_effects(params, group)
        for line in effects:
            item_totals[(line.party, line.item)] += line.amount * months[group]
        groups.append(
            GroupEstimate(
                target_group=group,
                fte_months=round(months[group], 3),
                per_fte_month=_by_party(effects),
                totals=_by_party(effects, months[group]),
            )
        )
    lines = [
        EstimateLine(party=p, item=i, label=ITEM_LABELS[i], amount=round(a, 2))
        for (p, i), a in item_totals.items()
    ]
    total_months = sum(months.values())
    totals = _by_party(lines)
    per_month = {k: round(v / total_months, 2) for k, v in totals.items()} if total_months else {}
    return SocioEconomicEstimate(
        year=year,
        as_of=as_of,
        fte_months=round(total_months, 3),
        totals=totals,
        per_fte_month=per_month,
        by_target_group=groups,
        lines=lines,
        parameters=list(params.items.values()),
    )
