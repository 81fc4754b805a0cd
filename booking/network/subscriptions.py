"""Who is in the partnership's networks: a person joins or leaves by themselves, at once; a
person added by an organiser (or an organisation's shared address, until confirmed) waits as
INVITED and is sent nothing until they say yes. ``active_members_select`` is the one place
that says who a notice goes to: each address once."""

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Integer, Select, String, cast, exists, func, literal, null, select, union_all
from sqlalchemy.orm import Session

from booking.accounts.models import Organisation, User
from booking.accounts.services import written_unless_a_twin
from booking.audit.services import record
from booking.core.errors import EmailNotConfirmed, NotFound
from booking.network.links import Recipient
from booking.network.models import (
    Network,
    Notice,
    SharedAddress,
    Subscription,
    SubscriptionStatus,
    notice_networks,
)


def has_an_address(column):
    """The SQL form of ``outbox.composing.has_no_address``, negated: an address mail can reach
    (not one of the reserved ``.invalid`` addresses of closed accounts and people with none)."""
    return ~func.lower(column).like("%.invalid")


def _active_in(network_ids: list[int]):
    return (Subscription.network_id.in_(network_ids)) & (
        Subscription.status == SubscriptionStatus.ACTIVE
    )


def active_members_select(network_ids: list[int], sectors: list[str]) -> Select:
    """The recipients of a notice to these networks: labelled columns ``recipient_key`` ("p12"
    or "a3"), ``to_address``, ``to_name``, ``user_id``, ``organisation_id``, ``sector``.

    The rule: ACTIVE subscriptions only; people whose account is open and has an address mail
    can reach; shared addresses once confirmed; ``sectors`` (Sector values) keeps those whose
    organisation is of one of them (empty: every sector). Each address once: a person in two
    networks once, a shared address once, and a person whose own address is a shared address
    of the same send once, as the person. One statement, for ``outbox.enqueue_batch``."""
    ids, sectors = list(network_ids), list(sectors)
    return _each_address_once(_people(ids, sectors), _shared_addresses(ids, sectors))


def _people(ids: list[int], sectors: list[str]) -> Select:
    """Active members who are people, with an open account mail can reach."""
    people = (
        select(
            (literal("p", String) + cast(User.id, String)).label("recipient_key"),
            User.email.label("to_address"),
            User.name.label("to_name"),
            User.id.label("user_id"),
            User.organisation_id.label("organisation_id"),
            Organisation.sector.label("sector"),
            literal(0).label("preference"),
        )
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(
            exists().where(Subscription.person_id == User.id, _active_in(ids)),
            User.closed_at.is_(None),
            has_an_address(User.email),
        )
    )
    return people.where(Organisation.sector.in_(sectors)) if sectors else people


def _shared_addresses(ids: list[int], sectors: list[str]) -> Select:
    """Active members that are organisations' shared addresses, once confirmed."""
    shared = (
        select(
            (literal("a", String) + cast(SharedAddress.id, String)).label("recipient_key"),
            SharedAddress.email.label("to_address"),
            Organisation.name.label("to_name"),
            cast(null(), Integer).label("user_id"),
            SharedAddress.organisation_id.label("organisation_id"),
            Organisation.sector.label("sector"),
            literal(1).label("preference"),
        )
        .join(Organisation, Organisation.id == SharedAddress.organisation_id)
        .where(
            exists().where(Subscription.shared_address_id == SharedAddress.id, _active_in(ids)),
            SharedAddress.confirmed_at.is_not(None),
            has_an_address(SharedAddress.email),
        )
    )
    return shared.where(Organisation.sector.in_(sectors)) if sectors else shared


def _each_address_once(people: Select, shared: Select) -> Select:
    """The rows of both, each address once: a person before a shared address of the same."""
    rows = union_all(people, shared).subquery("recipients")
    ranked = select(
        rows,
        func.row_number()
        .over(
            partition_by=func.lower(rows.c.to_address),
            order_by=(rows.c.preference, rows.c.recipient_key),
        )
        .label("nth"),
    ).subquery("ranked")
    return select(
        ranked.c.recipient_key,
        ranked.c.to_address,
        ranked.c.to_name,
        ranked.c.user_id,
        ranked.c.organisation_id,
        ranked.c.sector,
    ).where(ranked.c.nth == 1)


def member_network_ids(session: Session, person_id: int) -> set[int]:
    """The networks the person is an active member of. Raises nothing."""
    return set(
        session.scalars(
            select(Subscription.network_id).where(
                Subscription.person_id == person_id,
                Subscription.status == SubscriptionStatus.ACTIVE,
            )
        )
    )


class YourNetwork(NamedTuple):
    """A network as a person sees it on their account: whether they are in it."""

    id: int
    name: str
    description: str
    status: SubscriptionStatus | None  # None: never joined


def your_networks(session: Session, person_id: int) -> list[YourNetwork]:
    """Every network, by name, with the person's place in it. Raises nothing."""
    theirs = dict(
        session.execute(
            select(Subscription.network_id, Subscription.status).where(
                Subscription.person_id == person_id
            )
        ).all()
    )
    networks = session.scalars(select(Network).order_by(Network.name))
    return [YourNetwork(n.id, n.name, n.description, theirs.get(n.id)) for n in networks]


def _subscription(session: Session, network_id: int, person_id: int) -> Subscription | None:
    return session.scalars(
        select(Subscription)
        .where(Subscription.network_id == network_id, Subscription.person_id == person_id)
        .with_for_update()
    ).one_or_none()


def join_network(session: Session, *, network_id: int, person_id: int, now: datetime) -> str:
    """The signed-in person joins a network, at once (their own address, confirmed, is the
    opt-in); an invitation waiting for them is accepted. Joining twice changes nothing.
    Audited; returns the network's name. Raises NotFound ("not_found") for an unknown
    network, EmailNotConfirmed ("email_not_confirmed") until the person has confirmed their
    address."""
    network = session.get(Network, network_id)
    if network is None:
        raise NotFound("There is no such network.")
    person = session.get(User, person_id)
    if person.email_confirmed_at is None:
        raise EmailNotConfirmed("Confirm your email address before you join a network.")
    held = _subscription(session, network_id, person_id)
    if held is not None and held.status == SubscriptionStatus.ACTIVE:
        return network.name
    if held is None:
        made = Subscription(
            network_id=network_id,
            person_id=person_id,
            status=SubscriptionStatus.ACTIVE,
            created_at=now,
        )
        # Two clicks at once: the second finds the first's row (PostgreSQL's unique key).
        if written_unless_a_twin(session, lambda: session.add(made)):
            held = made
        else:
            held = _subscription(session, network_id, person_id)
    held.status, held.confirmed_at, held.left_at = SubscriptionStatus.ACTIVE, now, None
    _audit(session, "network.joined", network_id, person_id, person_id, now)
    return network.name


def leave_network(session: Session, *, network_id: int, person_id: int, now: datetime) -> str:
    """The person leaves a network (or turns down its invitation), at once; leaving twice
    changes nothing. Audited; returns the network's name. Raises NotFound ("not_found") for an
    unknown network."""
    network = session.get(Network, network_id)
    if network is None:
        raise NotFound("There is no such network.")
    held = _subscription(session, network_id, person_id)
    if held is None or held.status == SubscriptionStatus.LEFT:
        return network.name
    held.status, held.left_at = SubscriptionStatus.LEFT, now
    _audit(session, "network.left", network_id, person_id, person_id, now)
    return network.name


def _audit(session, action, network_id, actor_id, person_id, now, **details) -> None:
    session.flush()
    record(
        session,
        actor_id=actor_id,
        action=action,
        subject_type="network",
        subject_id=network_id,
        now=now,
        subscriber=Recipient(person_id=person_id).key,
        **details,
    )


def _recipient_is(recipient: Recipient):
    if recipient.person_id is not None:
        return Subscription.person_id == recipient.person_id
    return Subscription.shared_address_id == recipient.shared_address_id


def networks_receiving(session: Session, notice: Notice, recipient: Recipient) -> list[str]:
    """The names of the notice's networks the recipient is an active member of, by name
    (what its email says they receive it as); none once they have left them all. Raises
    nothing."""
    return list(
        session.scalars(
            select(Network.name)
            .join(Subscription, Subscription.network_id == Network.id)
            .where(
                Network.id.in_([network.id for network in notice.networks]),
                Subscription.status == SubscriptionStatus.ACTIVE,
                _recipient_is(recipient),
            )
            .order_by(Network.name)
        )
    )


def notice_network_names(session: Session, notice_id: int) -> list[str]:
    """The names of the networks a notice went to, for the unsubscribe page. Raises NotFound
    ("not_found") for a notice with none (gone)."""
    names = session.scalars(
        select(Network.name)
        .join(notice_networks, notice_networks.c.network_id == Network.id)
        .where(notice_networks.c.notice_id == notice_id)
        .order_by(Network.name)
    ).all()
    if not names:
        raise NotFound("The message this link came in is no longer here.")
    return list(names)


def _held(notice_id: int, recipient: Recipient) -> Select:
    """The recipient's subscriptions not left to the networks the notice went to."""
    network_ids = select(notice_networks.c.network_id).where(
        notice_networks.c.notice_id == notice_id
    )
    return select(Subscription).where(
        Subscription.network_id.in_(network_ids),
        _recipient_is(recipient),
        Subscription.status != SubscriptionStatus.LEFT,
    )


def has_left(session: Session, *, notice_id: int, recipient: Recipient) -> bool:
    """Whether the recipient has left every network the notice went to (its unsubscribe link
    has nothing more to do). Raises nothing."""
    return session.scalar(_held(notice_id, recipient).limit(1)) is None


def leave_by_unsubscribe(
    session: Session, *, notice_id: int, recipient: Recipient, now: datetime
) -> list[str]:
    """One click from a notice's email (RFC 8058): the person or shared address leaves every
    network the notice went to. Idempotent: a second click leaves nothing more. Audited per
    network left, naming the subscriber by id only (no address). Returns the networks' names.
    Raises NotFound ("not_found") when the notice is gone."""
    names = notice_network_names(session, notice_id)
    held = session.scalars(_held(notice_id, recipient).with_for_update()).all()
    for subscription in held:
        subscription.status, subscription.left_at = SubscriptionStatus.LEFT, now
        session.flush()
        record(
            session,
            actor_id=recipient.person_id,
            action="network.unsubscribed",
            subject_type="network",
            subject_id=subscription.network_id,
            now=now,
            subscriber=recipient.key,
            notice_id=notice_id,
        )
    return names
