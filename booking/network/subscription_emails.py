"""The subscriptions' emails: an invitation to join a network (double opt-in: nothing else is
sent until the person says yes), and the link that confirms an organisation's shared alerts
address. Each carries a signed link holding ids only."""

from datetime import datetime

from sqlalchemy.orm import Session

from booking.network.invitations import INVITATION_EMAIL, invitation_token
from booking.network.models import SharedAddress, Subscription, SubscriptionStatus
from booking.network.shared_addresses import CONFIRM_EMAIL, confirmation_token
from booking.outbox.composing import Content, MailSettings, register
from booking.outbox.models import OutboxMessage


def _invitation(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
    subscription = session.get(Subscription, message.payload["s"])
    name = subscription.network.name
    token = invitation_token(settings.secret_key, subscription)
    return Content(
        subject=f"Join the network: {name}",
        heading=f"You are invited to join a network: {name}",
        paragraphs=[
            f"The {settings.sender_name} sends its members messages and alerts about online "
            "risks to children and young people, such as new apps and online crazes.",
            "An organiser added your email address. We will not send you any messages until "
            "you say yes.",
        ],
        link=("Join the network", settings.links.to("network_invitation", token=token)),
        after=[
            "If you do not want to join, ignore this email. The link works for 30 days.",
        ],
    )


def _invitation_withdrawn(session: Session, message: OutboxMessage, now: datetime) -> str | None:
    subscription = session.get(Subscription, message.payload.get("s"))
    if subscription is None:
        return "Not sent: the invitation was withdrawn."
    if subscription.status != SubscriptionStatus.INVITED:
        return "Not sent: the person has answered already."
    return None


def _confirm(session: Session, message: OutboxMessage, settings: MailSettings) -> Content:
    address = session.get(SharedAddress, message.payload["a"])
    token = confirmation_token(settings.secret_key, address)
    return Content(
        subject="Confirm your shared alerts address",
        heading="Confirm this address for alerts about online risks",
        paragraphs=[
            f"This address was named as {address.organisation.name}'s shared alerts address. "
            f"The {settings.sender_name} will send messages and alerts about online risks to "
            "children and young people here, for everyone who reads it.",
            "Nothing is sent to this address until someone who reads it confirms it.",
        ],
        link=("Confirm this address", settings.links.to("shared_address_confirm", token=token)),
        after=["If this is not right, ignore this email. The link works for 30 days."],
    )


def _address_changed(session: Session, message: OutboxMessage, now: datetime) -> str | None:
    address = session.get(SharedAddress, message.payload.get("a"))
    if address is None or address.email != message.to_address:
        return "Not sent: the organisation's shared address has changed."
    if address.confirmed_at is not None:
        return "Not sent: the address is confirmed already."
    return None


register(INVITATION_EMAIL, _invitation, _invitation_withdrawn)
register(CONFIRM_EMAIL, _confirm, _address_changed)
