"""Builders for certificate tests: a past event, a place checked in at it, a feedback form and
a response (plain model rows: forms are built elsewhere)."""

import io
from datetime import timedelta

import numpy as np
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from booking.accounts.models import Role
from booking.bookings.models import Booking
from booking.checkin.models import Via
from booking.checkin.services import check_in
from booking.events.models import Event
from booking.feedback.models import FeedbackForm, FeedbackResponse, ResponseSource
from tests.factories import NOW, Factory


def past_event(make: Factory, **fields) -> Event:
    """An event that ended two days ago, with a trainer."""
    trainer = make.user(name="Jeremy Day", role=Role.TRAINER)
    event = make.event(starts_in=-timedelta(days=2, hours=6), hours=6, **fields)
    event.trainers = [trainer]
    make.session.flush()
    return event


def attended(make: Factory, event: Event, person=None) -> Booking:
    """A confirmed place on the event, checked in at its start."""
    booking = make.booking(event, person)
    trainer = event.trainers[0] if event.trainers else make.user(role=Role.TRAINER)
    check_in(
        make.session,
        event=event,
        booking=booking,
        by_id=trainer.id,
        now=NOW,
        via=Via.NAME,
        at=event.starts_at,
    )
    return booking


def form_for(make: Factory, event: Event, *, needs_feedback: bool = True) -> FeedbackForm:
    form = FeedbackForm(
        event_id=event.id,
        title="Training day feedback",
        certificate_needs_feedback=needs_feedback,
        created_at=NOW,
        updated_at=NOW,
    )
    make.session.add(form)
    make.session.flush()
    return form


def respond(make: Factory, form: FeedbackForm, booking: Booking) -> FeedbackResponse:
    response = FeedbackResponse(
        form_id=form.id,
        booking_id=booking.id,
        source=ResponseSource.ONLINE,
        submitted_at=NOW,
        updated_at=NOW,
    )
    make.session.add(response)
    make.session.flush()
    return response


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_qr(pdf: bytes) -> str:
    """The text of the one QR code drawn in the PDF, read by a real decoder."""
    (image,) = PdfReader(io.BytesIO(pdf)).pages[0].images
    pixels = np.array(Image.open(io.BytesIO(image.data)).convert("L"))
    (result,) = zxingcpp.read_barcodes(pixels)
    return result.text
