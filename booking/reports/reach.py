"""Reach across events: for a period, a programme, a kind of event and a sector, the events
run and their places, how many booked, came, did not come and cancelled late, the distinct
people and organisations by sector, and the schools in the register reached and not yet
reached. Four statements whatever the number of events, bookings or organisations.

Which events: published events that are not workshops (a conference counts once, with its own
places and bookings), that started in the period and have ended. A sector counts only people of
that sector's organisations in the figures of people; the events, their places and the schools
reached stay those of the period, programme and kind."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from booking.accounts.models import Organisation, SchoolPhase, Sector, User
from booking.bookings.models import Booking
from booking.checkin.attendance import figures_by_event
from booking.checkin.models import CheckIn, live_check_in_of
from booking.events.models import Event, EventKind, EventStatus
from booking.reports.attendance import DEFAULT_LATE_WITHIN, SectorRow, attended_booking, sector_rows
from booking.reports.periods import Period
from booking.reports.sentence import percent, schools_reached_sentence


@dataclass(frozen=True)
class ReachFilters:
    period: Period
    programme: str = ""
    kind: EventKind | None = None
    sector: Sector | None = None


@dataclass(frozen=True)
class School:
    name: str
    phase: SchoolPhase | None
    district: str

    @property
    def phase_label(self) -> str:
        return self.phase.label if self.phase else "Phase not given"


@dataclass(frozen=True)
class PhaseReach:
    label: str
    in_register: int
    reached: int

    @property
    def share(self) -> int | None:
        """The schools of the phase reached, as a whole-number percentage."""
        return percent(self.reached, self.in_register)


@dataclass(frozen=True)
class Reach:
    filters: ReachFilters
    events_run: int = 0
    places_offered: int = 0
    booked: int = 0  # places booked before the day (confirmed, not walk-ins)
    attended: int = 0
    no_shows: int = 0
    walk_ins: int = 0
    cancellations: int = 0
    late_cancellations: int = 0
    sectors: list[SectorRow] = field(default_factory=list)
    schools_in_register: int = 0
    schools_reached: int = 0
    not_reached: list[School] = field(default_factory=list)
    phases: list[PhaseReach] = field(default_factory=list)

    @property
    def fill_rate(self) -> int | None:
        """Places booked before the day, as a percentage of the places offered."""
        return percent(self.booked, self.places_offered)

    @property
    def no_show_rate(self) -> int | None:
        """No-shows as a percentage of the places booked before the day."""
        return percent(self.no_shows, self.booked)

    @property
    def distinct_people(self) -> int:
        """People who attended at least once (each belongs to one organisation, one sector)."""
        return sum(row.people for row in self.sectors)

    @property
    def distinct_organisations(self) -> int:
        return sum(row.organisations for row in self.sectors)

    @property
    def schools_reached_percent(self) -> int | None:
        return percent(self.schools_reached, self.schools_in_register)

    @property
    def schools_sentence(self) -> str:
        return schools_reached_sentence(self.schools_reached, self.schools_in_register)


def events_of(filters: ReachFilters, now: datetime) -> ColumnElement[bool]:
    """A condition on Event: the events a report over ``filters`` counts."""
    starts, ends = filters.period.bounds
    conditions = [
        Event.status == EventStatus.PUBLISHED,
        Event.parent_id.is_(None),
        Event.starts_at >= starts,
        Event.starts_at < ends,
        Event.ends_at <= now,
    ]
    if filters.programme:
        conditions.append(Event.programme == filters.programme)
    if filters.kind:
        conditions.append(Event.kind == filters.kind)
    return and_(*conditions)


def reach(
    session: Session,
    filters: ReachFilters,
    *,
    now: datetime,
    late_within: timedelta = DEFAULT_LATE_WITHIN,
) -> Reach:
    """The report across events for ``filters`` (see the module's rule for which events and
    people count; attended = a live check-in, booked = confirmed places that are not walk-ins,
    late cancellations as ``checkin.attendance`` counts them). Raises nothing."""
    events = events_of(filters, now)
    run, places = session.execute(
        select(func.count(Event.id), func.coalesce(func.sum(Event.capacity), 0)).where(events)
    ).one()
    of_sector = _of_sector(filters.sector)
    figures = figures_by_event(
        session, events, now=now, late_within=late_within, people=of_sector
    ).values()
    attended = _people_by_organisation(session, events)
    schools = _schools(session, attended)
    booked = sum(f.booked - f.walk_ins for f in figures)
    return Reach(
        filters=filters,
        events_run=run,
        places_offered=places,
        booked=booked,
        attended=sum(f.attended for f in figures),
        no_shows=sum(f.no_shows or 0 for f in figures),
        walk_ins=sum(f.walk_ins for f in figures),
        cancellations=sum(f.cancellations for f in figures),
        late_cancellations=sum(f.late_cancellations for f in figures),
        sectors=_sectors(attended, filters.sector),
        schools_in_register=len(schools),
        schools_reached=sum(1 for _, reached in schools if reached),
        not_reached=_by_phase_and_district([s for s, reached in schools if not reached]),
        phases=_phases(schools),
    )


def _of_sector(sector: Sector | None) -> ColumnElement[bool] | None:
    if sector is None:
        return None
    people = select(User.id).join(Organisation, Organisation.id == User.organisation_id)
    return Booking.person_id.in_(people.where(Organisation.sector == sector))


def _people_by_organisation(session, events) -> dict[int | None, tuple[Sector | None, int]]:
    """By organisation (None: people with none): its sector and how many distinct people from
    it attended one of the events. One statement: the bookings are grouped first, and only
    the groups are joined to the register."""
    grouped = (
        select(
            User.organisation_id.label("organisation_id"),
            func.count(func.distinct(Booking.person_id)).label("people"),
        )
        .select_from(Booking)
        .join(Event, Event.id == Booking.event_id)
        .join(CheckIn, live_check_in_of(Booking.id))
        .join(User, User.id == Booking.person_id)
        .where(events, attended_booking())
        .group_by(User.organisation_id)
        .subquery()
    )
    rows = session.execute(
        select(grouped.c.organisation_id, Organisation.sector, grouped.c.people).outerjoin(
            Organisation, Organisation.id == grouped.c.organisation_id
        )
    ).all()
    return {organisation_id: (sector, people) for organisation_id, sector, people in rows}


def _sectors(attended: dict, sector: Sector | None) -> list[SectorRow]:
    """People and organisations by sector, only ``sector``'s when one is chosen."""
    counts: dict[Sector | None, list[int]] = defaultdict(lambda: [0, 0])
    for organisation_id, (its_sector, people) in attended.items():
        if sector is None or its_sector == sector:
            counts[its_sector][0] += people
            counts[its_sector][1] += 1 if organisation_id is not None else 0
    return sector_rows([(s, people, n) for s, (people, n) in counts.items()])


def _schools(session, attended: dict) -> list[tuple[School, bool]]:
    """Every school in the register, and whether someone from it attended one of the events."""
    rows = session.execute(
        select(Organisation.id, Organisation.name, Organisation.phase, Organisation.district).where(
            Organisation.sector == Sector.SCHOOL
        )
    ).all()
    return [(School(name, phase, district), id_ in attended) for id_, name, phase, district in rows]


_PHASE_ORDER = {phase: number for number, phase in enumerate(SchoolPhase)}


def _by_phase_and_district(schools: list[School]) -> list[School]:
    return sorted(
        schools,
        key=lambda s: (
            _PHASE_ORDER.get(s.phase, len(_PHASE_ORDER)),
            s.district.casefold() or "\uffff",
            s.name.casefold(),
        ),
    )


def _phases(schools: list[tuple[School, bool]]) -> list[PhaseReach]:
    counts: dict[SchoolPhase | None, list[int]] = defaultdict(lambda: [0, 0])
    for school, reached in schools:
        counts[school.phase][0] += 1
        counts[school.phase][1] += 1 if reached else 0
    ordered = sorted(counts, key=lambda p: _PHASE_ORDER.get(p, len(_PHASE_ORDER)))
    return [
        PhaseReach(phase.label if phase else "Phase not given", *counts[phase]) for phase in ordered
    ]


def programmes(session: Session) -> list[str]:
    """The programmes published events belong to, for the report's filter. Raises nothing."""
    return list(
        session.scalars(
            select(Event.programme)
            .where(Event.status == EventStatus.PUBLISHED, Event.programme != "")
            .distinct()
            .order_by(Event.programme)
        )
    )
