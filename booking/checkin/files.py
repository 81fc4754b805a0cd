"""The door's files: the sign-in sheet to print for venues that need a paper register, and the
register as CSV and XLSX. They take plain values, so the door's services decide what is in them
and in which order (a sign-in sheet's rows sorted with ``core.formatting.surname_key``)."""

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from fpdf.fonts import FontFace

from booking.core.exports import A4Document, csv_lines, xlsx_bytes
from booking.core.formatting import one_line


@dataclass(frozen=True)
class SheetHeading:
    """What the top of a sign-in sheet says."""

    partnership: str  # "Northshire Safeguarding Children Partnership"
    title: str  # the event's title; a workshop's is "Conference title: Workshop title"
    when: str  # already written out: "Tuesday 29 January 2019, 9:30am to 4pm"
    venue: str  # the venue, or "Online"


@dataclass(frozen=True)
class SheetRow:
    name: str
    organisation: str


SHEET_HEADINGS = ("No.", "Name", "Organisation", "Signature")
# Millimetres: the number, the name, the organisation, and room to sign (180mm between margins).
_SHEET_COLUMNS = (12, 52, 56, 60)
_SIGNATURE_HEIGHT = 13


def sign_in_sheet_pdf(
    heading: SheetHeading, rows: Sequence[SheetRow], *, blank_rows: int = 10
) -> bytes:
    """The sign-in sheet as an A4 PDF: the partnership, "Sign-in sheet", the event's title, when
    and where on the first page, the title again at the top of each later page; a table of
    No., Name, Organisation and a box to sign in, its headings on every page, one row per
    person in the order given, then ``blank_rows`` numbered empty rows for walk-ins; long names
    and organisations wrap within their cells; "Page 1 of 2" at the foot of each page."""
    document = A4Document(
        title=f"Sign-in sheet: {heading.title}",
        running_title=f"Sign-in sheet: {heading.title} – {heading.when}",
        author=heading.partnership,
        texts=[heading.when, heading.venue, *(row.name + row.organisation for row in rows)],
    )
    document.add_page()
    document.title_block(
        kicker=heading.partnership,
        heading="Sign-in sheet",
        lines=(heading.title, heading.when, heading.venue),
    )
    cells = [(row.name, row.organisation) for row in rows] + [("", "")] * blank_rows
    with document.table(
        col_widths=_SHEET_COLUMNS,
        width=sum(_SHEET_COLUMNS),
        text_align=("RIGHT", "LEFT", "LEFT", "LEFT"),
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
        line_height=5,
        padding=(1, 2),
        min_row_height=_SIGNATURE_HEIGHT,
        v_align="MIDDLE",
    ) as table:
        table.row(SHEET_HEADINGS)
        for number, (name, organisation) in enumerate(cells, start=1):
            table.row((str(number), one_line(name), one_line(organisation), ""))
    return document.to_bytes()


@dataclass(frozen=True)
class RegisterRow:
    name: str
    email: str
    organisation: str
    sector: str
    job_title: str
    status: str  # as shown: "Attended", "No-show", "Booked", "Cancelled", "Waiting list"
    checked_in_at: datetime | None  # UTC (aware, or naive as stored); written in Europe/London
    checked_in_by: str  # the trainer's name, or ""
    walk_in: bool


REGISTER_HEADER = (
    "Name",
    "Email",
    "Organisation",
    "Sector",
    "Job title",
    "Status",
    "Checked in at",
    "Checked in by",
    "Walk-in",
)
_REGISTER_WIDTHS = (28, 34, 34, 18, 24, 14, 18, 22, 9)


def _register_cells(row: RegisterRow) -> tuple:
    return (
        row.name,
        row.email,
        row.organisation,
        row.sector,
        row.job_title,
        row.status,
        row.checked_in_at,
        row.checked_in_by,
        row.walk_in,
    )


def register_csv(rows: Iterable[RegisterRow]) -> Iterator[str]:
    """The register as CSV lines to stream (``core.exports.csv_lines``): ``REGISTER_HEADER``,
    then a line per row; check-in times as "2019-01-29 09:12" in Europe/London, walk-in as Yes
    or No."""
    return csv_lines(REGISTER_HEADER, (_register_cells(row) for row in rows))


def register_xlsx(title: str, rows: Iterable[RegisterRow]) -> bytes:
    """The register as an Excel workbook (``core.exports.xlsx_bytes``), its sheet named after
    the title (cut to Excel's 31 characters): ``REGISTER_HEADER``, then a row per person;
    check-in times as dates in Europe/London, walk-in as Yes or No."""
    return xlsx_bytes(
        title,
        REGISTER_HEADER,
        (_register_cells(row) for row in rows),
        column_widths=_REGISTER_WIDTHS,
    )
