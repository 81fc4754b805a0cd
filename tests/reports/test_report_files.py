"""The reports as files: the workbook opens with a row per figure and texts that cannot run as
formulas; the PDF holds the sentence, the tables and every organisation's name, in any
script; the feedback summary has its place at the end of the event's PDF."""

import io
from datetime import date, timedelta

import openpyxl
import pytest
from pypdf import PdfReader

from booking.accounts.models import SchoolPhase, Sector
from booking.reports.attendance import event_attendance
from booking.reports.files import event_report_pdf, event_report_xlsx, reach_pdf, reach_xlsx
from booking.reports.periods import Period
from booking.reports.reach import ReachFilters, reach
from tests.factories import NOW
from tests.reports.people import People, last_years_conference_day

AFTER = NOW + timedelta(days=1)
WIDE = Period(date(2000, 1, 1), date(2100, 12, 31), "Every year")


@pytest.fixture
def report(session, make):
    people = People(session)
    event = make.event(starts_in=timedelta(days=-2), capacity=100, title="=Risky day")
    last_years_conference_day(people, event)
    people.place(event, people.organisation('=HYPERLINK("http://x")', Sector.VOLUNTARY))
    people.place(event, people.organisation("Szkoła Łódź 李", Sector.SCHOOL))
    people.organisation("@Unreached", phase=SchoolPhase.PRIMARY, district="-Wold")
    return event_attendance(session, event.id, now=AFTER)


def _sheet(body: bytes):
    return openpyxl.load_workbook(io.BytesIO(body)).active


def _text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_the_event_workbook_has_a_row_per_figure_and_no_formulas(report):
    sheet = _sheet(event_report_xlsx(report))
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Event", "Figure", "Sector", "Organisation", "Number")
    assert ("'=Risky day", "Attended", None, None, 80) in rows
    assert ("'=Risky day", "Booked before the day", None, None, 94) in rows
    assert ("'=Risky day", "Organisations represented", "School or academy", None, 36) in rows
    hyperlink = [row for row in rows if row[3] and "HYPERLINK" in row[3]]
    assert hyperlink[0][3] == '\'=HYPERLINK("http://x")'
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_event_pdf_says_the_sentence_and_names_every_organisation(report):
    text = " ".join(_text(event_report_pdf(report, partnership="Northshire SCP")).split())
    assert "80 delegates attended (94 booked, 19 no-shows, 5 walk-ins)." in text
    assert "Szkoła Łódź 李" in text and "School 34" in text
    assert "Page 1 of" in text


def test_the_feedback_summary_is_drawn_at_the_end_of_the_event_pdf(report):
    def feedback(document):
        document.add_page()
        document.multi_cell(0, 6, "Feedback: 87% Excellent")

    pages = PdfReader(io.BytesIO(event_report_pdf(report, partnership="P", feedback=feedback)))
    assert "Feedback: 87% Excellent" in pages.pages[-1].extract_text()


def test_the_reach_files(session, report):
    summary = reach(session, ReachFilters(WIDE), now=AFTER)
    sheet = _sheet(reach_xlsx(summary))
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert ("Figures", "Events run", None, None, None, 1) in rows
    assert ("Figures", "Fill rate", None, None, None, "94%") in rows
    assert ("Not yet reached", "School", "Primary", "'-Wold", "'@Unreached", None) in rows
    text = " ".join(_text(reach_pdf(summary, partnership="Northshire SCP")).split())
    assert "Every year" in text and "@Unreached" in text
    assert "36 of 37 schools in the register (97%) sent someone." in text
