"""Charts drawn on the server as inline SVG, and the pieces every chart shares: the colours,
the hatching, and text escaped. Here, horizontal bars, each labelled with its value, that scale
to the page's width (320 px and up) and need no script (``feedback.charts`` draws stacked bars
from the same pieces). A chart is a picture of figures a GOV.UK table beside it also gives: the
SVG is ``role="img"`` named after that table, and reads nothing a screen reader would not get
from it. Presentation attributes only (no ``style``), as the Content Security Policy allows."""

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

_WIDTH = 640
_LABEL_WIDTH = 250
_BAR_HEIGHT = 28
_GAP = 10
_VALUE_ROOM = 60
_BAR_COLOUR = "#1d70b8"  # GOV.UK blue: 4.5:1 against white for the value beside it
TRACK_COLOUR = "#f3f2f1"  # GOV.UK light grey: an empty bar's ground
BORDER_COLOUR = "#505a5f"
TEXT_COLOUR = "#0b0c0c"
# GOV.UK colours dark enough for white text on them (4.5:1 or more), one per option in order.
PALETTE = ("#942514", "#6f3a00", "#505a5f", "#4c2c92", "#1d70b8", "#00703c", "#0b0c0c")
_WRITTEN = f'dominant-baseline="middle" font-size="16" fill="{TEXT_COLOUR}"'


def svg_text(x: float, y: float, words: str, attributes: str = "") -> str:
    """A ``<text>`` element at (x, y) saying ``words``, escaped; ``attributes`` are written as
    given (fixed presentation attributes, never what someone typed)."""
    return f'<text x="{_coordinate(x)}" y="{_coordinate(y)}" {attributes}>{escape(words)}</text>'


def hatch_pattern(pattern_id: str) -> str:
    """A ``<pattern>`` of dark diagonal lines, laid over every other segment so that colour is
    never alone; white text on it stays readable."""
    return (
        f'<pattern id="{escape(pattern_id)}" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        f'<rect width="3" height="8" fill="{TEXT_COLOUR}" fill-opacity="0.45"/></pattern>'
    )


def _coordinate(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float
    shown: str = ""  # the value as written beside the bar ("65%"); the value itself by default


def bar_chart_svg(
    title: str, bars: Sequence[Bar], *, maximum: float | None = None, chart_id: str = ""
) -> Markup:
    """An inline SVG of horizontal bars, longest for the largest value (or ``maximum``: 100
    for percentages), each with its label on the left and its value at its end. ``title`` is
    the SVG's accessible name (say which table holds the figures). Labels longer than the
    room left are cut with an ellipsis (the table has them whole)."""
    top = max([maximum or 0, *(bar.value for bar in bars)]) or 1
    height = len(bars) * (_BAR_HEIGHT + _GAP) + _GAP
    room = _WIDTH - _LABEL_WIDTH - _VALUE_ROOM
    identifier = escape(chart_id or "chart")
    parts = [
        f'<svg class="app-chart" id="{identifier}" width="100%" viewBox="0 0 {_WIDTH} {height}" '
        f'role="img" aria-labelledby="{identifier}-title" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{identifier}-title">{escape(title)}</title>',
    ]
    for number, bar in enumerate(bars):
        y = _GAP + number * (_BAR_HEIGHT + _GAP)
        length = room * bar.value / top if bar.value > 0 else 0
        middle = y + _BAR_HEIGHT / 2
        shown = bar.shown or _number(bar.value)
        parts += [
            svg_text(_LABEL_WIDTH - 8, middle, _cut(bar.label), f'text-anchor="end" {_WRITTEN}'),
            f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{room}" height="{_BAR_HEIGHT}" '
            f'fill="{TRACK_COLOUR}"/>',
            f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{_BAR_HEIGHT}" '
            f'fill="{_BAR_COLOUR}"/>',
            svg_text(_LABEL_WIDTH + length + 6, middle, shown, _WRITTEN),
        ]
    parts.append("</svg>")
    return Markup("".join(parts))


def _cut(label: str, most: int = 28) -> str:
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _number(value: int | float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
