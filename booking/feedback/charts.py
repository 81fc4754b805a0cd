"""Charts drawn on the server as inline SVG: a horizontal stacked bar of a question's answers,
and one bar per event for a question compared across events.

Colour is never alone: each segment is written with its percentage, every other segment is
hatched, segments run left to right in the legend's order, and the legend names each option
with its percentage and count. The SVG is an image (``role="img"``) labelled by its figure's
caption; the page gives the same figures in a table beside it, as its text alternative. The
colours, hatching and escaped text are every chart's (``core.charts``).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from booking.core.charts import (
    BORDER_COLOUR,
    PALETTE,
    TEXT_COLOUR,
    TRACK_COLOUR,
    hatch_pattern,
    svg_text,
)
from booking.core.formatting import whole_percent
from booking.feedback.summary import QuestionSummary

WIDTH = 640
BAR_HEIGHT = 32
ROW_GAP = 14
LABEL_HEIGHT = 20
LEGEND_ROW = 24
SWATCH = 16
SEGMENT_TEXT_WIDTH = 38  # a segment narrower than this carries no text (the legend has it)
FONT = 'font-family="Arial, sans-serif" font-size="14"'


@dataclass(frozen=True)
class Bar:
    title: str  # "" for a chart of one bar
    counts: Sequence[int]  # one per legend label


def question_chart(question: QuestionSummary, chart_id: str) -> Markup:
    """The question's answers as one stacked bar, in a figure captioned with the question."""
    labels = [option.label for option in question.options]
    bar = Bar("", [option.count for option in question.options])
    caption = f"Chart: {question.text} ({question.answered} answered)"
    return stacked_bars(chart_id, caption, labels, [bar])


def stacked_bars(chart_id: str, caption: str, labels: Sequence[str], bars: Sequence[Bar]) -> Markup:
    """A figure: the caption, then an SVG of one stacked bar per ``bars`` (each titled above
    when it has a title), then a legend of ``labels`` with each one's share of all the bars'
    answers when there is one bar."""
    defs = [hatch_pattern(f"{chart_id}-hatch")]
    parts, y = [], 0
    for bar in bars:
        if bar.title:
            parts.append(_text(0, y + 15, bar.title, 'font-weight="bold"'))
            y += LABEL_HEIGHT
        parts += _bar(chart_id, bar, y)
        y += BAR_HEIGHT + ROW_GAP
    totals = [sum(bar.counts[i] for bar in bars) for i in range(len(labels))]
    for index, label in enumerate(labels):
        parts += _legend_row(chart_id, index, label, totals, y, show_share=len(bars) == 1)
        y += LEGEND_ROW
    caption_id = f"{chart_id}-caption"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{caption_id}" '
        f'viewBox="0 0 {WIDTH} {max(y, 1)}" width="100%" focusable="false">'
        f"<defs>{''.join(defs)}</defs>{''.join(parts)}</svg>"
    )
    return Markup(
        f'<figure class="feedback-chart govuk-!-margin-0 govuk-!-margin-bottom-4">'
        f'<figcaption id="{caption_id}" class="govuk-body-s govuk-!-margin-bottom-1">'
        f"{escape(caption)}</figcaption>{svg}</figure>"
    )


def _bar(chart_id: str, bar: Bar, y: int) -> list[str]:
    total = sum(bar.counts)
    if total == 0:
        return [
            f'<rect x="0" y="{y}" width="{WIDTH}" height="{BAR_HEIGHT}" fill="{TRACK_COLOUR}" '
            f'stroke="{BORDER_COLOUR}"/>',
            _text(8, y + 21, "No answers", f'fill="{TEXT_COLOUR}"'),
        ]
    parts, x = [], 0.0
    for index, count in enumerate(bar.counts):
        if count == 0:
            continue
        width = WIDTH * count / total
        parts.append(_segment(chart_id, index, x, y, width, BAR_HEIGHT))
        if width >= SEGMENT_TEXT_WIDTH:
            share = f"{whole_percent(count, total)}%"
            parts.append(_text(x + width / 2, y + 21, share, 'fill="#ffffff" text-anchor="middle"'))
        x += width
    return parts


def _segment(chart_id: str, index: int, x: float, y: float, width: float, height: float) -> str:
    """A segment (or a legend's swatch) in the option's colour, hatched for every other one."""
    box = f'x="{x:.2f}" y="{y}" width="{width:.2f}" height="{height}"'
    fill = PALETTE[index % len(PALETTE)]
    segment = f'<rect {box} fill="{fill}" stroke="#ffffff" stroke-width="1"/>'
    if index % 2:
        segment += f'<rect {box} fill="url(#{chart_id}-hatch)"/>'
    return segment


def _legend_row(
    chart_id: str, index: int, label: str, totals: list[int], y: int, *, show_share: bool
) -> list[str]:
    answered = sum(totals)
    words = label
    if show_share:
        share = whole_percent(totals[index], answered)
        words = f"{label}: {'–' if share is None else f'{share}%'} ({totals[index]})"
    return [
        _segment(chart_id, index, 0, y + 4, SWATCH, SWATCH),
        _text(SWATCH + 8, y + 17, words, f'fill="{TEXT_COLOUR}"'),
    ]


def _text(x: float, y: float, words: str, attributes: str = "") -> str:
    return svg_text(x, y, words, f"{FONT} {attributes}")
