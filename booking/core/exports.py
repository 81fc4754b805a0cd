"""Files people download: CSV and XLSX tables that spreadsheets open safely, and A4 PDFs whose
fonts draw any name (Łukasz Żółć, Siobhán, 李).

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, so a name
typed as ``=HYPERLINK(...)`` would become a live link in an organiser's spreadsheet. Every text
cell goes through ``spreadsheet_text``, which makes such a text start with an apostrophe: it
then reads, and stays, as text. That includes a harmless "-5 pupils": the rule is about the
first character, not about what follows. Numbers and dates are written as numbers and dates,
never as text, so they need no apostrophe.

Times are stored in UTC and read in Europe/London: a datetime is written as London wall-clock
time (a naive one is taken as UTC, as the database holds it).
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from .formatting import local, one_line, without_control_characters

# OWASP's CSV injection list: a text whose first character, spaces and line breaks aside, is one
# of these runs as a formula; so does one starting with a tab or a carriage return.
_FORMULA_STARTS = frozenset("=+-@")
_LEADING_BLANKS = " \t\r\n"


def spreadsheet_text(value):
    """A cell's value as a spreadsheet may hold it: a text without control characters and,
    when it would start a formula (``=``, ``+``, ``-``, ``@``, also after leading spaces, or a
    leading tab or carriage return), with an apostrophe before it. Anything that is not text
    (a number, a date, True, None) is returned as it is."""
    if not isinstance(value, str):
        return value
    text = without_control_characters(value)
    if text[:1] in ("\t", "\r") or text.lstrip(_LEADING_BLANKS)[:1] in _FORMULA_STARTS:
        return "'" + text
    return text


def wall_clock(moment: datetime) -> datetime:
    """The moment as a naive Europe/London wall-clock time (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return local(moment).replace(tzinfo=None)


def yes_no(flag: bool) -> str:
    """Yes or No: how a spreadsheet of ours writes a true-or-false column."""
    return "Yes" if flag else "No"


# CSV


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return wall_clock(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_text(value) if isinstance(value, str) else str(value)


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The table as CSV, one line at a time for streaming: UTF-8 with a byte order mark (so
    Excel reads accents correctly; encode each chunk as UTF-8), CRLF line ends, every text
    through ``spreadsheet_text``, times as "2019-01-29 09:12" in Europe/London, True and False
    as Yes and No, None as an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: Sequence) -> str:
        writer.writerow([_csv_cell(cell) for cell in cells])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(header)
    for row in rows:
        yield line(row)


# XLSX

XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True}
_DATE_TIME_FORMAT = "d mmm yyyy hh:mm"
_DATE_FORMAT = "d mmm yyyy"
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_WIDEST_COLUMN = 60


def sheet_name(title: str) -> str:
    """The title as Excel accepts a sheet's name: none of ``[]:*?/\\``, at most 31 characters,
    not starting or ending with an apostrophe, never empty."""
    name = _SHEET_NAME_FORBIDDEN.sub(" ", one_line(title))
    name = " ".join(name.split())[:31].strip(" '")
    return name or "Sheet1"


def unique_sheet_name(name: str, taken: set[str]) -> str:
    """``name`` (from ``sheet_name``) or "name (2)", "name (3)"... so that no two sheets of a
    workbook share a name (Excel compares them ignoring case); adds it to ``taken``."""
    candidate, number = name, 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = name[: 31 - len(suffix)] + suffix
    taken.add(candidate.lower())
    return candidate


def xlsx_bytes(
    sheet_title: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    column_widths: Sequence[float] | None = None,
) -> bytes:
    """The table as an Excel workbook of one sheet: a bold header row, frozen, with a filter on
    every column; texts through ``spreadsheet_text`` and written as text (never as a formula or a
    link); times as dates in Europe/London ("29 Jan 2019 09:12"), dates as dates; True and False
    as Yes and No; None and "" as an empty cell. Without ``column_widths`` (in characters), each
    column is as wide as its longest cell, up to 60."""
    rows = [list(row) for row in rows]
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, XLSX_OPTIONS)
    workbook.set_properties({"title": one_line(sheet_title)})
    sheet = workbook.add_worksheet(sheet_name(sheet_title))
    formats = {
        "header": workbook.add_format({"bold": True, "bottom": 1}),
        datetime: workbook.add_format({"num_format": _DATE_TIME_FORMAT, "align": "left"}),
        date: workbook.add_format({"num_format": _DATE_FORMAT, "align": "left"}),
    }
    for column, heading in enumerate(header):
        sheet.write_string(0, column, spreadsheet_text(heading), formats["header"])
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _write_cell(sheet, number, column, value, formats)
    widths = column_widths or _fitting_widths(header, rows)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), max(len(header) - 1, 0))
    workbook.close()
    return output.getvalue()


def _write_cell(sheet, row: int, column: int, value, formats: dict) -> None:
    if value is None or value == "":
        return  # an empty cell, as a filter's "(Blanks)" finds it
    if isinstance(value, bool):
        sheet.write_string(row, column, yes_no(value))
    elif isinstance(value, datetime):
        sheet.write_datetime(row, column, wall_clock(value), formats[datetime])
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, formats[date])
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, spreadsheet_text(str(value)))


def _fitting_widths(header: Sequence[str], rows: list[list]) -> list[float]:
    def width(value) -> int:
        if isinstance(value, datetime):
            return 17
        return len(_csv_cell(value))

    return [
        min(
            max([len(heading), *(width(row[column]) for row in rows if column < len(row))]) + 2,
            _WIDEST_COLUMN,
        )
        for column, heading in enumerate(header)
    ]


# PDF

FONTS = Path(__file__).parent / "fonts"
FONT = "DejaVuSans"
FALLBACK_FONT = "DroidSansFallback"
_GREY = (80, 80, 80)
TABLE_HEADINGS = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))


class A4Document(FPDF):
    """An A4 portrait PDF that can write any name: DejaVu Sans (Latin, Greek, Cyrillic), with
    Droid Sans Fallback for the characters it lacks (Chinese, Japanese, Korean); "Page 2 of 5"
    in every footer; after the first page, ``running_title`` at the top of each page.

    Use: ``document = A4Document(title=...)``, ``add_page()``, ``title_block(...)``, draw (for
    tables, fpdf2's ``table()``), then ``to_bytes()``. Reading the fallback font takes a
    quarter of a second; given the document's ``texts``, it is read only when one of them has
    a character DejaVu Sans lacks."""

    def __init__(
        self,
        *,
        title: str,
        running_title: str = "",
        author: str = "",
        texts: Iterable[str] | None = None,
    ) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.running_title = one_line(running_title)
        self.set_margins(left=15, top=15, right=15)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FONT, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FONT, "B", FONTS / "DejaVuSans-Bold.ttf")
        if texts is None or self._lacks_glyphs([title, running_title, author, *texts]):
            self.add_font(FALLBACK_FONT, "", FONTS / "DroidSansFallback.ttf")
            # The fallback has no bold: a bold line draws its CJK characters in regular weight.
            self.set_fallback_fonts([FALLBACK_FONT], exact_match=False)
        self.set_font(FONT, size=10)
        self.set_title(one_line(title))
        self.set_lang("en-GB")
        if author:
            self.set_author(one_line(author))

    def _lacks_glyphs(self, texts: Iterable[str]) -> bool:
        """Whether DejaVu Sans lacks a character of the texts (spaces and controls aside)."""
        cmap = self.fonts[FONT.lower()].cmap
        return any(ord(c) not in cmap for text in texts for c in text if c.isprintable())

    def header(self) -> None:
        if self.page_no() == 1 or not self.running_title:
            return
        self.set_font(FONT, size=8)
        self.set_text_color(*_GREY)
        self.cell(0, 5, self.fitted(self.running_title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.set_font(FONT, size=10)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*_GREY)
        self.cell(0, 5, f"Page {self.page_no()} of {self.str_alias_nb_pages}", align="C")
        self.set_text_color(0)

    def fitted(self, text: str, width: float | None = None) -> str:
        """The text on one line, cut with an ellipsis where it would not fit the width (the
        width between the margins by default) in the current font."""
        width = self.epw if width is None else width
        text = one_line(text)
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def title_block(self, *, kicker: str, heading: str, lines: Sequence[str] = ()) -> None:
        """The top of a first page: a small line above (who it is from), the heading in large
        bold type, then each line in bold (the first) or regular type; long lines wrap."""
        self.set_font(FONT, size=10)
        self.multi_cell(0, 5, one_line(kicker), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        self.set_font(FONT, "B", size=18)
        self.multi_cell(0, 9, one_line(heading), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for number, line in enumerate(lines):
            self.set_font(FONT, "B" if number == 0 else "", size=12 if number == 0 else 11)
            self.multi_cell(0, 6, one_line(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, size=10)
        self.ln(4)

    def plain_table(self, header, rows, widths, *, gap: float = 4) -> None:
        """A table with a bold grey heading row, each cell on one line, then ``gap`` mm."""
        with self.table(
            col_widths=widths,
            width=sum(widths),
            headings_style=TABLE_HEADINGS,
            line_height=5,
            padding=(1, 2),
            align="LEFT",
        ) as table:
            table.row(header)
            for row in rows:
                table.row([one_line(str(cell)) for cell in row])
        self.ln(gap)

    def to_bytes(self) -> bytes:
        """The finished document."""
        return bytes(self.output())
