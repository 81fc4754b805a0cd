"""The survey's results as files: an Excel workbook (a sheet for the county, or for the one
school asked for, one for each school with enough responses, and a sheet of the schools with
their counts) and an A4 PDF in the plan's own style ("Analysis of data relating to 956 9–11
year olds from 14 primary schools (2016/17) indicated that:" then the findings, then each
question's table).

Both follow ``results``' rules: figures over fewer than ``SUPPRESS_BELOW`` responses, or of a
school withheld with a smaller one, are never written (such counts read "fewer than 10" or "not
shown"), nor any figures while the survey takes answers. Numbers are numbers and percentages
percent-formatted cells; typed texts go through ``core.exports`` (formulas neutralised).
"""

import io
from collections.abc import Sequence
from datetime import datetime

import xlsxwriter
from fpdf.enums import XPos, YPos
from sqlalchemy.orm import Session

from booking.core.exports import (
    XLSX_OPTIONS,
    A4Document,
    sheet_name,
    spreadsheet_text,
    unique_sheet_name,
)
from booking.core.formatting import one_line
from booking.network.results import (
    QuestionResult,
    SchoolCount,
    SurveyResults,
    school_counts,
    survey_results,
)
from booking.network.suppression import SUPPRESSED_MESSAGE

BULLET = "\u2022"


def _title(results: SurveyResults) -> str:
    return f"{one_line(results.title)} {results.year}"


def survey_workbook(
    session: Session, survey_id: int, survey_school_id: int | None = None, *, now: datetime
) -> bytes:
    """The survey's results workbook (``results_xlsx``): one school's alone when given; else
    the county, each school showing figures (``SchoolCount.has_figures``, once the survey has
    closed) and the schools' counts. Raises NotFound ("not_found") as ``survey_results``."""
    results = survey_results(session, survey_id, survey_school_id, now=now)
    if survey_school_id is not None:
        return results_xlsx([results])
    schools = school_counts(session, survey_id)
    sheets = [results]
    if results.closed:
        sheets += [
            survey_results(session, survey_id, school.survey_school_id, now=now)
            for school in schools
            if school.has_figures
        ]
    return results_xlsx(sheets, schools)


def survey_pdf(
    session: Session,
    survey_id: int,
    survey_school_id: int | None = None,
    *,
    now: datetime,
    partnership: str,
) -> bytes:
    """The survey's results as a PDF (``results_pdf``): one school's when given, else the
    county's with the schools' counts. Raises NotFound ("not_found") as ``survey_results``."""
    results = survey_results(session, survey_id, survey_school_id, now=now)
    schools = school_counts(session, survey_id) if survey_school_id is None else None
    return results_pdf(results, partnership=partnership, schools=schools)


def results_xlsx(
    sheets: Sequence[SurveyResults], schools: Sequence[SchoolCount] | None = None
) -> bytes:
    """A workbook of a sheet per results (county-wide or a school's, named after it), then,
    given ``schools``, a "Schools" sheet of each school with its count as ``SchoolCount.shown``
    writes it (a number from 10, "fewer than 10" below, "not shown" when withheld)."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, XLSX_OPTIONS)
    workbook.set_properties({"title": _title(sheets[0]) if sheets else "Survey results"})
    formats = {
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "bold": workbook.add_format({"bold": True}),
        "head": workbook.add_format({"bold": True, "bottom": 1}),
        "percent": workbook.add_format({"num_format": "0%"}),
    }
    taken: set[str] = {"schools"}
    for results in sheets:
        name = unique_sheet_name(sheet_name(results.school_name or "County"), taken)
        sheet = workbook.add_worksheet(name)
        sheet.set_column(0, 0, 60)
        sheet.set_column(1, 2, 12)
        _write_results(sheet, results, formats)
    if schools is not None:
        _write_schools(workbook.add_worksheet("Schools"), schools, formats)
    workbook.close()
    return output.getvalue()


def _write_results(sheet, results: SurveyResults, formats: dict) -> None:
    sheet.write_string(0, 0, spreadsheet_text(_title(results)), formats["title"])
    sheet.write_string(1, 0, spreadsheet_text(results.headline))
    if not results.shows_figures:
        lines = [results.why_no_figures] + ([SUPPRESSED_MESSAGE] if results.suppressed else [])
        for row, line in enumerate(filter(None, lines), start=2):
            sheet.write_string(row, 0, spreadsheet_text(line))
        return
    row = 3
    if results.findings:
        sheet.write_string(row, 0, spreadsheet_text(results.analysis_line), formats["bold"])
        for finding in results.findings:
            row += 1
            sheet.write_string(row, 0, spreadsheet_text(finding.line))
        row += 2
    for question in results.questions:
        row = _write_question(sheet, row, question, formats) + 1


def _write_question(sheet, row: int, result: QuestionResult, formats: dict) -> int:
    question = result.summary
    heading = f"{question.number}. {one_line(question.text)}"
    sheet.write_string(row, 0, spreadsheet_text(heading), formats["bold"])
    row += 1
    if result.suppressed:
        sheet.write_string(row, 0, result.answered_line)
        return row + 1
    if not question.is_text:
        for column, title in enumerate(("Answer", "Number", "Percentage")):
            sheet.write_string(row, column, title, formats["head"])
        for option in question.options:
            row += 1
            sheet.write_string(row, 0, spreadsheet_text(one_line(option.label)))
            sheet.write_number(row, 1, option.count)
            if option.percent is not None:
                sheet.write_number(row, 2, option.percent / 100, formats["percent"])
        row += 1
    for label, value in (("Answered", question.answered), ("Skipped", question.skipped)):
        sheet.write_string(row, 0, label)
        sheet.write_number(row, 1, value)
        row += 1
    return row


def _write_schools(sheet, schools: Sequence[SchoolCount], formats: dict) -> None:
    sheet.set_column(0, 0, 50)
    sheet.set_column(1, 2, 16)
    for column, title in enumerate(("School", "Phase", "Responses")):
        sheet.write_string(0, column, title, formats["head"])
    for row, school in enumerate(schools, start=1):
        sheet.write_string(row, 0, spreadsheet_text(one_line(school.name)))
        sheet.write_string(row, 1, school.phase.label if school.phase else "")
        if school.has_figures:
            sheet.write_number(row, 2, school.responses)
        else:
            sheet.write_string(row, 2, school.shown)
    sheet.freeze_panes(1, 0)


def results_pdf(
    results: SurveyResults, *, partnership: str, schools: Sequence[SchoolCount] | None = None
) -> bytes:
    """The results as an A4 PDF: the title, the headline, the plan's opening sentence and its
    findings as bullets (with the earlier survey's figures), each question's table, then,
    given ``schools``, the schools with their counts."""
    texts = [results.title, results.school_name or ""]
    texts += [q.summary.text for q in results.questions]
    texts += [o.label for q in results.questions for o in q.summary.options]
    texts += [s.name for s in schools or ()]
    document = A4Document(
        title=_title(results), running_title=_title(results), author=partnership, texts=texts
    )
    document.add_page()
    document.title_block(kicker=partnership, heading=_title(results), lines=[results.headline])
    if not results.shows_figures:
        for line in (results.why_no_figures, SUPPRESSED_MESSAGE if results.suppressed else ""):
            if line:
                _paragraph(document, line)
    else:
        _findings(document, results)
        for question in results.questions:
            _question(document, question)
    if schools:
        _heading(document, "Schools taking part")
        rows = [(s.name, s.phase.label if s.phase else "", s.shown) for s in schools]
        document.plain_table(("School", "Phase", "Responses"), rows, (110, 35, 35), gap=3)
    return document.to_bytes()


def _findings(document: A4Document, results: SurveyResults) -> None:
    if not results.findings:
        return
    _paragraph(document, results.analysis_line)
    for finding in results.findings:
        document.set_x(document.l_margin)
        document.cell(5, 6, BULLET)
        document.multi_cell(0, 6, one_line(finding.line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    document.ln(3)


def _question(document: A4Document, result: QuestionResult) -> None:
    question = result.summary
    if document.get_y() + 40 > document.page_break_trigger:
        document.add_page()
    _heading(document, f"{question.number}. {question.text}")
    _paragraph(document, result.answered_line)
    if not question.is_text and not result.suppressed:
        rows = [
            (o.label, o.count, "–" if o.percent is None else f"{o.percent}%")
            for o in question.options
        ]
        document.plain_table(("Answer", "Number", "Percentage"), rows, (110, 35, 35), gap=3)


def _heading(document: A4Document, text: str) -> None:
    document.ln(1)
    document.set_font(size=12, style="B")
    document.multi_cell(0, 6, one_line(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    document.set_font(size=10, style="")


def _paragraph(document: A4Document, text: str) -> None:
    document.set_font(size=11)
    document.multi_cell(0, 6, one_line(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    document.set_font(size=10)
    document.ln(2)
