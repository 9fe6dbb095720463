"""The target-group report as files: a spreadsheet CSV and a self-contained Swedish HTML page for the PDF."""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from service.platform import formats
from service.reporting.report import NO_DATA, _figure, _png
from service.reporting.spreadsheet import percent_value, to_spreadsheet_csv
from service.reporting.target_groups import Breakdown, GroupFigures, TargetGroupReport

TEMPLATES = Path(__file__).parent / "templates"
HEADER = (
    "Avgränsning",
    "Del",
    "Målgrupp",
    "Föreslagna",
    "Anställda",
    "Uppföljda efter 6 månader",
    "I arbete efter 6 månader",
    "Andel i arbete efter 6 månader (%)",
    "Uppföljda efter 12 månader",
    "I arbete efter 12 månader",
    "Andel i arbete efter 12 månader (%)",
    "Litet underlag (färre än 5 uppföljda)",
)


def share_text(share: float | None, n: int) -> str:
    """ "inga uppgifter" when nobody was followed up (n = 0); otherwise the share with its n."""
    return NO_DATA if n == 0 else f"{formats.percent(share, 'sv')} (n\xa0=\xa0{n})"


def _line(scope: str, part: str, g: GroupFigures) -> list[object]:
    return [
        scope,
        part,
        g.label,
        g.proposed,
        g.hired,
        g.followed_6,
        g.employed_6,
        percent_value(g.share_6),
        g.followed_12,
        g.employed_12,
        percent_value(g.share_12),
        g.small_6 or g.small_12,
    ]


def sections(report: TargetGroupReport) -> list[tuple[str, list[Breakdown]]]:
    """The breakdowns in the order every format shows them, each with its Swedish heading."""
    overall = Breakdown(key="all", label="Hela urvalet", groups=report.groups, total=report.total)
    return [
        ("Totalt", [overall]),
        ("Per kontrakt", report.by_contract),
        ("Per leverantör", report.by_supplier),
        ("Per år", report.by_year),
    ]


def to_spreadsheet(report: TargetGroupReport) -> bytes:
    """Every breakdown's rows, one line per target group and a total line per part."""
    rows = [
        _line(scope, part.label, g)
        for scope, parts in sections(report)
        for part in parts
        for g in (*part.groups, part.total)
    ]
    return to_spreadsheet_csv(HEADER, rows)


def chart_png(groups: list[GroupFigures]) -> str:
    """Per group: proposed and hired (bars) with the count written at each bar, as a base64 PNG."""
    fig, ax = _figure(7, 0.45 * len(groups) + 1.2)
    ys = range(len(groups))
    ax.barh([y - 0.2 for y in ys], [g.proposed for g in groups], height=0.4, label="Föreslagna")
    ax.barh([y + 0.2 for y in ys], [g.hired for g in groups], height=0.4, label="Anställda")
    for y, g in zip(ys, groups, strict=True):
        ax.text(g.proposed, y - 0.2, f" {g.proposed}", va="center", fontsize=7)
        ax.text(g.hired, y + 0.2, f" {g.hired}", va="center", fontsize=7)
    ax.set_yticks(list(ys), [g.label for g in groups], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("Antal personer")
    ax.legend(fontsize=8, loc="lower right")
    return _png(fig)


def title(report: TargetGroupReport) -> str:
    period = str(report.year) if report.year else "alla år"
    return f"Målgrupper i sysselsättningskrav – {period}"


def report_page(report: TargetGroupReport, title: str) -> str:
    """The whole report as one self-contained Swedish HTML page (the PDF is printed from it)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    return env.get_template("target_groups.html").render(
        title=title,
        report=report,
        sections=sections(report),
        chart=chart_png(report.groups),
        share=share_text,
        day=lambda d: formats.day(d, "sv"),
    )
