"""The personal feedback link: ``/feedback/<token>``, signed with the app's secret.

The token holds a booking id and its purpose, nothing else (no name, no address); it works
without signing in, for as long as the event's feedback form is open ("expired" is the form
closed, which ``feedback.responses`` decides). A tampered or made-up token is refused without
saying whose booking it might have been.
"""

from itsdangerous import BadSignature, URLSafeSerializer

from booking.bookings.models import Booking
from booking.core.errors import InvalidLink

PURPOSE = "feedback"
NOT_VALID = (
    "This feedback link is not valid. Use the link in your email, or find the event in My bookings."
)


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="booking-feedback")


def feedback_token(secret: str, booking: Booking | int) -> str:
    """The token of the booking's feedback link."""
    booking_id = booking if isinstance(booking, int) else booking.id
    return _serializer(secret).dumps({"b": booking_id, "p": PURPOSE})


def booking_id_from_token(secret: str, token: str) -> int:
    """The booking a feedback token was made for. Raises InvalidLink ("invalid_link") for a
    token not signed by us, or signed for another purpose."""
    try:
        data = _serializer(secret).loads(token)
    except BadSignature:
        raise InvalidLink(NOT_VALID) from None
    if not isinstance(data, dict) or data.get("p") != PURPOSE:
        raise InvalidLink(NOT_VALID)
    booking_id = data.get("b")
    if not isinstance(booking_id, int) or isinstance(booking_id, bool):
        raise InvalidLink(NOT_VALID)
    return booking_id
