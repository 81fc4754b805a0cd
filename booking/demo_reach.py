"""Demo content for reach: the county's register of schools and settings (invented names in
real districts), and last year's conference, over, with the attendance its report describes —
"78 delegates were in attendance, 35 of our schools were represented, 2 of our post 16
establishments as well as attendance by professionals from social care, early help, CAMHS,
public health and elected members".

Part of the demo (``booking.demo``); check-ins go through ``booking.checkin.services`` so the
audit log has their entries.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from booking.accounts.models import Organisation, Role, SchoolPhase, Sector, User
from booking.accounts.services import find_or_create_organisation
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.tickets import new_ticket_token
from booking.checkin.models import Via
from booking.checkin.register import close_register
from booking.checkin.services import Arrival, admit
from booking.core.formatting import LONDON
from booking.events.models import Event, EventKind, EventStatus

CONFERENCE_TITLE = "Digital Resilience and Safeguarding Conference"
P, S, SP, AT = (
    SchoolPhase.PRIMARY,
    SchoolPhase.SECONDARY,
    SchoolPhase.SPECIAL,
    SchoolPhase.ALL_THROUGH,
)
CHERWELL, CITY, SOUTH, VALE, WEST = (
    "Cherwell",
    "Oxford City",
    "South Oxfordshire",
    "Vale of White Horse",
    "West Oxfordshire",
)

# 63 schools: (name, phase, district). The first twelve are the demo's delegates' schools.
SCHOOLS = [
    ("Cherwell Valley Primary School", P, CHERWELL),
    ("Abingdon Primary School", P, VALE),
    ("Banbury Academy", S, CHERWELL),
    ("Witney Community Primary", P, WEST),
    ("Didcot Girls' School", S, SOUTH),
    ("Henley Secondary", S, SOUTH),
    ("Thame Partnership Academy", S, SOUTH),
    ("Wantage Primary", P, VALE),
    ("Faringdon Junior School", P, VALE),
    ("Chipping Norton School", S, WEST),
    ("St Ebbe's Primary School", P, CITY),
    ("Oxford Spires Academy", S, CITY),
    ("Ambrook Primary School", P, CHERWELL),
    ("Ashcombe Church of England Primary", P, WEST),
    ("Barford St Anne Primary", P, CHERWELL),
    ("Beckley Brook Primary", P, SOUTH),
    ("Bourton Meadow Primary", P, CHERWELL),
    ("Brightwell Green Primary", P, SOUTH),
    ("Burcot Lane Primary", P, VALE),
    ("Charlbury Hill Primary", P, WEST),
    ("Chesterfield Road Primary", P, CITY),
    ("Cowley Fields Primary", P, CITY),
    ("Crowmarsh Primary", P, SOUTH),
    ("Cumnor Ridge Primary", P, VALE),
    ("Deddington Vale Primary", P, CHERWELL),
    ("Drayton St Leonard Primary", P, SOUTH),
    ("Ducklington Brook Primary", P, WEST),
    ("East Hendred Primary", P, VALE),
    ("Enstone Primary", P, WEST),
    ("Eynsham Mill Primary", P, WEST),
    ("Fernhill Primary", P, CITY),
    ("Fritwell Primary", P, CHERWELL),
    ("Goring Heath Primary", P, SOUTH),
    ("Great Milton Primary", P, SOUTH),
    ("Grove Wick Primary", P, VALE),
    ("Hailey Primary", P, WEST),
    ("Headington Quarry Primary", P, CITY),
    ("Hook Norton Primary", P, CHERWELL),
    ("Kennington Primary", P, VALE),
    ("Kingham Hill Primary", P, WEST),
    ("Littlemore Primary", P, CITY),
    ("Longcot Primary", P, VALE),
    ("Marston Brook Primary", P, CITY),
    ("Milcombe Primary", P, CHERWELL),
    ("North Leigh Primary", P, WEST),
    ("Radley Green Primary", P, VALE),
    ("Rose Hill Primary", P, CITY),
    ("Shrivenham Primary", P, VALE),
    ("Sonning Eye Primary", P, SOUTH),
    ("Steeple Aston Primary", P, CHERWELL),
    ("Sutton Courtenay Primary", P, VALE),
    ("Tetsworth Primary", P, SOUTH),
    ("Wheatley Park Primary", P, SOUTH),
    ("Woodstock Primary", P, WEST),
    ("Bicester Learning Academy", S, CHERWELL),
    ("Carswell Academy", S, VALE),
    ("Larkmead Secondary", S, VALE),
    ("Matthew Arnold Secondary", S, VALE),
    ("Wallingford Secondary", S, SOUTH),
    ("Bloxham Vale School", S, CHERWELL),
    ("Northfield Special School", SP, CITY),
    ("Springfield Special School", SP, WEST),
    ("Iffley All-through Academy", AT, CITY),
]
POST_16 = [
    ("City Sixth Form College", CITY),
    ("Carterton College", WEST),
    ("Abingdon and Witney College", VALE),
]
# The other settings and agencies of the partnership: (name, sector, district).
SETTINGS = [
    ("Children's Social Care North", Sector.SOCIAL_CARE, CHERWELL),
    ("Children's Social Care South", Sector.SOCIAL_CARE, SOUTH),
    ("Family Solutions Plus", Sector.SOCIAL_CARE, CITY),
    ("Early Help Hub", Sector.EARLY_HELP, CITY),
    ("Early Help West", Sector.EARLY_HELP, WEST),
    ("CAMHS Headstart", Sector.CAMHS, CITY),
    ("Public Health team", Sector.PUBLIC_HEALTH, CITY),
    ("County Council", Sector.ELECTED_MEMBER, CITY),
    ("Thames Valley Police", Sector.POLICE, ""),
    ("School Nursing Service", Sector.HEALTH, ""),
    ("Health Visiting", Sector.HEALTH, ""),
    ("Oxford Health NHS Foundation Trust", Sector.HEALTH, ""),
    ("Bicester Youth Trust", Sector.VOLUNTARY, CHERWELL),
    ("Cowley Mosque Youth Group", Sector.VOLUNTARY, CITY),
    ("Kidlington Nursery", Sector.EARLY_YEARS, CHERWELL),
    ("Little Acorns Pre-school", Sector.EARLY_YEARS, VALE),
    ("Foster carers' network", Sector.FOSTER_CARER, ""),
    ("Youth Justice Service", Sector.LOCAL_AUTHORITY, CITY),
    ("Safeguarding Children Board", Sector.LOCAL_AUTHORITY, ""),
]

FIRST_NAMES = [
    "Alice",
    "Bilal",
    "Chloe",
    "Dev",
    "Eilidh",
    "Femi",
    "Gemma",
    "Hamza",
    "Isla",
    "Jakub",
    "Kirsty",
    "Liam",
    "Megan",
    "Niamh",
    "Oluwaseun",
    "Paula",
    "Rashid",
    "Sinéad",
    "Tariq",
    "Ursula",
    "Vikram",
    "Wendy",
    "Xin",
    "Yasmin",
    "Zoë",
    "Agnieszka",
    "Bryony",
    "Connor",
]
SURNAMES = [
    "Ashworth",
    "Bennett",
    "Chowdhury",
    "Davies",
    "Ekwueme",
    "Fitzgerald",
    "Gallagher",
    "Hussain",
    "Jankowski",
    "Kaur",
    "Lindqvist",
    "McAllister",
    "Nowak",
    "Okafor",
    "Pritchard",
    "Quinn",
    "Rahman",
    "Stewart",
    "Thornton",
    "Umeh",
    "Vaughan",
    "Whitfield",
    "Yilmaz",
]


@dataclass(frozen=True)
class Register:
    schools: list[Organisation]
    post_16: list[Organisation]
    others: dict[str, Organisation]


def add_register(session: Session) -> Register:
    """The county's register: 63 schools with URNs, phases and districts, 3 post-16
    establishments and the partnership's other settings and agencies."""
    schools = [
        _organisation(session, name, Sector.SCHOOL, district, f"1{40100 + n}", phase)
        for n, (name, phase, district) in enumerate(SCHOOLS)
    ]
    post_16 = [
        _organisation(session, name, Sector.POST_16, district, f"1{30500 + n}", None)
        for n, (name, district) in enumerate(POST_16)
    ]
    others = {
        name: _organisation(session, name, sector, district, None, None)
        for name, sector, district in SETTINGS
    }
    session.flush()
    return Register(schools, post_16, others)


def _organisation(session, name, sector, district, reference, phase) -> Organisation:
    organisation = find_or_create_organisation(session, name, sector)
    organisation.district = district
    organisation.reference = reference
    organisation.phase = phase
    return organisation


# Last year's conference, as its report counts it: who came, by organisation (78, of whom 5
# walked in), and who booked and did not come (19). 92 booked beforehand: 73 came.
SCHOOLS_THAT_CAME = 35


def _delegates(register: Register) -> tuple[list[Organisation], list[Organisation]]:
    """(organisations of the 78 who came, organisations of the 19 who did not), one entry a
    person; the last five who came are the walk-ins."""
    schools, others = register.schools, register.others
    # 50 from 35 schools (fifteen of them sent two), the last three of them walk-ins.
    came = [*schools[1 : 1 + SCHOOLS_THAT_CAME], *schools[1:13]]
    came += [register.post_16[0], register.post_16[0], register.post_16[1]]
    came += [others["Children's Social Care North"]] * 3 + [others["Family Solutions Plus"]] * 2
    came += [others["Children's Social Care South"]] * 3 + [others["Early Help Hub"]] * 4
    came += [others["CAMHS Headstart"]] * 4 + [others["Public Health team"]] * 3
    came += [others["County Council"]] * 4
    came += [others["Early Help West"]] * 2 + schools[13:16]
    # Nobody from health, the police or the voluntary sector came: they are not in the sentence.
    stayed_away = [*schools[36:46], *schools[1:3]]
    stayed_away += [others["School Nursing Service"], others["Health Visiting"]]
    stayed_away += [others["Thames Valley Police"]] * 2 + [others["Bicester Youth Trust"]] * 2
    stayed_away += [others["Oxford Health NHS Foundation Trust"]]
    return came, stayed_away


def add_last_years_conference(
    session: Session, *, now: datetime, register: Register, trainer: User, venue: str
) -> Event:
    """Last year's conference, a year ago and over: 92 booked, 73 of them came and 19 did not,
    and 5 walked in; its register closed. Returns the conference."""
    day = _a_year_ago(now)
    conference = Event(
        kind=EventKind.CONFERENCE,
        title=CONFERENCE_TITLE,
        status=EventStatus.PUBLISHED,
        starts_at=datetime.combine(day, time(9), tzinfo=LONDON),
        ends_at=datetime.combine(day, time(16), tzinfo=LONDON),
        capacity=120,
        venue=venue,
        audience="Schools and partner agencies",
        cpd_hours=Decimal("6"),
        summary="Our annual conference: national speakers and a choice of workshops.",
        created_at=now - timedelta(days=420),
        updated_at=now - timedelta(days=400),
    )
    conference.trainers = [trainer]
    session.add(conference)
    came, stayed_away = _delegates(register)
    people = _people(session, [*came, *stayed_away], now)
    booked_at = conference.starts_at - timedelta(days=40)
    bookings = [
        _booking(conference, person, booked_at + timedelta(hours=3 * i), walk_in=False)
        for i, person in enumerate(people[: len(came) - 5] + people[len(came) :])
    ]
    walk_ins = [
        _booking(conference, person, conference.starts_at, walk_in=True)
        for person in people[len(came) - 5 : len(came)]
    ]
    session.add_all([*bookings, *walk_ins])
    session.flush()
    arrivals = [
        Arrival(at=conference.starts_at - timedelta(minutes=40 - i // 3), booking_id=booking.id)
        for i, booking in enumerate(bookings[: len(came) - 5])
    ]
    arrivals += [
        Arrival(
            at=conference.starts_at + timedelta(minutes=5 + i), booking_id=b.id, via=Via.WALK_IN
        )
        for i, b in enumerate(walk_ins)
    ]
    admit(session, event=conference, arrivals=arrivals, by_id=trainer.id, now=conference.ends_at)
    close_register(
        session,
        event_id=conference.id,
        by_id=trainer.id,
        now=conference.ends_at + timedelta(days=1),
    )
    return conference


def _people(session: Session, organisations: list[Organisation], now: datetime) -> list[User]:
    """One demo person (who cannot sign in) for each organisation given."""
    people = [
        User(
            email=f"conference{n}@demo.example",
            name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {SURNAMES[(n * 7) % len(SURNAMES)]}",
            job_title="Designated safeguarding lead"
            if organisation.sector == Sector.SCHOOL
            else "Practitioner",
            organisation=organisation,
            role=Role.PROFESSIONAL,
            password_hash="!",  # no password matches: demo delegates never sign in
            is_demo=True,
            email_confirmed_at=now - timedelta(days=500),
            created_at=now - timedelta(days=500),
        )
        for n, organisation in enumerate(organisations, start=1)
    ]
    session.add_all(people)
    return people


def _booking(event: Event, person: User, at: datetime, *, walk_in: bool) -> Booking:
    return Booking(
        event=event,
        person=person,
        ticket_token=new_ticket_token(),
        status=BookingStatus.CONFIRMED,
        queued_at=at,
        created_at=at,
        updated_at=at,
        walk_in=walk_in,
    )


def _a_year_ago(now: datetime) -> date:
    """The Monday nearest a year before ``now``."""
    day = now.astimezone(LONDON).date() - timedelta(days=364)
    return day - timedelta(days=day.weekday())
