"""Demo content from the partnership's own plans, with dates relative to today.

Loaded by ``make run`` into an empty database in demo mode only. Demo accounts are flagged
``is_demo`` and cannot sign in unless the app runs with ``BOOKING_DEMO=1``.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking import demo_door, demo_feedback, demo_network, demo_reach, demo_surveys
from booking.accounts.models import LeadStatus, OrganisationLead, Role, Sector, User
from booking.accounts.passwords import hash_password
from booking.accounts.services import Registration, create_account, find_or_create_organisation
from booking.bookings.models import Booking, BookingStatus
from booking.bookings.tickets import new_ticket_token
from booking.core.formatting import LONDON
from booking.events.models import Event, EventKind, EventStatus

DEMO_PASSWORD = "demo-password"
PROGRAMME = "OSCB Risky Behaviours"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    job_title: str
    organisation: str
    sector: Sector


ACCOUNTS = [
    DemoAccount(
        "professional@demo.example",
        "Siobhán O'Connor",
        Role.PROFESSIONAL,
        "Designated safeguarding lead",
        "Cherwell Valley Primary School",
        Sector.SCHOOL,
    ),
    DemoAccount(
        "trainer@demo.example",
        "Jeremy Day",
        Role.TRAINER,
        "E-safety trainer",
        "Safeguarding Children Board",
        Sector.LOCAL_AUTHORITY,
    ),
    DemoAccount(
        "organiser@demo.example",
        "Jo Brown",
        Role.ORGANISER,
        "Training co-ordinator",
        "Safeguarding Children Board",
        Sector.LOCAL_AUTHORITY,
    ),
]

_DELEGATES = [
    ("Łukasz Żółć", "Abingdon Primary School", Sector.SCHOOL),
    ("李明", "Banbury Academy", Sector.SCHOOL),
    ("Aoife Byrne", "Children's Social Care North", Sector.SOCIAL_CARE),
    ("Priya Shah", "Early Help Hub", Sector.EARLY_HELP),
    ("Tom Hughes", "Thames Valley Police", Sector.POLICE),
    ("Grace Adeyemi", "School Nursing Service", Sector.HEALTH),
    ("Marek Kowalski", "City Sixth Form College", Sector.POST_16),
    ("Hannah Ellis", "Witney Community Primary", Sector.SCHOOL),
    ("Owen Price", "Foster carers' network", Sector.FOSTER_CARER),
    ("Fatima Begum", "CAMHS Headstart", Sector.CAMHS),
    ("Dan Morris", "Didcot Girls' School", Sector.SCHOOL),
    ("Ruth Green", "Public Health team", Sector.PUBLIC_HEALTH),
    ("Sam Taylor", "Bicester Youth Trust", Sector.VOLUNTARY),
    ("Ellie Turner", "Kidlington Nursery", Sector.EARLY_YEARS),
    ("Cllr Ann Reid", "County Council", Sector.ELECTED_MEMBER),
    ("Nia Roberts", "Henley Secondary", Sector.SCHOOL),
    ("Ben Carter", "Thame Partnership Academy", Sector.SCHOOL),
    ("Zara Ali", "Children's Social Care South", Sector.SOCIAL_CARE),
    ("Chris Lee", "Wantage Primary", Sector.SCHOOL),
    ("Maya Patel", "Carterton College", Sector.POST_16),
    ("Ollie King", "Faringdon Junior School", Sector.SCHOOL),
    ("Ivy Walsh", "Early Help West", Sector.EARLY_HELP),
    ("Leo Brooks", "Chipping Norton School", Sector.SCHOOL),
    ("Amira Haddad", "Health Visiting", Sector.HEALTH),
    ("Siobhán Ní Bhriain", "St Ebbe's Primary School", Sector.SCHOOL),
    ("Ciarán O'Connor", "Oxford Spires Academy", Sector.SCHOOL),
    ("Adaeze Nwosu", "Family Solutions Plus", Sector.SOCIAL_CARE),
    ("Rhys Evans", "Youth Justice Service", Sector.LOCAL_AUTHORITY),
    ("Katarzyna Wiśniewska", "Little Acorns Pre-school", Sector.EARLY_YEARS),
    ("Mohammed Iqbal", "Cowley Mosque Youth Group", Sector.VOLUNTARY),
    ("Sophie Martin", "Oxford Health NHS Foundation Trust", Sector.HEALTH),
    ("Gareth Jones", "Banbury Academy", Sector.SCHOOL),
]

VENUES = [
    "Bodicote House, White Post Road, Banbury OX15 4AA",
    "Abingdon Guildhall, Abbey Close, Abingdon OX14 3JE",
    "Langdale Hall, Market Square, Witney OX28 6AB",
    "County Hall, New Road, Oxford OX1 1ND",
]

TRAINING_DAY = (
    "A full day for people who work with children: how children use apps, games and social "
    "media; sexting and youth-produced sexual imagery; online grooming and exploitation; "
    "cyberbullying; and what to do when something goes wrong.\n\n"
    "Bring a copy of your setting's online safety policy. Lunch is provided; tell us about "
    "dietary or access needs when you book."
)

WORKSHOPS = [
    ("CEOP Thinkuknow: keeping children safe online", "CEOP Education", 0, 30),
    ("Be Strong: online resilience with the Diana Award", "The Diana Award", 0, 25),
    ("Parentzone: digital resilience for families", "Parentzone", 0, 25),
    ("The Mix: emotional support online for under-25s", "The Mix", 0, 20),
    ("SIMFIN: sexting and image-sharing in schools", "SIMFIN", 0, 2),
    ("Police online-investigation team: what happens after a report", "Police", 1, 25),
    ("University research: children's digital lives", "University", 1, 25),
    ("Apple regional training centre: learning with iPad safely", "Apple RTC", 2, 20),
    ("Lego for learning: creative, safe digital play", "Lego Academy", 2, 20),
]


def has_events(session: Session) -> bool:
    return session.scalar(select(Event.id).limit(1)) is not None


def accounts_text() -> str:
    lines = ["Demo accounts (demo mode only), password for each: " + DEMO_PASSWORD]
    lines += [f"  {account.role.value:<13} {account.email}" for account in ACCOUNTS]
    return "\n".join(lines)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


class _Builder:
    def __init__(self, session: Session, now: datetime):
        self.session = session
        self.now = now
        self.today = now.astimezone(LONDON).date()

    def event(
        self,
        kind: EventKind,
        title: str,
        day: date,
        start: tuple[int, int],
        end: tuple[int, int],
        capacity: int,
        **fields,
    ) -> Event:
        event = Event(
            kind=kind,
            title=title,
            status=fields.pop("status", EventStatus.PUBLISHED),
            starts_at=_at(day, *start),
            ends_at=_at(day, *end),
            capacity=capacity,
            created_at=self.now,
            updated_at=self.now,
            **fields,
        )
        self.session.add(event)
        return event

    def day(self, offset: int, weekday: int | None = None) -> date:
        """The date ``offset`` days from today, moved forward to the weekday if given."""
        day = self.today + timedelta(days=offset)
        if weekday is not None:
            day += timedelta(days=(weekday - day.weekday()) % 7)
        return day


def _people(session: Session, now: datetime) -> tuple[dict[Role, User], list[User]]:
    staff = {
        account.role: _account(
            session,
            Registration(
                account.name,
                account.email,
                account.job_title,
                account.organisation,
                account.sector,
                DEMO_PASSWORD,
            ),
            account.role,
            now,
        )
        for account in ACCOUNTS
    }
    # Delegates cannot sign in: one hash of a password nobody knows serves them all (hashing
    # each costs the demo's load a twentieth of a second a person).
    password_hash = hash_password(new_ticket_token())
    delegates = [
        User(
            email=f"delegate{i}@demo.example",
            name=name,
            job_title="Practitioner",
            organisation=find_or_create_organisation(session, organisation, sector),
            role=Role.PROFESSIONAL,
            password_hash=password_hash,
            is_demo=True,
            email_confirmed_at=now,
            created_at=now,
        )
        for i, (name, organisation, sector) in enumerate(_DELEGATES, start=1)
    ]
    session.add_all(delegates)
    return staff, delegates


def _account(session: Session, details: Registration, role: Role, now: datetime) -> User:
    return create_account(session, details, role=role, now=now, confirmed=True, is_demo=True)


def _book(session: Session, event: Event, people: list[User], now: datetime) -> None:
    for i, person in enumerate(people):
        confirmed = i < event.capacity
        queued = now - timedelta(days=3, minutes=len(people) - i)
        session.add(
            Booking(
                event=event,
                person=person,
                ticket_token=new_ticket_token(),
                status=BookingStatus.CONFIRMED if confirmed else BookingStatus.WAITLISTED,
                queued_at=queued,
                created_at=queued,
                updated_at=queued,
            )
        )


def load(session: Session, *, now: datetime) -> None:
    """Add the demo accounts and the partnership's programme of events around ``now``."""
    register = demo_reach.add_register(session)
    staff, delegates = _people(session, now)
    build = _Builder(session, now)
    trainer = staff[Role.TRAINER]
    training_days = []
    for n, (offset, venue) in enumerate([(-20, VENUES[0]), (16, VENUES[1]), (48, VENUES[2])]):
        event = build.event(
            EventKind.TRAINING_DAY,
            "E-safety training day",
            build.day(offset, weekday=1),
            (9, 30),
            (16, 0),
            12 if n == 1 else 40,
            venue=venue,
            programme=PROGRAMME,
            audience="Professionals working with children",
            cpd_hours=Decimal("5.5"),
            summary="Free multi-agency e-safety training in the Risky Behaviours programme.",
            description=TRAINING_DAY,
        )
        event.trainers = [trainer]
        training_days.append(event)
    for offset in (10, 75):
        build.event(
            EventKind.FOSTER_CARER_SESSION,
            "Reflective e-safety session for foster carers",
            build.day(offset, weekday=3),
            (10, 0),
            (12, 30),
            15,
            venue=VENUES[3],
            audience="Foster carers",
            cpd_hours=Decimal("2.5"),
            summary="A reflective session on complex online issues: spotting risks and "
            "supporting children's recovery.",
        ).trainers = [trainer]
    for offset in (30, 120, 210):
        build.event(
            EventKind.GOVERNOR_COURSE,
            "Digital safeguarding for governors",
            build.day(offset, weekday=2),
            (18, 30),
            (20, 30),
            30,
            venue=VENUES[3],
            audience="School governors",
            cpd_hours=Decimal("2"),
            summary="What governing boards need to know and ask about online safety; "
            "one course each term.",
        )
    for month in range(6):
        build.event(
            EventKind.PARENTING_SESSION,
            "Digital parenting session",
            build.day(7 + 28 * month, weekday=0),
            (18, 0),
            (19, 30),
            20,
            online_url="https://meet.example.org/digital-parenting",
            audience="Parents and carers (referred by social workers)",
            summary="A relaxed online evening on screen time, gaming and social media, for "
            "parents referred by their social worker or early help worker.",
        )
    build.event(
        EventKind.FORUM,
        "Digital Resilience and Safeguarding Network",
        build.day(21, weekday=3),
        (13, 30),
        (15, 30),
        50,
        venue=VENUES[0],
        audience="Professionals working with children",
        summary="The network's termly forum: local data, new resources, and planning the "
        "children's 'what to do if this happens to me' campaign.",
    )
    build.event(
        EventKind.PARENTING_SESSION,
        "Digital parenting café",
        build.day(40, weekday=5),
        (10, 0),
        (12, 0),
        25,
        venue=VENUES[2],
        audience="Parents and carers",
        summary="Drop in for a coffee and ask the e-safety team about apps, games and parental "
        "controls; children welcome.",
    )
    build.event(
        EventKind.AWARENESS_DAY,
        "Safer Internet Day: family drop-in and assembly resources",
        _safer_internet_day(build.today),
        (9, 0),
        (15, 0),
        80,
        venue=VENUES[1],
        audience="Schools, parents and carers",
        summary="Free resources and drop-in sessions for Safer Internet Day in February.",
    )
    conference = _conference(build)
    session.flush()
    _book(session, training_days[0], delegates[:14], now - timedelta(days=30))
    # 12 places, all taken, nobody waiting yet: one of them is the demo professional's, so a
    # newcomer can join the waiting list and be promoted when the professional cancels.
    _book(session, training_days[1], [staff[Role.PROFESSIONAL], *delegates[:11]], now)
    _book(session, conference, delegates[:20], now)
    simfin = next(w for w in conference.workshops if w.title.startswith("SIMFIN"))
    _book(session, simfin, delegates[:3], now)  # 2 places: full, 1 waiting
    session.flush()
    demo_door.add(
        session,
        now=now,
        trainer=trainer,
        professional=staff[Role.PROFESSIONAL],
        delegates=delegates,
        venues=(VENUES[0], VENUES[1]),
    )
    last_year = demo_reach.add_last_years_conference(
        session, now=now, register=register, trainer=trainer, venue=VENUES[3]
    )
    demo_feedback.add(
        session,
        now=now,
        conference=last_year,
        professional=staff[Role.PROFESSIONAL],
        past_training_day=training_days[0],
    )
    demo_network.add(
        session,
        now=now,
        register=register,
        organiser=staff[Role.ORGANISER],
    )
    demo_surveys.add(session, now=now, schools=register.schools)
    _lead_of_their_school(session, staff[Role.PROFESSIONAL], staff[Role.ORGANISER], now)


def _lead_of_their_school(session: Session, person: User, organiser: User, now: datetime) -> None:
    """The demo professional, a designated safeguarding lead, is their school's approved
    training lead: their school took part in every pupils' survey, so they see its results."""
    session.add(
        OrganisationLead(
            organisation_id=person.organisation_id,
            person_id=person.id,
            status=LeadStatus.APPROVED,
            requested_at=now - timedelta(days=400),
            decided_at=now - timedelta(days=399),
            decided_by_id=organiser.id,
        )
    )


def _safer_internet_day(today: date) -> date:
    """The second Tuesday of the coming February."""
    year = today.year + (1 if today.month >= 2 else 0)
    first = date(year, 2, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 7)


def _conference(build: _Builder) -> Event:
    day = build.day(60, weekday=0)
    conference = build.event(
        EventKind.CONFERENCE,
        "Digital Resilience and Safeguarding Conference",
        day,
        (9, 0),
        (16, 0),
        120,
        venue=VENUES[3],
        audience="Schools and partner agencies",
        cpd_hours=Decimal("6"),
        summary="Our annual conference: national speakers and a choice of workshops from "
        "leading digital organisations.",
        description="Keynotes in the morning and afternoon, and three workshop slots: choose "
        "one workshop in each.\n\nLast year 78 delegates came, from 35 schools, "
        "2 post-16 establishments, social care, early help, CAMHS, public health "
        "and elected members.",
    )
    slots = [((10, 30), (12, 0)), ((13, 30), (15, 0)), ((15, 0), (16, 0))]
    for title, provider, slot, capacity in WORKSHOPS:
        start, end = slots[slot]
        workshop = build.event(
            EventKind.WORKSHOP,
            title,
            day,
            start,
            end,
            capacity,
            venue=VENUES[3],
            summary=f"Led by {provider}.",
            audience="Conference delegates",
        )
        workshop.parent = conference
    return conference
