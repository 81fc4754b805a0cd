"""Charts drawn on the server as inline SVG: horizontal bars, each labelled with its value, that
scale to the page's width (320 px and up) and need no script. A chart is a picture of figures a
GOV.UK table beside it also gives: the SVG is ``role="img"`` with a title naming the table, and
reads nothing a screen reader would not get from that table."""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

_WIDTH = 640
_LABEL_WIDTH = 250
_BAR_HEIGHT = 28
_GAP = 10
_VALUE_ROOM = 60
_BAR_COLOUR = "#1d70b8"  # GOV.UK blue: 4.5:1 against white for the value beside it
_TRACK_COLOUR = "#f3f2f1"
_TEXT_COLOUR = "#0b0c0c"


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
    identifier = escape(chart_id or "chart", quote=True)
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
        shown = escape(bar.shown or _number(bar.value))
        parts += [
            f'<text x="{_LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="16" fill="{_TEXT_COLOUR}">'
            f"{escape(_cut(bar.label))}</text>",
            f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{room}" height="{_BAR_HEIGHT}" '
            f'fill="{_TRACK_COLOUR}"/>',
            f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{_BAR_HEIGHT}" '
            f'fill="{_BAR_COLOUR}"/>',
            f'<text x="{_LABEL_WIDTH + length + 6:.1f}" y="{middle}" dominant-baseline="middle" '
            f'font-size="16" fill="{_TEXT_COLOUR}">{shown}</text>',
        ]
    parts.append("</svg>")
    return Markup("".join(parts))


def _cut(label: str, most: int = 28) -> str:
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _number(value: int | float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
