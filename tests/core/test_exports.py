"""Files people download, read back as their readers read them: CSV by a CSV parser, XLSX by
openpyxl, PDF by a text extractor."""

import csv
import io
from datetime import UTC, date, datetime

import openpyxl
import pytest
from pypdf import PdfReader

from booking.core.exports import (
    A4Document,
    csv_lines,
    sheet_name,
    spreadsheet_text,
    xlsx_bytes,
)

LINK = '=HYPERLINK("http://x")'
HEADER = ("Name", "When", "Places", "Walk-in", "Day")
SUMMER_MORNING = datetime(2019, 6, 4, 8, 12, tzinfo=UTC)  # 9:12am in London
WINTER_MORNING = datetime(2019, 1, 29, 9, 12)  # naive: UTC as stored, 9:12am in London
ROWS = [
    ("Łukasz Żółć", SUMMER_MORNING, 3, True, date(2019, 6, 4)),
    (LINK, WINTER_MORNING, 0, False, None),
    ("-5 pupils", None, None, False, None),
]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (LINK, "'" + LINK),
        ("+44 1234 567890", "'+44 1234 567890"),
        ("-5 pupils", "'-5 pupils"),  # the first character decides, whatever follows
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\rtext", "'\rtext"),
        ("   =1+1", "'   =1+1"),
        ("\n+1", "'\n+1"),
        ("Siobhán O'Neill", "Siobhán O'Neill"),
        ("a=b+c", "a=b+c"),
        ("Ann\x00e\u202e", "Anne"),
        ("", ""),
    ],
)
def test_a_text_that_would_start_a_formula_starts_with_an_apostrophe(value, text):
    assert spreadsheet_text(value) == text


@pytest.mark.parametrize("value", [None, 5, 2.5, True, SUMMER_MORNING, date(2019, 6, 4)])
def test_what_is_not_text_passes_as_it_is(value):
    assert spreadsheet_text(value) is value


def _parsed(chunks) -> list[list[str]]:
    data = "".join(chunks).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_reads_back_with_accents_london_times_and_formulas_kept_as_text():
    assert _parsed(csv_lines(HEADER, ROWS)) == [
        list(HEADER),
        ["Łukasz Żółć", "2019-06-04 09:12", "3", "Yes", "2019-06-04"],
        ["'" + LINK, "2019-01-29 09:12", "0", "No", ""],
        ["'-5 pupils", "", "", "No", ""],
    ]


def test_csv_comes_a_line_at_a_time_with_crlf_and_quotes_line_breaks():
    taken = []

    def rows():
        for row in [("First\nline", 1), ("Second", 2)]:
            taken.append(row)
            yield row

    lines = csv_lines(("Name", "Number"), rows())
    assert next(lines) == "\ufeffName,Number\r\n"
    assert taken == []  # nothing read before it is needed
    assert list(lines) == ['"First\nline",1\r\n', "Second,2\r\n"]


def _workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_xlsx_reads_back_with_a_bold_frozen_filtered_header():
    sheet = _workbook(xlsx_bytes("Register", HEADER, ROWS))
    assert [cell.value for cell in sheet[1]] == list(HEADER)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E4"
    assert sheet.title == "Register"


def test_xlsx_keeps_a_formula_as_a_text_and_writes_dates_as_dates():
    sheet = _workbook(xlsx_bytes("Register", HEADER, ROWS))
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows == [
        ("Łukasz Żółć", datetime(2019, 6, 4, 9, 12), 3, "Yes", datetime(2019, 6, 4)),
        ("'" + LINK, datetime(2019, 1, 29, 9, 12), 0, "No", None),
        ("'-5 pupils", None, None, "No", None),
    ]
    link = sheet["A3"]
    assert link.data_type == "s"  # a string, not a formula ("f")
    assert sheet["B2"].is_date and sheet["E2"].is_date
    assert sheet["B2"].number_format == "d mmm yyyy hh:mm"
    assert sheet["E2"].number_format == "d mmm yyyy"


def test_xlsx_columns_fit_their_text_unless_widths_are_given():
    fitted = _workbook(xlsx_bytes("Register", ("Name", "Organisation"), [("Ann", "x" * 100)]))
    assert fitted.column_dimensions["A"].width == pytest.approx(6, abs=1)
    assert fitted.column_dimensions["B"].width == pytest.approx(60, abs=1)
    given = _workbook(xlsx_bytes("R", ("Name",), [("Ann",)], column_widths=(30,)))
    assert given.column_dimensions["A"].width == pytest.approx(30, abs=1)


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Register", "Register"),
        ("E-safety: [Part 1/2]? *new*", "E-safety Part 1 2 new"),
        ("'Quoted'", "Quoted"),
        ("A" * 40, "A" * 31),
        ("??", "Sheet1"),
    ],
)
def test_a_sheet_is_named_as_excel_allows(title, name):
    assert sheet_name(title) == name


def _document(pages: int, **options) -> PdfReader:
    document = A4Document(title="Report", running_title="Report: Running title", **options)
    for number in range(1, pages + 1):
        document.add_page()
        if number == 1:
            document.title_block(kicker="The partnership", heading="Report", lines=("Line",))
        document.cell(text=f"Body {number} Łukasz Żółć 李")
    return PdfReader(io.BytesIO(document.to_bytes()))


def _fonts(page) -> set[str]:
    return {str(font["/BaseFont"]).split("+")[-1] for font in page["/Resources"]["/Font"].values()}


def test_an_a4_document_numbers_its_pages_and_repeats_its_title_after_the_first():
    reader = _document(3)
    texts = [page.extract_text() for page in reader.pages]
    assert [round(float(side)) for side in reader.pages[0].mediabox[2:]] == [595, 842]  # A4
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of 3" in text
        assert f"Body {number} Łukasz Żółć 李" in text
        assert ("Report: Running title" in text) == (number > 1)
    assert "The partnership" in texts[0]
    assert reader.metadata.title == "Report"


def test_the_fallback_font_is_read_only_for_texts_that_need_it():
    assert "DroidSansFallback" in _fonts(_document(1).pages[0])
    assert "DroidSansFallback" in _fonts(_document(1, texts=["李"]).pages[0])
    document = A4Document(title="Report", texts=["Łukasz Żółć", "Siobhán"])
    assert list(document.fonts) == ["dejavusans", "dejavusansB"]


def test_a_line_too_long_for_the_page_is_cut_with_an_ellipsis():
    document = A4Document(title="Report", texts=())
    document.set_font("DejaVuSans", size=10)
    assert document.fitted("Short title") == "Short title"
    cut = document.fitted("A very long title " * 20)
    assert cut.endswith("…") and document.get_string_width(cut) <= document.epw
