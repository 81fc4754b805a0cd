"""Domain errors: each has a stable machine ``code`` and a message a person can act on.

The domain knows no HTTP status. The web edge turns ``NotFound`` and ``NotAllowed`` into 404 and
403 once, in the handlers of ``booking.web.errors`` (a page, or the API's JSON under /api/);
views catch only ``Refused``: a rule said no, and the view shows why.
"""


class BookingError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "booking_error"

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field  # the input it concerns, when there is one
        # every (field, message) refused at once: a form shows each on its field
        self.problems: tuple[tuple[str | None, str], ...] = ((field, message),)

    @classmethod
    def of(cls, problems: list[tuple[str | None, str]]):
        """The error refusing every (field, message) at once, the first as its message."""
        error = cls(problems[0][1], field=problems[0][0])
        error.problems = tuple(problems)
        return error


class NotFound(BookingError):
    """There is no such thing, or the asker may not know it exists (a draft, another's booking)."""

    code = "not_found"


class NotAllowed(BookingError):
    """The asker may not do this."""

    code = "not_allowed"


class Refused(BookingError):
    """A rule refused what was asked; the message says which and what to do instead."""

    code = "refused"


class NotBookable(Refused):
    code = "not_bookable"


class AlreadyBooked(Refused):
    code = "already_booked"


class EmailNotConfirmed(Refused):
    code = "email_not_confirmed"


class SlotTaken(Refused):
    code = "slot_taken"


class OwnCourse(Refused):
    """A trainer cannot book (or queue for) an event they train on."""

    code = "own_course"


class InvalidEvent(Refused):
    """An event's details break one rule or more: ``problems`` names each (field, message),
    the first also as ``field`` and ``message``."""

    code = "invalid_event"


class EmailTaken(Refused):
    code = "email_taken"


class BadCredentials(Refused):
    code = "bad_credentials"


class TooManyAttempts(Refused):
    code = "too_many_attempts"


class InvalidLink(Refused):
    code = "invalid_link"


class NotClosable(Refused):
    code = "not_closable"


class OwnRole(Refused):
    """An organiser cannot take away their own organiser role (so one always remains)."""

    code = "own_role"


class RegisterClosed(Refused):
    """An event's register is closed: attendance no longer changes until an organiser reopens it."""

    code = "register_closed"


class EventNotEnded(Refused):
    code = "event_not_ended"
