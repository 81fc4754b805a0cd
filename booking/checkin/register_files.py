"""What goes into the door's files: the sign-in sheet (everyone with a place, by surname, and
blank rows for walk-ins) and the register (every booking but those that only queued, by
surname, with attendance). Downloading one is audited ("export.download"); the files hold
personal data, so their names do not."""

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from booking.accounts.models import Organisation, User
from booking.audit.services import record
from booking.bookings.models import Booking, BookingStatus
from booking.checkin.door_list import door_list
from booking.checkin.files import RegisterRow, SheetHeading, SheetRow
from booking.checkin.models import CheckIn, live_check_in_of
from booking.checkin.register import ended
from booking.core.formatting import date_range, surname_key
from booking.events.models import Event
from booking.events.rules import where

_STATUS = {BookingStatus.WAITLISTED: "Waiting list", BookingStatus.CANCELLED: "Cancelled"}


def sheet_heading(event: Event, partnership: str) -> SheetHeading:
    """The top of the event's sign-in sheet; a workshop's title names its conference."""
    title = f"{event.parent.title}: {event.title}" if event.parent_id else event.title
    when = date_range(event.starts_at, event.ends_at)
    return SheetHeading(partnership=partnership, title=title, when=when, venue=where(event.venue))


def sheet_rows(session: Session, event: Event) -> list[SheetRow]:
    """Everyone with a place, by surname (the door list)."""
    return [SheetRow(p.name, p.organisation) for p in door_list(session, event)]


def register_rows(session: Session, event: Event, *, now: datetime) -> list[RegisterRow]:
    """Every booking of the event but waiting-list places given up, by surname: Attended,
    No-show once the event has ended ("Booked" before), "Waiting list" or "Cancelled"."""
    checker = aliased(User)
    rows = session.execute(
        select(Booking, User, Organisation, CheckIn.checked_in_at, checker.name)
        .join(User, User.id == Booking.person_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .outerjoin(CheckIn, live_check_in_of(Booking.id))
        .outerjoin(checker, checker.id == CheckIn.by_id)
        .where(
            Booking.event_id == event.id,
            or_(Booking.status != BookingStatus.CANCELLED, Booking.left_waiting_list.is_(False)),
        )
    ).all()
    is_over = ended(event, now)
    lines = [
        RegisterRow(
            name=person.name,
            email=person.email,
            organisation=organisation.name if organisation else "",
            sector=organisation.sector.label if organisation else "",
            job_title=person.job_title,
            status=_status(booking, checked_in_at, is_over),
            checked_in_at=checked_in_at,
            checked_in_by=checked_in_by or "",
            walk_in=booking.walk_in,
        )
        for booking, person, organisation, checked_in_at, checked_in_by in rows
    ]
    return sorted(lines, key=lambda line: surname_key(line.name))


def _status(booking: Booking, checked_in_at: datetime | None, is_over: bool) -> str:
    if booking.status != BookingStatus.CONFIRMED:
        return _STATUS[booking.status]
    if checked_in_at is not None:
        return "Attended"
    return "No-show" if is_over else "Booked"


def record_download(
    session: Session, *, event_id: int, file: str, by_id: int, now: datetime
) -> None:
    """Audit a download of one of the event's files ("export.download", the file's kind, as
    "register.csv"). Raises nothing."""
    record(
        session,
        actor_id=by_id,
        action="export.download",
        subject_type="event",
        subject_id=event_id,
        now=now,
        file=file,
        event_id=event_id,
    )
