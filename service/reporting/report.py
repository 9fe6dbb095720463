"""The annual report for a kommunfullmäktige: self-contained HTML (inline PNG charts) and a PDF."""

import base64
import io
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from sqlmodel import Session, col, or_, select

from models import Placement
from service.platform import formats
from service.platform.principal import Principal
from service.reporting.followup import ContractFollowUp, contract_followup, fte_months
from service.reporting.labels import GROUP_LABELS, KIND_LABELS, STATUS_LABELS
from service.reporting.outcomes import OutcomeReport, outcome_report
from service.reporting.scope import SYSTEM, visible_contracts
from service.reporting.socioeconomic import (
    PARAMETER_LABELS,
    PARTIES,
    PARTY_LABELS,
    Parameters,
    SocioEconomicEstimate,
    socioeconomic_estimate,
)

TEMPLATES = Path(__file__).parent / "templates"
NO_DATA = "inga uppgifter"


def _figure(width: float, height: float) -> tuple[Figure, Any]:
    # The object API on the Agg canvas: no pyplot global state, safe in a server thread.
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _swedish_ticks(axis: Any) -> None:
    """Tick labels with a decimal comma and spaced thousands, as the tables beside the chart write them."""
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: formats.number(v, 1, "sv")))


def _png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _fulfilment_chart(contracts: list[ContractFollowUp]) -> str:
    fig, ax = _figure(7, 0.35 * len(contracts) + 1.2)
    # Capped like the table: a runaway early forecast would squash every other bar to nothing.
    values = [100 * min(c.forecast_fulfilment or 0.0, FORECAST_CAP) for c in contracts]
    colours = ["#8a1c1c" if c.status == "at_risk" else "#2a6f3e" for c in contracts]
    ax.barh([c.ref for c in contracts], values, color=colours)
    for c in contracts:
        ax.axvline(100 * c.fulfilment_threshold, color="#555", linestyle=":", linewidth=0.8)
    for i, c in enumerate(contracts):
        if c.status == "not_started":  # no pace yet: no bar, and words rather than a failing 0 %
            ax.text(1, i, STATUS_LABELS["not_started"], va="center", fontsize=8)
    ax.invert_yaxis()
    _swedish_ticks(ax.xaxis)
    ax.set_xlabel(
        "Prognostiserad uppfyllelse vid kontraktets slut, % av åtagandet (över 200 % ritas som 200 %)"
    )
    return _png(fig)


def _placements_chart(groups: list[str], kinds: list[str], matrix: dict[str, dict[str, int]]) -> str:
    fig, ax = _figure(7, 3.2)
    left = [0] * len(groups)
    for kind in kinds:
        counts = [matrix[g][kind] for g in groups]
        ax.barh(
            [GROUP_LABELS.get(g, g) for g in groups], counts, left=left, label=KIND_LABELS.get(kind, kind)
        )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Antal placeringar")
    if kinds:
        ax.legend(fontsize=8, loc="lower right")
    return _png(fig)


def _outcomes_chart(outcomes: OutcomeReport) -> str:
    """Bars of the share in work or studies; a group nobody was followed up in gets no bar but the words
    "inga uppgifter", and every bar its n, so that 0 % of one person never looks like no data."""
    rows = [outcomes.overall, *outcomes.by_target_group]
    fig, ax = _figure(7, 3.2)
    for offset, label, field, known in (
        (-0.2, "6 månader", "share_6", "known_6"),
        (0.2, "12 månader", "share_12", "known_12"),
    ):
        xs = [i + offset for i in range(len(rows))]
        values = [100 * (getattr(r, field) or 0) for r in rows]
        ax.bar(xs, values, width=0.4, label=label)
        for x, r, v in zip(xs, rows, values, strict=True):
            n = getattr(r, known)
            text = NO_DATA if n == 0 else f"{_pct(getattr(r, field))}\n(n = {n})"
            ax.text(x, v + 2, text, ha="center", va="bottom", fontsize=6, rotation=90 if n == 0 else 0)
    ax.set_xticks(
        list(range(len(rows))), [GROUP_LABELS.get(r.key, r.label) for r in rows], rotation=20, fontsize=8
    )
    _swedish_ticks(ax.yaxis)
    ax.set_ylabel("% i arbete eller studier")
    ax.set_ylim(0, 125)
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    ax.legend(fontsize=8, loc="upper right")
    return _png(fig)


def _socioeconomic_chart(estimate: SocioEconomicEstimate) -> str:
    fig, ax = _figure(7, 2.8)
    values = [estimate.totals.get(p, 0.0) / 1000 for p in PARTIES]
    ax.bar([PARTY_LABELS[p] for p in PARTIES], values, color=["#1f4e79", "#2e75b6", "#7f6000", "#548235"])
    ax.axhline(0, color="#333", linewidth=0.8)
    _swedish_ticks(ax.yaxis)
    ax.set_ylabel("Tusen kronor")
    return _png(fig)


def _placements_in_year(session: Session, contract_ids: list[int], year: int, as_of: date) -> list[Placement]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    return list(
        session.exec(
            select(Placement).where(
                col(Placement.contract_id).in_(contract_ids),
                Placement.start_date <= min(end, as_of),
                or_(col(Placement.end_date).is_(None), col(Placement.end_date) >= start),
            )
        ).all()
    )


def _pct(value: float | None) -> str:
    return formats.percent(value, "sv")


FORECAST_CAP = 2.0


def _share_n(share: float | None, n: int) -> str:
    """A share with its n; with n = 0 the words "inga uppgifter", never a 0 % or a bare dash."""
    return NO_DATA if n == 0 else f"{_pct(share)} (n\xa0=\xa0{n})"


def _forecast(value: float | None) -> str:
    """A forecast share in words where a figure would mislead: a linear forecast from a quick start runs
    away (546 %), so anything above twice the commitment reads "över 200 %"."""
    if value is not None and value > FORECAST_CAP:
        return f"över {_pct(FORECAST_CAP)}"
    return _pct(value)


def _sek(value: float) -> str:
    return formats.amount(value, "sv")


def _num(value: float | None, digits: int | None = None) -> str:
    """``digits`` decimals, or (``None``) as many as the value has, up to four: ``0.3142`` → ``0,3142``."""
    return formats.number(value, 4, "sv") if digits is None else formats.decimal(value, digits, "sv")


def _value(value: Any) -> str:
    """A parameter's value in words: target groups and placement kinds by their labels, numbers Swedish."""
    if isinstance(value, dict):
        return ", ".join(f"{GROUP_LABELS.get(k, k)}: {_num(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(KIND_LABELS.get(str(v), str(v)) for v in value)
    if isinstance(value, int | float):
        return _num(value)
    return str(value)


def report_html(
    session: Session,
    year: int,
    today: date | None = None,
    params: Parameters | None = None,
    *,
    principal: Principal = SYSTEM,
) -> str:
    """The annual report as one self-contained HTML page (Swedish), over the contracts ``principal`` may
    follow up (every contract for the CLI; an officer's own authority's on the web)."""
    as_of = min(today or date.today(), date(year, 12, 31))
    pairs = visible_contracts(session, principal)
    contracts = [
        contract_followup(session, c, r, as_of) for c, r in pairs if c.start_date <= date(year, 12, 31)
    ]
    ids = [c.contract_id for c in contracts]
    placements = _placements_in_year(session, ids, year, as_of)
    matrix: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    fte_by_group: dict[str, float] = defaultdict(float)
    kinds = sorted({str(p.kind) for p in placements}, key=list(KIND_LABELS).index)
    for p in placements:
        group = str(p.target_group or "unknown")
        matrix[group][str(p.kind)] += 1
        fte_by_group[group] += fte_months(p, as_of, date(year, 1, 1), date(year + 1, 1, 1))
    groups = sorted(matrix, key=lambda g: list(GROUP_LABELS).index(g) if g in GROUP_LABELS else 99)
    outcomes = outcome_report(session, ids, year, as_of)
    estimate = socioeconomic_estimate(session, ids, year, as_of, params)
    at_risk = [c for c in contracts if c.status == "at_risk"]
    summary = (
        f"Av {len(contracts)} kontrakt är {sum(c.status == 'on_track' for c in contracts)} i fas och "
        f"{len(at_risk)} i riskzonen. Under {year} gav placeringarna med lön en uppskattad samhällsekonomisk "
        f"effekt på {_sek(estimate.totals.get('total', 0.0))} kronor, varav "
        f"{_sek(estimate.totals.get('municipality', 0.0))} kronor för kommunen."
    )
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    return env.get_template("annual_report.html").render(
        title=f"Sysselsättningskrav – årsrapport {year}",
        year=year,
        as_of=as_of,
        generated=date.today(),
        contracts=contracts,
        at_risk=at_risk,
        placements_year=sum(1 for p in placements if p.start_date.year == year),
        summary=summary,
        groups=groups,
        kinds=kinds,
        matrix=matrix,
        fte_by_group=fte_by_group,
        outcomes=outcomes,
        estimate=estimate,
        parties=PARTIES,
        party_labels=PARTY_LABELS,
        labels={"group": GROUP_LABELS, "kind": KIND_LABELS, "status": STATUS_LABELS},
        charts={
            "fulfilment": _fulfilment_chart(contracts),
            "placements": _placements_chart(groups, kinds, matrix),
            "outcomes": _outcomes_chart(outcomes),
            "socioeconomic": _socioeconomic_chart(estimate),
        },
        pct=_pct,
        share_n=_share_n,
        forecast=_forecast,
        forecast_cap=_pct(FORECAST_CAP),
        sek=_sek,
        num=_num,
        day=lambda d: formats.day(d, "sv"),
        value=_value,
        parameter_labels=PARAMETER_LABELS,
    )


def build_report(
    session: Session, year: int, out_dir: Path, *, today: date | None = None, params: Parameters | None = None
) -> tuple[Path, Path]:
    """Write ``arsrapport-<year>.html`` and ``.pdf`` into out_dir; returns (html_path, pdf_path)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    page = report_html(session, year, today, params)
    html_path = out_dir / f"arsrapport-{year}.html"
    pdf_path = out_dir / f"arsrapport-{year}.pdf"
    html_path.write_text(page, encoding="utf-8")
    pdf_path.write_bytes(build_pdf(page))
    return html_path, pdf_path


def build_pdf(page: str) -> bytes:
    """The report page as a tagged, accessible PDF (A4; wide tables on landscape pages, see the
    template's ``@page``)."""
    from weasyprint import HTML  # heavy import (pango); only the report needs it

    # PDF/UA-1: a tagged PDF (structure tree, headings, tables, figures with their alt text), its language
    # from <html lang> and its title from <title>, shown as the window title (DisplayDocTitle).
    pdf: bytes = HTML(string=page).write_pdf(pdf_variant="pdf/ua-1")
    return pdf
