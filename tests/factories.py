"""Test data: builds only what a test needs (add, flush, return), through the domain's own
``create_account`` for people."""

from datetime import UTC, datetime, timedelta

from booking.accounts.models import Role, Sector, User
from booking.accounts.services import Registration, create_account
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.tickets import new_ticket_token
from booking.events.models import Event, EventKind, EventStatus

CHEAP_HASHING = {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}
# The start of this hour, not a fixed date: the web tests' requests run on the real clock, so
# events the factory makes relative to NOW (in ten days, by default) must stay in the future
# whenever the suite runs. The app's clock is ahead of NOW by less than an hour when the suite
# starts, and by the length of the run after that.
NOW = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
PASSWORD = "correct horse battery"


class Factory:
    """Builds only what a test needs: add, flush, return."""

    def __init__(self, session):
        self.session = session
        self._count = 0

    def _next(self) -> int:
        self._count += 1
        return self._count

    def user(
        self,
        *,
        name: str | None = None,
        role: Role = Role.PROFESSIONAL,
        email: str | None = None,
        is_demo: bool = False,
        confirmed: bool = True,
    ) -> User:
        n = self._next()
        details = Registration(
            name=name or f"Person {n}",
            email=email or f"person{n}@example.org",
            job_title="Teacher",
            organisation="Ormesby Primary School",
            sector=Sector.SCHOOL,
            password=PASSWORD,
        )
        return create_account(
            self.session, details, role=role, now=NOW, confirmed=confirmed, is_demo=is_demo
        )

    def event(
        self,
        *,
        capacity: int = 10,
        starts_in: timedelta = timedelta(days=10),
        hours: float = 6,
        status: EventStatus = EventStatus.PUBLISHED,
        kind: EventKind = EventKind.TRAINING_DAY,
        parent: Event | None = None,
        title: str | None = None,
        **fields,
    ) -> Event:
        starts_at = fields.pop("starts_at", NOW + starts_in)
        event = Event(
            kind=EventKind.WORKSHOP if parent else kind,
            title=title or f"E-safety training day {self._next()}",
            status=status,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            capacity=capacity,
            created_at=NOW,
            updated_at=NOW,
            parent=parent,
            **fields,
        )
        self.session.add(event)
        self.session.flush()
        return event

    def booking(
        self,
        event: Event,
        person: User | None = None,
        status: BookingStatus = BookingStatus.CONFIRMED,
        queued_at: datetime = NOW,
    ) -> Booking:
        booking = Booking(
            event=event,
            person=person or self.user(),
            status=status,
            ticket_token=new_ticket_token(),
            queued_at=queued_at,
            created_at=queued_at,
            updated_at=queued_at,
        )
        self.session.add(booking)
        self.session.flush()
        return booking


def book(session, *, event_id: int, person_id: int, now: datetime) -> Booking:
    """Book through the domain's ``book_place``, and return the stored booking it made."""
    from booking.bookings.services import book_place

    booked = book_place(session, event_id=event_id, person_id=person_id, now=now)
    return session.get(Booking, booked.booking_id)
