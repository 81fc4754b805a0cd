"""The signed links of the network's emails, and how a notice's outbox rows name their
recipient.

A notice's emails are one outbox batch, ``notice:<id>``; each row's idempotency key ends with
its recipient, ``p<person id>`` or ``a<shared address id>``, so a composer and an unsubscribe
link know whom a row is for without a column of their own. Tokens carry ids only, never an
address (no personal data in URLs).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

from booking.core.errors import InvalidLink
from booking.core.formatting import whole_number
from booking.outbox.models import OutboxMessage

# An unsubscribe link keeps working long after its email was sent (RFC 8058 asks for "a while").
UNSUBSCRIBE_MAX_AGE = timedelta(days=400)
CONFIRM_MAX_AGE = timedelta(days=30)  # an invitation to join, or a shared address's confirmation


def notice_batch_key(notice_id: int) -> str:
    """The outbox batch of a notice's emails."""
    return f"notice:{notice_id}"


@dataclass(frozen=True)
class Recipient:
    """Whom one email of a notice went to: a person, or an organisation's shared address."""

    person_id: int | None = None
    shared_address_id: int | None = None

    @property
    def key(self) -> str:
        """The end of the row's idempotency key: "p12" or "a3"."""
        return f"p{self.person_id}" if self.person_id is not None else f"a{self.shared_address_id}"

    @classmethod
    def parse(cls, key: object) -> "Recipient | None":
        """The recipient a key ("p12" or "a3") names; None for anything else."""
        if not isinstance(key, str) or whole_number(key[1:], max_digits=18) is None:
            return None
        if key[:1] == "p":
            return cls(person_id=int(key[1:]))
        if key[:1] == "a":
            return cls(shared_address_id=int(key[1:]))
        return None


def recipient_of(message: OutboxMessage) -> Recipient:
    """The recipient an outbox row of a notice was written for. Raises ValueError for a row
    that is not one."""
    recipient = Recipient.parse((message.idempotency_key or "").rsplit(":", 1)[-1])
    if recipient is None:
        raise ValueError(f"not a notice's email: {message.idempotency_key!r}")
    return recipient


def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=f"booking-network-{purpose}")


def sign(secret: str, purpose: str, data: dict) -> str:
    """A token for ``purpose`` ("unsubscribe", "invitation", "shared-address") holding ids."""
    return _serializer(secret, purpose).dumps(data)


def read(secret: str, purpose: str, token: str, *, max_age: timedelta, now: datetime) -> dict:
    """What a token of ``purpose`` holds. Raises InvalidLink ("invalid_link") for a token that
    was tampered with, made for another purpose, or older than ``max_age``."""
    try:
        data, signed_at = _serializer(secret, purpose).loads(
            token, max_age=None, return_timestamp=True
        )
    except BadSignature:
        raise InvalidLink("This link is not valid.") from None
    if not isinstance(data, dict) or now - signed_at > max_age:
        raise InvalidLink("This link has expired.")
    return data


def unsubscribe_token(secret: str, *, notice_id: int, recipient: Recipient) -> str:
    """The one-click unsubscribe token of one email of a notice: it leaves the networks the
    notice went to."""
    return sign(secret, "unsubscribe", {"n": notice_id, "r": recipient.key})


def read_unsubscribe_token(secret: str, token: str, *, now: datetime) -> tuple[int, Recipient]:
    """The notice and recipient an unsubscribe token was made for. Raises InvalidLink
    ("invalid_link")."""
    data = read(secret, "unsubscribe", token, max_age=UNSUBSCRIBE_MAX_AGE, now=now)
    notice_id, recipient = data.get("n"), Recipient.parse(data.get("r"))
    if not isinstance(notice_id, int) or recipient is None:
        raise InvalidLink("This link is not valid.")
    return notice_id, recipient
