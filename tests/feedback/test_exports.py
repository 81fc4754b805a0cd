"""The feedback files opened back: the raw responses as CSV and XLSX (no names, formulas
neutralised, hidden answers left out), the summary as XLSX (numbers and percent cells), the
comparison as XLSX, and the PDF report's text."""

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select, update

from booking.feedback import compare, exports
from booking.feedback.models import Answer, FeedbackForm, Question, QuestionKind
from booking.feedback.report_pdf import summary_pdf
from booking.feedback.summary import form_summary
from tests.factories import NOW
from tests.feedback.summary_helpers import (
    QUALITY,
    add_responses,
    answers_by_counts,
    attend,
    make_form,
    standard_form,
)


def _raw(session, form: FeedbackForm):
    questions = session.scalars(
        select(Question).where(Question.form_id == form.id).order_by(Question.position)
    ).all()
    return exports.raw_header(questions), exports.raw_rows(session, form.id, questions)


def _answered(make, session):
    person = make.user(name="Siobhán O'Connor")
    event = make.event(title="E-safety training day", starts_in=timedelta(days=-1))
    booking = make.booking(event, person)
    form = standard_form(session, event)
    add_responses(
        session,
        form,
        [
            {1: 3, 2: 2, 3: 0, 4: '=HYPERLINK("http://x")'},
            {1: 2, 4: "Secret, hide me"},
            {},
        ],
    )
    session.execute(update(Answer).where(Answer.text == "Secret, hide me").values(hidden_at=NOW))
    return event, form, person, booking


def test_the_raw_csv_has_a_row_per_response_and_no_names(make, session):
    _event, form, person, _booking = _answered(make, session)
    header, rows = _raw(session, form)
    text = b"".join(exports.raw_csv(header, rows)).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == [
        "Response",
        "Given",
        "Submitted",
        "Overall satisfaction",
        "The trainer knew the subject",
        "Would you recommend it?",
        "Any other comments?",
    ]
    assert [row[:2] for row in table[1:]] == [["1", "Online"], ["2", "Online"], ["3", "Online"]]
    assert table[1][3:] == ["Excellent", "Rather much so", "Yes", '\'=HYPERLINK("http://x")']
    assert table[2][3:] == ["Good", "", "", ""]  # the hidden answer left out
    assert table[3][3:] == ["", "", "", ""]
    assert person.name not in text and person.email not in text


def test_the_raw_xlsx_opens_with_the_same_rows(make, session):
    _event, form, person, _booking = _answered(make, session)
    header, rows = _raw(session, form)
    body = b"".join(exports.raw_xlsx("Feedback 1", header, rows))
    sheet = load_workbook(io.BytesIO(body)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][:4] == ["Response", "Given", "Submitted", "Overall satisfaction"]
    assert values[1][0] == 1 and values[1][3:] == [
        "Excellent",
        "Rather much so",
        "Yes",
        '\'=HYPERLINK("http://x")',
    ]
    assert values[2][3:] == ["Good", None, None, None]
    assert len(values) == 4
    assert all(person.name not in str(cell) for row in values for cell in row)


def test_the_summary_xlsx_holds_numbers_and_percent_cells(make, session):
    event = make.event(title="=Training day", starts_in=timedelta(days=-1))
    attend(make, session, event, 78)
    form = make_form(session, event, [(QuestionKind.SCALE, "Overall satisfaction", QUALITY)])
    add_responses(session, form, answers_by_counts(1, [0, 0, 7, 45]))
    body = exports.summary_xlsx([form_summary(session, form.id)])
    workbook = load_workbook(io.BytesIO(body))
    sheet = workbook.active
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value}
    assert sheet["A1"].value == "'=Training day"
    assert sheet["A3"].value == "52 of 78 delegates responded, 67%"
    excellent = rows["Excellent"]
    assert excellent[1].value == 45 and excellent[2].value == 0.87
    assert excellent[2].number_format == "0%"
    assert rows["Poor"][1].value == 0 and rows["Poor"][2].value == 0
    assert rows["Answered"][1].value == 52 and rows["Skipped"][1].value == 0
    assert rows["Top two: Good or Excellent"][2].value == 1


def test_the_pdf_report_reads_as_the_page_does(make, session):
    event = make.event(title="E-safety training day", starts_in=timedelta(days=-1))
    attend(make, session, event, 78)
    form = make_form(
        session,
        event,
        [
            (QuestionKind.SCALE, "Overall satisfaction", QUALITY),
            (QuestionKind.LONG_TEXT, "Any other comments?", []),
        ],
    )
    answers = answers_by_counts(1, [0, 0, 7, 45])
    answers[0][2] = "Łukasz liked it"
    answers[1][2] = "Hidden one"
    add_responses(session, form, answers)
    session.execute(update(Answer).where(Answer.text == "Hidden one").values(hidden_at=NOW))
    summary = form_summary(session, form.id, with_comments=True)
    pdf = PdfReader(io.BytesIO(summary_pdf(summary, "Safeguarding Children Partnership")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    lines = [
        "Safeguarding Children Partnership",
        "Feedback: E-safety training day",
        "52 of 78 delegates responded, 67%",
        "1. Overall satisfaction",
        "Excellent: 87% (45)",
        "100% Good or Excellent",
        "2. Any other comments?",
        "Łukasz liked it",
    ]
    positions = [text.find(line) for line in lines]
    assert -1 not in positions, text
    assert positions == sorted(positions)
    assert "Hidden one" not in text


def test_the_comparison_xlsx_has_a_row_per_event_with_percent_cells(make, session):
    for counts in ([0, 0, 1, 3], [0, 1, 1, 2]):
        event = make.event(programme="E-safety")
        form = make_form(session, event, [(QuestionKind.SCALE, "Overall satisfaction", QUALITY)])
        add_responses(session, form, answers_by_counts(1, counts))
    found = compare.compare(session, question="Overall satisfaction", programme="E-safety")
    sheet = load_workbook(io.BytesIO(exports.compare_xlsx(found))).active
    values = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[0] == ["Event", "Date", "Responses", "Answered", *QUALITY, "Top two"]
    assert values[1][2:] == [4, 4, 0, 0, 0.25, 0.75, 1]
    assert values[2][2:] == [4, 4, 0, 0.25, 0.25, 0.5, 0.75]
