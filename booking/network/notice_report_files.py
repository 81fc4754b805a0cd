"""The messages report as files: an Excel workbook (a row per message, figures as numbers, the
day sent as a date, titles and network names through ``core.exports`` so none runs as a
formula) and an A4 PDF (the partnership's name, the period, the sentence, the table, on
landscape pages so the table's thirteen columns fit). Taking one away is audited as the other
reports are (``reports.files.record_export``)."""

from booking.core.exports import TABLE_HEADINGS, A4Document, xlsx_bytes
from booking.core.formatting import one_line
from booking.network.notice_report import NoticeReport, NoticeRow
from booking.reports.periods import day_words

HEADER = (
    "Sent",
    "Title",
    "Kind",
    "Networks",
    "Sectors",
    "Professionals",
    "Shared addresses",
    "Schools, academies and colleges",
    "Post-16 establishments",
    "Other organisations",
    "Delivered",
    "Failed",
    "Pending",
    "Not sent",
)
# The PDF's header: the same columns, in words that fit a narrow one; the networks and the
# sectors share a column ("Designated safeguarding leads; Every sector"), so that the title
# keeps room on an A4 page.
PDF_HEADER = (
    "Sent",
    "Title",
    "Kind",
    "Networks; sectors",
    "Professionals",
    "Shared addresses",
    "Schools",
    "Post-16",
    "Other organisations",
    "Delivered",
    "Failed",
    "Pending",
    "Not sent",
)
_FONT_SIZE = 8
_PADDING = 1  # mm, at each side of a cell
_SLACK = 0.5  # mm more than the text measures, for rounding in fpdf2's line breaking
_WRAPPING = (1, 3)  # Title and Networks wrap at spaces; the other cells stay on one line


def row_cells(row: NoticeRow) -> tuple:
    """A message's cells, in HEADER's order (the day as a date, figures as numbers)."""
    reach, deliveries = row.reach, row.deliveries
    return (
        row.sent_on,
        row.title,
        row.kind.label,
        row.networks_text,
        row.sectors,
        reach.people,
        reach.shared_addresses,
        reach.schools,
        reach.post_16,
        reach.others,
        deliveries.delivered,
        deliveries.failed,
        deliveries.pending,
        deliveries.not_sent,
    )


def notice_report_xlsx(report: NoticeReport) -> bytes:
    """The report as a workbook of one sheet: a header row, then a row per message."""
    return xlsx_bytes("Messages and alerts", HEADER, [row_cells(row) for row in report.rows])


def notice_report_pdf(report: NoticeReport, *, partnership: str) -> bytes:
    """The report as an A4 PDF: the partnership, "Messages and alerts", the period, the
    sentence, then the table (when a message was sent)."""
    period = report.period.words
    document = A4Document(
        title="Messages and alerts",
        running_title=f"Messages and alerts – {period}",
        author=partnership,
        texts=[text for row in report.rows for text in (row.title, *row.networks, row.sectors)],
    )
    document.add_page(orientation="landscape")
    document.title_block(kicker=partnership, heading="Messages and alerts", lines=(period,))
    document.set_font(size=12)
    document.multi_cell(0, 6, one_line(report.sentence), new_x="LMARGIN", new_y="NEXT")
    document.ln(4)
    if report.rows:
        _table(document, report)
    return document.to_bytes()


def _table(document: A4Document, report: NoticeReport) -> None:
    rows = []
    for row in report.rows:
        sent_on, title, kind, networks, sectors, *figures = row_cells(row)
        cells = (title, kind, f"{networks}; {sectors}", *figures)
        rows.append([day_words(sent_on), *(one_line(str(cell)) for cell in cells)])
    widths = _column_widths(document, rows)
    document.set_font(size=_FONT_SIZE)
    with document.table(
        col_widths=widths,
        width=min(sum(widths), document.epw),  # the widths are then proportions
        headings_style=TABLE_HEADINGS,
        line_height=4,
        padding=(_PADDING, _PADDING),
        align="LEFT",
        text_align=(*("LEFT",) * 4, *("RIGHT",) * 9),
    ) as table:
        table.row(PDF_HEADER)
        for cells in rows:
            table.row(cells)
    document.set_font(size=10)


def _column_widths(document: A4Document, rows: list[list[str]]) -> list[float]:
    """Widths (mm) measured in the table's font: each column as wide as its widest heading
    word in bold, and as its widest cell ("Information", "29 September 2026", a figure), or
    for Title and Networks, their widest word, so that no word breaks where a space could
    break the line; those two then share what is left of the page's width, in
    proportion to their text. A word too long for any page (a long web address) still
    breaks."""
    document.set_font(style="B", size=_FONT_SIZE)
    headings = [max(_word_widths(document, heading)) for heading in PDF_HEADER]
    document.set_font(style="", size=_FONT_SIZE)
    needs = []
    for column, heading in enumerate(headings):
        texts = [cells[column] for cells in rows]
        if column in _WRAPPING:
            widest = max(width for text in texts for width in _word_widths(document, text))
        else:
            widest = max(document.get_string_width(text) for text in texts)
        needs.append(max(heading, widest) + 2 * _PADDING + _SLACK)
    fixed = sum(need for column, need in enumerate(needs) if column not in _WRAPPING)
    wrapping = [needs[column] for column in _WRAPPING]
    room = max(document.epw - fixed, 0.25 * document.epw) - _SLACK
    spare = room - sum(wrapping)
    if spare < 0:  # a word longer than the room allows: it alone breaks
        widest = max(range(len(wrapping)), key=wrapping.__getitem__)
        others = sum(need for column, need in enumerate(wrapping) if column != widest)
        shares = list(wrapping)
        shares[widest] = max(room - others, room / len(wrapping))
    else:
        text = [sum(document.get_string_width(cells[c]) for cells in rows) for c in _WRAPPING]
        portions = [amount / sum(text) if sum(text) else 1 / len(text) for amount in text]
        shares = [need + spare * part for need, part in zip(wrapping, portions, strict=True)]
    for column, share in zip(_WRAPPING, shares, strict=True):
        needs[column] = share
    return needs


def _word_widths(document: A4Document, text: str) -> list[float]:
    """The width of each word of the text in the current font; [0] for no text."""
    return [document.get_string_width(word) for word in text.split()] or [0.0]
