"""A certificate of attendance in the browser: offered in "My bookings" on a 320 px screen,
downloaded, and its code confirmed on the public page, each page axe-clean."""

from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from booking.accounts.models import User
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.tickets import new_ticket_token
from booking.checkin.models import Via
from booking.checkin.services import check_in
from booking.core.clock import utcnow
from booking.events.models import Event
from booking.feedback.models import Certificate, FeedbackForm, FeedbackResponse, ResponseSource


def _fits(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def _attended_the_past_training_day(live_server, email: str) -> int:
    """Check the person in at the demo's past E-safety training day; the booking's id."""
    now = utcnow()
    with live_server.writer_session() as session:
        person = session.scalars(select(User).where(User.email == email)).one()
        event = session.scalars(
            select(Event).where(Event.title == "E-safety training day", Event.ends_at < now)
        ).one()
        booking = Booking(
            event=event,
            person=person,
            ticket_token=new_ticket_token(),
            status=BookingStatus.CONFIRMED,
            queued_at=now - timedelta(days=40),
            created_at=now - timedelta(days=40),
            updated_at=now - timedelta(days=40),
        )
        session.add(booking)
        session.flush()
        trainer = event.trainers[0]
        check_in(
            session,
            event=event,
            booking=booking,
            by_id=trainer.id,
            now=event.starts_at,
            via=Via.NAME,
        )
        session.commit()
        return booking.id


def test_feedback_first_then_the_certificate_and_its_public_page(
    new_page, check_axe, sign_in, new_professional, live_server
):
    page = new_page(viewport={"width": 320, "height": 640})
    email = new_professional("Łukasz Żółć")
    booking_id = _attended_the_past_training_day(live_server, email)
    sign_in(page, email)
    expect(page.get_by_text("Give feedback to get your certificate")).to_be_visible()
    check_axe(page)
    _fits(page)

    with live_server.writer_session() as session:
        form_id = session.scalars(
            select(FeedbackForm.id)
            .join(Booking, Booking.event_id == FeedbackForm.event_id)
            .where(Booking.id == booking_id)
        ).one()
        now = utcnow()
        session.add(
            FeedbackResponse(
                form_id=form_id,
                booking_id=booking_id,
                source=ResponseSource.ONLINE,
                submitted_at=now,
                updated_at=now,
            )
        )
        session.commit()
    page.reload()
    link = page.get_by_role(
        "link", name="Certificate of attendance (PDF) for E-safety training day"
    )
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"certificate-{booking_id}.pdf"

    with live_server.writer_session() as session:
        code = session.scalars(
            select(Certificate.code).where(Certificate.booking_id == booking_id)
        ).one()
    visitor = new_page(viewport={"width": 320, "height": 640})
    visitor.goto(f"/certificates/{code}")
    expect(
        visitor.get_by_role("heading", level=1, name="This certificate is genuine")
    ).to_be_visible()
    expect(visitor.get_by_text("Łukasz Żółć")).to_be_visible()
    check_axe(visitor)
    _fits(visitor)
    visitor.goto("/certificates/NOTACODE22")
    expect(
        visitor.get_by_role("heading", level=1, name="We cannot find this certificate")
    ).to_be_visible()
    check_axe(visitor)
    visitor.goto("/events")  # by now the console has noted the unknown code's 404, on purpose
    visitor.script_errors[:] = [e for e in visitor.script_errors if "status of 404" not in e]
