"""Networks with members, for the notices' tests: people of organisations of a sector, shared
addresses, and notices written through the service."""

from booking.accounts.models import Sector, User
from booking.accounts.services import find_or_create_organisation
from booking.network.models import (
    Network,
    NoticeKind,
    SharedAddress,
    Subscription,
    SubscriptionStatus,
)
from booking.network.notices import NoticeFields, create_notice
from tests.factories import NOW, Factory


def network(session, name: str = "Designated safeguarding leads") -> Network:
    found = Network(name=name, created_at=NOW)
    session.add(found)
    session.flush()
    return found


def member(
    make: Factory,
    net: Network,
    *,
    organisation: str = "Ormesby Primary School",
    sector: Sector = Sector.SCHOOL,
    status: SubscriptionStatus = SubscriptionStatus.ACTIVE,
    person: User | None = None,
    **user,
) -> User:
    person = person or make.user(**user)
    person.organisation = find_or_create_organisation(make.session, organisation, sector)
    make.session.add(
        Subscription(network=net, person=person, status=status, created_at=NOW, confirmed_at=NOW)
    )
    make.session.flush()
    return person


def shared_address(
    session,
    net: Network,
    *,
    organisation: str,
    email: str,
    sector: Sector = Sector.SCHOOL,
    confirmed: bool = True,
) -> SharedAddress:
    owner = find_or_create_organisation(session, organisation, sector)
    address = session.query(SharedAddress).filter_by(organisation_id=owner.id).one_or_none()
    if address is None:
        address = SharedAddress(
            organisation=owner, email=email, confirmed_at=NOW if confirmed else None, created_at=NOW
        )
        session.add(address)
    session.add(
        Subscription(
            network=net, shared_address=address, status=SubscriptionStatus.ACTIVE, created_at=NOW
        )
    )
    session.flush()
    return address


def notice(
    session,
    nets: list[Network],
    *,
    by_id: int | None = None,
    title: str = "A new app pupils are talking about",
    body: str = "Please share this with your staff.",
    kind: NoticeKind = NoticeKind.ALERT,
    sectors: tuple[str, ...] = (),
):
    fields = NoticeFields(
        title=title, body=body, kind=kind, network_ids=tuple(n.id for n in nets), sectors=sectors
    )
    return create_notice(session, fields=fields, by_id=by_id, now=NOW)
