"""The summary as an A4 PDF laid out for a board paper: the partnership's name, the event, its
dates, the attendance line, then each question as the page shows it (its percentages and a bar
drawn with rectangles, then the figures line by line), and the free-text answers as a bulleted
list, hidden ones left out. ``add_summary`` draws a summary into any ``A4Document`` (the event
report draws it after its attendance)."""

from fpdf.enums import XPos, YPos

from booking.core.charts import PALETTE
from booking.core.exports import FONT, A4Document
from booking.core.formatting import date_range, one_line
from booking.feedback.summary import FormSummary, QuestionSummary

BAR_HEIGHT = 8.0
SWATCH = 3.5
LINE = 5.5
SEGMENT_TEXT_WIDTH = 11.0  # mm: a narrower segment carries no text (its line below has it)
BULLET = "\u2022"


def summary_pdf(summary: FormSummary, partnership: str) -> bytes:
    """The whole report: a title block naming the partnership, the event and its dates, then
    ``add_summary``."""
    texts = [summary.event_title, summary.title]
    texts += [q.text for q in summary.questions]
    texts += [o.label for q in summary.questions for o in q.options]
    texts += [c for q in summary.questions for c in q.comments]
    pdf = A4Document(
        title=f"Feedback: {summary.event_title}",
        running_title=f"Feedback: {summary.event_title}",
        author=partnership,
        texts=texts,
    )
    pdf.add_page()
    pdf.title_block(
        kicker=partnership,
        heading=f"Feedback: {summary.event_title}",
        lines=[date_range(summary.starts_at, summary.ends_at)],
    )
    add_summary(pdf, summary)
    return pdf.to_bytes()


def add_summary(pdf: A4Document, summary: FormSummary) -> None:
    """Draw the summary at the current position: the form's title, the attendance line, then
    each question in the form's order."""
    pdf.set_font(FONT, "B", size=12)
    pdf.multi_cell(0, 6, one_line(summary.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10)
    pdf.multi_cell(0, LINE, summary.attendance_line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    for question in summary.questions:
        _question(pdf, question)


def _question(pdf: A4Document, question: QuestionSummary) -> None:
    needed = 14 + (BAR_HEIGHT + LINE * (len(question.options) + 2) if question.options else 0)
    if pdf.get_y() + min(needed, 80) > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FONT, "B", size=11)
    heading = f"{question.number}. {one_line(question.text)}"
    pdf.multi_cell(0, 6, heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10)
    answered = f"{question.answered} answered, {question.skipped} skipped"
    pdf.multi_cell(0, LINE, answered, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if question.is_text:
        _comments(pdf, question.comments)
    else:
        _bar(pdf, question)
        _option_lines(pdf, question)
    pdf.ln(4)


def _bar(pdf: A4Document, question: QuestionSummary) -> None:
    """The answers as one stacked bar, each segment with its percentage when it fits."""
    pdf.ln(1)
    x, y = pdf.l_margin, pdf.get_y()
    if question.answered:
        for index, option in enumerate(question.options):
            if not option.count:
                continue
            width = pdf.epw * option.count / question.answered
            _fill(pdf, index)
            pdf.rect(x, y, width, BAR_HEIGHT, style="F")
            if width >= SEGMENT_TEXT_WIDTH:
                pdf.set_text_color(255)
                pdf.set_xy(x, y)
                pdf.cell(width, BAR_HEIGHT, f"{option.percent}%", align="C")
                pdf.set_text_color(0)
            x += width
    else:
        pdf.set_draw_color(80)
        pdf.rect(x, y, pdf.epw, BAR_HEIGHT)
        pdf.set_xy(x + 2, y)
        pdf.cell(0, BAR_HEIGHT, "No answers")
    pdf.set_xy(pdf.l_margin, y + BAR_HEIGHT + 2)


def _option_lines(pdf: A4Document, question: QuestionSummary) -> None:
    """Each option with its swatch, percentage and count, in the bar's order; the top two."""
    for index, option in enumerate(question.options):
        y = pdf.get_y()
        _fill(pdf, index)
        pdf.rect(pdf.l_margin, y + 1, SWATCH, SWATCH, style="F")
        share = "–" if option.percent is None else f"{option.percent}%"
        pdf.set_x(pdf.l_margin + SWATCH + 2)
        words = f"{one_line(option.label)}: {share} ({option.count})"
        pdf.cell(0, LINE, pdf.fitted(words, pdf.epw - SWATCH - 2))
        pdf.set_xy(pdf.l_margin, y + LINE)
    if question.top_two:
        pdf.set_font(FONT, "B", size=10)
        pdf.multi_cell(0, LINE, question.top_two.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, size=10)


def _comments(pdf: A4Document, comments: list[str]) -> None:
    """The free-text answers as a bulleted list."""
    if not comments:
        pdf.multi_cell(0, LINE, "No comments shown.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return
    for comment in comments:
        pdf.set_x(pdf.l_margin)
        pdf.cell(5, LINE, BULLET)
        pdf.multi_cell(0, LINE, one_line(comment), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _fill(pdf: A4Document, index: int) -> None:
    colour = PALETTE[index % len(PALETTE)].lstrip("#")
    pdf.set_fill_color(*(int(colour[i : i + 2], 16) for i in (0, 2, 4)))
