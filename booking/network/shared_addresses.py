"""An organisation's shared alerts address (a school office's), named by its training lead or
an organiser, with the networks it receives. A link sent to the address confirms it; until
then its subscriptions are INVITED and it is sent nothing else. A new address needs a new
confirmation."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from booking.accounts.leads import is_lead_of
from booking.accounts.models import Organisation, Role, User
from booking.accounts.services import normalise_email, written_unless_a_twin
from booking.audit.services import record
from booking.core.errors import InvalidLink, NotAllowed, NotFound, Refused
from booking.network.links import CONFIRM_MAX_AGE, read, sign
from booking.network.models import Network, SharedAddress, Subscription, SubscriptionStatus
from booking.outbox.models import MessageStatus, OutboxMessage
from booking.outbox.queue import enqueue

CONFIRM_EMAIL = "shared_address_confirm"
CONFIRM_AGAIN_AFTER = timedelta(hours=1)  # saving again sooner sends no second link


class BadSharedAddress(Refused):
    code = "bad_shared_address"


def may_manage(session: Session, *, person_id: int, organisation_id: int) -> bool:
    """Whether the person names this organisation's shared address: its training lead, or an
    organiser. Raises nothing."""
    person = session.get(User, person_id)
    if person is not None and person.role == Role.ORGANISER:
        return True
    return is_lead_of(session, person_id=person_id, organisation_id=organisation_id)


@dataclass(frozen=True)
class SharedAddressView:
    organisation: Organisation
    email: str
    confirmed: bool
    network_ids: set[int]  # the networks it receives (or will, once confirmed)
    networks: list[tuple[int, str]]  # every network, by name


def shared_address_view(
    session: Session, *, organisation_id: int, person_id: int
) -> SharedAddressView:
    """The organisation's shared address as its lead (or an organiser) sees it. Raises
    NotFound ("not_found"), NotAllowed ("not_allowed") for anyone else."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("There is no such organisation.")
    if not may_manage(session, person_id=person_id, organisation_id=organisation_id):
        raise NotAllowed("Only the organisation's training lead can do this.")
    address = _address(session, organisation_id)
    chosen = set()
    if address is not None:
        chosen = set(
            session.scalars(
                select(Subscription.network_id).where(
                    Subscription.shared_address_id == address.id,
                    Subscription.status != SubscriptionStatus.LEFT,
                )
            )
        )
    networks = session.execute(select(Network.id, Network.name).order_by(Network.name)).all()
    return SharedAddressView(
        organisation,
        address.email if address else "",
        bool(address and address.confirmed_at),
        chosen,
        [tuple(row) for row in networks],
    )


def _address(session: Session, organisation_id: int, lock: bool = False) -> SharedAddress | None:
    query = select(SharedAddress).where(SharedAddress.organisation_id == organisation_id)
    return session.scalars(query.with_for_update() if lock else query).one_or_none()


def _checked_email(email: str) -> str:
    email = normalise_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise BadSharedAddress(
            "Enter an email address in the correct format, like office@school.sch.uk",
            field="email",
        ) from None
    if len(email) > 254:
        raise BadSharedAddress("Email address must be 254 characters or fewer", field="email")
    return email


class Named(NamedTuple):
    needs_confirming: bool  # a confirmation link was sent to the address


def name_shared_address(
    session: Session,
    *,
    organisation_id: int,
    email: str,
    network_ids: list[int],
    by_id: int,
    now: datetime,
) -> Named:
    """Name (or change) the organisation's shared alerts address and the networks it receives.
    A new address (or a changed one) is emailed a confirmation link and its subscriptions
    wait as INVITED until it is followed; networks not chosen are left. Saving an unchanged,
    unconfirmed address sends the link again only when none was sent to it in the last hour
    and none is waiting in the outbox (so a form cannot be used to flood an address). Audited
    "network.shared_address_named" per organisation. Raises NotFound ("not_found"),
    NotAllowed ("not_allowed") unless the organisation's lead or an organiser,
    BadSharedAddress ("bad_shared_address")."""
    shared_address_view(session, organisation_id=organisation_id, person_id=by_id)
    email = _checked_email(email)
    known = set(session.scalars(select(Network.id).where(Network.id.in_(list(network_ids)))))
    address = _address(session, organisation_id, lock=True)
    if address is None:
        address = SharedAddress(organisation_id=organisation_id, email=email, created_at=now)
        if not written_unless_a_twin(session, lambda: session.add(address)):
            address = _address(session, organisation_id, lock=True)
    if address.email != email:
        address.email, address.confirmed_at = email, None
    address.named_by_id = by_id
    session.flush()
    _choose_networks(session, address, known, now, by_id)
    if address.confirmed_at is None and not _confirmation_waiting(session, address, now):
        to = _Addressee(None, address.email, address.organisation.name)
        enqueue(session, CONFIRM_EMAIL, to, now=now, payload={"a": address.id})
    record(
        session,
        actor_id=by_id,
        action="network.shared_address_named",
        subject_type="organisation",
        subject_id=organisation_id,
        now=now,
        networks=sorted(known),
    )
    return Named(address.confirmed_at is None)


def _confirmation_waiting(session: Session, address: SharedAddress, now: datetime) -> bool:
    """Whether a confirmation link to the address's current email is still in the outbox, or
    went in the last hour (a changed address has none: its email differs)."""
    return (
        session.scalar(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.kind == CONFIRM_EMAIL,
                OutboxMessage.to_address == address.email,
                or_(
                    OutboxMessage.status.in_([MessageStatus.PENDING, MessageStatus.SENDING]),
                    OutboxMessage.created_at > now - CONFIRM_AGAIN_AFTER,
                ),
            )
            .limit(1)
        )
        is not None
    )


class _Addressee(NamedTuple):
    id: int | None
    email: str
    name: str


def _choose_networks(session, address: SharedAddress, chosen: set[int], now, by_id) -> None:
    held = {
        s.network_id: s
        for s in session.scalars(
            select(Subscription).where(Subscription.shared_address_id == address.id)
        )
    }
    status = SubscriptionStatus.ACTIVE if address.confirmed_at else SubscriptionStatus.INVITED
    for network_id, subscription in held.items():
        if network_id not in chosen:
            subscription.status, subscription.left_at = SubscriptionStatus.LEFT, now
        elif subscription.status != status:
            subscription.status, subscription.left_at = status, None
    for network_id in chosen - set(held):
        session.add(
            Subscription(
                network_id=network_id,
                shared_address_id=address.id,
                status=status,
                added_by_id=by_id,
                created_at=now,
                confirmed_at=address.confirmed_at,
            )
        )
    session.flush()


def _fingerprint(secret: str, email: str) -> str:
    """Which address a link was sent to, without the address: a changed address's old link
    confirms nothing. Keyed, so that trying likely addresses cannot read it back."""
    return hmac.new(secret.encode(), email.encode(), hashlib.sha256).hexdigest()[:16]


def confirmation_token(secret: str, address: SharedAddress) -> str:
    fingerprint = _fingerprint(secret, address.email)
    return sign(secret, "shared-address", {"a": address.id, "f": fingerprint})


def _confirming(session: Session, secret: str, token: str, now: datetime) -> SharedAddress:
    data = read(secret, "shared-address", token, max_age=CONFIRM_MAX_AGE, now=now)
    address = session.get(SharedAddress, data["a"]) if isinstance(data.get("a"), int) else None
    if address is None or data.get("f") != _fingerprint(secret, address.email):
        raise InvalidLink("This link is for an address that has changed since.")
    return address


def address_to_confirm(
    session: Session, *, secret: str, token: str, now: datetime
) -> SharedAddress:
    """The shared address a confirmation link is for. Raises InvalidLink ("invalid_link")."""
    return _confirming(session, secret, token, now)


def confirm_shared_address(
    session: Session, *, secret: str, token: str, now: datetime
) -> SharedAddress:
    """Someone at the shared address follows its link: the address is confirmed and its
    INVITED subscriptions become ACTIVE. Confirming twice changes nothing. Audited. Raises
    InvalidLink ("invalid_link") for a link tampered with, expired, or for an old address."""
    address = _confirming(session, secret, token, now)
    session.refresh(address, with_for_update=True)
    if address.confirmed_at is not None:
        return address
    address.confirmed_at = now
    for subscription in session.scalars(
        select(Subscription).where(
            Subscription.shared_address_id == address.id,
            Subscription.status == SubscriptionStatus.INVITED,
        )
    ):
        subscription.status, subscription.confirmed_at = SubscriptionStatus.ACTIVE, now
    session.flush()
    record(
        session,
        actor_id=None,
        action="network.shared_address_confirmed",
        subject_type="organisation",
        subject_id=address.organisation_id,
        now=now,
    )
    return address
