"""Demo content for feedback: last year's conference with the responses its report summed up
("65% rather much so, 25% very much so", "87% Excellent, 13% Good") and the things delegates
said they would take back; and a past training day with a form, where the demo professional
was checked in and has not answered yet, their "tell us how it went" email queued, so a
newcomer can give feedback from the emailed link and then download a certificate.

Part of the demo (``booking.demo``). Forms are plain rows, worded as the report words them.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.accounts.models import User
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.scheduling import enqueue_booking_email_once
from booking.bookings.tickets import new_ticket_token
from booking.checkin.models import CheckIn, Via, live_check_in_of
from booking.checkin.services import check_in
from booking.events.models import Event
from booking.feedback.emails import FeedbackEmail
from booking.feedback.models import (
    Answer,
    FeedbackForm,
    FeedbackResponse,
    Question,
    QuestionKind,
    ResponseSource,
)

AGREEMENT = ["Not at all", "A little", "Rather much so", "Very much so"]
SATISFACTION = ["Poor", "Fair", "Good", "Excellent"]
TAKE_BACK = "What things will you take back to your organisation?"
# The conference's questions, and how many of the 52 who answered chose each option (in the
# scale's order): their percentages are the report's, rounded half up.
CONFERENCE_SCALES = [
    ("My knowledge of digital resilience has improved", AGREEMENT, [0, 5, 34, 13]),  # 65/25
    ("Changing my practice for the better", AGREEMENT, [4, 10, 19, 19]),  # 37/37
    ("I would recommend attendance at the conference", AGREEMENT, [0, 0, 13, 39]),  # 25/75
    ("Overall satisfaction", SATISFACTION, [0, 0, 7, 45]),  # 13/87
]
RESPONSES = 52
# What delegates said they would take back, as the report lists them.
TAKEN_BACK = [
    "Share resources with other colleagues",
    "Potentially using Lego as a workable resource",
    "Share with colleagues the online resources available",
    "Push and support parents",
    "The competition. Get young people involved more",
    "Digital Resilience Charter Mark information",
    "360 safe tool",
    "Speak with the young people more often",
    "To discuss the idea of digital resilience",
    "Share information with staff",
    "Attend the Diana Award session with a group of students",
    "Utilising the support services available via The Mix",
    "Inform colleagues about their privacy on social media",
    "Complete the 360 tool",
    "Share information with staff about signs from PREVENT and NSPCC",
    "Peer to peer mentoring and support",
    "Sharing of resources: Parent Zone, the DR school programme, NSPCC, Thinkuknow",
    "Appoint a governor for online safety",
    "Educate both children and parents",
    "To highlight support sites and resources",
]
TRAINING_DAY_SCALES = [
    ("My knowledge of keeping children safe online has improved", AGREEMENT),
    ("Changing my practice for the better", AGREEMENT),
    ("Overall satisfaction", SATISFACTION),
]


def add(
    session: Session,
    *,
    now: datetime,
    conference: Event,
    professional: User,
    past_training_day: Event,
) -> None:
    """The conference's form with RESPONSES online responses from its checked-in delegates;
    the training day's form, the professional checked in there by its trainer, and their
    "tell us how it went" email queued (the training day ended before the scheduler's week)."""
    _conference_feedback(session, conference)
    _form(session, past_training_day, "Training day feedback", TRAINING_DAY_SCALES, now)
    booking = Booking(
        event=past_training_day,
        person=professional,
        ticket_token=new_ticket_token(),
        status=BookingStatus.CONFIRMED,
        queued_at=past_training_day.starts_at - timedelta(days=21),
        created_at=past_training_day.starts_at - timedelta(days=21),
        updated_at=past_training_day.starts_at - timedelta(days=21),
    )
    session.add(booking)
    session.flush()
    trainer = past_training_day.trainers[0]
    arrived = past_training_day.starts_at - timedelta(minutes=10)
    check_in(
        session,
        event=past_training_day,
        booking=booking,
        by_id=trainer.id,
        now=arrived,
        via=Via.SCAN,
    )
    enqueue_booking_email_once(
        session, FeedbackEmail.REQUEST, booking, f"feedback:{booking.id}", now
    )


def _form(session, event: Event, title: str, scales, now: datetime) -> FeedbackForm:
    form = FeedbackForm(event=event, title=title, created_at=now, updated_at=now)
    form.questions = [
        Question(
            position=n, kind=QuestionKind.SCALE, text=text, required=True, options=list(labels)
        )
        for n, (text, labels, *_counts) in enumerate(scales)
    ]
    form.questions.append(
        Question(position=len(scales), kind=QuestionKind.LONG_TEXT, text=TAKE_BACK, options=[])
    )
    session.add(form)
    session.flush()
    return form


def _conference_feedback(session: Session, conference: Event) -> None:
    made = conference.created_at
    form = _form(session, conference, "Conference feedback", CONFERENCE_SCALES, made)
    answered = session.scalars(
        select(Booking.id)
        .join(CheckIn, live_check_in_of(Booking.id))
        .where(Booking.event_id == conference.id)
        .order_by(Booking.id)
        .limit(RESPONSES)
    ).all()
    choices = [_spread(counts) for _text, _labels, counts in CONFERENCE_SCALES]
    *scale_questions, text_question = form.questions
    for n, booking_id in enumerate(answered):
        at = conference.ends_at + timedelta(hours=2 + 5 * n)
        response = FeedbackResponse(
            form=form,
            booking_id=booking_id,
            source=ResponseSource.ONLINE,
            submitted_at=at,
            updated_at=at,
        )
        response.answers = [
            Answer(question=question, option_index=picks[n])
            for question, picks in zip(scale_questions, choices, strict=True)
        ]
        if n < len(TAKEN_BACK):
            response.answers.append(Answer(question=text_question, text=TAKEN_BACK[n]))
        session.add(response)
    session.flush()


def _spread(counts: list[int]) -> list[int]:
    """One option index a respondent, each option as often as its count, interleaved so the
    answers of one person vary from question to question."""
    picks = [index for index, count in enumerate(counts) for _ in range(count)]
    step = 7  # coprime with 52, so this takes each pick once
    return [picks[(i * step) % len(picks)] for i in range(len(picks))]
