"""Emails about what an organiser (or a setting's training lead) did to someone's booking:
booked for them, moved to another date, offered a place from the waiting list, and the
organisers' own message to everyone booked (registered with the outbox). A cancellation on
someone's behalf is the bookings' own "cancelled by the organisers" email, with the reason."""

from enum import StrEnum

from booking.bookings.emails import place_content
from booking.bookings.models import Booking, BookingStatus
from booking.outbox.composing import Content, MailSettings, register
from booking.outbox.models import OutboxMessage


class OnBehalfEmail(StrEnum):
    BOOKED_FOR_YOU = "booked_on_behalf"
    MOVED = "booking_moved"
    OFFERED = "place_offered"
    ORGANISERS_MESSAGE = "organisers_message"


def _cancel_paragraph(settings: MailSettings) -> str:
    return "You can cancel it from My bookings: " + settings.links.to("my_bookings")


def _claim_paragraph(booking: Booking, settings: MailSettings) -> list[str]:
    """For a person added by name and address: how to sign in to the account made for them."""
    if not booking.person.placeholder:
        return []
    return [
        "We have made a training account for this email address. To see or cancel your "
        "booking, choose a password: on the sign-in page, use “Forgotten your password?”: "
        + settings.links.to("sign_in")
    ]


def _booked_for_you(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    content = place_content(booking, message, settings)
    by = message.payload.get("by") or "The organisers"
    title = booking.event.title
    if booking.status == BookingStatus.WAITLISTED:
        content.subject = f"You are on the waiting list: {title}"
        said = f"{by} asked for a place for you on {title}. It is fully booked, so you are on "
        said += "the waiting list: if a place becomes free, it is given to you and we email you."
    else:
        content.subject = f"A place has been booked for you: {title}"
        content.heading = "A place has been booked for you"
        said = f"{by} booked you a place on {title}."
    content.paragraphs = [
        said,
        _cancel_paragraph(settings),
        *_claim_paragraph(booking, settings),
    ]
    return content


def _moved(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    content = place_content(booking, message, settings)
    waiting = booking.status == BookingStatus.WAITLISTED
    content.subject = f"Your booking has moved: {booking.event.title}"
    content.heading = "Your booking has moved to another date"
    content.paragraphs = [
        f"The organisers have moved your booking from {message.payload.get('was', '')} to "
        "the date below."
        + (" That date is fully booked, so you are on its waiting list." if waiting else ""),
        _cancel_paragraph(settings),
    ]
    return content


def _offered(booking: Booking, message: OutboxMessage, settings: MailSettings) -> Content:
    content = place_content(booking, message, settings)
    content.subject = f"You have a place: {booking.event.title}"
    content.heading = "The organisers have given you a place"
    content.paragraphs = [
        f"You were on the waiting list for {booking.event.title}. The organisers have "
        "given you a place that became free.",
        _cancel_paragraph(settings),
    ]
    return content


def _organisers_message(
    booking: Booking, message: OutboxMessage, settings: MailSettings
) -> Content:
    subject = message.payload.get("subject") or "A message from the organisers"
    return Content(
        subject=f"{subject}: {booking.event.title}",  # made safe for a header when composed
        heading=subject,
        paragraphs=[
            f"A message from the organisers of {booking.event.title}, to everyone booked:",
            *message.payload.get("body", "").splitlines(),
        ],
        after=[_cancel_paragraph(settings)],
    )


def _still_booked(session, message: OutboxMessage, _now) -> str | None:
    """The organisers' message goes to places still held when it is sent."""
    booking = session.get(Booking, message.booking_id)
    if booking is None or booking.status != BookingStatus.CONFIRMED:
        return "Not sent: the booking is no longer a place."
    return None


def _still_live(session, message: OutboxMessage, _now) -> str | None:
    """News of a booking made or moved is not sent once it is cancelled (its cancellation is)."""
    booking = session.get(Booking, message.booking_id)
    if booking is None or not booking.is_live:
        return "Not sent: the booking is cancelled now."
    return None


def _about_the_booking(write):
    def content(session, message: OutboxMessage, settings: MailSettings) -> Content:
        return write(session.get(Booking, message.booking_id), message, settings)

    return content


register(OnBehalfEmail.BOOKED_FOR_YOU, _about_the_booking(_booked_for_you), _still_live)
register(OnBehalfEmail.MOVED, _about_the_booking(_moved), _still_live)
register(OnBehalfEmail.OFFERED, _about_the_booking(_offered), _still_booked)
register(OnBehalfEmail.ORGANISERS_MESSAGE, _about_the_booking(_organisers_message), _still_booked)
