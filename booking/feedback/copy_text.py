"""The summary as plain text in the report's own form, to paste into a Word document:

    E-safety training day, Tuesday 29 January 2019, 9:30am to 4pm
    52 of 78 delegates responded, 67%
    Overall satisfaction: 87% Excellent / 13% Good
    Would you recommend it?: 96% Yes / 4% No

A scale's options run from its highest down, a choice's in its own order; options nobody
chose are left out (the page and the files show them). A text question gives its number of
comments."""

from booking.core.formatting import date_range, one_line
from booking.feedback.models import QuestionKind
from booking.feedback.summary import FormSummary, QuestionSummary


def copy_text(summary: FormSummary) -> str:
    """The summary's figures as lines of plain text (see the module)."""
    lines = [
        f"{one_line(summary.event_title)}, {date_range(summary.starts_at, summary.ends_at)}",
        summary.attendance_line,
    ]
    lines += [question_line(question) for question in summary.questions]
    return "\n".join(lines)


def question_line(question: QuestionSummary) -> str:
    """ "Overall satisfaction: 87% Excellent / 13% Good" """
    text = one_line(question.text)
    if question.is_text:
        comments = "comment" if question.answered == 1 else "comments"
        return f"{text}: {question.answered} {comments}"
    if not question.answered:
        return f"{text}: no answers"
    ordered = (
        reversed(question.options) if question.kind == QuestionKind.SCALE else question.options
    )
    shares = " / ".join(f"{o.percent}% {one_line(o.label)}" for o in ordered if o.count)
    return f"{text}: {shares}"
