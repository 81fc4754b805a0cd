"""The organisers' side of the networks: creating and renaming them, their members listed
(people and shared addresses), and removing a member. Every change is audited."""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, aliased

from booking.accounts.models import Organisation, Sector, User
from booking.accounts.services import written_unless_a_twin
from booking.audit.services import record
from booking.core.errors import NotFound, Refused
from booking.network.links import Recipient
from booking.network.models import Network, SharedAddress, Subscription, SubscriptionStatus

NAME_LENGTH = 120
DESCRIPTION_LENGTH = 2000
MEMBERS_PER_PAGE = 50


class InvalidNetwork(Refused):
    """A network's name is missing, too long or taken."""

    code = "invalid_network"


class NetworkSummary(NamedTuple):
    id: int
    name: str
    description: str
    active: int
    invited: int


def network_summaries(session: Session) -> list[NetworkSummary]:
    """Every network by name, with how many members are active and how many invited (people
    and shared addresses alike). One statement. Raises nothing."""
    counted = lambda status: func.count(case((Subscription.status == status, 1)))  # noqa: E731
    rows = session.execute(
        select(
            Network.id,
            Network.name,
            Network.description,
            counted(SubscriptionStatus.ACTIVE),
            counted(SubscriptionStatus.INVITED),
        )
        .outerjoin(Subscription, Subscription.network_id == Network.id)
        .group_by(Network.id, Network.name, Network.description)
        .order_by(Network.name)
    )
    return [NetworkSummary(*row) for row in rows]


def network(session: Session, network_id: int) -> Network:
    """The network. Raises NotFound ("not_found")."""
    found = session.get(Network, network_id)
    if found is None:
        raise NotFound("There is no such network.")
    return found


def _checked(session: Session, name: str, description: str, network_id: int | None):
    name, description = " ".join(name.split()), description.strip()
    if not name:
        raise InvalidNetwork("Enter the network's name", field="name")
    if len(name) > NAME_LENGTH:
        raise InvalidNetwork(f"Name must be {NAME_LENGTH} characters or fewer", field="name")
    if len(description) > DESCRIPTION_LENGTH:
        raise InvalidNetwork(
            f"Description must be {DESCRIPTION_LENGTH} characters or fewer", field="description"
        )
    same = select(Network.id).where(func.lower(Network.name) == name.lower())
    if session.scalar(same.where(Network.id != (network_id or 0))) is not None:
        raise InvalidNetwork("A network with this name exists already", field="name")
    return name, description


_TAKEN = "A network with this name exists already"


def create_network(
    session: Session, *, name: str, description: str, by_id: int, now: datetime
) -> Network:
    """A new network (its name unique, case ignored). Audited "network.created". Raises
    InvalidNetwork ("invalid_network") naming the field."""
    name, description = _checked(session, name, description, None)
    made = Network(name=name, description=description, created_by_id=by_id, created_at=now)
    if not written_unless_a_twin(session, lambda: session.add(made)):
        raise InvalidNetwork(_TAKEN, field="name")
    record(
        session,
        actor_id=by_id,
        action="network.created",
        subject_type="network",
        subject_id=made.id,
        now=now,
    )
    return made


def rename_network(
    session: Session, *, network_id: int, name: str, description: str, by_id: int, now: datetime
) -> Network:
    """Change a network's name and description. Audited "network.changed" with the fields
    changed. Raises NotFound ("not_found"), InvalidNetwork ("invalid_network")."""
    changed = network(session, network_id)
    name, description = _checked(session, name, description, network_id)
    fields = [
        f for f, v in (("name", name), ("description", description)) if getattr(changed, f) != v
    ]
    changed.name, changed.description = name, description
    if not written_unless_a_twin(session, lambda: None):
        raise InvalidNetwork(_TAKEN, field="name")
    if fields:
        record(
            session,
            actor_id=by_id,
            action="network.changed",
            subject_type="network",
            subject_id=network_id,
            now=now,
            fields=fields,
        )
    return changed


@dataclass(frozen=True)
class MemberRow:
    subscription_id: int
    name: str  # a person's, or "Shared address" for an organisation's
    email: str
    organisation: str
    sector: Sector | None
    status: SubscriptionStatus
    since: datetime


@dataclass(frozen=True)
class MembersPage:
    rows: list[MemberRow]
    total: int
    page: int
    pages: int


def members_page(
    session: Session, network_id: int, *, search: str = "", page: int = 1
) -> MembersPage:
    """The network's members who have not left, people and shared addresses, by name, 50 to a
    page; ``search`` narrows to names, addresses or organisations containing it. Raises
    NotFound ("not_found")."""
    network(session, network_id)
    query, name = _members_query(network_id, search)
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // MEMBERS_PER_PAGE))
    page = min(max(page, 1), pages)
    rows = session.execute(
        query.order_by(func.lower(name), Subscription.id)
        .limit(MEMBERS_PER_PAGE)
        .offset((page - 1) * MEMBERS_PER_PAGE)
    )
    return MembersPage(
        [
            MemberRow(i, n, e, o, Sector(s) if s else None, SubscriptionStatus(st), since)
            for i, n, e, o, s, st, since in rows
        ],
        total,
        page,
        pages,
    )


def _members_query(network_id: int, search: str):
    """The network's members who have not left, narrowed by ``search`` taken as typed; with
    the name column to order them by."""
    shared_organisation = aliased(Organisation)
    organisation_name = func.coalesce(Organisation.name, shared_organisation.name, "")
    name = func.coalesce(User.name, "Shared address")
    email = func.coalesce(User.email, SharedAddress.email)
    query = (
        select(
            Subscription.id,
            name,
            email,
            organisation_name,
            func.coalesce(Organisation.sector, shared_organisation.sector),
            Subscription.status,
            func.coalesce(Subscription.confirmed_at, Subscription.created_at),
        )
        .outerjoin(User, User.id == Subscription.person_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .outerjoin(SharedAddress, SharedAddress.id == Subscription.shared_address_id)
        .outerjoin(shared_organisation, shared_organisation.id == SharedAddress.organisation_id)
        .where(
            Subscription.network_id == network_id,
            Subscription.status != SubscriptionStatus.LEFT,
        )
    )
    words = " ".join(search.split())[:100].lower()
    if words:
        query = query.where(
            or_(
                func.lower(name).contains(words, autoescape=True),
                email.contains(words, autoescape=True),
                func.lower(organisation_name).contains(words, autoescape=True),
            )
        )
    return query, name


def remove_member(
    session: Session, *, network_id: int, subscription_id: int, by_id: int, now: datetime
) -> None:
    """An organiser takes a member (or an invitation) off a network: the subscription goes, so
    they can be invited again. Audited "network.member_removed" with the subscriber's id.
    Raises NotFound ("not_found") for a subscription not of this network."""
    held = session.get(Subscription, subscription_id, with_for_update=True)
    if held is None or held.network_id != network_id:
        raise NotFound("That member is not in this network.")
    subscriber = Recipient(held.person_id, held.shared_address_id).key
    session.delete(held)
    session.flush()
    record(
        session,
        actor_id=by_id,
        action="network.member_removed",
        subject_type="network",
        subject_id=network_id,
        now=now,
        subscriber=subscriber,
    )
