"""Demo content for the network: the "Digital Resilience and Safeguarding Network" with its
members across the demo register (the demo's people, and more from the schools they did not
reach), the designated safeguarding leads' network, three schools' shared alerts addresses (two
confirmed, one waiting), and the messages of the last six months (``demo_notices``) with who
each reached and its emails as delivered; one alert a draft, ready to check and send.

Part of the demo (``booking.demo``). The demo professional is a member of the first network, so
their archive shows its messages.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from booking.accounts.models import Organisation, Role, Sector, User
from booking.core.formatting import LONDON
from booking.demo_notices import DRAFT, SENT, DemoNotice
from booking.demo_reach import FIRST_NAMES, SURNAMES, Register
from booking.network.links import Recipient, notice_batch_key
from booking.network.models import (
    Network,
    Notice,
    NoticeStatus,
    SharedAddress,
    Subscription,
    SubscriptionStatus,
)
from booking.network.notice_emails import NOTICE_EMAIL
from booking.network.snapshot import ReachSnapshot
from booking.outbox.models import MessageStatus, OutboxMessage

NETWORKS = [
    (
        "Digital Resilience and Safeguarding Network",
        "The network established in July 2017 for everyone in the county who keeps children "
        "safe online: alerts about apps, trends and online crazes that could pose a danger to "
        "young people, and news of resources, training and the termly forum.",
    ),
    (
        "Designated safeguarding leads",
        "Briefings for schools' and colleges' designated safeguarding leads: statutory "
        "guidance, local procedures and the lessons of local reviews.",
    ),
]
SCHOOLS_REACHED = 61  # of the register's 63: the last two have nobody in the network yet
# The agencies whose people are members (the others are invited, or not in the network).
MEMBER_AGENCIES = [
    "Children's Social Care North",
    "Children's Social Care South",
    "Family Solutions Plus",
    "Early Help Hub",
    "Early Help West",
    "CAMHS Headstart",
    "Public Health team",
    "Thames Valley Police",
    "School Nursing Service",
    "Health Visiting",
    "Oxford Health NHS Foundation Trust",
    "Youth Justice Service",
]
INVITED_AGENCIES = ["Kidlington Nursery", "Little Acorns Pre-school", "Foster carers' network"]
JOBS = ["Designated safeguarding lead", "Online safety lead", "Computing lead", "Head teacher"]
SHARED_SCHOOLS = (7, 10, 20)  # register indexes: two addresses confirmed, the third waiting
FAILED = "550 5.1.1 Recipient address rejected: mailbox unavailable"


@dataclass(frozen=True)
class NetworkDemo:
    networks: list[Network]
    sent: list[Notice]
    draft: Notice


@dataclass
class _Member:
    """A subscriber as the demo knows it: whom, since when, until when."""

    recipient: Recipient
    address: str
    name: str
    organisation: Organisation
    joined: datetime
    left: datetime | None = None

    def member_at(self, moment: datetime) -> bool:
        return self.joined <= moment and (self.left is None or moment < self.left)


def add(session: Session, *, now: datetime, register: Register, organiser: User) -> NetworkDemo:
    """Both networks, their members (every demo professional of the schools and agencies the
    forum reaches) and shared addresses, the sent notices with their emails, and the draft
    alert."""
    started = now - timedelta(days=420)
    networks = [
        Network(name=name, description=text, created_by_id=organiser.id, created_at=started)
        for name, text in NETWORKS
    ]
    session.add_all(networks)
    session.flush()
    organisations, people = _people(session, register, now)
    leads = [
        person
        for person in people
        if person.job_title == JOBS[0] and organisations[person.organisation_id].sector in SCHOOLS
    ]
    invited = session.scalars(
        select(User)
        .join(Organisation, User.organisation_id == Organisation.id)
        .where(User.is_demo, Organisation.name.in_(INVITED_AGENCIES))
        .order_by(User.id)
    ).all()
    members = [
        _subscribe(session, networks[0], people, invited, organisations, now, leaving=(5, 40)),
        # the last three leads were invited to their own network, and have not said yes yet
        _subscribe(session, networks[1], leads[:-3], leads[-3:], organisations, now),
    ]
    members[0] += _shared_addresses(session, networks[0], register, people, now)
    sent = [
        _sent(session, notice, networks, members, organiser, now, fails=n in (2, 6))
        for n, notice in enumerate(SENT)
    ]
    draft = _notice(DRAFT, [networks[0]], organiser, now - timedelta(hours=3))
    session.add(draft)
    session.flush()
    return NetworkDemo(networks, sent, draft)


SCHOOLS = (Sector.SCHOOL, Sector.POST_16)


def _people(
    session: Session, register: Register, now: datetime
) -> tuple[dict[int, Organisation], list[User]]:
    """The organisations the forum reaches by id, and its people: the demo's professionals
    there, and new people where an organisation has fewer than its share."""
    reached = register.schools[:SCHOOLS_REACHED] + register.post_16
    reached += [register.others[name] for name in MEMBER_AGENCIES]
    organisations = {organisation.id: organisation for organisation in reached}
    existing = session.scalars(
        select(User)
        .where(User.is_demo, User.role == Role.PROFESSIONAL)
        .where(User.organisation_id.in_(organisations))
        .order_by(User.id)
    ).all()
    by_organisation: dict[int, list[User]] = {id_: [] for id_ in organisations}
    for person in existing:
        by_organisation[person.organisation_id].append(person)
    made = []
    for n, organisation in enumerate(reached):
        people = by_organisation[organisation.id]
        for _ in range(2 + (n % 3 == 0) + (n < 12) - len(people)):
            person = _person(len(made) + 1, organisation, _job(organisation, people), now)
            people.append(person)
            made.append(person)
    session.add_all(made)
    session.flush()
    return organisations, [person for people in by_organisation.values() for person in people]


def _job(organisation: Organisation, colleagues: list[User]) -> str:
    """A school's first member is its designated safeguarding lead, unless it has one."""
    if organisation.sector not in SCHOOLS:
        return "Practitioner"
    if not any(colleague.job_title == JOBS[0] for colleague in colleagues):
        return JOBS[0]
    return JOBS[1 + len(colleagues) % 3]


def _person(n: int, organisation: Organisation, job: str, now: datetime) -> User:
    at = now - timedelta(days=420)
    return User(
        email=f"network{n}@demo.example",
        name=f"{FIRST_NAMES[(n * 5) % len(FIRST_NAMES)]} {SURNAMES[(n * 3 + 1) % len(SURNAMES)]}",
        job_title=job,
        organisation=organisation,
        role=Role.PROFESSIONAL,
        password_hash="!",  # no password matches: demo members never sign in
        is_demo=True,
        email_confirmed_at=at,
        created_at=at,
    )


def _subscribe(
    session: Session,
    network: Network,
    people: list[User],
    invited: list[User],
    organisations: dict[int, Organisation],
    now: datetime,
    *,
    leaving: tuple[int, ...] = (),
) -> list[_Member]:
    """``people`` joined between 13 and 3 months ago, those at the ``leaving`` positions left
    two months ago; the ``invited`` were asked by an organiser last week and have not said yes
    yet. Returns the members who joined."""
    members, rows = [], []
    for n, person in enumerate(people):
        joined = now - timedelta(days=400 - (n * 7) % 300)
        left = now - timedelta(days=60) if n in leaving else None
        rows.append(_subscription(network, person_id=person.id, at=joined, left=left))
        organisation = organisations[person.organisation_id]
        members.append(
            _Member(Recipient(person_id=person.id), person.email, person.name, organisation,
                    joined, left)
        )  # fmt: skip
    rows += [
        _subscription(
            network,
            person_id=person.id,
            at=now - timedelta(days=9 + n),
            invited=True,
            added_by_id=network.created_by_id,  # the organiser
        )
        for n, person in enumerate(invited)
    ]
    session.add_all(rows)
    session.flush()
    return members


def _subscription(network: Network, *, at: datetime, invited=False, left=None, **whom):
    status = SubscriptionStatus.INVITED if invited else SubscriptionStatus.ACTIVE
    return Subscription(
        network=network,
        status=SubscriptionStatus.LEFT if left else status,
        created_at=at,
        confirmed_at=None if invited else at,
        left_at=left,
        **whom,
    )


def _shared_addresses(
    session: Session, network: Network, register: Register, people: list[User], now: datetime
) -> list[_Member]:
    """Three schools' office addresses, named by one of their people: two confirmed and in the
    network, the third waiting for its confirmation."""
    members = []
    for n, index in enumerate(SHARED_SCHOOLS):
        school = register.schools[index]
        named_by = next(p for p in people if p.organisation_id == school.id)
        slug = "-".join(school.name.lower().replace("'", "").split())
        named = now - timedelta(days=300 - 100 * n)
        confirmed = named + timedelta(hours=2) if n < 2 else None
        address = SharedAddress(
            organisation=school,
            email=f"office.{slug}@demo.example",
            confirmed_at=confirmed,
            named_by_id=named_by.id,
            created_at=named,
        )
        session.add(address)
        session.flush()
        subscription = _subscription(
            network,
            shared_address_id=address.id,
            at=named,
            invited=confirmed is None,
            added_by_id=named_by.id,
        )
        subscription.confirmed_at = confirmed
        session.add(subscription)
        if confirmed:
            members.append(
                _Member(Recipient(shared_address_id=address.id), address.email, school.name,
                        school, confirmed)
            )  # fmt: skip
    session.flush()
    return members


def _notice(notice: DemoNotice, networks: list[Network], by: User, at: datetime) -> Notice:
    return Notice(
        title=notice.title,
        body=notice.body,
        kind=notice.kind,
        status=NoticeStatus.DRAFT,
        sectors=[sector.value for sector in notice.sectors],
        created_by_id=by.id,
        created_at=at,
        updated_at=at,
        networks=networks,
    )


def _sent(
    session: Session,
    demo: DemoNotice,
    networks: list[Network],
    members: list[list[_Member]],
    by: User,
    now: datetime,
    *,
    fails: bool,
) -> Notice:
    """A notice sent ``days_ago``, with its reach and its emails, delivered (when it ``fails``,
    but for one that the recipient's server refused)."""
    day = (now - timedelta(days=demo.days_ago)).astimezone(LONDON).date()
    at = time(9 + demo.days_ago % 7, 15 * (demo.days_ago % 4))  # in office hours
    sent_at = datetime.combine(day, at, tzinfo=LONDON)
    notice = _notice(demo, [networks[i] for i in demo.networks], by, sent_at - timedelta(hours=1))
    recipients = {}  # each address once, as the fan-out writes them
    for index in demo.networks:
        for member in members[index]:
            sector_ok = not demo.sectors or member.organisation.sector in demo.sectors
            if member.member_at(sent_at) and sector_ok:
                recipients.setdefault(member.address, member)
    chosen = sorted(recipients.values(), key=lambda m: m.recipient.key)
    notice.status = NoticeStatus.SENT
    notice.sent_at = sent_at
    notice.sent_by_id = by.id
    notice.recipients = len(chosen)
    notice.reach = reach_snapshot(chosen)
    session.add(notice)
    session.flush()
    session.execute(
        insert(OutboxMessage.__table__),
        [
            _email(notice, member, sent_at, n, failed=fails and n == 17)
            for n, member in enumerate(chosen)
        ],
    )
    return notice


def reach_snapshot(members: list[_Member]) -> dict:
    """What the notice records of who it went to, as sending it does
    (``network.snapshot.ReachSnapshot``): counted from the members it went to when it was
    sent (``reach.reach_of`` counts today's)."""
    organisations: dict[str, set[int]] = {}
    for member in members:
        organisations.setdefault(member.organisation.sector.value, set()).add(
            member.organisation.id
        )
    people = sum(1 for m in members if m.recipient.person_id is not None)
    reached = {sector: len(ids) for sector, ids in organisations.items()}
    return ReachSnapshot(people, len(members) - people, reached).to_json()


def _email(notice: Notice, member: _Member, sent_at: datetime, n: int, *, failed: bool) -> dict:
    at = sent_at + timedelta(seconds=n // 5)
    return {
        "kind": NOTICE_EMAIL,
        "status": MessageStatus.FAILED if failed else MessageStatus.SENT,
        "message_key": secrets.token_hex(16),
        "idempotency_key": f"{notice_batch_key(notice.id)}:{member.recipient.key}",
        "to_address": member.address,
        "to_name": member.name,
        "user_id": member.recipient.person_id,
        "payload": {"notice_id": notice.id},
        "batch_key": notice_batch_key(notice.id),
        "attempts": 1,
        "next_attempt_at": sent_at,
        "last_error": FAILED if failed else "",
        "created_at": sent_at,
        "sent_at": None if failed else at,
    }
