"""Counting places: the confirmed places and waiting-list places an event holds, and a
person's position in the queue; the cap of places per organisation. (What is left of the
capacity is ``events.rules.places_left``.)"""

from collections import Counter

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Label

from booking.accounts.models import Sector, User
from booking.bookings.models import Booking, BookingStatus
from booking.events.models import Event


def places_taken(event_id, status: BookingStatus = BookingStatus.CONFIRMED) -> Label:
    """The number of the event's bookings in this status, as a column named after the status
    (``confirmed``, ``waitlisted``) to select alongside others: ``event_id`` is an id or a
    column (then counted per row, by the same index)."""
    bookings = Booking.__table__  # Core columns: an ORM attribute would make every
    return (  # statement holding the count an ORM statement, which costs more to run
        select(func.count())
        .where(bookings.c.event_id == event_id, bookings.c.status == status)
        .scalar_subquery()
        .label(status.value)
    )


def confirmed_places(session: Session, event_id: int) -> int:
    """How many confirmed places the event has."""
    return session.scalar(select(places_taken(event_id)))


def waitlist_position(session: Session, booking: Booking) -> int | None:
    """1 for the head of the waiting list; None when the booking is not waiting."""
    if booking.status != BookingStatus.WAITLISTED:
        return None
    ahead = session.scalar(
        select(func.count()).where(
            Booking.event_id == booking.event_id,
            Booking.status == BookingStatus.WAITLISTED,
            or_(
                Booking.queued_at < booking.queued_at,
                and_(Booking.queued_at == booking.queued_at, Booking.id < booking.id),
            ),
        )
    )
    return ahead + 1


def organisation_has_room(cap: int | None, organisation_id: int | None, held: int) -> bool:
    """The one rule of places per organisation: a person may take a place unless the event
    caps places per organisation (``Event.places_per_organisation``) and their organisation
    already holds ``held`` >= cap confirmed places. People without an organisation are never
    capped. Booking, promotion and the pages showing why someone waits all ask this."""
    return cap is None or organisation_id is None or held < cap


def organisation_places(session: Session, event_id: int) -> Counter:
    """The event's confirmed places per organisation id (people without one are not counted)."""
    rows = session.execute(
        select(User.organisation_id, func.count())
        .join(Booking, Booking.person_id == User.id)
        .where(
            Booking.event_id == event_id,
            Booking.status == BookingStatus.CONFIRMED,
            User.organisation_id.is_not(None),
        )
        .group_by(User.organisation_id)
    )
    return Counter(dict(rows.all()))


def waiting_organisations(session: Session, event_id: int) -> list[int | None]:
    """The organisation id of each person on the event's waiting list, in queue order."""
    return list(
        session.scalars(
            select(User.organisation_id)
            .join(Booking, Booking.person_id == User.id)
            .where(Booking.event_id == event_id, Booking.status == BookingStatus.WAITLISTED)
            .order_by(Booking.queued_at, Booking.id)
        )
    )


def someone_waiting_could_take(session: Session, event: Event) -> bool:
    """Whether anyone on the waiting list could take a free place: with a cap per
    organisation, the people held back by it cannot, and newcomers do not queue behind them."""
    held = organisation_places(session, event.id) if event.places_per_organisation else {}
    return any(
        organisation_has_room(event.places_per_organisation, org, held.get(org, 0))
        for org in waiting_organisations(session, event.id)
    )


def waitlist_reason(session: Session, booking: Booking) -> str | None:
    """Why a booking on the waiting list waits when the cap per organisation holds it back
    ("Your school already has 2 places on this course"); None otherwise (the event is full)."""
    if booking.status != BookingStatus.WAITLISTED or booking.event.places_per_organisation is None:
        return None
    return _held_back(booking, organisation_places(session, booking.event_id))


def waitlist_reasons(session: Session, event: Event, bookings: list[Booking]) -> dict:
    """``waitlist_reason`` for each of the event's ``bookings`` by booking id, counting the
    places per organisation once for them all (a page listing a waiting list asks this)."""
    if event.places_per_organisation is None:
        return {}
    held = organisation_places(session, event.id)
    return {
        booking.id: _held_back(booking, held)
        for booking in bookings
        if booking.status == BookingStatus.WAITLISTED
    }


def _held_back(booking: Booking, places: Counter) -> str | None:
    person = booking.person
    held = places.get(person.organisation_id, 0)
    if organisation_has_room(booking.event.places_per_organisation, person.organisation_id, held):
        return None
    setting = "school" if person.organisation.sector == Sector.SCHOOL else "organisation"
    places_held = "1 place" if held == 1 else f"{held} places"
    return f"Your {setting} already has {places_held} on this course"
