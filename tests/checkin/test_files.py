"""The door's files read back as their readers read them: the sign-in sheet's text extracted
from the PDF, the register parsed as CSV and opened as a workbook."""

import csv
import io
import re
from datetime import UTC, datetime
from functools import cache

import openpyxl
from pypdf import PdfReader

from booking.checkin.files import (
    REGISTER_HEADER,
    RegisterRow,
    SheetHeading,
    SheetRow,
    register_csv,
    register_xlsx,
    sign_in_sheet_pdf,
)
from booking.core.exports import A4Document

HEADING = SheetHeading(
    partnership="Northshire Safeguarding Children Partnership",
    title="Annual conference: Keeping children safe online",
    when="Tuesday 29 January 2019, 9:30am to 4pm",
    venue="County Hall, Northshire",
)
PEOPLE = (
    SheetRow("Łukasz Żółć", "Northshire County Council"),
    SheetRow("Siobhán O'Neill", "St Mary's Church of England Primary School"),
    SheetRow("李 Wei", "Health visiting"),
)
LONG_ORGANISATION = (
    "The Northshire and Southshire Joint Child and Adolescent Mental Health Service "
    "(Outreach, Early Intervention and Family Support Team)"
)


@cache
def _sheet(rows: tuple[SheetRow, ...], blank_rows: int = 10) -> bytes:
    return sign_in_sheet_pdf(HEADING, rows, blank_rows=blank_rows)


def _pages(rows, **options) -> list[str]:
    reader = PdfReader(io.BytesIO(_sheet(tuple(rows), **options)))
    return [page.extract_text() for page in reader.pages]


def _numbers(text: str) -> list[int]:
    """The row numbers on a page: the numbers that open a line."""
    return [int(number) for number in re.findall(r"^(\d+)\b", text, flags=re.MULTILINE)]


def test_the_sheet_names_the_partnership_the_event_when_and_where():
    (first,) = _pages(PEOPLE)
    lines = first.splitlines()
    assert lines[:5] == [
        HEADING.partnership,
        "Sign-in sheet",
        HEADING.title,
        HEADING.when,
        HEADING.venue,
    ]
    assert "No. Name Organisation Signature" in first


def test_the_sheet_writes_every_name_whatever_its_script():
    (first,) = _pages(PEOPLE)
    assert "1 Łukasz Żółć Northshire County Council" in first
    assert "Siobhán O'Neill" in first
    assert "3 李 Wei Health visiting" in first


def test_a_chinese_name_is_drawn_with_the_fallback_font():
    reader = PdfReader(io.BytesIO(_sheet(PEOPLE)))
    fonts = reader.pages[0]["/Resources"]["/Font"].values()
    assert any(str(font["/BaseFont"]).endswith("+DroidSansFallback") for font in fonts)


def test_people_come_in_the_order_given_then_numbered_blank_rows_for_walk_ins():
    (first,) = _pages(PEOPLE, blank_rows=4)
    assert _numbers(first) == [1, 2, 3, 4, 5, 6, 7]
    assert re.search(r"^4$\n^5$\n^6$\n^7$", first, flags=re.MULTILINE)  # number, nothing else
    (none,) = _pages(PEOPLE, blank_rows=0)
    assert _numbers(none) == [1, 2, 3]


def test_a_long_list_runs_onto_pages_numbered_with_headings_and_title_on_each():
    people = [SheetRow(f"Person {number:02d}", "School") for number in range(1, 31)]
    pages = _pages(people)
    assert len(pages) == 3
    numbers = [number for page in pages for number in _numbers(page)]
    assert numbers == list(range(1, 41))  # 30 people and 10 blank rows, none lost or repeated
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of 3" in text
        assert "No. Name Organisation Signature" in text
    assert all(HEADING.title in text for text in pages[1:])
    assert "Sign-in sheet" in pages[0] and HEADING.venue in pages[0]


MM = 72 / 25.4  # points in a millimetre
# The columns' edges in millimetres from the page's left: a 15mm margin, then No. (12mm),
# Name (52mm), Organisation (56mm) and Signature (60mm); text keeps 2mm from each side.
NAME_COLUMN, ORGANISATION_COLUMN = (27, 79), (79, 135)


def _placed(rows) -> list[tuple[float, float, str]]:
    """Each piece of text on the first page: (x, y) in millimetres from the top left, text."""
    placed = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            placed.append((x / MM, 297 - y / MM, text.strip()))

    reader = PdfReader(io.BytesIO(_sheet(tuple(rows), blank_rows=0)))
    reader.pages[0].extract_text(visitor_text=visit)
    return placed


def _lines_in(column: tuple[float, float], placed) -> list[tuple[float, str]]:
    """The lines of text that start in the column below its heading and above the footer, top
    to bottom, as (x, text)."""
    left, right = column
    top = next(y for x, y, text in placed if text == "Name")
    inside = [(y, x, text) for x, y, text in placed if left <= x < right and top < y < 280]
    return [(x, text) for y, x, text in sorted(inside)]


def _width(text: str) -> float:
    measure = A4Document(title="x", texts=[text])
    measure.set_font("DejaVuSans", size=10)
    return measure.get_string_width(text)


def test_a_long_organisation_wraps_inside_its_cell():
    lines = _lines_in(ORGANISATION_COLUMN, _placed([SheetRow("Ann Other", LONG_ORGANISATION)]))
    assert " ".join(text for x, text in lines) == LONG_ORGANISATION
    assert len(lines) > 2
    assert all(x + _width(text) <= ORGANISATION_COLUMN[1] - 1.9 for x, text in lines)


def test_a_name_of_one_long_word_breaks_inside_its_cell():
    name = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft"
    lines = _lines_in(NAME_COLUMN, _placed([SheetRow(name, "School")]))
    assert "".join(text for x, text in lines) == name
    assert len(lines) > 1
    assert all(x + _width(text) <= NAME_COLUMN[1] - 1.9 for x, text in lines)


ROWS = [
    RegisterRow(
        name="Łukasz Żółć",
        email="lukasz@school.example",
        organisation="Northshire Primary",
        sector="School (primary)",
        job_title="Designated safeguarding lead",
        status="Attended",
        checked_in_at=datetime(2019, 6, 4, 8, 12, tzinfo=UTC),
        checked_in_by="Tess Trainer",
        walk_in=False,
    ),
    RegisterRow(
        name='=HYPERLINK("http://x")',
        email="walkin@example.org",
        organisation="-5 pupils",
        sector="Other",
        job_title="",
        status="Attended",
        checked_in_at=datetime(2019, 1, 29, 9, 40),  # naive, as stored: UTC
        checked_in_by="Tess Trainer",
        walk_in=True,
    ),
    RegisterRow(
        name="Siobhán Ní Bhriain",
        email="siobhan@health.example",
        organisation="Health visiting",
        sector="Health",
        job_title="Health visitor",
        status="No-show",
        checked_in_at=None,
        checked_in_by="",
        walk_in=False,
    ),
]


def test_the_register_as_csv_reads_back_with_london_times_and_formulas_as_text():
    data = "".join(register_csv(ROWS)).encode("utf-8")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [
        list(REGISTER_HEADER),
        [
            "Łukasz Żółć",
            "lukasz@school.example",
            "Northshire Primary",
            "School (primary)",
            "Designated safeguarding lead",
            "Attended",
            "2019-06-04 09:12",
            "Tess Trainer",
            "No",
        ],
        [
            '\'=HYPERLINK("http://x")',
            "walkin@example.org",
            "'-5 pupils",
            "Other",
            "",
            "Attended",
            "2019-01-29 09:40",
            "Tess Trainer",
            "Yes",
        ],
        [
            "Siobhán Ní Bhriain",
            "siobhan@health.example",
            "Health visiting",
            "Health",
            "Health visitor",
            "No-show",
            "",
            "",
            "No",
        ],
    ]


def test_the_register_as_a_workbook_keeps_text_text_and_times_dates():
    title = "Register: Annual conference: Keeping children safe online"
    workbook = openpyxl.load_workbook(io.BytesIO(register_xlsx(title, ROWS)))
    sheet = workbook.active
    assert sheet.title == "Register Annual conference Keep"
    assert workbook.properties.title == title
    assert [cell.value for cell in sheet[1]] == list(REGISTER_HEADER)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I4"
    first, link, absent = sheet.iter_rows(min_row=2, values_only=True)
    assert first[0] == "Łukasz Żółć"
    assert first[6] == datetime(2019, 6, 4, 9, 12) and sheet["G2"].is_date
    assert first[7:] == ("Tess Trainer", "No")
    assert sheet["A3"].data_type == "s" and link[0] == '\'=HYPERLINK("http://x")'
    assert link[2] == "'-5 pupils" and link[6] == datetime(2019, 1, 29, 9, 40)
    assert link[8] == "Yes"
    assert absent[5:] == ("No-show", None, None, "No")
