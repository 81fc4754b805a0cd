"""The demo's feedback: last year's conference answered as its report says, and a past training
day where the demo professional can give feedback and then get a certificate."""

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from booking import create_app, demo, demo_feedback, demo_reach
from booking.checkin.services import live_check_in
from booking.core.clock import utcnow
from booking.feedback.certificates import Withheld, certificate_offer
from booking.feedback.models import Answer, FeedbackForm, FeedbackResponse, QuestionKind
from booking.models import Booking, Event, OutboxMessage, User
from tests.conftest import app_config
from tests.factories import NOW, Factory
from tests.feedback.certificate_helpers import pdf_text, respond
from tests.web_client import WebClient


def _percent(count: int, total: int) -> int:
    return int((Decimal(100 * count) / total).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_last_years_conference_was_answered_as_its_report_says(session):
    demo.load(session, now=NOW)
    conference = session.scalars(
        select(Event).where(Event.title == demo_reach.CONFERENCE_TITLE, Event.ends_at < NOW)
    ).one()
    form = session.scalars(select(FeedbackForm).where(FeedbackForm.event_id == conference.id)).one()
    responses = session.scalars(
        select(FeedbackResponse).where(FeedbackResponse.form_id == form.id)
    ).all()
    assert len(responses) == 52
    assert all(live_check_in(session, r.booking.id) for r in responses), "all were there"
    assert {r.booking.event_id for r in responses} == {conference.id}
    report = {
        "My knowledge of digital resilience has improved": {
            "Rather much so": 65,
            "Very much so": 25,
        },
        "Changing my practice for the better": {"Rather much so": 37, "Very much so": 37},
        "I would recommend attendance at the conference": {
            "Rather much so": 25,
            "Very much so": 75,
        },
        "Overall satisfaction": {"Excellent": 87, "Good": 13},
    }
    for question in form.questions:
        counted = select(Answer.option_index, func.count()).where(Answer.question_id == question.id)
        counts = dict(session.execute(counted.group_by(Answer.option_index)).all())
        if question.kind == QuestionKind.LONG_TEXT:
            texts = session.scalars(select(Answer.text).where(Answer.question_id == question.id))
            assert sorted(texts) == sorted(demo_feedback.TAKEN_BACK)
            continue
        assert sum(counts.values()) == 52
        shown = {question.options[i]: _percent(n, 52) for i, n in counts.items()}
        for label, percent in report[question.text].items():
            assert shown[label] == percent, (question.text, label)


def test_the_professional_can_give_feedback_on_a_past_training_day_then_get_a_certificate(
    session,
):
    demo.load(session, now=NOW)
    professional = session.scalars(
        select(User).where(User.email == "professional@demo.example")
    ).one()
    (booking,) = session.scalars(
        select(Booking).join(Event).where(Booking.person_id == professional.id, Event.ends_at < NOW)
    ).all()
    assert booking.event.title == "E-safety training day"
    assert live_check_in(session, booking.id) is not None
    form = session.scalars(
        select(FeedbackForm).where(FeedbackForm.event_id == booking.event_id)
    ).one()
    assert certificate_offer(session, booking, NOW) == Withheld.FEEDBACK_NEEDED
    (asked,) = session.scalars(
        select(OutboxMessage).where(OutboxMessage.booking_id == booking.id)
    ).all()
    assert asked.kind == "feedback_request"
    respond(Factory(session), form, booking)
    assert certificate_offer(session, booking, NOW) is None


def test_the_demo_professional_downloads_their_certificate_once_they_have_answered(engine):
    app = create_app(app_config(ENGINE=engine, DEMO=True))
    with app.extensions["sessions"].writer() as session:
        demo.load(session, now=utcnow())
        booking = session.scalars(
            select(Booking)
            .join(Event)
            .where(
                Booking.person.has(email="professional@demo.example"),
                Event.title == "E-safety training day",
                Event.ends_at < utcnow(),
            )
        ).one()
        form = session.scalars(
            select(FeedbackForm).where(FeedbackForm.event_id == booking.event_id)
        ).one()
        respond(Factory(session), form, booking)
        session.commit()
        booking_id = booking.id
    client = WebClient(app)
    client.sign_in("professional@demo.example", demo.DEMO_PASSWORD)
    page = client.get("/bookings").get_data(as_text=True)
    assert f"/bookings/{booking_id}/certificate.pdf" in page
    pdf = client.get(f"/bookings/{booking_id}/certificate.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.data)
    assert "Siobhán O'Connor" in text and "E-safety training day" in text
    assert "5.5 hours" in text and "Jeremy Day" in text
