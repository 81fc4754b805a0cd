"""The feedback files: the raw responses as CSV and XLSX (one row per response, one column per
question, never a name; answers an organiser hid left out), and the summary as XLSX (a sheet
per form, figures as numbers, percentages as percent-formatted cells). Each download is audited
("feedback.exported", with the file's kind).

The raw files are streamed: rows are read in batches (``yield_per``) and the XLSX is written
with XlsxWriter's ``constant_memory`` to a temporary file, which is then sent in chunks, so a
form with 100,000 responses needs no more memory than one with ten.
"""

import io
import itertools
import os
import tempfile
from collections.abc import Iterator, Sequence
from datetime import datetime

import xlsxwriter
from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.audit.services import record
from booking.core.exports import (
    XLSX_OPTIONS,
    csv_lines,
    sheet_name,
    spreadsheet_text,
    unique_sheet_name,
    wall_clock,
)
from booking.core.formatting import one_line
from booking.feedback.compare import Comparison
from booking.feedback.models import (
    Answer,
    FeedbackResponse,
    Question,
    ResponseSource,
)
from booking.feedback.summary import FormSummary, QuestionSummary

BATCH = 2000
CHUNK = 64 * 1024
SOURCES = {ResponseSource.ONLINE: "Online", ResponseSource.PAPER: "Paper"}
FIXED_COLUMNS = ("Response", "Given", "Submitted")
FILES = ("responses.csv", "responses.xlsx", "summary.xlsx", "summary.pdf", "compare.xlsx")


def record_export(session: Session, *, event_id: int, file: str, by_id: int, now: datetime) -> None:
    """Audit a download of one of the event's feedback files ("feedback.exported", the file's
    kind as in FILES). Raises ValueError for a kind not in FILES (a programming error)."""
    if file not in FILES:
        raise ValueError(f"unknown feedback file {file!r}")
    record(
        session,
        actor_id=by_id,
        action="feedback.exported",
        subject_type="event",
        subject_id=event_id,
        now=now,
        file=file,
    )


def raw_header(questions: Sequence[Question]) -> list[str]:
    """The raw files' header: the response's number, how it was given, when, each question."""
    return [*FIXED_COLUMNS, *(one_line(q.text) for q in questions)]


def raw_rows(session: Session, form_id: int, questions: Sequence[Question]) -> Iterator[list]:
    """One row per response, oldest first: its number (1, 2, 3...), "Online" or "Paper", when
    it was submitted, then each question's answer (the option's label, or the text; empty when
    skipped or hidden), every text through ``spreadsheet_text`` (a label once, not per row).
    Read in batches; no name, no booking."""
    column = {q.id: i for i, q in enumerate(questions)}
    labels = {q.id: [spreadsheet_text(label) for label in q.options] for q in questions}
    rows = session.execute(
        select(
            FeedbackResponse.id,
            FeedbackResponse.source,
            FeedbackResponse.submitted_at,
            Answer.question_id,
            Answer.option_index,
            Answer.text,
            Answer.hidden_at,
        )
        .outerjoin(Answer, Answer.response_id == FeedbackResponse.id)
        .where(FeedbackResponse.form_id == form_id)
        .order_by(FeedbackResponse.id)
        .execution_options(yield_per=BATCH)
    )
    groups = itertools.groupby(rows, key=lambda row: row[0])
    for number, (_id, answers) in enumerate(groups, start=1):
        answers = list(answers)
        cells: list = [None] * len(questions)
        for *_response, question_id, option, text, hidden_at in answers:
            if question_id in column:
                cells[column[question_id]] = _answer(labels[question_id], option, text, hidden_at)
        _id, source, submitted_at = answers[0][:3]
        yield [number, SOURCES[source], submitted_at, *cells]


def _answer(options: list[str], option: int | None, text: str, hidden_at) -> str | None:
    if option is not None:
        return options[option] if 0 <= option < len(options) else None
    return spreadsheet_text(text) if text and hidden_at is None else None


def raw_csv(header: list[str], rows: Iterator[list]) -> Iterator[bytes]:
    """The raw responses as CSV (``core.exports.csv_lines``), encoded chunk by chunk."""
    for line in csv_lines(header, rows):
        yield line.encode("utf-8")


def raw_xlsx(title: str, header: list[str], rows: Iterator[list]) -> Iterator[bytes]:
    """The raw responses (``raw_rows``) as an Excel workbook of one sheet, written row by row
    in constant memory to a temporary file, then sent in chunks (the file is removed after)."""
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        options = {**XLSX_OPTIONS, "in_memory": False, "constant_memory": True}
        workbook = xlsxwriter.Workbook(path, options)
        workbook.set_properties({"title": one_line(title)})
        sheet = workbook.add_worksheet(sheet_name(title))
        bold = workbook.add_format({"bold": True, "bottom": 1})
        when = workbook.add_format({"num_format": "d mmm yyyy hh:mm", "align": "left"})
        sheet.set_column(0, 1, 10)
        sheet.set_column(2, 2, 17)
        sheet.set_column(3, len(header), 30)
        for column, heading in enumerate(header):
            sheet.write_string(0, column, spreadsheet_text(heading), bold)
        sheet.freeze_panes(1, 0)
        for number, row in enumerate(rows, start=1):
            sheet.write_number(number, 0, row[0])
            sheet.write_string(number, 1, row[1])
            sheet.write_datetime(number, 2, wall_clock(row[2]), when)
            for column, value in enumerate(row[3:], start=3):
                if value is not None:
                    sheet.write_string(number, column, value)  # neutralised by raw_rows
        workbook.close()
        with open(path, "rb") as file:
            while chunk := file.read(CHUNK):
                yield chunk
    finally:
        os.unlink(path)


def summary_xlsx(summaries: Sequence[FormSummary]) -> bytes:
    """The summaries as an Excel workbook, a sheet per form: the event, the attendance line,
    then per question its options with counts (numbers) and percentages (percent-formatted
    cells, 0.65 shown as 65%), answered, skipped and the top two."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, XLSX_OPTIONS)
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "bold": workbook.add_format({"bold": True}),
        "head": workbook.add_format({"bold": True, "bottom": 1}),
        "percent": workbook.add_format({"num_format": "0%"}),
    }
    names: set[str] = set()
    for summary in summaries:
        sheet = workbook.add_worksheet(unique_sheet_name(sheet_name(summary.event_title), names))
        sheet.set_column(0, 0, 50)
        sheet.set_column(1, 2, 12)
        _write_summary(sheet, summary, formats)
    workbook.close()
    return output.getvalue()


def _write_summary(sheet, summary: FormSummary, formats: dict) -> None:
    sheet.write_string(0, 0, spreadsheet_text(one_line(summary.event_title)), formats["title"])
    sheet.write_string(1, 0, spreadsheet_text(one_line(summary.title)))
    sheet.write_string(2, 0, summary.attendance_line)
    row = 4
    for question in summary.questions:
        row = _write_question(sheet, row, question, formats) + 1


def _write_question(sheet, row: int, question: QuestionSummary, formats: dict) -> int:
    heading = f"{question.number}. {one_line(question.text)}"
    sheet.write_string(row, 0, spreadsheet_text(heading), formats["bold"])
    row += 1
    if not question.is_text:
        for column, title in enumerate(("Answer", "Number", "Percentage")):
            sheet.write_string(row, column, title, formats["head"])
        for option in question.options:
            row += 1
            sheet.write_string(row, 0, spreadsheet_text(one_line(option.label)))
            sheet.write_number(row, 1, option.count)
            _write_percent(sheet, row, option.percent, formats)
        row += 1
    for label, value in (("Answered", question.answered), ("Skipped", question.skipped)):
        sheet.write_string(row, 0, label)
        sheet.write_number(row, 1, value)
        row += 1
    if question.top_two:
        labels = " or ".join(one_line(label) for label in question.top_two.labels)
        sheet.write_string(row, 0, spreadsheet_text(f"Top two: {labels}"))
        sheet.write_number(row, 1, question.top_two.count)
        _write_percent(sheet, row, question.top_two.percent, formats)
        row += 1
    return row


def _write_percent(sheet, row: int, value: int | None, formats: dict) -> None:
    if value is not None:
        sheet.write_number(row, 2, value / 100, formats["percent"])


def compare_xlsx(comparison: Comparison) -> bytes:
    """The comparison as an Excel workbook: a row per event (title, date, responses, answered,
    then each option's percentage as a percent-formatted cell, and the top two's)."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, XLSX_OPTIONS)
    sheet = workbook.add_worksheet(sheet_name(comparison.question))
    head = workbook.add_format({"bold": True, "bottom": 1, "text_wrap": True})
    share = workbook.add_format({"num_format": "0%"})
    day = workbook.add_format({"num_format": "d mmm yyyy", "align": "left"})
    header = ["Event", "Date", "Responses", "Answered", *comparison.labels, "Top two"]
    sheet.write_string(0, 0, spreadsheet_text(one_line(comparison.question)), head)
    for column, title in enumerate(header):
        sheet.write_string(1, column, spreadsheet_text(one_line(title)), head)
    for number, row in enumerate(comparison.rows, start=2):
        sheet.write_string(number, 0, spreadsheet_text(one_line(row.title)))
        sheet.write_datetime(number, 1, wall_clock(row.starts_at), day)
        sheet.write_number(number, 2, row.responses)
        sheet.write_number(number, 3, row.answered)
        for column, label in enumerate(comparison.labels, start=4):
            if (value := row.percent_of(label)) is not None:
                sheet.write_number(number, column, value / 100, share)
        if row.top_two and row.top_two.percent is not None:
            sheet.write_number(number, len(header) - 1, row.top_two.percent / 100, share)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, len(header), 14)
    sheet.freeze_panes(2, 1)
    workbook.close()
    return output.getvalue()
