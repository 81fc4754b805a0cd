"""What the network context holds about a person: their places in networks (and invitations).
Erasing the person deletes those rows; a notice's reach keeps its counts in the notice."""

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from booking.network.models import Network, Subscription, SubscriptionStatus


class HeldSubscription(NamedTuple):
    network: str
    status: SubscriptionStatus
    since: datetime
    left_at: datetime | None


def subscriptions_held(session: Session, person_id: int) -> list[HeldSubscription]:
    """The person's subscriptions, for a subject access request: each network, its status
    and when. Raises nothing."""
    rows = session.execute(
        select(Network.name, Subscription.status, Subscription.created_at, Subscription.left_at)
        .join(Network, Network.id == Subscription.network_id)
        .where(Subscription.person_id == person_id)
        .order_by(Network.name)
    )
    return [HeldSubscription(*row) for row in rows]


def erase_person(session: Session, person_id: int, now: datetime) -> None:
    """Delete the person's subscriptions and invitations, whatever their state. Raises
    nothing."""
    session.execute(
        delete(Subscription)
        .where(Subscription.person_id == person_id)
        .execution_options(synchronize_session="fetch")
    )
