"""Who is in a network: the recipients of a notice, each address once."""

from collections.abc import Collection

from sqlalchemy import (
    CompoundSelect,
    Integer,
    String,
    cast,
    func,
    literal,
    select,
    true,
    union_all,
)

from booking.accounts.models import Organisation, User
from booking.network.models import SharedAddress, Subscription, SubscriptionStatus


def active_members_select(network_ids: Collection[int], sectors: Collection[str]) -> CompoundSelect:
    """The active members of these networks (of these sectors' organisations; none: every
    sector), as rows of ``recipient_key`` ("p12", "a3"), ``to_address``, ``to_name``,
    ``user_id``, ``organisation_id`` and ``sector``: people with an open account and an
    address, and confirmed shared addresses. Each address once: a person in two networks, a
    shared address in two, and a shared address that is also a member's own. Raises nothing."""
    active = select(Subscription).where(
        Subscription.network_id.in_(list(network_ids)),
        Subscription.status == SubscriptionStatus.ACTIVE,
    )
    in_sectors = Organisation.sector.in_(list(sectors)) if sectors else true()
    people = (
        select(
            (literal("p", String) + cast(User.id, String)).label("recipient_key"),
            User.email.label("to_address"),
            User.name.label("to_name"),
            User.id.label("user_id"),
            User.organisation_id.label("organisation_id"),
            Organisation.sector.label("sector"),
        )
        .outerjoin(Organisation, User.organisation_id == Organisation.id)
        .where(
            User.id.in_(active.with_only_columns(Subscription.person_id).scalar_subquery()),
            User.closed_at.is_(None),
            User.email != "",
            ~User.email.like("%.invalid"),
            in_sectors,
        )
    )
    people_addresses = people.with_only_columns(func.lower(User.email)).scalar_subquery()
    shared = (
        select(
            (literal("a", String) + cast(SharedAddress.id, String)).label("recipient_key"),
            SharedAddress.email.label("to_address"),
            Organisation.name.label("to_name"),
            literal(None, Integer).label("user_id"),
            SharedAddress.organisation_id.label("organisation_id"),
            Organisation.sector.label("sector"),
        )
        .join(Organisation, SharedAddress.organisation_id == Organisation.id)
        .where(
            SharedAddress.id.in_(
                active.with_only_columns(Subscription.shared_address_id).scalar_subquery()
            ),
            SharedAddress.confirmed_at.is_not(None),
            func.lower(SharedAddress.email).not_in(people_addresses),
            in_sectors,
        )
    )
    return union_all(people, shared)
