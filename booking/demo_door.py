"""Demo content for the door: an event happening today, with people booked and a few already
checked in, and one that ended last week with its check-ins and no-shows.

Part of the demo (``booking.demo``); check-ins go through ``booking.checkin.services`` so the
audit log has their entries.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from booking.accounts.models import User
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.tickets import new_ticket_token
from booking.checkin.models import Via
from booking.checkin.services import check_in
from booking.core.formatting import LONDON
from booking.events.models import Event, EventKind, EventStatus

TODAY_TITLE = "Multi-agency e-safety training"
PAST_TITLE = "Thinkuknow: delivering CEOP's education programme"
TODAY_CAPACITY = 30
# The training day's hours, when the demo is loaded with at least an hour of them on either side.
DAY_STARTS, DAY_ENDS = time(9, 30), time(15, 30)
SESSION_HOURS = 6  # otherwise a session from an hour before loading

# What some people told the trainer when they booked: access needs, dietary needs, notes.
NEEDS = {
    "Siobhán Ní Bhriain": ("Step-free access, please: I use a wheelchair.", "", ""),
    "Łukasz Żółć": (
        "",
        "Vegetarian",
        "I may need to leave at 2pm for a child protection conference.",
    ),
    "李明": ("", "No pork, please.", ""),
    "Grace Adeyemi": ("A seat near the front: I am hard of hearing.", "Gluten free", ""),
    "Owen Price": ("", "", "Coming with a second foster carer who will book a walk-in place."),
    "Fatima Begum": ("", "Halal", ""),
    "Ciarán O'Connor": ("Large-print handouts, please.", "", ""),
    "Hannah Ellis": ("", "Nut allergy (severe)", ""),
    "Marek Kowalski": ("", "", "Our new online safety lead; keen to take part in the group work."),
}


@dataclass(frozen=True)
class DoorDemo:
    today: Event
    past: Event


def today_hours(now: datetime) -> tuple[datetime, datetime]:
    """When today's event runs, so that its door is open whenever the demo is loaded: the
    training day's hours when it started an hour ago or more and has an hour or more to go;
    otherwise a session from the half hour an hour before ``now``, for SESSION_HOURS, within
    today's date in London."""
    local = now.astimezone(LONDON)
    day = local.date()
    starts, ends = _at(day, DAY_STARTS), _at(day, DAY_ENDS)
    hour = timedelta(hours=1)
    if starts + hour <= local <= ends - hour:
        return starts, ends
    earlier = local - hour
    starts = max(
        earlier.replace(minute=earlier.minute // 30 * 30, second=0, microsecond=0), _at(day, time())
    )
    ends = min(starts + timedelta(hours=SESSION_HOURS), _at(day, time(23, 59)))
    return starts, ends


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=LONDON)


def add(
    session: Session,
    *,
    now: datetime,
    trainer: User,
    professional: User,
    delegates: list[User],
    venues: tuple[str, str],
) -> DoorDemo:
    """Today's event (TODAY_CAPACITY places: the demo professional's and the delegates' up to
    it, then one cancelled and two waiting), five people checked in by the trainer; and last
    week's, out of reach of the "tell us how it went" schedule (it ended over 7 days ago)
    with its register open. Needs as many delegates as places plus three."""
    starts, ends = today_hours(now)
    today = _event(session, TODAY_TITLE, starts, ends, TODAY_CAPACITY, venues[0], now, trainer)
    today.cpd_hours = Decimal("5")
    people = [professional, *delegates[: TODAY_CAPACITY - 1]]
    late = delegates[TODAY_CAPACITY - 1 : TODAY_CAPACITY + 2]
    bookings = _book(session, today, people, late, now - timedelta(days=12))
    bookings[late[0].id].status = BookingStatus.CANCELLED
    bookings[late[0].id].cancelled_at = now - timedelta(days=2)
    arrived = [people[i] for i in (4, 9, 13, 18, 22)]
    _arrive(session, today, [bookings[p.id] for p in arrived], trainer, starts, now)

    day = datetime.combine(_last_week(now), time(), tzinfo=LONDON).date()
    past_starts, past_ends = _at(day, time(9, 30)), _at(day, time(12, 30))
    past = _event(session, PAST_TITLE, past_starts, past_ends, 20, venues[1], now, trainer)
    attendees = delegates[5:23]
    held = _book(session, past, attendees, [], past_starts - timedelta(days=21))
    no_shows = {attendees[i].id for i in (2, 7, 11, 15, 16)}
    came = [held[p.id] for p in attendees if p.id not in no_shows]
    _arrive(session, past, came, trainer, past_starts, now)
    return DoorDemo(today, past)


def _last_week(now: datetime) -> date:
    """A Wednesday 8 to 14 days ago: past the 7 days in which "tell us how it went" is sent."""
    day = now.astimezone(LONDON).date() - timedelta(days=14)
    return day + timedelta(days=(2 - day.weekday()) % 7)


def _event(session, title, starts, ends, capacity, venue, now, trainer) -> Event:
    event = Event(
        kind=EventKind.TRAINING_DAY,
        title=title,
        status=EventStatus.PUBLISHED,
        starts_at=starts,
        ends_at=ends,
        capacity=capacity,
        venue=venue,
        programme="OSCB Risky Behaviours",
        audience="Professionals working with children",
        summary="Free multi-agency training on keeping children safe online.",
        created_at=now - timedelta(days=40),
        updated_at=now - timedelta(days=40),
    )
    event.trainers = [trainer]
    session.add(event)
    return event


def _book(session, event, confirmed, late, since: datetime) -> dict[int, Booking]:
    """Confirmed places for ``confirmed``, then ``late`` on the waiting list; by person id."""
    bookings = {}
    for i, person in enumerate([*confirmed, *late]):
        queued = since + timedelta(hours=5 * i)
        access, dietary, notes = NEEDS.get(person.name, ("", "", ""))
        bookings[person.id] = Booking(
            event=event,
            person=person,
            ticket_token=new_ticket_token(),
            status=BookingStatus.CONFIRMED if i < len(confirmed) else BookingStatus.WAITLISTED,
            queued_at=queued,
            created_at=queued,
            updated_at=queued,
            access_needs=access,
            dietary_needs=dietary,
            notes_for_trainer=notes,
        )
        session.add(bookings[person.id])
    session.flush()
    return bookings


def _arrive(session, event, bookings, trainer, starts, now) -> None:
    """The trainer checks them in from a quarter of an hour before the start, a few minutes
    apart, half by their ticket and half by name (never later than ``now``)."""
    for i, booking in enumerate(bookings):
        at = min(starts - timedelta(minutes=15 - 3 * i), now)
        via = Via.SCAN if i % 2 == 0 else Via.NAME
        check_in(session, event=event, booking=booking, by_id=trainer.id, now=at, via=via)
