"""Arranging who came to an event, from which organisation: bookings made before the day (came
or not), walk-ins, and check-ins, written directly (the door's own services are tested in
tests/checkin)."""

from datetime import timedelta

from booking.accounts.models import Organisation, SchoolPhase, Sector, User
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.tickets import new_ticket_token
from booking.checkin.models import CheckIn, Via
from booking.core.formatting import search_words
from tests.factories import NOW


class People:
    """Makes organisations, people in them, and their bookings and check-ins."""

    def __init__(self, session):
        self.session = session
        self.count = 0

    def organisation(
        self,
        name: str,
        sector: Sector = Sector.SCHOOL,
        *,
        phase: SchoolPhase | None = None,
        district: str = "",
    ) -> Organisation:
        organisation = Organisation(
            name=name,
            name_key=" ".join(search_words(name)),
            sector=sector,
            phase=phase,
            district=district,
        )
        self.session.add(organisation)
        self.session.flush()
        return organisation

    def person(self, organisation: Organisation | None, name: str | None = None) -> User:
        self.count += 1
        person = User(
            email=f"delegate{self.count}@example.org",
            name=name or f"Delegate {self.count}",
            password_hash="-",
            created_at=NOW,
            organisation_id=organisation.id if organisation else None,
        )
        self.session.add(person)
        self.session.flush()
        return person

    def place(
        self,
        event,
        organisation: Organisation | None,
        *,
        came: bool = True,
        walk_in: bool = False,
        status: BookingStatus = BookingStatus.CONFIRMED,
        cancelled_before: timedelta | None = None,
        name: str | None = None,
    ) -> Booking:
        """A place on the event for a new person of the organisation, checked in if they came."""
        booking = Booking(
            event_id=event.id,
            person_id=self.person(organisation, name).id,
            status=status,
            ticket_token=new_ticket_token(),
            queued_at=NOW,
            created_at=NOW,
            updated_at=NOW,
            walk_in=walk_in,
        )
        if cancelled_before is not None:
            booking.status = BookingStatus.CANCELLED
            booking.cancelled_at = event.starts_at - cancelled_before
        self.session.add(booking)
        self.session.flush()
        if came and booking.status == BookingStatus.CONFIRMED:
            self.session.add(
                CheckIn(
                    booking_id=booking.id,
                    checked_in_at=event.starts_at,
                    recorded_at=event.starts_at,
                    via=Via.WALK_IN if walk_in else Via.SCAN,
                )
            )
            self.session.flush()
        return booking


def last_years_conference_day(people: People, event) -> None:
    """The board report's day: 92 booked before the day, 19 of whom did not come, and 5
    walk-ins: 78 came, from 35 schools, 2 post-16 establishments, children's social care,
    early help, CAMHS, public health and elected members."""
    schools = [people.organisation(f"School {n}") for n in range(35)]
    colleges = [people.organisation(f"College {n}", Sector.POST_16) for n in range(2)]
    others = [
        people.organisation("Children's services", Sector.SOCIAL_CARE),
        people.organisation("Family support", Sector.EARLY_HELP),
        people.organisation("CAMHS North", Sector.CAMHS),
        people.organisation("Public health team", Sector.PUBLIC_HEALTH),
        people.organisation("County council members", Sector.ELECTED_MEMBER),
    ]
    came_from = schools + schools[:27] + colleges + colleges[:1] + others + others[:3]
    assert len(came_from) == 73
    for organisation in came_from:
        people.place(event, organisation)
    for organisation in schools[:19]:
        people.place(event, organisation, came=False)
    for organisation in schools[:5]:
        people.place(event, organisation, walk_in=True)
