"""An event's attendance report: the sentence a board report quotes, a table by sector (people
who attended, distinct organisations), and the organisations with how many came from each; for
a conference, the same for each of its workshops. A fixed number of statements whatever the
event's size or its number of workshops: the figures (``checkin.attendance.figures_by_event``)
and the organisations are each one grouped statement over the conference and its workshops."""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from booking.accounts.models import Organisation, Sector, User
from booking.bookings.models import Booking, BookingStatus
from booking.checkin.attendance import Figures, figures_by_event
from booking.checkin.models import CheckIn, live_check_in_of
from booking.core.clock import utcnow
from booking.events.models import Event
from booking.events.rules import get_event
from booking.reports.sentence import figures_sentence, represented_sentence

DEFAULT_LATE_WITHIN = timedelta(hours=48)  # BOOKING_LATE_CANCELLATION_HOURS' default
NO_ORGANISATION = "No organisation given"


@dataclass(frozen=True)
class SectorRow:
    sector: Sector | None  # None: people who gave no organisation
    label: str
    people: int
    organisations: int


@dataclass(frozen=True)
class OrganisationCount:
    name: str
    sector: Sector
    people: int

    @property
    def sector_label(self) -> str:
        return self.sector.label


@dataclass(frozen=True)
class EventAttendance:
    event_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    figures: Figures
    sentence: str
    sectors: list[SectorRow]
    organisations: list[OrganisationCount]
    workshops: list["EventAttendance"]

    @property
    def booked_before(self) -> int:
        """Places booked before the day: confirmed bookings that are not walk-ins."""
        return self.figures.booked - self.figures.walk_ins


def attended_booking() -> ColumnElement[bool]:
    """A condition on Booking (with CheckIn joined by ``live_check_in_of``): a confirmed place
    checked in, which is what "attended" means in every report."""
    return and_(Booking.status == BookingStatus.CONFIRMED, CheckIn.id.is_not(None))


def sector_rows(counts: list[tuple[Sector | None, int, int]]) -> list[SectorRow]:
    """Rows of (sector, people, organisations) in the register's order of sectors, the people
    with no organisation last."""
    order = {sector: number for number, sector in enumerate(Sector)}
    rows = sorted(counts, key=lambda row: order.get(row[0], len(order)))
    return [
        SectorRow(sector, sector.label if sector else NO_ORGANISATION, people, organisations)
        for sector, people, organisations in rows
    ]


def event_attendance(
    session: Session,
    event_id: int,
    *,
    now: datetime | None = None,
    late_within: timedelta = DEFAULT_LATE_WITHIN,
) -> EventAttendance:
    """The event's attendance report, and its workshops' (a conference's), each with its
    figures (``checkin.attendance``: attended = a live check-in; booked = confirmed places;
    walk-ins; no-shows once it has ended), its sentence, its sectors and its organisations.
    Raises NotFound ("not_found") for no such event, or a draft."""
    event = get_event(session, event_id)
    now = now or utcnow()
    events = session.execute(
        select(Event.id, Event.title, Event.starts_at, Event.ends_at)
        .where(or_(Event.id == event.id, Event.parent_id == event.id))
        .order_by(Event.parent_id.is_not(None), Event.starts_at, Event.title)
    ).all()
    ids = [row.id for row in events]
    figures = figures_by_event(session, Event.id.in_(ids), now=now, late_within=late_within)
    counts = _organisation_counts(session, ids)
    reports = [_report(row, figures[row.id], counts.get(row.id, {})) for row in events]
    return replace(reports[0], workshops=reports[1:])


def _organisation_counts(
    session: Session, event_ids: list[int]
) -> dict[int, dict[tuple[str, Sector] | None, int]]:
    """By event: how many attended from each organisation (None: people with none)."""
    rows = session.execute(
        select(Booking.event_id, Organisation.name, Organisation.sector, func.count(Booking.id))
        .join(CheckIn, live_check_in_of(Booking.id))
        .join(User, User.id == Booking.person_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(Booking.event_id.in_(event_ids), attended_booking())
        .group_by(Booking.event_id, Organisation.id, Organisation.name, Organisation.sector)
    ).all()
    counts: dict[int, dict] = defaultdict(dict)
    for event_id, name, sector, people in rows:
        key = (name, sector) if sector is not None else None
        counts[event_id][key] = counts[event_id].get(key, 0) + people
    return counts


def _report(row, figures: Figures, counts: dict) -> EventAttendance:
    by_sector: dict[Sector | None, list[int]] = defaultdict(lambda: [0, 0])
    for key, people in counts.items():
        sector = key[1] if key else None
        by_sector[sector][0] += people
        by_sector[sector][1] += 1 if key else 0
    organisations = sorted(
        (OrganisationCount(name, sector, people) for (name, sector), people in _named(counts)),
        key=lambda o: (-o.people, o.name.casefold()),
    )
    represented = {sector: n for sector, (_, n) in by_sector.items() if sector is not None}
    sentence = figures_sentence(
        attended=figures.attended,
        booked=figures.booked - figures.walk_ins,
        no_shows=figures.no_shows,
        walk_ins=figures.walk_ins,
    )
    second = represented_sentence(represented)
    return EventAttendance(
        event_id=row.id,
        title=row.title,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        figures=figures,
        sentence=f"{sentence} {second}".strip(),
        sectors=sector_rows([(s, p, o) for s, (p, o) in by_sector.items()]),
        organisations=organisations,
        workshops=[],
    )


def _named(counts: dict):
    return [(key, people) for key, people in counts.items() if key is not None]
