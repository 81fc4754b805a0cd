"""Feedback forms for tests, as plain rows (the builder's services are not needed to answer)."""

from datetime import datetime

from booking.checkin import services as checkin
from booking.checkin.models import Via
from booking.feedback.models import FeedbackForm, Question, QuestionKind
from tests.factories import NOW

QUESTIONS = (
    (QuestionKind.SCALE, "How useful was the training?", True, ["Poor", "Fair", "Good"]),
    (QuestionKind.YES_NO, "Would you recommend it?", False, ["Yes", "No"]),
    (QuestionKind.SHORT_TEXT, "Your role in one line", False, []),
    (QuestionKind.LONG_TEXT, "What will you do differently?", True, []),
)


def add_form(session, event, *, closes_at: datetime | None = None) -> FeedbackForm:
    form = FeedbackForm(
        event=event,
        title=f"Feedback on {event.title}",
        closes_at=closes_at,
        created_at=NOW,
        updated_at=NOW,
        questions=[
            Question(position=n, kind=kind, text=text, required=required, options=options)
            for n, (kind, text, required, options) in enumerate(QUESTIONS)
        ],
    )
    session.add(form)
    session.flush()
    return form


def fields(form: FeedbackForm) -> dict[str, str]:
    """The field names of the helper form's four questions, by kind."""
    return {q.kind.value: f"q{q.id}" for q in form.questions}


def good_answers(form: FeedbackForm, **overrides) -> dict[str, str]:
    names = fields(form)
    answers = {
        names["scale"]: "2",
        names["yes_no"]: "0",
        names["short_text"]: "Class teacher",
        names["long_text"]: "Check the log every week.",
    }
    return answers | {names[kind]: value for kind, value in overrides.items()}


def check_in(session, booking, by_id: int) -> None:
    checkin.check_in(
        session,
        event=booking.event,
        booking=booking,
        by_id=by_id,
        now=booking.event.starts_at,
        via=Via.NAME,
    )
