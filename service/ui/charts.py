"""Small server-rendered SVG charts for the pages: no JavaScript, nothing fetched from the net.

Each chart is an ``<svg role="img">`` with an accessible name; pages show the same figures in a table
next to it, which is the text alternative.
"""

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH = 640
LABEL_W = 210
VALUE_W = 70
ROW_H = 30
BAR_H = 16
COLOURS = {"normal": "#0b4f8a", "bad": "#a4161a", "good": "#1d6b2f", "muted": "#6b6b6b"}


@dataclass(frozen=True)
class Bar:
    """One row of a horizontal bar chart; ``low``/``high`` draw an interval, ``tone`` picks the colour."""

    label: str
    value: float
    text: str
    low: float | None = None
    high: float | None = None
    tone: str = "normal"


@dataclass(frozen=True)
class Marker:
    """A vertical reference line across the bars (a threshold, the four-fifths line)."""

    value: float
    label: str


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def bar_chart(
    bars: list[Bar],
    *,
    name: str,
    scale_max: float,
    markers: list[Marker] | None = None,
    value_w: int = VALUE_W,
) -> Markup:
    """Horizontal bars from 0 to ``scale_max`` (values beyond it are drawn to the edge); ``value_w`` is
    the room for each bar's text (wider for "0 % (n = 1)" or "no data")."""
    markers = markers or []
    plot_w = WIDTH - LABEL_W - value_w
    top = 18 if markers else 4
    height = top + ROW_H * max(len(bars), 1) + 6
    scale_max = scale_max if scale_max > 0 else 1.0

    def x(v: float) -> float:
        return LABEL_W + plot_w * max(0.0, min(v, scale_max)) / scale_max

    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(name)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" style="max-width:{WIDTH}px" xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{LABEL_W}" y1="{top - 2}" x2="{LABEL_W}" y2="{height - 4}" stroke="#1b1b1b"/>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * ROW_H
        colour = COLOURS.get(bar.tone, COLOURS["normal"])
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + 13}" text-anchor="end" font-size="12" fill="#1b1b1b">'
            f"{escape(bar.label[:34])}</text>"
        )
        parts.append(
            f'<rect x="{LABEL_W}" y="{y + (ROW_H - BAR_H) / 2 - 4}" width="{_fmt(x(bar.value) - LABEL_W)}" '
            f'height="{BAR_H}" fill="{colour}"/>'
        )
        if bar.low is not None and bar.high is not None:
            # The interval under the bar, dark on white (3:1 contrast for graphics), with end ticks.
            cy = y + (ROW_H - BAR_H) / 2 - 4 + BAR_H + 3
            lo, hi = _fmt(x(bar.low)), _fmt(x(bar.high))
            parts.append(
                f'<path d="M{lo} {cy - 3}V{cy + 3}M{lo} {cy}H{hi}M{hi} {cy - 3}V{cy + 3}" '
                f'stroke="#1b1b1b" stroke-width="1.5" fill="none"/>'
            )
        parts.append(
            f'<text x="{WIDTH - value_w + 6}" y="{y + 13}" font-size="12" fill="#1b1b1b">'
            f"{escape(bar.text)}</text>"
        )
    for m in markers:
        mx = _fmt(x(m.value))
        parts.append(
            f'<line x1="{mx}" y1="{top - 4}" x2="{mx}" y2="{height - 4}" stroke="#1b1b1b" '
            f'stroke-dasharray="4 3"/>'
        )
        parts.append(
            f'<text x="{mx}" y="11" font-size="11" text-anchor="middle" fill="#1b1b1b">'
            f"{escape(m.label)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
