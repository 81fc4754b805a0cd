"""Every kind of email a context sends has its composer registered with the outbox."""

from booking.accounts.emails import AccountEmail
from booking.bookings.emails import BookingEmail
from booking.feedback.emails import FeedbackEmail
from booking.outbox.composing import registered_kinds


def test_every_kind_of_email_has_a_composer():
    assert {*AccountEmail, *BookingEmail, *FeedbackEmail} <= registered_kinds()
