"""Domain errors: each has a stable machine ``code`` and a message a person can act on."""


class BookingError(Exception):
    """Base of every rule the domain refuses; ``status`` is the HTTP status an API answers."""

    code = "booking_error"
    status = 400

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(BookingError):
    code = "not_found"
    status = 404


class NotBookable(BookingError):
    code = "not_bookable"
    status = 409


class AlreadyBooked(BookingError):
    code = "already_booked"
    status = 409


class NotBooked(BookingError):
    code = "not_booked"
    status = 409


class EmailNotConfirmed(BookingError):
    code = "email_not_confirmed"
    status = 403


class SlotTaken(BookingError):
    code = "slot_taken"
    status = 409


class NotAllowed(BookingError):
    code = "not_allowed"
    status = 403


class InvalidEvent(BookingError):
    code = "invalid_event"
    status = 422


class EmailTaken(BookingError):
    code = "email_taken"
    status = 409


class BadCredentials(BookingError):
    code = "bad_credentials"
    status = 401


class TooManyAttempts(BookingError):
    code = "too_many_attempts"
    status = 429
