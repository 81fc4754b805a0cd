"""The door list: everyone with a place on an event, sorted by surname, with whether and when
they were checked in; and the door's counter, "41 of 78 checked in". Each is one statement,
whatever the event's size."""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from booking.accounts.models import Organisation, User
from booking.audit.services import record
from booking.bookings.models import Booking, BookingStatus
from booking.checkin.models import CheckIn, live_check_in_of
from booking.core.formatting import search_words, surname_key
from booking.events.models import Event


@dataclass(frozen=True)
class DoorCount:
    checked_in: int
    booked: int

    @property
    def text(self) -> str:
        return f"{self.checked_in} of {self.booked} checked in"


@dataclass(frozen=True)
class DoorPerson:
    booking_id: int
    name: str
    organisation: str
    access_needs: str
    dietary_needs: str
    notes_for_trainer: str
    walk_in: bool
    checked_in_at: datetime | None
    checked_in_by: str | None
    ticket_token: str  # the ticket the person shows at this door (a conference's, at a workshop)

    @cached_property  # read for the page, the phone's list and each search
    def search_text(self) -> str:
        """Name and organisation as search compares them (accents and case folded)."""
        return " ".join(search_words(f"{self.name} {self.organisation}"))

    @property
    def token_hash(self) -> str:
        """What a phone keeps to know the ticket offline: the token's SHA-256, never the token."""
        return hashlib.sha256(self.ticket_token.encode()).hexdigest()

    @property
    def gave_needs(self) -> bool:
        """Whether the person wrote access or dietary needs, or a note for the trainer."""
        return bool(self.access_needs or self.dietary_needs or self.notes_for_trainer)

    def matches(self, query: str) -> bool:
        """Whether every word typed starts a word of the name or organisation ("sio" finds
        Siobhán, "ormesby prim" finds Ormesby Primary School)."""
        words = self.search_text.split()
        return all(any(w.startswith(typed) for w in words) for typed in search_words(query))


def door_count(session: Session, event_id: int) -> DoorCount:
    """How many people with a place (walk-ins included) are checked in, of how many."""
    booked, checked_in = session.execute(
        select(func.count(Booking.id), func.count(CheckIn.id))
        .select_from(Booking)
        .outerjoin(CheckIn, live_check_in_of(Booking.id))
        .where(Booking.event_id == event_id, Booking.status == BookingStatus.CONFIRMED)
    ).one()
    return DoorCount(checked_in=checked_in, booked=booked)


def door_list(session: Session, event: Event, query: str = "") -> list[DoorPerson]:
    """Everyone with a place on the event, by surname, narrowed to those ``matches`` the query.
    At a workshop's door each person's ticket is their conference ticket."""
    checker = aliased(User)
    shown = aliased(Booking)  # the delegate's conference booking, at a workshop's door
    rows = session.execute(
        select(
            Booking.id,
            User.name,
            Organisation.name,
            Booking.access_needs,
            Booking.dietary_needs,
            Booking.notes_for_trainer,
            Booking.walk_in,
            CheckIn.checked_in_at,
            checker.name,
            func.coalesce(shown.ticket_token, Booking.ticket_token),
        )
        .select_from(Booking)
        .join(User, User.id == Booking.person_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .outerjoin(CheckIn, live_check_in_of(Booking.id))
        .outerjoin(checker, checker.id == CheckIn.by_id)
        .outerjoin(
            shown,
            and_(shown.event_id == event.parent_id, shown.person_id == Booking.person_id),
        )
        .where(Booking.event_id == event.id, Booking.status == BookingStatus.CONFIRMED)
    ).all()
    people = [
        DoorPerson(
            booking_id=row[0],
            name=row[1],
            organisation=row[2] or "",
            access_needs=row[3],
            dietary_needs=row[4],
            notes_for_trainer=row[5],
            walk_in=row[6],
            checked_in_at=row[7],
            checked_in_by=row[8],
            ticket_token=row[9],
        )
        for row in rows
    ]
    people.sort(key=lambda person: surname_key(person.name))
    return [person for person in people if person.matches(query)] if query.strip() else people


def record_needs_shown(
    session: Session, *, event_id: int, people: list[DoorPerson], by_id: int, now: datetime
) -> None:
    """Audit the door page showing people's needs (they can be health data), as the needs page
    does: "needs.view" with how many people's needs were shown and ``via`` "door", never what
    they wrote; nothing when nobody shown gave any. Raises nothing."""
    shown = sum(1 for person in people if person.gave_needs)
    if shown:
        record(
            session,
            actor_id=by_id,
            action="needs.view",
            subject_type="event",
            subject_id=event_id,
            now=now,
            people=shown,
            via="door",
        )
