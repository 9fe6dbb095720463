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
NARROW_WIDTH = 360  # a phone's width less the page margins: text stays at its size
LABEL_ROW = 16  # narrow: each label on its own line above its bar
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
    the room for each bar's text (wider for "0 % (n = 1)" or "no data").

    Two drawings of the same chart: labels beside the bars for wide screens, labels above the bars for
    phones (``chart-narrow``; the stylesheet shows one). Scaled down to a phone, the wide drawing's text
    would shrink to half its size."""
    wide = _draw(bars, name, scale_max, markers or [], value_w, narrow=False)
    narrow = _draw(bars, name, scale_max, markers or [], value_w, narrow=True)
    return Markup(wide + narrow)


def _draw(
    bars: list[Bar], name: str, scale_max: float, markers: list[Marker], value_w: int, *, narrow: bool
) -> str:
    width, label_w = (NARROW_WIDTH, 0) if narrow else (WIDTH, LABEL_W)
    row_h = ROW_H + (LABEL_ROW if narrow else 0)
    bar_top = LABEL_ROW if narrow else 0  # where a row's bar starts below its label
    plot_w = width - label_w - value_w
    top = 18 if markers else 4
    height = top + row_h * max(len(bars), 1) + 6
    scale_max = scale_max if scale_max > 0 else 1.0

    def x(v: float) -> float:
        return label_w + plot_w * max(0.0, min(v, scale_max)) / scale_max

    parts = [
        f'<svg class="chart chart-{"narrow" if narrow else "wide"}" role="img" aria-label="{escape(name)}" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{label_w}" y1="{top - 2}" x2="{label_w}" y2="{height - 4}" stroke="#1b1b1b"/>',
    ]
    for i, bar in enumerate(bars):
        y = top + i * row_h
        colour = COLOURS.get(bar.tone, COLOURS["normal"])
        if narrow:
            parts.append(
                f'<text x="4" y="{y + 13}" font-size="13" fill="#1b1b1b">{escape(bar.label[:48])}</text>'
            )
        else:
            parts.append(
                f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12" fill="#1b1b1b">'
                f"{escape(bar.label[:34])}</text>"
            )
        by = y + bar_top + (ROW_H - BAR_H) / 2 - 4
        parts.append(
            f'<rect x="{label_w}" y="{by}" width="{_fmt(x(bar.value) - label_w)}" '
            f'height="{BAR_H}" fill="{colour}"/>'
        )
        if bar.low is not None and bar.high is not None:
            # The interval under the bar, dark on white (3:1 contrast for graphics), with end ticks.
            cy = by + BAR_H + 3
            lo, hi = _fmt(x(bar.low)), _fmt(x(bar.high))
            parts.append(
                f'<path d="M{lo} {cy - 3}V{cy + 3}M{lo} {cy}H{hi}M{hi} {cy - 3}V{cy + 3}" '
                f'stroke="#1b1b1b" stroke-width="1.5" fill="none"/>'
            )
        parts.append(
            f'<text x="{width - value_w + 6}" y="{y + bar_top + 13}" font-size="{13 if narrow else 12}" '
            f'fill="#1b1b1b">{escape(bar.text)}</text>'
        )
    for m in markers:
        mx = _fmt(x(m.value))
        # Narrow: the line is drawn beside each bar only, not through the labels above the bars.
        spans = (
            [(top + i * row_h + bar_top - 6, top + (i + 1) * row_h - 2) for i in range(len(bars))]
            if narrow
            else [(top - 4, height - 4)]
        )
        for y1, y2 in spans:
            parts.append(
                f'<line x1="{mx}" y1="{y1}" x2="{mx}" y2="{y2}" stroke="#1b1b1b" stroke-dasharray="4 3"/>'
            )
        parts.append(
            f'<text x="{mx}" y="11" font-size="11" text-anchor="middle" fill="#1b1b1b">'
            f"{escape(m.label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
