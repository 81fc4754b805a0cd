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
# The PDF's header: the same columns, in words that fit a narrow one.
PDF_HEADER = (
    "Sent",
    "Title",
    "Kind",
    "Networks",
    "Profes\u00adsionals",
    "Shared addresses",
    "Schools",
    "Post-16",
    "Other organi\u00adsations",
    "Deliv\u00adered",
    "Failed",
    "Pending",
    "Not sent",
)
PDF_WIDTHS = (23, 41, 18, 40, 17, 19, 16, 15, 17, 15, 13, 17, 16)  # mm: 267, A4 landscape's width


def row_cells(row: NoticeRow) -> tuple:
    """A message's cells, in HEADER's order (the day as a date, figures as numbers)."""
    reach, deliveries = row.reach, row.deliveries
    return (
        row.sent_on,
        row.title,
        row.kind.label,
        row.networks_text,
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
        texts=[text for row in report.rows for text in (row.title, *row.networks)],
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
    document.set_font(size=8)
    with document.table(
        col_widths=PDF_WIDTHS,
        width=sum(PDF_WIDTHS),
        headings_style=TABLE_HEADINGS,
        line_height=4,
        padding=(1, 1),
        align="LEFT",
        text_align=("LEFT", "LEFT", "LEFT", "LEFT", *("RIGHT",) * 9),
    ) as table:
        table.row(PDF_HEADER)
        for row in report.rows:
            cells = row_cells(row)
            table.row([day_words(row.sent_on), *(one_line(str(cell)) for cell in cells[1:])])
    document.set_font(size=10)
