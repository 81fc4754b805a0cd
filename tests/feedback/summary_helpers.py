"""Feedback forms, responses and attendance for the summary's tests, as plain model rows."""

from sqlalchemy import insert

from booking.checkin.models import CheckIn, Via
from booking.events.models import Event
from booking.feedback.models import (
    Answer,
    FeedbackForm,
    FeedbackResponse,
    Question,
    QuestionKind,
    ResponseSource,
)
from tests.factories import NOW, Factory

QUALITY = ["Poor", "Fair", "Good", "Excellent"]
AGREEMENT = ["Not at all", "A little", "Rather much so", "Very much so"]


def make_form(db, event: Event, questions: list[tuple]) -> FeedbackForm:
    """A form of the event with the questions, each (kind, text, options)."""
    form = FeedbackForm(
        event_id=event.id, title=f"Feedback on {event.title}", created_at=NOW, updated_at=NOW
    )
    for position, (kind, text, options) in enumerate(questions, start=1):
        form.questions.append(Question(position=position, kind=kind, text=text, options=options))
    db.add(form)
    db.flush()
    return form


def standard_form(db, event: Event) -> FeedbackForm:
    """Overall satisfaction (a four-point scale), a choice, yes/no and a comment."""
    return make_form(
        db,
        event,
        [
            (QuestionKind.SCALE, "Overall satisfaction", QUALITY),
            (QuestionKind.SCALE, "The trainer knew the subject", AGREEMENT),
            (QuestionKind.YES_NO, "Would you recommend it?", ["Yes", "No"]),
            (QuestionKind.LONG_TEXT, "Any other comments?", []),
        ],
    )


def add_responses(db, form: FeedbackForm, answers: list[dict]) -> list[int]:
    """One response per dict {question position: option index or text} (a missing position
    is a skipped question), in bulk; their ids."""
    questions = {q.position: q for q in form.questions}
    if not answers:
        return []
    ids = db.scalars(
        insert(FeedbackResponse).returning(FeedbackResponse.id, sort_by_parameter_order=True),
        [
            {
                "form_id": form.id,
                "source": ResponseSource.ONLINE,
                "submitted_at": NOW,
                "updated_at": NOW,
            }
            for _ in answers
        ],
    ).all()
    rows = []
    for response_id, given in zip(ids, answers, strict=True):
        for position, value in given.items():
            option, text = (value, "") if isinstance(value, int) else (None, value)
            rows.append(
                {
                    "response_id": response_id,
                    "question_id": questions[position].id,
                    "option_index": option,
                    "text": text,
                }
            )
    if rows:
        db.execute(insert(Answer), rows)
    return ids


def answers_by_counts(position: int, counts: list[int]) -> list[dict]:
    """Responses giving option 0 ``counts[0]`` times, option 1 ``counts[1]`` times..."""
    return [{position: option} for option, n in enumerate(counts) for _ in range(n)]


def attend(given: Factory, db, event: Event, people: int) -> None:
    """``people`` bookings of the event, each checked in."""
    for _ in range(people):
        booking = given.booking(event)
        db.add(
            CheckIn(
                booking_id=booking.id,
                checked_in_at=NOW,
                recorded_at=NOW,
                via=Via.NAME,
            )
        )
    db.flush()
